package analysis

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestComponents(t *testing.T) {
	// {0,1,2} triangle, {3,4} edge, {5} alone with a self-loop, {6} isolated.
	g := NewGraph(7, []Edge{{0, 1, 1}, {2, 1, 1}, {0, 2, 1}, {4, 3, 1}, {5, 5, 1}})
	memb, k := Components(g)
	if k != 4 || !slices.Equal(memb, []int32{0, 0, 0, 1, 1, 2, 3}) {
		t.Fatalf("components %v (%d), want [0 0 0 1 1 2 3] (4)", memb, k)
	}
	// Against an independent union-find on random sparse graphs.
	r := rand.New(rand.NewPCG(8, 8))
	for trial := 0; trial < 20; trial++ {
		n := 50 + r.IntN(500)
		edges := randomEdges(r, n, n/2+r.IntN(n), false, true)
		memb, k := Components(NewGraph(n, edges))
		parent := make([]int, n)
		for i := range parent {
			parent[i] = i
		}
		var find func(int) int
		find = func(x int) int {
			for parent[x] != x {
				parent[x] = parent[parent[x]]
				x = parent[x]
			}
			return x
		}
		for _, e := range edges {
			parent[find(int(e.U))] = find(int(e.V))
		}
		roots := map[int]bool{}
		for u := range n {
			roots[find(u)] = true
		}
		if k != len(roots) {
			t.Fatalf("trial %d: %d components, union-find %d", trial, k, len(roots))
		}
		for _, e := range edges {
			if memb[e.U] != memb[e.V] {
				t.Fatalf("trial %d: edge %d-%d crosses components", trial, e.U, e.V)
			}
		}
		checkNumbering(t, memb, k)
	}
}

func TestKCore(t *testing.T) {
	// A 4-clique {0..3}, a triangle {4,5,6} hanging off node 3 by edge 3-4,
	// a pendant 7 on 6, an isolated 8 with a self-loop.
	g := NewGraph(9, []Edge{
		{0, 1, 1}, {0, 2, 1}, {0, 3, 1}, {1, 2, 1}, {1, 3, 1}, {2, 3, 1},
		{3, 4, 1}, {4, 5, 1}, {5, 6, 1}, {4, 6, 1}, {6, 7, 1}, {8, 8, 1},
	})
	want := []int32{3, 3, 3, 3, 2, 2, 2, 1, 0}
	if got := KCore(g); !slices.Equal(got, want) {
		t.Fatalf("core numbers %v, want %v", got, want)
	}
	// Property: on random graphs, the k-core defined by peeling matches.
	r := rand.New(rand.NewPCG(5, 5))
	for trial := 0; trial < 20; trial++ {
		n := 30 + r.IntN(200)
		g := NewGraph(n, randomEdges(r, n, n*(1+r.IntN(5)), false, false))
		core := KCore(g)
		for k := int32(0); k <= slices.Max(core); k++ {
			// Peel nodes of degree < k repeatedly; survivors = core ≥ k.
			alive := make([]bool, n)
			deg := make([]int, n)
			for u := range n {
				alive[u] = true
				deg[u] = g.Degree(int32(u))
			}
			for changed := true; changed; {
				changed = false
				for u := range n {
					if alive[u] && deg[u] < int(k) {
						alive[u] = false
						changed = true
						nb, _ := g.Neighbors(int32(u))
						for _, v := range nb {
							deg[v]--
						}
					}
				}
			}
			for u := range n {
				if alive[u] != (core[u] >= k) {
					t.Fatalf("trial %d: node %d core %d, but %d-core membership is %v", trial, u, core[u], k, alive[u])
				}
			}
		}
	}
}

func TestArticulationPoints(t *testing.T) {
	// Two triangles sharing node 2, a tail 4-5-6 off node 4, and a separate
	// edge 7-8: cut nodes are 2, 4 and 5.
	g := NewGraph(9, []Edge{
		{0, 1, 1}, {1, 2, 1}, {0, 2, 1}, {2, 3, 1}, {3, 4, 1}, {2, 4, 1},
		{4, 5, 1}, {5, 6, 1}, {7, 8, 1}, {6, 6, 1},
	})
	if got := ArticulationPoints(g); !slices.Equal(got, []int32{2, 4, 5}) {
		t.Fatalf("articulation points %v, want [2 4 5]", got)
	}
	// Against brute force: u is a cut node iff removing it raises the
	// number of components among the other nodes.
	r := rand.New(rand.NewPCG(6, 6))
	for trial := 0; trial < 30; trial++ {
		n := 10 + r.IntN(60)
		edges := randomEdges(r, n, n+r.IntN(n), false, true)
		g := NewGraph(n, edges)
		_, base := Components(g)
		var want []int32
		for u := range int32(n) {
			var rest []Edge
			for _, e := range edges {
				if e.U != u && e.V != u {
					rest = append(rest, e)
				}
			}
			// Without its edges u is a component of its own, so the
			// other nodes form k-1 components.
			if _, k := Components(NewGraph(n, rest)); k-1 > base {
				want = append(want, u)
			}
		}
		if got := ArticulationPoints(g); !slices.Equal(got, want) {
			t.Fatalf("trial %d: articulation points %v, brute force %v", trial, got, want)
		}
	}
}

func TestArticulationPointsLongPath(t *testing.T) {
	// A 1M-node path would overflow a recursive search's stack budget.
	n := 1_000_000
	edges := make([]Edge, n-1)
	for i := range edges {
		edges[i] = Edge{int32(i), int32(i + 1), 1}
	}
	ap := ArticulationPoints(NewGraph(n, edges))
	if len(ap) != n-2 || ap[0] != 1 || ap[len(ap)-1] != int32(n-2) {
		t.Fatalf("path: %d articulation points, want %d (all but the ends)", len(ap), n-2)
	}
}
