package neo4j

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/takedown/takedown/graph"
)

// Entities, identifiers and links are stored as flat properties: strings,
// integers, floats, booleans, datetimes and lists of strings. Props, a map,
// is kept as a JSON string. An empty field is an absent property (null),
// so that a merge that empties nothing leaves the node as it was.

func nonEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nonZero(n int64) any {
	if n == 0 {
		return nil
	}
	return n
}

func trueOrNil(b bool) any {
	if !b {
		return nil
	}
	return true
}

func timeOrNil(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

func listOrNil(l []string) any {
	if len(l) == 0 {
		return nil
	}
	return l
}

// entityProps is the property map of an entity, with a null for every
// empty field, and its search tokens.
func entityProps(e *graph.Entity) map[string]any {
	var props any
	if len(e.Props) > 0 {
		b, _ := json.Marshal(e.Props)
		props = string(b)
	}
	status := e.Status
	if status == "" {
		status = graph.StatusUnknown
	}
	return map[string]any{
		"id":            e.ID,
		"kind":          string(e.Kind),
		"placeholder":   trueOrNil(e.Placeholder),
		"platform":      nonEmpty(e.Platform),
		"handle":        nonEmpty(e.Handle),
		"name":          nonEmpty(e.Name),
		"url":           nonEmpty(e.URL),
		"bio":           nonEmpty(e.Bio),
		"text":          nonEmpty(e.Text),
		"author":        nonEmpty(e.Author),
		"page":          nonEmpty(e.Page),
		"followers":     nonZero(e.Followers),
		"members":       nonZero(e.Members),
		"created_at":    timeOrNil(e.CreatedAt),
		"posted_at":     timeOrNil(e.PostedAt),
		"status":        string(status),
		"media":         listOrNil(e.Media),
		"props":         props,
		"sources":       listOrNil(e.Sources),
		"first_seen":    timeOrNil(e.FirstSeen),
		"last_seen":     timeOrNil(e.LastSeen),
		"search_tokens": listOrNil(graph.SearchTokens(e)),
	}
}

// withoutNulls drops the null properties of m, for a node being created.
func withoutNulls(m map[string]any) map[string]any {
	for k, v := range m {
		if v == nil {
			delete(m, k)
		}
	}
	return m
}

// decodeEntity reads an entity from the property map of the queries'
// entity projection.
func decodeEntity(m map[string]any) (*graph.Entity, error) {
	e := &graph.Entity{
		ID:          str(m["id"]),
		Kind:        graph.NodeKind(str(m["kind"])),
		Placeholder: m["placeholder"] == true,
		Platform:    str(m["platform"]),
		Handle:      str(m["handle"]),
		Name:        str(m["name"]),
		URL:         str(m["url"]),
		Bio:         str(m["bio"]),
		Text:        str(m["text"]),
		Author:      str(m["author"]),
		Page:        str(m["page"]),
		Followers:   i64(m["followers"]),
		Members:     i64(m["members"]),
		CreatedAt:   tm(m["created_at"]),
		PostedAt:    tm(m["posted_at"]),
		Status:      graph.Status(str(m["status"])),
		Media:       strs(m["media"]),
		Sources:     strs(m["sources"]),
		FirstSeen:   tm(m["first_seen"]),
		LastSeen:    tm(m["last_seen"]),
	}
	if e.Status == "" {
		e.Status = graph.StatusUnknown
	}
	if p := str(m["props"]); p != "" {
		if err := json.Unmarshal([]byte(p), &e.Props); err != nil {
			return nil, fmt.Errorf("entity %q: props: %w", e.ID, err)
		}
	}
	return e, nil
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func i64(v any) int64 {
	switch n := v.(type) {
	case int64:
		return n
	case float64:
		return int64(n)
	}
	return 0
}

func f64(v any) float64 {
	switch n := v.(type) {
	case float64:
		return n
	case int64:
		return float64(n)
	}
	return 0
}

func tm(v any) time.Time {
	t, _ := v.(time.Time)
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC()
}

func strs(v any) []string {
	l, _ := v.([]any)
	if len(l) == 0 {
		return nil
	}
	out := make([]string, 0, len(l))
	for _, x := range l {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// linkProps is the property map of a link. The observations are kept
// only when there are several: a link seen once has the one observation
// its time, source and place seen spell (restoreObserved).
func linkProps(st *graph.LinkState) map[string]any {
	m := map[string]any{
		"weight": st.Weight,
		"count":  int64(st.Count),
	}
	put := func(k string, v any) {
		if v != nil {
			m[k] = v
		}
	}
	put("first_at", timeOrNil(st.FirstAt))
	put("last_at", timeOrNil(st.LastAt))
	put("sources", listOrNil(st.Sources))
	put("seen", listOrNil(st.Seen))
	if len(st.Observed) != 1 || st.Observed[0] != singleObservation(st) {
		put("obs", listOrNil(st.Observed))
	}
	return m
}

// singleObservation is the observation of a link seen once, as
// graph.Link.Observation spells it.
func singleObservation(st *graph.LinkState) string {
	l := graph.Link{At: st.FirstAt}
	if len(st.Sources) == 1 {
		l.Source = st.Sources[0]
	}
	if len(st.Seen) == 1 {
		l.Seen = st.Seen[0]
	}
	return l.Observation()
}

// restoreObserved fills in the observation of a link stored without it.
func restoreObserved(st *graph.LinkState) {
	if len(st.Observed) == 0 && st.Count == 1 {
		st.Observed = []string{singleObservation(st)}
	}
}

func identProps(id *graph.Identifier) map[string]any {
	return map[string]any{
		"key":    id.Key(),
		"kind":   string(id.Kind),
		"value":  id.Value,
		"valid":  id.Valid,
		"reason": nonEmpty(id.Reason),
	}
}

// luceneTerm escapes a word for the Lucene query parser: every character
// that is not a letter or a digit is escaped, so no word can be read as
// query syntax.
func luceneTerm(w string) string {
	var b strings.Builder
	for _, r := range w {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// luceneAllPrefixes is the query that requires every word as a prefix of
// a search token.
func luceneAllPrefixes(words []string) string {
	parts := make([]string, len(words))
	for i, w := range words {
		parts[i] = "+search_tokens:" + luceneTerm(w) + "*"
	}
	return strings.Join(parts, " ")
}
