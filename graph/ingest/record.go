package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"time"

	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/graph/ident"
)

// record is one line of the ingest format, every known field of every type.
type record struct {
	Type       string       `json:"type"`
	ID         string       `json:"id"`
	Platform   string       `json:"platform"`
	Handle     string       `json:"handle"`
	Name       string       `json:"name"`
	URL        string       `json:"url"`
	Bio        string       `json:"bio"`
	Text       string       `json:"text"`
	Author     string       `json:"author"`
	Page       string       `json:"page"`
	Followers  *int64       `json:"followers"`
	Members    *int64       `json:"members"`
	CreatedAt  string       `json:"created_at"`
	PostedAt   string       `json:"posted_at"`
	SeenAt     string       `json:"seen_at"`
	Status     string       `json:"status"`
	Media      []string     `json:"media"`
	Source     string       `json:"source"`
	Region     string       `json:"region"`
	Kind       string       `json:"kind"`
	From       string       `json:"from"`
	To         string       `json:"to"`
	At         string       `json:"at"`
	Weight     *float64     `json:"weight"`
	Identifier *identRecord `json:"identifier"`
}

type identRecord struct {
	Kind   string `json:"kind"`
	Value  string `json:"value"`
	Region string `json:"region"`
}

var knownFields = map[string]bool{"type": true, "id": true, "platform": true, "handle": true, "name": true,
	"url": true, "bio": true, "text": true, "author": true, "page": true, "followers": true, "members": true,
	"created_at": true, "posted_at": true, "seen_at": true, "status": true, "media": true, "source": true,
	"region": true, "kind": true, "from": true, "to": true, "at": true, "weight": true, "identifier": true}

// MaxIDBytes bounds the length of an id.
const MaxIDBytes = 1024

var phashRE = regexp.MustCompile(`^phash:[0-9a-fA-F]{16}$`)

// spec link kinds (authored and posted_in are derived, not accepted).
var inputLinkKinds = map[graph.LinkKind]bool{
	graph.LinkFollows: true, graph.LinkMentions: true, graph.LinkReposts: true, graph.LinkReplies: true,
	graph.LinkAdminOf: true, graph.LinkMemberOf: true, graph.LinkContact: true, graph.LinkSameAs: true, graph.LinkUses: true,
}

// Items is what one line becomes: entities and links, ready for a batch.
type Items struct {
	Entities []graph.Entity
	Links    []graph.Link
}

// Converter turns lines into batch items; it holds the default region.
type Converter struct {
	Region string // default region for national phone numbers
}

// Line parses, validates and converts one line. It returns nil items and
// nil error for a blank line or a comment.
func (c *Converter) Line(line []byte, n int64) (*Items, *graph.Problem) {
	line = bytes.TrimSpace(line)
	if len(line) == 0 || bytes.HasPrefix(line, []byte("//")) {
		return nil, nil
	}
	bad := func(field, format string, args ...any) (*Items, *graph.Problem) {
		return nil, &graph.Problem{Line: n, Field: field, Reason: fmt.Sprintf(format, args...)}
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
	if r.Type == "" {
		return bad("type", "missing required field")
	}
	items := &Items{}
	var p *graph.Problem
	switch r.Type {
	case "account", "page", "post":
		p = c.entity(&r, props, n, items)
	case "link":
		p = c.link(&r, n, items)
	default:
		return bad("type", "unknown type %q (want account, page, post or link)", r.Type)
	}
	if p != nil {
		return nil, p
	}
	return items, nil
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

func parseTime(field, v string, n int64) (time.Time, *graph.Problem) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return t, &graph.Problem{Line: n, Field: field, Reason: fmt.Sprintf("%q is not an RFC 3339 time", v)}
	}
	return t.UTC(), nil
}

func checkID(field, id string, n int64) *graph.Problem {
	if id == "" {
		return &graph.Problem{Line: n, Field: field, Reason: "missing required field"}
	}
	if len(id) > MaxIDBytes {
		return &graph.Problem{Line: n, Field: field, Reason: fmt.Sprintf("longer than %d bytes", MaxIDBytes)}
	}
	return nil
}

func (c *Converter) region(r *record) string {
	if r.Region != "" {
		return strings.ToUpper(r.Region)
	}
	return c.Region
}

func (c *Converter) entity(r *record, props map[string]any, n int64, items *Items) *graph.Problem {
	if p := checkID("id", r.ID, n); p != nil {
		return p
	}
	if strings.TrimSpace(r.Platform) == "" {
		return &graph.Problem{Line: n, Field: "platform", Reason: "missing required field"}
	}
	e := graph.Entity{ID: r.ID, Kind: graph.NodeKind(r.Type), Platform: strings.ToLower(strings.TrimSpace(r.Platform)),
		Name: r.Name, URL: r.URL, Bio: r.Bio, Text: r.Text, Props: props, Status: graph.StatusUnknown}
	if r.Status != "" {
		e.Status = graph.Status(r.Status)
		if !graph.ValidStatus(e.Status) {
			return &graph.Problem{Line: n, Field: "status", Reason: fmt.Sprintf("unknown status %q (want active, removed, suspended or unknown)", r.Status)}
		}
	}
	if r.Type == "account" {
		if strings.TrimSpace(r.Handle) == "" {
			return &graph.Problem{Line: n, Field: "handle", Reason: "missing required field"}
		}
		e.Handle = ident.Handle(e.Platform, r.Handle)
	} else if r.Handle != "" {
		e.Handle = ident.Handle(e.Platform, r.Handle)
	}
	if r.Followers != nil {
		if *r.Followers < 0 {
			return &graph.Problem{Line: n, Field: "followers", Reason: "must not be negative"}
		}
		e.Followers = *r.Followers
	}
	if r.Members != nil {
		if *r.Members < 0 {
			return &graph.Problem{Line: n, Field: "members", Reason: "must not be negative"}
		}
		e.Members = *r.Members
	}
	var p *graph.Problem
	if e.CreatedAt, p = parseTime("created_at", r.CreatedAt, n); p != nil {
		return p
	}
	if e.PostedAt, p = parseTime("posted_at", r.PostedAt, n); p != nil {
		return p
	}
	seen, p := parseTime("seen_at", r.SeenAt, n)
	if p != nil {
		return p
	}
	for _, t := range []time.Time{e.PostedAt, e.CreatedAt} {
		if seen.IsZero() {
			seen = t
		}
	}
	e.FirstSeen, e.LastSeen = seen, seen
	if r.Source != "" {
		e.Sources = []string{r.Source}
	}
	region := c.region(r)
	link := func(kind graph.LinkKind, from, to string) {
		items.Links = append(items.Links, graph.Link{Kind: kind, From: from, To: to, Source: r.Source})
	}
	extract := func(field, text string) {
		for _, f := range ident.Extract(text, region) {
			id := graph.Identifier{Kind: graph.IdentKind(f.Kind), Value: f.Value, Valid: f.Valid, Reason: f.Reason}
			items.Links = append(items.Links, graph.Link{Kind: graph.LinkUses, From: r.ID, To: id.Key(), Ident: &id, Seen: field, Source: r.Source})
		}
	}
	if r.Type == "post" {
		if r.Author != "" {
			if p := checkID("author", r.Author, n); p != nil {
				return p
			}
			e.Author = r.Author
			link(graph.LinkAuthored, r.Author, r.ID)
		}
		if r.Page != "" {
			if p := checkID("page", r.Page, n); p != nil {
				return p
			}
			e.Page = r.Page
			link(graph.LinkPostedIn, r.ID, r.Page)
		}
		for i, m := range r.Media {
			if !phashRE.MatchString(m) {
				return &graph.Problem{Line: n, Field: fmt.Sprintf("media[%d]", i), Reason: fmt.Sprintf("%q is not phash: plus 16 hex digits", m)}
			}
			id := graph.Identifier{Kind: graph.IdentImageHash, Value: strings.ToLower(m), Valid: true}
			e.Media = append(e.Media, id.Value)
			items.Links = append(items.Links, graph.Link{Kind: graph.LinkUses, From: r.ID, To: id.Key(), Ident: &id, Seen: "media", Source: r.Source})
		}
		e.Media = graph.Union(nil, e.Media)
		extract("text", r.Text)
	} else if r.Author != "" || r.Page != "" || len(r.Media) > 0 {
		return &graph.Problem{Line: n, Field: "author", Reason: "author, page and media belong to posts"}
	}
	extract("name", r.Name)
	extract("bio", r.Bio)
	items.Entities = append(items.Entities, e)
	return nil
}

func (c *Converter) link(r *record, n int64, items *Items) *graph.Problem {
	if r.Kind == "" {
		return &graph.Problem{Line: n, Field: "kind", Reason: "missing required field"}
	}
	kind := graph.LinkKind(r.Kind)
	if !inputLinkKinds[kind] {
		return &graph.Problem{Line: n, Field: "kind", Reason: fmt.Sprintf("unknown link kind %q", r.Kind)}
	}
	if p := checkID("from", r.From, n); p != nil {
		return p
	}
	l := graph.Link{Kind: kind, From: r.From, Source: r.Source}
	var p *graph.Problem
	if l.At, p = parseTime("at", r.At, n); p != nil {
		return p
	}
	if r.Weight != nil {
		if !(*r.Weight > 0) {
			return &graph.Problem{Line: n, Field: "weight", Reason: "must be a positive number"}
		}
		l.Weight = *r.Weight
	}
	if kind == graph.LinkUses {
		if r.Identifier == nil {
			return &graph.Problem{Line: n, Field: "identifier", Reason: "a uses link needs an identifier"}
		}
		if r.To != "" {
			return &graph.Problem{Line: n, Field: "to", Reason: "a uses link has an identifier, not a to"}
		}
		if !ident.ValidKind(r.Identifier.Kind) {
			return &graph.Problem{Line: n, Field: "identifier.kind", Reason: fmt.Sprintf("unknown identifier kind %q", r.Identifier.Kind)}
		}
		if strings.TrimSpace(r.Identifier.Value) == "" {
			return &graph.Problem{Line: n, Field: "identifier.value", Reason: "missing required field"}
		}
		region := strings.ToUpper(r.Identifier.Region)
		if region == "" {
			region = c.region(r)
		}
		res, err := ident.Normalize(r.Identifier.Kind, r.Identifier.Value, region)
		if err != nil {
			return &graph.Problem{Line: n, Field: "identifier.value", Reason: err.Error()}
		}
		id := graph.Identifier{Kind: graph.IdentKind(res.Kind), Value: res.Value, Valid: res.Valid, Reason: res.Reason}
		l.Ident, l.To, l.Seen = &id, id.Key(), "link"
	} else {
		if p := checkID("to", r.To, n); p != nil {
			return p
		}
		l.To = r.To
	}
	items.Links = append(items.Links, l)
	return nil
}
