package analysis

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
)

// ParseError reports a malformed line of an edge list.
type ParseError struct {
	Line int    // 1-based line number
	Msg  string // what is wrong with it
}

func (e *ParseError) Error() string { return fmt.Sprintf("edge list line %d: %s", e.Line, e.Msg) }

// ReadEdgeList reads an undirected edge list: one edge per line as
// "u v [weight]", fields separated by spaces or tabs. Node names are
// arbitrary strings without whitespace; node i of the graph is names[i], in
// order of first appearance. A field starting with '#' starts a comment that
// runs to the end of the line; blank lines are skipped. The weight defaults
// to 1 and must be a finite number ≥ 0. Duplicate edges are summed and
// "u u" is a self-loop.
//
// Errors are *ParseError values naming the line and the problem: too few
// fields, too many fields, a bad weight or a negative weight.
func ReadEdgeList(r io.Reader) (*Graph, []string, error) {
	br := bufio.NewReaderSize(r, 1<<20)
	var names nameTable
	b := NewBuilder(0, 0)
	intern := names.intern
	var long []byte
	var fields [4][]byte
	for lineNo := 1; ; lineNo++ {
		line, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			long = append(long[:0], line...)
			for errors.Is(err, bufio.ErrBufferFull) {
				line, err = br.ReadSlice('\n')
				long = append(long, line...)
			}
			line = long
		}
		if err != nil && err != io.EOF {
			return nil, nil, err
		}
		if len(line) == 0 && err == io.EOF {
			break
		}
		nf := splitFields(line, &fields)
		switch {
		case nf == 0:
		case nf == 1:
			return nil, nil, &ParseError{lineNo, "too few fields: want \"u v [weight]\", got 1 field"}
		case nf > 3:
			return nil, nil, &ParseError{lineNo, "too many fields: want \"u v [weight]\""}
		default:
			w := 1.0
			if nf == 3 {
				var msg string
				w, msg = parseWeight(fields[2])
				if msg != "" {
					return nil, nil, &ParseError{lineNo, msg}
				}
			}
			u := intern(fields[0])
			v := intern(fields[1])
			if len(names.names) > math.MaxInt32-1 {
				return nil, nil, &ParseError{lineNo, "too many nodes"}
			}
			b.AddEdge(u, v, w)
		}
		if err == io.EOF {
			break
		}
	}
	b.SetNodes(len(names.names))
	return b.Build(), names.names, nil
}

// nameTable assigns node ids to names in order of first appearance.
// Names that are canonical decimal integers (no sign, no leading zero, at
// most 9 digits) are looked up in a dense array indexed by their value
// while the values stay within a few times the number of names, which
// spares hashing for the common numbered edge lists; every other name goes
// through a map.
type nameTable struct {
	ids   map[string]int32
	num   []int32 // value → id+1; 0 = not seen through the array
	names []string
}

func (t *nameTable) intern(tok []byte) int32 {
	if x, ok := canonicalInt(tok); ok {
		if x < len(t.num) {
			if id := t.num[x]; id > 0 {
				return id - 1
			}
		} else if limit := 4*len(t.names) + 1<<20; x < limit {
			size := min(max(2*len(t.num), x+1, 1<<16), limit)
			num := make([]int32, size)
			copy(num, t.num)
			t.num = num
		}
		if x < len(t.num) {
			// Not in the array: it may have been mapped before the array
			// reached it.
			id, ok := t.ids[string(tok)]
			if !ok {
				id = int32(len(t.names))
				t.names = append(t.names, string(tok))
			}
			t.num[x] = id + 1
			return id
		}
	}
	if id, ok := t.ids[string(tok)]; ok {
		return id
	}
	if t.ids == nil {
		t.ids = make(map[string]int32)
	}
	s := string(tok)
	id := int32(len(t.names))
	t.ids[s] = id
	t.names = append(t.names, s)
	return id
}

// canonicalInt parses tok as a decimal integer written without sign or
// leading zeros, of at most 9 digits.
func canonicalInt(tok []byte) (int, bool) {
	if len(tok) == 0 || len(tok) > 9 || (tok[0] == '0' && len(tok) > 1) {
		return 0, false
	}
	x := 0
	for _, c := range tok {
		if c < '0' || c > '9' {
			return 0, false
		}
		x = x*10 + int(c-'0')
	}
	return x, true
}

// splitFields splits line into at most 4 whitespace-separated fields,
// stopping at a field that starts with '#'. It returns the field count (4
// meaning "4 or more").
func splitFields(line []byte, f *[4][]byte) int {
	n := 0
	i := 0
	for i < len(line) {
		c := line[i]
		if c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f' {
			i++
			continue
		}
		if c == '#' {
			break
		}
		j := i + 1
		for j < len(line) {
			c := line[j]
			if c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f' {
				break
			}
			j++
		}
		if n == 4 {
			return 4
		}
		f[n] = line[i:j]
		n++
		i = j
	}
	return n
}

// parseWeight parses a weight field; a non-empty message reports an error.
func parseWeight(tok []byte) (float64, string) {
	// Fast path: a plain non-negative integer.
	if len(tok) > 0 && len(tok) <= 15 {
		var x int64
		ok := true
		for _, c := range tok {
			if c < '0' || c > '9' {
				ok = false
				break
			}
			x = x*10 + int64(c-'0')
		}
		if ok {
			return float64(x), ""
		}
	}
	w, err := strconv.ParseFloat(string(tok), 64)
	if err != nil || math.IsNaN(w) || math.IsInf(w, 0) {
		return 0, fmt.Sprintf("bad weight %q: not a finite number", tok)
	}
	if w < 0 {
		return 0, fmt.Sprintf("negative weight %q", tok)
	}
	return w, ""
}

// WriteMembership writes one "node<TAB>community" line per node. Node i is
// written as names[i], or as its index when names is nil.
func WriteMembership(w io.Writer, names []string, membership []int32) error {
	if names != nil && len(names) != len(membership) {
		return fmt.Errorf("analysis: %d names for %d memberships", len(names), len(membership))
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	var buf []byte
	for i, c := range membership {
		buf = buf[:0]
		if names != nil {
			buf = append(buf, names[i]...)
		} else {
			buf = strconv.AppendInt(buf, int64(i), 10)
		}
		buf = append(buf, '\t')
		buf = strconv.AppendInt(buf, int64(c), 10)
		buf = append(buf, '\n')
		if _, err := bw.Write(buf); err != nil {
			return err
		}
	}
	return bw.Flush()
}
