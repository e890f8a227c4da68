package neo4j_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	neo4jdriver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/graph/neo4j"
	"github.com/takedown/takedown/graph/storetest"
)

var small = []string{
	`{"type":"account","id":"x:a","platform":"x","handle":"alpha_trips","name":"Alpha Trips","status":"active","bio":"WhatsApp +44 7700 900123"}`,
	`{"type":"account","id":"tt:b","platform":"tiktok","handle":"bravo.uk","name":"Bravo","status":"active"}`,
	`{"type":"account","id":"ig:c","platform":"instagram","handle":"charlie","name":"Charlie Travel","status":"removed"}`,
	`{"type":"post","id":"tt:video/7312","platform":"tiktok","author":"tt:b","text":"Boat from Calais this week, 2500 GBP","posted_at":"2024-05-01T18:22:00Z"}`,
	`{"type":"link","kind":"follows","from":"x:a","to":"ig:c"}`,
}

func query(t *testing.T, s *neo4j.Store, cfg neo4j.Config, q string, params map[string]any) []*neo4jdriver.Record {
	t.Helper()
	res, err := neo4jdriver.ExecuteQuery(context.Background(), s.Driver(), q, params, neo4jdriver.EagerResultTransformer,
		neo4jdriver.ExecuteQueryWithDatabase(cfg.Database))
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return res.Records
}

func TestWriteClusters(t *testing.T) {
	cfg := serverConfig(t)
	s := openEmpty(t, cfg)
	ctx := context.Background()
	storetest.Ingest(t, s, small...)
	before, _ := s.Stats(ctx)
	err := s.WriteClusters(ctx, []neo4j.ClusterResult{
		{ID: "c1", Rank: 1, Score: 0.93, Tier: "top", Members: []string{"x:a", "tt:b", "ghost"}},
		{ID: "c2", Rank: 2, Score: 0.4, Tier: "medium", Members: []string{"ig:c"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	members := func() map[string]string {
		out := map[string]string{}
		for _, r := range query(t, s, cfg, `MATCH (n:Entity)-[:IN_CLUSTER]->(c:Cluster)
			RETURN n.id AS id, c.id + ' ' + n.cluster_tier + ' ' + toString(n.cluster_rank) + ' ' + toString(n.cluster_score) AS c`, nil) {
			id, _ := r.Get("id")
			c, _ := r.Get("c")
			out[id.(string)] = c.(string)
		}
		return out
	}
	got := members()
	want := map[string]string{"x:a": "c1 top 1 0.93", "tt:b": "c1 top 1 0.93", "ig:c": "c2 medium 2 0.4"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("members %v, want %v (ghost skipped)", got, want)
	}
	// A new run replaces the previous one.
	if err := s.WriteClusters(ctx, []neo4j.ClusterResult{{ID: "c3", Rank: 1, Score: 0.7, Tier: "high", Members: []string{"ig:c"}}}); err != nil {
		t.Fatal(err)
	}
	if got := members(); fmt.Sprint(got) != fmt.Sprint(map[string]string{"ig:c": "c3 high 1 0.7"}) {
		t.Errorf("after the second run: %v", got)
	}
	if r := query(t, s, cfg, `MATCH (n:Entity) WHERE n.cluster_id IS NOT NULL RETURN collect(n.id) AS ids`, nil); fmt.Sprint(r[0].Values[0]) != "[ig:c]" {
		t.Errorf("cluster properties left on %v", r[0].Values[0])
	}
	if r := query(t, s, cfg, `MATCH (c:Cluster) RETURN collect(c.id) AS ids`, nil); fmt.Sprint(r[0].Values[0]) != "[c3]" {
		t.Errorf("clusters %v, want only c3", r[0].Values[0])
	}
	// Ingest keeps the results on a member it merges into, and clusters
	// are not part of the graph: no version change, no link.
	storetest.Ingest(t, s, `{"type":"account","id":"ig:c","platform":"instagram","handle":"charlie","bio":"new bio"}`)
	if got := members(); got["ig:c"] != "c3 high 1 0.7" {
		t.Errorf("a merge dropped the cluster results: %v", got)
	}
	after, _ := s.Stats(ctx)
	if after.Links != before.Links || after.Version != before.Version+1 {
		t.Errorf("stats %+v after clusters and one ingest, before %+v", after, before)
	}
	v, _ := s.Entity(ctx, "ig:c")
	if _, ok := v.LinkCounts["in_cluster"]; ok || v.Bio != "new bio" {
		t.Errorf("view %+v", v)
	}
	links := 0
	s.Export(ctx, nil, func(*graph.LinkState, *graph.Identifier) error { links++; return nil })
	if links != after.Links {
		t.Errorf("export gave %d links, stats %d: IN_CLUSTER must not be exported", links, after.Links)
	}
	if err := s.WriteClusters(ctx, []neo4j.ClusterResult{{ID: "d"}, {ID: "d"}}); graph.ErrorCode(err) != graph.EINVALID {
		t.Errorf("duplicate cluster id: %v", err)
	}
	if err := s.WriteClusters(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if got := members(); len(got) != 0 {
		t.Errorf("an empty run must clear the clusters: %v", got)
	}
}

func TestSearchText(t *testing.T) {
	cfg := serverConfig(t)
	s := openEmpty(t, cfg)
	storetest.Ingest(t, s, small...)
	// entity_text is eventually consistent: wait for its refresh.
	query(t, s, cfg, "CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()", nil)
	for q, want := range map[string]string{"calais": "tt:video/7312", "whatsapp": "x:a", "charlie": "ig:c"} {
		got, err := s.SearchText(context.Background(), q, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].ID != want {
			t.Errorf("SearchText(%q) = %+v, want %s", q, got, want)
		}
	}
}

// TestConcurrentWriters runs appends and batches from two stores at once,
// as two API servers would: the audit chain stays one unbroken chain and
// every merge into the same account and link is kept.
func TestConcurrentWriters(t *testing.T) {
	cfg := serverConfig(t)
	s1 := openEmpty(t, cfg)
	s2, err := neo4j.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	ctx := context.Background()
	storetest.Ingest(t, s1, `{"type":"account","id":"shared","platform":"x","handle":"shared"}`, `{"type":"account","id":"other","platform":"x","handle":"other"}`)
	const writers, each = 6, 4
	var wg sync.WaitGroup
	errs := make(chan error, 2*writers*each)
	for w := range writers {
		s := []*neo4j.Store{s1, s2}[w%2]
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				e := &graph.AuditEntry{Time: time.Now(), Actor: fmt.Sprint("w", w), Action: "GET /v1/accounts/:id", Outcome: "200"}
				if err := s.AppendAudit(ctx, e); err != nil {
					errs <- err
				}
				at := time.Date(2024, 1, 1, w, i, 0, 0, time.UTC).Format(time.RFC3339)
				b := &graph.Batch{
					Entities: []graph.Entity{{ID: "shared", Kind: graph.KindAccount, Platform: "x", Handle: "shared", Status: graph.StatusUnknown,
						Sources: []string{fmt.Sprintf("src-%d-%d", w, i)}}},
					Links: []graph.Link{{Kind: graph.LinkContact, From: "shared", To: "other", At: mustTime(at)}},
				}
				if _, err := s.Apply(ctx, b); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	all, err := s1.Audit(ctx, graph.AuditQuery{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != writers*each {
		t.Fatalf("%d audit entries, want %d", len(all), writers*each)
	}
	for i, e := range all {
		if e.Seq != uint64(i+1) {
			t.Fatalf("entry %d has seq %d: the chain has a gap or a repeat", i, e.Seq)
		}
	}
	if bad, err := graph.VerifyAudit("", all); err != nil {
		t.Errorf("chain broken at %d: %v", bad, err)
	}
	v, err := s2.Entity(ctx, "shared")
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Sources) != writers*each {
		t.Errorf("%d sources, want %d: a concurrent merge was lost", len(v.Sources), writers*each)
	}
	var links []graph.LinkState
	s2.Export(ctx, nil, func(l *graph.LinkState, _ *graph.Identifier) error { links = append(links, *l); return nil })
	if len(links) != 1 || links[0].Count != writers*each {
		t.Errorf("links %+v, want one contact seen %d times", links, writers*each)
	}
	st, _ := s1.Stats(ctx)
	if st.Accounts != 2 || st.Links != 1 || st.Version != uint64(1+writers*each) {
		t.Errorf("stats %+v, want 2 accounts, 1 link, version %d", st, 1+writers*each)
	}
}

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestExportStreams exports more records than one fetch holds, in order
// of kinds: every entity first, then every link.
func TestExportStreams(t *testing.T) {
	cfg := serverConfig(t)
	cfg.FetchSize = 7
	s := openEmpty(t, cfg)
	var lines []string
	for i := range 40 {
		lines = append(lines, fmt.Sprintf(`{"type":"account","id":"a%02d","platform":"x","handle":"h%02d"}`, i, i))
		if i > 0 {
			lines = append(lines, fmt.Sprintf(`{"type":"link","kind":"follows","from":"a%02d","to":"a%02d"}`, i, i-1))
		}
	}
	storetest.Ingest(t, s, lines...)
	var order []string
	err := s.Export(context.Background(), func(e *graph.Entity) error {
		order = append(order, "e")
		return nil
	}, func(l *graph.LinkState, _ *graph.Identifier) error {
		order = append(order, "l")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := slices.Concat(slices.Repeat([]string{"e"}, 40), slices.Repeat([]string{"l"}, 39)); !slices.Equal(order, want) {
		t.Errorf("export order %v", order)
	}
	stop := fmt.Errorf("stop")
	n := 0
	err = s.Export(context.Background(), func(*graph.Entity) error {
		n++
		if n == 10 {
			return stop
		}
		return nil
	}, nil)
	if !errors.Is(err, stop) || n != 10 {
		t.Errorf("export went on after an error: %v after %d entities", err, n)
	}
}

// TestMergeCorners covers merges the conformance suite does not: a record
// that only changes unknown properties, and a new link reported twice in
// one batch.
func TestMergeCorners(t *testing.T) {
	cfg := serverConfig(t)
	s := openEmpty(t, cfg)
	ctx := context.Background()
	storetest.Ingest(t, s, `{"type":"account","id":"a","platform":"x","handle":"a","color":"red"}`,
		`{"type":"account","id":"b","platform":"x","handle":"b"}`)
	storetest.Ingest(t, s, `{"type":"account","id":"a","platform":"x","handle":"a","color":"blue","size":3}`)
	v, err := s.Entity(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	if v.Props["color"] != "blue" || v.Props["size"] != 3.0 {
		t.Errorf("props %v, want the later record's color and size", v.Props)
	}
	sum := storetest.Ingest(t, s, `{"type":"link","kind":"follows","from":"a","to":"b","at":"2025-03-18T05:18:43Z"}`,
		`{"type":"link","kind":"follows","from":"a","to":"b","at":"2025-03-12T11:15:42Z"}`,
		`{"type":"link","kind":"follows","from":"a","to":"b","at":"2025-03-12T11:15:42Z"}`)
	if sum.Written.Links != 2 {
		t.Errorf("written links %d, want 2 (two observations, one replayed)", sum.Written.Links)
	}
	var links []graph.LinkState
	s.Export(ctx, nil, func(l *graph.LinkState, _ *graph.Identifier) error { links = append(links, *l); return nil })
	st, _ := s.Stats(ctx)
	if len(links) != 1 || links[0].Count != 2 || st.Links != 1 {
		t.Errorf("links %+v, stats links %d: want one follows seen twice", links, st.Links)
	}
	if !links[0].FirstAt.Equal(mustTime("2025-03-12T11:15:42Z")) || !links[0].LastAt.Equal(mustTime("2025-03-18T05:18:43Z")) {
		t.Errorf("link seen %v to %v", links[0].FirstAt, links[0].LastAt)
	}
	if v, _ := s.Entity(ctx, "a"); v.LinkCounts[graph.LinkFollows].Out != 1 {
		t.Errorf("link counts %v", v.LinkCounts)
	}
}
