package analysis

import (
	"container/heap"
	"math"
	"sync"
)

// pageRankChunks is the fixed number of row blocks PageRank sums over, so
// its round-off, and hence its result, does not depend on the machine.
const pageRankChunks = 8

// PageRank returns the weighted PageRank of every node (Page, Brin, Motwani
// & Winograd 1999, "The PageRank citation ranking: bringing order to the
// web", Stanford InfoLab 1999-66). A walker at u follows an edge to v with
// probability d·A_uv/k_u and jumps to a uniform node with probability
// 1 − d; a dangling node (strength 0) jumps uniformly with probability 1:
//
//	x_v ← (1 − d)/n + d·( Σ_u A_uv x_u / k_u + Σ_{k_u=0} x_u / n )
//
// starting from x = 1/n, until the L1 change Σ_v |Δx_v| < tol or maxIter
// iterations (maxIter ≤ 0 means 100). The result sums to 1. Rows are
// processed on two goroutines over fixed blocks.
func PageRank(g *Graph, damping, tol float64, maxIter int) []float64 {
	n := g.N()
	if n == 0 {
		return nil
	}
	if maxIter <= 0 {
		maxIter = 100
	}
	x := make([]float64, n)
	y := make([]float64, n) // x_u / k_u
	nx := make([]float64, n)
	for i := range x {
		x[i] = 1 / float64(n)
	}
	chunks := min(pageRankChunks, n)
	cuts := splitRows(g.off, chunks)
	diffs := make([]float64, chunks)
	dang := make([]float64, chunks)
	workers := 1
	if len(g.adj) >= parallelMin {
		workers = 2
	}
	each := func(fn func(c int)) {
		if workers == 1 {
			for c := range chunks {
				fn(c)
			}
			return
		}
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := 1; c < chunks; c += 2 {
				fn(c)
			}
		}()
		for c := 0; c < chunks; c += 2 {
			fn(c)
		}
		wg.Wait()
	}
	for range maxIter {
		each(func(c int) {
			var d float64
			for u := cuts[c]; u < cuts[c+1]; u++ {
				if k := g.str[u]; k > 0 {
					y[u] = x[u] / k
				} else {
					y[u] = 0
					d += x[u]
				}
			}
			dang[c] = d
		})
		var dsum float64
		for _, d := range dang {
			dsum += d
		}
		base := (1-damping)/float64(n) + damping*dsum/float64(n)
		each(func(c int) {
			var diff float64
			for v := cuts[c]; v < cuts[c+1]; v++ {
				var s float64
				for i := g.off[v]; i < g.off[v+1]; i++ {
					s += float64(g.wt[i]) * y[g.adj[i]]
				}
				nv := base + damping*s
				nx[v] = nv
				diff += math.Abs(nv - x[v])
			}
			diffs[c] = diff
		})
		x, nx = nx, x
		var diff float64
		for _, d := range diffs {
			diff += d
		}
		if diff < tol {
			break
		}
	}
	var sum float64
	for _, v := range x {
		sum += v
	}
	for i := range x {
		x[i] /= sum
	}
	return x
}

// Betweenness returns the betweenness centrality of every node by hop
// count, ignoring weights (Brandes 2001, "A faster algorithm for
// betweenness centrality", J. Math. Sociol. 25(2):163):
//
//	C_B(v) = Σ_{s<t, s≠v≠t} σ_st(v)/σ_st
//
// over unordered pairs {s,t}, where σ_st counts shortest paths from s to t
// and σ_st(v) those through v (half the ordered-pair sum). It costs
// O(n·m) time, so it is meant for cluster-sized subgraphs (see Subgraph).
// Sources are split between two goroutines in fixed halves whose sums are
// added in a fixed order, so results do not depend on scheduling.
func Betweenness(g *Graph) []float64 {
	return brandes(g, false)
}

// BetweennessWeighted is Betweenness over weighted shortest paths, taking
// the length of an edge of weight w as 1/w (a strong tie is a short
// distance); zero-weight edges are not traversed. Paths of equal length
// must compare equal in floating point to count as ties.
func BetweennessWeighted(g *Graph) []float64 {
	return brandes(g, true)
}

func brandes(g *Graph, weighted bool) []float64 {
	n := g.N()
	parts := 1
	if n >= 64 {
		parts = 2
	}
	acc := make([][]float64, parts)
	var wg sync.WaitGroup
	for p := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lo, hi := p*n/parts, (p+1)*n/parts
			acc[p] = brandesRange(g, weighted, int32(lo), int32(hi))
		}()
	}
	wg.Wait()
	cb := acc[0]
	for p := 1; p < parts; p++ {
		for i, v := range acc[p] {
			cb[i] += v
		}
	}
	for i := range cb {
		cb[i] /= 2
	}
	return cb
}

func brandesRange(g *Graph, weighted bool, lo, hi int32) []float64 {
	n := g.N()
	cb := make([]float64, n)
	sigma := make([]float64, n)
	delta := make([]float64, n)
	dist := make([]float64, n)
	// Predecessor lists in one flat array: pred[predOff[v]:predOff[v]+predN[v]].
	predN := make([]int32, n)
	pred := make([]int32, len(g.adj))
	stack := make([]int32, 0, n)
	queue := make([]int32, 0, n)
	settled := make([]bool, n)
	h := &distHeap{}
	for s := lo; s < hi; s++ {
		for i := range n {
			sigma[i] = 0
			delta[i] = 0
			dist[i] = -1
			predN[i] = 0
			settled[i] = false
		}
		sigma[s] = 1
		dist[s] = 0
		stack = stack[:0]
		addPred := func(v, p int32) {
			pred[g.off[v]+int64(predN[v])] = p
			predN[v]++
		}
		if !weighted {
			queue = append(queue[:0], s)
			for q := 0; q < len(queue); q++ {
				v := queue[q]
				stack = append(stack, v)
				for i := g.off[v]; i < g.off[v+1]; i++ {
					u := g.adj[i]
					if u == v {
						continue
					}
					if dist[u] < 0 {
						dist[u] = dist[v] + 1
						queue = append(queue, u)
					}
					if dist[u] == dist[v]+1 {
						sigma[u] += sigma[v]
						addPred(u, v)
					}
				}
			}
		} else {
			h.items = h.items[:0]
			heap.Push(h, distItem{s, 0})
			for h.Len() > 0 {
				it := heap.Pop(h).(distItem)
				v := it.v
				if settled[v] || it.d > dist[v] {
					continue // stale entry
				}
				settled[v] = true
				stack = append(stack, v)
				for i := g.off[v]; i < g.off[v+1]; i++ {
					u := g.adj[i]
					w := float64(g.wt[i])
					if u == v || w <= 0 || settled[u] {
						continue
					}
					d := dist[v] + 1/w
					switch {
					case dist[u] < 0 || d < dist[u]:
						dist[u] = d
						sigma[u] = sigma[v]
						predN[u] = 0
						addPred(u, v)
						heap.Push(h, distItem{u, d})
					case d == dist[u]:
						sigma[u] += sigma[v]
						addPred(u, v)
					}
				}
			}
		}
		for i := len(stack) - 1; i >= 0; i-- {
			w := stack[i]
			ps := pred[g.off[w] : g.off[w]+int64(predN[w])]
			for _, v := range ps {
				delta[v] += sigma[v] / sigma[w] * (1 + delta[w])
			}
			if w != s {
				cb[w] += delta[w]
			}
		}
	}
	return cb
}

type distItem struct {
	v int32
	d float64
}

type distHeap struct{ items []distItem }

func (h *distHeap) Len() int { return len(h.items) }
func (h *distHeap) Less(i, j int) bool {
	if h.items[i].d != h.items[j].d {
		return h.items[i].d < h.items[j].d
	}
	return h.items[i].v < h.items[j].v
}
func (h *distHeap) Swap(i, j int) { h.items[i], h.items[j] = h.items[j], h.items[i] }
func (h *distHeap) Push(x any)    { h.items = append(h.items, x.(distItem)) }
func (h *distHeap) Pop() any {
	it := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	return it
}
