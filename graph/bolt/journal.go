package bolt

import (
	"encoding/binary"
	"fmt"

	"github.com/takedown/takedown/graph"
)

// The index journal is what Open reads to rebuild the in-memory index:
// one key per committed batch (bJrn, keyed by the store version the batch
// produced), whose value lists the node summaries the batch created or
// changed and the links it created. One key per batch, instead of one per
// node and one per link, halves the keys a batch writes, and reading a few
// large values at open is faster than iterating millions of small keys.
//
// A value is two sections, so that one core can read the links while
// another reads the nodes:
//
//	uvarint length of the node section, then per node: uvarint id length,
//	id, uvarint summary length, summary (see summary.encode);
//	then per link its 9-byte key in the link bucket (see linkKey).
//
// Links are never deleted. A node appears again only when its summary
// changes; later entries win.
var bJrn = []byte("jrn")

// storeFormat is written in the meta; a store of another format is refused
// at Open rather than misread.
const storeFormat = 2

type journal struct {
	nodes []byte
	links []byte
	n     int // node entries
}

func (j *journal) node(id string, s summary) {
	j.nodes = binary.AppendUvarint(j.nodes, uint64(len(id)))
	j.nodes = append(j.nodes, id...)
	enc := s.encode()
	j.nodes = binary.AppendUvarint(j.nodes, uint64(len(enc)))
	j.nodes = append(j.nodes, enc...)
	j.n++
}

// link records a new link, encoded as its key in the link bucket.
func (j *journal) link(kind uint8, from, to uint32) {
	j.links = append(j.links, linkKey(kind, from, to)...)
}

func (j *journal) empty() bool { return len(j.nodes) == 0 && len(j.links) == 0 }

func (j *journal) encode() []byte {
	b := make([]byte, 0, len(j.nodes)+len(j.links)+binary.MaxVarintLen64)
	b = binary.AppendUvarint(b, uint64(len(j.nodes)))
	b = append(b, j.nodes...)
	return append(b, j.links...)
}

// journalSections splits a journal value into its node and link sections.
func journalSections(v []byte) (nodes, links []byte, err error) {
	n, w := binary.Uvarint(v)
	if w <= 0 || uint64(len(v)-w) < n || (uint64(len(v)-w)-n)%9 != 0 {
		return nil, nil, graph.Internal(fmt.Errorf("corrupt index journal entry of %d bytes", len(v)))
	}
	return v[w : w+int(n)], v[w+int(n):], nil
}

// eachJournalNode calls fn for each node entry of a node section; the id
// and summary bytes are valid only during the call.
func eachJournalNode(sec []byte, fn func(id, sum []byte) error) error {
	for len(sec) > 0 {
		n, w := binary.Uvarint(sec)
		if w <= 0 || uint64(len(sec)-w) < n {
			return graph.Internal(fmt.Errorf("corrupt index journal node"))
		}
		id := sec[w : w+int(n)]
		sec = sec[w+int(n):]
		n, w = binary.Uvarint(sec)
		if w <= 0 || uint64(len(sec)-w) < n {
			return graph.Internal(fmt.Errorf("corrupt index journal node %q", id))
		}
		if err := fn(id, sec[w:w+int(n)]); err != nil {
			return err
		}
		sec = sec[w+int(n):]
	}
	return nil
}
