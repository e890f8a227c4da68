package analysis

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/graph/community"
)

func karate(t *testing.T) (*Graph, []int32) {
	return loadGroundTruth(t, "zachary-karate", "karate.gml")
}

func TestLeidenKarate(t *testing.T) {
	g, _ := karate(t)
	if g.N() != 34 || g.NumEdges() != 78 {
		t.Fatalf("karate has %d nodes %d edges, want 34 and 78", g.N(), g.NumEdges())
	}
	best := math.Inf(-1)
	for seed := int64(0); seed < 10; seed++ {
		p := Leiden(g, LeidenOptions{Seed: seed})
		checkNumbering(t, p.Membership, p.Communities)
		if q := Modularity(g, p.Membership, 1); math.Abs(q-p.Quality) > 1e-12 {
			t.Fatalf("reported quality %v, modularity %v", p.Quality, q)
		}
		best = max(best, p.Quality)
	}
	t.Logf("karate best Leiden Q = %.4f", best)
	if best < 0.4188 {
		t.Fatalf("best Q over 10 seeds = %.4f, want ≥ 0.4188 (optimum 0.4198)", best)
	}
}

func TestLouvainKarate(t *testing.T) {
	g, _ := karate(t)
	best := math.Inf(-1)
	for seed := int64(0); seed < 10; seed++ {
		p := Louvain(g, LouvainOptions{Seed: seed})
		checkNumbering(t, p.Membership, p.Communities)
		best = max(best, p.Quality)
	}
	t.Logf("karate best Louvain Q = %.4f", best)
	if best < 0.4188 {
		t.Fatalf("best Q over 10 seeds = %.4f, want ≥ 0.4188", best)
	}
}

// TestLeidenQualityMatchesGonum checks the reported quality against gonum's
// independent Q on random weighted graphs with self-loops.
func TestLeidenQualityMatchesGonum(t *testing.T) {
	for seed := uint64(1); seed <= 6; seed++ {
		r := rand.New(rand.NewPCG(seed, 7))
		n := 50 + r.IntN(300)
		edges := randomEdges(r, n, 3*n, true, true)
		g := NewGraph(n, edges)
		o := newOracle(n, edges)
		for _, gamma := range []float64{1, 1.5} {
			p := Leiden(g, LeidenOptions{Seed: int64(seed), Resolution: gamma})
			want := community.Q(o, gonumCommunities(p.Membership), gamma)
			if math.Abs(p.Quality-want) > 1e-9 {
				t.Fatalf("seed %d: Leiden quality %v, gonum Q %v", seed, p.Quality, want)
			}
			singletons := make([]int32, n)
			for i := range singletons {
				singletons[i] = int32(i)
			}
			if p.Quality <= Modularity(g, singletons, gamma) {
				t.Fatalf("seed %d: Leiden Q %v no better than singletons", seed, p.Quality)
			}
			l := Louvain(g, LouvainOptions{Seed: int64(seed), Resolution: gamma})
			if want := community.Q(o, gonumCommunities(l.Membership), gamma); math.Abs(l.Quality-want) > 1e-9 {
				t.Fatalf("seed %d: Louvain quality %v, gonum Q %v", seed, l.Quality, want)
			}
		}
	}
}

// randomTestGraph draws one of several graph families, many of them with
// several components, hubs or weights, to stress connectivity.
func randomTestGraph(r *rand.Rand) *Graph {
	switch r.IntN(4) {
	case 0: // sparse random graph, often disconnected
		n := 10 + r.IntN(400)
		return NewGraph(n, randomEdges(r, n, n*(1+r.IntN(3))/2+1, r.IntN(2) == 0, true))
	case 1: // planted partition
		g, _ := PlantedPartition(100+r.IntN(600), 2+r.IntN(10), 4+8*r.Float64(), 0.6*r.Float64(), r.Int64())
		return g
	case 2: // disjoint cliques chained by single edges, plus stars
		var edges []Edge
		n := int32(0)
		for range 2 + r.IntN(8) {
			s := int32(3 + r.IntN(8))
			for i := range s {
				for j := range i {
					edges = append(edges, Edge{n + i, n + j, 1})
				}
			}
			if n > 0 && r.IntN(3) > 0 {
				edges = append(edges, Edge{n - 1, n, 1})
			}
			n += s
		}
		hub := n
		for range 5 + r.IntN(20) {
			n++
			edges = append(edges, Edge{hub, n, 1})
		}
		return NewGraph(int(n+1), edges)
	default: // dense random weighted graph
		n := 20 + r.IntN(100)
		return NewGraph(n, randomEdges(r, n, n*(5+r.IntN(10)), true, false))
	}
}

func TestLeidenCommunitiesConnected(t *testing.T) {
	// One graph big enough for the two-goroutine refinement and
	// aggregation, with weak structure so that communities are contested.
	big, _ := PlantedPartition(20000, 50, 8, 0.55, 9)
	for seed := int64(0); seed < 2; seed++ {
		p := Leiden(big, LeidenOptions{Seed: seed, MaxIterations: 2})
		if c := disconnectedCommunity(big, p.Membership); c >= 0 {
			t.Fatalf("planted 20k, seed %d: community %d is disconnected", seed, c)
		}
	}
	r := rand.New(rand.NewPCG(2019, 5233))
	for trial := 0; trial < 150; trial++ {
		g := randomTestGraph(r)
		for _, opts := range []LeidenOptions{
			{Seed: int64(trial)},
			{Seed: int64(trial), Resolution: 0.3 + 2*r.Float64(), MaxIterations: 1},
			{Seed: int64(trial), Objective: ObjectiveCPM, Resolution: 0.05 + 0.5*r.Float64()},
			{Seed: int64(trial), Randomness: 1},
		} {
			p := Leiden(g, opts)
			if c := disconnectedCommunity(g, p.Membership); c >= 0 {
				t.Fatalf("trial %d opts %+v: community %d is disconnected", trial, opts, c)
			}
			checkNumbering(t, p.Membership, p.Communities)
		}
	}
}

// TestLeidenRefinementKeepsConnected runs the algorithm without the final
// splitting pass and checks that refinement alone kept every community
// connected, as the paper guarantees.
func TestLeidenRefinementKeepsConnected(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 4))
	for trial := 0; trial < 150; trial++ {
		g := randomTestGraph(r)
		n := g.N()
		s := newMover(n, newRand(int64(trial)))
		s.theta = 0.01
		memb := make([]int32, n)
		for i := range memb {
			memb[i] = int32(i)
		}
		if g.total == 0 {
			continue
		}
		for range 3 {
			s.leidenIteration(g, g.str, 1/g.total, memb)
			if c := disconnectedCommunity(g, memb); c >= 0 {
				t.Fatalf("trial %d: refinement left community %d disconnected", trial, c)
			}
		}
	}
}

func TestLeidenDeterministic(t *testing.T) {
	g, _ := PlantedPartition(20000, 40, 12, 0.45, 11)
	for _, objective := range []Objective{ObjectiveModularity, ObjectiveCPM} {
		opts := LeidenOptions{Seed: 42, Objective: objective, Resolution: 1}
		if objective == ObjectiveCPM {
			opts.Resolution, opts.MaxIterations = 0.01, 4
		}
		a := Leiden(g, opts)
		b := Leiden(g, opts)
		if !slices.Equal(a.Membership, b.Membership) || a.Quality != b.Quality {
			t.Fatalf("%v: same seed gave different partitions", objective)
		}
	}
	a := Louvain(g, LouvainOptions{Seed: 42})
	b := Louvain(g, LouvainOptions{Seed: 42})
	if !slices.Equal(a.Membership, b.Membership) || a.Quality != b.Quality {
		t.Fatal("Louvain: same seed gave different partitions")
	}
}

func TestLeidenCPM(t *testing.T) {
	// Four 6-cliques in a ring, joined by single edges: CPM at γ = 0.5
	// keeps each clique (internal density 1 > γ, links 1/36 < γ).
	var edges []Edge
	for c := int32(0); c < 4; c++ {
		for i := range int32(6) {
			for j := range i {
				edges = append(edges, Edge{6*c + i, 6*c + j, 1})
			}
		}
		edges = append(edges, Edge{6 * c, (6*c + 8) % 24, 1})
	}
	g := NewGraph(24, edges)
	p := Leiden(g, LeidenOptions{Objective: ObjectiveCPM, Resolution: 0.5, Seed: 3})
	if p.Communities != 4 {
		t.Fatalf("found %d communities, want the 4 cliques", p.Communities)
	}
	for u := range 24 {
		if p.Membership[u] != int32(u/6) {
			t.Fatalf("node %d in community %d, want %d", u, p.Membership[u], u/6)
		}
	}
	if want := CPM(g, p.Membership, 0.5); math.Abs(p.Quality-want) > 1e-12 || math.Abs(want-4*(15-7.5)) > 1e-12 {
		t.Fatalf("quality %v, CPM %v, want 30", p.Quality, want)
	}
	// At γ = 0 every component is one community.
	p = Leiden(g, LeidenOptions{Objective: ObjectiveCPM, Resolution: 1e-9, Seed: 3})
	if p.Communities != 1 {
		t.Fatalf("γ≈0: %d communities, want 1", p.Communities)
	}
}

func TestLeidenProgressAndEdgeCases(t *testing.T) {
	g, _ := PlantedPartition(2000, 10, 10, 0.2, 5)
	var calls []float64
	Leiden(g, LeidenOptions{Seed: 1, Progress: func(f float64) { calls = append(calls, f) }})
	if len(calls) == 0 || calls[len(calls)-1] != 1 || !slices.IsSorted(calls) {
		t.Fatalf("progress calls %v: want non-decreasing, ending at 1", calls)
	}
	empty := Leiden(NewGraph(0, nil), LeidenOptions{})
	if len(empty.Membership) != 0 || empty.Communities != 0 {
		t.Fatalf("empty graph: %+v", empty)
	}
	iso := Leiden(NewGraph(3, nil), LeidenOptions{})
	if iso.Communities != 3 {
		t.Fatalf("edgeless graph: %d communities, want 3", iso.Communities)
	}
}
