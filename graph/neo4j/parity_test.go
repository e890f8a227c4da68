package neo4j_test

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/takedown/takedown/generate"
	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/graph/bolt"
	"github.com/takedown/takedown/graph/ingest"
)

// edgeCases are records that exercise the corners of the merge rules: a
// placeholder that becomes an entity of another kind, self links, repeats
// with new observations, a post whose author changes, shared identifiers
// in bios and posts, an account that is both admin and member of a page.
var edgeCases = []string{
	`{"type":"account","id":"edge:a1","platform":"x","handle":"Edge_One","name":"Edge One","bio":"pay me at edge@example.org","status":"active"}`,
	`{"type":"account","id":"edge:a2","platform":"x","handle":"edge.two","name":"Edge Two","status":"suspended","source":"s1"}`,
	`{"type":"account","id":"edge:a3","platform":"tiktok","handle":"edge3","name":"Edge Three","color":"red","score":3.5,"ok":true}`,
	`{"type":"link","kind":"mentions","from":"edge:m1","to":"edge:a1"}`,
	`{"type":"link","kind":"reposts","from":"edge:a3","to":"edge:q1"}`,
	`{"type":"link","kind":"follows","from":"edge:a1","to":"edge:a1"}`,
	`{"type":"link","kind":"contact","from":"edge:a1","to":"edge:a2","at":"2024-01-01T00:00:00Z","source":"s1"}`,
	`{"type":"link","kind":"contact","from":"edge:a1","to":"edge:a2","at":"2024-01-02T00:00:00Z","source":"s2","weight":2}`,
	`{"type":"link","kind":"contact","from":"edge:a1","to":"edge:a2","at":"2024-01-02T00:00:00Z","source":"s2","weight":2}`,
	`{"type":"link","kind":"admin_of","from":"edge:a2","to":"edge:page"}`,
	`{"type":"link","kind":"member_of","from":"edge:a2","to":"edge:page"}`,
	`{"type":"link","kind":"member_of","from":"edge:a3","to":"edge:page"}`,
	`{"type":"link","kind":"uses","from":"edge:a3","identifier":{"kind":"email","value":"EDGE@example.org"}}`,
	`{"type":"link","kind":"same_as","from":"edge:a3","to":"edge:ghost"}`,
}

// edgeCasesLater arrive in a later batch.
var edgeCasesLater = []string{
	`{"type":"post","id":"edge:m1","platform":"x","author":"edge:a2","text":"call +44 7700 900999","posted_at":"2024-03-01T10:00:00Z"}`,
	`{"type":"account","id":"edge:q1","platform":"x","handle":"q_one"}`,
	`{"type":"post","id":"edge:p2","platform":"x","author":"edge:a1","text":"same number 07700900999","posted_at":"2024-03-02T10:00:00Z"}`,
	`{"type":"post","id":"edge:p2","platform":"x","author":"edge:a3"}`,
	`{"type":"post","id":"edge:p3","platform":"x","author":"edge:a3","page":"edge:page"}`,
	`{"type":"link","kind":"replies","from":"edge:p3","to":"edge:p2"}`,
	`{"type":"link","kind":"reposts","from":"edge:p3","to":"edge:p3"}`,
	`{"type":"link","kind":"mentions","from":"edge:p3","to":"edge:a1"}`,
	`{"type":"page","id":"edge:page","platform":"facebook","name":"Edge Page","members":12}`,
	`{"type":"account","id":"edge:a3","platform":"tiktok","handle":"edge3","followers":99,"status":"removed","source":"s3"}`,
}

// conflicting is a batch the two stores must both refuse.
var conflicting = []string{
	`{"type":"account","id":"edge:new","platform":"x","handle":"new"}`,
	`{"type":"link","kind":"replies","from":"edge:a1","to":"edge:p2"}`,
}

func ingestAll(t *testing.T, s graph.Store, data []byte, batch int) {
	t.Helper()
	open := func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }
	if _, err := ingest.File(context.Background(), s, open, ingest.Options{Region: "GB", BatchSize: batch, SkipInvalid: true}); err != nil {
		t.Fatalf("ingest: %v", err)
	}
}

type dump struct {
	Entities []graph.Entity
	Links    []string
}

func exportDump(t *testing.T, s graph.Store) *dump {
	t.Helper()
	d := &dump{}
	err := s.Export(context.Background(), func(e *graph.Entity) error {
		d.Entities = append(d.Entities, *e)
		return nil
	}, func(l *graph.LinkState, id *graph.Identifier) error {
		b, _ := json.Marshal(struct {
			L  *graph.LinkState
			ID *graph.Identifier
		}{l, id})
		d.Links = append(d.Links, string(b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(d.Entities, func(a, b graph.Entity) int { return cmp.Compare(a.ID, b.ID) })
	slices.Sort(d.Links)
	return d
}

func js(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// stepsDump is a step set in a canonical order, with the fields JSON
// leaves out.
func stepsDump(set *graph.StepSet) string {
	steps := slices.Clone(set.Steps)
	slices.SortFunc(steps, func(a, b graph.Step) int {
		return cmp.Compare(fmt.Sprintf("%+v", a), fmt.Sprintf("%+v", b))
	})
	hubs := slices.Clone(set.Hubs)
	slices.SortFunc(hubs, func(a, b graph.Hub) int { return cmp.Compare(a.ID, b.ID) })
	var sb strings.Builder
	for _, s := range steps {
		fmt.Fprintf(&sb, "%+v\n", s)
	}
	fmt.Fprintf(&sb, "hubs %+v\nunknown %v\n", hubs, set.Unknown)
	return sb.String()
}

// TestParityWithEmbedded ingests the same generated scenario, with the
// edge cases, into Neo4j (in batches) and into the embedded store (one
// record per transaction, the reference), and checks that both hold the
// same graph and answer alike: export, stats, steps for every account,
// linked accounts, entity and identifier views, search. PARITY_ACCOUNTS
// sets the scenario's size (default 1200).
func TestParityWithEmbedded(t *testing.T) {
	cfg := serverConfig(t)
	n := openEmpty(t, cfg)
	e, err := bolt.Open(t.TempDir(), bolt.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	size := 1200
	if n, err := strconv.Atoi(os.Getenv("PARITY_ACCOUNTS")); err == nil && n > 0 {
		size = n
	}
	var buf bytes.Buffer
	if _, err := generate.Generate(&buf, nil, generate.Options{Accounts: size, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	t0 := time.Now()
	phase := func(name string) { t.Logf("%s: %s", name, time.Since(t0).Round(time.Millisecond)); t0 = time.Now() }
	stores := map[string]graph.Store{"neo4j": n, "bolt": e}
	// The embedded store, one record per transaction, is the reference;
	// Neo4j gets the batches under test.
	batches := map[string][]int{"neo4j": {997, 5000}, "bolt": {1, 1}}
	edges := []byte(strings.Join(edgeCases, "\n"))
	later := []byte(strings.Join(edgeCasesLater, "\n"))
	for name, s := range stores {
		ingestAll(t, s, buf.Bytes(), batches[name][0])
		ingestAll(t, s, edges, batches[name][1])
		ingestAll(t, s, later, batches[name][1])
		ingestAll(t, s, buf.Bytes(), batches[name][1]) // a replay changes nothing
	}
	for name, s := range stores {
		_, err := ingest.Reader(ctx, s, strings.NewReader(strings.Join(conflicting, "\n")), ingest.Options{})
		if graph.ErrorCode(err) != graph.ECONFLICT {
			t.Errorf("%s: conflicting batch: %v, want conflict", name, err)
		}
	}

	phase("ingest")
	dn, de := exportDump(t, n), exportDump(t, e)
	if len(dn.Entities) < size || len(dn.Links) < 1000 {
		t.Fatalf("export: %d entities, %d links: the scenario was not ingested", len(dn.Entities), len(dn.Links))
	}
	if a, b := js(dn.Entities), js(de.Entities); a != b {
		for i := range min(len(dn.Entities), len(de.Entities)) {
			if x, y := js(dn.Entities[i]), js(de.Entities[i]); x != y {
				t.Errorf("first entity that differs:\n neo4j %s\n bolt  %s", x, y)
				break
			}
		}
		t.Errorf("entities differ: %d in neo4j, %d in bolt", len(dn.Entities), len(de.Entities))
	}
	if a, b := strings.Join(dn.Links, "\n"), strings.Join(de.Links, "\n"); a != b {
		for i := range min(len(dn.Links), len(de.Links)) {
			if dn.Links[i] != de.Links[i] {
				t.Errorf("first link that differs:\n neo4j %s\n bolt  %s", dn.Links[i], de.Links[i])
				break
			}
		}
		t.Errorf("links differ: %d in neo4j, %d in bolt", len(dn.Links), len(de.Links))
	}
	sn, _ := n.Stats(ctx)
	se, _ := e.Stats(ctx)
	sn.Version, se.Version = 0, 0
	if js(sn) != js(se) {
		t.Errorf("stats differ:\n neo4j %s\n bolt  %s", js(sn), js(se))
	}

	var accounts []string
	for _, ent := range de.Entities {
		if ent.Kind == graph.KindAccount {
			accounts = append(accounts, ent.ID)
		}
	}
	for _, opt := range []graph.StepOptions{{HubLimit: 3}, {}, {HubLimit: 1000, MemberLimit: 2}} {
		for i := 0; i < len(accounts); i += 100 {
			ids := accounts[i:min(i+100, len(accounts))]
			if i == 0 {
				ids = append(slices.Clone(ids), "nobody", "edge:page", "edge:m1")
			}
			a, err1 := n.Steps(ctx, ids, opt)
			b, err2 := e.Steps(ctx, ids, opt)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			if x, y := stepsDump(a), stepsDump(b); x != y {
				t.Errorf("%+v, steps of %v differ:\nneo4j\n%s\nbolt\n%s", opt, ids[:3], x, y)
			}
		}
	}
	if a, _ := n.Steps(ctx, []string{"edge:a2"}, graph.StepOptions{}); len(a.Steps) < 3 {
		t.Errorf("edge:a2 has %d steps: the edge cases were not linked", len(a.Steps))
	}

	phase("export and steps")
	r := rand.New(rand.NewPCG(1, 2))
	sample := []string{"edge:a1", "edge:a2", "edge:a3", "edge:q1"}
	for range 40 {
		sample = append(sample, accounts[r.IntN(len(accounts))])
	}
	for _, id := range sample {
		for _, depth := range []int{1, 2} {
			a, err1 := graph.Linked(ctx, n, id, graph.LinkedOptions{Depth: depth})
			b, err2 := graph.Linked(ctx, e, id, graph.LinkedOptions{Depth: depth})
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			if js(a) != js(b) {
				t.Errorf("linked from %s depth %d differ:\n neo4j %s\n bolt  %s", id, depth, js(a), js(b))
			}
		}
	}
	phase("linked")
	for _, ent := range de.Entities {
		if !strings.HasPrefix(ent.ID, "edge:") && r.IntN(20) != 0 {
			continue
		}
		a, err1 := n.Entity(ctx, ent.ID)
		b, err2 := e.Entity(ctx, ent.ID)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		for _, v := range []*graph.EntityView{a, b} {
			slices.SortFunc(v.Identifiers, func(x, y graph.IdentifierUse) int {
				return cmp.Or(cmp.Compare(x.Key(), y.Key()), cmp.Compare(x.Via, y.Via))
			})
		}
		if js(a) != js(b) {
			t.Errorf("view of %s differs:\n neo4j %s\n bolt  %s", ent.ID, js(a), js(b))
		}
	}
	idents := map[string]graph.Identifier{}
	for _, l := range de.Links {
		var x struct{ ID *graph.Identifier }
		json.Unmarshal([]byte(l), &x)
		if x.ID != nil {
			idents[x.ID.Key()] = *x.ID
		}
	}
	for _, id := range idents {
		a, err1 := n.Identifier(ctx, id.Kind, id.Value)
		b, err2 := e.Identifier(ctx, id.Kind, id.Value)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if js(a) != js(b) {
			t.Errorf("identifier %s differs:\n neo4j %s\n bolt  %s", id.Key(), js(a), js(b))
		}
	}
	phase("views")
	var qs []graph.AccountQuery
	for i, ent := range de.Entities {
		if ent.Kind == graph.KindAccount && ent.Handle != "" && i%97 == 0 {
			h := strings.TrimPrefix(ent.Handle, "@")
			qs = append(qs, graph.AccountQuery{Q: h[:min(3, len(h))], Limit: 7}, graph.AccountQuery{Q: ent.Name, Platform: ent.Platform})
		}
	}
	qs = append(qs, graph.AccountQuery{Platform: "x", Limit: 25}, graph.AccountQuery{Status: graph.StatusRemoved, Limit: 10},
		graph.AccountQuery{Q: "edge", Limit: 2}, graph.AccountQuery{Identifier: "07700 900999", Region: "GB"},
		graph.AccountQuery{Identifier: "edge@example.org", Q: "edge"})
	for id := range idents {
		if strings.HasPrefix(id, "phone:") {
			qs = append(qs, graph.AccountQuery{Identifier: strings.TrimPrefix(id, "phone:")})
		}
	}
	for _, q := range qs {
		for page := 0; page < 4; page++ {
			a, err1 := n.SearchAccounts(ctx, q)
			b, err2 := e.SearchAccounts(ctx, q)
			if err1 != nil || err2 != nil {
				t.Fatal(q, err1, err2)
			}
			if x, y := js(ids(a)), js(ids(b)); x != y || (a.Next == "") != (b.Next == "") {
				t.Errorf("search %+v page %d:\n neo4j %s next %q\n bolt  %s next %q", q, page, x, a.Next, y, b.Next)
				break
			}
			if a.Next == "" {
				break
			}
			q.Cursor = a.Next
		}
	}
	phase("search")
}

func ids(p *graph.AccountPage) []string {
	out := []string{}
	for _, e := range p.Items {
		out = append(out, e.ID)
	}
	return out
}
