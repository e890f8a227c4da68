package main

// Browser tests of the investigators' web page: the real server (demo data,
// port 0) driven through headless Chromium with chromedp.
//
// Chromium is Debian's /usr/bin/chromium (apt-get install -y chromium), or
// the binary named by TAKEDOWN_CHROMIUM. Without it the tests are skipped,
// unless TAKEDOWN_REQUIRE_CHROMIUM=1 (as in CI), when they fail.
//
// Screenshots of each view are written to test-output/screenshots/ at the
// root of the repository (TAKEDOWN_SCREENSHOTS names another directory).
// The times until the ranking first appears and until a network's graph
// has drawn are measured and logged, never asserted; with
// TAKEDOWN_WEB_DEMO_ACCOUNTS=40000 the demo data holds a network of about
// 300 accounts (bench/web/run.sh, bench/RESULTS-web.md).
//
// Views that need routes this build does not serve (the networks, the
// takedown plan, referrals, alerts, analysis runs) are skipped with the
// missing route named.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

const (
	browserAdminToken   = "test-admin-token"
	browserAnalystToken = "test-analyst-token"
	// browserStep bounds one step of a browser test (a page to load, a
	// graph to draw) so that a broken page fails instead of hanging.
	browserStep = 3 * time.Minute
)

// browserLogs collects the server's output for the failure messages.
type browserLogs struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *browserLogs) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *browserLogs) tail(n int) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.b.String()
	if len(s) > n {
		s = "…" + s[len(s)-n:]
	}
	return s
}

// browserServer is a takedown server started with Main on port 0.
type browserServer struct {
	base  string
	logs  *browserLogs
	paths map[string]map[string]bool // OpenAPI path → methods served
}

func startBrowserServer(t *testing.T) *browserServer {
	t.Helper()
	accounts := "5000"
	if v := os.Getenv("TAKEDOWN_WEB_DEMO_ACCOUNTS"); v != "" {
		accounts = v
	}
	logs := &browserLogs{}
	addrc := make(chan string, 1)
	m := &Main{
		Stdin: strings.NewReader(""), Stdout: logs, Stderr: logs,
		Getenv: func(k string) string {
			if k == "TAKEDOWN_API_KEYS" {
				return "admin:" + browserAdminToken + ",analyst:" + browserAnalystToken
			}
			return ""
		},
		OnListen: func(addr string) { addrc <- addr },
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- m.Run(ctx, []string{"serve", "--demo", "--demo-accounts", accounts, "--addr", "127.0.0.1:0", "--data", t.TempDir()})
	}()
	var addr string
	select {
	case addr = <-addrc:
	case err := <-done:
		cancel()
		t.Fatalf("the server stopped before listening: %v\n%s", err, logs.tail(4000))
	}
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("the server stopped with %v", err)
		}
	})
	s := &browserServer{base: "http://" + addr, logs: logs}
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if st := s.api(t, "GET", "/v1/openapi.json", nil, &doc); st != 200 {
		t.Fatalf("GET /v1/openapi.json: %d", st)
	}
	s.paths = map[string]map[string]bool{}
	for p, ops := range doc.Paths {
		s.paths[p] = map[string]bool{}
		for method := range ops {
			s.paths[p][strings.ToUpper(method)] = true
		}
	}
	if !s.serves("GET", "/") {
		t.Fatal("the server does not serve the web page at / (mount web.Mount in cmd/takedown/mount.go)")
	}
	return s
}

// serves tells whether the server has the route (an OpenAPI path).
func (s *browserServer) serves(method, path string) bool { return s.paths[path][method] }

// need skips the test unless the server has every route.
func (s *browserServer) need(t *testing.T, routes ...string) {
	t.Helper()
	var missing []string
	for _, r := range routes {
		method, path, _ := strings.Cut(r, " ")
		if !s.serves(method, path) {
			missing = append(missing, r)
		}
	}
	if len(missing) > 0 {
		t.Skipf("this build does not serve %s", strings.Join(missing, ", "))
	}
}

// api calls the API as the analyst and decodes a JSON answer into out.
func (s *browserServer) api(t *testing.T, method, path string, body, out any) int {
	t.Helper()
	st, b := s.raw(t, method, path, body)
	if out != nil && len(b) > 0 {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %v: %s", method, path, err, b)
		}
	}
	return st
}

func (s *browserServer) raw(t *testing.T, method, path string, body any) (int, []byte) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, s.base+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+browserAnalystToken)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, b
}

// Shapes of the API answers the tests read.
type btCluster struct {
	ID          string   `json:"id"`
	Rank        int      `json:"rank"`
	Tier        string   `json:"tier"`
	Size        int      `json:"size"`
	Platforms   []string `json:"platforms"`
	Members     []btMember
	Identifiers []struct {
		Kind  string `json:"kind"`
		Value string `json:"value"`
	} `json:"identifiers"`
	Explanation *struct {
		Factors []struct {
			Name string `json:"name"`
		} `json:"factors"`
	} `json:"explanation"`
	Evidence *struct {
		Posts []btEvidencePost `json:"posts"`
	} `json:"evidence"`
}

type btMember struct {
	ID     string `json:"id"`
	Kind   string `json:"kind"`
	Handle string `json:"handle"`
	Role   string `json:"role"`
	Status string `json:"status"`
}

type btEvidencePost struct {
	Author string `json:"author"`
	Text   string `json:"text"`
	Hits   []struct {
		Category string `json:"category"`
		Start    int    `json:"start"`
		End      int    `json:"end"`
	} `json:"hits"`
}

type btClusterList struct {
	Run   string      `json:"run"`
	Items []btCluster `json:"items"`
}

type btGraph struct {
	Nodes []struct {
		ID string `json:"id"`
	} `json:"nodes"`
	Edges []json.RawMessage `json:"edges"`
}

// clusters lists the current ranking, running an analysis first through
// the API if none has run. It is empty when the server has no networks
// routes.
func (s *browserServer) clusters(t *testing.T) btClusterList {
	t.Helper()
	var list btClusterList
	if !s.serves("GET", "/v1/clusters") {
		return list
	}
	if st := s.api(t, "GET", "/v1/clusters?limit=500", nil, &list); st != 200 {
		t.Fatalf("GET /v1/clusters: %d", st)
	}
	if len(list.Items) > 0 || !s.serves("POST", "/v1/analysis/runs") {
		return list
	}
	var run struct {
		ID     string `json:"id"`
		Status string `json:"status"`
		Error  string `json:"error"`
	}
	if st := s.api(t, "POST", "/v1/analysis/runs", nil, &run); st != 202 && st != 200 && st != 201 {
		t.Fatalf("POST /v1/analysis/runs: %d", st)
	}
	for i := 0; run.Status != "succeeded"; i++ {
		if run.Status == "failed" {
			t.Fatalf("the analysis run %s failed: %s", run.ID, run.Error)
		}
		if i == 1200 {
			t.Fatalf("the analysis run %s is still %s", run.ID, run.Status)
		}
		time.Sleep(250 * time.Millisecond)
		if st := s.api(t, "GET", "/v1/analysis/runs/"+url.PathEscape(run.ID), nil, &run); st != 200 {
			t.Fatalf("GET /v1/analysis/runs/%s: %d", run.ID, st)
		}
	}
	if st := s.api(t, "GET", "/v1/clusters?limit=500", nil, &list); st != 200 {
		t.Fatalf("GET /v1/clusters: %d", st)
	}
	return list
}

// chromiumPath is the Chromium to drive, or skips (fails with
// TAKEDOWN_REQUIRE_CHROMIUM=1) when there is none.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("TAKEDOWN_CHROMIUM"), "/usr/bin/chromium", "chromium"} {
		if p == "" {
			continue
		}
		if full, err := exec.LookPath(p); err == nil {
			return full
		}
	}
	msg := "Chromium is not installed (no /usr/bin/chromium): apt-get install -y chromium, or set TAKEDOWN_CHROMIUM"
	if os.Getenv("TAKEDOWN_REQUIRE_CHROMIUM") == "1" {
		t.Fatal(msg + "; TAKEDOWN_REQUIRE_CHROMIUM=1 requires the browser tests")
	}
	t.Skip(msg)
	return ""
}

// newBrowserTab starts headless Chromium with a fresh profile and returns its tab.
func newBrowserTab(t *testing.T) context.Context {
	t.Helper()
	exe := chromiumPath(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1366, 768),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	tab, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
	})
	if err := chromedp.Do(tab, chromedp.EmulateViewport(1366, 768)); err != nil {
		t.Fatalf("starting Chromium (%s): %v", exe, err)
	}
	return tab
}

// browserPage is the tab on the server's page.
type browserPage struct {
	t    *testing.T
	tab  context.Context
	srv  *browserServer
	shot string // screenshot directory
}

func (p *browserPage) step() (context.Context, context.CancelFunc) {
	return context.WithTimeout(p.tab, browserStep)
}

// do runs actions, failing the test with what the page shows if they fail.
func (p *browserPage) do(t *testing.T, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := p.step()
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v\n%s", what, err, p.diagnose(t))
	}
}

// wait waits until the JavaScript expression is truthy.
func (p *browserPage) wait(t *testing.T, what, expr string) {
	t.Helper()
	p.do(t, "waiting for "+what,
		chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(0)))
}

// browserEval evaluates a JavaScript expression (awaiting a promise).
func browserEval[T any](t *testing.T, p *browserPage, expr string) T {
	t.Helper()
	ctx, cancel := p.step()
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluating %s: %v\n%s", expr, err, p.diagnose(t))
	}
	return v
}

// open loads the page afresh at the fragment (a new document, so the
// view's timings start from zero); the tab's sessionStorage is kept.
func (p *browserPage) open(t *testing.T, fragment string) {
	t.Helper()
	p.do(t, "opening "+fragment, chromedp.Navigate("about:blank"), chromedp.Navigate(p.srv.base+"/"+fragment))
}

// goTo changes the fragment, as following a link does.
func (p *browserPage) goTo(t *testing.T, fragment string) {
	t.Helper()
	b, _ := json.Marshal(fragment)
	browserEval[chromedp.Void](t, p, "location.hash = "+string(b))
}

func (p *browserPage) diagnose(t *testing.T) string {
	ctx, cancel := context.WithTimeout(p.tab, 20*time.Second)
	defer cancel()
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + "\n" + (document.querySelector("main") || document.body).innerText.slice(0, 2500)`))
	if err != nil {
		text = "(the page cannot be read: " + err.Error() + ")"
	}
	p.screenshot(t, "failure-"+strings.NewReplacer("/", "-", " ", "-").Replace(t.Name()))
	return "page:\n" + text + "\nserver log:\n" + p.srv.logs.tail(3000)
}

// screenshot saves what the viewport shows as NAME.png.
func (p *browserPage) screenshot(t *testing.T, name string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.tab, time.Minute)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Logf("screenshot %s: %v", name, err)
		return
	}
	path := filepath.Join(p.shot, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Logf("screenshot %s: %v", name, err)
		return
	}
	t.Logf("screenshot: %s", path)
}

func browserScreenshotDir(t *testing.T) string {
	dir := os.Getenv("TAKEDOWN_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join("..", "..", "test-output", "screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		dir = t.TempDir()
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return dir
	}
	return abs
}

func btJS(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// btCSS quotes s for a CSS attribute selector.
func btCSS(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// btOtherSpelling writes a phone number in E.164 differently: a UK number
// in its national form (+447700900123 → 07700 900123), any other in
// Arabic-Indic digits with spaces (+393896255839 → +٣٩ ٣٨٩ ٦٢٥٥٨٣٩).
func btOtherSpelling(e164 string) string {
	if rest, ok := strings.CutPrefix(e164, "+44"); ok && len(rest) >= 9 {
		return "0" + rest[:4] + " " + rest[4:]
	}
	var b strings.Builder
	for i, r := range e164 {
		if i == 3 || i == 6 {
			b.WriteByte(' ')
		}
		if r >= '0' && r <= '9' {
			b.WriteRune('٠' + (r - '0'))
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// btPhoneSubject finds an account with a phone number: a member of a
// network if there are networks, otherwise any account found by the
// phones of the demo data's members.
func btPhoneSubject(t *testing.T, s *browserServer, list btClusterList) (account, phone string) {
	t.Helper()
	type view struct {
		Identifiers []struct {
			Kind  string `json:"kind"`
			Value string `json:"value"`
		} `json:"identifiers"`
	}
	var candidates []string
	for _, c := range list.Items {
		var full btCluster
		if s.api(t, "GET", "/v1/clusters/"+url.PathEscape(c.ID), nil, &full) != 200 {
			continue
		}
		for _, m := range full.Members {
			if m.Kind == "account" {
				candidates = append(candidates, m.ID)
			}
		}
		if len(candidates) > 40 {
			break
		}
	}
	if len(candidates) == 0 {
		// No networks: search the demo data's accounts that advertise
		// crossings, whose bios and posts carry their numbers.
		var page struct {
			Items []struct {
				ID string `json:"id"`
			} `json:"items"`
		}
		for _, q := range []string{"euro", "transfer", "travel", "trip", "uk"} {
			s.api(t, "GET", "/v1/accounts?limit=50&q="+url.QueryEscape(q), nil, &page)
			for _, it := range page.Items {
				candidates = append(candidates, it.ID)
			}
		}
	}
	for _, id := range candidates {
		var v view
		if s.api(t, "GET", "/v1/accounts/"+url.PathEscape(id), nil, &v) != 200 {
			continue
		}
		for _, i := range v.Identifiers {
			if i.Kind == "phone" && strings.HasPrefix(i.Value, "+") {
				return id, i.Value
			}
		}
	}
	t.Skip("no account with a phone number found in the demo data")
	return "", ""
}

func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests are not run with -short")
	}
	chromiumPath(t)
	srv := startBrowserServer(t)
	list := srv.clusters(t)
	p := &browserPage{t: t, tab: newBrowserTab(t), srv: srv, shot: browserScreenshotDir(t)}
	t.Logf("demo data: %d networks; screenshots in %s", len(list.Items), p.shot)

	var top btCluster
	if len(list.Items) > 0 {
		if st := srv.api(t, "GET", "/v1/clusters/"+url.PathEscape(list.Items[0].ID), nil, &top); st != 200 {
			t.Fatalf("GET /v1/clusters/%s: %d", list.Items[0].ID, st)
		}
	}
	signedIn := false

	t.Run("WrongToken", func(t *testing.T) {
		p.open(t, "#/networks")
		browserEval[chromedp.Void](t, p, "sessionStorage.clear()")
		p.open(t, "#/networks")
		p.wait(t, "the sign-in form", `document.querySelector("#signin #token")`)
		p.screenshot(t, "01-signin")
		p.do(t, "signing in with a wrong token",
			chromedp.SendKeys(chromedp.CSS("#token"), "not-a-valid-token"),
			chromedp.Click(chromedp.CSS(`#signin button[type=submit]`)))
		p.wait(t, "the refusal", `document.querySelector("#signin-error")`)
		msg := browserEval[string](t, p, `document.querySelector("#signin-error").textContent`)
		if !strings.Contains(msg, "That token was not accepted") {
			t.Errorf("the refusal says %q, want “That token was not accepted”", msg)
		}
		if got := browserEval[string](t, p, `sessionStorage.getItem("takedown.token") || ""`); got != "" {
			t.Errorf("a refused token was kept: %q", got)
		}
		p.screenshot(t, "02-signin-wrong-token")
	})

	t.Run("SignIn", func(t *testing.T) {
		p.open(t, "#/networks")
		p.wait(t, "the sign-in form", `document.querySelector("#signin #token")`)
		p.do(t, "signing in",
			chromedp.SendKeys(chromedp.CSS("#token"), browserAnalystToken),
			chromedp.Click(chromedp.CSS(`#signin button[type=submit]`)))
		p.wait(t, "the networks view", `!document.getElementById("nav").hidden && document.querySelector("#ranking-holder") && !document.querySelector("#ranking-holder .loading")`)
		if got := browserEval[string](t, p, `sessionStorage.getItem("takedown.token") || ""`); got != browserAnalystToken {
			t.Errorf("sessionStorage holds %q, want the token", got)
		}
		if n := browserEval[int](t, p, `localStorage.length + document.cookie.length`); n != 0 {
			t.Errorf("the token went beyond sessionStorage: %d items in localStorage or cookies", n)
		}
		if got := browserEval[string](t, p, `document.activeElement ? document.activeElement.tagName : ""`); got != "H1" {
			t.Errorf("after sign-in the focus is on %q, want the view's heading", got)
		}
		signedIn = true
		p.screenshot(t, "03-networks")
	})
	if !signedIn {
		t.Fatal("not signed in; the other views cannot be tested")
	}

	t.Run("Ranking", func(t *testing.T) {
		srv.need(t, "GET /v1/clusters")
		if len(list.Items) == 0 {
			t.Fatal("the analysis found no network in the demo data")
		}
		p.open(t, "#/networks")
		p.wait(t, "the ranking", `document.querySelector("#ranking tbody tr") && window.takedown.marks.ranking !== undefined`)
		ms := browserEval[float64](t, p, `window.takedown.marks.ranking`)
		t.Logf("bench: the ranking appeared %.0f ms after the page started loading (%d networks)", ms, len(list.Items))
		ids := browserEval[[]string](t, p, `[...document.querySelectorAll("#ranking tbody tr")].map(r => r.dataset.id)`)
		want := min(50, len(list.Items))
		if len(ids) != want {
			t.Fatalf("the ranking shows %d networks, want %d", len(ids), want)
		}
		for i, id := range ids {
			if id != list.Items[i].ID {
				t.Fatalf("row %d is %s, want %s (rank %d)", i+1, id, list.Items[i].ID, list.Items[i].Rank)
			}
		}
		cells := browserEval[[]string](t, p, `[...document.querySelectorAll("#ranking tbody tr:first-child td")].map(td => td.textContent.trim())`)
		if len(cells) != 8 || cells[0] != strconv.Itoa(list.Items[0].Rank) || cells[1] != list.Items[0].ID || cells[4] != strconv.Itoa(list.Items[0].Size) {
			t.Errorf("the first row shows %q; want rank, id, tier, score, size %d, platforms, activity and lineage", cells, list.Items[0].Size)
		}
		tops := 0
		for _, c := range list.Items[:want] {
			if c.Tier == "top" {
				tops++
			}
		}
		if got := browserEval[int](t, p, `document.querySelectorAll("#ranking tr.tier-top .badge.tier-top").length`); got != tops {
			t.Errorf("%d rows are marked as top tier, want %d", got, tops)
		}
		if tops > 0 {
			bg := browserEval[[]string](t, p, `[getComputedStyle(document.querySelector("#ranking tr.tier-top")).backgroundColor, getComputedStyle(document.querySelector("#ranking tr:not(.tier-top)") || document.body).backgroundColor]`)
			if bg[0] == bg[1] {
				t.Errorf("top-tier rows look like the others (background %s)", bg[0])
			}
		}
		p.screenshot(t, "04-ranking")

		// Filtering by tier changes the list and the address.
		tier := list.Items[0].Tier
		var filtered btClusterList
		srv.api(t, "GET", "/v1/clusters?limit=50&tier="+url.QueryEscape(tier), nil, &filtered)
		browserEval[chromedp.Void](t, p, `(() => { const s = document.querySelector("select[name=tier]"); s.value = `+btJS(tier)+`; s.dispatchEvent(new Event("change")); })()`)
		p.wait(t, "the filtered ranking", `location.hash.includes("tier=`+tier+`") && document.querySelectorAll("#ranking tbody tr").length === `+strconv.Itoa(len(filtered.Items))+
			` && [...document.querySelectorAll("#ranking tbody tr")].every(r => r.dataset.tier === `+btJS(tier)+`)`)

		// The keyboard opens a network: focus its link and press Enter.
		p.do(t, "opening a network with the keyboard",
			chromedp.Focus(chromedp.CSS("#ranking tbody tr:first-child a.network-link")),
			chromedp.KeyEvent("\r"))
		p.wait(t, "the network view", `location.hash === "#/network/" + encodeURIComponent(`+btJS(filtered.Items[0].ID)+`)`)
	})

	t.Run("Network", func(t *testing.T) {
		srv.need(t, "GET /v1/clusters", "GET /v1/clusters/{id}", "GET /v1/clusters/{id}/graph")
		if top.ID == "" {
			t.Fatal("no network to open")
		}
		p.open(t, "#/networks")
		p.wait(t, "the ranking", `document.querySelector("#ranking tbody tr:first-child a.network-link")`)
		p.do(t, "opening the top network", chromedp.Click(chromedp.CSS("#ranking tbody tr:first-child a.network-link")))
		p.wait(t, "the graph", `window.takedown.graphDrawn === true && window.takedown.cy && location.hash === "#/network/" + encodeURIComponent(`+btJS(top.ID)+`)`)
		var g btGraph
		srv.api(t, "GET", "/v1/clusters/"+url.PathEscape(top.ID)+"/graph", nil, &g)
		nodes := browserEval[int](t, p, `window.takedown.cy.nodes().length`)
		if nodes == 0 || nodes != len(g.Nodes) {
			t.Errorf("the graph has %d nodes, want the API's %d", nodes, len(g.Nodes))
		}
		if px := browserEval[int](t, p, `window.takedown.graphPixels()`); px < 200 {
			t.Errorf("the graph's canvas is blank: %d painted pixels", px)
		}
		if top.Explanation != nil && len(top.Explanation.Factors) > 0 {
			p.wait(t, "the score explanation", `document.querySelector("#explanation li.factor")`)
			if got := browserEval[int](t, p, `document.querySelectorAll("#explanation li.factor .bar-fill").length`); got != len(top.Explanation.Factors) {
				t.Errorf("%d factor bars, want %d", got, len(top.Explanation.Factors))
			}
		}
		checkHighlights(t, p, top)
		if got := browserEval[int](t, p, `document.querySelectorAll("#members tbody tr").length`); got != len(top.Members) {
			t.Errorf("the members table has %d rows, want %d", got, len(top.Members))
		}
		if got := browserEval[int](t, p, `document.querySelectorAll("#refer button.create-referral").length`); got != len(top.Platforms) {
			t.Errorf("%d “Create referral” buttons, want one per platform (%d)", got, len(top.Platforms))
		}
		p.screenshot(t, "05-network")

		// The shared identifiers join the drawing as diamonds.
		if len(top.Identifiers) > 0 {
			p.do(t, "showing the shared identifiers", chromedp.Click(chromedp.CSS("#show-identifiers")))
			p.wait(t, "the identifiers in the graph", `/shown/.test(document.querySelector("#show-identifiers").parentElement.textContent)`)
			if n := browserEval[int](t, p, `window.takedown.cy.nodes(".kind-identifier").length`); n == 0 {
				t.Error("no shared identifier was drawn")
			}
			p.do(t, "hiding the shared identifiers", chromedp.Click(chromedp.CSS("#show-identifiers")))
		}

		t.Run("Plan", func(t *testing.T) {
			srv.need(t, "GET /v1/clusters/{id}/plan")
			p.do(t, "planning a takedown of 3",
				chromedp.SetValue(chromedp.CSS("#plan-k"), "3"),
				chromedp.Click(chromedp.CSS("#plan button[type=submit]")))
			p.wait(t, "the plan", `document.querySelector("#plan-result table, #plan-result .problem, #plan-result .notice")`)
			if msg := browserEval[string](t, p, `(document.querySelector("#plan-result .problem") || {}).textContent || ""`); msg != "" {
				t.Fatalf("the plan failed: %s", msg)
			}
			steps := browserEval[int](t, p, `document.querySelectorAll("#plan-result tbody tr").length`)
			planned := browserEval[int](t, p, `window.takedown.cy.nodes(".planned").length`)
			if steps < 1 || steps > 3 || planned != steps {
				t.Errorf("the plan shows %d steps and outlines %d nodes; want 1 to 3 of each, equal", steps, planned)
			}
			p.screenshot(t, "06-network-plan")
		})
	})

	t.Run("LargeNetworkGraph", func(t *testing.T) {
		srv.need(t, "GET /v1/clusters/{id}/graph")
		if len(list.Items) == 0 {
			t.Fatal("no network to open")
		}
		// The network nearest 300 nodes.
		best, bestNodes := "", -1
		for _, c := range list.Items {
			if bestNodes < 0 || btAbs(c.Size-300) < btAbs(bestNodes-300) {
				best, bestNodes = c.ID, c.Size
			}
		}
		p.open(t, "#/network/"+url.PathEscape(best))
		p.wait(t, "the graph", `window.takedown.graphDrawn === true && window.takedown.marks.graph !== undefined`)
		ms := browserEval[float64](t, p, `window.takedown.marks.graph`)
		nodes := browserEval[int](t, p, `window.takedown.cy.nodes().length`)
		edges := browserEval[int](t, p, `window.takedown.cy.edges().length`)
		marks := browserEval[string](t, p, `JSON.stringify(window.takedown.marks, (k, v) => typeof v === "number" ? Math.round(v) : v)`)
		t.Logf("bench: the graph of %s (%d nodes, %d edges) drew %.0f ms after the page started loading; marks (ms): %s", best, nodes, edges, ms, marks)
		if px := browserEval[int](t, p, `window.takedown.graphPixels()`); px < 200 {
			t.Errorf("the graph's canvas is blank: %d painted pixels", px)
		}
		p.screenshot(t, "07-network-large")
	})

	t.Run("AccountAndLinked", func(t *testing.T) {
		start := ""
		if len(top.Members) > 0 {
			p.open(t, "#/network/"+url.PathEscape(top.ID))
			p.wait(t, "the members table", `document.querySelector("#members tbody tr a.entity-link")`)
			// The first listed account member (key players come first).
			start = browserEval[string](t, p, `(() => { const a = [...document.querySelectorAll("#members tbody tr a.entity-link")].find(a => a.getAttribute("href").startsWith("#/account/")); return a ? a.dataset.id : ""; })()`)
			if start == "" {
				t.Fatal("no account among the members")
			}
			p.do(t, "opening a member", chromedp.Click(chromedp.CSS(`#members a.entity-link[data-id=`+btCSS(start)+`]`)))
		} else {
			start, _ = btPhoneSubject(t, srv, list)
			p.goTo(t, "#/account/"+url.PathEscape(start))
		}
		p.wait(t, "the account", `document.querySelector("#profile") && document.querySelector("#profile").dataset.id === `+btJS(start))
		p.wait(t, "its linked accounts", `document.querySelector("#linked-list > li a.entity-link") || document.querySelector("#linked-holder .notice, #linked-holder .problem")`)
		if msg := browserEval[string](t, p, `(document.querySelector("#linked-holder .problem, #linked-holder .notice") || {}).textContent || ""`); msg != "" {
			t.Fatalf("no linked account shown: %s", msg)
		}
		if got := browserEval[int](t, p, `document.querySelectorAll("#linked-list .paths .step-text").length`); got == 0 {
			t.Error("the linked accounts show no evidence path")
		}
		if got := browserEval[string](t, p, `(document.querySelector("#profile .bio, #timeline .post-text") || {dir: "auto"}).dir`); got != "auto" {
			t.Errorf("user text has dir=%q, want auto", got)
		}
		p.screenshot(t, "08-account")
		next := browserEval[string](t, p, `document.querySelector("#linked-list > li a.entity-link").dataset.id`)
		p.do(t, "following a linked account", chromedp.Click(chromedp.CSS(`#linked-list > li:first-child a.entity-link`)))
		p.wait(t, "the linked account", `document.querySelector("#profile") && document.querySelector("#profile").dataset.id === `+btJS(next))
		if !browserEval[bool](t, p, `location.hash === "#/account/" + encodeURIComponent(`+btJS(next)+`)`) {
			t.Errorf("the address is %s after following %s", browserEval[string](t, p, `location.hash`), next)
		}
		p.wait(t, "its linked accounts", `document.querySelector("#linked-list, #linked-holder .notice, #linked-holder .problem")`)
		p.screenshot(t, "09-account-linked")
	})

	t.Run("SearchPhoneInAnotherSpelling", func(t *testing.T) {
		account, phone := btPhoneSubject(t, srv, list)
		spelling := btOtherSpelling(phone)
		t.Logf("searching %q for %s of %s", spelling, phone, account)
		p.goTo(t, "#/search")
		p.wait(t, "the search form", `document.querySelector("form[role=search] #q")`)
		p.do(t, "searching", chromedp.SendKeys(chromedp.CSS("#q"), spelling), chromedp.Click(chromedp.CSS(`form[role=search] button[type=submit]`)))
		p.wait(t, "the results", `document.querySelector("#results tbody tr, #search-results .notice, #search-results .problem")`)
		found := browserEval[bool](t, p, `!!document.querySelector("#results tbody tr[data-id="+`+btJS(btCSS(account))+`+"]")`)
		if !found {
			t.Errorf("searching %q does not list %s, which uses %s\n%s", spelling, account, phone, p.diagnose(t))
		}
		p.screenshot(t, "10-search")
	})

	t.Run("ReferralAndExport", func(t *testing.T) {
		srv.need(t, "GET /v1/clusters/{id}", "POST /v1/referrals", "GET /v1/referrals", "GET /v1/referrals/{id}",
			"PATCH /v1/referrals/{id}", "GET /v1/referrals/{id}/export")
		if top.ID == "" {
			t.Fatal("no network to refer")
		}
		p.open(t, "#/network/"+url.PathEscape(top.ID))
		p.wait(t, "the referral buttons", `document.querySelector("#refer button.create-referral")`)
		platform := browserEval[string](t, p, `document.querySelector("#refer button.create-referral").dataset.platform`)
		p.do(t, "creating a referral", chromedp.Click(chromedp.CSS("#refer button.create-referral")))
		p.wait(t, "the referral", `document.querySelector("#referral-created, #referral-result .problem")`)
		if msg := browserEval[string](t, p, `(document.querySelector("#referral-result .problem") || {}).textContent || ""`); msg != "" {
			t.Fatalf("creating the %s referral failed: %s", platform, msg)
		}
		rid := browserEval[string](t, p, `document.querySelector("#referral-created").dataset.id`)
		if rid == "" {
			t.Fatal("the created referral has no id")
		}
		for _, format := range []string{"csv", "json"} {
			p.do(t, "exporting as "+format, chromedp.Click(chromedp.CSS(`#referral-created button.export[data-format=`+format+`]`)))
			p.wait(t, "the "+format+" export", `document.querySelector("#referral-created a.download[data-format=`+format+`]") || document.querySelector("#referral-created .problem")`)
			if msg := browserEval[string](t, p, `(document.querySelector("#referral-created .problem") || {}).textContent || ""`); msg != "" {
				t.Fatalf("the %s export failed: %s", format, msg)
			}
			got := browserEval[string](t, p, `fetch(document.querySelector("#referral-created a.download[data-format=`+format+`]").href).then(r => r.text())`)
			st, want := srv.raw(t, "GET", "/v1/referrals/"+url.PathEscape(rid)+"/export?format="+format, nil)
			if st != 200 {
				t.Fatalf("GET the %s export: %d", format, st)
			}
			if got != string(want) {
				t.Errorf("the %s export link holds %q, the API answers %q", format, btTruncate(got), btTruncate(string(want)))
			}
			if !strings.Contains(got, rid) && !strings.Contains(got, top.ID) {
				t.Errorf("the %s export names neither the referral %s nor the network %s: %q", format, rid, top.ID, btTruncate(got))
			}
			if format == "json" && !json.Valid([]byte(got)) {
				t.Errorf("the JSON export is not JSON: %q", btTruncate(got))
			}
		}
		p.screenshot(t, "11-referral-created")

		// The referral's page moves it on and records the platform's answer.
		p.do(t, "opening the referral", chromedp.Click(chromedp.CSS(`#referral-created a[href^="#/referral/"]`)))
		p.wait(t, "the referral", `document.querySelector("#referral-items") || document.querySelector("main > .problem")`)
		if browserEval[bool](t, p, `!!document.querySelector("#override-reason")`) {
			p.do(t, "giving an override reason", chromedp.SendKeys(chromedp.CSS("#override-reason"), "checked by hand: adverts in Kurdish"))
		}
		if next := browserEval[string](t, p, `(document.querySelector("#next-status") || {dataset: {}}).dataset.status || ""`); next != "" {
			p.do(t, "moving the referral to "+next, chromedp.Click(chromedp.CSS("#next-status")))
			p.wait(t, "the saved referral", `document.querySelector("#referral-message .notice, #referral-message .problem")`)
			if msg := browserEval[string](t, p, `(document.querySelector("#referral-message .problem") || {}).textContent || ""`); msg != "" {
				t.Fatalf("moving the referral to %s: %s", next, msg)
			}
			var r struct {
				Status string `json:"status"`
			}
			srv.api(t, "GET", "/v1/referrals/"+url.PathEscape(rid), nil, &r)
			if r.Status != next {
				t.Errorf("after the move the API has status %q, want %q", r.Status, next)
			}
		}
		if browserEval[bool](t, p, `!!document.querySelector("#items select.item-outcome")`) {
			item := browserEval[string](t, p, `document.querySelector("#items select.item-outcome").closest("tr").dataset.id`)
			row := `#items tr[data-id=` + btCSS(item) + `]`
			p.do(t, "recording an outcome",
				chromedp.SetValue(chromedp.CSS(row+" select.item-outcome"), "removed"),
				chromedp.Click(chromedp.CSS(`#record-outcomes button[type=submit]`)))
			p.wait(t, "the recorded outcome", `document.querySelector(`+btJS(row+" .badge.outcome-removed")+`) || document.querySelector("#referral-message .problem")`)
			if msg := browserEval[string](t, p, `(document.querySelector("#referral-message .problem") || {}).textContent || ""`); msg != "" {
				t.Fatalf("recording the outcome: %s", msg)
			}
			var r struct {
				Items []struct {
					ID      string `json:"id"`
					Outcome string `json:"outcome"`
				} `json:"items"`
			}
			srv.api(t, "GET", "/v1/referrals/"+url.PathEscape(rid), nil, &r)
			got := ""
			for _, it := range r.Items {
				if it.ID == item {
					got = it.Outcome
				}
			}
			if got != "removed" {
				t.Errorf("the API has outcome %q for %s, want removed", got, item)
			}
		} else {
			t.Error("the submitted referral offers no outcome to record")
		}
		p.screenshot(t, "12-referral")

		p.goTo(t, "#/referrals")
		p.wait(t, "the referrals", `document.querySelector("#referrals tbody tr[data-id=" + `+btJS(btCSS(rid))+` + "]") || document.querySelector("#referrals-holder .problem")`)
		if msg := browserEval[string](t, p, `(document.querySelector("#referrals-holder .problem") || {}).textContent || ""`); msg != "" {
			t.Fatalf("the referrals list failed: %s", msg)
		}
		p.screenshot(t, "13-referrals")
	})

	t.Run("Alerts", func(t *testing.T) {
		srv.need(t, "GET /v1/alerts")
		p.goTo(t, "#/alerts")
		p.wait(t, "the alerts", `document.querySelector("#alerts-holder > *") && !document.querySelector("#alerts-holder .loading")`)
		if srv.serves("POST", "/v1/alerts/detect") {
			p.do(t, "looking for re-emerged accounts", chromedp.Click(chromedp.CSS("#detect")))
			p.wait(t, "the detection", `/new,|problem/.test(document.querySelector("#detect-message").innerHTML) && !document.querySelector("#alerts-holder .loading")`)
		}
		if msg := browserEval[string](t, p, `(document.querySelector("#alerts-holder .problem, #detect-message .problem") || {}).textContent || ""`); msg != "" {
			t.Fatalf("the alerts failed: %s", msg)
		}
		p.screenshot(t, "14-alerts")
		if !srv.serves("POST", "/v1/alerts/{id}/ack") {
			return
		}
		id := browserEval[string](t, p, `(() => { const li = document.querySelector("#alerts li.alert:not(.acked)"); return li ? li.dataset.id : ""; })()`)
		if id == "" {
			t.Log("no open alert to acknowledge in the demo data")
			return
		}
		item := `#alerts li.alert[data-id=` + btCSS(id) + `]`
		p.do(t, "acknowledging an alert",
			chromedp.SendKeys(chromedp.CSS(item+" input.ack-note"), "new account of the same sellers"),
			chromedp.Click(chromedp.CSS(item+" button.ack")))
		p.wait(t, "the acknowledgement", `document.querySelector(`+btJS(item+".acked, "+item+" .problem")+`)`)
		if msg := browserEval[string](t, p, `(document.querySelector(`+btJS(item+" .problem")+`) || {}).textContent || ""`); msg != "" {
			t.Fatalf("acknowledging the alert failed: %s", msg)
		}
		if srv.serves("GET", "/v1/alerts/{id}") {
			var a struct {
				Status string `json:"status"`
				Note   string `json:"note"`
			}
			srv.api(t, "GET", "/v1/alerts/"+url.PathEscape(id), nil, &a)
			if a.Status != "acknowledged" || a.Note != "new account of the same sellers" {
				t.Errorf("after acknowledging, the API has status %q and note %q", a.Status, a.Note)
			}
		}
		p.screenshot(t, "15-alerts-acknowledged")
	})

	t.Run("ProblemTitle", func(t *testing.T) {
		var problem struct {
			Title  string `json:"title"`
			Detail string `json:"detail"`
		}
		if st := srv.api(t, "GET", "/v1/accounts/does-not-exist", nil, &problem); st != 404 || problem.Title == "" {
			t.Fatalf("GET /v1/accounts/does-not-exist: %d %+v", st, problem)
		}
		p.goTo(t, "#/account/does-not-exist")
		p.wait(t, "the problem", `document.querySelector("main .problem .problem-title")`)
		if got := browserEval[string](t, p, `document.querySelector("main .problem .problem-title").textContent`); got != problem.Title {
			t.Errorf("the page shows %q, want the problem's title %q", got, problem.Title)
		}
		if got := browserEval[string](t, p, `(document.querySelector("main .problem .problem-detail") || {}).textContent || ""`); got != problem.Detail {
			t.Errorf("the page shows the detail %q, want %q", got, problem.Detail)
		}
		if role := browserEval[string](t, p, `document.querySelector("main .problem").getAttribute("role") || ""`); role != "alert" {
			t.Errorf("the problem's role is %q, want alert", role)
		}
		p.screenshot(t, "16-problem")
	})

	t.Run("HighlightOffsets", func(t *testing.T) {
		// Byte offsets of UTF-8 text, computed here, become the right
		// JavaScript string indices for 1- to 4-byte characters.
		text := "£2500 → كاليه 😀 بريطانيا ok"
		var hits []map[string]any
		var want []string
		for _, phrase := range []string{"£2500", "كاليه", "😀", "بريطانيا"} {
			i := strings.Index(text, phrase)
			hits = append(hits, map[string]any{"start": i, "end": i + len(phrase), "category": "route"})
			want = append(want, phrase)
		}
		hb, _ := json.Marshal(hits)
		got := browserEval[[]string](t, p, `import("/assets/text.js").then(m => m.segments(`+btJS(text)+`, `+string(hb)+`).filter(s => s.hits.length).map(s => s.text))`)
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("highlighted %q, want %q", got, want)
		}
	})

	t.Run("Analysis", func(t *testing.T) {
		srv.need(t, "POST /v1/analysis/runs", "GET /v1/analysis/runs", "GET /v1/analysis/runs/{id}")
		p.goTo(t, "#/analysis")
		p.wait(t, "the analysis view", `document.querySelector("#start-run") && !document.querySelector("#runs-holder .loading")`)
		p.screenshot(t, "17-analysis")
		p.do(t, "starting a run", chromedp.Click(chromedp.CSS("#start-run")))
		p.wait(t, "the run to end", `document.querySelector("#see-ranking, #run-body .problem, main > .problem")`)
		if msg := browserEval[string](t, p, `(document.querySelector("#run-body .problem, main > .problem") || {}).textContent || ""`); msg != "" {
			t.Fatalf("the run failed: %s", msg)
		}
		if v := browserEval[float64](t, p, `document.querySelector("#run-progress") ? document.querySelector("#run-progress").value : -1`); v != 100 {
			t.Errorf("the finished run's progress shows %v, want 100", v)
		}
		p.screenshot(t, "18-analysis-run")
	})

	t.Run("ContentSecurityPolicy", func(t *testing.T) {
		if got := browserEval[[]string](t, p, `window.takedown.cspViolations`); len(got) != 0 {
			t.Errorf("the page broke its Content-Security-Policy: %q", got)
		}
		external := browserEval[[]string](t, p, `performance.getEntriesByType("resource").map(e => e.name).filter(u => !u.startsWith(location.origin) && !u.startsWith("blob:") && !u.startsWith("data:"))`)
		if len(external) != 0 {
			t.Errorf("the page loaded from elsewhere: %q", external)
		}
	})
}

// checkHighlights checks that the evidence posts highlight their hits at
// the right characters: the API's UTF-8 byte offsets, cut here in Go, are
// the marked text on the page.
func checkHighlights(t *testing.T, p *browserPage, c btCluster) {
	t.Helper()
	if c.Evidence == nil || len(c.Evidence.Posts) == 0 {
		return
	}
	for i, post := range c.Evidence.Posts {
		for j, hit := range post.Hits {
			if hit.Start < 0 || hit.End > len(post.Text) || hit.Start >= hit.End {
				continue
			}
			overlaps := false
			for k, o := range post.Hits {
				if k != j && o.Start < hit.End && hit.Start < o.End {
					overlaps = true
				}
			}
			if overlaps {
				continue
			}
			want := post.Text[hit.Start:hit.End]
			marks := browserEval[[]string](t, p, fmt.Sprintf(`[...document.querySelectorAll("#evidence li.evidence-post")[%d].querySelectorAll("mark.hit")].map(m => m.textContent)`, i))
			for _, m := range marks {
				if m == want {
					dir := browserEval[string](t, p, fmt.Sprintf(`document.querySelectorAll("#evidence li.evidence-post .post-text")[%d].dir`, i))
					if dir != "auto" {
						t.Errorf("evidence text has dir=%q, want auto", dir)
					}
					return
				}
			}
			t.Errorf("evidence post %d does not highlight %q (bytes %d–%d); marks: %q", i+1, want, hit.Start, hit.End, marks)
			return
		}
	}
}

func btTruncate(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}

func btAbs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
