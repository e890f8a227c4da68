package ingest

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/graph/ident"
)

// record is one line of the ingest format, every known field of every type.
// The decoder in decode.go fills it; the json tags name the fields.
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

// MaxIDBytes bounds the length of an id.
const MaxIDBytes = 1024

// isPhash reports whether m is "phash:" and 16 hex digits, as the regular
// expression ^phash:[0-9a-fA-F]{16}$ did at some 20 times the cost.
func isPhash(m string) bool {
	if len(m) != len("phash:")+16 || m[:len("phash:")] != "phash:" {
		return false
	}
	for i := len("phash:"); i < len(m); i++ {
		if !isHex(m[i]) {
			return false
		}
	}
	return true
}

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
// nil error for a blank line or a comment. It is safe for concurrent use.
func (c *Converter) Line(line []byte, n int64) (*Items, *graph.Problem) {
	line = bytes.TrimSpace(line)
	if len(line) == 0 || bytes.HasPrefix(line, []byte("//")) {
		return nil, nil
	}
	var d decoder
	if prob := d.decode(line); prob != nil {
		return nil, &graph.Problem{Line: n, Field: prob.Field, Reason: prob.Reason}
	}
	return c.convert(&d.r, d.props, n)
}

// convert validates and converts a decoded line.
func (c *Converter) convert(r *record, props map[string]any, n int64) (*Items, *graph.Problem) {
	if r.Type == "" {
		return nil, &graph.Problem{Line: n, Field: "type", Reason: "missing required field"}
	}
	items := &Items{}
	var p *graph.Problem
	switch r.Type {
	case "account", "page", "post":
		p = c.entity(r, props, n, items)
	case "link":
		p = c.link(r, n, items)
	default:
		return nil, &graph.Problem{Line: n, Field: "type", Reason: fmt.Sprintf("unknown type %q (want account, page, post or link)", r.Type)}
	}
	if p != nil {
		return nil, p
	}
	return items, nil
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
			if !isPhash(m) {
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
