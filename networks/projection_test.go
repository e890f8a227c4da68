package networks

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/takedown/takedown/graph"
)

var t0 = time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC)

func account(id string) graph.Entity {
	return graph.Entity{ID: id, Kind: graph.KindAccount, Platform: "x", Handle: strings.TrimPrefix(id, "x:"), Status: graph.StatusActive}
}

func post(id, author, text string, at time.Time, media ...string) graph.Entity {
	return graph.Entity{ID: id, Kind: graph.KindPost, Platform: "x", Author: author, Text: text, PostedAt: at, Status: graph.StatusActive, Media: media}
}

func uses(from string, kind graph.IdentKind, value, seen string) graph.Link {
	id := &graph.Identifier{Kind: kind, Value: value, Valid: true}
	return graph.Link{Kind: graph.LinkUses, From: from, To: id.Key(), Ident: id, Seen: seen}
}

func link(kind graph.LinkKind, from, to string) graph.Link {
	return graph.Link{Kind: kind, From: from, To: to}
}

// projectStore reads and projects st with cfg.
func projectStore(t *testing.T, st Store, cfg *Config) *projection {
	t.Helper()
	if cfg == nil {
		cfg = DefaultConfig()
	}
	r, err := readStore(context.Background(), st, cfg, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	return project(r, cfg, nil)
}

// node returns the projection node of an actor id.
func (p *projection) node(t *testing.T, id string) int32 {
	t.Helper()
	i, ok := p.r.ids.get(id)
	if !ok || i < 0 {
		t.Fatalf("no actor %s", id)
	}
	return p.nodeOf[i]
}

// evidenceBetween lists the evidence kinds of the contributions between
// two actors and their summed weight.
func (p *projection) evidenceBetween(t *testing.T, a, b string) ([]graph.Evidence, float64) {
	t.Helper()
	u, v := p.node(t, a), p.node(t, b)
	u, v = min(u, v), max(u, v)
	var evs []graph.Evidence
	var w float64
	for i, e := range p.edges {
		if e.U == u && e.V == v {
			evs = append(evs, p.evid[i].name())
			w += e.W
		}
	}
	slices.Sort(evs)
	return evs, w
}

func TestSameAsMerges(t *testing.T) {
	st := openStore(t)
	apply(t, st, &graph.Batch{
		Entities: []graph.Entity{account("x:a"), account("x:a2"), account("x:b"), account("x:c")},
		Links: []graph.Link{
			link(graph.LinkSameAs, "x:a", "x:a2"),
			uses("x:a2", graph.IdentPhone, "+447700900001", "link"),
			uses("x:b", graph.IdentPhone, "+447700900001", "link"),
			link(graph.LinkContact, "x:a", "x:b"),
		},
	})
	p := projectStore(t, st, nil)
	if p.n != 3 {
		t.Fatalf("nodes = %d, want 3 (x:a and x:a2 merged)", p.n)
	}
	if p.node(t, "x:a") != p.node(t, "x:a2") {
		t.Fatal("x:a and x:a2 are different nodes")
	}
	if got := p.representative(p.node(t, "x:a2")); got != "x:a" {
		t.Errorf("representative = %s, want the smallest id x:a", got)
	}
	// The phone of x:a2 and the contact of x:a both tie the merged node to x:b.
	evs, _ := p.evidenceBetween(t, "x:a", "x:b")
	if want := []graph.Evidence{graph.EvContact, graph.EvPhone}; !slices.Equal(evs, want) {
		t.Errorf("evidence between merged node and x:b = %v, want %v", evs, want)
	}
	for i, e := range p.edges {
		if e.U == e.V {
			t.Errorf("self-loop %v of %s after the merge", e, p.evid[i].name())
		}
	}

	// In a run, both accounts are members of the cluster, one marked as
	// merged into the other.
	if _, err := Analyze(context.Background(), st, nil, nil); err != nil {
		t.Fatal(err)
	}
	cs := clusters(t, st)
	if len(cs) != 1 {
		t.Fatalf("%d clusters, want 1", len(cs))
	}
	if got := memberIDs(&cs[0]); !slices.Equal(got, []string{"x:a", "x:a2", "x:b"}) {
		t.Errorf("members %v", got)
	}
	for _, m := range cs[0].Members {
		if want := map[string]string{"x:a2": "x:a"}[m.ID]; m.SameAs != want {
			t.Errorf("%s same_as = %q, want %q", m.ID, m.SameAs, want)
		}
	}
	if n := len(cs[0].Graph.Nodes); n != 2 {
		t.Errorf("drawing has %d nodes, want 2", n)
	}
}

func TestHubCutReported(t *testing.T) {
	st := openStore(t)
	cfg := DefaultConfig()
	cfg.HubCut = 10
	b := &graph.Batch{}
	for i := range 12 {
		id := fmt.Sprintf("x:u%02d", i)
		b.Entities = append(b.Entities, account(id))
		b.Links = append(b.Links, uses(id, graph.IdentPhone, "+448000468520", "bio")) // shared by 12 > 10
		if i < 3 {
			b.Links = append(b.Links, uses(id, graph.IdentPayment, "paypal.me/ring", "bio")) // shared by 3
		}
	}
	apply(t, st, b)
	p := projectStore(t, st, cfg)
	if len(p.hubs) != 1 || p.hubs[0].Key != "phone:+448000468520" || p.hubs[0].Actors != 12 || p.hubs[0].Kind != "phone" {
		t.Fatalf("hubs = %+v, want the phone shared by 12", p.hubs)
	}
	for i := range p.edges {
		if p.evid[i] == evPhone {
			t.Fatalf("the hub phone gave an edge")
		}
	}
	if got := p.edgeCounts[evPayment]; got != 3 {
		t.Errorf("payment edges = %d, want 3 (a triangle)", got)
	}
	run, err := Analyze(context.Background(), st, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if run.Summary.HubsCut != 1 || len(run.Summary.Hubs) != 1 || run.Summary.Hubs[0].Key != "phone:+448000468520" {
		t.Errorf("run report hubs = %d %+v", run.Summary.HubsCut, run.Summary.Hubs)
	}
	// The stored run document carries the report too.
	var stored Run
	if err := getJSON(context.Background(), st, graph.CollRuns, run.ID, &stored); err != nil {
		t.Fatal(err)
	}
	if stored.Summary == nil || len(stored.Summary.Hubs) != 1 {
		t.Errorf("stored run has no hubs: %+v", stored.Summary)
	}
}

func TestLargeGroupIsSparse(t *testing.T) {
	st := openStore(t)
	cfg := DefaultConfig()
	cfg.HubCut, cfg.CliqueMax = 100, 8
	b := &graph.Batch{}
	const d = 40
	for i := range d {
		id := fmt.Sprintf("x:m%02d", i)
		b.Entities = append(b.Entities, account(id))
		b.Links = append(b.Links, uses(id, graph.IdentCrypto, "TXyz", "link"))
	}
	apply(t, st, b)
	p := projectStore(t, st, cfg)
	k := cfg.CliqueMax / 2
	if got := p.edgeCounts[evCrypto]; got != d*k {
		t.Fatalf("crypto edges = %d, want the circulant's %d (a clique has %d)", got, d*k, d*(d-1)/2)
	}
	// Every node keeps the strength of the clique: w·idf·(d−1).
	want := cfg.Weights[graph.EvCrypto] * p.idf(d) * (d - 1)
	for v := range int32(p.n) {
		if s := p.g.Strength(v); math.Abs(s-want) > 1e-4*want {
			t.Fatalf("strength of node %d = %v, want %v", v, s, want)
		}
	}
}

func TestCoordinationEdges(t *testing.T) {
	st := openStore(t)
	cfg := DefaultConfig()
	cfg.Coordination.Window = Duration(time.Hour)
	cfg.Coordination.MinRepetitions = 2
	// Only URL coordination counts here.
	cfg.Weights[graph.EvURL], cfg.Weights[EvDomain], cfg.Weights[EvCoordText] = 0, 0, 0
	b := &graph.Batch{Entities: []graph.Entity{account("x:a"), account("x:b"), account("x:c"), account("x:d")}}
	n := 0
	share := func(author, url string, at time.Time) {
		n++
		id := fmt.Sprintf("x:status/%d", n)
		b.Entities = append(b.Entities, post(id, author, "see "+url, at))
		b.Links = append(b.Links, uses(id, graph.IdentURL, url, "text"))
	}
	// a and b post two URLs 10 and 30 minutes apart: two repetitions.
	share("x:a", "https://crossing.example/1", t0)
	share("x:b", "https://crossing.example/1", t0.Add(10*time.Minute))
	share("x:a", "https://crossing.example/2", t0.Add(24*time.Hour))
	share("x:b", "https://crossing.example/2", t0.Add(24*time.Hour+30*time.Minute))
	// c posts the same URLs, but days later: outside the window.
	share("x:c", "https://crossing.example/1", t0.Add(72*time.Hour))
	share("x:c", "https://crossing.example/2", t0.Add(96*time.Hour))
	// d posts with a only once within the window: one repetition.
	share("x:d", "https://crossing.example/1", t0.Add(-20*time.Minute))
	apply(t, st, b)
	p := projectStore(t, st, cfg)
	if evs, w := p.evidenceBetween(t, "x:a", "x:b"); !slices.Equal(evs, []graph.Evidence{EvCoordURL}) {
		t.Errorf("a–b evidence = %v, want coord_url", evs)
	} else if want := cfg.Weights[EvCoordURL] * math.Log2(3); math.Abs(w-want) > 1e-9 {
		t.Errorf("a–b weight = %v, want w·log2(1+2) = %v", w, want)
	}
	for _, pair := range [][2]string{{"x:a", "x:c"}, {"x:b", "x:c"}, {"x:a", "x:d"}, {"x:b", "x:d"}} {
		if evs, _ := p.evidenceBetween(t, pair[0], pair[1]); len(evs) != 0 {
			t.Errorf("%s–%s evidence = %v, want none", pair[0], pair[1], evs)
		}
	}
	// With a window of a week, c coordinates too; with three repetitions
	// required, nobody does.
	cfg.Coordination.Window = Duration(7 * 24 * time.Hour)
	p = projectStore(t, st, cfg)
	if evs, _ := p.evidenceBetween(t, "x:a", "x:c"); !slices.Equal(evs, []graph.Evidence{EvCoordURL}) {
		t.Errorf("a–c evidence with a week's window = %v, want coord_url", evs)
	}
	cfg.Coordination.MinRepetitions = 3
	p = projectStore(t, st, cfg)
	if n := p.edgeCounts[evCoordURL]; n != 0 {
		t.Errorf("%d coord_url edges with 3 repetitions required, want 0", n)
	}
}

func TestCoordinationMediaAndText(t *testing.T) {
	st := openStore(t)
	cfg := DefaultConfig()
	cfg.Weights[graph.EvImageHash] = 0
	b := &graph.Batch{Entities: []graph.Entity{account("x:a"), account("x:b"), account("x:c")}}
	advert := []string{
		"Boat from Calais to the UK this week, 2500 per person, 100% safe, no passport needed, WhatsApp us now",
		"Lorry to Germany from the Belarus border, safe and fast, no documents needed, contact us today for dates",
	}
	n := 0
	add := func(author, text string, at time.Time, media ...string) {
		n++
		id := fmt.Sprintf("x:status/%d", n)
		b.Entities = append(b.Entities, post(id, author, text, at, media...))
		for _, m := range media {
			b.Links = append(b.Links, uses(id, graph.IdentImageHash, m, "media"))
		}
	}
	for i, txt := range advert {
		at := t0.Add(time.Duration(i) * 48 * time.Hour)
		img := fmt.Sprintf("phash:00000000000000a%d", i)
		add("x:a", txt, at, img)
		add("x:b", txt+"!!", at.Add(5*time.Minute), img) // near-identical: punctuation differs
		add("x:c", "I went to the market and bought bread and cheese for lunch "+txt[:10], at.Add(time.Minute))
	}
	apply(t, st, b)
	p := projectStore(t, st, cfg)
	evs, _ := p.evidenceBetween(t, "x:a", "x:b")
	if !slices.Equal(evs, []graph.Evidence{EvCoordMedia, EvCoordText}) {
		t.Errorf("a–b evidence = %v, want coord_media and coord_text", evs)
	}
	if evs, _ := p.evidenceBetween(t, "x:a", "x:c"); len(evs) != 0 {
		t.Errorf("a–c evidence = %v, want none (different text, no media)", evs)
	}
}

func TestWeightsFromConfig(t *testing.T) {
	st := openStore(t)
	apply(t, st, &graph.Batch{
		Entities: []graph.Entity{account("x:a"), account("x:b"), account("x:c"), account("x:d")},
		Links: []graph.Link{
			uses("x:a", graph.IdentPhone, "+447700900002", "link"),
			uses("x:b", graph.IdentPhone, "+447700900002", "link"),
			link(graph.LinkFollows, "x:c", "x:d"),
		},
	})
	def := DefaultConfig()
	p := projectStore(t, st, def)
	_, w1 := p.evidenceBetween(t, "x:a", "x:b")
	if want := def.Weights[graph.EvPhone] * p.idf(2); math.Abs(w1-want) > 1e-9 {
		t.Fatalf("phone weight %v, want w·idf = %v", w1, want)
	}
	// A file that names only the phone weight keeps the other defaults.
	path := filepath.Join(t.TempDir(), "weights.json")
	if err := os.WriteFile(path, []byte(`{"weights": {"shared_phone": 3.5}, "idf": false}`), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Weights[graph.EvPhone] != 3.5 || cfg.Weights[graph.EvFollows] != def.Weights[graph.EvFollows] || cfg.HubCut != def.HubCut {
		t.Fatalf("overlay: phone %v follows %v hub_cut %d", cfg.Weights[graph.EvPhone], cfg.Weights[graph.EvFollows], cfg.HubCut)
	}
	p = projectStore(t, st, cfg)
	if _, w := p.evidenceBetween(t, "x:a", "x:b"); w != 3.5 {
		t.Errorf("phone weight with the file = %v, want 3.5 (IDF off)", w)
	}
	if _, w := p.evidenceBetween(t, "x:c", "x:d"); w != def.Weights[graph.EvFollows] {
		t.Errorf("follows weight = %v, want the default %v", w, def.Weights[graph.EvFollows])
	}
}

func TestLoadConfigErrors(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{`{"weights": {"shared_fax": 1}}`, "unknown evidence kind"},
		{`{"hub_cut": 1}`, "hub_cut"},
		{`{"coordination": {"similarity": 1.5}}`, "similarity"},
		{`{"detection": {"resolution": -1}}`, "resolution"},
		{`{"colour": "blue"}`, "unknown field"},
		{`{"coordination": {"window": "soon"}}`, "duration"},
	} {
		_, err := ParseConfig([]byte(tc.body))
		if graph.ErrorCode(err) != graph.EINVALID || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want EINVALID mentioning %q", tc.body, err, tc.want)
		}
	}
	if _, err := LoadConfig(filepath.Join(t.TempDir(), "absent.json")); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Errorf("absent file: %v, want ENOTFOUND", err)
	}
	c, err := ParseConfig([]byte(`{"coordination": {"window": "90m"}}`))
	if err != nil || time.Duration(c.Coordination.Window) != 90*time.Minute {
		t.Errorf("window 90m: %v %v", c, err)
	}
	// The embedded defaults are valid and documented in the file.
	if err := DefaultConfig().Validate(); err != nil {
		t.Fatal(err)
	}
	for _, e := range EvidenceKinds() {
		if _, ok := DefaultConfig().Weights[e]; !ok {
			t.Errorf("weights.default.json has no weight for %s", e)
		}
	}
}
