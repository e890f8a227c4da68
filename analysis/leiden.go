package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
)

// Objective is the quality function a community detection optimises.
type Objective int

const (
	// ObjectiveModularity is modularity with resolution γ (see Modularity).
	ObjectiveModularity Objective = iota
	// ObjectiveCPM is the Constant Potts Model with resolution γ (see CPM).
	ObjectiveCPM
)

func (o Objective) String() string {
	switch o {
	case ObjectiveModularity:
		return "modularity"
	case ObjectiveCPM:
		return "cpm"
	}
	return fmt.Sprintf("Objective(%d)", int(o))
}

// LeidenOptions configures Leiden. The zero value means modularity at
// resolution 1, seed 0, iterate until stable, θ = 0.01.
type LeidenOptions struct {
	Objective Objective
	// Resolution γ; 0 means 1. Must not be negative.
	Resolution float64
	// Seed fixes every random choice: equal seeds give equal partitions.
	Seed int64
	// MaxIterations bounds the number of full Leiden iterations, each
	// starting from the previous partition. ≤ 0 iterates until an
	// iteration changes nothing (at most maxStableIterations).
	MaxIterations int
	// Randomness θ of the refinement step; ≤ 0 means 0.01. Smaller values
	// make refinement merges greedier.
	Randomness float64
	// Progress, if set, is called with the fraction of work done, ending
	// with 1.
	Progress func(done float64)
}

// maxStableIterations caps "until stable" runs. Every iteration that
// changes the partition strictly raises quality, so it ends; the cap only
// guards against round-off cycling between tied moves.
const maxStableIterations = 100

// Leiden partitions g into communities with the Leiden algorithm (Traag,
// Waltman & van Eck 2019, "From Louvain to Leiden: guaranteeing
// well-connected communities", Sci. Rep. 9:5233). Each iteration repeats,
// level by level:
//
//  1. Fast local moving: nodes are visited from a queue (initially all
//     nodes in random order); a node moves to the neighbouring (or an
//     empty) community with the largest gain
//     ΔH(v→C) = w_vC − s·a_v·A_C, and its neighbours outside the new
//     community rejoin the queue. Here w_vC is the edge weight between v
//     and C, a_v the node weight, A_C the summed node weight of C, and
//     s = γ/(2m) with a = strength for modularity, s = γ with a = node
//     count for CPM.
//  2. Refinement: within each community S every node starts alone; in
//     random order, each still-singleton node v that is well connected,
//     w_v,S−v ≥ s·a_v·(A_S − a_v), joins a well-connected refined
//     community C ⊆ S (E(C, S−C) ≥ s·A_C·(A_S − A_C)) with ΔH ≥ 0, chosen
//     with probability ∝ exp(ΔH/θ).
//  3. Aggregation on the refined partition; the aggregate's initial
//     partition comes from the unrefined one.
//
// The levels stop when local moving leaves every aggregate node in its own
// community. Every returned community is connected (a final pass splits
// any community whose members are not joined, which only raises quality,
// though the refinement already guarantees it). g must have non-negative
// weights.
//
// Local moving is sequential; refinement and aggregation split their work
// between two goroutines in fixed halves, and each community is refined
// with its own random stream derived from the seed, so a seed gives the
// same partition on any machine and at any GOMAXPROCS.
func Leiden(g *Graph, opts LeidenOptions) Partition {
	gamma := opts.Resolution
	if gamma == 0 {
		gamma = 1
	}
	if gamma < 0 || math.IsNaN(gamma) {
		panic(fmt.Sprintf("analysis: invalid resolution %v", opts.Resolution))
	}
	theta := opts.Randomness
	if theta <= 0 {
		theta = 0.01
	}
	n := g.N()
	memb := make([]int32, n)
	for i := range memb {
		memb[i] = int32(i)
	}
	quality := func() float64 {
		if opts.Objective == ObjectiveCPM {
			return CPM(g, memb, gamma)
		}
		return Modularity(g, memb, gamma)
	}
	if n == 0 {
		return Partition{Membership: memb}
	}
	var nw []float64
	var scale float64
	switch opts.Objective {
	case ObjectiveModularity:
		nw = g.str
		if g.total == 0 {
			k, _ := splitDisconnected(g, memb)
			return Partition{Membership: memb, Communities: k, Quality: quality()}
		}
		scale = gamma / g.total
	case ObjectiveCPM:
		nw = make([]float64, n)
		for i := range nw {
			nw[i] = 1
		}
		scale = gamma
	default:
		panic(fmt.Sprintf("analysis: unknown objective %d", int(opts.Objective)))
	}
	s := newMover(n, newRand(opts.Seed))
	s.theta = theta
	maxIt := opts.MaxIterations
	if maxIt <= 0 {
		maxIt = maxStableIterations
	}
	for it := 0; it < maxIt; it++ {
		changed := s.leidenIteration(g, nw, scale, memb)
		if opts.Progress != nil {
			if opts.MaxIterations > 0 {
				opts.Progress(float64(it+1) / float64(maxIt))
			} else {
				opts.Progress(1 - math.Pow(0.5, float64(it+1)))
			}
		}
		if !changed {
			break
		}
	}
	k, _ := splitDisconnected(g, memb)
	if opts.Progress != nil {
		opts.Progress(1)
	}
	return Partition{Membership: memb, Communities: k, Quality: quality()}
}

// mover holds the work arrays of local moving and refinement, sized for
// the input graph and reused at every level.
type mover struct {
	rng   *rand.Rand
	theta float64

	comm, comm2, nodeMap, scratch []int32

	slots   []moveSlot // per community: edge weight from the current node, total node weight
	commN   []int32    // nodes per community
	commTot []float64  // total node weight per community, for refinement
	empty   []int32    // ids of empty communities
	queue   []int32
	inQ     []bool
	touched []int32

	ref   []int32 // refined community of each node
	refN  []int32 // nodes per refined community
	start []int32 // bucket offsets of nodes by community
	order []int32
	work  [2]*refineScratch
	agg   aggregator
}

// moveSlot keeps together the two values local moving reads for a
// candidate community, so that one cache miss fetches both.
type moveSlot struct {
	acc float64 // edge weight from the node being moved; untouched if none
	tot float64 // summed node weight of the community
}

// refSlot is the refinement's per refined community state.
type refSlot struct {
	acc float64 // edge weight from the node being merged; untouched if none
	w   float64 // summed node weight
	ext float64 // edge weight to the rest of the enclosing community
}

// untouched marks an accumulator that no arc has reached. Weights are
// never negative, so no sum can equal it.
const untouched = -1.0

func newMover(n int, rng *rand.Rand) *mover {
	return &mover{
		rng:     rng,
		comm:    make([]int32, n),
		comm2:   make([]int32, n),
		nodeMap: make([]int32, n),
		scratch: make([]int32, n+1),
		slots:   make([]moveSlot, n),
		commN:   make([]int32, n),
		empty:   make([]int32, 0, n),
		queue:   make([]int32, n),
		inQ:     make([]bool, n),
	}
}

// leidenIteration runs one Leiden iteration starting from memb (node →
// community on g), writes the result back to memb and reports whether any
// node moved.
func (s *mover) leidenIteration(g0 *Graph, nw0 []float64, scale float64, memb []int32) (changed bool) {
	n0 := g0.N()
	comm := s.comm[:n0]
	copy(comm, memb)
	renumber(comm, s.scratch[:n0])
	nodeMap := s.nodeMap[:n0]
	for i := range nodeMap {
		nodeMap[i] = int32(i)
	}
	g, nw := g0, nw0
	for {
		if s.fastMove(g, nw, comm, scale) {
			changed = true
		}
		n := g.N()
		k := renumber(comm, s.scratch[:n])
		if k == n {
			break
		}
		basis, nb := s.refine(g, nw, comm, k, scale)
		if nb == n {
			// Refinement merged nothing: aggregate on the moved partition
			// itself, as the reference implementation does.
			basis, nb = comm, k
		}
		next := s.comm2[:nb]
		for v, r := range basis {
			next[r] = comm[v]
		}
		for i, v := range nodeMap {
			nodeMap[i] = basis[v]
		}
		g, nw = s.agg.aggregate(g, basis, nb, nw)
		s.comm, s.comm2 = s.comm2, s.comm
		comm = next
	}
	for i, v := range nodeMap {
		memb[i] = comm[v]
	}
	return changed
}

// fastMove is the queue-based local moving of Leiden (Algorithm A.2,
// MoveNodesFast). comm holds community labels in [0, n) and is updated in
// place; it reports whether any node moved.
func (s *mover) fastMove(g *Graph, nw []float64, comm []int32, scale float64) (moved bool) {
	n := g.N()
	slots := s.slots[:n]
	commN := s.commN[:n]
	for i := range slots {
		slots[i] = moveSlot{acc: untouched}
	}
	clear(commN)
	for v, c := range comm {
		slots[c].tot += nw[v]
		commN[c]++
	}
	empty := s.empty[:0]
	for c := n - 1; c >= 0; c-- {
		if commN[c] == 0 {
			empty = append(empty, int32(c))
		}
	}
	queue := s.queue[:n]
	for i := range queue {
		queue[i] = int32(i)
	}
	shuffle(s.rng, queue)
	inQ := s.inQ[:n]
	for i := range inQ {
		inQ[i] = true
	}
	touched := s.touched[:0]
	off, adj, wt := g.off, g.adj, g.wt
	head, count := 0, n
	for count > 0 {
		v := queue[head]
		head++
		if head == n {
			head = 0
		}
		count--
		inQ[v] = false
		// Software pipeline over the queue: fetch the row offset of the
		// node pfFar places ahead and the row of the node pfNear places
		// ahead, so that their cache misses overlap this node's work.
		if count > pfFar {
			t := head + pfFar
			if t >= n {
				t -= n
			}
			prefetchElem(off, queue[t])
		}
		if count > pfNear {
			t := head + pfNear
			if t >= n {
				t -= n
			}
			g.prefetchRow(queue[t])
		}
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
		bestGain := -sv * sc.tot
		if sc.acc != untouched {
			bestGain += sc.acc
		}
		for _, c := range touched {
			sl := &slots[c]
			if gain := sl.acc - sv*sl.tot; gain > bestGain {
				best, bestGain = c, gain
			}
			sl.acc = untouched
		}
		touched = touched[:0]
		if bestGain < 0 && commN[cur] > 1 {
			best = empty[len(empty)-1]
			empty = empty[:len(empty)-1]
		}
		slots[best].tot += wv
		if best == cur {
			continue
		}
		commN[cur]--
		if commN[cur] == 0 {
			empty = append(empty, cur)
		}
		commN[best]++
		comm[v] = best
		moved = true
		for i := lo; i < hi; i++ {
			u := adj[i]
			if !inQ[u] && comm[u] != best {
				inQ[u] = true
				t := head + count
				if t >= n {
					t -= n
				}
				queue[t] = u
				count++
			}
		}
	}
	s.touched = touched
	s.empty = empty
	return moved
}

// refineScratch is one refinement worker's private state. Refined
// communities are only touched by the worker refining their enclosing
// community, so their state lives here.
type refineScratch struct {
	slots   []refSlot
	touched []int32
	candR   []int32
	candW   []float64
	pcg     *rand.PCG
	rng     *rand.Rand
}

// expFloor is the exponent below which a refinement candidate's weight
// exp(ΔH/θ − max/θ) (< 2e-22 of the best candidate's) is taken as zero,
// which spares the exponential for all but near-best candidates.
const expFloor = -50

// refine returns the refined partition of comm (labels in [0, k)),
// numbered 0..nr-1 by first node (Algorithm A.2, RefinePartition and
// MergeNodesSubset). Communities are refined independently, each with its
// own random stream drawn from the level's seed, so they are split between
// two goroutines in fixed halves without changing the result.
func (s *mover) refine(g *Graph, nw []float64, comm []int32, k int, scale float64) (ref []int32, nr int) {
	n := g.N()
	if s.ref == nil {
		n0 := len(s.comm)
		s.ref = make([]int32, n0)
		s.refN = make([]int32, n0)
		s.start = make([]int32, n0+1)
		s.order = make([]int32, n0)
		s.commTot = make([]float64, n0)
	}
	ref = s.ref[:n]
	start, order := s.start[:k+1], s.order[:n]
	commTot := s.commTot[:k]
	clear(start)
	clear(commTot)
	for v, c := range comm {
		start[c+1]++
		commTot[c] += nw[v]
	}
	for c := 1; c <= k; c++ {
		start[c] += start[c-1]
	}
	pos := s.scratch[:k]
	copy(pos, start[:k])
	for v, c := range comm {
		order[pos[c]] = int32(v)
		pos[c]++
	}
	levelSeed := s.rng.Uint64()
	parts := 1
	var cuts []int32
	if len(g.adj) >= parallelMin && k > 1 {
		parts = 2
		commArcs := make([]int64, k+1)
		for c := range k {
			var a int64
			for _, v := range order[start[c]:start[c+1]] {
				a += g.off[v+1] - g.off[v]
			}
			commArcs[c+1] = commArcs[c] + a
		}
		cuts = splitRows(commArcs, 2)
	} else {
		cuts = []int32{0, int32(k)}
	}
	for p := range parts {
		if s.work[p] == nil {
			w := &refineScratch{pcg: rand.NewPCG(0, 0), slots: make([]refSlot, len(s.comm))}
			for i := range w.slots {
				w.slots[i].acc = untouched
			}
			w.rng = rand.New(w.pcg)
			s.work[p] = w
		}
	}
	run := func(p int) {
		s.refineRange(g, nw, comm, scale, levelSeed, cuts[p], cuts[p+1], s.work[p])
	}
	if parts == 1 {
		run(0)
	} else {
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { defer wg.Done(); run(1) }()
		run(0)
		wg.Wait()
	}
	// Every merge points at a root that never moves again (only singletons
	// move), so ref already names each node's refined community.
	nr = renumber(ref, s.scratch[:n])
	return ref, nr
}

// refineRange refines communities lo..hi-1.
func (s *mover) refineRange(g *Graph, nw []float64, comm []int32, scale float64, levelSeed uint64, lo, hi int32, w *refineScratch) {
	n := g.N()
	ref, refN := s.ref[:n], s.refN[:n]
	slots := w.slots[:n]
	touched := w.touched[:0]
	off, adj, wt := g.off, g.adj, g.wt
	theta := s.theta
	for c := lo; c < hi; c++ {
		members := s.order[s.start[c]:s.start[c+1]]
		for j, v := range members {
			g.prefetchAhead(members, j)
			ref[v] = v
			refN[v] = 1
			var ext float64
			for i := off[v]; i < off[v+1]; i++ {
				if u := adj[i]; u != v && comm[u] == c {
					ext += float64(wt[i])
				}
			}
			slots[v].w = nw[v]
			slots[v].ext = ext
		}
		if len(members) < 2 {
			continue
		}
		w.pcg.Seed(levelSeed, uint64(c))
		shuffle(w.rng, members)
		tot := s.commTot[c]
		for j, v := range members {
			g.prefetchAhead(members, j)
			if ref[v] != v || refN[v] != 1 {
				continue // no longer a singleton
			}
			wv := nw[v]
			sv := scale * wv
			if slots[v].ext < sv*(tot-wv) {
				continue // not well connected to its community
			}
			for i := off[v]; i < off[v+1]; i++ {
				u := adj[i]
				if u == v || comm[u] != c {
					continue
				}
				r := ref[u]
				sl := &slots[r]
				if sl.acc == untouched {
					sl.acc = float64(wt[i])
					touched = append(touched, r)
				} else {
					sl.acc += float64(wt[i])
				}
			}
			// Candidates: v's own singleton (gain 0) and every
			// well-connected neighbouring refined community with gain ≥ 0.
			candR := append(w.candR[:0], v)
			candW := append(w.candW[:0], 0)
			maxGain := 0.0
			for _, r := range touched {
				sl := &slots[r]
				if sl.ext < scale*sl.w*(tot-sl.w) {
					continue
				}
				gain := sl.acc - sv*sl.w
				if gain < 0 {
					continue
				}
				candR = append(candR, r)
				candW = append(candW, gain)
				maxGain = max(maxGain, gain)
			}
			chosen := v
			if len(candR) > 1 {
				var cum float64
				for i, gain := range candW {
					if x := (gain - maxGain) / theta; x > expFloor {
						cum += math.Exp(x)
					}
					candW[i] = cum
				}
				x := w.rng.Float64() * cum
				j := 0
				for j < len(candW)-1 && candW[j] <= x {
					j++
				}
				chosen = candR[j]
			}
			if chosen != v {
				sc := &slots[chosen]
				ref[v] = chosen
				refN[v] = 0
				refN[chosen]++
				sc.w += wv
				sc.ext += slots[v].ext - 2*sc.acc
			}
			for _, r := range touched {
				slots[r].acc = untouched
			}
			touched = touched[:0]
			w.candR, w.candW = candR, candW
		}
	}
	w.touched = touched
}
