package analysis

import (
	"fmt"
	"math"
	"slices"
	"sync"
)

// Edge is one undirected weighted edge between nodes U and V. U == V is a
// self-loop.
type Edge struct {
	U, V int32
	W    float64
}

// Graph is an undirected weighted graph in compressed sparse row (CSR) form.
//
// Row u holds the symmetric adjacency matrix entries A_uv for every distinct
// neighbour v. An edge {u,v} of weight w (u ≠ v) is stored twice, as A_uv = w
// and A_vu = w; a self-loop {u,u} of weight w is stored once, as A_uu = 2w,
// the convention of Newman (2010, "Networks", §6.2) under which the strength
// k_u = Σ_v A_uv counts a loop twice and Σ_uv A_uv = 2m. Rows built by
// NewGraph, Builder and ReadEdgeList are sorted by neighbour.
//
// Storage is 4 bytes (neighbour) + 4 bytes (weight) per arc plus 16 bytes per
// node (row offset and strength). Weights are kept as float32, about seven
// significant digits; strengths, totals and every quality are accumulated
// in float64.
//
// A Graph is immutable once built and safe for concurrent readers.
type Graph struct {
	off   []int64   // len n+1; row u is adj[off[u]:off[u+1]]
	adj   []int32   // neighbour of each arc
	wt    []float32 // weight of each arc (A_uv)
	str   []float64 // strength k_u = Σ_v A_uv
	total float64   // Σ_uv A_uv = 2m
	edges int       // undirected edges, self-loops included
}

// N returns the number of nodes.
func (g *Graph) N() int { return len(g.off) - 1 }

// NumEdges returns the number of distinct undirected edges, self-loops
// included (duplicate input edges have been merged).
func (g *Graph) NumEdges() int { return g.edges }

// Arcs returns the number of stored adjacency entries: 2 per edge between
// distinct nodes, 1 per self-loop.
func (g *Graph) Arcs() int { return len(g.adj) }

// Degree returns the number of distinct neighbours of u; a self-loop counts
// once.
func (g *Graph) Degree(u int32) int { return int(g.off[u+1] - g.off[u]) }

// Strength returns k_u = Σ_v A_uv, the total weight of u's edges with
// self-loops counted twice.
func (g *Graph) Strength(u int32) float64 { return g.str[u] }

// TotalWeight returns m, the total weight of all edges, each self-loop
// counted once (so Σ_u Strength(u) = 2m).
func (g *Graph) TotalWeight() float64 { return g.total / 2 }

// Neighbors returns u's neighbours and the matching A_uv. The slices alias
// the graph's storage and must not be modified.
func (g *Graph) Neighbors(u int32) ([]int32, []float32) {
	lo, hi := g.off[u], g.off[u+1]
	return g.adj[lo:hi:hi], g.wt[lo:hi:hi]
}

// Weight returns A_uv (0 when u and v are not adjacent). For a self-loop of
// weight w it returns 2w. Rows are sorted, so this is a binary search.
func (g *Graph) Weight(u, v int32) float64 {
	nb, w := g.Neighbors(u)
	if i, ok := slices.BinarySearch(nb, v); ok {
		return float64(w[i])
	}
	return 0
}

// Edges calls fn once for every undirected edge with u ≤ v and its weight
// (a self-loop's own weight w, not A_uu = 2w).
func (g *Graph) Edges(fn func(u, v int32, w float64)) {
	for u := int32(0); int(u) < g.N(); u++ {
		nb, ws := g.Neighbors(u)
		for i, v := range nb {
			switch {
			case v > u:
				fn(u, v, float64(ws[i]))
			case v == u:
				fn(u, v, float64(ws[i])/2)
			}
		}
	}
}

// MemoryBytes returns the bytes held by the graph's arrays.
func (g *Graph) MemoryBytes() int64 {
	return int64(cap(g.off))*8 + int64(cap(g.adj))*4 + int64(cap(g.wt))*4 + int64(cap(g.str))*8
}

// NewGraph builds a graph on nodes 0..n-1 from edges. Duplicate edges (in
// either orientation) are summed; self-loops are allowed. It panics if an
// endpoint is outside [0, n) or a weight is negative or not finite.
func NewGraph(n int, edges []Edge) *Graph {
	if n < 0 || n > math.MaxInt32 {
		panic(fmt.Sprintf("analysis: invalid node count %d", n))
	}
	off := make([]int64, n+1)
	for _, e := range edges {
		checkEdge(n, e.U, e.V, e.W)
		off[e.U+1]++
		if e.U != e.V {
			off[e.V+1]++
		}
	}
	for i := 1; i <= n; i++ {
		off[i] += off[i-1]
	}
	adj := make([]int32, off[n])
	wt := make([]float32, off[n])
	pos := make([]int64, n)
	copy(pos, off[:n])
	for _, e := range edges {
		w := float32(e.W)
		if e.U == e.V {
			p := pos[e.U]
			adj[p], wt[p] = e.U, 2*w
			pos[e.U]++
			continue
		}
		p := pos[e.U]
		adj[p], wt[p] = e.V, w
		pos[e.U]++
		p = pos[e.V]
		adj[p], wt[p] = e.U, w
		pos[e.V]++
	}
	return finishCSR(off, adj, wt)
}

func checkEdge(n int, u, v int32, w float64) {
	if u < 0 || v < 0 || int(u) >= n || int(v) >= n {
		panic(fmt.Sprintf("analysis: edge {%d,%d} outside nodes [0,%d)", u, v, n))
	}
	if !(w >= 0) || math.IsInf(w, 1) {
		panic(fmt.Sprintf("analysis: edge {%d,%d} has invalid weight %v", u, v, w))
	}
}

// Builder accumulates edges for a Graph one at a time. The node count grows
// to cover the largest endpoint seen. Unit weights cost no storage until the
// first edge with another weight arrives.
type Builder struct {
	us, vs []int32
	ws     []float32 // nil while every weight is 1
	n      int
}

// NewBuilder returns a Builder with room for the given numbers of nodes and
// edges (hints only).
func NewBuilder(nodes, edges int) *Builder {
	return &Builder{us: make([]int32, 0, edges), vs: make([]int32, 0, edges), n: nodes}
}

// SetNodes makes the graph have at least n nodes.
func (b *Builder) SetNodes(n int) {
	if n > b.n {
		b.n = n
	}
}

// Nodes returns the current node count.
func (b *Builder) Nodes() int { return b.n }

// Len returns the number of edges added so far.
func (b *Builder) Len() int { return len(b.us) }

// AddEdge appends the edge {u,v} with weight w. It panics on a negative
// endpoint or a negative or non-finite weight.
func (b *Builder) AddEdge(u, v int32, w float64) {
	if u < 0 || v < 0 {
		panic(fmt.Sprintf("analysis: negative endpoint in edge {%d,%d}", u, v))
	}
	if !(w >= 0) || math.IsInf(w, 1) {
		panic(fmt.Sprintf("analysis: edge {%d,%d} has invalid weight %v", u, v, w))
	}
	if w != 1 && b.ws == nil {
		b.ws = make([]float32, len(b.us), cap(b.us))
		for i := range b.ws {
			b.ws[i] = 1
		}
	}
	b.us = append(b.us, u)
	b.vs = append(b.vs, v)
	if b.ws != nil {
		b.ws = append(b.ws, float32(w))
	}
	if int(u) >= b.n {
		b.n = int(u) + 1
	}
	if int(v) >= b.n {
		b.n = int(v) + 1
	}
}

// Build returns the graph and resets the Builder.
func (b *Builder) Build() *Graph {
	n := b.n
	off := make([]int64, n+1)
	for i, u := range b.us {
		v := b.vs[i]
		off[u+1]++
		if u != v {
			off[v+1]++
		}
	}
	for i := 1; i <= n; i++ {
		off[i] += off[i-1]
	}
	adj := make([]int32, off[n])
	wt := make([]float32, off[n])
	pos := make([]int64, n)
	copy(pos, off[:n])
	for i, u := range b.us {
		v := b.vs[i]
		w := float32(1)
		if b.ws != nil {
			w = b.ws[i]
		}
		if u == v {
			p := pos[u]
			adj[p], wt[p] = u, 2*w
			pos[u]++
			continue
		}
		p := pos[u]
		adj[p], wt[p] = v, w
		pos[u]++
		p = pos[v]
		adj[p], wt[p] = u, w
		pos[v]++
	}
	pos = nil
	*b = Builder{}
	return finishCSR(off, adj, wt)
}

// parallelMin is the arc count below which work is not split across
// goroutines.
const parallelMin = 1 << 16

// splitRows cuts rows 0..n-1 into parts contiguous ranges of about equal
// arc counts. The cut depends only on off, never on the machine.
func splitRows(off []int64, parts int) []int32 {
	n := len(off) - 1
	cuts := make([]int32, parts+1)
	total := off[n]
	u := 0
	for p := 1; p < parts; p++ {
		target := total * int64(p) / int64(parts)
		for u < n && off[u] < target {
			u++
		}
		cuts[p] = int32(u)
	}
	cuts[parts] = int32(n)
	return cuts
}

// finishCSR sorts each row, sums duplicate neighbours, compacts the arrays
// and computes strengths.
func finishCSR(off []int64, adj []int32, wt []float32) *Graph {
	n := len(off) - 1
	newLen := make([]int32, n)
	sortRows := func(lo, hi int32) {
		var scratch []arcPair
		for u := lo; u < hi; u++ {
			a, b := off[u], off[u+1]
			newLen[u] = int32(sortMergeRow(adj[a:b], wt[a:b], &scratch))
		}
	}
	if len(adj) >= parallelMin {
		cuts := splitRows(off, 2)
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { defer wg.Done(); sortRows(cuts[1], cuts[2]) }()
		sortRows(cuts[0], cuts[1])
		wg.Wait()
	} else {
		sortRows(0, int32(n))
	}
	// Compact in place: new offsets never exceed old ones.
	var w int64
	var edges int
	str := make([]float64, n)
	var total float64
	for u := 0; u < n; u++ {
		a := off[u]
		l := int64(newLen[u])
		off[u] = w
		if a != w {
			copy(adj[w:w+l], adj[a:a+l])
			copy(wt[w:w+l], wt[a:a+l])
		}
		var s float64
		for i := w; i < w+l; i++ {
			s += float64(wt[i])
			if adj[i] >= int32(u) {
				edges++
			}
		}
		str[u] = s
		total += s
		w += l
	}
	off[n] = w
	if w < int64(len(adj))*15/16 {
		adj = slices.Clone(adj[:w])
		wt = slices.Clone(wt[:w])
	} else {
		adj = adj[:w:w]
		wt = wt[:w:w]
	}
	return &Graph{off: off, adj: adj, wt: wt, str: str, total: total, edges: edges}
}

type arcPair struct {
	v int32
	w float32
}

// sortMergeRow sorts a row by neighbour, sums duplicates and returns the
// new length.
func sortMergeRow(nb []int32, ws []float32, scratch *[]arcPair) int {
	l := len(nb)
	if l <= 1 {
		return l
	}
	sorted := true
	for i := 1; i < l; i++ {
		if nb[i] <= nb[i-1] {
			sorted = false
			break
		}
	}
	if sorted {
		return l
	}
	if l <= 32 {
		for i := 1; i < l; i++ {
			v, w := nb[i], ws[i]
			j := i
			for j > 0 && nb[j-1] > v {
				nb[j], ws[j] = nb[j-1], ws[j-1]
				j--
			}
			nb[j], ws[j] = v, w
		}
	} else {
		s := (*scratch)[:0]
		for i := range nb {
			s = append(s, arcPair{nb[i], ws[i]})
		}
		slices.SortFunc(s, func(a, b arcPair) int { return int(a.v) - int(b.v) })
		for i := range s {
			nb[i], ws[i] = s[i].v, s[i].w
		}
		*scratch = s
	}
	// Sum runs of equal neighbours in float64, then round once.
	k := 0
	acc := float64(ws[0])
	for i := 1; i < l; i++ {
		if nb[i] == nb[k] {
			acc += float64(ws[i])
		} else {
			ws[k] = float32(acc)
			k++
			nb[k] = nb[i]
			acc = float64(ws[i])
		}
	}
	ws[k] = float32(acc)
	return k + 1
}

// Subgraph returns the subgraph induced by nodes, with local node i standing
// for original node orig[i]. orig lists nodes in the given order with
// repeats dropped. Self-loops and weights are kept.
func Subgraph(g *Graph, nodes []int32) (sub *Graph, orig []int32) {
	local := make(map[int32]int32, len(nodes))
	orig = make([]int32, 0, len(nodes))
	for _, u := range nodes {
		if u < 0 || int(u) >= g.N() {
			panic(fmt.Sprintf("analysis: subgraph node %d outside [0,%d)", u, g.N()))
		}
		if _, ok := local[u]; !ok {
			local[u] = int32(len(orig))
			orig = append(orig, u)
		}
	}
	var edges []Edge
	for i, u := range orig {
		nb, ws := g.Neighbors(u)
		for j, v := range nb {
			lv, ok := local[v]
			if !ok || lv < int32(i) {
				continue
			}
			w := float64(ws[j])
			if lv == int32(i) {
				w /= 2
			}
			edges = append(edges, Edge{int32(i), lv, w})
		}
	}
	return NewGraph(len(orig), edges), orig
}
