package analysis

import (
	"math/rand/v2"
	"sync"
)

// Partition is a division of a graph's nodes into communities.
type Partition struct {
	// Membership[u] is the community of node u, in 0..Communities-1.
	// Communities are numbered in order of their lowest node, so equal
	// partitions always carry equal numbers.
	Membership []int32
	// Communities is the number of communities.
	Communities int
	// Quality is the objective the partition was optimised for (modularity
	// unless the Constant Potts Model was asked for), evaluated at the
	// resolution used.
	Quality float64
}

// newRand returns the generator for seed; the stream is fixed by the seed.
func newRand(seed int64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15))
}

// shuffle permutes s uniformly (Fisher–Yates).
func shuffle(r *rand.Rand, s []int32) {
	for i := len(s) - 1; i > 0; i-- {
		j := int(r.Uint64N(uint64(i + 1)))
		s[i], s[j] = s[j], s[i]
	}
}

// renumber relabels memb in place by order of first appearance and returns
// the number of labels. Labels must lie in [0, len(scratch)); scratch is
// overwritten.
func renumber(memb []int32, scratch []int32) int {
	for i := range scratch {
		scratch[i] = -1
	}
	k := int32(0)
	for i, c := range memb {
		if scratch[c] < 0 {
			scratch[c] = k
			k++
		}
		memb[i] = scratch[c]
	}
	return int(k)
}

// splitDisconnected relabels memb so that every community is connected:
// a community whose induced subgraph falls apart becomes one community per
// piece. For both modularity and CPM this never lowers quality, since no
// edge joins the pieces. Labels come out numbered by lowest node. It
// returns the number of communities and how many more there are than
// before.
func splitDisconnected(g *Graph, memb []int32) (k, extra int) {
	n := g.N()
	label := make([]int32, n)
	for i := range label {
		label[i] = -1
	}
	before := make([]bool, n+1)
	distinct := 0
	queue := make([]int32, 0, 64)
	for s := int32(0); int(s) < n; s++ {
		if !before[memb[s]] {
			before[memb[s]] = true
			distinct++
		}
		if label[s] >= 0 {
			continue
		}
		c := memb[s]
		id := int32(k)
		k++
		label[s] = id
		queue = append(queue[:0], s)
		for h := 0; h < len(queue); h++ {
			v := queue[h]
			for i := g.off[v]; i < g.off[v+1]; i++ {
				u := g.adj[i]
				if label[u] < 0 && memb[u] == c {
					label[u] = id
					queue = append(queue, u)
				}
			}
		}
	}
	copy(memb, label)
	return k, k - distinct
}

// aggregator builds level graphs into two reusable slots, used
// alternately: a level is always built from the graph in the other slot (or
// from the caller's graph), so the arrays are allocated once per run rather
// than once per level.
type aggregator struct {
	slots    [2]graphSlot
	next     int
	start    []int32
	order    []int32
	commArcs []int64
	scr      [2]aggScratch
}

type graphSlot struct {
	off     []int64
	adj     []int32
	wt      []float32
	str, nw []float64
}

type aggScratch struct {
	acc     []float64
	seen    []bool
	touched []int32
}

// grow returns s resliced to n, reallocating with headroom when short.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n, n+n/8)
	}
	return s[:n]
}

// aggregate returns the graph whose node c stands for community c of memb
// (labels in [0, k)): A'_cd = Σ_{i∈c, j∈d} A_ij, so A'_cc collects the
// arcs inside c and strengths are preserved. It also returns the summed
// node weights. Rows are built in two passes (count, then fill) so the
// arrays are filled to their exact size; both passes run on two goroutines
// over fixed halves of the communities. The result lives in one of the
// aggregator's slots and is overwritten two calls later.
func (a *aggregator) aggregate(g *Graph, memb []int32, k int, nw []float64) (*Graph, []float64) {
	n := g.N()
	slot := &a.slots[a.next]
	a.next ^= 1
	start := grow(a.start, k+1)
	clear(start)
	for _, c := range memb {
		start[c+1]++
	}
	for c := 1; c <= k; c++ {
		start[c] += start[c-1]
	}
	order := grow(a.order, n)
	slot.nw = grow(slot.nw, k)
	nwNext := slot.nw
	clear(nwNext)
	// Fill order from the back so that no position array is needed:
	// start[c+1] is decremented down to start[c].
	for v := n - 1; v >= 0; v-- {
		c := memb[v]
		start[c+1]--
		order[start[c+1]] = int32(v)
	}
	// start[c+1] now holds the first position of community c: shift back.
	copy(start[:k], start[1:k+1])
	start[k] = int32(n)
	for v, c := range memb {
		nwNext[c] += nw[v]
	}
	a.start, a.order = start, order
	parts := 1
	if len(g.adj) >= parallelMin {
		parts = 2
	}
	cuts := []int32{0, int32(k)}
	if parts == 2 {
		commArcs := grow(a.commArcs, k+1)
		commArcs[0] = 0
		for c := range k {
			var arcs int64
			for _, v := range order[start[c]:start[c+1]] {
				arcs += g.off[v+1] - g.off[v]
			}
			commArcs[c+1] = commArcs[c] + arcs
		}
		cuts = splitRows(commArcs, 2)
		a.commArcs = commArcs
	}
	slot.off = grow(slot.off, k+1)
	off := slot.off
	for p := range parts {
		s := &a.scr[p]
		if cap(s.acc) < k {
			s.acc = make([]float64, k, k+k/8)
			s.seen = make([]bool, k, k+k/8)
		}
		s.acc, s.seen = s.acc[:k], s.seen[:k]
	}
	run := func(fn func(s *aggScratch, lo, hi int32)) {
		if parts == 1 {
			fn(&a.scr[0], cuts[0], cuts[1])
			return
		}
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { defer wg.Done(); fn(&a.scr[1], cuts[1], cuts[2]) }()
		fn(&a.scr[0], cuts[0], cuts[1])
		wg.Wait()
	}
	// Pass 1: distinct neighbour communities per community.
	run(func(s *aggScratch, lo, hi int32) {
		span := order[start[lo]:start[hi]]
		base := int(start[lo])
		for c := lo; c < hi; c++ {
			for j := int(start[c]) - base; j < int(start[c+1])-base; j++ {
				g.prefetchAhead(span, j)
				v := span[j]
				for i := g.off[v]; i < g.off[v+1]; i++ {
					d := memb[g.adj[i]]
					if !s.seen[d] {
						s.seen[d] = true
						s.touched = append(s.touched, d)
					}
				}
			}
			off[c+1] = int64(len(s.touched))
			for _, d := range s.touched {
				s.seen[d] = false
			}
			s.touched = s.touched[:0]
		}
	})
	off[0] = 0
	for c := 1; c <= k; c++ {
		off[c] += off[c-1]
	}
	slot.adj = grow(slot.adj, int(off[k]))
	slot.wt = grow(slot.wt, int(off[k]))
	slot.str = grow(slot.str, k)
	adj, wt, str := slot.adj, slot.wt, slot.str
	// Pass 2: fill rows.
	run(func(s *aggScratch, lo, hi int32) {
		span := order[start[lo]:start[hi]]
		base := int(start[lo])
		for c := lo; c < hi; c++ {
			for j := int(start[c]) - base; j < int(start[c+1])-base; j++ {
				g.prefetchAhead(span, j)
				v := span[j]
				for i := g.off[v]; i < g.off[v+1]; i++ {
					d := memb[g.adj[i]]
					if !s.seen[d] {
						s.seen[d] = true
						s.touched = append(s.touched, d)
					}
					s.acc[d] += float64(g.wt[i])
				}
			}
			o := off[c]
			var sum float64
			for j, d := range s.touched {
				adj[o+int64(j)] = d
				wt[o+int64(j)] = float32(s.acc[d])
				sum += s.acc[d]
				s.acc[d] = 0
				s.seen[d] = false
			}
			str[c] = sum
			s.touched = s.touched[:0]
		}
	})
	var total float64
	for c := 0; c < k; c++ {
		total += str[c]
	}
	return &Graph{off: off, adj: adj, wt: wt, str: str, total: total}, nwNext
}
