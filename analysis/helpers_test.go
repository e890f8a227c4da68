package analysis

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/iterator"
	"gonum.org/v1/gonum/graph/simple"
)

// sharedData returns <repo>/../shared/data/<name>, skipping the test when
// the shared data sets are not there. The repository root is the parent of
// this package's directory.
func sharedData(t testing.TB, name string) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	repo := filepath.Dir(wd)
	dir := filepath.Join(filepath.Dir(repo), "shared", "data", name)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("shared data set %s not found at %s (expected <repo>/../shared/data)", name, dir)
	}
	return dir
}

// loadGroundTruth reads a GML data set and its integer "groundTruth" node
// attribute.
func loadGroundTruth(t testing.TB, name, file string) (*Graph, []int32) {
	t.Helper()
	f, err := os.Open(filepath.Join(sharedData(t, name), file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g, nodes, err := ReadGML(f)
	if err != nil {
		t.Fatal(err)
	}
	truth := make([]int32, len(nodes))
	for i, nd := range nodes {
		v, err := strconv.Atoi(nd.Attrs["groundTruth"])
		if err != nil {
			t.Fatalf("node %d: groundTruth %q: %v", nd.ID, nd.Attrs["groundTruth"], err)
		}
		truth[i] = int32(v)
	}
	return g, truth
}

// randomEdges returns m random edges on n nodes with repeats, and
// optionally self-loops and non-unit weights.
func randomEdges(r *rand.Rand, n, m int, weighted, loops bool) []Edge {
	edges := make([]Edge, 0, m)
	for len(edges) < m {
		u, v := int32(r.IntN(n)), int32(r.IntN(n))
		if u == v && !loops {
			continue
		}
		w := 1.0
		if weighted {
			w = float64(1+r.IntN(8)) / 4
		}
		edges = append(edges, Edge{u, v, w})
	}
	return edges
}

// oracle is an independent gonum view of an edge list, built with a map so
// that it shares no code with the CSR. Weight(u,u) is A_uu = 2·(loop
// weight) and From excludes u, so that gonum's k_u = A_uu + Σ_v A_uv is our
// strength.
type oracle struct {
	n   int
	w   map[[2]int64]float64
	adj [][]int64
}

func newOracle(n int, edges []Edge) *oracle {
	o := &oracle{n: n, w: map[[2]int64]float64{}, adj: make([][]int64, n)}
	for _, e := range edges {
		u, v := int64(e.U), int64(e.V)
		if u > v {
			u, v = v, u
		}
		k := [2]int64{u, v}
		if _, ok := o.w[k]; !ok && u != v {
			o.adj[u] = append(o.adj[u], v)
			o.adj[v] = append(o.adj[v], u)
		}
		if u == v {
			o.w[k] += 2 * e.W
		} else {
			o.w[k] += e.W
		}
	}
	return o
}

func (o *oracle) Node(id int64) graph.Node {
	if id < 0 || id >= int64(o.n) {
		return nil
	}
	return simple.Node(id)
}
func (o *oracle) Nodes() graph.Nodes {
	ns := make([]graph.Node, o.n)
	for i := range ns {
		ns[i] = simple.Node(i)
	}
	return iterator.NewOrderedNodes(ns)
}
func (o *oracle) From(id int64) graph.Nodes {
	ns := make([]graph.Node, len(o.adj[id]))
	for i, v := range o.adj[id] {
		ns[i] = simple.Node(v)
	}
	return iterator.NewOrderedNodes(ns)
}
func (o *oracle) key(x, y int64) [2]int64 {
	if x > y {
		x, y = y, x
	}
	return [2]int64{x, y}
}
func (o *oracle) HasEdgeBetween(x, y int64) bool { _, ok := o.w[o.key(x, y)]; return ok && x != y }
func (o *oracle) Edge(u, v int64) graph.Edge     { return o.WeightedEdge(u, v) }
func (o *oracle) EdgeBetween(x, y int64) graph.Edge {
	return o.WeightedEdge(x, y)
}
func (o *oracle) WeightedEdge(u, v int64) graph.WeightedEdge {
	w, ok := o.w[o.key(u, v)]
	if !ok {
		return nil
	}
	return simple.WeightedEdge{F: simple.Node(u), T: simple.Node(v), W: w}
}
func (o *oracle) WeightedEdgeBetween(x, y int64) graph.WeightedEdge { return o.WeightedEdge(x, y) }
func (o *oracle) Weight(x, y int64) (float64, bool) {
	w, ok := o.w[o.key(x, y)]
	return w, ok
}

// gonumCommunities turns a membership into gonum's [][]graph.Node.
func gonumCommunities(memb []int32) [][]graph.Node {
	k := int32(0)
	for _, c := range memb {
		k = max(k, c+1)
	}
	out := make([][]graph.Node, k)
	for u, c := range memb {
		out[c] = append(out[c], simple.Node(u))
	}
	return out
}

// communityConnected reports the first community of memb whose induced
// subgraph is disconnected, or -1.
func disconnectedCommunity(g *Graph, memb []int32) int32 {
	sizes := map[int32]int{}
	for _, c := range memb {
		sizes[c]++
	}
	reached := map[int32]bool{}
	seen := make([]bool, g.N())
	for s := int32(0); int(s) < g.N(); s++ {
		c := memb[s]
		if reached[c] {
			continue
		}
		reached[c] = true
		count := 0
		stack := []int32{s}
		seen[s] = true
		for len(stack) > 0 {
			v := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			count++
			nb, _ := g.Neighbors(v)
			for _, u := range nb {
				if !seen[u] && memb[u] == c {
					seen[u] = true
					stack = append(stack, u)
				}
			}
		}
		if count != sizes[c] {
			return c
		}
	}
	return -1
}

// checkNumbering fails unless memb uses 0..k-1 in order of first node.
func checkNumbering(t *testing.T, memb []int32, k int) {
	t.Helper()
	next := int32(0)
	for u, c := range memb {
		if c > next || c < 0 {
			t.Fatalf("node %d has community %d before community %d appeared", u, c, next)
		}
		if c == next {
			next++
		}
	}
	if int(next) != k {
		t.Fatalf("membership uses %d communities, partition says %d", next, k)
	}
}
