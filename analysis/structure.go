package analysis

import "slices"

// Components returns the connected components of g (breadth-first
// search): membership[u] is u's component, numbered 0..count-1 in order of
// each component's lowest node.
func Components(g *Graph) (membership []int32, count int) {
	n := g.N()
	membership = make([]int32, n)
	for i := range membership {
		membership[i] = -1
	}
	queue := make([]int32, 0, 64)
	for s := int32(0); int(s) < n; s++ {
		if membership[s] >= 0 {
			continue
		}
		id := int32(count)
		count++
		membership[s] = id
		queue = append(queue[:0], s)
		for h := 0; h < len(queue); h++ {
			v := queue[h]
			for i := g.off[v]; i < g.off[v+1]; i++ {
				if u := g.adj[i]; membership[u] < 0 {
					membership[u] = id
					queue = append(queue, u)
				}
			}
		}
	}
	return membership, count
}

// KCore returns the core number of every node: the largest k such that the
// node belongs to a subgraph in which every node has at least k
// neighbours. Degrees count distinct neighbours and ignore self-loops and
// weights. It runs in O(n + m) with the bucket algorithm of Batagelj &
// Zaversnik (2003, "An O(m) algorithm for cores decomposition of
// networks", arXiv:cs/0310049).
func KCore(g *Graph) []int32 {
	n := g.N()
	deg := make([]int32, n)
	maxDeg := int32(0)
	for u := range n {
		d := int32(0)
		for i := g.off[u]; i < g.off[u+1]; i++ {
			if g.adj[i] != int32(u) {
				d++
			}
		}
		deg[u] = d
		maxDeg = max(maxDeg, d)
	}
	bin := make([]int32, maxDeg+2)
	for _, d := range deg {
		bin[d+1]++
	}
	for d := int32(1); d <= maxDeg+1; d++ {
		bin[d] += bin[d-1]
	}
	// bin[d] is now the first position of degree-d nodes in vert.
	vert := make([]int32, n)
	pos := make([]int32, n)
	next := slices.Clone(bin)
	for u, d := range deg {
		pos[u] = next[d]
		vert[next[d]] = int32(u)
		next[d]++
	}
	for i := range n {
		v := vert[i]
		for j := g.off[v]; j < g.off[v+1]; j++ {
			u := g.adj[j]
			if u == v || deg[u] <= deg[v] {
				continue
			}
			du := deg[u]
			pu := pos[u]
			pw := bin[du]
			w := vert[pw]
			if u != w {
				vert[pu], vert[pw] = w, u
				pos[u], pos[w] = pw, pu
			}
			bin[du]++
			deg[u]--
		}
	}
	return deg
}

// ArticulationPoints returns, in increasing order, the nodes whose removal
// disconnects their component (Hopcroft & Tarjan 1973, "Algorithm 447:
// efficient algorithms for graph manipulation", CACM 16(6):372). The
// depth-first search keeps its own stack, so long paths need no deep
// recursion. Self-loops are ignored.
func ArticulationPoints(g *Graph) []int32 {
	n := g.N()
	disc := make([]int32, n) // discovery time + 1; 0 = unvisited
	low := make([]int32, n)
	parent := make([]int32, n)
	next := make([]int64, n) // next arc to look at
	isAP := make([]bool, n)
	stack := make([]int32, 0, 64)
	t := int32(0)
	for root := int32(0); int(root) < n; root++ {
		if disc[root] != 0 {
			continue
		}
		t++
		disc[root], low[root] = t, t
		parent[root] = -1
		next[root] = g.off[root]
		rootChildren := 0
		stack = append(stack[:0], root)
		for len(stack) > 0 {
			v := stack[len(stack)-1]
			if i := next[v]; i < g.off[v+1] {
				next[v]++
				u := g.adj[i]
				if u == v {
					continue
				}
				if disc[u] == 0 {
					t++
					disc[u], low[u] = t, t
					parent[u] = v
					next[u] = g.off[u]
					stack = append(stack, u)
					if v == root {
						rootChildren++
					}
				} else if u != parent[v] {
					low[v] = min(low[v], disc[u])
				}
				continue
			}
			stack = stack[:len(stack)-1]
			if p := parent[v]; p >= 0 {
				low[p] = min(low[p], low[v])
				if p != root && low[v] >= disc[p] {
					isAP[p] = true
				}
			}
		}
		if rootChildren > 1 {
			isAP[root] = true
		}
	}
	var out []int32
	for u, ap := range isAP {
		if ap {
			out = append(out, int32(u))
		}
	}
	return out
}
