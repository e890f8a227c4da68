package referral

import (
	"bytes"
	"cmp"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/takedown/takedown/api"
	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/networks"
	"github.com/takedown/takedown/rank"
)

// Tokens of the test keys.
var (
	adminToken   = strings.Repeat("a", 20)
	analystToken = strings.Repeat("b", 20)
	viewerToken  = strings.Repeat("c", 20)
)

// testClock is a clock the test moves by hand.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// client calls the test server with one key.
type client struct {
	t     *testing.T
	base  string
	token string
}

// do sends a request and returns the status and body.
func (cl client) do(method, path, contentType string, body []byte) (int, http.Header, []byte) {
	cl.t.Helper()
	req, err := http.NewRequest(method, cl.base+path, bytes.NewReader(body))
	if err != nil {
		cl.t.Fatal(err)
	}
	if body == nil {
		req.Body = http.NoBody
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Authorization", "Bearer "+cl.token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		cl.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		cl.t.Fatal(err)
	}
	return res.StatusCode, res.Header, b
}

// json sends a JSON request (v nil for none) and decodes a JSON answer
// into out, failing unless the status is want.
func (cl client) json(method, path string, v any, want int, out any) []byte {
	cl.t.Helper()
	var body []byte
	ct := ""
	if v != nil {
		var err error
		if body, err = json.Marshal(v); err != nil {
			cl.t.Fatal(err)
		}
		ct = "application/json"
	}
	status, _, b := cl.do(method, path, ct, body)
	if status != want {
		cl.t.Fatalf("%s %s: status %d, want %d: %s", method, path, status, want, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			cl.t.Fatalf("%s %s: %v: %s", method, path, err, b)
		}
	}
	return b
}

// problemCode is the code of a problem document.
func problemCode(t *testing.T, b []byte) string {
	t.Helper()
	var p api.Problem
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatalf("not a problem document: %s", b)
	}
	return p.Code
}

// putClusters writes a cluster document for each truth group of the hard
// scenario, from the store's records: members with their status and
// role, the identifiers two or more of them share, and a graph whose
// edges join members sharing an identifier.
func putClusters(t *testing.T, st Store, nets []truthNet) map[string]*networks.Cluster {
	t.Helper()
	ctx := context.Background()
	out := map[string]*networks.Cluster{}
	var docs []graph.Doc
	for _, n := range nets {
		views, err := readEntities(ctx, st, n.Members)
		if err != nil {
			t.Fatal(err)
		}
		c := &networks.Cluster{ID: n.ID, Run: "run-test", Tier: "unscored", Size: len(n.Members),
			LastActivity: time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC)}
		users := map[string][]string{}
		idents := map[string]graph.Identifier{}
		plats := map[string]bool{}
		for _, id := range n.Members {
			v := views[id]
			if v == nil {
				t.Fatalf("%s: member %s not in the store", n.ID, id)
			}
			for _, u := range v.Identifiers {
				if !slices.Contains(users[u.Key()], id) {
					users[u.Key()] = append(users[u.Key()], id)
					idents[u.Key()] = u.Identifier
				}
			}
			plats[v.Platform] = true
		}
		degree := map[[2]string]bool{}
		deg := map[string]int{}
		for k, us := range users {
			if len(us) < 2 {
				continue
			}
			id := idents[k]
			c.Identifiers = append(c.Identifiers, networks.SharedIdentifier{Key: k, Kind: id.Kind, Value: id.Value, Count: len(us)})
			for i := range us {
				for j := i + 1; j < len(us); j++ {
					a, b := min(us[i], us[j]), max(us[i], us[j])
					if !degree[[2]string{a, b}] {
						degree[[2]string{a, b}] = true
						deg[a]++
						deg[b]++
						c.Graph.Edges = append(c.Graph.Edges, networks.GraphEdge{Source: a, Target: b, Weight: 1, Evidence: []graph.Evidence{graph.SharedEvidence(id.Kind)}})
					}
				}
			}
		}
		slices.SortFunc(c.Graph.Edges, func(a, b networks.GraphEdge) int {
			return cmp.Or(cmp.Compare(a.Source, b.Source), cmp.Compare(a.Target, b.Target))
		})
		slices.SortFunc(c.Identifiers, func(a, b networks.SharedIdentifier) int { return cmp.Compare(a.Key, b.Key) })
		byDeg := slices.Clone(n.Members)
		slices.SortStableFunc(byDeg, func(a, b string) int { return cmp.Or(cmp.Compare(deg[b], deg[a]), cmp.Compare(a, b)) })
		key := map[string]bool{}
		for _, id := range byDeg[:min(2, len(byDeg))] {
			key[id] = true
		}
		for _, id := range n.Members {
			v := views[id]
			role := networks.RoleMember
			if key[id] {
				role = networks.RoleKeyPlayer
			}
			c.Members = append(c.Members, networks.Member{ID: id, Kind: v.Kind, Platform: v.Platform, Handle: v.Handle, Name: v.Name, Status: v.Status, Role: role})
			c.Graph.Nodes = append(c.Graph.Nodes, networks.GraphNode{ID: id, Kind: v.Kind, Platform: v.Platform, Label: v.Handle, Status: v.Status, Role: role})
			if v.Kind == graph.KindPage {
				c.Pages++
			} else {
				c.Accounts++
			}
		}
		for p := range plats {
			c.Platforms = append(c.Platforms, p)
		}
		slices.Sort(c.Platforms)
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, graph.Doc{ID: c.ID, Body: b})
		out[c.ID] = c
	}
	if err := st.PutDocs(ctx, graph.CollClusters, docs); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestHTTPEndToEnd drives the whole workflow over HTTP: ingest, a
// takedown plan, a referral from draft to actioned with its outcomes
// written to the graph, CSV and JSON exports, outcome statistics, and
// re-emergence alerts after a removed account comes back with its phone.
func TestHTTPEndToEnd(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	keys, err := api.ParseKeys("admin:" + adminToken + ",analyst:" + analystToken + ",viewer:" + viewerToken)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := api.New(api.Config{Store: st, Keys: keys, RateLimit: -1, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	clock := &testClock{t: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}
	if err := Mount(srv, st, WithClock(clock.Now)); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	analyst := client{t, ts.URL, analystToken}
	viewer := client{t, ts.URL, viewerToken}
	admin := client{t, ts.URL, adminToken}

	// Ingest the hard scenario over HTTP and describe its networks.
	ndjson, err := os.ReadFile("testdata/hard.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	if status, _, b := viewer.do("POST", "/v1/ingest?region=GB", api.NDJSON, ndjson); status != http.StatusForbidden {
		t.Fatalf("viewer ingest: %d %s", status, b)
	}
	if status, _, b := analyst.do("POST", "/v1/ingest?region=GB", api.NDJSON, ndjson); status != http.StatusOK {
		t.Fatalf("ingest: %d %s", status, b)
	}
	nets := hardTruth(t, ndjson)
	clusters := putClusters(t, st, nets)

	// The takedown plan.
	var plan TakedownPlan
	viewer.json("GET", "/v1/clusters/hard-s1/plan?k=3", nil, http.StatusOK, &plan)
	if plan.Cluster != "hard-s1" || len(plan.Recommended) == 0 || len(plan.Recommended) > 3 || len(plan.Steps) != len(plan.Recommended) {
		t.Fatalf("plan: %+v", plan)
	}
	if plan.Nodes != len(clusters["hard-s1"].Members) || plan.LargestAfter >= plan.LargestBefore || plan.ReachAfter >= plan.ReachBefore {
		t.Errorf("plan does not fragment the network: %d nodes, largest %d → %d, reach %.0f → %.0f",
			plan.Nodes, plan.LargestBefore, plan.LargestAfter, plan.ReachBefore, plan.ReachAfter)
	}
	for i, s := range plan.Steps {
		if s.LargestAfter > s.LargestBefore || s.Node != plan.Recommended[i].ID || plan.Recommended[i].ReachFrom != ReachFollowers {
			t.Errorf("step %d: %+v, node %+v", i+1, s, plan.Recommended[i])
		}
	}
	if !slices.ContainsFunc(plan.Flag, func(f rank.IdentifierFlag) bool { return f.Strong && len(f.RemovedUsers) > 0 }) {
		t.Errorf("plan flags no strong identifier of the recommended accounts: %+v", plan.Flag)
	}
	if status, _, b := viewer.do("GET", "/v1/clusters/nope/plan", "", nil); status != http.StatusNotFound {
		t.Errorf("plan of an unknown network: %d %s", status, b)
	}
	if status, _, b := viewer.do("GET", "/v1/clusters/hard-s1/plan?k=0", "", nil); status != http.StatusBadRequest {
		t.Errorf("plan with k=0: %d %s", status, b)
	}
	// S2 has members already down: they are left out.
	var plan2 TakedownPlan
	viewer.json("GET", "/v1/clusters/hard-s2/plan", nil, http.StatusOK, &plan2)
	if len(plan2.AlreadyDown) != 3 || plan2.Nodes != len(clusters["hard-s2"].Members)-3 {
		t.Errorf("plan of hard-s2: already down %v, %d nodes", plan2.AlreadyDown, plan2.Nodes)
	}

	// A referral of S1 to TikTok: viewers may not make one.
	req := CreateRequest{Cluster: "hard-s1", Platform: "TikTok"}
	if status, _, b := viewer.do("POST", "/v1/referrals", "application/json", mustJSON(t, req)); status != http.StatusForbidden {
		t.Fatalf("viewer creates a referral: %d %s", status, b)
	}
	var ref Referral
	analyst.json("POST", "/v1/referrals", req, http.StatusCreated, &ref)
	if ref.Status != StatusDraft || ref.Platform != "tiktok" || ref.CreatedBy != "env-analyst" || !ref.Network.Assessment.Referable {
		t.Fatalf("referral: %+v", ref.Summary())
	}
	var accounts, posts int
	for _, it := range ref.Items {
		if it.Platform != "tiktok" || it.URL == "" || it.Evidence.Summary == "" || down(it.Status) {
			t.Errorf("item %+v", it)
		}
		switch it.Kind {
		case graph.KindAccount:
			accounts++
			if len(it.Evidence.Identifiers) == 0 || it.Evidence.Role == "" {
				t.Errorf("account %s has no shared identifier or role: %+v", it.ID, it.Evidence)
			}
		case graph.KindPost:
			posts++
			if it.Author == "" || !it.Evidence.Advert || len(it.Evidence.Indicators) == 0 {
				t.Errorf("post %s: author %q, evidence %+v", it.ID, it.Author, it.Evidence)
			}
		}
	}
	if accounts != 2 || posts == 0 || ref.Counts.Items != len(ref.Items) || ref.Counts.Pending != len(ref.Items) {
		t.Errorf("referral has %d accounts and %d posts, counts %+v", accounts, posts, ref.Counts)
	}
	analyst.json("POST", "/v1/referrals", req, http.StatusConflict, nil)
	if b := analyst.json("POST", "/v1/referrals", CreateRequest{Cluster: "hard-s1", Platform: "youtube"}, http.StatusBadRequest, nil); problemCode(t, b) != graph.EINVALID {
		t.Errorf("referral to a platform without members: %s", b)
	}
	analyst.json("POST", "/v1/referrals", CreateRequest{Cluster: "nope", Platform: "x"}, http.StatusNotFound, nil)
	analyst.json("POST", "/v1/referrals", map[string]any{"cluster": "hard-s1", "platform": "x", "colour": "red"}, http.StatusBadRequest, nil)

	path := "/v1/referrals/" + ref.ID
	acct1, acct2 := "tt:uk.trips.fast", "tt:england.dream.24"
	var postIDs []string
	for _, it := range ref.Items {
		if it.Kind == graph.KindPost {
			postIDs = append(postIDs, it.ID)
		}
	}
	if len(postIDs) < 2 {
		t.Fatalf("%d posts in the referral", len(postIDs))
	}
	post1, post2 := postIDs[0], postIDs[1]
	// Invalid transitions.
	analyst.json("PATCH", path, UpdateRequest{Items: []ItemUpdate{{ID: acct1, Outcome: OutcomeRemoved}}}, http.StatusConflict, nil)
	analyst.json("PATCH", path, UpdateRequest{Status: StatusActioned}, http.StatusConflict, nil)
	analyst.json("PATCH", path, UpdateRequest{Status: "sent"}, http.StatusBadRequest, nil)
	if status, _, b := viewer.do("PATCH", path, "application/json", mustJSON(t, UpdateRequest{Status: StatusSubmitted})); status != http.StatusForbidden {
		t.Fatalf("viewer submits: %d %s", status, b)
	}
	// Submit.
	submitted := clock.Now()
	analyst.json("PATCH", path, UpdateRequest{Status: StatusSubmitted}, http.StatusOK, &ref)
	if ref.Status != StatusSubmitted || !ref.SubmittedAt.Equal(submitted) || ref.SubmittedBy != "env-analyst" {
		t.Fatalf("submitted: %+v", ref.Summary())
	}
	analyst.json("PATCH", path, UpdateRequest{Status: StatusSubmitted}, http.StatusConflict, nil)
	analyst.json("PATCH", path, UpdateRequest{Status: StatusDraft}, http.StatusConflict, nil)

	// Outcomes, a day and two days after submission.
	clock.Set(submitted.Add(96 * time.Hour))
	day1, day2 := submitted.Add(24*time.Hour), submitted.Add(48*time.Hour)
	analyst.json("PATCH", path, UpdateRequest{Items: []ItemUpdate{
		{ID: acct1, Outcome: OutcomeRemoved, At: &day1},
		{ID: acct2, Outcome: OutcomeSuspended, At: &day2, Note: "suspended pending review"},
		{ID: post1, Outcome: OutcomeNoAction, At: &day2},
	}}, http.StatusOK, &ref)
	if ref.Status != StatusSubmitted || ref.Counts.Removed != 1 || ref.Counts.Suspended != 1 || ref.Counts.NoAction != 1 {
		t.Fatalf("after outcomes: %+v", ref.Summary())
	}
	for _, it := range ref.Items {
		if it.ID == acct1 && (!it.OutcomeAt.Equal(day1) || it.RecordedBy != "env-analyst" || !it.RecordedAt.Equal(clock.Now())) {
			t.Errorf("outcome of %s: %+v", acct1, it)
		}
	}
	analyst.json("PATCH", path, UpdateRequest{Items: []ItemUpdate{{ID: acct1, Outcome: OutcomeNoAction}}}, http.StatusConflict, nil)
	analyst.json("PATCH", path, UpdateRequest{Items: []ItemUpdate{{ID: "tt:nobody", Outcome: OutcomeRemoved}}}, http.StatusBadRequest, nil)
	analyst.json("PATCH", path, UpdateRequest{Items: []ItemUpdate{{ID: acct1, Outcome: "deleted"}}}, http.StatusBadRequest, nil)
	early := submitted.Add(-time.Hour)
	analyst.json("PATCH", path, UpdateRequest{Items: []ItemUpdate{{ID: post2, Outcome: OutcomeRemoved, At: &early}}}, http.StatusBadRequest, nil)
	analyst.json("PATCH", path, UpdateRequest{Items: []ItemUpdate{{ID: post2, Outcome: OutcomeRemoved}, {ID: post2, Outcome: OutcomeRemoved}}}, http.StatusBadRequest, nil)

	// The takedowns are in the graph.
	for id, want := range map[string]graph.Status{acct1: graph.StatusRemoved, acct2: graph.StatusSuspended} {
		var v graph.EntityView
		viewer.json("GET", "/v1/accounts/"+url.PathEscape(id), nil, http.StatusOK, &v)
		if v.Status != want || v.Props["removed_at"] == nil || !slices.Contains(v.Sources, "referral:"+ref.ID) {
			t.Errorf("%s in the graph: status %s, props %v, sources %v", id, v.Status, v.Props, v.Sources)
		}
	}

	// The last outcomes close the referral.
	var rest []ItemUpdate
	for _, it := range ref.Items {
		if it.Outcome == "" {
			rest = append(rest, ItemUpdate{ID: it.ID, Outcome: OutcomeRejected, At: &day2})
		}
	}
	analyst.json("PATCH", path, UpdateRequest{Items: rest}, http.StatusOK, &ref)
	if ref.Status != StatusActioned || ref.Counts.Pending != 0 || ref.ActionedBy != "env-analyst" {
		t.Fatalf("after all outcomes: %+v", ref.Summary())
	}
	analyst.json("PATCH", path, UpdateRequest{Status: StatusSubmitted}, http.StatusConflict, nil)
	analyst.json("PATCH", path, UpdateRequest{Status: StatusActioned}, http.StatusConflict, nil)
	var acts []string
	for _, e := range ref.History {
		acts = append(acts, e.Action+":"+string(e.Outcome)+":"+e.Actor)
	}
	if !slices.Equal(acts, []string{"created::env-analyst", "submitted::env-analyst", "outcome:removed:env-analyst", "outcome:suspended:env-analyst",
		"outcome:no_action:env-analyst", "outcome:rejected:env-analyst", "actioned::env-analyst"}) {
		t.Errorf("history %v", acts)
	}

	// A charity is not referable: its draft cannot be submitted.
	var chref Referral
	analyst.json("POST", "/v1/referrals", CreateRequest{Cluster: "hard-charity", Platform: "x"}, http.StatusCreated, &chref)
	if chref.Network.Assessment.Referable || chref.Network.Assessment.Reason == "" {
		t.Errorf("charity assessment: %+v", chref.Network.Assessment)
	}
	if b := analyst.json("PATCH", "/v1/referrals/"+chref.ID, UpdateRequest{Status: StatusSubmitted}, http.StatusConflict, nil); !strings.Contains(string(b), "override_reason") {
		t.Errorf("charity submission refused without naming the override: %s", b)
	}

	// Exports.
	status, h, body := viewer.do("GET", path+"/export?format=csv", "", nil)
	if status != http.StatusOK || !strings.HasPrefix(h.Get("Content-Type"), "text/csv") ||
		!strings.HasPrefix(h.Get("Content-Disposition"), "attachment;") || !strings.Contains(h.Get("Content-Disposition"), ref.ID) {
		t.Fatalf("csv export: %d %v %s", status, h, body)
	}
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("csv export does not parse: %v", err)
	}
	if !slices.Equal(rows[0], CSVHeader) || len(rows) != len(ref.Items)+1 {
		t.Fatalf("csv: header %v, %d rows for %d items", rows[0], len(rows), len(ref.Items))
	}
	col := func(name string) int { return slices.Index(CSVHeader, name) }
	for i, row := range rows[1:] {
		it := ref.Items[i]
		if row[col("item_id")] != it.ID || row[col("url")] != it.URL || row[col("outcome")] != string(it.Outcome) ||
			row[col("evidence")] != CSVCell(it.Evidence.Summary) || row[col("referral")] != ref.ID {
			t.Errorf("csv row %d: %v, item %+v", i+1, row, it)
		}
	}
	if !bytes.Contains(body, []byte(`"`)) {
		t.Error("no cell of the CSV needed quoting")
	}
	status, h, body = viewer.do("GET", path+"/export?format=json", "", nil)
	var exp Export
	if status != http.StatusOK || !strings.HasPrefix(h.Get("Content-Disposition"), "attachment;") || json.Unmarshal(body, &exp) != nil {
		t.Fatalf("json export: %d %v %s", status, h, body)
	}
	if exp.Referral != ref.ID || len(exp.Items) != len(ref.Items) || exp.Counts != ref.Counts || exp.Items[0].Evidence.Summary == "" {
		t.Errorf("json export: %+v", exp.Counts)
	}
	viewer.json("GET", path+"/export?format=xml", nil, http.StatusBadRequest, nil)
	viewer.json("GET", "/v1/referrals/ref-999999/export", nil, http.StatusNotFound, nil)

	// Listing, by pages.
	var page1, page2 ReferralList
	viewer.json("GET", "/v1/referrals?limit=1", nil, http.StatusOK, &page1)
	if len(page1.Items) != 1 || page1.Next == "" || page1.Items[0].ID != ref.ID {
		t.Fatalf("page 1: %+v", page1)
	}
	viewer.json("GET", "/v1/referrals?limit=1&cursor="+page1.Next, nil, http.StatusOK, &page2)
	if len(page2.Items) != 1 || page2.Next != "" || page2.Items[0].ID != chref.ID {
		t.Fatalf("page 2: %+v", page2)
	}
	var drafts ReferralList
	viewer.json("GET", "/v1/referrals?status=draft", nil, http.StatusOK, &drafts)
	if len(drafts.Items) != 1 || drafts.Items[0].ID != chref.ID {
		t.Errorf("drafts: %+v", drafts)
	}
	viewer.json("GET", "/v1/referrals?status=gone", nil, http.StatusBadRequest, nil)
	var got Referral
	viewer.json("GET", path, nil, http.StatusOK, &got)
	if got.ID != ref.ID || got.Counts != ref.Counts {
		t.Errorf("get: %+v", got.Summary())
	}

	// Outcome statistics.
	var stats OutcomeStats
	viewer.json("GET", "/v1/stats/outcomes", nil, http.StatusOK, &stats)
	n := len(ref.Items)
	if stats.Referrals != 2 || stats.ByStatus[StatusActioned] != 1 || stats.ByStatus[StatusDraft] != 1 ||
		stats.Totals.Referred != n || stats.Totals.Removed != 1 || stats.Totals.Suspended != 1 || stats.Totals.NoAction != 1 ||
		stats.Totals.Rejected != n-3 || stats.Totals.TakenDown != 2 {
		t.Errorf("totals: %+v by status %v", stats.Totals, stats.ByStatus)
	}
	if len(stats.Platforms) != 1 || stats.Platforms[0].Platform != "tiktok" || stats.Platforms[0].Referred != n {
		t.Errorf("platforms: %+v", stats.Platforms)
	}
	// One outcome after 24 hours, the others after 48: the median is 48.
	if ta := stats.TimeToAction; ta.Count != n || ta.MedianHours != 48 || ta.MeanHours != round4((24+48*float64(n-1))/float64(n)) {
		t.Errorf("time to action: %+v", ta)
	}
	if len(stats.Months) != 1 || stats.Months[0].Month != "2026-11" || stats.Months[0].Referred != n || stats.Months[0].TakenDown != 2 {
		t.Errorf("months: %+v", stats.Months)
	}
	var s1 *NetworkOutcome
	for i := range stats.Networks {
		if stats.Networks[i].Cluster == "hard-s1" {
			s1 = &stats.Networks[i]
		}
	}
	if s1 == nil || s1.Members != 12 || s1.TakenDown != 2 || s1.Share != round4(2.0/12) || !s1.Current {
		t.Errorf("network outcomes: %+v", stats.Networks)
	}
	docsOnly, err := Outcomes(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if docsOnly.Totals != stats.Totals || docsOnly.TimeToAction != stats.TimeToAction {
		t.Errorf("Outcomes from the documents: %+v, over HTTP %+v", docsOnly.Totals, stats.Totals)
	}

	// Re-emergence. The scenario's own successors are found first.
	if status, _, b := viewer.do("POST", "/v1/alerts/detect", "", nil); status != http.StatusForbidden {
		t.Fatalf("viewer detects: %d %s", status, b)
	}
	var det DetectResult
	analyst.json("POST", "/v1/alerts/detect", nil, http.StatusOK, &det)
	alerted := map[string]*Alert{}
	for i := range det.Alerts {
		alerted[det.Alerts[i].Account.ID] = &det.Alerts[i]
	}
	for _, id := range []string{"ig:safar.yunan.2", "tt:safar.yunan.new", "tg:safar_yunan_new", "tt:passage.uk.rapide2"} {
		if alerted[id] == nil {
			t.Errorf("no alert for the successor %s", id)
		}
	}
	if a := alerted["tt:passage.uk.rapide2"]; a != nil && (a.Removed[0].ID != "tt:passage.uk.rapide" || a.Removed[0].RemovedAtFrom != RemovedAtRecorded ||
		!slices.Contains(a.Removed[0].Identifiers, "phone:+33612345678") || a.Removed[0].DaysAfter <= 0 || !slices.Contains(a.Clusters, "hard-s3")) {
		t.Errorf("alert of tt:passage.uk.rapide2: %+v", a)
	}
	for id := range alerted {
		if strings.Contains(id, "safepassage") || strings.Contains(id, "coastnews") || strings.Contains(id, "bosphorus") {
			t.Errorf("alert for decoy account %s", id)
		}
	}
	if det.New != len(det.Alerts) || det.Updated+det.Unchanged != 0 {
		t.Errorf("first detection: %d alerts, %d new, %d updated, %d unchanged", len(det.Alerts), det.New, det.Updated, det.Unchanged)
	}
	first := len(det.Alerts)

	// The account removed through the referral comes back with its phone.
	successor := `{"type":"account","id":"tt:uk.trips.fast.back","platform":"tiktok","handle":"uk.trips.fast.back","name":"UK Trips",` +
		`"followers":310,"created_at":"2026-11-05T12:00:00Z","status":"active","bio":"New account! Calais to UK, WhatsApp +44 7400 123456"}` + "\n"
	if status, _, b := analyst.do("POST", "/v1/ingest?region=GB", api.NDJSON, []byte(successor)); status != http.StatusOK {
		t.Fatalf("ingest successor: %d %s", status, b)
	}
	analyst.json("POST", "/v1/alerts/detect", nil, http.StatusOK, &det)
	if len(det.Alerts) != first+1 || det.New != 1 || det.Unchanged != first {
		t.Fatalf("second detection: %d alerts (%d before), %d new, %d unchanged", len(det.Alerts), first, det.New, det.Unchanged)
	}
	var back *Alert
	for i := range det.Alerts {
		if det.Alerts[i].Account.ID == "tt:uk.trips.fast.back" {
			back = &det.Alerts[i]
		}
	}
	if back == nil {
		t.Fatal("no alert for the successor of the removed account")
	}
	var rm RemovedMatch
	for _, m := range back.Removed {
		if m.ID == acct1 {
			rm = m
		}
	}
	if rm.ID != acct1 || rm.RemovedAtFrom != RemovedAtRecorded || !rm.RemovedAt.Equal(day1) || !slices.Contains(rm.Identifiers, "phone:+447400123456") ||
		back.Status != AlertOpen || back.ID != AlertID("tt:uk.trips.fast.back") || !slices.Contains(back.Clusters, "hard-s1") {
		t.Errorf("alert of the successor: %+v", back)
	}
	for _, m := range back.Removed {
		if !down(m.Status) {
			t.Errorf("alert names %s, which is %s", m.ID, m.Status)
		}
	}

	// Listing and acknowledging.
	var open AlertList
	viewer.json("GET", "/v1/alerts?status=open", nil, http.StatusOK, &open)
	if len(open.Items) != first+1 {
		t.Errorf("%d open alerts, want %d", len(open.Items), first+1)
	}
	var paged AlertList
	viewer.json("GET", "/v1/alerts?limit=2", nil, http.StatusOK, &paged)
	if len(paged.Items) != 2 || paged.Next == "" {
		t.Errorf("alert page: %d items, next %q", len(paged.Items), paged.Next)
	}
	viewer.json("GET", "/v1/alerts?status=closed", nil, http.StatusBadRequest, nil)
	ackPath := "/v1/alerts/" + back.ID + "/ack"
	if status, _, b := viewer.do("POST", ackPath, "", nil); status != http.StatusForbidden {
		t.Fatalf("viewer acknowledges: %d %s", status, b)
	}
	var acked Alert
	analyst.json("POST", ackPath, AckRequest{Note: "referred to TikTok with the referral"}, http.StatusOK, &acked)
	if acked.Status != AlertAcknowledged || acked.AckBy != "env-analyst" || acked.AckAt.IsZero() || acked.AckNote == "" {
		t.Errorf("acknowledged: %+v", acked)
	}
	analyst.json("POST", ackPath, nil, http.StatusConflict, nil)
	analyst.json("POST", "/v1/alerts/alert-nope/ack", nil, http.StatusNotFound, nil)
	var ackd AlertList
	viewer.json("GET", "/v1/alerts?status=acknowledged", nil, http.StatusOK, &ackd)
	if len(ackd.Items) != 1 || ackd.Items[0].ID != back.ID {
		t.Errorf("acknowledged alerts: %+v", ackd.Items)
	}
	// Detecting again keeps the acknowledgement and duplicates nothing.
	analyst.json("POST", "/v1/alerts/detect", nil, http.StatusOK, &det)
	var all AlertList
	viewer.json("GET", "/v1/alerts?limit=1000", nil, http.StatusOK, &all)
	if len(all.Items) != first+1 || det.New != 0 {
		t.Errorf("after detecting again: %d alerts stored, %d new", len(all.Items), det.New)
	}
	var again Alert
	viewer.json("GET", "/v1/alerts/"+back.ID, nil, http.StatusOK, &again)
	if again.Status != AlertAcknowledged || again.AckBy != "env-analyst" {
		t.Errorf("re-detection reopened the alert: %+v", again)
	}

	// Every change is audited with the referral, item and alert ids.
	var audit api.AuditPage
	admin.json("GET", "/v1/audit?limit=1000", nil, http.StatusOK, &audit)
	find := func(action, outcome string, ids ...string) bool {
		return slices.ContainsFunc(audit.Items, func(e graph.AuditEntry) bool {
			if e.Action != action || e.Outcome != outcome {
				return false
			}
			for _, id := range ids {
				if !slices.Contains(e.Entities, id) {
					return false
				}
			}
			return true
		})
	}
	if !find("PATCH /v1/referrals/:id", "200", ref.ID, acct1, acct2, post1) {
		t.Error("no audit entry of the outcomes with the referral and item ids")
	}
	if !find("POST /v1/referrals", "201", ref.ID, "hard-s1", acct1) {
		t.Error("no audit entry of the referral's creation")
	}
	if !find("PATCH /v1/referrals/:id", "409", ref.ID) {
		t.Error("no audit entry of a refused transition")
	}
	if !find("POST /v1/alerts/:id/ack", "200", back.ID, "tt:uk.trips.fast.back") {
		t.Error("no audit entry of the acknowledgement")
	}
	if !find("POST /v1/alerts/:id/ack", "403") {
		t.Error("no audit entry of the viewer's refused acknowledgement")
	}

	// The routes are in the OpenAPI document.
	var doc struct {
		Paths map[string]map[string]any `json:"paths"`
	}
	viewer.json("GET", "/v1/openapi.json", nil, http.StatusOK, &doc)
	for p, m := range map[string]string{"/v1/clusters/{id}/plan": "get", "/v1/referrals": "post", "/v1/referrals/{id}": "patch",
		"/v1/referrals/{id}/export": "get", "/v1/stats/outcomes": "get", "/v1/alerts/detect": "post", "/v1/alerts": "get", "/v1/alerts/{id}/ack": "post"} {
		if doc.Paths[p][m] == nil {
			t.Errorf("OpenAPI has no %s %s", m, p)
		}
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
