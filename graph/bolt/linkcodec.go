package bolt

import (
	"encoding/binary"
	"errors"
	"math"
	"time"

	"github.com/takedown/takedown/graph"
)

// A link's value is binary: the key already holds its kind and ends.
//
//	version byte, weight float64, count uvarint, first and last at (unix
//	nanoseconds, zigzag varint, 0 for none), then three string lists
//	(sources, seen, observations), each a uvarint count of uvarint-length
//	strings.
const linkCodecVersion = 1

func (st *storedLink) encode() []byte {
	b := make([]byte, 0, 64)
	b = append(b, linkCodecVersion)
	b = binary.BigEndian.AppendUint64(b, math.Float64bits(st.Weight))
	b = binary.AppendUvarint(b, uint64(st.Count))
	for _, t := range []time.Time{st.FirstAt, st.LastAt} {
		var n int64
		if !t.IsZero() {
			n = t.UnixNano()
		}
		b = binary.AppendVarint(b, n)
	}
	for _, list := range [][]string{st.Sources, st.Seen, st.Observed} {
		b = binary.AppendUvarint(b, uint64(len(list)))
		for _, s := range list {
			b = binary.AppendUvarint(b, uint64(len(s)))
			b = append(b, s...)
		}
	}
	return b
}

var errCorruptLink = errors.New("corrupt link value")

func decodeLink(kind graph.LinkKind, from, to string, v []byte, st *storedLink) error {
	if len(v) < 9 || v[0] != linkCodecVersion {
		return errCorruptLink
	}
	st.Kind, st.From, st.To = kind, from, to
	st.Weight = math.Float64frombits(binary.BigEndian.Uint64(v[1:9]))
	v = v[9:]
	c, n := binary.Uvarint(v)
	if n <= 0 {
		return errCorruptLink
	}
	st.Count, v = int(c), v[n:]
	for _, t := range []*time.Time{&st.FirstAt, &st.LastAt} {
		x, n := binary.Varint(v)
		if n <= 0 {
			return errCorruptLink
		}
		v = v[n:]
		if x != 0 {
			*t = time.Unix(0, x).UTC()
		}
	}
	for _, list := range []*[]string{&st.Sources, &st.Seen, &st.Observed} {
		cnt, n := binary.Uvarint(v)
		if n <= 0 || cnt > uint64(len(v)) {
			return errCorruptLink
		}
		v = v[n:]
		out := make([]string, 0, cnt)
		for range cnt {
			l, n := binary.Uvarint(v)
			if n <= 0 || uint64(len(v)-n) < l {
				return errCorruptLink
			}
			out = append(out, string(v[n:n+int(l)]))
			v = v[n+int(l):]
		}
		if len(out) > 0 {
			*list = out
		}
	}
	st.LinkState.Observed = st.Observed
	return nil
}
