package analysis

import "unsafe"

// The community detection loops are bound by memory latency: each visited
// node reads a row at a random place in the graph, then one community
// label per neighbour. Where the loops know which node comes next (a queue
// or an order array), they prefetch that node's row a few steps ahead so
// that its cache misses overlap the current node's work. Prefetching never
// changes a result.

// Prefetch distances, in nodes: the row offset is fetched pfFar nodes
// ahead and the row itself pfNear nodes ahead.
const (
	pfFar  = 8
	pfNear = 4
)

// prefetchElem prefetches s[i]. i need not be in range.
func prefetchElem[T any](s []T, i int32) {
	var zero T
	prefetch(uintptr(unsafe.Pointer(unsafe.SliceData(s))) + uintptr(i)*unsafe.Sizeof(zero))
}

// prefetchRow prefetches the start of v's neighbours and weights; v's
// offset should be in cache (see prefetchElem).
func (g *Graph) prefetchRow(v int32) {
	x := g.off[v]
	prefetch(uintptr(unsafe.Pointer(unsafe.SliceData(g.adj))) + uintptr(x)*4)
	prefetch(uintptr(unsafe.Pointer(unsafe.SliceData(g.wt))) + uintptr(x)*4)
}

// prefetchAhead prefetches for position j of a node order.
func (g *Graph) prefetchAhead(order []int32, j int) {
	if j+pfFar < len(order) {
		prefetchElem(g.off, order[j+pfFar])
	}
	if j+pfNear < len(order) {
		g.prefetchRow(order[j+pfNear])
	}
}
