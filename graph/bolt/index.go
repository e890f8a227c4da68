package bolt

import (
	"encoding/binary"
	"hash/maphash"
	"slices"
	"strings"
	"sync"
	"unsafe"

	"github.com/takedown/takedown/graph"
)

// Node kinds, statuses and link kinds as bytes, for the compact node
// summaries and the in-memory adjacency.
const (
	kAccount byte = iota + 1
	kPage
	kPost
	kIdent
)

var kindCode = map[graph.NodeKind]byte{graph.KindAccount: kAccount, graph.KindPage: kPage, graph.KindPost: kPost, graph.KindIdentifier: kIdent}
var kindName = [...]graph.NodeKind{0: "", kAccount: graph.KindAccount, kPage: graph.KindPage, kPost: graph.KindPost, kIdent: graph.KindIdentifier}

var statusCode = map[graph.Status]byte{"": 0, graph.StatusUnknown: 0, graph.StatusActive: 1, graph.StatusRemoved: 2, graph.StatusSuspended: 3}
var statusName = [...]graph.Status{graph.StatusUnknown, graph.StatusActive, graph.StatusRemoved, graph.StatusSuspended}

var linkCode = func() map[graph.LinkKind]uint8 {
	m := map[graph.LinkKind]uint8{}
	for i, k := range graph.LinkKinds {
		m[k] = uint8(i + 1)
	}
	return m
}()

func linkName(c uint8) graph.LinkKind { return graph.LinkKinds[c-1] }

var (
	lFollows  = linkCode[graph.LinkFollows]
	lMentions = linkCode[graph.LinkMentions]
	lReposts  = linkCode[graph.LinkReposts]
	lReplies  = linkCode[graph.LinkReplies]
	lAdminOf  = linkCode[graph.LinkAdminOf]
	lMemberOf = linkCode[graph.LinkMemberOf]
	lContact  = linkCode[graph.LinkContact]
	lSameAs   = linkCode[graph.LinkSameAs]
	lUses     = linkCode[graph.LinkUses]
	lAuthored = linkCode[graph.LinkAuthored]
	lPostedIn = linkCode[graph.LinkPostedIn]
)

// summary is what the index keeps of a node: enough to walk evidence and
// label it without reading the stored entity.
type summary struct {
	kind, status byte
	placeholder  bool
	num          uint32 // the node's number in the index, fixed at creation
	platform     string
	handle       string
	label        string // a page's name
}

func (s summary) encode() []byte {
	b := make([]byte, 0, 3+len(s.platform)+len(s.handle)+len(s.label)+6)
	ph := byte(0)
	if s.placeholder {
		ph = 1
	}
	b = append(b, s.kind, s.status, ph)
	for _, str := range []string{s.platform, s.handle, s.label} {
		b = binary.AppendUvarint(b, uint64(len(str)))
		b = append(b, str...)
	}
	return binary.BigEndian.AppendUint32(b, s.num)
}

// decodeSummary decodes a summary whose strings share b's memory: they are
// valid only as long as b is, which is enough for index.put, which copies.
func decodeSummary(b []byte) (s summary, ok bool) {
	if len(b) < 3 {
		return s, false
	}
	s.kind, s.status, s.placeholder = b[0], b[1], b[2] == 1
	b = b[3:]
	var strs [3]string
	for i := range strs {
		n, w := binary.Uvarint(b)
		if w <= 0 || uint64(len(b)-w) < n {
			return s, false
		}
		strs[i] = unsafe.String(unsafe.SliceData(b[w:]), int(n))
		b = b[w+int(n):]
	}
	if len(b) != 4 {
		return s, false
	}
	s.num = binary.BigEndian.Uint32(b)
	s.platform, s.handle, s.label = strs[0], strs[1], strs[2]
	return s, true
}

func summarize(e *graph.Entity) summary {
	s := summary{kind: kindCode[e.Kind], status: statusCode[e.Status], placeholder: e.Placeholder, platform: e.Platform}
	switch e.Kind {
	case graph.KindAccount:
		s.handle, s.label = e.Handle, e.Name
	case graph.KindPage:
		s.handle, s.label = e.Handle, e.Name
	}
	return s
}

// edge is one adjacency entry: the other node, the link kind and whether
// the link points away from the node that holds the entry.
type edge struct {
	to   int32
	kind uint8
	out  bool
	tk   byte // the other node's kind, so walks need not look it up
}

// index is the in-memory graph: every node's id and summary and the
// adjacency, rebuilt at open from the index journal and kept current by
// Apply. It holds no Go pointers per node: strings live in large byte
// chunks and are named by spans, ids are found through an open-addressing
// table of node numbers, and adjacency lists are ranges of one edge slab.
// The garbage collector therefore marks a few dozen objects for it, not
// tens of millions, which keeps collection cheap on a large graph.
type index struct {
	mu sync.RWMutex

	chunks [][]byte // string bytes; a chunk is never reallocated
	// bases[i] is where chunks[i] starts, set once when the chunk is made:
	// views read names through it, never through chunks, whose headers
	// (their lengths) change as strings are appended.
	bases []*byte
	names []span // node number → id
	nodes []nodeRec
	tab   []uint64 // hash (high 32 bits) | node number + 1; 0 is empty
	count int      // ids in tab
	seed  maphash.Seed

	platforms map[string]span // interned platform names

	adjOff, adjLen, adjCap []uint32 // node's edges: slab[off : off+len]
	slab                   []edge
}

// span names a string in the chunks.
type span struct{ chunk, off, n uint32 }

// nodeRec is a summary as the index keeps it.
type nodeRec struct {
	kind, status byte
	placeholder  bool
	platform     span
	handle       span
	label        span
}

const chunkSize = 4 << 20

func newIndex() *index {
	return &index{seed: maphash.MakeSeed(), platforms: map[string]span{}}
}

// str stores s and returns its span; the caller holds the write lock.
func (x *index) str(s string) span {
	if len(s) == 0 {
		return span{}
	}
	if len(s) > chunkSize/4 { // a long string gets a chunk of its own
		x.newChunk([]byte(s))
		x.newChunk(make([]byte, 0, chunkSize))
		return span{chunk: uint32(len(x.chunks) - 2), n: uint32(len(s))}
	}
	if len(x.chunks) == 0 || len(x.chunks[len(x.chunks)-1])+len(s) > chunkSize {
		x.newChunk(make([]byte, 0, chunkSize))
	}
	c := len(x.chunks) - 1
	off := len(x.chunks[c])
	x.chunks[c] = append(x.chunks[c], s...)
	return span{chunk: uint32(c), off: uint32(off), n: uint32(len(s))}
}

func (x *index) newChunk(b []byte) {
	x.chunks = append(x.chunks, b)
	x.bases = append(x.bases, unsafe.SliceData(b))
}

// get returns the string of a span without copying it: chunk bytes are
// never changed once written.
func (x *index) get(sp span) string {
	if sp.n == 0 {
		return ""
	}
	return unsafe.String(&x.chunks[sp.chunk][sp.off], int(sp.n))
}

func (x *index) intern(p string) span {
	if sp, ok := x.platforms[p]; ok {
		return sp
	}
	sp := x.str(p)
	x.platforms[strings.Clone(p)] = sp
	return sp
}

// size is the number of node numbers in use.
func (x *index) size() int { return len(x.names) }

// name is a node's id.
func (x *index) name(i int32) string { return x.get(x.names[i]) }

// kind is a node's kind.
func (x *index) kind(i int32) byte { return x.nodes[i].kind }

// node is a node's summary.
func (x *index) node(i int32) summary {
	r := &x.nodes[i]
	return summary{kind: r.kind, status: r.status, placeholder: r.placeholder, num: uint32(i),
		platform: x.get(r.platform), handle: x.get(r.handle), label: x.get(r.label)}
}

// edges is a node's adjacency; valid while the caller holds the lock.
func (x *index) edges(i int32) []edge {
	off, n := x.adjOff[i], x.adjLen[i]
	return x.slab[off : off+n : off+n]
}

func hash32(seed maphash.Seed, s string) uint32 {
	h := maphash.String(seed, s)
	return uint32(h>>32) ^ uint32(h)
}

// lookup finds a node by id.
func (x *index) lookup(id string) (int32, bool) {
	if len(x.tab) == 0 {
		return 0, false
	}
	h := hash32(x.seed, id)
	mask := uint32(len(x.tab) - 1)
	for p := h & mask; ; p = (p + 1) & mask {
		v := x.tab[p]
		if v == 0 {
			return 0, false
		}
		if uint32(v>>32) == h && x.name(int32(uint32(v)-1)) == id {
			return int32(uint32(v) - 1), true
		}
	}
}

// reserve makes room in the id table for n ids in all.
func (x *index) reserve(n int) {
	want := 16
	for want*7 < n*10 {
		want *= 2
	}
	if want <= len(x.tab) {
		return
	}
	old := x.tab
	x.tab = make([]uint64, want)
	mask := uint32(want - 1)
	for _, v := range old {
		if v == 0 {
			continue
		}
		p := uint32(v>>32) & mask
		for x.tab[p] != 0 {
			p = (p + 1) & mask
		}
		x.tab[p] = v
	}
}

func (x *index) insert(id string, i int32) {
	if (x.count+1)*10 > len(x.tab)*7 {
		x.reserve(max(2*x.count, 1024))
	}
	h := hash32(x.seed, id)
	mask := uint32(len(x.tab) - 1)
	p := h & mask
	for x.tab[p] != 0 {
		p = (p + 1) & mask
	}
	x.tab[p] = uint64(h)<<32 | uint64(uint32(i)+1)
	x.count++
}

// label strings are for display and search; very long ones are cut.
const maxLabelBytes = 64 << 10

func cut(s string) string {
	if len(s) > maxLabelBytes {
		return strings.ToValidUTF8(s[:maxLabelBytes], "")
	}
	return s
}

func (x *index) rec(s summary) nodeRec {
	return nodeRec{kind: s.kind, status: s.status, placeholder: s.placeholder, platform: x.intern(s.platform),
		handle: x.str(cut(s.handle)), label: x.str(cut(s.label))}
}

// put adds or updates the node numbered s.num (numbers are fixed when a
// node is created, so a known number is an update); the caller holds the
// write lock.
func (x *index) put(id string, s summary) int32 {
	if i := int32(s.num); int(i) < len(x.names) && x.names[i].n != 0 {
		cur := x.node(i)
		if cur != s {
			r := nodeRec{kind: s.kind, status: s.status, placeholder: s.placeholder, platform: x.intern(s.platform),
				handle: x.nodes[i].handle, label: x.nodes[i].label}
			if cut(s.handle) != cur.handle {
				r.handle = x.str(cut(s.handle))
			}
			if cut(s.label) != cur.label {
				r.label = x.str(cut(s.label))
			}
			x.nodes[i] = r
			if r.kind != cur.kind { // a placeholder became what it is: tell the neighbours
				for _, e := range x.edges(i) {
					for j, f := range x.edges(e.to) {
						if f.to == i {
							x.slab[x.adjOff[e.to]+uint32(j)].tk = r.kind
						}
					}
				}
			}
		}
		return i
	}
	i := int32(s.num)
	if n := int(i) + 1; n > len(x.names) {
		x.names = extend(x.names, n)
		x.nodes = extend(x.nodes, n)
		x.adjOff = extend(x.adjOff, n)
		x.adjLen = extend(x.adjLen, n)
		x.adjCap = extend(x.adjCap, n)
	}
	x.names[i] = x.str(id)
	x.nodes[i] = x.rec(s)
	x.insert(id, i)
	return i
}

// addEdge appends e to node i's list, moving the list to the end of the
// slab when it is full.
func (x *index) addEdge(i int32, e edge) {
	if x.adjLen[i] == x.adjCap[i] {
		n := x.adjLen[i]
		c := max(4, 2*n)
		off := len(x.slab)
		x.slab = extend(x.slab, off+int(c))
		copy(x.slab[off:], x.slab[x.adjOff[i]:x.adjOff[i]+n])
		x.adjOff[i], x.adjCap[i] = uint32(off), c
	}
	x.slab[x.adjOff[i]+x.adjLen[i]] = e
	x.adjLen[i]++
}

// extend lengthens s to n zero-filled elements, at least doubling its
// capacity when it must grow: append grows large slices by only a quarter,
// which copies a slab of hundreds of megabytes many times over during a
// bulk load.
func extend[T any](s []T, n int) []T {
	if n <= len(s) {
		return s
	}
	if n > cap(s) {
		t := make([]T, len(s), max(n, 2*cap(s)))
		copy(t, s)
		s = t
	}
	m := len(s)
	s = s[:n]
	clear(s[m:])
	return s
}

// link adds an edge both ways between nodes that are in the index; the
// caller holds the write lock.
func (x *index) link(kind uint8, f, t int32) {
	x.addEdge(f, edge{to: t, kind: kind, out: true, tk: x.nodes[t].kind})
	if f != t {
		x.addEdge(t, edge{to: f, kind: kind, out: false, tk: x.nodes[f].kind})
	}
}

// linked reports whether the index holds the link from → to of a kind,
// scanning the shorter of the two adjacency lists.
func (x *index) linked(kind uint8, f, t int32) bool {
	if x.adjLen[f] <= x.adjLen[t] {
		return slices.ContainsFunc(x.edges(f), func(e edge) bool { return e.to == t && e.kind == kind && e.out })
	}
	return slices.ContainsFunc(x.edges(t), func(e edge) bool { return e.to == f && e.kind == kind && !e.out })
}

// view is a read-only copy of the index's headers for reading names
// without the lock: names, chunk bases and chunk bytes already written
// never change.
type view struct {
	names []span
	bases []*byte
}

func (x *index) view() view {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.viewLocked()
}

// viewLocked is view for a caller that holds the lock.
func (x *index) viewLocked() view { return view{names: x.names, bases: x.bases} }

func (v view) size() int { return len(v.names) }

// ref is the id of a ref (a node number plus one).
func (v view) ref(r int32) string { return v.name(uint32(r - 1)) }

func (v view) name(i uint32) string {
	sp := v.names[i]
	if sp.n == 0 {
		return ""
	}
	return unsafe.String((*byte)(unsafe.Add(unsafe.Pointer(v.bases[sp.chunk]), sp.off)), int(sp.n))
}
