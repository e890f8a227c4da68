package ingest

import (
	"context"
	"strings"
	"testing"

	"github.com/takedown/takedown/graph"
)

func TestBadInputNamesLineAndField(t *testing.T) {
	cases := []struct {
		line, field, reason string
	}{
		{`{"type":"account","id":"a","platform":"x"`, "", "malformed JSON"},
		{`not json at all`, "", "not a JSON object"},
		{`{"type":"acount","id":"a"}`, "type", `unknown type "acount"`},
		{`{"id":"a"}`, "type", "missing required field"},
		{`{"type":"account","id":"a","platform":"x"}`, "handle", "missing required field"},
		{`{"type":"account","platform":"x","handle":"h"}`, "id", "missing required field"},
		{`{"type":"page","id":"p"}`, "platform", "missing required field"},
		{`{"type":"account","id":"a","platform":"x","handle":"h","followers":"many"}`, "followers", "expected an integer"},
		{`{"type":"account","id":"a","platform":"x","handle":"h","status":"gone"}`, "status", `unknown status "gone"`},
		{`{"type":"post","id":"p","platform":"x","posted_at":"2024-13-01"}`, "posted_at", "not an RFC 3339 time"},
		{`{"type":"post","id":"p","platform":"x","media":["md5:abc"]}`, "media[0]", "phash"},
		{`{"type":"link","kind":"likes","from":"a","to":"b"}`, "kind", `unknown link kind "likes"`},
		{`{"type":"link","kind":"follows","from":"a"}`, "to", "missing required field"},
		{`{"type":"link","kind":"follows","from":"a","to":"b","weight":0}`, "weight", "positive"},
		{`{"type":"link","kind":"uses","from":"a"}`, "identifier", "needs an identifier"},
		{`{"type":"link","kind":"uses","from":"a","identifier":{"kind":"fax","value":"1"}}`, "identifier.kind", `unknown identifier kind "fax"`},
		{`{"type":"link","kind":"uses","from":"a","identifier":{"kind":"phone","value":" "}}`, "identifier.value", "missing required field"},
		{`{"type":"link","kind":"follows","from":"a","to":"b","at":"yesterday"}`, "at", "not an RFC 3339 time"},
	}
	c := &Converter{Region: "GB"}
	for i, tc := range cases {
		items, p := c.Line([]byte(tc.line), int64(i+1))
		if p == nil {
			t.Errorf("%s: accepted as %+v", tc.line, items)
			continue
		}
		if p.Line != int64(i+1) || p.Field != tc.field || !strings.Contains(p.Reason, tc.reason) {
			t.Errorf("%s:\n got  line %d field %q reason %q\n want line %d field %q reason containing %q", tc.line, p.Line, p.Field, p.Reason, i+1, tc.field, tc.reason)
		}
	}
}

func TestUnknownScalarsKept(t *testing.T) {
	c := &Converter{}
	items, p := c.Line([]byte(`{"type":"account","id":"a","platform":"X","handle":"@Bob","lang":"fa","score":2.5,"verified":true,"tags":["a"],"geo":{"lat":1}}`), 1)
	if p != nil {
		t.Fatal(p)
	}
	e := items.Entities[0]
	if e.Platform != "x" || e.Handle != "bob" {
		t.Errorf("platform %q handle %q", e.Platform, e.Handle)
	}
	if len(e.Props) != 3 || e.Props["lang"] != "fa" || e.Props["score"] != 2.5 || e.Props["verified"] != true {
		t.Errorf("props %v: want the three scalars only", e.Props)
	}
}

func TestExtractionKeepsWhereSeen(t *testing.T) {
	c := &Converter{Region: "GB"}
	items, p := c.Line([]byte(`{"type":"post","id":"p","platform":"tiktok","author":"a","page":"g","text":"Boat from Calais, call 07700900123 or wa.me/447700900123","media":["phash:FFD8A1C3E0F0B0A1"]}`), 1)
	if p != nil {
		t.Fatal(p)
	}
	got := map[string]string{}
	for _, l := range items.Links {
		got[string(l.Kind)+" "+l.To] = l.Seen
	}
	want := map[string]string{
		"authored p": "", "posted_in g": "",
		"uses phone:+447700900123": "text", "uses messaging:wa.me/447700900123": "text",
		"uses image_hash:phash:ffd8a1c3e0f0b0a1": "media",
	}
	for k, seen := range want {
		if s, ok := got[k]; !ok || s != seen {
			t.Errorf("%s: seen %q present %v, want seen %q (all: %v)", k, s, ok, seen, got)
		}
	}
}

func TestReaderAllOrNothingAndLongLines(t *testing.T) {
	var w countingWriter
	body := `{"type":"account","id":"a","platform":"x","handle":"a"}
` + `{"type":"account","id":"b","platform":"x","handle":"` + strings.Repeat("b", 300) + `"}
// a comment

{"type":"account","id":"c","platform":"x","handle":"c"}`
	sum, err := Reader(context.Background(), &w, strings.NewReader(body), Options{MaxLineBytes: 200})
	if graph.ErrorCode(err) != graph.EINVALID || w.calls != 0 {
		t.Fatalf("err %v, %d writes: a long line must reject the whole body", err, w.calls)
	}
	if len(sum.Problems) != 1 || sum.Problems[0].Line != 2 || !strings.Contains(sum.Problems[0].Reason, "longer than the limit of 200 bytes") {
		t.Errorf("problems %+v", sum.Problems)
	}
	sum, err = Reader(context.Background(), &w, strings.NewReader(body), Options{MaxLineBytes: 200, SkipInvalid: true})
	if err != nil || w.calls != 1 || w.entities != 2 || sum.Invalid != 1 || sum.Records != 2 {
		t.Errorf("skip invalid: err %v calls %d entities %d summary %+v", err, w.calls, w.entities, sum)
	}
}

type countingWriter struct{ calls, entities int }

func (w *countingWriter) Apply(_ context.Context, b *graph.Batch) (graph.ApplyResult, error) {
	w.calls++
	w.entities += len(b.Entities)
	return graph.ApplyResult{Accounts: len(b.Entities)}, nil
}
