package analysis

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestNewGraphMergesDuplicatesAndLoops(t *testing.T) {
	g := NewGraph(4, []Edge{
		{0, 1, 1}, {1, 0, 2}, // duplicate in both orientations: weight 3
		{2, 2, 1.5}, {2, 2, 0.5}, // self-loop, total weight 2: A_22 = 4
		{2, 3, 1},
	})
	if g.N() != 4 || g.NumEdges() != 3 || g.Arcs() != 5 {
		t.Fatalf("N, edges, arcs = %d, %d, %d; want 4, 3, 5", g.N(), g.NumEdges(), g.Arcs())
	}
	if w := g.Weight(0, 1); w != 3 {
		t.Errorf("A_01 = %v, want 3", w)
	}
	if w := g.Weight(2, 2); w != 4 {
		t.Errorf("A_22 = %v, want 4 (twice the loop weight)", w)
	}
	if s := g.Strength(2); s != 5 {
		t.Errorf("k_2 = %v, want 5", s)
	}
	if m := g.TotalWeight(); m != 6 {
		t.Errorf("m = %v, want 6", m)
	}
	if d := g.Degree(2); d != 2 {
		t.Errorf("degree(2) = %d, want 2", d)
	}
	var sum float64
	for u := range int32(4) {
		sum += g.Strength(u)
	}
	if sum != 2*g.TotalWeight() {
		t.Errorf("Σ strength = %v, want 2m = %v", sum, 2*g.TotalWeight())
	}
	var got []Edge
	g.Edges(func(u, v int32, w float64) { got = append(got, Edge{u, v, w}) })
	want := []Edge{{0, 1, 3}, {2, 2, 2}, {2, 3, 1}}
	if !slices.Equal(got, want) {
		t.Errorf("Edges = %v, want %v", got, want)
	}
}

func TestGraphRowsSortedAndMatchOracle(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	// Large enough for the two-goroutine row sort.
	n := 5000
	edges := randomEdges(r, n, 60000, true, true)
	g := NewGraph(n, edges)
	o := newOracle(n, edges)
	if g.NumEdges() != len(o.w) {
		t.Fatalf("edges = %d, oracle has %d", g.NumEdges(), len(o.w))
	}
	for u := range int32(n) {
		nb, ws := g.Neighbors(u)
		if !slices.IsSorted(nb) {
			t.Fatalf("row %d not sorted", u)
		}
		for i, v := range nb {
			w, _ := o.Weight(int64(u), int64(v))
			if math.Abs(w-float64(ws[i])) > 1e-12 {
				t.Fatalf("A_%d,%d = %v, oracle %v", u, v, ws[i], w)
			}
		}
	}
}

func TestBuilderMatchesNewGraph(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	edges := randomEdges(r, 300, 3000, false, true)
	edges = append(edges, Edge{5, 7, 2.5})
	b := NewBuilder(0, 0)
	for _, e := range edges {
		b.AddEdge(e.U, e.V, e.W)
	}
	b.SetNodes(310)
	got := b.Build()
	want := NewGraph(310, edges)
	if got.N() != want.N() || !slices.Equal(got.off, want.off) || !slices.Equal(got.adj, want.adj) || !slices.Equal(got.wt, want.wt) {
		t.Fatal("Builder and NewGraph disagree")
	}
	if got.TotalWeight() != want.TotalWeight() || got.NumEdges() != want.NumEdges() {
		t.Fatal("totals disagree")
	}
}

func TestGraphMemoryPerArc(t *testing.T) {
	g, _ := PlantedPartition(20000, 20, 20, 0.3, 1)
	perArc := float64(g.MemoryBytes()) / float64(g.Arcs())
	if perArc > 16 {
		t.Fatalf("graph uses %.1f bytes per arc, want ≤ 16", perArc)
	}
}

func TestNewGraphPanicsOnBadInput(t *testing.T) {
	for name, e := range map[string]Edge{
		"out of range":    {0, 5, 1},
		"negative weight": {0, 1, -1},
		"NaN weight":      {0, 1, math.NaN()},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			NewGraph(3, []Edge{e})
		}()
	}
}

func TestSubgraph(t *testing.T) {
	g := NewGraph(5, []Edge{{0, 1, 1}, {1, 2, 2}, {2, 3, 3}, {3, 4, 4}, {2, 2, 1}})
	sub, orig := Subgraph(g, []int32{3, 2, 1, 2})
	if !slices.Equal(orig, []int32{3, 2, 1}) {
		t.Fatalf("orig = %v", orig)
	}
	if sub.N() != 3 || sub.NumEdges() != 3 {
		t.Fatalf("sub has %d nodes %d edges, want 3 and 3", sub.N(), sub.NumEdges())
	}
	if w := sub.Weight(0, 1); w != 3 { // 3-2
		t.Errorf("weight(3,2) = %v, want 3", w)
	}
	if w := sub.Weight(1, 1); w != 2 { // loop at 2 kept as A = 2
		t.Errorf("loop at 2: A = %v, want 2", w)
	}
	if w := sub.Weight(0, 2); w != 0 {
		t.Errorf("3 and 1 not adjacent, got %v", w)
	}
}
