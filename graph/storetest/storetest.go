// Package storetest is the conformance suite that every graph.Store
// implementation runs: the embedded store and Neo4j answer the same
// questions the same way for the same input.
package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/graph/ingest"
)

// Opener returns a new, empty store for one test. The suite closes it.
type Opener func(t *testing.T) graph.Store

// Run runs the whole suite against stores made by open.
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		fn   func(*testing.T, graph.Store)
	}{
		{"UpsertMerge", testUpsertMerge},
		{"MergeCorners", testMergeCorners},
		{"IdempotentReplay", testIdempotentReplay},
		{"LinkRepeatsCount", testLinkRepeats},
		{"Placeholders", testPlaceholders},
		{"TwoSpellingsOneIdentifier", testTwoSpellings},
		{"InvalidPhoneKept", testInvalidPhoneKept},
		{"LinkedEvidence", testLinkedEvidence},
		{"LinkedDepthAndFilters", testLinkedDepth},
		{"Hubs", testHubs},
		{"LargePageMembers", testLargePageMembers},
		{"ShortestPath", testShortestPath},
		{"Search", testSearch},
		{"SearchPagination", testSearchPagination},
		{"AllOrNothing", testAllOrNothing},
		{"ExactIDsAndText", testExactIDs},
		{"EntityView", testEntityView},
		{"Export", testExport},
		{"Audit", testAudit},
		{"Docs", testDocs},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			defer s.Close()
			tc.fn(t, s)
		})
	}
}

// Ingest applies NDJSON lines to the store as one batch, region GB.
func Ingest(t *testing.T, s graph.Store, lines ...string) *ingest.Summary {
	t.Helper()
	sum, err := ingest.Reader(context.Background(), s, strings.NewReader(strings.Join(lines, "\n")), ingest.Options{Region: "GB"})
	if err != nil {
		t.Fatalf("ingest: %v (%+v)", err, sum)
	}
	return sum
}

func ctx() context.Context { return context.Background() }

func entity(t *testing.T, s graph.Store, id string) *graph.EntityView {
	t.Helper()
	v, err := s.Entity(ctx(), id)
	if err != nil {
		t.Fatalf("Entity(%q): %v", id, err)
	}
	return v
}

func stats(t *testing.T, s graph.Store) *graph.Stats {
	t.Helper()
	st, err := s.Stats(ctx())
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func testUpsertMerge(t *testing.T, s graph.Store) {
	Ingest(t, s, `{"type":"account","id":"tt:a","platform":"tiktok","handle":"Crossing.UK","name":"Crossing UK","followers":10,"status":"active","source":"s1"}`)
	Ingest(t, s, `{"type":"account","id":"tt:a","platform":"tiktok","handle":"crossing.uk","bio":"new bio","followers":0,"source":"s2","status":"unknown"}`)
	v := entity(t, s, "tt:a")
	if v.Handle != "crossing.uk" {
		t.Errorf("handle = %q, want lower-cased crossing.uk", v.Handle)
	}
	if v.Name != "Crossing UK" || v.Bio != "new bio" || v.Followers != 10 {
		t.Errorf("merge: name %q bio %q followers %d; empty fields must not overwrite", v.Name, v.Bio, v.Followers)
	}
	if v.Status != graph.StatusActive {
		t.Errorf("status = %q: unknown must not overwrite active", v.Status)
	}
	if !slices.Equal(v.Sources, []string{"s1", "s2"}) {
		t.Errorf("sources = %v, want the union [s1 s2]", v.Sources)
	}
	Ingest(t, s, `{"type":"post","id":"p1","platform":"tiktok","media":["phash:00000000000000AA"]}`,
		`{"type":"post","id":"p1","platform":"tiktok","media":["phash:00000000000000bb","phash:00000000000000aa"]}`)
	if m := entity(t, s, "p1").Media; !slices.Equal(m, []string{"phash:00000000000000aa", "phash:00000000000000bb"}) {
		t.Errorf("media = %v, want the union of both lists", m)
	}
	if st := stats(t, s); st.Accounts != 1 || st.Posts != 1 {
		t.Errorf("stats = %+v, want 1 account and 1 post", st)
	}
}

func testMergeCorners(t *testing.T, s graph.Store) {
	Ingest(t, s, `{"type":"account","id":"a","platform":"x","handle":"a","color":"red"}`, `{"type":"account","id":"b","platform":"x","handle":"b"}`)
	Ingest(t, s, `{"type":"account","id":"a","platform":"x","handle":"a","color":"blue","size":3}`)
	if p := entity(t, s, "a").Props; p["color"] != "blue" || p["size"] != 3.0 {
		t.Errorf("props %v: a later record's unknown fields must win", p)
	}
	Ingest(t, s, `{"type":"link","kind":"follows","from":"a","to":"b","at":"2025-03-18T05:18:43Z"}`,
		`{"type":"link","kind":"follows","from":"a","to":"b","at":"2025-03-12T11:15:42Z"}`)
	var links []graph.LinkState
	exportLinks(t, s, &links)
	if len(links) != 1 || links[0].Count != 2 || stats(t, s).Links != 1 || entity(t, s, "a").LinkCounts[graph.LinkFollows].Out != 1 {
		t.Errorf("a new link reported twice in one batch: %+v, stats links %d", links, stats(t, s).Links)
	}
}

var scenario = []string{
	`{"type":"account","id":"x:a","platform":"x","handle":"alpha_trips","name":"Alpha Trips","status":"active","bio":"WhatsApp +44 7700 900123"}`,
	`{"type":"account","id":"tt:b","platform":"tiktok","handle":"bravo.uk","name":"Bravo","status":"active"}`,
	`{"type":"account","id":"ig:c","platform":"instagram","handle":"charlie","name":"Charlie Travel","status":"removed"}`,
	`{"type":"account","id":"fb:d","platform":"facebook","handle":"delta","name":"Delta","status":"active"}`,
	`{"type":"account","id":"x:e","platform":"x","handle":"echo","name":"Echo","status":"active"}`,
	`{"type":"page","id":"fb:group/1001","platform":"facebook","name":"UK Jobs and Travel","status":"active"}`,
	`{"type":"post","id":"tt:video/7312","platform":"tiktok","author":"tt:b","text":"Boat from Calais this week, 2500 GBP, call 07700900123","posted_at":"2024-05-01T18:22:00Z","status":"active"}`,
	`{"type":"link","kind":"admin_of","from":"tt:b","to":"fb:group/1001"}`,
	`{"type":"link","kind":"admin_of","from":"ig:c","to":"fb:group/1001"}`,
	`{"type":"link","kind":"reposts","from":"fb:d","to":"tt:video/7312","at":"2024-05-02T10:00:00Z"}`,
	`{"type":"link","kind":"follows","from":"x:e","to":"ig:c"}`,
}

func testIdempotentReplay(t *testing.T, s graph.Store) {
	Ingest(t, s, scenario...)
	before := stats(t, s)
	var linksBefore []graph.LinkState
	exportLinks(t, s, &linksBefore)
	Ingest(t, s, scenario...)
	after := stats(t, s)
	before.Version, after.Version = 0, 0
	if b, a := mustJSON(before), mustJSON(after); b != a {
		t.Errorf("replay changed the stats:\n before %s\n after  %s", b, a)
	}
	var linksAfter []graph.LinkState
	exportLinks(t, s, &linksAfter)
	if b, a := mustJSON(linksBefore), mustJSON(linksAfter); b != a {
		t.Errorf("replay changed the links:\n before %s\n after  %s", b, a)
	}
}

func exportLinks(t *testing.T, s graph.Store, out *[]graph.LinkState) {
	t.Helper()
	err := s.Export(ctx(), nil, func(l *graph.LinkState, _ *graph.Identifier) error {
		*out = append(*out, *l)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(*out, func(a, b graph.LinkState) int {
		return strings.Compare(string(a.Kind)+a.From+a.To, string(b.Kind)+b.From+b.To)
	})
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func testLinkRepeats(t *testing.T, s graph.Store) {
	Ingest(t, s, `{"type":"account","id":"a","platform":"x","handle":"a"}`, `{"type":"account","id":"b","platform":"x","handle":"b"}`,
		`{"type":"link","kind":"contact","from":"a","to":"b","at":"2024-01-01T00:00:00Z"}`)
	Ingest(t, s, `{"type":"link","kind":"contact","from":"a","to":"b","at":"2024-01-02T00:00:00Z","weight":3}`,
		`{"type":"link","kind":"contact","from":"a","to":"b","at":"2024-01-02T00:00:00Z","weight":3}`)
	var links []graph.LinkState
	exportLinks(t, s, &links)
	if len(links) != 1 {
		t.Fatalf("links = %d, want the same link stored once", len(links))
	}
	l := links[0]
	if l.Count != 2 || l.Weight != 3 {
		t.Errorf("count %d weight %v, want 2 distinct observations and the largest weight 3", l.Count, l.Weight)
	}
	if !l.FirstAt.Equal(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)) || !l.LastAt.Equal(time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("first %v last %v", l.FirstAt, l.LastAt)
	}
	if st := stats(t, s); st.Links != 1 {
		t.Errorf("stats links = %d, want 1", st.Links)
	}
	// A new link between known accounts, twice in one batch.
	Ingest(t, s, `{"type":"account","id":"c","platform":"x","handle":"c"}`)
	Ingest(t, s, `{"type":"link","kind":"follows","from":"a","to":"c","at":"2024-01-01T00:00:00Z"}`,
		`{"type":"link","kind":"follows","from":"a","to":"c","at":"2024-01-03T00:00:00Z"}`)
	if lc := entity(t, s, "a").LinkCounts[graph.LinkFollows]; lc.Out != 1 {
		t.Errorf("follows counts %+v: a link repeated within a batch is one link", lc)
	}
	links = nil
	exportLinks(t, s, &links)
	if len(links) != 2 || links[0].Kind != graph.LinkContact || links[1].Count != 2 {
		t.Errorf("links %+v: want the contact and one follows link with count 2", links)
	}
	if st := stats(t, s); st.Links != 2 {
		t.Errorf("stats links = %d, want 2", st.Links)
	}
}

func testPlaceholders(t *testing.T, s graph.Store) {
	Ingest(t, s, `{"type":"link","kind":"admin_of","from":"x:new","to":"fb:page/9"}`,
		`{"type":"post","id":"p9","platform":"x","author":"x:writer"}`)
	for id, kind := range map[string]graph.NodeKind{"x:new": graph.KindAccount, "fb:page/9": graph.KindPage, "x:writer": graph.KindAccount} {
		v := entity(t, s, id)
		if !v.Placeholder || v.Kind != kind {
			t.Errorf("%s: placeholder=%v kind=%s, want a %s placeholder", id, v.Placeholder, v.Kind, kind)
		}
	}
	Ingest(t, s, `{"type":"account","id":"x:new","platform":"x","handle":"newone"}`)
	if v := entity(t, s, "x:new"); v.Placeholder || v.Handle != "newone" {
		t.Errorf("after its record: placeholder=%v handle=%q", v.Placeholder, v.Handle)
	}
	if v := entity(t, s, "x:new"); v.LinkCounts[graph.LinkAdminOf].Out != 1 {
		t.Errorf("link counts %v: the placeholder's link must survive its record", v.LinkCounts)
	}
}

func testTwoSpellings(t *testing.T, s graph.Store) {
	Ingest(t, s, `{"type":"account","id":"a","platform":"x","handle":"a"}`,
		`{"type":"account","id":"b","platform":"tiktok","handle":"b","bio":"call +44 7700 900123"}`,
		`{"type":"link","kind":"uses","from":"a","identifier":{"kind":"phone","value":"07700 900123","region":"GB"}}`,
		`{"type":"account","id":"c","platform":"x","handle":"c","bio":"واتساب ٠٠٤٤٧٧٠٠٩٠٠١٢٣"}`)
	v, err := s.Identifier(ctx(), graph.IdentPhone, "+447700900123")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, u := range v.Users {
		ids = append(ids, u.ID)
	}
	if !slices.Equal(ids, []string{"a", "b", "c"}) {
		t.Errorf("users of +447700900123 = %v, want a, b and c: three spellings, one number", ids)
	}
	if st := stats(t, s); st.Identifiers != 1 {
		t.Errorf("identifiers = %d, want 1", st.Identifiers)
	}
	for _, u := range v.Users {
		want := map[string]string{"a": "link", "b": "bio", "c": "bio"}[u.ID]
		if !slices.Contains(u.Seen, want) {
			t.Errorf("%s seen %v, want %q", u.ID, u.Seen, want)
		}
	}
}

func testInvalidPhoneKept(t *testing.T, s graph.Store) {
	Ingest(t, s, `{"type":"link","kind":"uses","from":"a","identifier":{"kind":"phone","value":"12","region":"GB"}}`)
	v := entity(t, s, "a")
	if len(v.Identifiers) != 1 || v.Identifiers[0].Valid || v.Identifiers[0].Kind != graph.IdentPhone {
		t.Fatalf("identifiers %+v: an invalid phone must be kept, flagged invalid", v.Identifiers)
	}
}

func linked(t *testing.T, s graph.Store, from string, opt graph.LinkedOptions) *graph.LinkedResult {
	t.Helper()
	r, err := graph.Linked(ctx(), s, from, opt)
	if err != nil {
		t.Fatalf("Linked(%q): %v", from, err)
	}
	return r
}

func find(r *graph.LinkedResult, id string) *graph.LinkedAccount {
	for i := range r.Accounts {
		if r.Accounts[i].ID == id {
			return &r.Accounts[i]
		}
	}
	return nil
}

func hasStep(a *graph.LinkedAccount, text string) bool {
	for _, p := range a.Paths {
		for _, st := range p.Steps {
			if st.Text == text {
				return true
			}
		}
	}
	return false
}

func testLinkedEvidence(t *testing.T, s graph.Store) {
	Ingest(t, s, scenario...)
	r := linked(t, s, "x:a", graph.LinkedOptions{Depth: 1})
	b := find(r, "tt:b")
	if b == nil {
		t.Fatalf("x:a depth 1 = %+v, want tt:b (phone in a's bio and in b's post)", r.Accounts)
	}
	if !hasStep(b, "shares phone +447700900123 with") || b.Depth != 1 {
		t.Errorf("tt:b paths %+v", b.Paths)
	}
	if b.Strength != graph.DefaultWeights[graph.EvPhone] {
		t.Errorf("strength %v, want %v", b.Strength, graph.DefaultWeights[graph.EvPhone])
	}
	if len(r.Accounts) != 1 {
		t.Errorf("depth 1 from x:a: %d accounts, want only tt:b", len(r.Accounts))
	}
	rb := linked(t, s, "tt:b", graph.LinkedOptions{Depth: 1})
	if c := find(rb, "ig:c"); c == nil || !hasStep(c, "co-admin of page UK Jobs and Travel with") {
		t.Errorf("tt:b → ig:c co-admin missing: %+v", rb.Accounts)
	}
	if d := find(rb, "fb:d"); d == nil || !hasStep(d, "had post tt:video/7312 reposted by") {
		t.Errorf("tt:b → fb:d repost missing: %+v", rb.Accounts)
	}
	rd := linked(t, s, "fb:d", graph.LinkedOptions{Depth: 1})
	if b := find(rd, "tt:b"); b == nil || !hasStep(b, "reposted post tt:video/7312 of") {
		t.Errorf("fb:d → tt:b repost missing: %+v", rd.Accounts)
	}
	if _, err := graph.Linked(ctx(), s, "nobody", graph.LinkedOptions{}); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Errorf("unknown account: %v, want not found", err)
	}
	if _, err := graph.Linked(ctx(), s, "x:a", graph.LinkedOptions{Depth: 4}); graph.ErrorCode(err) != graph.EINVALID {
		t.Errorf("depth 4: %v, want invalid", err)
	}
}

func testLinkedDepth(t *testing.T, s graph.Store) {
	Ingest(t, s, scenario...)
	r := linked(t, s, "x:a", graph.LinkedOptions{Depth: 3})
	want := map[string]int{"tt:b": 1, "ig:c": 2, "fb:d": 2, "x:e": 3}
	for id, d := range want {
		a := find(r, id)
		if a == nil || a.Depth != d {
			t.Errorf("%s: %+v, want depth %d", id, a, d)
			continue
		}
		for _, p := range a.Paths {
			if len(p.Steps) != d || p.Steps[0].From != "x:a" || p.Steps[len(p.Steps)-1].To != id {
				t.Errorf("%s path %+v is not a chain from x:a of %d steps", id, p, d)
			}
		}
	}
	if len(r.Accounts) != len(want) {
		t.Errorf("got %d accounts, want %d", len(r.Accounts), len(want))
	}
	c := find(r, "ig:c")
	if want := 0.9 * 0.8; c != nil && c.Strength != want {
		t.Errorf("ig:c strength %v, want the product of its steps %v", c.Strength, want)
	}
	only := linked(t, s, "x:a", graph.LinkedOptions{Depth: 3, Kinds: []graph.Evidence{graph.EvPhone, graph.EvCoAdmin}})
	if find(only, "fb:d") != nil || find(only, "ig:c") == nil {
		t.Errorf("kinds filter: %+v", only.Accounts)
	}
	strong := linked(t, s, "x:a", graph.LinkedOptions{Depth: 3, MinStrength: 0.5})
	if find(strong, "ig:c") == nil || find(strong, "fb:d") != nil {
		t.Errorf("min_strength 0.5: %+v", strong.Accounts)
	}
	lim := linked(t, s, "x:a", graph.LinkedOptions{Depth: 3, Limit: 2})
	if len(lim.Accounts) != 2 || lim.Total != 4 || !lim.Truncated {
		t.Errorf("limit 2: %d accounts, total %d, truncated %v", len(lim.Accounts), lim.Total, lim.Truncated)
	}
}

func testHubs(t *testing.T, s graph.Store) {
	lines := []string{}
	for i := range 12 {
		id := "h" + string(rune('a'+i))
		lines = append(lines, `{"type":"account","id":"`+id+`","platform":"x","handle":"`+id+`","bio":"helpline +44 7911 123456"}`)
	}
	lines = append(lines, `{"type":"account","id":"pair1","platform":"x","handle":"p1","bio":"helpline +44 7911 123456"}`,
		`{"type":"link","kind":"contact","from":"pair1","to":"ha"}`)
	Ingest(t, s, lines...)
	r := linked(t, s, "pair1", graph.LinkedOptions{Depth: 1, HubLimit: 5})
	if len(r.Hubs) != 1 || r.Hubs[0].ID != "phone:+447911123456" || r.Hubs[0].Degree != 13 {
		t.Errorf("hubs = %+v, want the helpline with 13 users", r.Hubs)
	}
	if len(r.Accounts) != 1 || r.Accounts[0].ID != "ha" {
		t.Errorf("accounts %+v: the hub must not be expanded", r.Accounts)
	}
	all := linked(t, s, "pair1", graph.LinkedOptions{Depth: 1, HubLimit: 50})
	if len(all.Accounts) != 12 || len(all.Hubs) != 0 {
		t.Errorf("under the limit: %d accounts %d hubs, want 12 and 0", len(all.Accounts), len(all.Hubs))
	}
}

func testLargePageMembers(t *testing.T, s graph.Store) {
	lines := []string{`{"type":"page","id":"big","platform":"facebook","name":"Big Group"}`,
		`{"type":"page","id":"small","platform":"facebook","name":"Small Group"}`,
		`{"type":"link","kind":"admin_of","from":"boss","to":"big"}`}
	for i := range 8 {
		id := fmt.Sprintf("m%d", i)
		lines = append(lines, `{"type":"link","kind":"member_of","from":"`+id+`","to":"big"}`)
	}
	lines = append(lines, `{"type":"link","kind":"member_of","from":"m0","to":"small"}`,
		`{"type":"link","kind":"member_of","from":"m1","to":"small"}`)
	Ingest(t, s, lines...)
	set, err := s.Steps(ctx(), []string{"m0"}, graph.StepOptions{HubLimit: 100, MemberLimit: 5})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, st := range set.Steps {
		got = append(got, string(st.Evidence)+" "+st.Via+" "+st.To)
	}
	slices.Sort(got)
	want := []string{"co_member small m1", "page_member big boss"}
	if !slices.Equal(got, want) {
		t.Errorf("steps of a member of a page over the member limit: %v, want %v (no co-membership of the big page)", got, want)
	}
	set, _ = s.Steps(ctx(), []string{"boss"}, graph.StepOptions{HubLimit: 100, MemberLimit: 5})
	if len(set.Steps) != 8 {
		t.Errorf("the admin of a large page still ties to its %d members: got %d steps", 8, len(set.Steps))
	}
}

func testShortestPath(t *testing.T, s graph.Store) {
	Ingest(t, s, scenario...)
	p, err := graph.ShortestPath(ctx(), s, "x:a", "x:e", graph.PathOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var hops []string
	for _, st := range p.Steps {
		hops = append(hops, st.From+" "+st.Text+" "+st.To)
	}
	want := []string{"x:a shares phone +447700900123 with tt:b", "tt:b co-admin of page UK Jobs and Travel with ig:c", "ig:c is followed by x:e"}
	if !slices.Equal(hops, want) {
		t.Errorf("path:\n %s\nwant\n %s", strings.Join(hops, "\n "), strings.Join(want, "\n "))
	}
	Ingest(t, s, `{"type":"account","id":"lonely","platform":"x","handle":"lonely"}`)
	if _, err := graph.ShortestPath(ctx(), s, "x:a", "lonely", graph.PathOptions{}); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Errorf("no path: %v, want not found", err)
	}
	if _, err := graph.ShortestPath(ctx(), s, "x:a", "ghost", graph.PathOptions{}); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Errorf("unknown target: %v, want not found", err)
	}
}

func ids(p *graph.AccountPage) []string {
	var out []string
	for _, e := range p.Items {
		out = append(out, e.ID)
	}
	return out
}

func search(t *testing.T, s graph.Store, q graph.AccountQuery) []string {
	t.Helper()
	p, err := s.SearchAccounts(ctx(), q)
	if err != nil {
		t.Fatalf("search %+v: %v", q, err)
	}
	return ids(p)
}

func testSearch(t *testing.T, s graph.Store) {
	Ingest(t, s, scenario...)
	cases := []struct {
		q    graph.AccountQuery
		want []string
	}{
		{graph.AccountQuery{Q: "alpha"}, []string{"x:a"}},
		{graph.AccountQuery{Q: "ALPHA_TR"}, []string{"x:a"}},
		{graph.AccountQuery{Q: "travel"}, []string{"ig:c"}},
		{graph.AccountQuery{Q: "charlie travel"}, []string{"ig:c"}},
		{graph.AccountQuery{Q: "trips"}, []string{"x:a"}},
		{graph.AccountQuery{Platform: "x"}, []string{"x:a", "x:e"}},
		{graph.AccountQuery{Status: graph.StatusRemoved}, []string{"ig:c"}},
		{graph.AccountQuery{Identifier: "07700 900123", Region: "GB"}, []string{"tt:b", "x:a"}},
		{graph.AccountQuery{Identifier: "+44 (0)7700-900123"}, []string{"tt:b", "x:a"}},
		{graph.AccountQuery{Identifier: "wa.me/447700900123"}, []string{"tt:b", "x:a"}},
		{graph.AccountQuery{Identifier: "07700 900123", Region: "GB", Platform: "x"}, []string{"x:a"}},
		{graph.AccountQuery{Q: "nomatch"}, nil},
	}
	for _, c := range cases {
		if got := search(t, s, c.q); !slices.Equal(got, c.want) {
			t.Errorf("search %+v = %v, want %v", c.q, got, c.want)
		}
	}
}

func testSearchPagination(t *testing.T, s graph.Store) {
	var lines []string
	for i := range 7 {
		id := "acc" + string(rune('0'+i))
		lines = append(lines, `{"type":"account","id":"`+id+`","platform":"x","handle":"boat_`+id+`","name":"Boat Trips `+id+`"}`)
	}
	Ingest(t, s, lines...)
	for _, q := range []graph.AccountQuery{{Q: "boat", Limit: 3}, {Platform: "x", Limit: 3}} {
		var all []string
		for page := 0; page < 10; page++ {
			p, err := s.SearchAccounts(ctx(), q)
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, ids(p)...)
			if p.Next == "" {
				break
			}
			if page == 0 { // data added mid-way must not shift later pages
				Ingest(t, s, `{"type":"account","id":"aaa","platform":"x","handle":"aaa_boat","name":"Boat Aaa"}`)
			}
			q.Cursor = p.Next
		}
		seen := map[string]bool{}
		for _, id := range all {
			if seen[id] {
				t.Errorf("%+v: %s returned twice in %v", q, id, all)
			}
			seen[id] = true
		}
		for i := range 7 {
			if id := "acc" + string(rune('0'+i)); !seen[id] {
				t.Errorf("%+v: %s missing from %v", q, id, all)
			}
		}
	}
	if _, err := s.SearchAccounts(ctx(), graph.AccountQuery{Q: "boat", Cursor: "%%%"}); graph.ErrorCode(err) != graph.EINVALID {
		t.Errorf("bad cursor: %v, want invalid", err)
	}
}

func testAllOrNothing(t *testing.T, s graph.Store) {
	Ingest(t, s, scenario...)
	before := stats(t, s)
	// A valid account, then a page whose id is already an account.
	_, err := ingest.Reader(ctx(), s, strings.NewReader(`{"type":"account","id":"fresh","platform":"x","handle":"fresh"}
{"type":"page","id":"x:a","platform":"facebook","name":"clash"}`), ingest.Options{})
	if graph.ErrorCode(err) != graph.ECONFLICT {
		t.Fatalf("conflicting kinds: %v, want conflict", err)
	}
	// Invalid lines: nothing written.
	sum, err := ingest.Reader(ctx(), s, strings.NewReader(`{"type":"account","id":"fresh2","platform":"x","handle":"f"}
{"type":"acount","id":"y"}
{"type":"post","id":"p","platform":"x","posted_at":"yesterday"}
{not json`), ingest.Options{})
	if graph.ErrorCode(err) != graph.EINVALID || sum.Invalid != 3 {
		t.Fatalf("invalid lines: %v %+v", err, sum)
	}
	lines := []int64{}
	for _, p := range sum.Problems {
		lines = append(lines, p.Line)
	}
	if !slices.Equal(lines, []int64{2, 3, 4}) {
		t.Errorf("problem lines %v, want 2 3 4", lines)
	}
	after := stats(t, s)
	if mustJSON(before) != mustJSON(after) {
		t.Errorf("a rejected batch changed the stats:\n%s\n%s", mustJSON(before), mustJSON(after))
	}
	for _, id := range []string{"fresh", "fresh2"} {
		if _, err := s.Entity(ctx(), id); graph.ErrorCode(err) != graph.ENOTFOUND {
			t.Errorf("%s from a rejected batch: %v", id, err)
		}
	}
}

func testExactIDs(t *testing.T, s graph.Store) {
	weird := []string{`a"b'c`, `{}[]()`, "MATCH (n) DETACH DELETE n //", "'; DROP TABLE accounts; --", "حساب:١٢٣", "🚤/boat\\path", "x:a b\tc"}
	var lines []string
	for _, id := range weird {
		e, _ := json.Marshal(map[string]any{"type": "account", "id": id, "platform": "x", "handle": "h", "name": id, "bio": "RTL " + id})
		lines = append(lines, string(e))
	}
	l, _ := json.Marshal(map[string]any{"type": "link", "kind": "follows", "from": weird[0], "to": weird[2]})
	lines = append(lines, string(l))
	Ingest(t, s, lines...)
	for _, id := range weird {
		v := entity(t, s, id)
		if v.ID != id || v.Name != id || v.Bio != "RTL "+id {
			t.Errorf("round trip of %q: id %q name %q bio %q", id, v.ID, v.Name, v.Bio)
		}
	}
	r := linked(t, s, weird[0], graph.LinkedOptions{Depth: 1})
	if len(r.Accounts) != 1 || r.Accounts[0].ID != weird[2] {
		t.Errorf("linked from %q: %+v", weird[0], r.Accounts)
	}
}

func testEntityView(t *testing.T, s graph.Store) {
	Ingest(t, s, scenario...)
	v := entity(t, s, "tt:b")
	if v.Kind != graph.KindAccount || v.Platform != "tiktok" || v.Status != graph.StatusActive {
		t.Errorf("view %+v", v.Entity)
	}
	if lc := v.LinkCounts[graph.LinkAdminOf]; lc.Out != 1 {
		t.Errorf("admin_of counts %+v", lc)
	}
	if lc := v.LinkCounts[graph.LinkAuthored]; lc.Out != 1 {
		t.Errorf("authored counts %+v", lc)
	}
	if len(v.Posts) != 1 || v.Posts[0].ID != "tt:video/7312" {
		t.Errorf("posts %+v", v.Posts)
	}
	if len(v.Identifiers) != 1 || v.Identifiers[0].Value != "+447700900123" || v.Identifiers[0].Via != "tt:video/7312" {
		t.Errorf("identifiers %+v, want the phone seen in its post", v.Identifiers)
	}
	pg := entity(t, s, "fb:group/1001")
	if pg.Kind != graph.KindPage || pg.LinkCounts[graph.LinkAdminOf].In != 2 {
		t.Errorf("page view %+v %+v", pg.Entity, pg.LinkCounts)
	}
	if _, err := s.Entity(ctx(), "missing"); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Errorf("missing entity: %v", err)
	}
}

func testExport(t *testing.T, s graph.Store) {
	Ingest(t, s, scenario...)
	var ents, links, uses int
	err := s.Export(ctx(), func(e *graph.Entity) error { ents++; return nil }, func(l *graph.LinkState, id *graph.Identifier) error {
		links++
		if l.Kind == graph.LinkUses {
			uses++
			if id == nil || id.Key() != l.To {
				t.Errorf("uses link %+v without its identifier %+v", l, id)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	st := stats(t, s)
	if ents != st.Accounts+st.Pages+st.Posts || links != st.Links || uses != 2 {
		t.Errorf("export: %d entities %d links %d uses; stats %+v", ents, links, uses, st)
	}
}

func testAudit(t *testing.T, s graph.Store) {
	for i, actor := range []string{"alice", "bob", "alice"} {
		e := &graph.AuditEntry{Time: time.Date(2026, 1, 1, 0, i, 0, 0, time.UTC), Actor: actor, Role: "analyst",
			Action: "GET /v1/accounts/:id", Entities: []string{"x:a"}, Outcome: "200"}
		if err := s.AppendAudit(ctx(), e); err != nil {
			t.Fatal(err)
		}
		if e.Seq != uint64(i+1) || e.Hash == "" {
			t.Errorf("entry %d: seq %d hash %q", i, e.Seq, e.Hash)
		}
	}
	all, err := s.Audit(ctx(), graph.AuditQuery{})
	if err != nil || len(all) != 3 {
		t.Fatalf("audit: %v %d", err, len(all))
	}
	if bad, err := graph.VerifyAudit("", all); err != nil {
		t.Errorf("chain broken at %d: %v", bad, err)
	}
	// Both stores record the chain's head apart from its entries, so that
	// entries removed from the end can be found.
	h, ok := s.(interface {
		AuditHead(context.Context) (uint64, string, error)
	})
	if !ok {
		t.Fatalf("%T does not tell the head of its audit chain", s)
	}
	if seq, hash, err := h.AuditHead(ctx()); err != nil || seq != 3 || hash != all[2].Hash {
		t.Errorf("audit head %d %q %v, want entry 3 %q", seq, hash, err, all[2].Hash)
	}
	alice, _ := s.Audit(ctx(), graph.AuditQuery{Actor: "alice"})
	if len(alice) != 2 {
		t.Errorf("actor filter: %d entries", len(alice))
	}
	since, _ := s.Audit(ctx(), graph.AuditQuery{Since: time.Date(2026, 1, 1, 0, 1, 0, 0, time.UTC)})
	if len(since) != 2 {
		t.Errorf("since filter: %d entries", len(since))
	}
	page, _ := s.Audit(ctx(), graph.AuditQuery{After: 1, Limit: 1})
	if len(page) != 1 || page[0].Seq != 2 {
		t.Errorf("after/limit: %+v", page)
	}
	all[1].Outcome = "403"
	if bad, err := graph.VerifyAudit("", all); err == nil || bad != 2 {
		t.Errorf("an edited entry must break the chain at 2: %d %v", bad, err)
	}
}

func testDocs(t *testing.T, s graph.Store) {
	docs := []graph.Doc{{ID: "b", Body: json.RawMessage(`{"n":2}`)}, {ID: "a", Body: json.RawMessage(`{"n":1}`)}, {ID: "c", Body: json.RawMessage(`{"n":3}`)}}
	if err := s.PutDocs(ctx(), graph.CollClusters, docs); err != nil {
		t.Fatal(err)
	}
	d, err := s.GetDoc(ctx(), graph.CollClusters, "a")
	if err != nil || string(d.Body) != `{"n":1}` {
		t.Errorf("get: %v %+v", err, d)
	}
	list, _ := s.ListDocs(ctx(), graph.CollClusters, "a", 10)
	if len(list) != 2 || list[0].ID != "b" || list[1].ID != "c" {
		t.Errorf("list after a: %+v", list)
	}
	if err := s.DeleteDocs(ctx(), graph.CollClusters, []string{"b", "zz"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetDoc(ctx(), graph.CollClusters, "b"); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Errorf("deleted doc: %v", err)
	}
	if l, _ := s.ListDocs(ctx(), graph.CollReferrals, "", 10); len(l) != 0 {
		t.Errorf("collections must be separate: %+v", l)
	}
}
