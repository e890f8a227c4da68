package analysis

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/graph/community"
)

func TestModularityMatchesGonum(t *testing.T) {
	for seed := uint64(1); seed <= 8; seed++ {
		r := rand.New(rand.NewPCG(seed, 99))
		n := 20 + r.IntN(200)
		edges := randomEdges(r, n, n*(1+r.IntN(6)), true, seed%2 == 0)
		g := NewGraph(n, edges)
		o := newOracle(n, edges)
		for _, k := range []int{1, 3, 10, n} {
			memb := make([]int32, n)
			for i := range memb {
				memb[i] = int32(r.IntN(k))
			}
			for _, gamma := range []float64{1, 0.5, 2} {
				got := Modularity(g, memb, gamma)
				want := community.Q(o, gonumCommunities(memb), gamma)
				if math.Abs(got-want) > 1e-9 {
					t.Fatalf("seed %d k %d γ %v: Q = %.15f, gonum %.15f", seed, k, gamma, got, want)
				}
			}
		}
	}
}

func TestModularityKnownValues(t *testing.T) {
	// Two triangles joined by one edge: m = 7, each side has K = 7 and
	// 3 internal edges: Q = 2·(3/7 − (7/14)²) = 5/14.
	g := NewGraph(6, []Edge{{0, 1, 1}, {1, 2, 1}, {0, 2, 1}, {3, 4, 1}, {4, 5, 1}, {3, 5, 1}, {2, 3, 1}})
	memb := []int32{0, 0, 0, 1, 1, 1}
	if q := Modularity(g, memb, 1); math.Abs(q-5.0/14) > 1e-15 {
		t.Errorf("Q = %v, want 5/14", q)
	}
	if q := Modularity(g, make([]int32, 6), 1); math.Abs(q) > 1e-15 {
		t.Errorf("one community: Q = %v, want 0", q)
	}
	// CPM: e_c = 3 each, n_c = 3: H = 2·(3 − γ·3).
	if h := CPM(g, memb, 0.5); math.Abs(h-3) > 1e-15 {
		t.Errorf("CPM = %v, want 3", h)
	}
	if q := Modularity(NewGraph(3, nil), []int32{0, 1, 2}, 1); q != 0 {
		t.Errorf("empty graph Q = %v, want 0", q)
	}
}
