package ingest

// The ingest line decoder. It used to be encoding/json (a Decoder with
// DisallowUnknownFields, then, after an unknown field, an Unmarshal into the
// record and another into a map for the properties). It is now
// github.com/valyala/fastjson, which parses without reflection into a
// reusable parser, and a walk over the parsed object that fills the record.
//
// fastjson's parser is lenient where encoding/json is not (it takes 01, NaN,
// control characters and unknown escapes), and its string unescaping differs
// for UTF-16 surrogates. So a line with no backslash and no control character
// takes a fast path: fastjson parses it and the walk checks each number's
// text. Every other line, and every line with a problem, takes the slow path:
// a strict syntax scan with encoding/json's messages and byte offsets first,
// then fastjson on the object alone, with lone surrogate escapes rewritten.
//
// The results and the problems reported are those of the encoding/json
// decoder (decode_test.go keeps it as the reference and fuzzes the two
// against each other), with these differences:
//
//   - Field names are matched exactly, in lower case. encoding/json matched
//     them case-insensitively; a key such as "Type" is now an unknown field
//     (kept as a property if its value is a plain value).
//   - Text after the object is always a problem. encoding/json's Decoder let
//     a "}" or "]" after the object through.
//   - Values may nest at most 300 levels deep (fastjson's limit; encoding/json
//     allowed 10,000).
//
// What stays the same, in short: JSON null for a known field leaves it as it
// was (absent, unless an earlier duplicate key set it; null pointers and
// lists are reset to nil); the last of duplicate keys wins; followers and
// members must be integers that fit an int64, weight a number, media a list
// of strings and identifier an object of strings (its unknown fields are
// ignored); unknown fields that hold a string, a number or a boolean become
// properties; invalid UTF-8 in a string becomes U+FFFD, byte by byte, and so
// does an escaped lone UTF-16 surrogate.

import (
	"bytes"
	"encoding/binary"
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/valyala/fastjson"
)

// maxDepth bounds how deep values nest; it is fastjson.MaxDepth, so that
// fastjson parses every line that the syntax scan accepts.
const maxDepth = fastjson.MaxDepth

// fieldProblem is what is wrong with a line, before it has a line number.
type fieldProblem struct {
	Field, Reason string
}

// lineParser is what decoding needs besides the decoder: Converter.Line runs
// on several goroutines at once, and a fastjson.Parser is for one at a time,
// so parsers pools them.
type lineParser struct {
	p     fastjson.Parser
	num   []byte // the text of a number
	arena []byte // the JSON text of the record's strings, on the fast path
}

var parsers = sync.Pool{New: func() any { return new(lineParser) }}

// decodeLine decodes one line; it is safe for concurrent use.
func decodeLine(line []byte) (record, map[string]any, *fieldProblem) {
	var d decoder
	if prob := d.decode(line); prob != nil {
		return record{}, nil, prob
	}
	return d.r, d.props, nil
}

// decoder decodes one line (already trimmed and not blank) into a record and
// the properties from its unknown fields.
type decoder struct {
	r     record
	props map[string]any

	lp       *lineParser
	prob     *fieldProblem // the first type error
	badUTF8  bool          // the line is not valid UTF-8
	unknown  bool          // a field not in the format was seen
	overflow bool          // an unknown field's number does not fit a float64
	// an unknown field came before the first type error
	unknownFirst bool

	// fast is set while decoding a line that fastjson parsed without the
	// syntax scan; slow is set when that turns out not to do.
	fast, slow bool
	bigNumber  bool // a number that may not fit a float64 was seen

	strs strings.Builder // holds the strings copied out of the parser
	size int             // the size to give strs

	// On the fast path, when the line is valid UTF-8, the record's strings
	// are kept as their JSON text in lp.arena (which, without escapes, is
	// what they decode to) and become strings at the end, all at once.
	arena   bool
	pending [16]pendingString
	npend   int
}

// pendingString is a string of the record that waits in lp.arena.
type pendingString struct {
	field      sfield
	start, end uint32
}

// decode fills d.r and d.props from line, or says what is wrong with it.
// Nothing in d refers to the parser's memory afterwards.
func (d *decoder) decode(line []byte) *fieldProblem {
	lp := parsers.Get().(*lineParser)
	prob := d.decodeWith(lp, line)
	d.lp = nil
	parsers.Put(lp)
	if prob == nil && len(d.props) == 0 {
		d.props = nil
	}
	return prob
}

func (d *decoder) decodeWith(lp *lineParser, line []byte) *fieldProblem {
	if len(line) == 0 || line[0] != '{' {
		return &fieldProblem{Reason: "not a JSON object"}
	}
	d.lp = lp

	// The fast path: a line without escapes or control characters is valid
	// JSON if fastjson parses it and its numbers are JSON numbers (fastjson
	// takes 01, 1.2.3 or NaN for numbers, but is strict otherwise). Anything
	// else, and any problem, takes the slow path, which has the syntax scan
	// tell exactly what is wrong first.
	if plain, ascii := plainLine(line); plain {
		if v, err := lp.p.ParseBytes(line); err == nil {
			o, _ := v.Object()
			d.fast, d.size = true, stringSpace(line, o)
			d.badUTF8 = !ascii && !utf8.Valid(line)
			d.arena, lp.arena = !d.badUTF8 && uint64(len(line)) <= math.MaxUint32, lp.arena[:0]
			o.Visit(d.field)
			if !d.slow && d.prob == nil && !d.overflow && !(d.unknown && d.bigNumber) {
				d.setPending()
				return nil
			}
		}
		*d = decoder{lp: lp}
	}

	sc := syntaxScanner{b: line}
	if !sc.object() {
		return &fieldProblem{Reason: sc.err}
	}
	end, trail := sc.i, -1
	sc.skipSpace()
	if sc.i < len(line) {
		trail = sc.i
	}
	obj := line[:end]
	if sc.surrogate {
		obj = fixSurrogates(append([]byte(nil), obj...))
	}
	v, err := lp.p.ParseBytes(obj)
	if err != nil { // the scan above should have caught it
		return &fieldProblem{Reason: "malformed JSON: " + err.Error()}
	}
	o, _ := v.Object()
	// Bytes outside strings are ASCII, or the scan would have failed.
	d.badUTF8, d.size = sc.high&highs != 0 && !utf8.Valid(obj), stringSpace(obj, o)
	o.Visit(d.field)

	// Which problem wins mirrors encoding/json: its Decoder stopped at the
	// first type error or unknown field; after an unknown field the whole
	// line was decoded again, text after the object included.
	if d.prob != nil && !d.unknownFirst {
		return d.prob
	}
	if trail >= 0 {
		if d.unknown {
			return &fieldProblem{Reason: syntaxReason(line, trail, "after top-level value")}
		}
		return &fieldProblem{Reason: "malformed JSON: text after the JSON object"}
	}
	if d.prob != nil {
		return d.prob
	}
	if d.unknown && (d.overflow || sc.bigNumber && floatOverflow(obj)) {
		// encoding/json decoded every number of such a line into a float64.
		return &fieldProblem{Reason: "expected a number"}
	}
	return nil
}

// stringSpace bounds the bytes that the strings decoded from obj take: each
// member has a key in quotes, a colon and a comma or the closing brace. (The
// keys of unknown fields can go over; text copies those on their own.)
func stringSpace(obj []byte, o *fastjson.Object) int {
	return len(obj) - 1 - 4*o.Len()
}

// plainLine reports whether b has no backslash and no control character,
// and whether it is all ASCII.
func plainLine(b []byte) (plain, ascii bool) {
	if bytes.IndexByte(b, '\\') >= 0 {
		return false, false
	}
	// (x-ones*0x20)&^x&highs is not 0 if a byte of x is below 0x20.
	var ctl, high uint64
	for len(b) >= 16 {
		x, y := binary.LittleEndian.Uint64(b), binary.LittleEndian.Uint64(b[8:])
		ctl |= (x-ones*0x20)&^x | (y-ones*0x20)&^y
		high |= x | y
		b = b[16:]
	}
	for len(b) >= 8 {
		x := binary.LittleEndian.Uint64(b)
		ctl |= (x - ones*0x20) &^ x
		high |= x
		b = b[8:]
	}
	for _, c := range b {
		if c < 0x20 {
			return false, false
		}
		high |= uint64(c)
	}
	return ctl&highs == 0, high&highs == 0
}

func (d *decoder) fail(field, reason string) {
	if d.prob == nil {
		d.prob = &fieldProblem{Field: field, Reason: reason}
		d.unknownFirst = d.unknown
	}
}

func (d *decoder) field(key []byte, v *fastjson.Value) {
	if d.prob != nil {
		return
	}
	r := &d.r
	switch string(key) {
	case "type":
		d.str(sType, v)
	case "id":
		d.str(sID, v)
	case "platform":
		d.str(sPlatform, v)
	case "handle":
		d.str(sHandle, v)
	case "name":
		d.str(sName, v)
	case "url":
		d.str(sURL, v)
	case "bio":
		d.str(sBio, v)
	case "text":
		d.str(sText, v)
	case "author":
		d.str(sAuthor, v)
	case "page":
		d.str(sPage, v)
	case "followers":
		d.int(&r.Followers, "followers", v)
	case "members":
		d.int(&r.Members, "members", v)
	case "created_at":
		d.str(sCreatedAt, v)
	case "posted_at":
		d.str(sPostedAt, v)
	case "seen_at":
		d.str(sSeenAt, v)
	case "status":
		d.str(sStatus, v)
	case "media":
		d.media(v)
	case "source":
		d.str(sSource, v)
	case "region":
		d.str(sRegion, v)
	case "kind":
		d.str(sKind, v)
	case "from":
		d.str(sFrom, v)
	case "to":
		d.str(sTo, v)
	case "at":
		d.str(sAt, v)
	case "weight":
		d.float(&r.Weight, v)
	case "identifier":
		d.identifier(v)
	default:
		d.unknown = true
		d.prop(key, v)
	}
}

// sfield names a string field of the record or of its identifier.
type sfield uint8

const (
	sType sfield = iota
	sID
	sPlatform
	sHandle
	sName
	sURL
	sBio
	sText
	sAuthor
	sPage
	sCreatedAt
	sPostedAt
	sSeenAt
	sStatus
	sSource
	sRegion
	sKind
	sFrom
	sTo
	sAt
	sIdentKind
	sIdentValue
	sIdentRegion
	sNone // a pending string that no longer has a field
)

var sfieldNames = [...]string{"type", "id", "platform", "handle", "name", "url", "bio", "text", "author", "page",
	"created_at", "posted_at", "seen_at", "status", "source", "region", "kind", "from", "to", "at",
	"identifier.kind", "identifier.value", "identifier.region"}

func (d *decoder) strField(f sfield) *string {
	r := &d.r
	switch f {
	case sType:
		return &r.Type
	case sID:
		return &r.ID
	case sPlatform:
		return &r.Platform
	case sHandle:
		return &r.Handle
	case sName:
		return &r.Name
	case sURL:
		return &r.URL
	case sBio:
		return &r.Bio
	case sText:
		return &r.Text
	case sAuthor:
		return &r.Author
	case sPage:
		return &r.Page
	case sCreatedAt:
		return &r.CreatedAt
	case sPostedAt:
		return &r.PostedAt
	case sSeenAt:
		return &r.SeenAt
	case sStatus:
		return &r.Status
	case sSource:
		return &r.Source
	case sRegion:
		return &r.Region
	case sKind:
		return &r.Kind
	case sFrom:
		return &r.From
	case sTo:
		return &r.To
	case sAt:
		return &r.At
	case sIdentKind:
		return &r.Identifier.Kind
	case sIdentValue:
		return &r.Identifier.Value
	case sIdentRegion:
		return &r.Identifier.Region
	}
	return nil
}

// str stores a string; null leaves the field as it was, like encoding/json.
func (d *decoder) str(f sfield, v *fastjson.Value) {
	if d.arena {
		if d.npend == len(d.pending) {
			d.setPending()
			d.lp.arena, d.npend = d.lp.arena[:0], 0
		}
		// MarshalTo gives a string's JSON text, the other values' own.
		a := d.lp.arena
		start := len(a)
		a = v.MarshalTo(a)
		switch a[start] {
		case '"':
			d.pending[d.npend] = pendingString{f, uint32(start + 1), uint32(len(a) - 1)}
			d.npend++
			d.lp.arena = a
		case 'n':
			d.lp.arena = a[:start]
		default:
			d.lp.arena = a[:start]
			d.fail(sfieldNames[f], "expected a string")
		}
		return
	}
	switch v.Type() {
	case fastjson.TypeString:
		*d.strField(f) = d.copyString(v)
	case fastjson.TypeNull:
	default:
		d.fail(sfieldNames[f], "expected a string")
	}
}

// setPending turns the pending strings into strings, in one allocation.
func (d *decoder) setPending() {
	if d.npend == 0 {
		return
	}
	all := string(d.lp.arena)
	for _, p := range d.pending[:d.npend] {
		if p.field != sNone {
			*d.strField(p.field) = all[p.start:p.end]
		}
	}
}

func (d *decoder) copyString(v *fastjson.Value) string {
	b, _ := v.StringBytes()
	return d.text(b)
}

// text copies b out of the parser, replacing invalid UTF-8 as
// encoding/json does: each byte that is not part of a valid sequence
// becomes U+FFFD.
//
// The strings of one line share one allocation of d.size bytes: decoded
// strings are never longer than their JSON text.
func (d *decoder) text(b []byte) string {
	if !d.badUTF8 || utf8.Valid(b) {
		if d.strs.Cap() == 0 {
			d.strs.Grow(d.size)
		}
		if d.strs.Cap()-d.strs.Len() < len(b) {
			return string(b)
		}
		start := d.strs.Len()
		d.strs.Write(b)
		return d.strs.String()[start:]
	}
	out := make([]byte, 0, len(b)+8)
	for len(b) > 0 {
		c, size := utf8.DecodeRune(b)
		if c == utf8.RuneError && size == 1 {
			out = utf8.AppendRune(out, utf8.RuneError)
		} else {
			out = append(out, b[:size]...)
		}
		b = b[size:]
	}
	return string(out)
}

// numText returns the text of the number v, valid until the next call. On
// the fast path it checks that the text is a JSON number.
func (d *decoder) numText(v *fastjson.Value) ([]byte, bool) {
	d.lp.num = v.MarshalTo(d.lp.num[:0])
	if d.fast {
		ok, big := jsonNumber(d.lp.num)
		if !ok {
			d.slow = true
			return nil, false
		}
		d.bigNumber = d.bigNumber || big
	}
	return d.lp.num, true
}

// checkNumbers checks the numbers in a value the record does not keep: on
// the fast path they are not known to be JSON numbers.
func (d *decoder) checkNumbers(v *fastjson.Value) {
	if !d.fast {
		return
	}
	switch v.Type() {
	case fastjson.TypeNumber:
		d.numText(v)
	case fastjson.TypeArray:
		a, _ := v.Array()
		for _, e := range a {
			d.checkNumbers(e)
		}
	case fastjson.TypeObject:
		o, _ := v.Object()
		o.Visit(func(_ []byte, e *fastjson.Value) { d.checkNumbers(e) })
	}
}

// int stores an integer as encoding/json does, with strconv.ParseInt: 1.5,
// 1e3 and numbers out of the int64 range are not integers.
func (d *decoder) int(dst **int64, field string, v *fastjson.Value) {
	switch v.Type() {
	case fastjson.TypeNumber:
		raw, ok := d.numText(v)
		if !ok {
			return
		}
		n, err := strconv.ParseInt(string(raw), 10, 64)
		if err != nil {
			d.fail(field, "expected an integer")
			return
		}
		if *dst == nil {
			*dst = new(int64)
		}
		**dst = n
	case fastjson.TypeNull:
		*dst = nil
	default:
		d.fail(field, "expected an integer")
	}
}

// number parses a number as encoding/json does, with strconv.ParseFloat
// (fastjson's own float parser turns an overflow into an infinity).
func (d *decoder) number(v *fastjson.Value) (f float64, ok bool, err error) {
	raw, ok := d.numText(v)
	if !ok {
		return 0, false, nil
	}
	f, err = strconv.ParseFloat(string(raw), 64)
	return f, true, err
}

func (d *decoder) float(dst **float64, v *fastjson.Value) {
	switch v.Type() {
	case fastjson.TypeNumber:
		f, ok, err := d.number(v)
		if !ok {
			return
		}
		if err != nil {
			d.fail("weight", "expected a number")
			return
		}
		if *dst == nil {
			*dst = new(float64)
		}
		**dst = f
	case fastjson.TypeNull:
		*dst = nil
	default:
		d.fail("weight", "expected a number")
	}
}

// media decodes a list of strings the way encoding/json decodes into an
// existing slice: a repeated "media" key reuses the slice, and a null
// element leaves what was there.
func (d *decoder) media(v *fastjson.Value) {
	switch v.Type() {
	case fastjson.TypeArray:
	case fastjson.TypeNull:
		d.r.Media = nil
		return
	default:
		d.fail("media", "expected a list of strings")
		return
	}
	a, _ := v.Array()
	m := d.r.Media
	for i, e := range a {
		switch {
		case i >= cap(m):
			m = append(m[:i], "")
		case i >= len(m):
			m = m[:i+1]
		}
		switch e.Type() {
		case fastjson.TypeString:
			m[i] = d.copyString(e)
		case fastjson.TypeNull:
		default:
			d.fail("media", "expected a string")
			return
		}
	}
	if len(a) == 0 {
		m = []string{}
	}
	d.r.Media = m[:len(a)]
}

// identifier decodes into the record's identifier, reusing one that a
// repeated "identifier" key already filled, as encoding/json does. Unknown
// fields in it are ignored.
func (d *decoder) identifier(v *fastjson.Value) {
	switch v.Type() {
	case fastjson.TypeObject:
	case fastjson.TypeNull:
		d.r.Identifier = nil
		for i, p := range d.pending[:d.npend] {
			if p.field >= sIdentKind {
				d.pending[i].field = sNone
			}
		}
		return
	default:
		d.fail("identifier", "expected an object")
		return
	}
	if d.r.Identifier == nil {
		d.r.Identifier = &identRecord{}
	}
	o, _ := v.Object()
	o.Visit(func(key []byte, v *fastjson.Value) {
		if d.prob != nil {
			return
		}
		switch string(key) {
		case "kind":
			d.str(sIdentKind, v)
		case "value":
			d.str(sIdentValue, v)
		case "region":
			d.str(sIdentRegion, v)
		default:
			d.unknown = true
			d.checkNumbers(v)
		}
	})
}

// prop keeps an unknown field whose value is a string, a number or a
// boolean; any other value removes what an earlier key of the same name
// left.
func (d *decoder) prop(key []byte, v *fastjson.Value) {
	var val any
	switch v.Type() {
	case fastjson.TypeString:
		val = d.copyString(v)
	case fastjson.TypeNumber:
		f, ok, err := d.number(v)
		if !ok {
			return
		}
		if err != nil {
			d.overflow = true
			return
		}
		val = f
	case fastjson.TypeTrue:
		val = true
	case fastjson.TypeFalse:
		val = false
	default:
		d.checkNumbers(v)
		if d.props != nil {
			delete(d.props, d.text(key))
		}
		return
	}
	if d.props == nil {
		d.props = map[string]any{}
	}
	d.props[d.text(key)] = val
}

// fixSurrogates rewrites, in b, each \u escape of a UTF-16 surrogate that is
// not half of a valid pair to \ufffd, which is what encoding/json decodes it
// to. fastjson would keep the escape as text, or swallow the escape after
// it. b must be syntactically valid JSON; the rewrite keeps its length.
func fixSurrogates(b []byte) []byte {
	for i := 0; i < len(b); i++ {
		if b[i] != '\\' {
			continue
		}
		i++ // the escaped character; a valid line always has one
		if b[i] != 'u' {
			continue
		}
		r := hex4(b[i+1 : i+5])
		if utf16.IsSurrogate(r) {
			if i+10 < len(b) && b[i+5] == '\\' && b[i+6] == 'u' &&
				utf16.DecodeRune(r, hex4(b[i+7:i+11])) != utf8.RuneError {
				i += 10
				continue
			}
			copy(b[i+1:i+5], "fffd")
		}
		i += 4
	}
	return b
}

func hex4(b []byte) rune {
	var r rune
	for _, c := range b[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}

// floatOverflow reports whether a number in the valid JSON text b does not
// fit a float64.
func floatOverflow(b []byte) bool {
	sc := syntaxScanner{b: b, parseFloats: true}
	sc.object()
	return sc.overflow
}

// syntaxScanner checks that a line starts with one JSON object, as strictly
// as encoding/json and with its messages and byte offsets. fastjson's parser
// is lenient (it takes 01, NaN, control characters and unknown escapes) and
// fastjson.Validate reports no offsets.
type syntaxScanner struct {
	b   []byte
	i   int
	err string // set when a method returns false

	surrogate bool   // a \u escape of a UTF-16 surrogate was seen
	high      uint64 // string bytes ORed together: is any non-ASCII?
	bigNumber bool   // a number that may not fit a float64 was seen

	parseFloats bool // parse every number into a float64
	overflow    bool // with parseFloats: a number did not fit
}

func (s *syntaxScanner) skipSpace() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// more skips white space and reports whether any input is left.
func (s *syntaxScanner) more() bool {
	s.skipSpace()
	return s.i < len(s.b)
}

func (s *syntaxScanner) eof() bool {
	s.err = "malformed JSON: unexpected EOF"
	return false
}

// fail reports the byte at s.i, which is wrong in the given context.
func (s *syntaxScanner) fail(context string) bool {
	s.err = syntaxReason(s.b, s.i, context)
	return false
}

// syntaxReason is the reason encoding/json gives for an invalid character:
// its offset counts the bytes read, the bad one included.
func syntaxReason(b []byte, i int, context string) string {
	return "malformed JSON at byte " + strconv.Itoa(i+1) + ": invalid character " + quoteChar(b[i]) + " " + context
}

// quoteChar formats c as encoding/json does in its syntax errors.
func quoteChar(c byte) string {
	if c == '\'' {
		return `'\''`
	}
	if c == '"' {
		return `'"'`
	}
	q := strconv.Quote(string(rune(c)))
	return "'" + q[1:len(q)-1] + "'"
}

// object scans the object that starts at s.i.
func (s *syntaxScanner) object() bool {
	return s.value(0)
}

// value scans one value inside depth enclosing objects and arrays.
func (s *syntaxScanner) value(depth int) bool {
	if !s.more() {
		return s.eof()
	}
	if depth >= maxDepth {
		s.err = "malformed JSON at byte " + strconv.Itoa(s.i+1) + ": nested deeper than " + strconv.Itoa(maxDepth) + " levels"
		return false
	}
	switch c := s.b[s.i]; {
	case c == '{':
		s.i++
		return s.members(depth + 1)
	case c == '[':
		s.i++
		return s.elements(depth + 1)
	case c == '"':
		s.i++
		return s.str()
	case c == '-' || '0' <= c && c <= '9':
		return s.number()
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	}
	return s.fail("looking for beginning of value")
}

// members scans an object's members and its closing brace.
func (s *syntaxScanner) members(depth int) bool {
	if !s.more() {
		return s.eof()
	}
	if s.b[s.i] == '}' {
		s.i++
		return true
	}
	for {
		if s.b[s.i] != '"' {
			return s.fail("looking for beginning of object key string")
		}
		s.i++
		if !s.str() {
			return false
		}
		if !s.more() {
			return s.eof()
		}
		if s.b[s.i] != ':' {
			return s.fail("after object key")
		}
		s.i++
		if !s.value(depth) {
			return false
		}
		if !s.more() {
			return s.eof()
		}
		switch s.b[s.i] {
		case ',':
			s.i++
			if !s.more() {
				return s.eof()
			}
		case '}':
			s.i++
			return true
		default:
			return s.fail("after object key:value pair")
		}
	}
}

// elements scans an array's elements and its closing bracket.
func (s *syntaxScanner) elements(depth int) bool {
	if !s.more() {
		return s.eof()
	}
	if s.b[s.i] == ']' {
		s.i++
		return true
	}
	for {
		if !s.value(depth) {
			return false
		}
		if !s.more() {
			return s.eof()
		}
		switch s.b[s.i] {
		case ',':
			s.i++
		case ']':
			s.i++
			return true
		default:
			return s.fail("after array element")
		}
	}
}

// plain marks the bytes that a string may hold as they are.
var plain = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// str scans the rest of a string after its opening quote.
func (s *syntaxScanner) str() bool {
	b := s.b
	for {
		// Eight bytes at a time while none is a quote, a backslash or a
		// control character (the bit tricks find a zero byte in x^'"',
		// in x^'\\' or a byte below 0x20 in x).
		for s.i+8 <= len(b) {
			x := binary.LittleEndian.Uint64(b[s.i:])
			q, e := x^(ones*'"'), x^(ones*'\\')
			if ((q-ones)&^q|(e-ones)&^e|(x-ones*0x20)&^x)&highs != 0 {
				break
			}
			s.high |= x
			s.i += 8
		}
		for s.i < len(b) && plain[b[s.i]] {
			s.high |= uint64(b[s.i])
			s.i++
		}
		if s.i >= len(b) {
			return s.eof()
		}
		switch c := b[s.i]; {
		case c == '"':
			s.i++
			return true
		case c == '\\':
			s.i++
			if s.i >= len(b) {
				return s.eof()
			}
			switch b[s.i] {
			case 'b', 'f', 'n', 'r', 't', '\\', '/', '"':
				s.i++
			case 'u':
				s.i++
				for range 4 {
					if s.i >= len(b) {
						return s.eof()
					}
					if !isHex(b[s.i]) {
						return s.fail(`in \u hexadecimal character escape`)
					}
					s.i++
				}
				if utf16.IsSurrogate(hex4(b[s.i-4 : s.i])) {
					s.surrogate = true
				}
			default:
				return s.fail("in string escape code")
			}
		default: // c < 0x20
			return s.fail("in string literal")
		}
	}
}

// jsonNumber reports whether b is a JSON number, and whether it may not fit
// a float64.
func jsonNumber(b []byte) (ok, big bool) {
	i := 0
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && '1' <= b[i] && b[i] <= '9':
		for i < len(b) && isDigit(b[i]) {
			i++
		}
	default:
		return false, false
	}
	if i < len(b) && b[i] == '.' {
		i++
		if i >= len(b) || !isDigit(b[i]) {
			return false, false
		}
		for i < len(b) && isDigit(b[i]) {
			i++
		}
	}
	exp := false
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		exp = true
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= len(b) || !isDigit(b[i]) {
			return false, false
		}
		for i < len(b) && isDigit(b[i]) {
			i++
		}
	}
	return i == len(b), exp || len(b) > 300
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isHex(c byte) bool { return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

// number scans a number; the character after it is its container's to judge.
func (s *syntaxScanner) number() bool {
	b, start := s.b, s.i
	if b[s.i] == '-' {
		s.i++
		if s.i >= len(b) {
			return s.eof()
		}
		if !isDigit(b[s.i]) {
			return s.fail("in numeric literal")
		}
	}
	if b[s.i] == '0' {
		s.i++
	} else {
		for s.i < len(b) && isDigit(b[s.i]) {
			s.i++
		}
	}
	if s.i < len(b) && b[s.i] == '.' {
		s.i++
		if s.i >= len(b) {
			return s.eof()
		}
		if !isDigit(b[s.i]) {
			return s.fail("after decimal point in numeric literal")
		}
		for s.i < len(b) && isDigit(b[s.i]) {
			s.i++
		}
	}
	exp := false
	if s.i < len(b) && (b[s.i] == 'e' || b[s.i] == 'E') {
		exp = true
		s.i++
		if s.i < len(b) && (b[s.i] == '+' || b[s.i] == '-') {
			s.i++
		}
		if s.i >= len(b) {
			return s.eof()
		}
		if !isDigit(b[s.i]) {
			return s.fail("in exponent of numeric literal")
		}
		for s.i < len(b) && isDigit(b[s.i]) {
			s.i++
		}
	}
	// Only an exponent or some 309 digits take a number past float64.
	if exp || s.i-start > 300 {
		s.bigNumber = true
		if s.parseFloats {
			if _, err := strconv.ParseFloat(string(b[start:s.i]), 64); err != nil {
				s.overflow = true
			}
		}
	}
	return true
}

// literal scans true, false or null.
func (s *syntaxScanner) literal(word string) bool {
	for k := 0; k < len(word); k++ {
		if s.i >= len(s.b) {
			return s.eof()
		}
		if s.b[s.i] != word[k] {
			return s.fail("in literal " + word + " (expecting " + quoteChar(word[k]) + ")")
		}
		s.i++
	}
	return true
}
