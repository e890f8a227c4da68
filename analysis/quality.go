package analysis

import "fmt"

// communityCount checks membership against g and returns max+1.
func communityCount(g *Graph, membership []int32) int {
	if len(membership) != g.N() {
		panic(fmt.Sprintf("analysis: membership has %d entries for %d nodes", len(membership), g.N()))
	}
	k := int32(-1)
	for _, c := range membership {
		if c < 0 {
			panic(fmt.Sprintf("analysis: negative community %d", c))
		}
		if c > k {
			k = c
		}
	}
	return int(k + 1)
}

// internalArcs returns, per community, I_c = Σ_{i,j∈c} A_ij (each internal
// edge twice, each self-loop as A_ii = 2w).
func internalArcs(g *Graph, membership []int32, k int) []float64 {
	in := make([]float64, k)
	for u := range g.N() {
		c := membership[u]
		for i := g.off[u]; i < g.off[u+1]; i++ {
			if membership[g.adj[i]] == c {
				in[c] += float64(g.wt[i])
			}
		}
	}
	return in
}

// Modularity returns the modularity of the partition membership (node →
// community, values ≥ 0) at resolution γ (Newman & Girvan 2004, "Finding
// and evaluating community structure in networks", Phys. Rev. E 69:026113;
// resolution as in Reichardt & Bornholdt 2006, Phys. Rev. E 74:016110):
//
//	Q = 1/(2m) Σ_ij [A_ij − γ k_i k_j/(2m)] δ(c_i, c_j)
//	  = Σ_c [ I_c/(2m) − γ (K_c/(2m))² ]
//
// with I_c = Σ_{i,j∈c} A_ij and K_c = Σ_{i∈c} k_i. Self-loops follow the
// Graph convention A_ii = 2w. A graph without edges has Q = 0.
func Modularity(g *Graph, membership []int32, resolution float64) float64 {
	k := communityCount(g, membership)
	m2 := g.total
	if m2 == 0 {
		return 0
	}
	in := internalArcs(g, membership, k)
	tot := make([]float64, k)
	for u, c := range membership {
		tot[c] += g.str[u]
	}
	var q float64
	for c := range k {
		q += in[c] - resolution*tot[c]*tot[c]/m2
	}
	return q / m2
}

// CPM returns the Constant Potts Model quality of the partition at
// resolution γ (Traag, Van Dooren & Nesterov 2011, "Narrow scope for
// resolution-limit-free community detection", Phys. Rev. E 84:016114):
//
//	H = Σ_c [ e_c − γ n_c (n_c − 1)/2 ]
//
// where e_c is the total weight of the edges inside c (self-loops once) and
// n_c the number of nodes in c. It is not normalised.
func CPM(g *Graph, membership []int32, resolution float64) float64 {
	k := communityCount(g, membership)
	in := internalArcs(g, membership, k)
	size := make([]float64, k)
	for _, c := range membership {
		size[c]++
	}
	var h float64
	for c := range k {
		h += in[c]/2 - resolution*size[c]*(size[c]-1)/2
	}
	return h
}
