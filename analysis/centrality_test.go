package analysis

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/graph/network"
	"gonum.org/v1/gonum/graph/path"
	"gonum.org/v1/gonum/graph/simple"
)

func TestPageRankHandComputed(t *testing.T) {
	// Path 0-1-2 with d = 0.5: by symmetry x0 = x2 = a and x1 = b, with
	// a = 1/6 + b/4 and b = 1/6 + a, so 3a/4 = 5/24: a = 5/18, b = 8/18.
	x := PageRank(NewGraph(3, []Edge{{0, 1, 1}, {1, 2, 1}}), 0.5, 1e-14, 1000)
	want := []float64{5.0 / 18, 8.0 / 18, 5.0 / 18}
	for i := range want {
		if math.Abs(x[i]-want[i]) > 1e-12 {
			t.Fatalf("PageRank %v, want %v", x, want)
		}
	}
}

func TestPageRankMatchesGonum(t *testing.T) {
	for seed := uint64(1); seed <= 5; seed++ {
		r := rand.New(rand.NewPCG(seed, 31))
		n := 30 + r.IntN(200)
		edges := randomEdges(r, n, 2*n, true, false)
		// Large enough for the two-goroutine path.
		if seed == 5 {
			n = 20000
			edges = randomEdges(r, n, 40000, true, false)
		}
		g := NewGraph(n, edges) // some nodes stay isolated: dangling
		dg := simple.NewWeightedDirectedGraph(0, 0)
		for u := range n {
			dg.AddNode(simple.Node(u))
		}
		g.Edges(func(u, v int32, w float64) {
			dg.SetWeightedEdge(dg.NewWeightedEdge(simple.Node(u), simple.Node(v), w))
			dg.SetWeightedEdge(dg.NewWeightedEdge(simple.Node(v), simple.Node(u), w))
		})
		var want map[int64]float64
		if n > 1000 {
			want = network.PageRankSparse(dg, 0.85, 1e-12)
		} else {
			want = network.PageRank(dg, 0.85, 1e-12)
		}
		got := PageRank(g, 0.85, 1e-13, 1000)
		for u := range n {
			if math.Abs(got[u]-want[int64(u)]) > 1e-9 {
				t.Fatalf("seed %d node %d: PageRank %v, gonum %v", seed, u, got[u], want[int64(u)])
			}
		}
	}
}

func TestBetweennessMatchesGonum(t *testing.T) {
	for seed := uint64(1); seed <= 6; seed++ {
		r := rand.New(rand.NewPCG(seed, 41))
		n := 20 + r.IntN(120)
		edges := randomEdges(r, n, n+r.IntN(3*n), true, true)
		g := NewGraph(n, edges)
		ug := simple.NewUndirectedGraph()
		wg := simple.NewWeightedUndirectedGraph(0, math.Inf(1))
		for u := range n {
			ug.AddNode(simple.Node(u))
			wg.AddNode(simple.Node(u))
		}
		g.Edges(func(u, v int32, w float64) {
			if u != v {
				ug.SetEdge(ug.NewEdge(simple.Node(u), simple.Node(v)))
				wg.SetWeightedEdge(wg.NewWeightedEdge(simple.Node(u), simple.Node(v), 1/w))
			}
		})
		// gonum sums ordered pairs; ours counts each unordered pair once.
		want := network.Betweenness(ug)
		got := Betweenness(g)
		wantW := network.BetweennessWeighted(wg, path.DijkstraAllPaths(wg))
		gotW := BetweennessWeighted(g)
		for u := range n {
			if math.Abs(2*got[u]-want[int64(u)]) > 1e-9 {
				t.Fatalf("seed %d node %d: betweenness %v, gonum/2 %v", seed, u, got[u], want[int64(u)]/2)
			}
			if math.Abs(2*gotW[u]-wantW[int64(u)]) > 1e-9 {
				t.Fatalf("seed %d node %d: weighted betweenness %v, gonum/2 %v", seed, u, gotW[u], wantW[int64(u)]/2)
			}
		}
	}
}

func TestBetweennessStar(t *testing.T) {
	// The centre of a 5-leaf star lies on all C(5,2) = 10 leaf pairs.
	var edges []Edge
	for i := int32(1); i <= 5; i++ {
		edges = append(edges, Edge{0, i, 1})
	}
	b := Betweenness(NewGraph(6, edges))
	if b[0] != 10 || b[1] != 0 {
		t.Fatalf("star betweenness %v, want centre 10, leaves 0", b)
	}
}
