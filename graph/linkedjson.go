package graph

import (
	"math"
	"strconv"
	"sync"
	"unicode/utf8"
	"unsafe"
)

// AppendJSON appends r as JSON, byte for byte what encoding/json gives
// for it, without reflection: a linked-accounts answer is large (tens of
// kilobytes) and read often. The HTTP layer uses it when a value has it.
func (r *LinkedResult) AppendJSON(b []byte) ([]byte, error) {
	b = append(b, `{"from":`...)
	b = appendJSONString(b, r.From)
	b = append(b, `,"depth":`...)
	b = strconv.AppendInt(b, int64(r.Depth), 10)
	b = append(b, `,"accounts":`...)
	n := 0
	for i := range r.Accounts {
		for j := range r.Accounts[i].Paths {
			n += len(r.Accounts[i].Paths[j].Steps)
		}
	}
	m := memos.Get().(*stepMemo)
	m.reset(n)
	b = appendJSONList(b, r.Accounts, func(a *LinkedAccount, b []byte) []byte { return a.appendJSON(b, m) })
	memos.Put(m)
	b = append(b, `,"total":`...)
	b = strconv.AppendInt(b, int64(r.Total), 10)
	b = append(b, `,"hubs":`...)
	b = appendJSONList(b, r.Hubs, (*Hub).appendJSON)
	b = append(b, `,"truncated":`...)
	b = strconv.AppendBool(b, r.Truncated)
	return append(b, '}'), nil
}

// appendJSONList writes a slice as encoding/json does: null if nil, else
// its elements in brackets.
func appendJSONList[T any](b []byte, xs []T, each func(*T, []byte) []byte) []byte {
	if xs == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i := range xs {
		if i > 0 {
			b = append(b, ',')
		}
		b = each(&xs[i], b)
	}
	return append(b, ']')
}

func (a *LinkedAccount) appendJSON(b []byte, m *stepMemo) []byte {
	b = append(b, `{"id":`...)
	b = appendJSONString(b, a.ID)
	b = appendOptString(b, `,"platform":`, a.Platform)
	b = appendOptString(b, `,"handle":`, a.Handle)
	b = append(b, `,"status":`...)
	b = appendJSONString(b, string(a.Status))
	b = append(b, `,"depth":`...)
	b = strconv.AppendInt(b, int64(a.Depth), 10)
	b = append(b, `,"strength":`...)
	b = appendJSONFloat(b, a.Strength)
	b = append(b, `,"paths":`...)
	b = appendJSONList(b, a.Paths, func(p *Path, b []byte) []byte { return p.appendJSON(b, m) })
	return append(b, '}')
}

func (p *Path) appendJSON(b []byte, m *stepMemo) []byte {
	b = append(b, `{"steps":`...)
	b = appendJSONList(b, p.Steps, m.appendStep)
	b = append(b, `,"strength":`...)
	b = appendJSONFloat(b, p.Strength)
	return append(b, '}')
}

func (s *Step) appendJSON(b []byte) []byte {
	b = append(b, `{"from":`...)
	b = appendJSONString(b, s.From)
	b = append(b, `,"to":`...)
	b = appendJSONString(b, s.To)
	b = append(b, `,"evidence":`...)
	b = appendJSONString(b, string(s.Evidence))
	b = appendOptString(b, `,"via":`, s.Via)
	b = appendOptString(b, `,"via_label":`, s.ViaLabel)
	if s.Reverse {
		b = append(b, `,"reverse":true`...)
	}
	b = append(b, `,"strength":`...)
	b = appendJSONFloat(b, s.Strength)
	b = append(b, `,"text":`...)
	b = appendJSONString(b, s.Text)
	return append(b, '}')
}

// A stepMemo remembers where the steps of one answer were written, so that
// a step written again is copied rather than encoded again: the first step
// of every path through the same neighbour repeats (in the depth-2 answers
// of bench/linkeddump on the 1M-account store, 268 steps an answer, 48 %
// of them repeats). Steps are told apart by their fields; the hash reads
// where their strings are, which for a repeated step (the same
// descriptions of the same nodes) is the same, and a repeat that the hash
// misses is only encoded again.
type stepMemo struct {
	slots []memoSlot // open addressing, a power of two
	used  int
}

type memoSlot struct {
	s          *Step
	start, end int
}

var memos = sync.Pool{New: func() any { return &stepMemo{} }}

// maxMemo bounds the memo's table; an answer with more steps remembers its
// first maxMemo/2.
const maxMemo = 1 << 14

// reset empties the memo for an answer of n steps.
func (m *stepMemo) reset(n int) {
	size := 64
	for size < 2*n && size < maxMemo {
		size <<= 1
	}
	if cap(m.slots) >= size {
		m.slots = m.slots[:size]
		clear(m.slots)
	} else {
		m.slots = make([]memoSlot, size)
	}
	m.used = 0
}

func sameStep(a, b *Step) bool {
	return a.From == b.From && a.To == b.To && a.Evidence == b.Evidence && a.Via == b.Via &&
		a.ViaLabel == b.ViaLabel && a.Reverse == b.Reverse && a.Strength == b.Strength && a.Text == b.Text
}

func stepHash(s *Step) uint64 {
	at := func(x string) uint64 { return uint64(uintptr(unsafe.Pointer(unsafe.StringData(x)))) }
	h := at(s.From)*0x9e3779b97f4a7c15 ^ at(s.To)*0xc2b2ae3d27d4eb4f ^ at(s.Via)*0x165667b19e3779f9 ^
		at(s.Text)*0x27d4eb2f165667c5 ^ math.Float64bits(s.Strength)
	return h ^ h>>31
}

// appendStep writes s, copying what it wrote for an equal step of the
// same answer if there was one.
func (m *stepMemo) appendStep(s *Step, b []byte) []byte {
	mask := len(m.slots) - 1
	for i := int(stepHash(s)) & mask; ; i = (i + 1) & mask {
		sl := &m.slots[i]
		if sl.s == nil {
			start := len(b)
			b = s.appendJSON(b)
			if m.used < len(m.slots)/2 {
				*sl = memoSlot{s, start, len(b)}
				m.used++
			}
			return b
		}
		if sameStep(sl.s, s) {
			return append(b, b[sl.start:sl.end]...)
		}
	}
}

func (h *Hub) appendJSON(b []byte) []byte {
	b = append(b, `{"id":`...)
	b = appendJSONString(b, h.ID)
	b = appendOptString(b, `,"label":`, h.Label)
	b = append(b, `,"degree":`...)
	b = strconv.AppendInt(b, int64(h.Degree), 10)
	return append(b, '}')
}

// appendJSONFloat formats f as encoding/json does: the shortest
// representation, in exponent form below 1e-6 and from 1e21. Strengths are
// finite.
//
// Strengths are rounded to six decimals (round6), and such a value is
// written from its integer count of millionths n: if n/1e6 == f, the
// decimal n·10⁻⁶ reads back as f (both are the correctly rounded quotient),
// and it is the shortest that does, because any other decimal of at most
// six decimals differs from it by 10⁻⁶ or more, far beyond half an ulp of
// an |f| below 1e9 (so n < 2⁵³ is exact).
func appendJSONFloat(b []byte, f float64) []byte {
	if a := math.Abs(f); a < 1e9 && a != 0 {
		if n := math.Round(f * 1e6); n/1e6 == f {
			return appendMillionths(b, int64(n))
		}
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' { // 1e-07 is written 1e-7
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// appendMillionths writes n·10⁻⁶ in plain decimals, without trailing
// zeros (n ≠ 0).
func appendMillionths(b []byte, n int64) []byte {
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	b = strconv.AppendInt(b, n/1e6, 10)
	frac := n % 1e6
	if frac == 0 {
		return b
	}
	var d [7]byte
	d[0] = '.'
	for i := 6; i >= 1; i-- {
		d[i] = byte('0' + frac%10)
		frac /= 10
	}
	end := 7
	for d[end-1] == '0' {
		end--
	}
	return append(b, d[:end]...)
}

const hexDigits = "0123456789abcdef"

// special8 reports whether any of the 8 bytes of w needs more than a copy
// in a JSON string: a control character, '"', '\\', '<', '>', '&' or a
// byte of a multi-byte character (bit tricks on one word, checked against
// encoding/json by the tests and FuzzAppendJSONString).
func special8(w string) bool {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	x := uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
		uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
	zero := func(v uint64) uint64 { return (v - lo) & ^v & hi }
	m := (x-lo*0x20)&^x&hi | x&hi // a byte below 0x20, or not ASCII
	m |= zero(x^(lo*'"')) | zero(x^(lo*'\\')) | zero(x^(lo*'<')) | zero(x^(lo*'>')) | zero(x^(lo*'&'))
	return m != 0
}

// plainASCII marks the ASCII bytes a JSON string holds as they are.
var plainASCII = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// appendJSONString quotes s as encoding/json does by default: <, > and &
// are escaped for HTML, as are U+2028 and U+2029, control characters are
// escaped, and invalid UTF-8 becomes U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		for i+8 <= len(s) && !special8(s[i:i+8]) {
			i += 8
		}
		if i >= len(s) {
			break
		}
		if c := s[i]; c < utf8.RuneSelf {
			if plainASCII[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
