package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"sync/atomic"
)

// PlantedPartition generates a planted-partition graph (a stochastic block
// model; Condon & Karp 2001, "Algorithms for graph partitioning on the
// planted partition model", Random Struct. Alg. 18(2):116) and its planted
// communities. Nodes are dealt at random into k communities whose sizes
// differ by at most one. Each pair inside a community of size s is an edge
// with probability p_in = avgDegree·(1−mixing)/(s−1), each pair across
// communities with probability p_out = avgDegree·mixing/(n − n/k), so a
// node's expected degree is avgDegree with a fraction mixing of its edges
// leaving its community (probabilities above 1 are capped at 1). There are
// no self-loops or repeated edges.
//
// Pairs are sampled by geometric skipping (Batagelj & Brandes 2005,
// "Efficient generation of large random networks", Phys. Rev. E
// 71:036113), in O(n + edges) time. Each community's block is drawn from
// its own random stream derived from seed, on two goroutines, so the result
// depends only on the arguments.
func PlantedPartition(n, k int, avgDegree, mixing float64, seed int64) (*Graph, []int32) {
	if n < 0 || n > math.MaxInt32 || k < 1 || k > max(n, 1) {
		panic(fmt.Sprintf("analysis: planted partition needs 1 ≤ k ≤ n, got n=%d k=%d", n, k))
	}
	if !(avgDegree >= 0) || !(mixing >= 0 && mixing <= 1) {
		panic(fmt.Sprintf("analysis: planted partition needs avgDegree ≥ 0 and 0 ≤ mixing ≤ 1, got %v, %v", avgDegree, mixing))
	}
	perm := make([]int32, n)
	for i := range perm {
		perm[i] = int32(i)
	}
	shuffle(newRand(seed), perm)
	memb := make([]int32, n)
	bound := func(c int) int { return c * n / k }
	for c := range k {
		for _, v := range perm[bound(c):bound(c+1)] {
			memb[v] = int32(c)
		}
	}
	pOut := 0.0
	if k > 1 {
		pOut = min(1, avgDegree*mixing/float64(n-n/k))
	}
	type block struct{ us, vs []int32 }
	blocks := make([]block, k)
	var nextTask atomic.Int64
	work := func() {
		for {
			c := int(nextTask.Add(1) - 1)
			if c >= k {
				return
			}
			rng := rand.New(rand.NewPCG(uint64(seed), 0x632be59bd9b4e019^uint64(c)*0x9e3779b97f4a7c15))
			lo, hi := bound(c), bound(c+1)
			in := perm[lo:hi]
			s := len(in)
			pIn := 0.0
			if s > 1 {
				pIn = min(1, avgDegree*(1-mixing)/float64(s-1))
			}
			expect := float64(s) * avgDegree / 2 * 1.1
			b := block{make([]int32, 0, int(expect)+16), make([]int32, 0, int(expect)+16)}
			// Pairs (v, w), w < v, inside the community.
			if pIn > 0 {
				geometricPairs(rng, pIn, int64(s)*int64(s-1)/2, func(idx int64) {
					// Row v holds pairs idx in [v(v-1)/2, v(v+1)/2).
					v := int64((1 + math.Sqrt(1+8*float64(idx))) / 2)
					for v*(v-1)/2 > idx {
						v--
					}
					for (v+1)*v/2 <= idx {
						v++
					}
					w := idx - v*(v-1)/2
					b.us = append(b.us, in[v])
					b.vs = append(b.vs, in[w])
				})
			}
			// Pairs between this community and every later one; the later
			// communities are contiguous in perm.
			right := perm[hi:]
			if pOut > 0 && len(right) > 0 {
				r := int64(len(right))
				geometricPairs(rng, pOut, int64(s)*r, func(idx int64) {
					b.us = append(b.us, in[idx/r])
					b.vs = append(b.vs, right[idx%r])
				})
			}
			blocks[c] = b
		}
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); work() }()
	work()
	wg.Wait()
	total := 0
	for _, b := range blocks {
		total += len(b.us)
	}
	bl := NewBuilder(n, total)
	for c := range blocks {
		b := &blocks[c]
		bl.us = append(bl.us, b.us...)
		bl.vs = append(bl.vs, b.vs...)
		*b = block{}
	}
	return bl.Build(), memb
}

// geometricPairs calls emit for each index in [0, total) independently with
// probability p, jumping between hits by geometric skips.
func geometricPairs(rng *rand.Rand, p float64, total int64, emit func(int64)) {
	if p >= 1 {
		for i := range total {
			emit(i)
		}
		return
	}
	lq := math.Log1p(-p)
	idx := int64(-1)
	for {
		skip := math.Floor(math.Log(1-rng.Float64()) / lq)
		if skip >= float64(total) {
			return
		}
		idx += 1 + int64(skip)
		if idx >= total {
			return
		}
		emit(idx)
	}
}
