package api

import (
	"context"
	"encoding/json"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/gin-gonic/gin"
)

var ginParamRE = regexp.MustCompile(`[:*]([A-Za-z_][A-Za-z0-9_]*)`)

// TestOpenAPIMatchesRoutes loads the served document with kin-openapi,
// validates it, and checks that every Gin route is in it and every
// operation in it is a Gin route.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	extra := Route{Method: "GET", Path: "/v1/extra/{id}", Role: Viewer, Summary: "added by another package",
		Query: []Param{{Name: "n", Type: "integer"}}, Response: struct {
			ID string `json:"id"`
		}{}, Handler: func(c *gin.Context) { JSON(c, 200, map[string]string{"id": c.Param("id")}) }}
	e := newEnv(t, nil, extra)
	r := e.get("/v1/openapi.json", "")
	if r.status != 200 {
		t.Fatalf("%d %s", r.status, r.body)
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(r.body)
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("invalid OpenAPI document: %v", err)
	}
	inDoc := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			inDoc[method+" "+path] = true
		}
	}
	served := map[string]bool{}
	for _, ri := range e.srv.engine.Routes() {
		served[ri.Method+" "+ginParamRE.ReplaceAllString(ri.Path, "{$1}")] = true
	}
	for k := range served {
		if !inDoc[k] {
			t.Errorf("route %s is not in the OpenAPI document", k)
		}
	}
	for k := range inDoc {
		if !served[k] {
			t.Errorf("the OpenAPI document has %s, which is not served", k)
		}
	}
	if len(served) < 18 || !served["GET /v1/extra/{id}"] {
		t.Errorf("served routes %v", sortedKeys(served))
	}
	op := doc.Paths.Find("/v1/accounts/{id}/linked").Get
	if op == nil || op.Security == nil || len(*op.Security) != 1 || op.Parameters.GetByInAndName("query", "depth") == nil {
		t.Errorf("linked operation lacks its security or parameters: %+v", op)
	}
	if h := doc.Paths.Find("/healthz").Get; h.Security == nil || len(*h.Security) != 0 {
		t.Errorf("healthz must need no sign-in: %+v", h.Security)
	}
}

// TestResponsesMatchTheDocument checks real answers against the schemas
// of the document, so the schemas derived from Go types stay right.
func TestResponsesMatchTheDocument(t *testing.T) {
	e := newEnv(t, nil)
	e.seed(scenario...)
	doc, err := openapi3.NewLoader().LoadFromData(e.get("/v1/openapi.json", "").body)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ path, template, token string }{
		{"/healthz", "/healthz", ""},
		{"/v1/stats", "/v1/stats", viewerToken},
		{"/v1/accounts?q=a", "/v1/accounts", viewerToken},
		{"/v1/accounts/tt%3Ab", "/v1/accounts/{id}", viewerToken},
		{"/v1/posts/tt%3Avideo%2F7312", "/v1/posts/{id}", viewerToken},
		{"/v1/accounts/x%3Aa/linked?depth=3", "/v1/accounts/{id}/linked", viewerToken},
		{"/v1/paths?from=x%3Aa&to=x%3Ae", "/v1/paths", viewerToken},
		{"/v1/identifiers?value=07700900123", "/v1/identifiers", viewerToken},
		{"/v1/audit", "/v1/audit", adminToken},
		{"/v1/keys", "/v1/keys", adminToken},
		{"/v1/accounts/nobody", "/v1/accounts/{id}", viewerToken},
	}
	for _, c := range cases {
		r := e.get(c.path, c.token)
		op := doc.Paths.Find(c.template).Get
		ref := op.Responses.Status(r.status)
		if ref == nil {
			ref = op.Responses.Default()
		}
		ct := strings.Split(r.header.Get("Content-Type"), ";")[0]
		mt := ref.Value.Content.Get(ct)
		if mt == nil {
			t.Errorf("%s: %d %s is not documented", c.path, r.status, ct)
			continue
		}
		var v any
		if err := json.Unmarshal(r.body, &v); err != nil {
			t.Fatal(err)
		}
		if err := mt.Schema.Value.VisitJSON(v); err != nil {
			t.Errorf("%s: the %d answer does not match its schema: %v\n%s", c.path, r.status, err, r.body)
		}
	}
}

func TestRoutesOfOtherPackages(t *testing.T) {
	var got []string
	rt := Route{Method: "POST", Path: "/v1/referrals/{id}/send", Role: Analyst, Summary: "send a referral",
		Handler: func(c *gin.Context) {
			k, _ := CallerOf(c)
			Audit(c, c.Param("id"))
			got = append(got, k.Name+" "+c.Param("id"))
			JSON(c, 202, map[string]string{"status": "queued"})
		}}
	page := Route{Method: "GET", Path: "/", Role: Public, Summary: "the web page", ResponseType: "text/html; charset=utf-8",
		Handler: func(c *gin.Context) {
			c.Header("Content-Security-Policy", "default-src 'self'")
			c.Data(200, "text/html; charset=utf-8", []byte("<!doctype html><title>Takedown</title>"))
		}}
	assets := Route{Method: "GET", Path: "/assets/{file...}", Role: Public, Summary: "static files",
		Handler: func(c *gin.Context) { c.String(200, "file %s", c.Param("file")) }}
	e := newEnv(t, nil, rt, page, assets)
	if r := e.send(req{method: "POST", path: "/v1/referrals/r%2F1/send", token: viewerToken}); r.status != 403 {
		t.Errorf("viewer: %d", r.status)
	}
	r := e.send(req{method: "POST", path: "/v1/referrals/r%2F1/send", token: analystToken})
	if r.status != 202 || len(got) != 1 || got[0] != "env-analyst r/1" {
		t.Errorf("analyst: %d %s %v", r.status, r.body, got)
	}
	log := e.auditLog()
	if a := log[len(log)-1]; a.Action != "POST /v1/referrals/:id/send" || a.Outcome != "202" || strings.Join(a.Entities, ",") != "r/1" {
		t.Errorf("audit %+v", a)
	}
	if r := e.get("/", ""); r.status != 200 || r.header.Get("Content-Security-Policy") != "default-src 'self'" ||
		r.header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("web page: %d %v", r.status, r.header)
	}
	if r := e.get("/assets/js/app.js", ""); r.status != 200 || string(r.body) != "file /js/app.js" {
		t.Errorf("assets: %d %s", r.status, r.body)
	}
	if err := e.srv.Handle(Route{Method: "GET", Path: "/late", Handler: page.Handler}); err == nil {
		t.Errorf("a route added after Handler was accepted")
	}
}

func TestHandleRejectsBadRoutes(t *testing.T) {
	e := newEnv(t, nil)
	_ = e
	srv, err := New(Config{Store: e.store, Keys: e.srv.keys})
	if err != nil {
		t.Fatal(err)
	}
	h := func(c *gin.Context) {}
	bad := []Route{
		{Method: "GET", Path: "/v1/stats", Role: Viewer, Handler: h},            // already served
		{Method: "GET", Path: "v1/x", Role: Viewer, Handler: h},                 // not absolute
		{Method: "GET", Path: "/v1/x/:id", Role: Viewer, Handler: h},            // Gin syntax
		{Method: "GET", Path: "/v1/x/a{id}", Role: Viewer, Handler: h},          // partial segment
		{Method: "GET", Path: "/v1/{f...}/x", Role: Viewer, Handler: h},         // catch-all not last
		{Method: "BREW", Path: "/v1/coffee", Role: Viewer, Handler: h},          // method
		{Method: "GET", Path: "/v1/nohandler", Role: Viewer},                    // handler
		{Method: "GET", Path: "/v1/accounts/{other}", Role: Viewer, Handler: h}, // conflicts with {id}
	}
	for _, rt := range bad {
		if err := srv.Handle(rt); err == nil {
			t.Errorf("Handle(%s %s) accepted", rt.Method, rt.Path)
		}
	}
	if err := srv.Handle(Route{Method: "get", Path: "/v1/fine/{id}", Role: Viewer, Handler: h}); err != nil {
		t.Errorf("a good route: %v", err)
	}
	names := []string{}
	for _, r := range srv.Routes() {
		names = append(names, r.Method+" "+r.Path)
	}
	sort.Strings(names)
	if !strings.Contains(strings.Join(names, "\n"), "GET /v1/fine/{id}") {
		t.Errorf("routes %v", names)
	}
}
