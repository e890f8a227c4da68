package bolt

import (
	"encoding/binary"
	"slices"
	"sync"

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

func decodeSummary(b []byte, intern func(string) string) (s summary, ok bool) {
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
		strs[i] = string(b[w : w+int(n)])
		b = b[w+int(n):]
	}
	if len(b) != 4 {
		return s, false
	}
	s.num = binary.BigEndian.Uint32(b)
	s.platform, s.handle, s.label = intern(strs[0]), strs[1], strs[2]
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
}

// index is the in-memory adjacency of the whole graph, rebuilt at open from
// the node summaries and link keys, and kept current by Apply.
type index struct {
	mu       sync.RWMutex
	ids      map[string]int32
	names    []string
	nodes    []summary
	adj      [][]edge
	platform map[string]string
}

func newIndex() *index {
	return &index{ids: map[string]int32{}, platform: map[string]string{}}
}

func (x *index) intern(p string) string {
	if q, ok := x.platform[p]; ok {
		return q
	}
	x.platform[p] = p
	return p
}

// put adds or updates a node at its number; the caller holds the write
// lock.
func (x *index) put(id string, s summary) int32 {
	if i, ok := x.ids[id]; ok {
		s.num = uint32(i)
		x.nodes[i] = s
		return i
	}
	i := int32(s.num)
	for int(i) >= len(x.names) {
		x.names = append(x.names, "")
		x.nodes = append(x.nodes, summary{})
		x.adj = append(x.adj, nil)
	}
	x.ids[id] = i
	x.names[i] = id
	x.nodes[i] = s
	return i
}

// link adds an edge both ways; the caller holds the write lock.
func (x *index) link(kind uint8, from, to string) {
	f, ok1 := x.ids[from]
	t, ok2 := x.ids[to]
	if !ok1 || !ok2 {
		return
	}
	x.adj[f] = append(x.adj[f], edge{to: t, kind: kind, out: true})
	if f != t {
		x.adj[t] = append(x.adj[t], edge{to: f, kind: kind, out: false})
	}
}

// linked reports whether the index holds the link from → to of a kind,
// scanning the shorter of the two adjacency lists.
func (x *index) linked(kind uint8, from, to string) bool {
	f, ok := x.ids[from]
	t, ok2 := x.ids[to]
	if !ok || !ok2 {
		return false
	}
	if len(x.adj[f]) <= len(x.adj[t]) {
		return slices.Contains(x.adj[f], edge{to: t, kind: kind, out: true})
	}
	return slices.Contains(x.adj[t], edge{to: f, kind: kind, out: false})
}
