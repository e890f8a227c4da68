package networks

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/takedown/takedown/generate"
	"github.com/takedown/takedown/graph"
)

func ids(prefix string, lo, hi int) []string {
	var out []string
	for i := lo; i < hi; i++ {
		out = append(out, fmt.Sprintf("%s%03d", prefix, i))
	}
	slices.Sort(out)
	return out
}

func cat(parts ...[]string) []string {
	var out []string
	for _, p := range parts {
		out = append(out, p...)
	}
	slices.Sort(out)
	return out
}

func TestMatchLineage(t *testing.T) {
	since := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	prev := &lineageState{Run: "run-000001", NextID: 10, Clusters: []prevState{
		{ID: "net-000001", Since: since, Runs: 3, Members: ids("a", 0, 20)}, // continues
		{ID: "net-000002", Since: since, Runs: 1, Members: ids("b", 0, 10)}, // grows
		{ID: "net-000003", Since: since, Runs: 1, Members: ids("c", 0, 20)}, // shrinks
		{ID: "net-000004", Since: since, Runs: 1, Members: ids("d", 0, 20)}, // splits in two
		{ID: "net-000005", Since: since, Runs: 1, Members: ids("e", 0, 10)}, // merges with 6
		{ID: "net-000006", Since: since, Runs: 1, Members: ids("f", 0, 8)},
		{ID: "net-000007", Since: since, Runs: 1, Members: ids("g", 0, 6)}, // dissolves
	}}
	now := since.Add(24 * time.Hour)
	members := [][]string{
		cat(ids("a", 0, 19), ids("z", 0, 1)), // continued: 19 of 20 and one new
		ids("b", 0, 15),                      // grown
		ids("c", 0, 12),                      // shrunk
		ids("d", 0, 11),                      // split, keeps the id
		ids("d", 11, 20),                     // split, new id
		cat(ids("e", 0, 10), ids("f", 0, 8)), // merged
		ids("n", 0, 5),                       // new
		cat(ids("g", 0, 1), ids("m", 0, 6)),  // new: one member of 7 is no part of it
	}
	res := matchLineage(prev, members, LineageConfig{Match: 0.3, Share: 0.2, Change: 0.1}, now)
	want := []struct {
		id, status string
		from       []string
	}{
		{"net-000001", LineageContinued, []string{"net-000001"}},
		{"net-000002", LineageGrown, []string{"net-000002"}},
		{"net-000003", LineageShrunk, []string{"net-000003"}},
		{"net-000004", LineageSplit, []string{"net-000004"}},
		{"net-000010", LineageSplit, []string{"net-000004"}},
		{"net-000005", LineageMerged, []string{"net-000005", "net-000006"}},
		{"net-000011", LineageNew, nil},
		{"net-000012", LineageNew, nil},
	}
	for i, w := range want {
		l := res.lineage[i]
		if res.ids[i] != w.id || l.Status != w.status || !slices.Equal(l.From, w.from) {
			t.Errorf("cluster %d: id %s status %s from %v, want %s %s %v", i, res.ids[i], l.Status, l.From, w.id, w.status, w.from)
		}
	}
	if l := res.lineage[0]; l.Runs != 4 || !l.Since.Equal(since) || l.Added != 1 || l.Removed != 1 {
		t.Errorf("continued lineage %+v, want 4 runs since the first, 1 added, 1 removed", l)
	}
	if l := res.lineage[6]; l.Runs != 1 || !l.Since.Equal(now) {
		t.Errorf("new lineage %+v", l)
	}
	if res.nextID != 13 {
		t.Errorf("next id %d, want 13", res.nextID)
	}
	if len(res.dissolved) != 1 || res.dissolved[0].ID != "net-000007" || res.dissolved[0].Size != 6 {
		t.Errorf("dissolved %+v, want net-000007", res.dissolved)
	}
	if len(res.absorbed) != 1 || res.absorbed[0].ID != "net-000006" || !slices.Equal(res.absorbed[0].Into, []string{"net-000005"}) {
		t.Errorf("absorbed %+v, want net-000006 into net-000005", res.absorbed)
	}
	// Without a previous run, every cluster is new and ids start at 1.
	res = matchLineage(nil, members[:2], LineageConfig{Match: 0.3, Share: 0.2, Change: 0.1}, now)
	if !slices.Equal(res.ids, []string{"net-000001", "net-000002"}) || res.lineage[1].Status != LineageNew {
		t.Errorf("first run ids %v lineage %+v", res.ids, res.lineage)
	}
}

// copyDocs copies every analysis document from one store to another, as
// if the second were the first after its graph changed.
func copyDocs(t *testing.T, from, to graph.DocStore) {
	t.Helper()
	ctx := context.Background()
	for _, coll := range []graph.Collection{graph.CollRuns, graph.CollClusters, graph.CollMeta} {
		after := ""
		for {
			docs, err := from.ListDocs(ctx, coll, after, 500)
			if err != nil {
				t.Fatal(err)
			}
			if len(docs) == 0 {
				break
			}
			if err := to.PutDocs(ctx, coll, docs); err != nil {
				t.Fatal(err)
			}
			after = docs[len(docs)-1].ID
		}
	}
}

// group is a handcrafted group of accounts sharing identifiers.
func group(b *graph.Batch, prefix string, n int, idents ...string) []string {
	var out []string
	for i := range n {
		id := fmt.Sprintf("x:%s%02d", prefix, i)
		out = append(out, id)
		b.Entities = append(b.Entities, account(id))
		for _, s := range idents {
			kind, value, _ := strings.Cut(s, ":")
			b.Links = append(b.Links, uses(id, graph.IdentKind(kind), value, "bio"))
		}
		if i > 0 {
			b.Links = append(b.Links, link(graph.LinkFollows, id, out[0]))
		}
	}
	return out
}

// background adds n accounts that follow each other at random, so that
// the handcrafted groups sit in a graph of some size.
func background(b *graph.Batch, n int) {
	for i := range n {
		b.Entities = append(b.Entities, account(fmt.Sprintf("x:bg%04d", i)))
	}
	for i := range n {
		for _, d := range []int{1, 7, 31} {
			b.Links = append(b.Links, link(graph.LinkFollows, fmt.Sprintf("x:bg%04d", i), fmt.Sprintf("x:bg%04d", (i*13+d)%n)))
		}
	}
}

// clusterOf returns the cluster that holds all of members, or fails.
func clusterWith(t *testing.T, cs []Cluster, members []string) *Cluster {
	t.Helper()
	f, i := bestF1(members, cs)
	if i < 0 || f < 0.99 {
		t.Fatalf("no cluster is %v (best F1 %.2f)", members, f)
	}
	return &cs[i]
}

func TestLineageSplitAndMerge(t *testing.T) {
	ctx := context.Background()
	// Run 1: A and B share three identifiers besides their own phones (one
	// network, AB); C and D are apart.
	v1 := &graph.Batch{}
	background(v1, 300)
	a := group(v1, "a", 6, "phone:+447700900101", "messaging:t.me/ab_one", "payment:paypal.me/abtwo", "crypto:TAB3")
	b := group(v1, "b", 6, "phone:+447700900102", "messaging:t.me/ab_one", "payment:paypal.me/abtwo", "crypto:TAB3")
	c := group(v1, "c", 6, "phone:+447700900103", "email:c@example.org")
	d := group(v1, "d", 6, "phone:+447700900104", "email:d@example.org")
	s1 := openStore(t)
	apply(t, s1, v1)
	if _, err := Analyze(ctx, s1, nil, nil); err != nil {
		t.Fatal(err)
	}
	cs1 := clusters(t, s1)
	ab := clusterWith(t, cs1, cat(a, b))
	c1, d1 := clusterWith(t, cs1, c), clusterWith(t, cs1, d)
	// Run 2, on the graph as it is later: A and B no longer share anything,
	// C and D now share a messaging link, a wallet and a payment handle.
	v2 := &graph.Batch{}
	background(v2, 300)
	group(v2, "a", 6, "phone:+447700900101")
	group(v2, "b", 6, "phone:+447700900102")
	group(v2, "c", 6, "phone:+447700900103", "email:c@example.org", "messaging:t.me/cd_one", "crypto:TCD2", "payment:paypal.me/cdthree")
	group(v2, "d", 6, "phone:+447700900104", "email:d@example.org", "messaging:t.me/cd_one", "crypto:TCD2", "payment:paypal.me/cdthree")
	s2 := openStore(t)
	apply(t, s2, v2)
	copyDocs(t, s1, s2)
	run2, err := Analyze(ctx, s2, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if run2.Summary.PreviousRun == "" {
		t.Fatal("run 2 did not see run 1")
	}
	cs2 := clusters(t, s2)
	a2, b2, cd := clusterWith(t, cs2, a), clusterWith(t, cs2, b), clusterWith(t, cs2, cat(c, d))
	for _, x := range []*Cluster{a2, b2} {
		if x.Lineage.Status != LineageSplit || !slices.Equal(x.Lineage.From, []string{ab.ID}) {
			t.Errorf("%s (%v): lineage %+v, want split from %s", x.ID, memberIDs(x)[:2], x.Lineage, ab.ID)
		}
	}
	if a2.ID != ab.ID && b2.ID != ab.ID {
		t.Errorf("neither half kept the id %s (got %s and %s)", ab.ID, a2.ID, b2.ID)
	}
	if cd.Lineage.Status != LineageMerged || len(cd.Lineage.From) != 2 || !slices.Contains(cd.Lineage.From, c1.ID) || !slices.Contains(cd.Lineage.From, d1.ID) {
		t.Errorf("CD lineage %+v, want merged from %s and %s", cd.Lineage, c1.ID, d1.ID)
	}
	if cd.ID != c1.ID && cd.ID != d1.ID {
		t.Errorf("merged cluster id %s, want %s or %s", cd.ID, c1.ID, d1.ID)
	}
	if run2.Summary.Lineage[LineageSplit] != 2 || run2.Summary.Lineage[LineageMerged] != 1 {
		t.Errorf("run summary lineage %v", run2.Summary.Lineage)
	}
	// The merged-away id is retired, not served.
	var idx clusterIndex
	if err := getJSON(ctx, s2, graph.CollMeta, indexDocID, &idx); err != nil {
		t.Fatal(err)
	}
	gone := c1.ID
	if cd.ID == c1.ID {
		gone = d1.ID
	}
	if r, ok := idx.Retired[gone]; !ok || !slices.Equal(r.Into, []string{cd.ID}) {
		t.Errorf("retired %v, want %s into %s", idx.Retired, gone, cd.ID)
	}
	if _, err := s2.GetDoc(ctx, graph.CollClusters, gone); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Errorf("the retired cluster's document is still stored: %v", err)
	}
}

// TestLineageAcrossScenarioChange runs a generated scenario, then the same
// scenario with a tenth of each network's accounts gone and a new account
// joining each network, and checks that every network keeps its id.
func TestLineageAcrossScenarioChange(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and ingests a 20k-account scenario twice")
	}
	ctx := context.Background()
	sc := scenario(t, 20000, 7)
	s1 := openStore(t)
	ingestBytes(t, s1, sc.ndjson)
	if _, err := Analyze(ctx, s1, nil, nil); err != nil {
		t.Fatal(err)
	}
	cs1 := clusters(t, s1)
	// Drop every tenth member account of each smuggling network (with its
	// posts and links), and add one new account per network that uses one
	// of the network's identifiers and follows a member.
	drop := map[string]bool{}
	var extra bytes.Buffer
	var nets []generate.Network
	for _, n := range sc.truth.Networks {
		if n.Kind != generate.KindSmuggling {
			continue
		}
		nets = append(nets, n)
		for i, m := range n.Members {
			if i%10 == 9 && !strings.Contains(m, "/") {
				drop[m] = true
			}
		}
		kind, value, _ := strings.Cut(n.Identifiers[0], ":")
		id := "x:newcomer_" + strings.ToLower(strings.NewReplacer(":", "_", "/", "_").Replace(n.ID))
		fmt.Fprintf(&extra, `{"type":"account","id":%q,"platform":"x","handle":%q,"status":"active"}`+"\n", id, id[2:])
		fmt.Fprintf(&extra, `{"type":"link","kind":"uses","from":%q,"identifier":{"kind":%q,"value":%q}}`+"\n", id, kind, value)
		fmt.Fprintf(&extra, `{"type":"link","kind":"follows","from":%q,"to":%q}`+"\n", id, n.Members[0])
	}
	var v2 bytes.Buffer
	sc2 := bufio.NewScanner(bytes.NewReader(sc.ndjson))
	sc2.Buffer(make([]byte, 1<<20), 1<<20)
	droppedLines := 0
	for sc2.Scan() {
		line := sc2.Bytes()
		skip := false
		for _, field := range [][]byte{[]byte(`"id":"`), []byte(`"author":"`), []byte(`"from":"`), []byte(`"to":"`)} {
			if i := bytes.Index(line, field); i >= 0 {
				rest := line[i+len(field):]
				if j := bytes.IndexByte(rest, '"'); j >= 0 && drop[string(rest[:j])] {
					skip = true
					break
				}
			}
		}
		if skip {
			// A dropped account's posts go too, and so do links to them.
			if bytes.HasPrefix(line, []byte(`{"type":"post"`)) {
				rest := line[bytes.Index(line, []byte(`"id":"`))+6:]
				drop[string(rest[:bytes.IndexByte(rest, '"')])] = true
			}
			droppedLines++
			continue
		}
		v2.Write(line)
		v2.WriteByte('\n')
	}
	v2.Write(extra.Bytes())
	s2 := openStore(t)
	ingestBytes(t, s2, v2.Bytes())
	copyDocs(t, s1, s2)
	run2, err := Analyze(ctx, s2, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	cs2 := clusters(t, s2)
	t.Logf("dropped %d accounts and posts (%d lines); run 2 lineage %v", len(drop), droppedLines, run2.Summary.Lineage)
	kept := 0
	for _, n := range nets {
		_, i1 := bestF1(n.Members, cs1)
		var members2 []string
		for _, m := range n.Members {
			if !drop[m] {
				members2 = append(members2, m)
			}
		}
		f2, i2 := bestF1(members2, cs2)
		if i1 < 0 || i2 < 0 {
			t.Errorf("%s not found (run 1 %d, run 2 %d)", n.ID, i1, i2)
			continue
		}
		same := cs1[i1].ID == cs2[i2].ID
		if same {
			kept++
		}
		t.Logf("%s size %3d: run 1 %s, run 2 %s (F1 %.2f, %s, +%d −%d)", n.ID, n.Size, cs1[i1].ID, cs2[i2].ID, f2,
			cs2[i2].Lineage.Status, cs2[i2].Lineage.Added, cs2[i2].Lineage.Removed)
		if !same {
			t.Errorf("%s changed id from %s to %s", n.ID, cs1[i1].ID, cs2[i2].ID)
		}
	}
	if kept < len(nets) {
		t.Errorf("%d of %d networks kept their id", kept, len(nets))
	}
}
