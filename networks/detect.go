package networks

import (
	"cmp"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/takedown/takedown/analysis"
)

// detection is the partition of the projection into clusters.
type detection struct {
	part        analysis.Partition
	modularity  float64
	communities int
	// Reported clusters, as lists of nodes in node order.
	clusters [][]int32
	// clusterOf[node] is the reported cluster of a node, −1 if none.
	clusterOf []int32
	size      []int // actors per cluster
	signal    []float64
	evCount   [][nEvidence]int
	// inside[c] lists the contributions (indices into projection.edges)
	// inside cluster c.
	inside [][]int32
}

// detect partitions the projection into clusters in three steps.
//
//  1. Leiden (modularity at the configured resolution) over the whole
//     projection.
//  2. Fringe pruning: within each community, members whose strong,
//     medium and coordination weight to the other members is below
//     MinAttachment are removed, repeatedly (a weighted core); a follower
//     or a one-off reply is not a member. What remains is split into
//     connected components.
//  3. Sparse-cut refinement: modularity's resolution limit (Fortunato &
//     Barthélemy 2007, PNAS 104:36) lets a large graph merge small groups
//     joined by a single weak tie, so each community is partitioned again
//     by Leiden on its own subgraph, and every sub-community S whose
//     conductance inside the community, cut(S, C∖S) / min(vol S, vol C∖S),
//     is below SplitConductance is split off; the pieces are refined the
//     same way, to a depth of 3. Sub-communities joined by a dense cut stay
//     together, so a network with internal structure is not broken up.
//     Each piece is pruned again.
//
// Pieces with at least MinSize actors and MinSignal of non-weak weight
// inside are the clusters, numbered by their lowest node.
func detect(p *projection, cfg *Config, progress func(float64), step func(string)) *detection {
	if step == nil {
		step = func(string) {}
	}
	d := &detection{}
	report := func(f float64) {
		if progress != nil {
			progress(f)
		}
	}
	d.part = analysis.Leiden(p.g, analysis.LeidenOptions{
		Objective:     analysis.ObjectiveModularity,
		Resolution:    cfg.Detection.Resolution,
		Seed:          cfg.Detection.Seed,
		MaxIterations: cfg.Detection.MaxIterations,
		Progress:      func(f float64) { report(0.7 * f) },
	})
	d.modularity = d.part.Quality
	d.communities = d.part.Communities
	step("detection.leiden")
	memb := d.part.Membership
	k := d.part.Communities
	// The graph of non-weak evidence, for signal and attachment.
	var sig []analysis.Edge
	for i, e := range p.edges {
		if !p.evid[i].weak() {
			sig = append(sig, e)
		}
	}
	sg := analysis.NewGraph(p.n, sig)
	sig = nil
	actors := func(v int32) int { return int(p.nodeStart[v+1] - p.nodeStart[v]) }
	size := make([]int, k)
	signal := make([]float64, k)
	start := make([]int32, k+1)
	for v, c := range memb {
		size[c] += actors(int32(v))
		start[c+1]++
	}
	sg.Edges(func(u, v int32, w float64) {
		if memb[u] == memb[v] {
			signal[memb[u]] += w
		}
	})
	for c := 1; c <= k; c++ {
		start[c] += start[c-1]
	}
	pos := slices.Clone(start[:k])
	byComm := make([]int32, len(memb))
	for v, c := range memb {
		byComm[pos[c]] = int32(v)
		pos[c]++
	}
	// Candidate communities, largest first for an even spread of work.
	var cand []int
	for c := range k {
		if size[c] >= cfg.Detection.MinSize && signal[c] > 0 && signal[c] >= cfg.Detection.MinSignal {
			cand = append(cand, c)
		}
	}
	slices.SortStableFunc(cand, func(a, b int) int { return cmp.Compare(start[b+1]-start[b], start[a+1]-start[a]) })
	pieces := make([][][]int32, len(cand))
	workers := min(runtime.GOMAXPROCS(0), 2)
	var next, done atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(cand) {
					return
				}
				c := cand[i]
				nodes := byComm[start[c]:start[c+1]]
				// Pruning first leaves refinement only the members that
				// can be in a cluster, a small part of a large community.
				var out [][]int32
				for _, core := range pruneFringe(p.g, sg, nodes, cfg.Detection.MinAttachment) {
					if actorCount(p, core) < cfg.Detection.MinSize {
						continue
					}
					for _, piece := range refineCommunity(p.g, core, cfg, 0) {
						out = append(out, pruneFringe(p.g, sg, piece, cfg.Detection.MinAttachment)...)
					}
				}
				pieces[i] = out
				if n := done.Add(1); n%256 == 0 {
					report(0.7 + 0.3*float64(n)/float64(len(cand)))
				}
			}
		}()
	}
	wg.Wait()
	step("detection.refine")
	var all [][]int32
	for _, ps := range pieces {
		for _, piece := range ps {
			n := 0
			for _, v := range piece {
				n += actors(v)
			}
			if n >= cfg.Detection.MinSize {
				all = append(all, piece)
			}
		}
	}
	slices.SortFunc(all, func(a, b []int32) int { return cmp.Compare(a[0], b[0]) })
	d.clusterOf = make([]int32, len(memb))
	for i := range d.clusterOf {
		d.clusterOf[i] = -1
	}
	for x, piece := range all {
		for _, v := range piece {
			d.clusterOf[v] = int32(x)
		}
	}
	// Signal per piece; pieces below MinSignal are dropped.
	psig := make([]float64, len(all))
	sg.Edges(func(u, v int32, w float64) {
		if x := d.clusterOf[u]; x >= 0 && x == d.clusterOf[v] {
			psig[x] += w
		}
	})
	keep := make([]int32, len(all))
	for x, piece := range all {
		keep[x] = -1
		if psig[x] > 0 && psig[x] >= cfg.Detection.MinSignal {
			keep[x] = int32(len(d.clusters))
			d.clusters = append(d.clusters, piece)
			d.signal = append(d.signal, psig[x])
			n := 0
			for _, v := range piece {
				n += actors(v)
			}
			d.size = append(d.size, n)
		}
	}
	for v, x := range d.clusterOf {
		if x >= 0 {
			d.clusterOf[v] = keep[x]
		}
	}
	nc := len(d.clusters)
	d.evCount = make([][nEvidence]int, nc)
	counts := make([]int32, nc+1)
	for _, e := range p.edges {
		if x := d.clusterOf[e.U]; x >= 0 && x == d.clusterOf[e.V] {
			counts[x+1]++
		}
	}
	for x := 1; x <= nc; x++ {
		counts[x] += counts[x-1]
	}
	inside := make([]int32, counts[nc])
	at := slices.Clone(counts[:nc])
	for i, e := range p.edges {
		if x := d.clusterOf[e.U]; x >= 0 && x == d.clusterOf[e.V] {
			inside[at[x]] = int32(i)
			at[x]++
			d.evCount[x][p.evid[i]]++
		}
	}
	d.inside = make([][]int32, nc)
	for x := range nc {
		d.inside[x] = inside[counts[x]:counts[x+1]:counts[x+1]]
	}
	report(1)
	return d
}

func actorCount(p *projection, nodes []int32) int {
	n := 0
	for _, v := range nodes {
		n += int(p.nodeStart[v+1] - p.nodeStart[v])
	}
	return n
}

// refineCommunity splits nodes (one community, in node order) along sparse
// cuts; see detect. It returns the pieces, each in node order.
func refineCommunity(g *analysis.Graph, nodes []int32, cfg *Config, depth int) [][]int32 {
	if len(nodes) < 4 || depth >= 3 {
		return [][]int32{nodes}
	}
	sub, orig := analysis.Subgraph(g, nodes)
	part := analysis.Leiden(sub, analysis.LeidenOptions{Resolution: 1, Seed: cfg.Detection.Seed + int64(depth), MaxIterations: cfg.Detection.MaxIterations})
	k := part.Communities
	if k < 2 {
		return [][]int32{nodes}
	}
	vol := make([]float64, k)
	cut := make([]float64, k)
	var volC float64
	for u := range sub.N() {
		cu := part.Membership[u]
		nb, ws := sub.Neighbors(int32(u))
		for i, v := range nb {
			vol[cu] += float64(ws[i])
			if part.Membership[v] != cu {
				cut[cu] += float64(ws[i])
			}
		}
		volC += sub.Strength(int32(u))
	}
	sep := make([]bool, k)
	any := false
	for s := range k {
		den := min(vol[s], volC-vol[s])
		if den <= 0 || cut[s]/den < cfg.Detection.SplitConductance {
			sep[s] = true
			any = true
		}
	}
	if !any {
		return [][]int32{nodes}
	}
	parts := make([][]int32, k)
	var rest []int32
	for i, v := range orig {
		s := part.Membership[i]
		if sep[s] {
			parts[s] = append(parts[s], v)
		} else {
			rest = append(rest, v)
		}
	}
	var out [][]int32
	for s := range k {
		if sep[s] {
			out = append(out, refineCommunity(g, parts[s], cfg, depth+1)...)
		}
	}
	if len(rest) > 0 {
		out = append(out, refineCommunity(g, rest, cfg, depth+1)...)
	}
	return out
}

// pruneFringe removes, repeatedly, the nodes of piece whose non-weak
// weight (in sg) to the rest of the piece is below tau, and returns the
// connected components (in g) of what remains, each in node order.
func pruneFringe(g, sg *analysis.Graph, piece []int32, tau float64) [][]int32 {
	if tau > 0 {
		ssub, _ := analysis.Subgraph(sg, piece)
		n := ssub.N()
		att := make([]float64, n)
		for u := range n {
			nb, ws := ssub.Neighbors(int32(u))
			for i, v := range nb {
				if v != int32(u) {
					att[u] += float64(ws[i])
				}
			}
		}
		gone := make([]bool, n)
		var queue []int32
		for u := range n {
			if att[u] < tau {
				gone[u] = true
				queue = append(queue, int32(u))
			}
		}
		for len(queue) > 0 {
			u := queue[len(queue)-1]
			queue = queue[:len(queue)-1]
			nb, ws := ssub.Neighbors(u)
			for i, v := range nb {
				if v == u || gone[v] {
					continue
				}
				att[v] -= float64(ws[i])
				if att[v] < tau-1e-12 {
					gone[v] = true
					queue = append(queue, v)
				}
			}
		}
		kept := piece[:0:0]
		for u, v := range piece {
			if !gone[u] {
				kept = append(kept, v)
			}
		}
		piece = kept
	}
	if len(piece) < 2 {
		if len(piece) == 1 {
			return [][]int32{piece}
		}
		return nil
	}
	sub, orig := analysis.Subgraph(g, piece)
	memb, k := analysis.Components(sub)
	if k == 1 {
		return [][]int32{piece}
	}
	out := make([][]int32, k)
	for i, c := range memb {
		out[c] = append(out[c], orig[i])
	}
	return out
}

// centrality is the key-player measures of one cluster, by local node.
type centrality struct {
	nodes        []int32 // projection nodes, local order
	pagerank     []float64
	betweenness  []float64
	articulation []bool
	sampled      bool
}

// keyPlayers computes PageRank, betweenness and articulation points on
// each cluster's induced subgraph, clusters spread over the machine's
// cores (results are stored by cluster index, so they do not depend on
// scheduling).
func keyPlayers(p *projection, d *detection, cfg *Config, progress func(float64)) []centrality {
	nc := len(d.clusters)
	out := make([]centrality, nc)
	order := make([]int, nc)
	for i := range order {
		order[i] = i
	}
	// Largest first, for an even spread of work.
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(len(d.clusters[b]), len(d.clusters[a])) })
	workers := min(runtime.GOMAXPROCS(0), 2)
	var next, done atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= nc {
					return
				}
				c := order[i]
				out[c] = clusterCentrality(p, d.clusters[c], cfg.KeyPlayers, cfg.Detection.Seed+int64(c))
				if n := done.Add(1); progress != nil && n%256 == 0 {
					progress(float64(n) / float64(nc))
				}
			}
		}()
	}
	wg.Wait()
	return out
}

func clusterCentrality(p *projection, nodes []int32, kc KeyPlayersConfig, seed int64) centrality {
	sub, orig := analysis.Subgraph(p.g, nodes)
	c := centrality{nodes: orig}
	c.pagerank = analysis.PageRank(sub, kc.Damping, 1e-9, 200)
	n := sub.N()
	if n <= kc.BetweennessMax {
		c.betweenness = analysis.Betweenness(sub)
	} else {
		c.betweenness = sampledBetweenness(sub, kc.BetweennessSamples, seed)
		c.sampled = true
	}
	c.articulation = make([]bool, n)
	for _, v := range analysis.ArticulationPoints(sub) {
		c.articulation[v] = true
	}
	return c
}

// sampledBetweenness estimates hop betweenness from k source nodes drawn
// uniformly without replacement (Brandes & Pich 2007, "Centrality
// estimation in large networks", Int. J. Bifurcation and Chaos
// 17(7):2303): the dependencies accumulated from the sampled sources,
// scaled by n/k, estimate the unordered-pair betweenness of Betweenness.
func sampledBetweenness(g *analysis.Graph, k int, seed int64) []float64 {
	n := g.N()
	k = min(k, n)
	rng := rand.New(rand.NewPCG(uint64(seed), 0x5851F42D4C957F2D))
	perm := rng.Perm(n)[:k]
	slices.Sort(perm)
	cb := make([]float64, n)
	sigma := make([]float64, n)
	delta := make([]float64, n)
	dist := make([]int32, n)
	stack := make([]int32, 0, n)
	for _, s := range perm {
		for i := range n {
			sigma[i], delta[i], dist[i] = 0, 0, -1
		}
		sigma[s], dist[s] = 1, 0
		stack = append(stack[:0], int32(s))
		for q := 0; q < len(stack); q++ {
			v := stack[q]
			nb, _ := g.Neighbors(v)
			for _, u := range nb {
				if u == v {
					continue
				}
				if dist[u] < 0 {
					dist[u] = dist[v] + 1
					stack = append(stack, u)
				}
				if dist[u] == dist[v]+1 {
					sigma[u] += sigma[v]
				}
			}
		}
		for i := len(stack) - 1; i >= 0; i-- {
			w := stack[i]
			nb, _ := g.Neighbors(w)
			for _, v := range nb {
				if dist[v] == dist[w]-1 {
					delta[v] += sigma[v] / sigma[w] * (1 + delta[w])
				}
			}
			if int(w) != s {
				cb[w] += delta[w]
			}
		}
	}
	scale := float64(n) / float64(k) / 2
	for i := range cb {
		cb[i] *= scale
	}
	return cb
}
