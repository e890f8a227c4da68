package analysis

import (
	"fmt"
	"math"
)

// LouvainOptions configures Louvain. The zero value means resolution 1,
// seed 0, levels until nothing moves, tolerance 1e-7.
type LouvainOptions struct {
	// Resolution γ of modularity; 0 means 1. Must not be negative.
	Resolution float64
	// Seed fixes the node visiting order: equal seeds give equal partitions.
	Seed int64
	// MaxLevels bounds the number of aggregation levels; ≤ 0 means no bound.
	MaxLevels int
	// Tolerance ends a level's local moving once a full pass over the nodes
	// raises modularity by less than this; ≤ 0 means 1e-7.
	Tolerance float64
	// Progress, if set, is called with the fraction of work done, ending
	// with 1.
	Progress func(done float64)
}

// Louvain partitions g by modularity with the Louvain method (Blondel,
// Guillaume, Lambiotte & Lefebvre 2008, "Fast unfolding of communities in
// large networks", J. Stat. Mech. P10008). At each level it sweeps the
// nodes in a random order, moving each to the neighbouring community with
// the largest gain ΔQ ∝ w_vC − γ k_v K_C/(2m), until a sweep gains less
// than the tolerance; then it aggregates each community into one node and
// repeats until no node moves. Louvain communities may be internally
// disconnected (the flaw Leiden fixes); they are reported as found.
func Louvain(g *Graph, opts LouvainOptions) Partition {
	gamma := opts.Resolution
	if gamma == 0 {
		gamma = 1
	}
	if gamma < 0 || math.IsNaN(gamma) {
		panic(fmt.Sprintf("analysis: invalid resolution %v", opts.Resolution))
	}
	tol := opts.Tolerance
	if tol <= 0 {
		tol = 1e-7
	}
	n := g.N()
	memb := make([]int32, n)
	for i := range memb {
		memb[i] = int32(i)
	}
	if n == 0 || g.total == 0 {
		return Partition{Membership: memb, Communities: n, Quality: Modularity(g, memb, gamma)}
	}
	s := newMover(n, newRand(opts.Seed))
	scale := gamma / g.total
	comm := s.comm[:n]
	copy(comm, memb)
	nodeMap := memb // identity to begin with
	gl, nw := g, g.str
	for level := 0; opts.MaxLevels <= 0 || level < opts.MaxLevels; level++ {
		moved := s.sweepMove(gl, nw, comm, scale, tol*g.total/2)
		nl := gl.N()
		k := renumber(comm, s.scratch[:nl])
		if opts.Progress != nil {
			opts.Progress(1 - math.Pow(0.5, float64(level+1)))
		}
		if !moved || k == nl {
			break
		}
		for i, v := range nodeMap {
			nodeMap[i] = comm[v]
		}
		gl, nw = s.agg.aggregate(gl, comm, k, nw)
		comm = comm[:k]
		for i := range comm {
			comm[i] = int32(i)
		}
	}
	for i, v := range nodeMap {
		memb[i] = comm[v]
	}
	k := renumber(memb, s.scratch[:n])
	if opts.Progress != nil {
		opts.Progress(1)
	}
	return Partition{Membership: memb, Communities: k, Quality: Modularity(g, memb, gamma)}
}

// sweepMove is Louvain's local moving: passes over all nodes in a fresh
// random order until a pass moves nothing or its summed gain (in edge
// weight units, ΔQ·m) falls below minGain. It reports whether any node
// moved.
func (s *mover) sweepMove(g *Graph, nw []float64, comm []int32, scale, minGain float64) (moved bool) {
	n := g.N()
	slots := s.slots[:n]
	for i := range slots {
		slots[i] = moveSlot{acc: untouched}
	}
	for v, c := range comm {
		slots[c].tot += nw[v]
	}
	order := s.queue[:n]
	for i := range order {
		order[i] = int32(i)
	}
	touched := s.touched[:0]
	off, adj, wt := g.off, g.adj, g.wt
	for {
		shuffle(s.rng, order)
		moves := 0
		var gained float64
		for j, v := range order {
			g.prefetchAhead(order, j)
			cur := comm[v]
			lo, hi := off[v], off[v+1]
			for i := lo; i < hi; i++ {
				u := adj[i]
				if u == v {
					continue
				}
				sl := &slots[comm[u]]
				if sl.acc == untouched {
					sl.acc = float64(wt[i])
					touched = append(touched, comm[u])
				} else {
					sl.acc += float64(wt[i])
				}
			}
			wv := nw[v]
			sv := scale * wv
			sc := &slots[cur]
			sc.tot -= wv
			best := cur
			stay := -sv * sc.tot
			if sc.acc != untouched {
				stay += sc.acc
			}
			bestGain := stay
			for _, c := range touched {
				sl := &slots[c]
				if gain := sl.acc - sv*sl.tot; gain > bestGain {
					best, bestGain = c, gain
				}
				sl.acc = untouched
			}
			touched = touched[:0]
			slots[best].tot += wv
			if best != cur {
				comm[v] = best
				moves++
				gained += bestGain - stay
			}
		}
		if moves > 0 {
			moved = true
		}
		if moves == 0 || gained < minGain {
			break
		}
	}
	s.touched = touched
	return moved
}
