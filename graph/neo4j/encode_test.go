package neo4j

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/queries"
)

// asStored turns a property map into what the driver hands back: lists
// as []any, integers as int64, absent nulls.
func asStored(m map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		switch x := v.(type) {
		case nil:
		case []string:
			l := make([]any, len(x))
			for i, s := range x {
				l[i] = s
			}
			out[k] = l
		default:
			out[k] = x
		}
	}
	return out
}

func TestEntityRoundTrip(t *testing.T) {
	at := time.Date(2024, 5, 1, 18, 22, 0, 123456789, time.UTC)
	in := graph.Entity{ID: `a"b'{}`, Kind: graph.KindAccount, Platform: "x", Handle: "Alpha_Trips", Name: "Alpha Trips",
		URL: "https://x.com/a", Bio: "bio", Followers: 10, CreatedAt: at, Status: graph.StatusActive,
		Media: []string{"m1"}, Props: map[string]any{"color": "red", "score": 3.5, "ok": true},
		Sources: []string{"s1", "s2"}, FirstSeen: at, LastSeen: at.Add(time.Hour)}
	props := entityProps(&in)
	if props["placeholder"] != nil || props["members"] != nil || props["text"] != nil {
		t.Errorf("empty fields must be null: %v", props)
	}
	if !slices.Equal(props["search_tokens"].([]string), []string{"alpha", "alpha trips", "alpha_trips", "trips"}) {
		t.Errorf("search tokens %v", props["search_tokens"])
	}
	out, err := decodeEntity(asStored(withoutNulls(props)))
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(in)
	b, _ := json.Marshal(out)
	if string(a) != string(b) {
		t.Errorf("round trip:\n in  %s\n out %s", a, b)
	}
	ph := graph.Entity{ID: "p", Kind: graph.KindPage, Placeholder: true}
	back, _ := decodeEntity(asStored(withoutNulls(entityProps(&ph))))
	if !back.Placeholder || back.Status != graph.StatusUnknown || back.Kind != graph.KindPage {
		t.Errorf("placeholder round trip: %+v", back)
	}
}

func TestLinkObservations(t *testing.T) {
	at := time.Date(2024, 1, 2, 3, 4, 5, 6, time.UTC)
	for _, links := range [][]graph.Link{
		{{Kind: graph.LinkContact, From: "a", To: "b", At: at, Source: "s1"}},
		{{Kind: graph.LinkUses, From: "a", To: "phone:+1", Seen: "bio"}},
		{{Kind: graph.LinkFollows, From: "a", To: "b"}},
		{{Kind: graph.LinkContact, From: "a", To: "b", At: at, Source: "s1"}, {Kind: graph.LinkContact, From: "a", To: "b", At: at, Source: "s2", Weight: 3}},
	} {
		var st graph.LinkState
		for i := range links {
			st.Observe(&links[i])
		}
		props := linkProps(&st)
		if _, kept := props["obs"]; kept != (st.Count > 1) {
			t.Errorf("%d observations: obs stored = %v", st.Count, kept)
		}
		stored := asStored(props)
		back := graph.LinkState{Count: int(i64(stored["count"])), Weight: f64(stored["weight"]), FirstAt: tm(stored["first_at"]),
			LastAt: tm(stored["last_at"]), Sources: strs(stored["sources"]), Seen: strs(stored["seen"]), Observed: strs(stored["obs"])}
		restoreObserved(&back)
		if !slices.Equal(back.Observed, st.Observed) {
			t.Errorf("observations %v, want %v", back.Observed, st.Observed)
		}
		// A replay of the same report is recognised after the round trip.
		before := back.Count
		back.Observe(&links[0])
		if back.Count != before {
			t.Errorf("replayed observation counted again: %d -> %d", before, back.Count)
		}
	}
}

func TestLuceneEscaping(t *testing.T) {
	cases := map[string]string{
		"alpha":       "alpha",
		"crossing.uk": `crossing\.uk`,
		`a"b) OR *:*`: `a\"b\)\ OR\ \*\:\*`,
		"حساب١٢٣":     "حساب١٢٣",
	}
	for in, want := range cases {
		if got := luceneTerm(in); got != want {
			t.Errorf("luceneTerm(%q) = %q, want %q", in, got, want)
		}
	}
	if q := luceneAllPrefixes([]string{"boat", "uk"}); q != "+search_tokens:boat* +search_tokens:uk*" {
		t.Errorf("query %q", q)
	}
}

func TestSearchTokensOnlyAccounts(t *testing.T) {
	if tok := graph.SearchTokens(&graph.Entity{Kind: graph.KindPage, Name: "UK Jobs"}); tok != nil {
		t.Errorf("page tokens %v", tok)
	}
	tok := graph.SearchTokens(&graph.Entity{Kind: graph.KindAccount, Handle: "@Boat.UK", Name: "  "})
	if !slices.Equal(tok, []string{"boat", "boat.uk", "uk"}) {
		t.Errorf("tokens %v", tok)
	}
}

// TestUpdateSetsEveryProperty checks that apply_update_entities, which
// names each property (a whole-map SET would plan an Eager), sets every
// property entityProps writes, id excepted.
func TestUpdateSetsEveryProperty(t *testing.T) {
	q := queries.Get(queries.ApplyUpdateEntities)
	for k := range entityProps(&graph.Entity{ID: "x", Kind: graph.KindAccount}) {
		set := "n." + k + " = row." + k
		if k == "id" {
			if strings.Contains(q, set) {
				t.Errorf("the update sets id")
			}
			continue
		}
		if !strings.Contains(q, set) {
			t.Errorf("apply_update_entities does not set %s (want %q)", k, set)
		}
	}
}
