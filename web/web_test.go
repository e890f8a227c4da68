package web

import (
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/takedown/takedown/api"
	"github.com/takedown/takedown/graph/bolt"
)

const testToken = "viewer-token-0123456789abcdef"

func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	st, err := bolt.Open(t.TempDir(), bolt.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	keys, _, err := api.Bootstrap(context.Background(), st, "viewer:"+testToken)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := api.New(api.Config{Store: st, Keys: keys, Version: "test", RateLimit: -1,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if err := Mount(srv); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts
}

func get(t *testing.T, ts *httptest.Server, path string, header map[string]string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, ts.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(b)
}

func TestPageServedWithoutSignIn(t *testing.T) {
	ts := newServer(t)
	res, body := get(t, ts, "/", nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /: %d %s", res.StatusCode, body)
	}
	if ct := res.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if !strings.Contains(body, `<script type="module" src="/assets/app.js"></script>`) {
		t.Error("the page does not load /assets/app.js")
	}
	// The API next to it still wants a token.
	if res, _ := get(t, ts, "/v1/stats", nil); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("GET /v1/stats without a token: %d, want 401", res.StatusCode)
	}
	if res, _ := get(t, ts, "/v1/stats", map[string]string{"Authorization": "Bearer " + testToken}); res.StatusCode != http.StatusOK {
		t.Errorf("GET /v1/stats with a token: %d, want 200", res.StatusCode)
	}
}

func TestContentSecurityPolicy(t *testing.T) {
	ts := newServer(t)
	for _, path := range []string{"/", "/assets/app.js", "/assets/app.css", "/assets/vendor/cytoscape.min.js"} {
		res, _ := get(t, ts, path, nil)
		csp := res.Header.Get("Content-Security-Policy")
		if csp != CSP {
			t.Errorf("%s: Content-Security-Policy %q, want %q", path, csp, CSP)
		}
		if res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: no X-Content-Type-Options: nosniff", path)
		}
	}
	for _, directive := range []string{"default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "object-src 'none'"} {
		if !strings.Contains(CSP, directive+";") && !strings.HasSuffix(CSP, directive) {
			t.Errorf("the policy lacks %q", directive)
		}
	}
	for _, loose := range []string{"unsafe-inline", "unsafe-eval", "http:", "https:", "*"} {
		if strings.Contains(CSP, loose) {
			t.Errorf("the policy allows %q", loose)
		}
	}
}

// The page has no inline script or style, and nothing of ours names
// another origin: everything comes from this server.
func TestNoInlineCodeNoOtherOrigins(t *testing.T) {
	index, err := files.ReadFile("index.html")
	if err != nil {
		t.Fatal(err)
	}
	if m := regexp.MustCompile(`(?i)<script\b[^>]*>`).FindAllString(string(index), -1); len(m) == 0 {
		t.Error("no script in the page")
	} else {
		for _, tag := range m {
			if !strings.Contains(tag, `src="/assets/`) {
				t.Errorf("inline or foreign script %s", tag)
			}
		}
	}
	for _, re := range []string{`(?i)<style\b`, `(?i)\sstyle=`, `(?i)\son[a-z]+=`, `(?i)javascript:`} {
		if regexp.MustCompile(re).Match(index) {
			t.Errorf("the page has inline code or style (%s)", re)
		}
	}
	origin := regexp.MustCompile(`(?i)(https?:)?//[a-z0-9.-]+\.[a-z]{2,}`)
	err = fs.WalkDir(files, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(p, "assets/vendor/") {
			return err
		}
		b, err := files.ReadFile(p)
		if err != nil {
			return err
		}
		if m := origin.Find(b); m != nil && !strings.HasSuffix(p, ".svg") {
			t.Errorf("%s names another origin: %s", p, m)
		}
		if strings.HasSuffix(p, ".js") && regexp.MustCompile(`\.innerHTML\s*=|insertAdjacentHTML|document\.write|\beval\(|new Function`).Match(b) {
			t.Errorf("%s writes HTML or evaluates code from strings", p)
		}
		if strings.HasSuffix(p, ".js") && regexp.MustCompile(`setAttribute\(\s*['"]style['"]`).Match(b) {
			t.Errorf("%s sets a style attribute, which the policy blocks", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Every file the page or a module names is served.
func TestReferencedAssetsExist(t *testing.T) {
	ts := newServer(t)
	index, _ := files.ReadFile("index.html")
	refs := regexp.MustCompile(`(?:src|href)="(/assets/[^"]+)"`).FindAllStringSubmatch(string(index), -1)
	importRE := regexp.MustCompile(`(?:from\s+|import\(\s*|s\.src\s*=\s*)'(/assets/[^']+)'`)
	err := fs.WalkDir(files, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".js") || strings.HasPrefix(p, "assets/vendor/") {
			return err
		}
		b, _ := files.ReadFile(p)
		refs = append(refs, importRE.FindAllStringSubmatch(string(b), -1)...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(refs) < 8 {
		t.Fatalf("only %d references found", len(refs))
	}
	want := map[string]string{".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml"}
	for _, r := range refs {
		res, _ := get(t, ts, r[1], nil)
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", r[1], res.StatusCode)
			continue
		}
		for ext, ct := range want {
			if strings.HasSuffix(r[1], ext) && res.Header.Get("Content-Type") != ct {
				t.Errorf("%s: Content-Type %q, want %q", r[1], res.Header.Get("Content-Type"), ct)
			}
		}
	}
}

func TestAssetRevalidation(t *testing.T) {
	ts := newServer(t)
	res, body := get(t, ts, "/assets/app.js", nil)
	etag := res.Header.Get("ETag")
	if res.StatusCode != http.StatusOK || etag == "" || len(body) == 0 {
		t.Fatalf("GET /assets/app.js: %d, ETag %q, %d bytes", res.StatusCode, etag, len(body))
	}
	if cc := res.Header.Get("Cache-Control"); cc != "no-cache" {
		t.Errorf("Cache-Control %q, want no-cache", cc)
	}
	res, body = get(t, ts, "/assets/app.js", map[string]string{"If-None-Match": etag})
	if res.StatusCode != http.StatusNotModified || body != "" {
		t.Errorf("revalidation: %d with %d bytes, want 304 and none", res.StatusCode, len(body))
	}
	res, _ = get(t, ts, "/assets/app.js", map[string]string{"If-None-Match": `"other"`})
	if res.StatusCode != http.StatusOK {
		t.Errorf("a stale ETag: %d, want 200", res.StatusCode)
	}
	if res, _ := get(t, ts, "/", nil); res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("the page's Cache-Control is %q, want no-store", res.Header.Get("Cache-Control"))
	}
}

func TestUnknownAssetIsProblem(t *testing.T) {
	ts := newServer(t)
	for _, path := range []string{"/assets/nope.js", "/assets/", "/assets/../web.go", "/assets/%2e%2e/web.go", "/assets/vendor"} {
		res, body := get(t, ts, path, nil)
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, res.StatusCode)
			continue
		}
		var p struct {
			Title string `json:"title"`
			Code  string `json:"code"`
		}
		if err := json.Unmarshal([]byte(body), &p); err != nil || p.Code != "not_found" || p.Title == "" {
			t.Errorf("%s: not a problem document: %s", path, body)
		}
	}
}

func TestHead(t *testing.T) {
	ts := newServer(t)
	for _, path := range []string{"/", "/assets/app.css"} {
		res, err := http.Head(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Security-Policy") != CSP {
			t.Errorf("HEAD %s: %d", path, res.StatusCode)
		}
	}
}

// The vendored Cytoscape.js is the version package-lock.json pins, with
// its licence.
func TestVendoredCytoscape(t *testing.T) {
	var lock struct {
		Packages map[string]struct {
			Version string `json:"version"`
		} `json:"packages"`
	}
	b, err := os.ReadFile("package-lock.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &lock); err != nil {
		t.Fatal(err)
	}
	v := lock.Packages["node_modules/cytoscape"].Version
	if !strings.HasPrefix(v, "3.") {
		t.Fatalf("package-lock.json pins cytoscape %q, want 3.x", v)
	}
	js, err := files.ReadFile("assets/vendor/cytoscape.min.js")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(js), `"`+v+`"`) {
		t.Errorf("assets/vendor/cytoscape.min.js is not cytoscape %s", v)
	}
	lic, err := files.ReadFile("assets/vendor/cytoscape.LICENSE.txt")
	if err != nil || !strings.Contains(string(lic), "Permission is hereby granted") {
		t.Errorf("the licence of Cytoscape.js is missing: %v", err)
	}
}
