package networks

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/takedown/takedown/graph"
)

var roleRank = map[string]int{RoleViewer: 1, RoleAnalyst: 2, RoleAdmin: 3}

// testEngine mounts the routes on a bare Gin engine. The caller's role
// comes from the X-Role header, standing in for the API's authentication;
// errors are written as {"code": ...} with the status of their code.
func testEngine(h *Handlers) *gin.Engine {
	gin.SetMode(gin.TestMode)
	e := gin.New()
	e.UseRawPath = true
	e.UnescapePathValues = false // ids reach the handler still encoded
	status := map[string]int{graph.ENOTFOUND: 404, graph.EINVALID: 400, graph.ECONFLICT: 409, graph.ETOOLARGE: 413, graph.EFORBIDDEN: 403}
	for _, rt := range h.Routes() {
		need := roleRank[rt.Role]
		e.Handle(rt.Method, rt.Path, func(c *gin.Context) {
			if roleRank[c.GetHeader("X-Role")] < need {
				c.AbortWithStatusJSON(403, gin.H{"code": graph.EFORBIDDEN})
				return
			}
			c.Next()
			if len(c.Errors) > 0 {
				code := graph.ErrorCode(c.Errors.Last().Err)
				st := status[code]
				if st == 0 {
					st = 500
				}
				c.JSON(st, gin.H{"code": code, "detail": graph.ErrorMessage(c.Errors.Last().Err)})
			}
		}, rt.Handler)
	}
	return e
}

func do(t *testing.T, e *gin.Engine, method, path, role, body string, out any) int {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("X-Role", role)
	w := httptest.NewRecorder()
	e.ServeHTTP(w, req)
	if out != nil && w.Code < 300 {
		if err := json.Unmarshal(w.Body.Bytes(), out); err != nil {
			t.Fatalf("%s %s: %v in %s", method, path, err, w.Body.String())
		}
	}
	return w.Code
}

func TestRunsOverHTTP(t *testing.T) {
	st := openStore(t)
	b := &graph.Batch{}
	background(b, 200)
	net := group(b, "s", 8, "phone:+447700900201", "messaging:wa.me/447700900201", "crypto:TRUN1")
	pair := group(b, "p", 3, "payment:paypal.me/pair")
	apply(t, st, b)
	r := NewRunner(st, nil, nil, nil)
	defer r.Close()
	h := NewHandlers(r)
	e := testEngine(h)

	// Before any run: an empty list.
	var empty ClusterList
	if code := do(t, e, "GET", "/v1/clusters", RoleViewer, "", &empty); code != 200 || len(empty.Items) != 0 {
		t.Fatalf("clusters before a run: %d %+v", code, empty)
	}
	// A viewer may not start a run; an analyst may.
	if code := do(t, e, "POST", "/v1/analysis/runs", RoleViewer, "", nil); code != 403 {
		t.Errorf("viewer POST: %d, want 403", code)
	}
	if code := do(t, e, "POST", "/v1/analysis/runs", RoleAnalyst, `{"weights": {"shared_fax": 1}}`, nil); code != 400 {
		t.Errorf("POST with a bad configuration: %d, want 400", code)
	}
	var acc RunAccepted
	if code := do(t, e, "POST", "/v1/analysis/runs", RoleAnalyst, `{"detection": {"seed": 3}}`, &acc); code != http.StatusAccepted || acc.ID == "" {
		t.Fatalf("POST: %d %+v", code, acc)
	}
	var run RunView
	for i := 0; ; i++ {
		if code := do(t, e, "GET", "/v1/analysis/runs/"+acc.ID, RoleViewer, "", &run); code != 200 {
			t.Fatalf("GET run: %d", code)
		}
		if run.Status == StatusSucceeded || run.Status == StatusFailed {
			break
		}
		if run.Status == StatusRunning && run.Progress == nil {
			t.Error("a running run has no progress")
		}
		if i == 3000 {
			t.Fatalf("run still %s", run.Status)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if run.Status != StatusSucceeded {
		t.Fatalf("run %s: %s", run.Status, run.Error)
	}
	if run.Params == nil || run.Params.Detection.Seed != 3 {
		t.Errorf("run params %+v, want the posted seed 3", run.Params)
	}
	if run.Summary == nil || run.Summary.Clusters != 2 || run.Timings[PhaseProjection] <= 0 && run.Timings["total"] <= 0 {
		t.Errorf("summary %+v timings %v", run.Summary, run.Timings)
	}
	var runs RunList
	if code := do(t, e, "GET", "/v1/analysis/runs", RoleViewer, "", &runs); code != 200 || len(runs.Items) != 1 || runs.Items[0].ID != acc.ID {
		t.Errorf("run list: %d %+v", code, runs)
	}

	var list ClusterList
	if code := do(t, e, "GET", "/v1/clusters", RoleViewer, "", &list); code != 200 {
		t.Fatalf("GET clusters: %d", code)
	}
	if len(list.Items) != 2 || list.Items[0].Rank != 1 || list.Items[1].Rank != 2 || list.Items[0].Score < list.Items[1].Score {
		t.Fatalf("clusters %+v", list.Items)
	}
	top := list.Items[0]
	if top.Size != len(net) || top.Lineage != LineageNew || len(top.Platforms) != 1 || top.Platforms[0] != "x" {
		t.Errorf("top cluster %+v", top)
	}
	// Paging: one at a time.
	var page1, page2, page3 ClusterList
	do(t, e, "GET", "/v1/clusters?limit=1", RoleViewer, "", &page1)
	if len(page1.Items) != 1 || page1.Next == "" {
		t.Fatalf("page 1 %+v", page1)
	}
	do(t, e, "GET", "/v1/clusters?limit=1&cursor="+url.QueryEscape(page1.Next), RoleViewer, "", &page2)
	if len(page2.Items) != 1 || page2.Items[0].ID != list.Items[1].ID {
		t.Fatalf("page 2 %+v", page2)
	}
	do(t, e, "GET", "/v1/clusters?limit=1&cursor="+url.QueryEscape(page2.Next), RoleViewer, "", &page3)
	if page2.Next != "" && len(page3.Items) != 0 {
		t.Errorf("page 3 %+v", page3)
	}
	// Filters.
	var filtered ClusterList
	do(t, e, "GET", fmt.Sprintf("/v1/clusters?min_score=%v", top.Score), RoleViewer, "", &filtered)
	if len(filtered.Items) != 1 || filtered.Items[0].ID != top.ID {
		t.Errorf("min_score filter %+v", filtered.Items)
	}
	do(t, e, "GET", "/v1/clusters?platform=telegram", RoleViewer, "", &filtered)
	if len(filtered.Items) != 0 {
		t.Errorf("platform filter %+v", filtered.Items)
	}
	do(t, e, "GET", "/v1/clusters?tier="+top.Tier, RoleViewer, "", &filtered)
	if len(filtered.Items) == 0 || filtered.Items[0].Tier != top.Tier {
		t.Errorf("tier filter %+v", filtered.Items)
	}
	for _, bad := range []string{"limit=0", "limit=x", "min_score=high", "cursor=@@@"} {
		if code := do(t, e, "GET", "/v1/clusters?"+bad, RoleViewer, "", nil); code != 400 {
			t.Errorf("GET /v1/clusters?%s: %d, want 400", bad, code)
		}
	}

	// One cluster, with its id percent-encoded.
	var cl ClusterView
	enc := strings.ReplaceAll(top.ID, "-", "%2D")
	if code := do(t, e, "GET", "/v1/clusters/"+enc, RoleViewer, "", &cl); code != 200 {
		t.Fatalf("GET cluster %s: %d", enc, code)
	}
	if cl.ID != top.ID || len(cl.Members) != len(net) || len(cl.KeyPlayers) == 0 || cl.Explanation == nil || cl.Evidence == nil {
		t.Errorf("cluster view %+v", cl)
	}
	if len(cl.Identifiers) != 3 || cl.Identifiers[0].Count != len(net) {
		t.Errorf("identifiers %+v, want the 3 shared by all", cl.Identifiers)
	}
	var gv GraphView
	if code := do(t, e, "GET", "/v1/clusters/"+top.ID+"/graph", RoleViewer, "", &gv); code != 200 {
		t.Fatalf("GET graph: %d", code)
	}
	if len(gv.Nodes) != len(net) || len(gv.Edges) == 0 || len(gv.Edges[0].Evidence) == 0 {
		t.Errorf("graph %d nodes %d edges", len(gv.Nodes), len(gv.Edges))
	}
	if code := do(t, e, "GET", "/v1/clusters/net-999999", RoleViewer, "", nil); code != 404 {
		t.Errorf("unknown cluster: %d, want 404", code)
	}
	if code := do(t, e, "GET", "/v1/analysis/runs/run-999999", RoleViewer, "", nil); code != 404 {
		t.Errorf("unknown run: %d, want 404", code)
	}
	_ = pair

	// A second run keeps the ids; a cursor of the first run is refused.
	var acc2 RunAccepted
	do(t, e, "POST", "/v1/analysis/runs", RoleAnalyst, "", &acc2)
	for i := 0; ; i++ {
		do(t, e, "GET", "/v1/analysis/runs/"+acc2.ID, RoleViewer, "", &run)
		if run.Status == StatusSucceeded || run.Status == StatusFailed || i == 3000 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	var list2 ClusterList
	do(t, e, "GET", "/v1/clusters", RoleViewer, "", &list2)
	if list2.Run != acc2.ID || len(list2.Items) != 2 || list2.Items[0].ID != top.ID || list2.Items[0].Lineage != LineageContinued {
		t.Errorf("after the second run: %+v", list2)
	}
	if code := do(t, e, "GET", "/v1/clusters?limit=1&cursor="+url.QueryEscape(page1.Next), RoleViewer, "", nil); code != 400 {
		t.Errorf("stale cursor: %d, want 400", code)
	}
}

func TestRunnerMarksInterruptedRuns(t *testing.T) {
	st := openStore(t)
	stale := &Run{ID: "run-000001", Status: StatusRunning, Started: time.Now()}
	if err := putRun(t.Context(), st, stale); err != nil {
		t.Fatal(err)
	}
	r := NewRunner(st, nil, nil, nil)
	defer r.Close()
	got, err := r.Get(t.Context(), "run-000001")
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != StatusFailed || !strings.Contains(got.Error, "interrupted") {
		t.Errorf("stale run %+v, want failed as interrupted", got)
	}
	// A new run is not given the id of the stale one.
	run, err := r.Submit(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if run.ID == "run-000001" {
		t.Errorf("new run reused id %s", run.ID)
	}
}
