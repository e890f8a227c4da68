package referral

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/networks"
)

var day0 = time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC)

func apply(t *testing.T, st graph.Writer, b *graph.Batch) {
	t.Helper()
	if _, err := st.Apply(context.Background(), b); err != nil {
		t.Fatal(err)
	}
}

func account(id, platform string, followers int64, created time.Time, status graph.Status) graph.Entity {
	h := id[strings.IndexByte(id, ':')+1:]
	return graph.Entity{ID: id, Kind: graph.KindAccount, Platform: platform, Handle: h, Followers: followers,
		CreatedAt: created, FirstSeen: created, LastSeen: created, Status: status}
}

func usesPhone(from, phone string) graph.Link {
	id := graph.Identifier{Kind: graph.IdentPhone, Value: phone, Valid: true}
	return graph.Link{Kind: graph.LinkUses, From: from, To: id.Key(), Ident: &id, Seen: "link"}
}

func putCluster(t *testing.T, st graph.DocStore, c *networks.Cluster) {
	t.Helper()
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.PutDocs(context.Background(), graph.CollClusters, []graph.Doc{{ID: c.ID, Body: b}}); err != nil {
		t.Fatal(err)
	}
}

// TestCSVEscaping writes cells with separators, quotes, line breaks,
// right-to-left text and formulas, and reads them back.
func TestCSVEscaping(t *testing.T) {
	nasty := []string{`a,b`, `say "hi"`, "two\nlines", "cr\r\nlf", "بريطانيا ٢٥٠٠ يورو", `=HYPERLINK("http://x")`, "+44 7400 123456", "@handle", "-1", ""}
	r := &Referral{ID: "ref-000001", Cluster: "c,1", Platform: "x"}
	for i, s := range nasty {
		r.Items = append(r.Items, Item{ID: "x:" + string(rune('a'+i)), Kind: graph.KindAccount, Name: s, Handle: "h", Status: graph.StatusActive,
			Evidence: Evidence{Summary: s, Identifiers: []SharedIdentifier{{Key: "phone:+447400123456"}, {Key: "email:a@b.c"}}}})
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, r); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(nasty)+1 || !slices.Equal(rows[0], CSVHeader) {
		t.Fatalf("%d rows, header %v", len(rows), rows[0])
	}
	name, ev, ids := slices.Index(CSVHeader, "name"), slices.Index(CSVHeader, "evidence"), slices.Index(CSVHeader, "identifiers")
	for i, s := range nasty {
		row := rows[i+1]
		want := s
		if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
			want = "'" + s // neutralised for spreadsheets
		}
		// encoding/csv reads \r\n inside a quoted field as \n.
		want = strings.ReplaceAll(want, "\r\n", "\n")
		if row[name] != want || row[ev] != want {
			t.Errorf("cell %q read back as %q / %q", s, row[name], row[ev])
		}
		if row[ids] != "phone:+447400123456; email:a@b.c" || row[1] != "c,1" || len(row) != len(CSVHeader) {
			t.Errorf("row %d: %q", i, row)
		}
	}
}

// twoStars is a cluster of two stars whose centres are joined through a
// bridge, plus one member already removed.
func twoStars(t *testing.T, st Store) *networks.Cluster {
	t.Helper()
	c := &networks.Cluster{ID: "net-stars", Run: "run-x", Size: 10}
	b := &graph.Batch{}
	add := func(id string, followers int64, status graph.Status) {
		b.Entities = append(b.Entities, account(id, "x", followers, day0, status))
		c.Members = append(c.Members, networks.Member{ID: id, Kind: graph.KindAccount, Platform: "x", Handle: id[2:], Status: status, Role: networks.RoleMember})
		c.Graph.Nodes = append(c.Graph.Nodes, networks.GraphNode{ID: id, Kind: graph.KindAccount, Platform: "x", Status: status})
	}
	edge := func(a, b string) {
		c.Graph.Edges = append(c.Graph.Edges, networks.GraphEdge{Source: a, Target: b, Weight: 1, Evidence: []graph.Evidence{graph.EvPhone}})
	}
	add("x:a", 1000, graph.StatusActive)
	add("x:b", 5000, graph.StatusActive)
	add("x:bridge", 0, graph.StatusActive) // no audience known: its degree stands in
	for i, id := range []string{"x:a1", "x:a2", "x:a3", "x:b1", "x:b2", "x:b3"} {
		add(id, int64(10*(i+1)), graph.StatusActive)
		edge(id[:3], id)
	}
	add("x:gone", 900, graph.StatusRemoved)
	edge("x:a", "x:bridge")
	edge("x:bridge", "x:b")
	edge("x:gone", "x:a")
	edge("x:gone", "x:b")
	b.Links = append(b.Links, usesPhone("x:a", "+447400111222"), usesPhone("x:a1", "+447400111222"), usesPhone("x:b", "+447400333444"))
	apply(t, st, b)
	putCluster(t, st, c)
	return c
}

func TestPlan(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	twoStars(t, st)
	svc := New(st)
	p, err := svc.Plan(ctx, "net-stars", 2)
	if err != nil {
		t.Fatal(err)
	}
	// Without x:gone the centres hang on the bridge: removing it first
	// halves the network, then the larger star's centre.
	if !slices.Equal(p.AlreadyDown, []string{"x:gone"}) || p.Nodes != 9 || p.Edges != 8 {
		t.Fatalf("plan graph: %d nodes, %d edges, already down %v", p.Nodes, p.Edges, p.AlreadyDown)
	}
	var got []string
	for _, n := range p.Recommended {
		got = append(got, n.ID)
	}
	if !slices.Equal(got, []string{"x:bridge", "x:b"}) {
		t.Errorf("recommended %v, want [x:bridge x:b]", got)
	}
	if p.LargestBefore != 9 || p.Steps[0].LargestAfter != 4 || p.LargestAfter != 4 {
		t.Errorf("largest component %d → %d → %d", p.LargestBefore, p.Steps[0].LargestAfter, p.LargestAfter)
	}
	if n := p.Recommended[0]; n.ReachFrom != ReachDegree || n.Reach != 2 {
		t.Errorf("bridge reach %v from %s, want its degree 2", n.Reach, n.ReachFrom)
	}
	if n := p.Recommended[1]; n.ReachFrom != ReachFollowers || n.Reach != 5000 {
		t.Errorf("x:b reach %v from %s", n.Reach, n.ReachFrom)
	}
	if p.ReachBefore != 1000+5000+2+10+20+30+40+50+60 || p.ReachAfter >= p.ReachBefore {
		t.Errorf("reach %v → %v", p.ReachBefore, p.ReachAfter)
	}
	// x:b's phone is flagged: nobody else uses it.
	if len(p.Flag) != 1 || p.Flag[0].Key != "phone:+447400333444" || !p.Flag[0].Strong || !slices.Equal(p.Flag[0].RemovedUsers, []string{"x:b"}) {
		t.Errorf("flag %+v", p.Flag)
	}
	if _, err := svc.Plan(ctx, "net-none", 2); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Errorf("unknown network: %v", err)
	}
}

// TestOverride submits a referral of a network without adverts only with
// an override reason, which it records.
func TestOverride(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	c := twoStars(t, st)
	now := day0.Add(48 * time.Hour)
	svc := New(st, WithClock(func() time.Time { return now }))
	r, err := svc.Create(ctx, CreateRequest{Cluster: c.ID, Platform: "x"}, "ana")
	if err != nil {
		t.Fatal(err)
	}
	if r.Network.Assessment.Referable || r.Network.Down != 1 || r.Counts.Items != 9 || slices.ContainsFunc(r.Items, func(it Item) bool { return it.ID == "x:gone" }) {
		t.Fatalf("draft: assessment %+v, down %d, %d items", r.Network.Assessment, r.Network.Down, r.Counts.Items)
	}
	if _, err := svc.Update(ctx, r.ID, UpdateRequest{Status: StatusSubmitted}, "ana"); graph.ErrorCode(err) != graph.ECONFLICT {
		t.Fatalf("submitted without an override: %v", err)
	}
	r, err = svc.Update(ctx, r.ID, UpdateRequest{Status: StatusSubmitted, OverrideReason: "court order 2026/117"}, "ana")
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != StatusSubmitted || r.OverrideReason != "court order 2026/117" {
		t.Errorf("after override: %s, %q", r.Status, r.OverrideReason)
	}
	if _, err := svc.Update(ctx, r.ID, UpdateRequest{OverrideReason: "later"}, "ana"); graph.ErrorCode(err) != graph.ECONFLICT {
		t.Errorf("override after submission: %v", err)
	}
	// A second referral of the same network and platform waits for this one.
	if _, err := svc.Create(ctx, CreateRequest{Cluster: c.ID, Platform: "x"}, "ana"); graph.ErrorCode(err) != graph.ECONFLICT {
		t.Errorf("second open referral: %v", err)
	}
	// Closed by hand, with outcomes still pending.
	r, err = svc.Update(ctx, r.ID, UpdateRequest{Status: StatusActioned}, "bob")
	if err != nil || r.Status != StatusActioned || r.ActionedBy != "bob" || r.Counts.Pending != 9 {
		t.Fatalf("actioned by hand: %v %+v", err, r.Summary())
	}
	// Pending items of an actioned referral may still get their outcome.
	r, err = svc.Update(ctx, r.ID, UpdateRequest{Items: []ItemUpdate{{ID: "x:a", Outcome: OutcomeRemoved}}}, "bob")
	if err != nil || r.Status != StatusActioned || r.Counts.Removed != 1 {
		t.Fatalf("late outcome: %v %+v", err, r.Summary())
	}
	if _, err := svc.Create(ctx, CreateRequest{Cluster: c.ID, Platform: "x"}, "ana"); err != nil {
		t.Errorf("new referral once the first is actioned: %v", err)
	}
}

// TestOutcomesWithoutCluster falls back to the referral's snapshot when a
// later analysis dissolved the network.
func TestOutcomesWithoutCluster(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	c := twoStars(t, st)
	now := day0.Add(48 * time.Hour)
	svc := New(st, WithClock(func() time.Time { return now }))
	r, err := svc.Create(ctx, CreateRequest{Cluster: c.ID, Platform: "x", OverrideReason: "test"}, "ana")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Update(ctx, r.ID, UpdateRequest{Status: StatusSubmitted}, "ana"); err != nil {
		t.Fatal(err)
	}
	now = now.Add(10 * time.Hour)
	if _, err := svc.Update(ctx, r.ID, UpdateRequest{Items: []ItemUpdate{{ID: "x:a", Outcome: OutcomeSuspended}, {ID: "x:b", Outcome: OutcomeRemoved}}}, "ana"); err != nil {
		t.Fatal(err)
	}
	if err := st.DeleteDocs(ctx, graph.CollClusters, []string{c.ID}); err != nil {
		t.Fatal(err)
	}
	o, err := Outcomes(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if len(o.Networks) != 1 {
		t.Fatalf("networks %+v", o.Networks)
	}
	// 1 member removed before the referral, 2 by it, of 10.
	if n := o.Networks[0]; n.Current || n.Members != 10 || n.TakenDown != 3 || n.Share != 0.3 {
		t.Errorf("network outcome %+v", n)
	}
	if o.TimeToAction.Count != 2 || o.TimeToAction.MedianHours != 10 || o.Totals.TakenDown != 2 || o.Totals.TakedownRate != round4(2.0/9) {
		t.Errorf("totals %+v, time %+v", o.Totals, o.TimeToAction)
	}
}

func TestDurations(t *testing.T) {
	for _, c := range []struct {
		in           []float64
		median, mean float64
	}{{nil, 0, 0}, {[]float64{5}, 5, 5}, {[]float64{1, 9, 2}, 2, 4}, {[]float64{4, 1, 3, 2}, 2.5, 2.5}} {
		d := durations(c.in)
		if d.Count != len(c.in) || d.MedianHours != c.median || d.MeanHours != c.mean {
			t.Errorf("durations(%v) = %+v", c.in, d)
		}
	}
}

func TestURLs(t *testing.T) {
	for _, c := range []struct {
		e      graph.Entity
		handle string
		want   string
	}{
		{graph.Entity{ID: "x:status/42", Platform: "x"}, "seller", "https://x.com/seller/status/42"},
		{graph.Entity{ID: "tt:video/42", Platform: "tiktok"}, "seller", "https://www.tiktok.com/@seller/video/42"},
		{graph.Entity{ID: "ig:p/42", Platform: "instagram"}, "", "https://www.instagram.com/p/42"},
		{graph.Entity{ID: "fb:post/42", Platform: "facebook", URL: "https://fb.example/1"}, "s", "https://fb.example/1"},
		{graph.Entity{ID: "post-7", Platform: "x"}, "s", ""},
		{graph.Entity{ID: "x:status/1/2", Platform: "x"}, "s", ""},
	} {
		if got := postURL(&c.e, c.handle); got != c.want {
			t.Errorf("postURL(%s) = %q, want %q", c.e.ID, got, c.want)
		}
	}
	a := account("tg:seller", "telegram", 0, day0, graph.StatusActive)
	if got := entityURL(&a); got != "https://t.me/seller" {
		t.Errorf("entityURL = %q", got)
	}
}

// TestDetect checks what is and is not re-emergence.
func TestDetect(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	removedAt := day0.Add(10 * 24 * time.Hour)
	gone := account("x:gone", "x", 10, day0, graph.StatusRemoved)
	gone.Props = map[string]any{"removed_at": removedAt.Format(time.RFC3339)}
	quiet := account("x:quiet", "x", 10, day0, graph.StatusSuspended) // no removed_at: its last post stands for it
	b := &graph.Batch{Entities: []graph.Entity{
		gone, quiet,
		account("x:new", "x", 10, removedAt.Add(48*time.Hour), graph.StatusActive),        // re-emerged
		account("x:old", "x", 10, day0, graph.StatusActive),                               // existed before: no alert
		account("x:afterquiet", "x", 10, day0.Add(30*24*time.Hour), graph.StatusUnknown),  // after x:quiet's last post
		account("x:beforequiet", "x", 10, day0.Add(15*24*time.Hour), graph.StatusActive),  // before it
		account("x:gonetoo", "x", 10, removedAt.Add(72*time.Hour), graph.StatusSuspended), // down itself
		{ID: "x:status/1", Kind: graph.KindPost, Platform: "x", Author: "x:quiet", Text: "call +447400999888", PostedAt: day0.Add(20 * 24 * time.Hour),
			FirstSeen: day0.Add(20 * 24 * time.Hour), Status: graph.StatusActive},
	}}
	b.Links = append(b.Links, usesPhone("x:gone", "+447400111222"), usesPhone("x:new", "+447400111222"), usesPhone("x:old", "+447400111222"),
		usesPhone("x:gonetoo", "+447400111222"),
		usesPhone("x:status/1", "+447400999888"), usesPhone("x:afterquiet", "+447400999888"), usesPhone("x:beforequiet", "+447400999888"))
	// A hub: the removed account and a new one share a number hundreds use.
	hub := "+448000468520"
	b.Links = append(b.Links, usesPhone("x:gone", hub))
	for i := range DefaultHubLimit + 1 {
		id := fmt.Sprintf("x:user%03d", i)
		b.Entities = append(b.Entities, account(id, "x", 1, removedAt.Add(24*time.Hour), graph.StatusActive))
		b.Links = append(b.Links, usesPhone(id, hub))
	}
	apply(t, st, b)

	alerts, err := Detect(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range alerts {
		got = append(got, a.Account.ID)
	}
	slices.Sort(got)
	if !slices.Equal(got, []string{"x:afterquiet", "x:new"}) {
		t.Fatalf("alerts for %v, want [x:afterquiet x:new]", got)
	}
	for _, a := range alerts {
		if len(a.Removed) != 1 || len(a.Identifiers) != 1 || a.Status != AlertOpen || a.ID != AlertID(a.Account.ID) {
			t.Errorf("alert %+v", a)
		}
		switch a.Account.ID {
		case "x:new":
			if m := a.Removed[0]; m.ID != "x:gone" || m.RemovedAtFrom != RemovedAtRecorded || !m.RemovedAt.Equal(removedAt) || m.DaysAfter != 2 {
				t.Errorf("x:new matched %+v", m)
			}
		case "x:afterquiet":
			if m := a.Removed[0]; m.ID != "x:quiet" || m.RemovedAtFrom != RemovedAtLastActivity || !m.RemovedAt.Equal(day0.Add(20*24*time.Hour)) {
				t.Errorf("x:afterquiet matched %+v", m)
			}
		}
	}
	// Stored once, under the same ids when detected again.
	again, err := Detect(ctx, st)
	if err != nil || len(again) != 2 {
		t.Fatalf("again: %v, %d alerts", err, len(again))
	}
	docs, err := st.ListDocs(ctx, graph.CollAlerts, "", 100)
	if err != nil || len(docs) != 2 {
		t.Fatalf("%v, %d alert documents", err, len(docs))
	}
}
