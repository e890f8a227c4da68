package api

import (
	"encoding/json"
	"io"
	"net/url"
	"strings"
	"testing"

	"github.com/takedown/takedown/graph"
)

func TestRejectedIngestsChangeNothing(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.MaxBodyBytes = 4096 })
	e.seed(scenario...)
	before := e.stats()
	big := strings.Repeat(`{"type":"account","id":"big","platform":"x","handle":"big"}`+"\n", 200)
	cases := []struct {
		name   string
		q      req
		status int
		code   string
	}{
		{"malformed lines", req{method: "POST", path: "/v1/ingest", ctype: NDJSON, body: strings.NewReader(
			`{"type":"account","id":"fresh","platform":"x","handle":"f"}` + "\n" +
				`{"type":"acount","id":"y"}` + "\n" +
				`{"type":"post","id":"p","platform":"x","posted_at":"yesterday"}` + "\n" +
				`{not json`)}, 400, graph.EINVALID},
		{"wrong content type", req{method: "POST", path: "/v1/ingest", ctype: "application/json",
			body: strings.NewReader(`{"type":"account","id":"fresh","platform":"x","handle":"f"}`)}, 415, CodeUnsupportedMedia},
		{"no content type", req{method: "POST", path: "/v1/ingest",
			body: strings.NewReader(`{"type":"account","id":"fresh","platform":"x","handle":"f"}`)}, 415, CodeUnsupportedMedia},
		{"oversized body", req{method: "POST", path: "/v1/ingest", ctype: NDJSON, body: strings.NewReader(big)}, 413, graph.ETOOLARGE},
		// An io.Reader of unknown length is sent chunked, without a
		// Content-Length: the limit is met while reading.
		{"oversized chunked body", req{method: "POST", path: "/v1/ingest", ctype: NDJSON,
			body: io.MultiReader(strings.NewReader(big))}, 413, graph.ETOOLARGE},
		{"conflicting kinds", req{method: "POST", path: "/v1/ingest", ctype: NDJSON, body: strings.NewReader(
			`{"type":"account","id":"fresh","platform":"x","handle":"fresh"}` + "\n" +
				`{"type":"page","id":"x:a","platform":"facebook","name":"clash"}`)}, 409, graph.ECONFLICT},
		{"bad region", req{method: "POST", path: "/v1/ingest?region=Great+Britain", ctype: NDJSON,
			body: strings.NewReader(`{"type":"account","id":"fresh","platform":"x","handle":"f"}`)}, 400, graph.EINVALID},
		{"bad skip_invalid", req{method: "POST", path: "/v1/ingest?skip_invalid=perhaps", ctype: NDJSON,
			body: strings.NewReader(`{"type":"account","id":"fresh","platform":"x","handle":"f"}`)}, 400, graph.EINVALID},
	}
	for _, c := range cases {
		c.q.token = analystToken
		r := e.send(c.q)
		if r.status != c.status {
			t.Errorf("%s: status %d, want %d: %s", c.name, r.status, c.status, r.body)
			continue
		}
		if p := r.problem(t); p.Code != c.code {
			t.Errorf("%s: code %q, want %q", c.name, p.Code, c.code)
		}
		if after := e.stats(); after != before {
			t.Errorf("%s changed the stats:\n %s\n %s", c.name, before, after)
		}
	}
}

func TestIngestProblemsNameLineFieldAndReason(t *testing.T) {
	e := newEnv(t, nil)
	r := e.ingestHTTP(analystToken, `{"type":"account","id":"ok","platform":"x","handle":"ok"}
{"type":"acount","id":"y"}
{"type":"post","id":"p","platform":"x","posted_at":"yesterday"}
{not json`, "")
	p := r.problem(t)
	if r.status != 400 || p.Code != graph.EINVALID || p.Invalid != 3 || len(p.Problems) != 3 {
		t.Fatalf("%d %+v", r.status, p)
	}
	want := []struct {
		line  int64
		field string
	}{{2, "type"}, {3, "posted_at"}, {4, ""}}
	for i, w := range want {
		g := p.Problems[i]
		if g.Line != w.line || g.Field != w.field || g.Reason == "" {
			t.Errorf("problem %d = %+v, want line %d field %q and a reason", i, g, w.line, w.field)
		}
	}
	if _, err := e.store.Entity(t.Context(), "ok"); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Errorf("the valid line of a rejected body was written: %v", err)
	}
	// skip_invalid writes the valid line and reports the others.
	r = e.ingestHTTP(analystToken, `{"type":"account","id":"ok","platform":"x","handle":"ok"}
{"type":"acount","id":"y"}`, "?skip_invalid=true")
	var res IngestResult
	r.json(t, &res)
	if r.status != 200 || res.Accounts != 1 || res.Invalid != 1 || len(res.Problems) != 1 || res.Lines != 2 || res.Records != 1 {
		t.Errorf("skip_invalid: %d %+v", r.status, res)
	}
}

func TestProblemsForBadRequests(t *testing.T) {
	e := newEnv(t, nil)
	e.seed(scenario...)
	cases := []struct {
		name   string
		q      req
		status int
		code   string
	}{
		{"unknown route", req{method: "GET", path: "/v1/nothing"}, 404, graph.ENOTFOUND},
		{"unknown route, signed in", req{method: "GET", path: "/v2/accounts", token: viewerToken}, 404, graph.ENOTFOUND},
		{"trailing slash", req{method: "GET", path: "/v1/stats/", token: viewerToken}, 404, graph.ENOTFOUND},
		{"wrong method", req{method: "PUT", path: "/v1/stats", token: viewerToken}, 405, CodeMethodNotAllowed},
		{"unknown account", req{method: "GET", path: "/v1/accounts/nobody", token: viewerToken}, 404, graph.ENOTFOUND},
		{"page asked as an account", req{method: "GET", path: "/v1/accounts/fb%3Agroup%2F1001", token: viewerToken}, 404, graph.ENOTFOUND},
		{"depth beyond 3", req{method: "GET", path: "/v1/accounts/x%3Aa/linked?depth=4", token: viewerToken}, 400, graph.EINVALID},
		{"depth not a number", req{method: "GET", path: "/v1/accounts/x%3Aa/linked?depth=two", token: viewerToken}, 400, graph.EINVALID},
		{"unknown evidence", req{method: "GET", path: "/v1/accounts/x%3Aa/linked?kinds=shared_phone,telepathy", token: viewerToken}, 400, graph.EINVALID},
		{"min_strength beyond 1", req{method: "GET", path: "/v1/accounts/x%3Aa/linked?min_strength=2", token: viewerToken}, 400, graph.EINVALID},
		{"page too large", req{method: "GET", path: "/v1/accounts?limit=1001", token: viewerToken}, 400, graph.EINVALID},
		{"bad cursor", req{method: "GET", path: "/v1/accounts?q=a&cursor=%25%25%25", token: viewerToken}, 400, graph.EINVALID},
		{"bad status", req{method: "GET", path: "/v1/accounts?status=gone", token: viewerToken}, 400, graph.EINVALID},
		{"path without to", req{method: "GET", path: "/v1/paths?from=x%3Aa", token: viewerToken}, 400, graph.EINVALID},
		{"no path", req{method: "GET", path: "/v1/paths?from=x%3Aa&to=nobody", token: viewerToken}, 404, graph.ENOTFOUND},
		{"identifier without value", req{method: "GET", path: "/v1/identifiers?kind=phone", token: viewerToken}, 400, graph.EINVALID},
		{"unknown identifier kind", req{method: "GET", path: "/v1/identifiers?kind=fax&value=1", token: viewerToken}, 400, graph.EINVALID},
		{"unused identifier", req{method: "GET", path: "/v1/identifiers?value=%2B447911000000", token: viewerToken}, 404, graph.ENOTFOUND},
		{"audit since not a time", req{method: "GET", path: "/v1/audit?since=monday", token: adminToken}, 400, graph.EINVALID},
		{"malformed key body", req{method: "POST", path: "/v1/keys", token: adminToken, ctype: "application/json", body: strings.NewReader(`{"name":`)}, 400, graph.EINVALID},
		{"unknown key field", req{method: "POST", path: "/v1/keys", token: adminToken, ctype: "application/json", body: strings.NewReader(`{"name":"a","role":"viewer","admin":true}`)}, 400, graph.EINVALID},
		{"key body not JSON", req{method: "POST", path: "/v1/keys", token: adminToken, ctype: "text/plain", body: strings.NewReader(`name=a`)}, 415, CodeUnsupportedMedia},
	}
	for _, c := range cases {
		r := e.send(c.q)
		if r.status != c.status {
			t.Errorf("%s: status %d, want %d: %s", c.name, r.status, c.status, r.body)
			continue
		}
		p := r.problem(t)
		if p.Code != c.code {
			t.Errorf("%s: code %q, want %q", c.name, p.Code, c.code)
		}
		if p.RequestID == "" || p.RequestID != r.header.Get("X-Request-ID") {
			t.Errorf("%s: problem request id %q, header %q", c.name, p.RequestID, r.header.Get("X-Request-ID"))
		}
		if c.status == 405 && r.header.Get("Allow") != "GET" {
			t.Errorf("%s: Allow = %q", c.name, r.header.Get("Allow"))
		}
	}
}

// weirdIDs are ids that a careless layer would split, unescape, quote or
// execute.
var weirdIDs = []string{
	`a"b'c`, `{}[]()`, "MATCH (n) DETACH DELETE n //", "'; DROP TABLE accounts; --", `"}; MATCH (m) RETURN m; //`,
	"حساب:١٢٣", "🚤/boat\\path", "x:a b\tc", "fb:group/1001", "100%", "%2F", "a+b/c d", "?x=1#frag", "/leading/", "..", "a/../b",
}

func TestWeirdIDsRoundTrip(t *testing.T) {
	e := newEnv(t, nil)
	var lines []string
	for _, id := range weirdIDs {
		b, _ := json.Marshal(map[string]any{"type": "account", "id": id, "platform": "x", "handle": "h", "name": id, "bio": "RTL " + id})
		lines = append(lines, string(b))
	}
	l, _ := json.Marshal(map[string]any{"type": "link", "kind": "follows", "from": weirdIDs[0], "to": weirdIDs[2]})
	lines = append(lines, string(l))
	if r := e.ingestHTTP(analystToken, strings.Join(lines, "\n"), ""); r.status != 200 {
		t.Fatalf("ingest: %d %s", r.status, r.body)
	}
	for _, id := range weirdIDs {
		for _, esc := range []string{escapeAll(id), url.PathEscape(id)} {
			r := e.get("/v1/accounts/"+esc, viewerToken)
			if r.status != 200 {
				t.Errorf("GET /v1/accounts/%s (id %q): %d %s", esc, id, r.status, r.body)
				continue
			}
			var v graph.EntityView
			r.json(t, &v)
			if v.ID != id || v.Name != id || v.Bio != "RTL "+id {
				t.Errorf("round trip of %q via %s: id %q name %q bio %q", id, esc, v.ID, v.Name, v.Bio)
			}
		}
	}
	r := e.get("/v1/accounts/"+escapeAll(weirdIDs[0])+"/linked?depth=1", viewerToken)
	var lr graph.LinkedResult
	r.json(t, &lr)
	if r.status != 200 || lr.From != weirdIDs[0] || len(lr.Accounts) != 1 || lr.Accounts[0].ID != weirdIDs[2] {
		t.Errorf("linked from %q: %d %s", weirdIDs[0], r.status, r.body)
	}
	// The audit entries name the ids exactly.
	found := false
	for _, a := range e.auditLog() {
		if a.Action == "GET /v1/accounts/:id" && len(a.Entities) == 1 && a.Entities[0] == "a+b/c d" {
			found = true
		}
	}
	if !found {
		t.Errorf("no audit entry names the id %q exactly", "a+b/c d")
	}
}
