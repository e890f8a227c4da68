package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/graph/bolt"
)

// syncBuffer is a goroutine-safe buffer for the server's log.
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

// server runs the whole program's serve command on port 0.
type server struct {
	t      *testing.T
	base   string
	log    *syncBuffer
	cancel context.CancelFunc
	done   chan error
}

func startServer(t *testing.T, env map[string]string, args ...string) *server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	log := &syncBuffer{}
	addr := make(chan string, 1)
	m := &Main{Stdin: strings.NewReader(""), Stdout: log, Stderr: log,
		Getenv:   func(k string) string { return env[k] },
		OnListen: func(a string) { addr <- a }}
	s := &server{t: t, log: log, cancel: cancel, done: make(chan error, 1)}
	go func() { s.done <- m.Run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)) }()
	select {
	case a := <-addr:
		s.base = "http://" + a
	case err := <-s.done:
		t.Fatalf("serve ended before listening: %v\n%s", err, log)
	case <-time.After(120 * time.Second):
		t.Fatalf("serve did not listen\n%s", log)
	}
	return s
}

func (s *server) stop() error {
	s.cancel()
	select {
	case err := <-s.done:
		return err
	case <-time.After(60 * time.Second):
		return fmt.Errorf("serve did not stop")
	}
}

func (s *server) do(method, path, token, ctype string, body io.Reader) (int, []byte) {
	s.t.Helper()
	req, err := http.NewRequest(method, s.base+path, body)
	if err != nil {
		s.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// TestMainEndToEnd runs the program: ingest over HTTP, linked accounts,
// stats, a clean shutdown, and the data still there after a restart.
func TestMainEndToEnd(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"TAKEDOWN_API_KEYS": "analyst:e2e-analyst-token,viewer:e2e-viewer-token"}
	s := startServer(t, env, "--data", dir)
	if !strings.Contains(s.log.String(), "data: embedded store in "+dir) || !strings.Contains(s.log.String(), "sign in") {
		t.Errorf("start-up line must say where the data lives and how to sign in:\n%s", s.log)
	}
	body := strings.Join([]string{
		`{"type":"account","id":"tt:crossing.uk","platform":"tiktok","handle":"crossing.uk","bio":"Trips to UK, WhatsApp +44 7700 900123","status":"active"}`,
		`{"type":"account","id":"x:boats","platform":"x","handle":"Boats_Now","status":"active"}`,
		`{"type":"post","id":"x:status/1","platform":"x","author":"x:boats","text":"Calais this week, call 07700900123"}`,
		`{"type":"page","id":"fb:group/1001","platform":"facebook","name":"UK Jobs and Travel"}`,
		`{"type":"link","kind":"admin_of","from":"x:boats","to":"fb:group/1001"}`,
	}, "\n")
	code, b := s.do("POST", "/v1/ingest", "e2e-viewer-token", "application/x-ndjson", strings.NewReader(body))
	if code != http.StatusForbidden {
		t.Errorf("viewer ingest: %d %s, want 403", code, b)
	}
	code, b = s.do("POST", "/v1/ingest", "e2e-analyst-token", "application/x-ndjson", strings.NewReader(body))
	if code != http.StatusOK {
		t.Fatalf("ingest: %d %s", code, b)
	}
	code, b = s.do("GET", "/v1/accounts/"+url.PathEscape("tt:crossing.uk")+"/linked?depth=2", "e2e-viewer-token", "", nil)
	if code != http.StatusOK {
		t.Fatalf("linked: %d %s", code, b)
	}
	var linked struct {
		Accounts []struct {
			ID    string `json:"id"`
			Paths []struct {
				Steps []struct {
					Text string `json:"text"`
				} `json:"steps"`
			} `json:"paths"`
		} `json:"accounts"`
	}
	if err := json.Unmarshal(b, &linked); err != nil {
		t.Fatal(err)
	}
	if len(linked.Accounts) != 1 || linked.Accounts[0].ID != "x:boats" ||
		linked.Accounts[0].Paths[0].Steps[0].Text != "shares phone +447700900123 with" {
		t.Errorf("linked accounts: %s", b)
	}
	code, b = s.do("GET", "/v1/stats", "e2e-viewer-token", "", nil)
	var st struct{ Accounts, Pages, Posts, Identifiers int }
	if code != http.StatusOK || json.Unmarshal(b, &st) != nil || st.Accounts != 2 || st.Pages != 1 || st.Posts != 1 || st.Identifiers != 1 {
		t.Errorf("stats: %d %s", code, b)
	}
	if err := s.stop(); err != nil {
		t.Fatalf("shutdown: %v\n%s", err, s.log)
	}
	if !strings.Contains(s.log.String(), "stopped") {
		t.Errorf("no clean stop in the log:\n%s", s.log)
	}
	// The store was closed cleanly: it opens again with the data.
	s = startServer(t, env, "--data", dir)
	defer s.stop()
	code, b = s.do("GET", "/v1/accounts?identifier="+url.QueryEscape("0044 7700-900123"), "e2e-viewer-token", "", nil)
	if code != http.StatusOK || !strings.Contains(string(b), `"x:boats"`) || !strings.Contains(string(b), `"tt:crossing.uk"`) {
		t.Errorf("search after restart: %d %s", code, b)
	}
}

// TestGeneratedTokenPrintedOnce checks the first-start admin token: printed
// once, kept only as a hash, accepted after a restart.
func TestGeneratedTokenPrintedOnce(t *testing.T) {
	dir := t.TempDir()
	s := startServer(t, map[string]string{}, "--data", dir)
	log := s.log.String()
	i := strings.Index(log, "generated admin token ")
	if i < 0 {
		t.Fatalf("no generated token in the start-up line:\n%s", log)
	}
	token := strings.Fields(log[i+len("generated admin token "):])[0]
	if code, b := s.do("GET", "/v1/audit", token, "", nil); code != http.StatusOK {
		t.Errorf("admin token: %d %s", code, b)
	}
	s.stop()
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if raw, err := os.ReadFile(path); err == nil && bytes.Contains(raw, []byte(token)) {
				t.Errorf("the token itself was written to %s", path)
			}
		}
		return nil
	})
	s = startServer(t, map[string]string{}, "--data", dir)
	defer s.stop()
	if strings.Contains(s.log.String(), token) || strings.Contains(s.log.String(), "generated admin token") {
		t.Errorf("the token must be printed only once:\n%s", s.log)
	}
	if code, _ := s.do("GET", "/v1/audit", token, "", nil); code != http.StatusOK {
		t.Errorf("token after restart: %d", code)
	}
}

func TestHelpAndVersion(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"ingest", "--help"}, {"serve", "--help"}, {"generate", "--help"}, {"communities", "--help"}} {
		var out bytes.Buffer
		m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &out, Getenv: func(string) string { return "" }}
		_ = m.Run(context.Background(), args)
		if !strings.Contains(out.String(), "Example") && !strings.Contains(out.String(), "example") {
			t.Errorf("%v: help without an example:\n%s", args, out.String())
		}
	}
	var out bytes.Buffer
	m := &Main{Stdout: &out, Stderr: &out, Getenv: func(string) string { return "" }}
	if err := m.Run(context.Background(), []string{"version"}); err != nil || !strings.HasPrefix(out.String(), "takedown ") {
		t.Errorf("version: %v %q", err, out.String())
	}
}

// TestIngestCommand checks the CLI ingest: an invalid file writes nothing
// and names the line and field; a valid one is ingested; replay is a no-op.
func TestIngestCommand(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(t.TempDir(), "bad.ndjson")
	os.WriteFile(bad, []byte(`{"type":"account","id":"a","platform":"x","handle":"a"}
{"type":"account","id":"b","platform":"x","handle":"b","followers":"lots"}
`), 0o644)
	run := func(args ...string) (string, error) {
		var out bytes.Buffer
		m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &out, Getenv: func(string) string { return "" }}
		err := m.Run(context.Background(), args)
		return out.String(), err
	}
	out, err := run("ingest", "--data", dir, bad)
	if err == nil || !strings.Contains(out, "line 2: followers: expected an integer") || !strings.Contains(out, "nothing was written") {
		t.Errorf("bad file: %v\n%s", err, out)
	}
	good := filepath.Join(t.TempDir(), "good.ndjson")
	os.WriteFile(good, []byte(`{"type":"account","id":"a","platform":"x","handle":"a"}`+"\n"), 0o644)
	for i := range 2 {
		out, err = run("ingest", "--data", dir, good)
		if err != nil || !strings.Contains(out, "1 records") {
			t.Errorf("good file, run %d: %v\n%s", i, err, out)
		}
	}
	out, err = run("ingest", "--data", dir, "--skip-invalid", bad)
	if err != nil || !strings.Contains(out, "line 2: followers") || !strings.Contains(out, "1 invalid") {
		t.Errorf("--skip-invalid: %v\n%s", err, out)
	}
}

func TestAuditVerifyCommand(t *testing.T) {
	dir := t.TempDir()
	s, err := bolt.Open(dir, bolt.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if err := s.AppendAudit(context.Background(), &graph.AuditEntry{Actor: "a", Action: "GET /v1/stats", Outcome: fmt.Sprint(200 + i)}); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	run := func() (string, error) {
		var out bytes.Buffer
		m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &out, Getenv: func(string) string { return "" }}
		err := m.Run(context.Background(), []string{"audit", "verify", "--data", dir})
		return out.String(), err
	}
	if out, err := run(); err != nil || !strings.Contains(out, "5 entries, chain intact") {
		t.Fatalf("intact log: %v\n%s", err, out)
	}
	// The last entry removed from the log's file: the chain that is left is
	// whole, the recorded head is not in it.
	segs, _ := filepath.Glob(filepath.Join(dir, "audit", "*.jsonl"))
	if len(segs) != 1 {
		t.Fatalf("segments %v", segs)
	}
	b, _ := os.ReadFile(segs[0])
	b = bytes.TrimRight(b, "\x00") // the zeros it was made of, after its entries
	b = b[:bytes.LastIndexByte(b[:len(b)-1], '\n')+1]
	if err := os.WriteFile(segs[0], b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := run()
	if err == nil || !strings.Contains(out, "BROKEN after 4 good entries") || !strings.Contains(out, "ends at entry 4 but its head is entry 5") {
		t.Errorf("log cut short: %v\n%s", err, out)
	}
}
