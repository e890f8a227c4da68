package api

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/graph/bolt"
)

// matrixCase is how to call one route with valid input, and the status a
// caller allowed to call it gets.
type matrixCase struct {
	build func(n int) req // n makes each call's input unique where needed
	ok    int
}

func TestAuthorizationMatrix(t *testing.T) {
	custom := Route{Method: "GET", Path: "/v1/custom/{id}", Role: Analyst, Summary: "a route added by another package",
		Handler: func(c *gin.Context) { Audit(c, c.Param("id")); JSON(c, 200, map[string]string{"id": c.Param("id")}) }}
	e := newEnv(t, nil, custom)
	e.seed(scenario...)
	cases := map[string]matrixCase{
		"GET /healthz":                 {func(int) req { return req{path: "/healthz"} }, 200},
		"GET /readyz":                  {func(int) req { return req{path: "/readyz"} }, 200},
		"GET /metrics":                 {func(int) req { return req{path: "/metrics"} }, 200},
		"GET /v1/openapi.json":         {func(int) req { return req{path: "/v1/openapi.json"} }, 200},
		"GET /v1/stats":                {func(int) req { return req{path: "/v1/stats"} }, 200},
		"GET /v1/accounts":             {func(int) req { return req{path: "/v1/accounts?q=alpha"} }, 200},
		"GET /v1/accounts/{id}":        {func(int) req { return req{path: "/v1/accounts/x%3Aa"} }, 200},
		"GET /v1/pages/{id}":           {func(int) req { return req{path: "/v1/pages/fb%3Agroup%2F1001"} }, 200},
		"GET /v1/posts/{id}":           {func(int) req { return req{path: "/v1/posts/tt%3Avideo%2F7312"} }, 200},
		"GET /v1/accounts/{id}/linked": {func(int) req { return req{path: "/v1/accounts/x%3Aa/linked?depth=2"} }, 200},
		"GET /v1/paths":                {func(int) req { return req{path: "/v1/paths?from=x%3Aa&to=x%3Ae"} }, 200},
		"GET /v1/identifiers":          {func(int) req { return req{path: "/v1/identifiers?kind=phone&value=07700900123"} }, 200},
		"GET /v1/audit":                {func(int) req { return req{path: "/v1/audit?limit=5"} }, 200},
		"GET /v1/keys":                 {func(int) req { return req{path: "/v1/keys"} }, 200},
		"DELETE /v1/keys/{id}":         {func(int) req { return req{method: "DELETE", path: "/v1/keys/k_nosuchkey"} }, 404},
		"GET /v1/custom/{id}":          {func(int) req { return req{path: "/v1/custom/abc"} }, 200},
		"POST /v1/ingest": {func(n int) req {
			return req{method: "POST", path: "/v1/ingest", ctype: NDJSON,
				body: strings.NewReader(fmt.Sprintf(`{"type":"account","id":"m:%d","platform":"x","handle":"m%d"}`, n, n))}
		}, 200},
		"POST /v1/keys": {func(n int) req {
			return req{method: "POST", path: "/v1/keys", ctype: "application/json",
				body: strings.NewReader(fmt.Sprintf(`{"name":"matrix-%d","role":"viewer"}`, n))}
		}, 201},
	}
	callers := []struct {
		name  string
		token string
		role  Role // Public: no valid key
	}{{"none", "", Public}, {"wrong", wrongToken, Public}, {"viewer", viewerToken, Viewer},
		{"analyst", analystToken, Analyst}, {"admin", adminToken, Admin}}
	n := 0
	for _, rt := range e.srv.Routes() {
		key := rt.Method + " " + rt.Path
		mc, ok := cases[key]
		if !ok {
			t.Errorf("route %s has no case in the authorization matrix", key)
			continue
		}
		delete(cases, key)
		for _, cl := range callers {
			n++
			q := mc.build(n)
			if q.method == "" {
				q.method = "GET"
			}
			q.token = cl.token
			r := e.send(q)
			want := mc.ok
			switch {
			case rt.Role == Public:
			case cl.role == Public:
				want = http.StatusUnauthorized
			case cl.role < rt.Role:
				want = http.StatusForbidden
			}
			if r.status != want {
				t.Errorf("%s as %s: status %d, want %d (%s)", key, cl.name, r.status, want, r.body)
				continue
			}
			if want >= 400 {
				p := r.problem(t)
				if code := map[int]string{401: graph.EUNAUTHORIZED, 403: graph.EFORBIDDEN, 404: graph.ENOTFOUND}[want]; p.Code != code {
					t.Errorf("%s as %s: code %q, want %q", key, cl.name, p.Code, code)
				}
				if want == 401 && r.header.Get("WWW-Authenticate") == "" {
					t.Errorf("%s as %s: 401 without WWW-Authenticate", key, cl.name)
				}
			}
		}
	}
	for key := range cases {
		t.Errorf("matrix case %s matches no route", key)
	}
}

func TestDeniedRequestsAreAudited(t *testing.T) {
	e := newEnv(t, nil)
	e.get("/v1/stats", "")
	e.get("/v1/stats", wrongToken)
	e.get("/v1/audit", viewerToken)
	e.get("/no/such/route", analystToken)
	log := e.auditLog()
	want := []struct{ actor, role, action, outcome string }{
		{"anonymous", "", "GET /v1/stats", "401"},
		{"anonymous", "", "GET /v1/stats", "401"},
		{"env-viewer", "viewer", "GET /v1/audit", "403"},
		{"env-analyst", "analyst", "GET (no route)", "404"},
	}
	if len(log) != len(want) {
		t.Fatalf("audit log has %d entries, want %d: %+v", len(log), len(want), log)
	}
	for i, w := range want {
		g := log[i]
		if g.Actor != w.actor || g.Role != w.role || g.Action != w.action || g.Outcome != w.outcome || g.Request == "" {
			t.Errorf("entry %d = %+v, want %+v", i+1, g, w)
		}
	}
}

func TestTokensNeverLoggedOrAudited(t *testing.T) {
	e := newEnv(t, nil)
	e.seed(scenario...)
	e.get("/v1/accounts/x%3Aa", viewerToken)
	e.get("/v1/stats", wrongToken)
	e.ingestHTTP(analystToken, `{"type":"account","id":"secret-body-id","platform":"x","handle":"h","bio":"SECRET-BIO-TEXT"}`, "")
	logs := e.logs.String()
	for _, tok := range []string{viewerToken, wrongToken, analystToken, "SECRET-BIO-TEXT"} {
		if strings.Contains(logs, tok) {
			t.Errorf("the log holds %q:\n%s", tok, logs)
		}
	}
	if !strings.Contains(logs, `"request_id"`) || !strings.Contains(logs, `"route":"/v1/accounts/:id"`) {
		t.Errorf("request log lines lack request id or route:\n%s", logs)
	}
	for _, a := range e.auditLog() {
		for _, tok := range []string{viewerToken, wrongToken, analystToken} {
			if strings.Contains(fmt.Sprint(a), tok) {
				t.Errorf("audit entry %d holds a token", a.Seq)
			}
		}
	}
}

func TestRateLimit(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.RateLimit = 0.0001; c.RateBurst = 2 })
	for i := range 2 {
		if r := e.get("/v1/stats", viewerToken); r.status != 200 {
			t.Fatalf("request %d within the burst: %d %s", i+1, r.status, r.body)
		}
	}
	r := e.get("/v1/stats", viewerToken)
	if r.status != http.StatusTooManyRequests {
		t.Fatalf("request beyond the burst: %d, want 429", r.status)
	}
	if p := r.problem(t); p.Code != CodeRateLimited {
		t.Errorf("code %q", p.Code)
	}
	ra, err := strconv.Atoi(r.header.Get("Retry-After"))
	if err != nil || ra < 1 {
		t.Errorf("Retry-After = %q, want a positive number of seconds", r.header.Get("Retry-After"))
	}
	if r := e.get("/v1/stats", analystToken); r.status != 200 {
		t.Errorf("another key is limited too: %d", r.status)
	}
	if r := e.get("/healthz", ""); r.status != 200 {
		t.Errorf("health checks must not be limited: %d", r.status)
	}
	last := e.auditLog()
	if a := last[2]; a.Outcome != "429" || a.Actor != "env-viewer" {
		t.Errorf("the refused request is audited as %+v", a)
	}
}

func TestBootstrapGeneratesOnceAndStoresOnlyTheHash(t *testing.T) {
	dir := t.TempDir()
	st, err := bolt.Open(dir, bolt.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	keys, token, err := Bootstrap(ctx, st, "")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(token, TokenPrefix) || len(token) < 40 {
		t.Fatalf("generated token %q", token)
	}
	if k, ok := keys.Authenticate(token); !ok || k.Role != Admin {
		t.Fatalf("the generated token does not sign in as admin: %+v %v", k, ok)
	}
	doc, err := st.GetDoc(ctx, graph.CollMeta, KeysDocID)
	if err != nil {
		t.Fatal(err)
	}
	secret := strings.TrimPrefix(token, TokenPrefix)
	if strings.Contains(string(doc.Body), secret) || strings.Contains(string(doc.Body), secret[:12]) {
		t.Errorf("the stored keys hold the token: %s", doc.Body)
	}
	sum := sha256.Sum256([]byte(token))
	if !strings.Contains(string(doc.Body), hex.EncodeToString(sum[:])) {
		t.Errorf("the stored keys lack the token's SHA-256: %s", doc.Body)
	}
	st.Close()

	st, err = bolt.Open(dir, bolt.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	keys2, again, err := Bootstrap(ctx, st, "")
	if err != nil {
		t.Fatal(err)
	}
	if again != "" {
		t.Errorf("a second start generated another token")
	}
	if _, ok := keys2.Authenticate(token); !ok {
		t.Errorf("the stored hash does not sign in after a restart")
	}
	if _, ok := keys2.Authenticate(token + "x"); ok {
		t.Errorf("a wrong token signs in")
	}
	// With TAKEDOWN_API_KEYS set, both the static and the stored keys work
	// and nothing is generated.
	keys3, gen, err := Bootstrap(ctx, st, "viewer:"+viewerToken)
	if err != nil || gen != "" {
		t.Fatalf("bootstrap with env: %v %q", err, gen)
	}
	if k, ok := keys3.Authenticate(viewerToken); !ok || k.Role != Viewer || k.Name != "env-viewer" {
		t.Errorf("static key: %+v %v", k, ok)
	}
	if _, ok := keys3.Authenticate(token); !ok {
		t.Errorf("stored key lost when env keys are set")
	}
}

func TestBootstrapFreshStoreWithEnvGeneratesNothing(t *testing.T) {
	st, err := bolt.Open(t.TempDir(), bolt.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	_, gen, err := Bootstrap(context.Background(), st, testKeys)
	if err != nil || gen != "" {
		t.Fatalf("%v %q", err, gen)
	}
	if _, err := st.GetDoc(context.Background(), graph.CollMeta, KeysDocID); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Errorf("env keys were stored: %v", err)
	}
}

func TestParseKeys(t *testing.T) {
	k, err := ParseKeys(" admin:" + adminToken + " , viewer:" + viewerToken + ",viewer:" + viewerToken + "2")
	if err != nil {
		t.Fatal(err)
	}
	names := []string{}
	for _, key := range k.List() {
		names = append(names, key.Name+"/"+key.Role.String())
	}
	if got := strings.Join(names, " "); got != "env-admin/admin env-viewer/viewer env-viewer-2/viewer" {
		t.Errorf("keys %s", got)
	}
	for _, bad := range []string{"", "admin", "root:" + adminToken, "admin:short", "admin:" + adminToken + ",viewer:" + adminToken} {
		if _, err := ParseKeys(bad); graph.ErrorCode(err) != graph.EINVALID {
			t.Errorf("ParseKeys(%q) = %v, want invalid", bad, err)
		}
	}
}

func TestKeyLifecycle(t *testing.T) {
	st, err := bolt.Open(t.TempDir(), bolt.Options{})
	if err != nil {
		t.Fatal(err)
	}
	keys, _, err := Bootstrap(context.Background(), st, "admin:"+adminToken)
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, func(c *Config) { c.Keys = keys; c.Store = st })
	r := e.send(req{method: "POST", path: "/v1/keys", token: adminToken, ctype: "application/json",
		body: strings.NewReader(`{"name":"alice","role":"analyst"}`)})
	if r.status != 201 {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	var nk NewKey
	r.json(t, &nk)
	if nk.Token == "" || nk.Role != Analyst || nk.Name != "alice" || nk.ID == "" {
		t.Fatalf("new key %+v", nk)
	}
	if r := e.get("/v1/stats", nk.Token); r.status != 200 {
		t.Errorf("the new key cannot read: %d", r.status)
	}
	if r := e.get("/v1/keys", nk.Token); r.status != 403 {
		t.Errorf("an analyst lists keys: %d", r.status)
	}
	list := e.get("/v1/keys", adminToken)
	if strings.Contains(string(list.body), nk.Token) || strings.Contains(string(list.body), "sha256") {
		t.Errorf("the key list holds secrets: %s", list.body)
	}
	if !strings.Contains(string(list.body), `"name":"alice"`) {
		t.Errorf("the key list lacks alice: %s", list.body)
	}
	dup := e.send(req{method: "POST", path: "/v1/keys", token: adminToken, ctype: "application/json",
		body: strings.NewReader(`{"name":"alice","role":"viewer"}`)})
	if dup.status != 409 {
		t.Errorf("a second alice: %d", dup.status)
	}
	bad := e.send(req{method: "POST", path: "/v1/keys", token: adminToken, ctype: "application/json",
		body: strings.NewReader(`{"name":"bob","role":"root"}`)})
	if bad.status != 400 {
		t.Errorf("unknown role: %d %s", bad.status, bad.body)
	}
	if r := e.send(req{method: "DELETE", path: "/v1/keys/env-admin", token: adminToken}); r.status != 409 {
		t.Errorf("revoking a static key: %d", r.status)
	}
	if r := e.send(req{method: "DELETE", path: "/v1/keys/" + nk.ID, token: adminToken}); r.status != 200 {
		t.Fatalf("revoke: %d %s", r.status, r.body)
	}
	if r := e.get("/v1/stats", nk.Token); r.status != 401 {
		t.Errorf("a revoked key still reads: %d", r.status)
	}
	// The revocation is stored: a restart does not bring the key back.
	keys2, _, err := Bootstrap(context.Background(), st, "admin:"+adminToken)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := keys2.Authenticate(nk.Token); ok {
		t.Errorf("a revoked key signs in after a restart")
	}
}

func TestStaticKeysCannotBeManaged(t *testing.T) {
	fixed, err := ParseKeys(testKeys)
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, func(c *Config) { c.Keys = fixed })
	r := e.send(req{method: "POST", path: "/v1/keys", token: adminToken, ctype: "application/json",
		body: strings.NewReader(`{"name":"alice","role":"viewer"}`)})
	if r.status != 409 {
		t.Errorf("creating a key in a fixed set: %d %s", r.status, r.body)
	}
}
