package analysis

import (
	"fmt"
	"math"
	"slices"
)

// NMI returns the normalised mutual information between two labelings of
// the same nodes, normalised by the arithmetic mean of the entropies
// (Danon, Díaz-Guilera, Duch & Arenas 2005, "Comparing community structure
// identification", J. Stat. Mech. P09008):
//
//	NMI(A,B) = 2 I(A;B) / (H(A) + H(B)),
//	I(A;B) = Σ_ij (n_ij/n) log(n_ij n / (n_i n_j)),  H(A) = −Σ_i (n_i/n) log(n_i/n)
//
// where n_ij counts nodes labelled i in a and j in b. It is 1 for equal
// partitions (up to renaming) and 0 for independent ones; when both
// labelings put every node in one group it is 1. Labels may be any int32.
// It panics if the lengths differ.
func NMI(a, b []int32) float64 {
	if len(a) != len(b) {
		panic(fmt.Sprintf("analysis: NMI of labelings of lengths %d and %d", len(a), len(b)))
	}
	n := len(a)
	if n == 0 {
		return 1
	}
	key := func(x, y int32) uint64 { return uint64(uint32(x))<<32 | uint64(uint32(y)) }
	pairs := make([]uint64, n)
	for i := range a {
		pairs[i] = key(a[i], b[i])
	}
	slices.Sort(pairs)
	ha := entropyOf(a)
	hb := entropyOf(b)
	if ha+hb == 0 {
		return 1
	}
	var mi float64
	nf := float64(n)
	// Marginal counts, looked up by label after sorting.
	ca := countsOf(a)
	cb := countsOf(b)
	for i := 0; i < n; {
		j := i
		for j < n && pairs[j] == pairs[i] {
			j++
		}
		nij := float64(j - i)
		x := int32(uint32(pairs[i] >> 32))
		y := int32(uint32(pairs[i]))
		mi += nij / nf * math.Log(nij*nf/(ca[x]*cb[y]))
		i = j
	}
	return max(0, min(1, 2*mi/(ha+hb)))
}

func countsOf(a []int32) map[int32]float64 {
	c := make(map[int32]float64)
	for _, x := range a {
		c[x]++
	}
	return c
}

// entropyOf returns the Shannon entropy (nats) of a labeling, summed in
// label order so the result does not depend on map iteration.
func entropyOf(a []int32) float64 {
	s := slices.Clone(a)
	slices.Sort(s)
	n := float64(len(s))
	var h float64
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && s[j] == s[i] {
			j++
		}
		p := float64(j-i) / n
		h -= p * math.Log(p)
		i = j
	}
	return h
}
