package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/takedown/takedown/generate"
	"github.com/takedown/takedown/graph"
)

// The encoding/json decoder that decode.go replaced, kept as the
// reference for FuzzDecodeParity and BenchmarkLine.

var knownFields = map[string]bool{"type": true, "id": true, "platform": true, "handle": true, "name": true,
	"url": true, "bio": true, "text": true, "author": true, "page": true, "followers": true, "members": true,
	"created_at": true, "posted_at": true, "seen_at": true, "status": true, "media": true, "source": true,
	"region": true, "kind": true, "from": true, "to": true, "at": true, "weight": true, "identifier": true}

// refDecode is the old decoding step of Converter.Line.
func refDecode(line []byte) (record, map[string]any, *fieldProblem) {
	bad := func(field, format string, args ...any) (record, map[string]any, *fieldProblem) {
		return record{}, nil, &fieldProblem{Field: field, Reason: fmt.Sprintf(format, args...)}
	}
	if line[0] != '{' {
		return bad("", "not a JSON object")
	}
	var r record
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	err := dec.Decode(&r)
	var props map[string]any
	if err == nil && dec.More() {
		err = errors.New("text after the JSON object")
	} else if err != nil && strings.Contains(err.Error(), "unknown field") {
		r = record{}
		if err = json.Unmarshal(line, &r); err == nil {
			props, err = unknownScalars(line)
		}
	}
	if err != nil {
		var te *json.UnmarshalTypeError
		var se *json.SyntaxError
		switch {
		case errors.As(err, &te):
			return bad(fieldName(te.Field), "expected %s", goTypeName(te.Type.String()))
		case errors.As(err, &se):
			return bad("", "malformed JSON at byte %d: %s", se.Offset, se.Error())
		}
		return bad("", "malformed JSON: %s", strings.TrimPrefix(err.Error(), "json: "))
	}
	return r, props, nil
}

// refLine is the old Converter.Line.
func refLine(c *Converter, line []byte, n int64) (*Items, *graph.Problem) {
	line = bytes.TrimSpace(line)
	if len(line) == 0 || bytes.HasPrefix(line, []byte("//")) {
		return nil, nil
	}
	r, props, prob := refDecode(line)
	if prob != nil {
		return nil, &graph.Problem{Line: n, Field: prob.Field, Reason: prob.Reason}
	}
	return c.convert(&r, props, n)
}

// fieldName maps a decoder's field path (Go names or JSON names) to the
// JSON field name of the ingest format.
func fieldName(f string) string {
	if i := strings.LastIndexByte(f, '.'); i >= 0 && !strings.HasPrefix(f, "identifier") && !strings.HasPrefix(f, "Identifier") {
		f = f[i+1:]
	}
	parts := strings.Split(f, ".")
	for i, p := range parts {
		if tag, ok := jsonNames[p]; ok {
			parts[i] = tag
		}
	}
	return strings.Join(parts, ".")
}

var jsonNames = func() map[string]string {
	m := map[string]string{}
	for _, t := range []reflect.Type{reflect.TypeFor[record](), reflect.TypeFor[identRecord]()} {
		for i := range t.NumField() {
			f := t.Field(i)
			m[f.Name] = strings.Split(f.Tag.Get("json"), ",")[0]
		}
	}
	return m
}()

func goTypeName(t string) string {
	switch t {
	case "int64", "*int64":
		return "an integer"
	case "float64", "*float64":
		return "a number"
	case "string":
		return "a string"
	case "[]string":
		return "a list of strings"
	}
	return "an object"
}

func unknownScalars(line []byte) (map[string]any, error) {
	var m map[string]any
	if err := json.Unmarshal(line, &m); err != nil {
		return nil, err
	}
	var props map[string]any
	for k, v := range m {
		if knownFields[k] {
			continue
		}
		switch v.(type) {
		case string, float64, bool:
			if props == nil {
				props = map[string]any{}
			}
			props[k] = v
		}
	}
	return props, nil
}

// Deviations from the reference, on purpose (see decode.go).

const textAfter = "malformed JSON: text after the JSON object"

// closerAfterObject reports whether the first thing after the line's first
// JSON value is a "}" or a "]", which the reference let through.
func closerAfterObject(line []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(line))
	var raw json.RawMessage
	if dec.Decode(&raw) != nil {
		return false
	}
	rest := bytes.TrimLeft(line[dec.InputOffset():], " \t\r\n")
	return len(rest) > 0 && (rest[0] == '}' || rest[0] == ']')
}

// caseVariantKey reports whether the line has a key that matches a known
// field only when letter case is ignored, as encoding/json matched them.
func caseVariantKey(line []byte) bool {
	variant := func(key string, names ...string) bool {
		for _, n := range names {
			if key != n && strings.EqualFold(key, n) {
				return true
			}
		}
		return false
	}
	keys := func(obj []byte, f func(key string, val json.RawMessage) bool) bool {
		dec := json.NewDecoder(bytes.NewReader(obj))
		if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
			return false
		}
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				return false
			}
			key, _ := tok.(string)
			var val json.RawMessage
			if dec.Decode(&val) != nil {
				return false
			}
			if f(key, val) {
				return true
			}
		}
		return false
	}
	var top []string
	for k := range knownFields {
		top = append(top, k)
	}
	return keys(line, func(key string, val json.RawMessage) bool {
		if variant(key, top...) {
			return true
		}
		return key == "identifier" && keys(val, func(key string, _ json.RawMessage) bool {
			return variant(key, "kind", "value", "region")
		})
	})
}

// checkParity compares decodeLine with the reference on one line.
func checkParity(t *testing.T, line []byte) {
	t.Helper()
	line = bytes.TrimSpace(line)
	if len(line) == 0 || bytes.HasPrefix(line, []byte("//")) {
		return
	}
	if caseVariantKey(line) {
		return // field names are matched exactly now
	}
	wr, wprops, wprob := refDecode(line)
	gr, gprops, gprob := decodeLine(line)
	if gprob != nil && strings.Contains(gprob.Reason, "nested deeper than") {
		return // fastjson's depth limit is 300, encoding/json's 10,000
	}
	if wprob == nil && gprob != nil && gprob.Reason == textAfter && closerAfterObject(line) {
		return // the reference let a "}" or "]" after the object through
	}
	switch {
	case wprob != nil && gprob != nil:
		if *wprob != *gprob {
			t.Fatalf("%q:\n got  problem %+v\n want problem %+v", line, *gprob, *wprob)
		}
	case wprob != nil:
		t.Fatalf("%q: accepted (%+v, props %v), reference says %+v", line, gr, gprops, *wprob)
	case gprob != nil:
		t.Fatalf("%q: rejected with %+v, reference accepts (%+v, props %v)", line, *gprob, wr, wprops)
	default:
		if !reflect.DeepEqual(gr, wr) {
			t.Fatalf("%q:\n got  %s\n want %s", line, dump(gr), dump(wr))
		}
		if !reflect.DeepEqual(gprops, wprops) {
			t.Fatalf("%q:\n got  props %#v\n want props %#v", line, gprops, wprops)
		}
	}
}

func dump(r record) string {
	s := fmt.Sprintf("%+v", r)
	if r.Followers != nil {
		s += fmt.Sprintf(" followers=%d", *r.Followers)
	}
	if r.Members != nil {
		s += fmt.Sprintf(" members=%d", *r.Members)
	}
	if r.Weight != nil {
		s += fmt.Sprintf(" weight=%v", *r.Weight)
	}
	if r.Identifier != nil {
		s += fmt.Sprintf(" identifier=%+v", *r.Identifier)
	}
	if r.Media != nil {
		s += fmt.Sprintf(" media=%q (len %d)", r.Media, len(r.Media))
	}
	return s
}

func ptr[T any](v T) *T { return &v }

// manyIDs returns an object with n ids, more strings than the fast path
// keeps pending at once.
func manyIDs(n int) string {
	var b strings.Builder
	b.WriteString(`{"name":"n"`)
	for i := range n {
		fmt.Fprintf(&b, `,"id":"%d"`, i)
	}
	return b.String() + "}"
}

// nesting returns an object holding n nested empty arrays.
func nesting(n int) string {
	return `{"x":` + strings.Repeat("[", n) + strings.Repeat("]", n) + `}`
}

var problemCases = []struct {
	line, field, reason string
	deviates            bool // from the reference, on purpose
}{
	// not an object, malformed JSON, text after the object
	{`[]`, "", "not a JSON object", false},
	{`"account"`, "", "not a JSON object", false},
	{`{"type":"account","id":"a"`, "", "malformed JSON: unexpected EOF", false},
	{`{"type":"account","id":"a\`, "", "malformed JSON: unexpected EOF", false},
	{`{"type":"account",}`, "", "malformed JSON at byte 19: invalid character '}' looking for beginning of object key string", false},
	{`{"a" 1}`, "", "malformed JSON at byte 6: invalid character '1' after object key", false},
	{`{"a":1 "b":2}`, "", "malformed JSON at byte 8: invalid character '\"' after object key:value pair", false},
	{`{"a":[1 2]}`, "", "malformed JSON at byte 9: invalid character '2' after array element", false},
	{`{"a":[1,]}`, "", "malformed JSON at byte 9: invalid character ']' looking for beginning of value", false},
	{`{"a":01}`, "", "malformed JSON at byte 7: invalid character '1' after object key:value pair", false},
	{`{"a":-}`, "", "malformed JSON at byte 7: invalid character '}' in numeric literal", false},
	{`{"a":+1}`, "", "malformed JSON at byte 6: invalid character '+' looking for beginning of value", false},
	{`{"a":1.}`, "", "malformed JSON at byte 8: invalid character '}' after decimal point in numeric literal", false},
	{`{"a":1e+}`, "", "malformed JSON at byte 9: invalid character '}' in exponent of numeric literal", false},
	{`{"a":NaN}`, "", "malformed JSON at byte 6: invalid character 'N' looking for beginning of value", false},
	{`{"a":tru}`, "", "malformed JSON at byte 9: invalid character '}' in literal true (expecting 'e')", false},
	{`{"a":nul1}`, "", "malformed JSON at byte 9: invalid character '1' in literal null (expecting 'l')", false},
	{`{"a":"\x"}`, "", "malformed JSON at byte 8: invalid character 'x' in string escape code", false},
	{`{"a":"\u12G4"}`, "", `malformed JSON at byte 11: invalid character 'G' in \u hexadecimal character escape`, false},
	{"{\"a\":\"\x01\"}", "", `malformed JSON at byte 7: invalid character '\x01' in string literal`, false},
	{"{\"a\":\xff}", "", `malformed JSON at byte 6: invalid character 'ÿ' looking for beginning of value`, false},
	{`{'a':1}`, "", `malformed JSON at byte 2: invalid character '\'' looking for beginning of object key string`, false},
	{nesting(maxDepth), "", "malformed JSON at byte 305: nested deeper than 300 levels", true},
	{`{"type":"account"} x`, "", textAfter, false},
	{`{"type":"account"}{"type":"page"}`, "", textAfter, false},
	{`{"type":"account"}]`, "", textAfter, true},
	{`{"type":"account"} }`, "", textAfter, true},
	{`{"type":"account","x":1} y`, "", "malformed JSON at byte 26: invalid character 'y' after top-level value", false},

	// known fields of the wrong type
	{`{"type":1}`, "type", "expected a string", false},
	{`{"id":true}`, "id", "expected a string", false},
	{`{"handle":{"a":1}}`, "handle", "expected a string", false},
	{`{"created_at":["2024"]}`, "created_at", "expected a string", false},
	{`{"followers":1.5}`, "followers", "expected an integer", false},
	{`{"followers":1e3}`, "followers", "expected an integer", false},
	{`{"followers":9223372036854775808}`, "followers", "expected an integer", false},
	{`{"followers":-9223372036854775809}`, "followers", "expected an integer", false},
	{`{"followers":"many"}`, "followers", "expected an integer", false},
	{`{"followers":true}`, "followers", "expected an integer", false},
	{`{"members":[1]}`, "members", "expected an integer", false},
	{`{"members":1.0}`, "members", "expected an integer", false},
	{`{"weight":"1"}`, "weight", "expected a number", false},
	{`{"weight":1e400}`, "weight", "expected a number", false},
	{`{"weight":{}}`, "weight", "expected a number", false},
	{`{"media":"phash:ffd8a1c3e0f0b0a1"}`, "media", "expected a list of strings", false},
	{`{"media":{"a":"b"}}`, "media", "expected a list of strings", false},
	{`{"media":7}`, "media", "expected a list of strings", false},
	// a bad element is reported as encoding/json did, by its own type
	{`{"media":["phash:ffd8a1c3e0f0b0a1",1]}`, "media", "expected a string", false},
	{`{"media":[["a"]]}`, "media", "expected a string", false},
	{`{"identifier":"phone"}`, "identifier", "expected an object", false},
	{`{"identifier":[]}`, "identifier", "expected an object", false},
	{`{"identifier":1}`, "identifier", "expected an object", false},
	{`{"identifier":{"kind":1}}`, "identifier.kind", "expected a string", false},
	{`{"identifier":{"kind":"phone","value":false}}`, "identifier.value", "expected a string", false},
	{`{"identifier":{"region":["GB"]}}`, "identifier.region", "expected a string", false},

	// a number of an unknown field that does not fit a float64
	{`{"x":1e400}`, "", "expected a number", false},
	{`{"x":[{"y":-1e400}]}`, "", "expected a number", false},
	{`{"identifier":{"kind":"phone","extra":1e999}}`, "", "expected a number", false},
	{`{"type":"account","x":1,"y":` + strings.Repeat("9", 400) + `}`, "", "expected a number", false},

	// which problem wins
	{`{"followers":"x","type":1}`, "followers", "expected an integer", false},
	{`{"followers":"x"} y`, "followers", "expected an integer", false},
	{`{"x":1,"followers":"x"} y`, "", "malformed JSON at byte 25: invalid character 'y' after top-level value", false},
	{`{"x":1e400,"followers":"x"}`, "followers", "expected an integer", false},
	{`{"identifier":{"q":1},"followers":"x"} ]`, "", "malformed JSON at byte 40: invalid character ']' after top-level value", false},
}

func TestDecodeProblems(t *testing.T) {
	for _, tc := range problemCases {
		r, props, p := decodeLine([]byte(tc.line))
		if p == nil {
			t.Errorf("%s: accepted as %s props %v", tc.line, dump(r), props)
			continue
		}
		if p.Field != tc.field || p.Reason != tc.reason {
			t.Errorf("%s:\n got  field %q reason %q\n want field %q reason %q", tc.line, p.Field, p.Reason, tc.field, tc.reason)
		}
		if !tc.deviates {
			checkParity(t, []byte(tc.line))
		}
	}
}

var acceptCases = []struct {
	line     string
	want     record
	props    map[string]any
	deviates bool // from the reference, on purpose
}{
	// null is absent; the last of duplicate keys wins
	{line: `{"type":null,"id":null,"followers":null,"weight":null,"media":null,"identifier":null}`},
	{line: `{"type":"account","type":null}`, want: record{Type: "account"}},
	{line: `{"id":"a","id":"b"}`, want: record{ID: "b"}},
	{line: `{"followers":1,"followers":null}`},
	{line: `{"followers":null,"followers":2}`, want: record{Followers: ptr[int64](2)}},
	{line: `{"followers":-0,"members":9223372036854775807}`, want: record{Followers: ptr[int64](0), Members: ptr[int64](9223372036854775807)}},
	{line: `{"weight":2.5}`, want: record{Weight: ptr(2.5)}},
	{line: `{"weight":1e-400}`, want: record{Weight: ptr(0.0)}},
	{line: `{"weight":12345678901234567890}`, want: record{Weight: ptr(12345678901234567890.0)}},
	{line: `{"media":[]}`, want: record{Media: []string{}}},
	{line: `{"media":["a",null]}`, want: record{Media: []string{"a", ""}}},
	// a repeated media reuses the list, as encoding/json did
	{line: `{"media":["a","b"],"media":[null]}`, want: record{Media: []string{"a"}}},
	{line: `{"media":["a","b"],"media":["c"],"media":[null,null]}`, want: record{Media: []string{"c", "b"}}},
	{line: `{"identifier":{"kind":"phone","value":"1","x":1}}`, want: record{Identifier: &identRecord{Kind: "phone", Value: "1"}}},
	{line: `{"identifier":{"kind":"a"},"identifier":{"value":"b"}}`, want: record{Identifier: &identRecord{Kind: "a", Value: "b"}}},
	{line: `{"identifier":{"kind":"a"},"identifier":null}`},
	{line: `{"identifier":{"kind":"a","region":"GB"},"identifier":null,"identifier":{"value":"b"}}`, want: record{Identifier: &identRecord{Value: "b"}}},
	{line: manyIDs(40), want: record{ID: "39", Name: "n"}},
	{line: `{"identifier":{"kind":null,"value":"v"}}`, want: record{Identifier: &identRecord{Value: "v"}}},

	// unknown fields: plain values become properties
	{line: `{"type":"account","lang":"fa","score":2.5,"n":3,"ok":true,"no":false,"nil":null,"obj":{"a":1},"arr":[1]}`,
		want: record{Type: "account"}, props: map[string]any{"lang": "fa", "score": 2.5, "n": 3.0, "ok": true, "no": false}},
	{line: `{"x":1,"x":{}}`},
	{line: `{"x":{},"x":"y"}`, props: map[string]any{"x": "y"}},
	// field names are matched exactly
	{line: `{"TYPE":"account","Id":"x","identifier":{"Kind":"phone"}}`, want: record{Identifier: &identRecord{}},
		props: map[string]any{"TYPE": "account", "Id": "x"}, deviates: true},

	// strings: escapes, surrogates and invalid UTF-8 as encoding/json
	{line: `{"\u0074ype":"account","name":"\u0041\u00e9\ud83d\ude00\n\"\\\/\t"}`, want: record{Type: "account", Name: "Aé😀\n\"\\/\t"}},
	{line: `{"name":"\ud800","bio":"\ud800\u0041","text":"\udc00\ud800","url":"\ud800\ud800\udc00","author":"x\\ud800","page":"\uDBFF\uDFFF"}`,
		want: record{Name: "\uFFFD", Bio: "\uFFFDA", Text: "\uFFFD\uFFFD", URL: "\uFFFD\U00010000", Author: `x\ud800`, Page: "\U0010FFFF"}},
	{line: `{"\ud800":"\udfff!"}`, props: map[string]any{"\uFFFD": "\uFFFD!"}},
	{line: "{\"name\":\"a\xffb\xc3\",\"k\xfe\":\"\xe2\x82\\u00e9\",\"bio\":\"\xed\xa0\x80\"}",
		want: record{Name: "a\uFFFDb\uFFFD", Bio: "\uFFFD\uFFFD\uFFFD"}, props: map[string]any{"k\uFFFD": "\uFFFD\uFFFDé"}},
	{line: "{\"name\":\"\uFFFD ok\"}", want: record{Name: "\uFFFD ok"}},
	{line: "{\"name\":\"a\xffb\",\"media\":[\"\xc3\"],\"k\xfe\":\"\xe2\x82\"}", // no escapes: the fast path
		want: record{Name: "a\uFFFDb", Media: []string{"\uFFFD"}}, props: map[string]any{"k\uFFFD": "\uFFFD\uFFFD"}},

	// white space and nesting
	{line: "{ \"type\" :\t\"page\" ,\r\n\"x\" : [ ] } \t", want: record{Type: "page"}},
	{line: nesting(maxDepth - 1)},
}

func TestDecodeAccepts(t *testing.T) {
	for _, tc := range acceptCases {
		r, props, p := decodeLine([]byte(tc.line))
		if p != nil {
			t.Errorf("%s: %+v", tc.line, *p)
			continue
		}
		if !reflect.DeepEqual(r, tc.want) {
			t.Errorf("%s:\n got  %s\n want %s", tc.line, dump(r), dump(tc.want))
		}
		if !reflect.DeepEqual(props, tc.props) {
			t.Errorf("%s:\n got  props %#v\n want props %#v", tc.line, props, tc.props)
		}
		if !tc.deviates {
			checkParity(t, []byte(tc.line))
		}
	}
}

// The reference matched field names case-insensitively.
func TestDecodeReferenceIgnoredCase(t *testing.T) {
	r, _, p := refDecode([]byte(`{"TYPE":"account","Id":"x"}`))
	if p != nil || r.Type != "account" || r.ID != "x" {
		t.Fatalf("reference: %+v %v", r, p)
	}
	if !caseVariantKey([]byte(`{"a":1,"identifier":{"KIND":"phone"}}`)) || caseVariantKey([]byte(`{"identifier":{"kind":"phone"},"Lang":1}`)) {
		t.Fatal("caseVariantKey")
	}
}

func TestLineProblemsThroughConverter(t *testing.T) {
	c := &Converter{Region: "GB"}
	for i, tc := range problemCases {
		items, p := c.Line([]byte("  "+tc.line+"\n"), int64(i+1))
		if p == nil || p.Line != int64(i+1) || p.Field != tc.field || p.Reason != tc.reason {
			t.Errorf("%s: items %v problem %+v", tc.line, items, p)
		}
	}
}

// TestLineConcurrent runs one Converter on several goroutines (as ingest's
// workers do) and checks that each line converts as it does alone.
func TestLineConcurrent(t *testing.T) {
	lines := generatedLines(t, 1)
	c := &Converter{Region: "GB"}
	show := func(items *Items, p *graph.Problem) string {
		b, err := json.Marshal(struct {
			I *Items
			P *graph.Problem
		}{items, p})
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	want := make([]string, len(lines))
	for i, l := range lines {
		want[i] = show(c.Line(l, int64(i)))
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for k := range lines {
				i := (k + g*len(lines)/4) % len(lines)
				if got := show(c.Line(lines[i], int64(i))); got != want[i] {
					t.Errorf("line %d: got %s, want %s", i, got, want[i])
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestDecodeParityOnGeneratedLines(t *testing.T) {
	for _, l := range generatedLines(t, 1) {
		checkParity(t, l)
	}
}

// generatedLines returns every 40th line of a generated scenario of 2,000
// accounts: some 400 accounts, pages, posts and links.
func generatedLines(tb testing.TB, seed int64) [][]byte {
	var buf bytes.Buffer
	if _, err := generate.Generate(&buf, nil, generate.Options{Accounts: 2000, Seed: seed}); err != nil {
		tb.Fatal(err)
	}
	var lines [][]byte
	sc := bufio.NewScanner(&buf)
	sc.Buffer(nil, 1<<20)
	for n := 0; sc.Scan(); n++ {
		if n%40 == 0 {
			lines = append(lines, append([]byte(nil), sc.Bytes()...))
		}
	}
	return lines
}

func TestIsPhashIsTheOldRegexp(t *testing.T) {
	re := regexp.MustCompile(`^phash:[0-9a-fA-F]{16}$`)
	for _, m := range []string{"phash:ffd8a1c3e0f0b0a1", "phash:FFD8A1C3E0F0B0A1", "phash:0123456789abcdef", "md5:abc", "",
		"phash:ffd8a1c3e0f0b0a", "phash:ffd8a1c3e0f0b0a1a", "phash:ffd8a1c3e0f0b0a1\n", "phash:ffd8a1c3e0f0b0ag", "PHASH:ffd8a1c3e0f0b0a1",
		"phash:ffd8a1c3e0f0b0a\u00e9", " phash:ffd8a1c3e0f0b0a1", "phash:ffd8a1c3e0f0b0:1"} {
		if got, want := isPhash(m), re.MatchString(m); got != want {
			t.Errorf("isPhash(%q) = %v, the regexp says %v", m, got, want)
		}
	}
}

// mutations are fragments that TestDecodeParityMutations splices into lines.
var mutations = []string{`"`, `\`, `\u`, `\ud800`, `\udc00`, `\ud83d\ude00`, `\u0041`, `\\`, `\n`, `,`, `:`, `{`, `}`, `[`, `]`,
	`null`, `true`, `fals`, `1`, `-`, `0`, `01`, `1.5`, `1e400`, `-0`, `1e3`, `1E+2`, `NaN`, `9223372036854775808`,
	"\xff", "\xc3", "\x01", " ", "\t",
	`"x":1`, `"x":{}`, `"x":"y"`, `"p":[1,{"q":1e999}]`, `"TYPE":"a"`, `"\u0074ype":"page"`, `"\ud800x":1`, "\"k\xfe\":\"v\xe2\x82\"",
	`"type":null`, `"id":7`, `"followers":1.5`, `"followers":"7"`, `"followers":7`, `"members":null`, `"weight":1e-400`, `"weight":0.1`,
	`"media":[null]`, `"media":[]`, `"media":["a",null]`, `"identifier":{"zz":1e999}`, `"identifier":{"kind":"phone"}`, `"identifier":null`,
	`"s":"\udbff\udfff"`, `"s":"\ud800\ud800\udc00"`}

// TestDecodeParityMutations is a quick, repeatable complement to
// FuzzDecodeParity: it splices, deletes and repeats pieces of real lines.
func TestDecodeParityMutations(t *testing.T) {
	seeds := generatedLines(t, 1)
	for _, s := range fuzzLineSeeds {
		seeds = append(seeds, []byte(s))
	}
	for _, tc := range acceptCases {
		seeds = append(seeds, []byte(tc.line))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		b := append([]byte(nil), seeds[rng.IntN(len(seeds))]...)
		for range 1 + rng.IntN(3) {
			if len(b) == 0 {
				b = []byte("{}")
			}
			pos := rng.IntN(len(b) + 1)
			switch rng.IntN(6) {
			case 0, 1, 2: // splice a fragment in anywhere
				f := mutations[rng.IntN(len(mutations))]
				b = append(b[:pos], append([]byte(f), b[pos:]...)...)
			case 3: // add a member before a closing brace
				for i := len(b) - 1; i >= 0; i-- {
					if b[i] == '}' && rng.IntN(2) == 0 {
						f := "," + mutations[rng.IntN(len(mutations))]
						b = append(b[:i], append([]byte(f), b[i:]...)...)
						break
					}
				}
			case 4: // delete a few bytes
				b = append(b[:pos], b[min(len(b), pos+rng.IntN(8)):]...)
			case 5: // repeat a piece
				end := min(len(b), pos+rng.IntN(20))
				b = append(b[:pos], append(append([]byte(nil), b[pos:end]...), b[pos:]...)...)
			}
		}
		checkParity(t, b)
	}
}

// corpus reads the []byte entries of a go fuzz corpus directory.
func corpus(tb testing.TB, dir string) [][]byte {
	files, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil {
		tb.Fatal(err)
	}
	var out [][]byte
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			tb.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(data)), "\n")
		if len(lines) != 2 || lines[0] != "go test fuzz v1" {
			tb.Fatalf("%s: not a go fuzz corpus file", name)
		}
		lit, ok := strings.CutPrefix(lines[1], "[]byte(")
		lit, ok2 := strings.CutSuffix(lit, ")")
		s, err := strconv.Unquote(lit)
		if !ok || !ok2 || err != nil {
			tb.Fatalf("%s: entry %q is not a []byte", name, lines[1])
		}
		out = append(out, []byte(s))
	}
	return out
}

// FuzzDecodeParity checks decodeLine against the encoding/json decoder it
// replaced: both reject a line with the same problem, or both accept it
// with equal records and properties, but for the deviations checkParity
// lists.
func FuzzDecodeParity(f *testing.F) {
	for _, s := range fuzzLineSeeds {
		f.Add([]byte(s))
	}
	for _, b := range corpus(f, filepath.Join("testdata", "fuzz", "FuzzLine")) {
		f.Add(b)
	}
	for _, tc := range problemCases {
		f.Add([]byte(tc.line))
	}
	for _, tc := range acceptCases {
		f.Add([]byte(tc.line))
	}
	f.Fuzz(checkParity)
}

func BenchmarkLine(b *testing.B) {
	lines := generatedLines(b, 1)
	c := &Converter{Region: "GB"}
	for _, bc := range []struct {
		name string
		line func([]byte, int64) (*Items, *graph.Problem)
	}{
		{"reference", func(l []byte, n int64) (*Items, *graph.Problem) { return refLine(c, l, n) }},
		{"fastjson", c.Line},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, p := bc.line(lines[i], 1); p != nil {
					b.Fatal(p)
				}
				if i++; i == len(lines) {
					i = 0
				}
			}
		})
	}
}

// BenchmarkDecode is BenchmarkLine without the conversion that follows
// decoding.
func BenchmarkDecode(b *testing.B) {
	lines := generatedLines(b, 1)
	for _, bc := range []struct {
		name   string
		decode func([]byte) (record, map[string]any, *fieldProblem)
	}{
		{"reference", refDecode},
		{"fastjson", decodeLine},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, _, p := bc.decode(lines[i]); p != nil {
					b.Fatal(p)
				}
				if i++; i == len(lines) {
					i = 0
				}
			}
		})
	}
}
