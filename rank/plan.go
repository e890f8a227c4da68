package rank

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/takedown/takedown/graph"
)

// PlanEdge is an undirected edge of a cluster's evidence graph between the
// nodes at indices U and V. W is accepted so the analysis graph's edge list
// can be passed as it is; the plan does not use it (removing an account
// cuts all its links, strong or weak).
type PlanEdge struct {
	U, V int
	W    float64
}

// PlanStep is one removal of a takedown plan.
type PlanStep struct {
	Step          int     `json:"step"` // 1-based
	Node          string  `json:"node"`
	Index         int     `json:"index"`
	LargestBefore int     `json:"largest_before"`
	LargestAfter  int     `json:"largest_after"`
	ReachBefore   float64 `json:"reach_before"`
	ReachAfter    float64 `json:"reach_after"`
	// ComponentsAfter counts the components of two nodes or more left.
	ComponentsAfter int `json:"components_after"`
}

// PlanResult is a takedown plan: the nodes to remove in order and what each
// removal does to the largest connected component and the remaining reach
// (the reach of nodes still in components of two nodes or more).
type PlanResult struct {
	Nodes         int        `json:"nodes"`
	Edges         int        `json:"edges"` // distinct edges between distinct nodes
	K             int        `json:"k"`     // the budget asked for
	Removed       []string   `json:"removed"`
	Steps         []PlanStep `json:"steps"`
	LargestBefore int        `json:"largest_before"`
	LargestAfter  int        `json:"largest_after"`
	ReachBefore   float64    `json:"reach_before"`
	ReachAfter    float64    `json:"reach_after"`
	// Flag lists the identifiers the removed accounts used; fill it with
	// IdentifiersToFlag(result.Removed, identifiers).
	Flag []IdentifierFlag `json:"flag,omitempty"`
}

// IdentifierFlag is an identifier to report to the platforms alongside a
// removal: it outlives the accounts and lets the network regrow.
type IdentifierFlag struct {
	Key    string `json:"key"`
	Kind   string `json:"kind"`
	Value  string `json:"value"`
	Public bool   `json:"public"`
	Strong bool   `json:"strong"` // a phone, messaging, payment, crypto or e-mail identifier
	// RemovedUsers are the removed accounts that used it, RemainingUsers
	// the other users, which keep it alive.
	RemovedUsers   []string `json:"removed_users"`
	RemainingUsers []string `json:"remaining_users"`
}

// fragGraph is the adjacency of a plan's graph.
type fragGraph struct {
	off   []int
	adj   []int
	reach []float64
	ids   []string
	edges int
}

func newFragGraph(nodes []string, edges []PlanEdge, reach []float64) *fragGraph {
	n := len(nodes)
	type pair struct{ u, v int }
	seen := map[pair]bool{}
	deg := make([]int, n+1)
	var es []pair
	for _, e := range edges {
		if e.U < 0 || e.V < 0 || e.U >= n || e.V >= n {
			panic(fmt.Sprintf("rank: plan edge {%d,%d} outside nodes [0,%d)", e.U, e.V, n))
		}
		u, v := min(e.U, e.V), max(e.U, e.V)
		if u == v || seen[pair{u, v}] {
			continue
		}
		seen[pair{u, v}] = true
		es = append(es, pair{u, v})
		deg[u+1]++
		deg[v+1]++
	}
	for i := 1; i <= n; i++ {
		deg[i] += deg[i-1]
	}
	g := &fragGraph{off: deg, adj: make([]int, deg[n]), reach: make([]float64, n), ids: nodes, edges: len(es)}
	pos := slices.Clone(deg[:n])
	for _, e := range es {
		g.adj[pos[e.u]] = e.v
		pos[e.u]++
		g.adj[pos[e.v]] = e.u
		pos[e.v]++
	}
	for i := range n {
		g.reach[i] = 1
		if reach != nil {
			g.reach[i] = 0
			if i < len(reach) && reach[i] > 0 && !math.IsInf(reach[i], 0) {
				g.reach[i] = reach[i]
			}
		}
	}
	return g
}

// state is the component structure of the graph without the removed nodes.
type state struct {
	comp    []int // component of each alive node, -1 for removed
	sizes   []int
	reaches []float64
	largest int
	first   int     // a component of the largest size
	second  int     // the largest size among the other components
	reach   float64 // reach of the nodes in components of size ≥ 2
	nontriv int     // components of size ≥ 2
}

func (g *fragGraph) components(alive []bool) state {
	n := len(alive)
	st := state{comp: make([]int, n)}
	for i := range st.comp {
		st.comp[i] = -1
	}
	queue := make([]int, 0, n)
	for s := range n {
		if !alive[s] || st.comp[s] >= 0 {
			continue
		}
		c := len(st.sizes)
		st.comp[s] = c
		queue = append(queue[:0], s)
		r := 0.0
		for h := 0; h < len(queue); h++ {
			v := queue[h]
			r += g.reach[v]
			for _, u := range g.adj[g.off[v]:g.off[v+1]] {
				if alive[u] && st.comp[u] < 0 {
					st.comp[u] = c
					queue = append(queue, u)
				}
			}
		}
		st.sizes = append(st.sizes, len(queue))
		st.reaches = append(st.reaches, r)
		if len(queue) > st.largest {
			st.second, st.largest, st.first = st.largest, len(queue), c
		} else {
			st.second = max(st.second, len(queue))
		}
		if len(queue) >= 2 {
			st.reach += r
			st.nontriv++
		}
	}
	return st
}

// without evaluates removing v: the largest component size and the
// remaining reach.
func (g *fragGraph) without(st *state, alive []bool, v int, mark []int, stamp int, queue []int) (int, float64) {
	c := st.comp[v]
	other := st.largest // the largest other component
	if c == st.first {
		other = st.second
	}
	reach := st.reach
	if st.sizes[c] >= 2 {
		reach -= st.reaches[c]
	}
	largest := other
	mark[v] = stamp
	for _, s := range g.adj[g.off[v]:g.off[v+1]] {
		if !alive[s] || mark[s] == stamp {
			continue
		}
		mark[s] = stamp
		queue = append(queue[:0], s)
		r := 0.0
		for h := 0; h < len(queue); h++ {
			x := queue[h]
			r += g.reach[x]
			for _, u := range g.adj[g.off[x]:g.off[x+1]] {
				if alive[u] && mark[u] != stamp {
					mark[u] = stamp
					queue = append(queue, u)
				}
			}
		}
		largest = max(largest, len(queue))
		if len(queue) >= 2 {
			reach += r
		}
	}
	return largest, reach
}

// nearlyEqual compares reaches summed in different orders.
func nearlyEqual(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// Plan recommends up to k nodes whose removal most fragments the graph, by
// greedy critical-node selection: each step removes the node that leaves the
// smallest largest connected component; ties go to the smallest remaining
// reach (the sum of reach over nodes still in components of two nodes or
// more), then to the smallest id. Only nodes with a link left are
// candidates: removing an isolated node changes nothing. reach[i] is node
// i's followers; nil counts every node as 1. The plan stops early once no
// component of two nodes is left. It panics if an edge endpoint is outside
// [0, len(nodes)).
func Plan(nodes []string, edges []PlanEdge, reach []float64, k int) PlanResult {
	g := newFragGraph(nodes, edges, reach)
	n := len(nodes)
	alive := make([]bool, n)
	for i := range alive {
		alive[i] = true
	}
	mark := make([]int, n)
	queue := make([]int, 0, n)
	stamp := 0
	isAP := make([]bool, n)
	scratch := newDFSScratch(n)
	res := PlanResult{Nodes: n, Edges: g.edges, K: k}
	st := g.components(alive)
	res.LargestBefore, res.ReachBefore = st.largest, st.reach
	for step := 1; step <= k && st.largest >= 2; step++ {
		// With a unique largest component only its nodes can shrink it.
		count := 0
		for _, s := range st.sizes {
			if s == st.largest {
				count++
			}
		}
		g.cutVertices(alive, isAP, scratch)
		best, bestL, bestR := -1, 0, 0.0
		for v := range n {
			if !alive[v] {
				continue
			}
			c := st.comp[v]
			if st.sizes[c] < 2 || (count == 1 && st.sizes[c] != st.largest) {
				continue
			}
			var l int
			var r float64
			if isAP[v] || st.sizes[c] == 2 {
				stamp++
				l, r = g.without(&st, alive, v, mark, stamp, queue)
			} else {
				// Removing a node that is not a cut vertex leaves its
				// component connected, one node smaller.
				l = st.sizes[c] - 1
				if c != st.first {
					l = max(l, st.largest)
				} else {
					l = max(l, st.second)
				}
				r = st.reach - g.reach[v]
			}
			better := best < 0 || l < bestL ||
				(l == bestL && !nearlyEqual(r, bestR) && r < bestR) ||
				(l == bestL && nearlyEqual(r, bestR) && nodes[v] < nodes[best])
			if better {
				best, bestL, bestR = v, l, r
			}
		}
		res.Steps = append(res.Steps, g.remove(&st, alive, best, step))
	}
	res.finish(st)
	return res
}

type dfsScratch struct {
	disc, low, parent, next, stack []int
}

func newDFSScratch(n int) *dfsScratch {
	return &dfsScratch{disc: make([]int, n), low: make([]int, n), parent: make([]int, n), next: make([]int, n), stack: make([]int, 0, n)}
}

// cutVertices marks the articulation points of the graph of alive nodes
// (Hopcroft & Tarjan 1973, iterative depth-first search).
func (g *fragGraph) cutVertices(alive, isAP []bool, d *dfsScratch) {
	for i := range isAP {
		isAP[i] = false
		d.disc[i] = 0
	}
	timer := 0
	for s := range alive {
		if !alive[s] || d.disc[s] != 0 {
			continue
		}
		timer++
		d.disc[s], d.low[s], d.parent[s], d.next[s] = timer, timer, -1, g.off[s]
		d.stack = append(d.stack[:0], s)
		rootChildren := 0
		for len(d.stack) > 0 {
			v := d.stack[len(d.stack)-1]
			if d.next[v] < g.off[v+1] {
				u := g.adj[d.next[v]]
				d.next[v]++
				switch {
				case !alive[u]:
				case d.disc[u] == 0:
					timer++
					d.disc[u], d.low[u], d.parent[u], d.next[u] = timer, timer, v, g.off[u]
					if v == s {
						rootChildren++
					}
					d.stack = append(d.stack, u)
				case u != d.parent[v]:
					d.low[v] = min(d.low[v], d.disc[u])
				}
				continue
			}
			d.stack = d.stack[:len(d.stack)-1]
			if p := d.parent[v]; p >= 0 {
				d.low[p] = min(d.low[p], d.low[v])
				if p != s && d.low[v] >= d.disc[p] {
					isAP[p] = true
				}
			}
		}
		if rootChildren >= 2 {
			isAP[s] = true
		}
	}
}

// remove removes v, updates st and reports the step.
func (g *fragGraph) remove(st *state, alive []bool, v, step int) PlanStep {
	ps := PlanStep{Step: step, Node: g.ids[v], Index: v, LargestBefore: st.largest, ReachBefore: st.reach}
	alive[v] = false
	*st = g.components(alive)
	ps.LargestAfter, ps.ReachAfter, ps.ComponentsAfter = st.largest, st.reach, st.nontriv
	return ps
}

func (res *PlanResult) finish(st state) {
	res.LargestAfter, res.ReachAfter = st.largest, st.reach
	for _, s := range res.Steps {
		res.Removed = append(res.Removed, s.Node)
	}
}

// Replay removes the given nodes in order (ids; unknown or repeated ids are
// skipped) and reports each step as Plan does, to compare a plan with a
// sequence of removals that actually happened.
func Replay(nodes []string, edges []PlanEdge, reach []float64, order []string) PlanResult {
	g := newFragGraph(nodes, edges, reach)
	index := make(map[string]int, len(nodes))
	for i, id := range nodes {
		if _, ok := index[id]; !ok {
			index[id] = i
		}
	}
	alive := make([]bool, len(nodes))
	for i := range alive {
		alive[i] = true
	}
	res := PlanResult{Nodes: len(nodes), Edges: g.edges, K: len(order)}
	st := g.components(alive)
	res.LargestBefore, res.ReachBefore = st.largest, st.reach
	for _, id := range order {
		v, ok := index[id]
		if !ok || !alive[v] {
			continue
		}
		res.Steps = append(res.Steps, g.remove(&st, alive, v, len(res.Steps)+1))
	}
	res.finish(st)
	return res
}

// IdentifiersToFlag returns the identifiers used by the removed accounts:
// phones, messaging and payment handles and the like stay in place after a
// takedown and let the network regrow, so a plan lists them for the
// platforms. Strong identifiers come first, then those used by more removed
// accounts, then by more remaining ones, then by key.
func IdentifiersToFlag(removed []string, idents []Identifier) []IdentifierFlag {
	gone := map[string]bool{}
	for _, r := range removed {
		gone[r] = true
	}
	var out []IdentifierFlag
	for _, id := range idents {
		f := IdentifierFlag{Key: id.Key, Kind: id.Kind, Value: id.Value, Public: id.Public,
			Strong: graph.StrongIdent(graph.IdentKind(id.Kind)), RemovedUsers: []string{}, RemainingUsers: []string{}}
		for _, u := range distinct(id.Users) {
			if gone[u] {
				f.RemovedUsers = append(f.RemovedUsers, u)
			} else {
				f.RemainingUsers = append(f.RemainingUsers, u)
			}
		}
		if len(f.RemovedUsers) > 0 {
			out = append(out, f)
		}
	}
	slices.SortStableFunc(out, func(a, b IdentifierFlag) int {
		if c := cmp.Compare(b2i(b.Strong), b2i(a.Strong)); c != 0 {
			return c
		}
		if c := cmp.Compare(len(b.RemovedUsers), len(a.RemovedUsers)); c != 0 {
			return c
		}
		if c := cmp.Compare(len(b.RemainingUsers), len(a.RemainingUsers)); c != 0 {
			return c
		}
		return cmp.Compare(a.Key, b.Key)
	})
	return out
}
