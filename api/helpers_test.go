package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/graph/bolt"
	"github.com/takedown/takedown/graph/ingest"
)

// Tokens of the test keys.
const (
	adminToken   = "admin-token-0123456789abcdef"
	analystToken = "analyst-token-0123456789abcdef"
	viewerToken  = "viewer-token-0123456789abcdef"
	wrongToken   = "wrong-token-0123456789abcdef"
)

var testKeys = "admin:" + adminToken + ",analyst:" + analystToken + ",viewer:" + viewerToken

// syncBuffer collects log output from concurrent requests.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type env struct {
	t     *testing.T
	store *bolt.Store
	srv   *Server
	ts    *httptest.Server
	logs  *syncBuffer
}

// newEnv serves a new bolt store in a temporary directory. edit may change
// the configuration and add routes before the server starts.
func newEnv(t *testing.T, edit func(*Config), routes ...Route) *env {
	t.Helper()
	st, err := bolt.Open(t.TempDir(), bolt.Options{})
	if err != nil {
		t.Fatal(err)
	}
	keys, _, err := Bootstrap(context.Background(), st, testKeys)
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	cfg := Config{Store: st, Keys: keys, Region: "GB", Version: "test", RateLimit: -1,
		Logger: slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	if edit != nil {
		edit(&cfg)
	}
	if bs, ok := cfg.Store.(*bolt.Store); ok && bs != st {
		st.Close()
		st = bs
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, rt := range routes {
		if err := srv.Handle(rt); err != nil {
			t.Fatal(err)
		}
	}
	ts := httptest.NewServer(srv.Handler())
	e := &env{t: t, store: st, srv: srv, ts: ts, logs: logs}
	t.Cleanup(func() {
		ts.Close()
		st.Close()
	})
	return e
}

type resp struct {
	status int
	header http.Header
	body   []byte
}

func (r *resp) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %d %s: %v", r.status, r.body, err)
	}
}

func (r *resp) problem(t *testing.T) Problem {
	t.Helper()
	if ct := r.header.Get("Content-Type"); ct != ProblemContentType {
		t.Fatalf("status %d: content type %q, want %s; body %s", r.status, ct, ProblemContentType, r.body)
	}
	var p Problem
	r.json(t, &p)
	if p.Status != r.status || p.Type == "" || p.Title == "" || p.Code == "" || p.Detail == "" {
		t.Fatalf("incomplete problem for status %d: %+v", r.status, p)
	}
	return p
}

// req is one request to send.
type req struct {
	method, path, token string
	body                io.Reader
	ctype               string
	header              map[string]string
}

func (e *env) send(q req) *resp {
	e.t.Helper()
	hr, err := http.NewRequest(q.method, e.ts.URL+q.path, q.body)
	if err != nil {
		e.t.Fatal(err)
	}
	if q.token != "" {
		hr.Header.Set("Authorization", "Bearer "+q.token)
	}
	if q.ctype != "" {
		hr.Header.Set("Content-Type", q.ctype)
	}
	for k, v := range q.header {
		hr.Header.Set(k, v)
	}
	res, err := e.ts.Client().Do(hr)
	if err != nil {
		e.t.Fatalf("%s %s: %v", q.method, q.path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return &resp{status: res.StatusCode, header: res.Header, body: b}
}

func (e *env) get(path, token string) *resp {
	e.t.Helper()
	return e.send(req{method: "GET", path: path, token: token})
}

func (e *env) ingestHTTP(token, body string, query string) *resp {
	e.t.Helper()
	return e.send(req{method: "POST", path: "/v1/ingest" + query, token: token, body: strings.NewReader(body), ctype: NDJSON})
}

// seed writes lines to the store directly.
func (e *env) seed(lines ...string) {
	e.t.Helper()
	if _, err := ingest.Reader(context.Background(), e.store, strings.NewReader(strings.Join(lines, "\n")), ingest.Options{Region: "GB"}); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) stats() string {
	e.t.Helper()
	st, err := e.store.Stats(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	b, _ := json.Marshal(st)
	return string(b)
}

func (e *env) auditLog() []graph.AuditEntry {
	e.t.Helper()
	all, err := e.store.Audit(context.Background(), graph.AuditQuery{Limit: 100000})
	if err != nil {
		e.t.Fatal(err)
	}
	return all
}

// escapeAll percent-encodes every byte but letters and digits, as a client
// that escapes conservatively would: fb:group/1001 → fb%3Agroup%2F1001.
func escapeAll(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			b.WriteByte(c)
		} else {
			b.WriteString("%" + strings.ToUpper(hex2(c)))
		}
	}
	return b.String()
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&15]})
}

// scenario is a small graph: a phone shared between an account's bio and
// another's post, a page with two admins, a repost and a follow.
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
