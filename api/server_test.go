package api

import (
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/takedown/takedown/graph"
)

func TestSecurityHeadersAndRequestID(t *testing.T) {
	e := newEnv(t, nil)
	r := e.send(req{method: "GET", path: "/v1/stats", token: viewerToken, header: map[string]string{"X-Request-ID": "case-42.a_b"}})
	if r.header.Get("X-Request-ID") != "case-42.a_b" {
		t.Errorf("request id not echoed: %q", r.header.Get("X-Request-ID"))
	}
	for k, want := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
		"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"} {
		if got := r.header.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	if csp := r.header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("CSP %q", csp)
	}
	if r.header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("CORS header sent")
	}
	if a := e.auditLog(); a[0].Request != "case-42.a_b" {
		t.Errorf("audit request id %q", a[0].Request)
	}
	// A request id that could forge log lines is replaced.
	r = e.send(req{method: "GET", path: "/healthz", header: map[string]string{"X-Request-ID": "bad id\"}"}})
	if id := r.header.Get("X-Request-ID"); id == "" || strings.ContainsAny(id, " \"}") {
		t.Errorf("unsafe request id kept: %q", id)
	}
	pre := e.send(req{method: "OPTIONS", path: "/v1/stats", header: map[string]string{"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"}})
	if pre.header.Get("Access-Control-Allow-Origin") != "" || pre.status < 400 {
		t.Errorf("a CORS preflight was allowed: %d %v", pre.status, pre.header)
	}
}

func TestMetrics(t *testing.T) {
	e := newEnv(t, nil)
	e.seed(scenario...)
	e.get("/v1/accounts/x%3Aa", viewerToken)
	e.get("/v1/accounts/tt%3Ab", viewerToken)
	e.ingestHTTP(analystToken, `{"type":"account","id":"m1","platform":"x","handle":"m1"}`+"\n"+`{"type":"account","id":"m2","platform":"x","handle":"m2"}`, "")
	e.ingestHTTP(analystToken, `{"type":"acount"}`, "")
	e.get("/nope/x%3Aa", "")
	body := string(e.get("/metrics", "").body)
	for _, want := range []string{
		`takedown_http_requests_total{method="GET",route="/v1/accounts/:id",status="200"} 2`,
		`takedown_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
		`takedown_http_request_duration_seconds_bucket{method="GET",route="/v1/accounts/:id",le="+Inf"} 2`,
		"takedown_ingest_records_total 2", "takedown_ingest_batches_total 1", "takedown_ingest_rejected_total 1",
		"takedown_ingest_invalid_lines_total 1", "go_goroutines",
		// every request so far waited for its audit entry
		"takedown_audit_append_duration_seconds_count 5",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if strings.Contains(body, "x:a") || strings.Contains(body, "tt:b") {
		t.Errorf("metrics hold ids")
	}
}

func TestPanicsAndInternalErrorsAreProblems(t *testing.T) {
	boom := Route{Method: "GET", Path: "/v1/boom", Role: Viewer, Summary: "panics",
		Handler: func(c *gin.Context) { panic("secret internal state") }}
	fail := Route{Method: "GET", Path: "/v1/fail", Role: Viewer, Summary: "fails",
		Handler: func(c *gin.Context) { Error(c, graph.Internal(errTest("disk /var/secret/path is full"))) }}
	e := newEnv(t, nil, boom, fail)
	for _, path := range []string{"/v1/boom", "/v1/fail"} {
		r := e.get(path, viewerToken)
		if r.status != 500 {
			t.Fatalf("%s: %d", path, r.status)
		}
		p := r.problem(t)
		if p.Code != graph.EINTERNAL || strings.Contains(string(r.body), "secret") {
			t.Errorf("%s: %s", path, r.body)
		}
		if !strings.Contains(e.logs.String(), p.RequestID) {
			t.Errorf("%s: the failure is not logged with its request id", path)
		}
	}
	if !strings.Contains(e.logs.String(), "disk /var/secret/path is full") {
		t.Errorf("the internal cause is not logged")
	}
	log := e.auditLog()
	if log[0].Outcome != "500" || log[0].Action != "GET /v1/boom" {
		t.Errorf("the panic is audited as %+v", log[0])
	}
}

type errTest string

func (e errTest) Error() string { return string(e) }

func TestRequestDeadline(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.RequestTimeout = time.Nanosecond })
	e.seed(scenario...)
	r := e.get("/v1/accounts/x%3Aa/linked", viewerToken)
	if r.status != 503 {
		t.Fatalf("a request past its deadline: %d %s", r.status, r.body)
	}
	if p := r.problem(t); p.Code != CodeTimeout {
		t.Errorf("code %q", p.Code)
	}
	if a := e.auditLog(); len(a) != 1 || a[0].Outcome != "503" {
		t.Errorf("the timed-out request is not audited: %+v", a)
	}
}

func TestReadyAndAuditFailure(t *testing.T) {
	e := newEnv(t, nil)
	if r := e.get("/readyz", ""); r.status != 200 {
		t.Fatalf("ready: %d", r.status)
	}
	e.store.Close()
	r := e.get("/readyz", "")
	if r.status != 503 || r.problem(t).Code != CodeUnavailable {
		t.Errorf("closed store: %d %s", r.status, r.body)
	}
	if r := e.get("/healthz", ""); r.status != 200 {
		t.Errorf("liveness with a closed store: %d", r.status)
	}
	// Nothing is served that cannot be audited.
	r = e.get("/v1/keys", adminToken)
	if r.status != 500 || strings.Contains(string(r.body), "env-admin") {
		t.Errorf("an unaudited answer was served: %d %s", r.status, r.body)
	}
	if !strings.Contains(string(r.body), "audited") {
		t.Errorf("detail %s", r.body)
	}
}
