package api

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/graph/ident"
)

// Health is the answer of /healthz.
type Health struct {
	Status  string `json:"status"`
	Version string `json:"version"`
}

// PathResult is the answer of /v1/paths.
type PathResult struct {
	From string `json:"from"`
	To   string `json:"to"`
	graph.Path
}

// AuditPage is one page of the audit log.
type AuditPage struct {
	Items []graph.AuditEntry `json:"items"`
	// Next is the after of the next page, empty on the last one.
	Next string `json:"next,omitempty"`
}

// KeyList is the answer of GET /v1/keys.
type KeyList struct {
	Items []Key `json:"items"`
}

// NewKeyRequest is the body of POST /v1/keys.
type NewKeyRequest struct {
	Name string `json:"name"`
	Role Role   `json:"role"`
}

// NewKey is the answer of POST /v1/keys: the key and its token, shown once.
type NewKey struct {
	Key
	Token string `json:"token"`
}

var (
	qLimit = func(def, max int) Param {
		return Param{Name: "limit", Type: "integer", Description: "results per page, 1 to " + strconv.Itoa(max) + ", default " + strconv.Itoa(def)}
	}
	qCursor = Param{Name: "cursor", Description: "the next of the previous page"}
	qRegion = Param{Name: "region", Description: "default region of national phone numbers (ISO 3166 alpha-2), e.g. GB"}
)

func (s *Server) builtinRoutes() []Route {
	maxPage := s.cfg.MaxPageSize
	statuses := []string{string(graph.StatusActive), string(graph.StatusRemoved), string(graph.StatusSuspended), string(graph.StatusUnknown)}
	return []Route{
		{Method: "GET", Path: "/healthz", Role: Public, Handler: s.healthz, Tag: "operations",
			Summary: "Liveness: the process answers", Response: Health{}},
		{Method: "GET", Path: "/readyz", Role: Public, Handler: s.readyz, Tag: "operations",
			Summary: "Readiness: the store is open and answers", Response: Health{}},
		{Method: "GET", Path: "/metrics", Role: Public, Handler: gin.WrapH(promhttp.HandlerFor(s.cfg.Registry, promhttp.HandlerOpts{})),
			Tag: "operations", Summary: "Prometheus metrics (no sign-in; counts by route template only, no ids)",
			ResponseType: "text/plain; version=0.0.4"},
		{Method: "GET", Path: "/v1/openapi.json", Role: Public, Handler: s.openapiDoc, Tag: "operations",
			Summary: "This OpenAPI 3 document", Response: map[string]any{}},
		{Method: "POST", Path: "/v1/ingest", Role: Analyst, Handler: s.ingest, Tag: "ingest",
			Summary:     "Ingest NDJSON records, all or nothing",
			Description: "The body is written in one transaction: every valid line, or nothing. Invalid lines answer 400 with each line's number, field and reason in problems; with skip_invalid=true the valid lines are written and the invalid ones reported.",
			Query:       []Param{{Name: "skip_invalid", Type: "boolean", Description: "write the valid lines and report the invalid ones"}, qRegion},
			Body:        &Body{ContentType: "application/x-ndjson", Description: "one record per line in the ingest format"},
			Response:    IngestResult{}},
		{Method: "GET", Path: "/v1/stats", Role: Viewer, Handler: s.stats, Tag: "graph",
			Summary: "Counts per kind, status and platform", Response: graph.Stats{}},
		{Method: "GET", Path: "/v1/accounts", Role: Viewer, Handler: s.searchAccounts, Tag: "graph",
			Summary: "Search accounts by handle or name prefix, platform, status or identifier",
			Query: []Param{{Name: "q", Description: "prefixes of the handle or name's words"}, {Name: "platform"},
				{Name: "status", Enum: statuses}, {Name: "identifier", Description: "an identifier in any spelling"},
				qRegion, qLimit(50, maxPage), qCursor},
			Response: graph.AccountPage{}},
		{Method: "GET", Path: "/v1/accounts/{id}", Role: Viewer, Handler: s.entity(graph.KindAccount), Tag: "graph",
			Summary: "One account with its identifiers, link counts and latest posts", Response: graph.EntityView{}},
		{Method: "GET", Path: "/v1/pages/{id}", Role: Viewer, Handler: s.entity(graph.KindPage), Tag: "graph",
			Summary: "One page, group or channel", Response: graph.EntityView{}},
		{Method: "GET", Path: "/v1/posts/{id}", Role: Viewer, Handler: s.entity(graph.KindPost), Tag: "graph",
			Summary: "One post", Response: graph.EntityView{}},
		{Method: "GET", Path: "/v1/accounts/{id}/linked", Role: Viewer, Handler: s.linked, Tag: "graph",
			Summary: "Accounts tied to this one by evidence, within depth steps",
			Query: []Param{{Name: "depth", Type: "integer", Description: "1 to " + strconv.Itoa(s.cfg.MaxDepth) + ", default 2"},
				{Name: "kinds", Description: "comma-separated evidence kinds (shared_phone, co_admin, ...); all if empty"},
				{Name: "min_strength", Type: "number", Description: "0 to 1"}, qLimit(100, maxPage)},
			Response: graph.LinkedResult{}},
		{Method: "GET", Path: "/v1/paths", Role: Viewer, Handler: s.paths, Tag: "graph",
			Summary:  "The shortest evidence path between two accounts",
			Query:    []Param{{Name: "from", Required: true}, {Name: "to", Required: true}},
			Response: PathResult{}},
		{Method: "GET", Path: "/v1/identifiers", Role: Viewer, Handler: s.identifier, Tag: "graph",
			Summary: "The entities that use an identifier, given in any spelling",
			Query: []Param{{Name: "value", Required: true}, {Name: "kind", Enum: ident.Kinds,
				Description: "the identifier's kind; guessed from the value if empty"}, qRegion},
			Response: graph.IdentifierView{}},
		{Method: "GET", Path: "/v1/audit", Role: Admin, Handler: s.auditLog, Tag: "admin",
			Summary: "The audit log, oldest first",
			Query: []Param{{Name: "actor", Description: "a key name, or anonymous"}, {Name: "since", Description: "RFC 3339 time"},
				{Name: "after", Type: "integer", Description: "the next of the previous page"}, qLimit(100, maxPage)},
			Response: AuditPage{}},
		{Method: "GET", Path: "/v1/keys", Role: Admin, Handler: s.listKeys, Tag: "admin",
			Summary: "API keys (never their tokens)", Response: KeyList{}},
		{Method: "POST", Path: "/v1/keys", Role: Admin, Handler: s.createKey, Tag: "admin",
			Summary: "Make an API key; its token is shown once", Status: http.StatusCreated,
			Body: &Body{ContentType: "application/json", Schema: NewKeyRequest{}}, Response: NewKey{}},
		{Method: "DELETE", Path: "/v1/keys/{id}", Role: Admin, Handler: s.revokeKey, Tag: "admin",
			Summary: "Revoke an API key", Response: Key{}},
	}
}

func (s *Server) healthz(c *gin.Context) {
	JSON(c, http.StatusOK, Health{Status: "ok", Version: s.cfg.Version})
}

func (s *Server) readyz(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), 5*time.Second)
	defer cancel()
	if err := s.ready(ctx); err != nil {
		logger(c).Warn("not ready", slog.String("error", err.Error()))
		WriteProblem(c, Problem{Code: CodeUnavailable, Detail: "the store is not ready"})
		return
	}
	JSON(c, http.StatusOK, Health{Status: "ready", Version: s.cfg.Version})
}

// ready asks the store whether it answers; a store that panics (closed)
// is not ready.
func (s *Server) ready(ctx context.Context) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("store panicked: %v", p)
		}
	}()
	if r, ok := s.store.(Readier); ok {
		return r.Ready(ctx)
	}
	_, err = s.store.Stats(ctx)
	return err
}

func (s *Server) openapiDoc(c *gin.Context) {
	c.Data(http.StatusOK, "application/json; charset=utf-8", s.openapi)
}

func (s *Server) stats(c *gin.Context) {
	st, err := s.store.Stats(c.Request.Context())
	if err != nil {
		Error(c, err)
		return
	}
	s.mu.Lock()
	extra := s.statsHooks
	s.mu.Unlock()
	if len(extra) == 0 {
		JSON(c, http.StatusOK, st)
		return
	}
	b, err := json.Marshal(st)
	if err != nil {
		Error(c, graph.Internal(err))
		return
	}
	out := map[string]any{}
	if err := json.Unmarshal(b, &out); err != nil {
		Error(c, graph.Internal(err))
		return
	}
	for _, h := range extra {
		v, err := h.fn(c.Request.Context())
		if err != nil {
			Error(c, err)
			return
		}
		out[h.name] = v
	}
	JSON(c, http.StatusOK, out)
}

func (s *Server) searchAccounts(c *gin.Context) {
	limit, err := s.PageLimit(c, 50)
	if err != nil {
		Error(c, err)
		return
	}
	region, err := s.Region(c)
	if err != nil {
		Error(c, err)
		return
	}
	q := graph.AccountQuery{Q: c.Query("q"), Platform: strings.ToLower(c.Query("platform")), Identifier: c.Query("identifier"),
		Region: region, Limit: limit, Cursor: c.Query("cursor")}
	if st := c.Query("status"); st != "" {
		q.Status = graph.Status(st)
		if !graph.ValidStatus(q.Status) {
			Error(c, graph.Errorf(graph.EINVALID, "unknown status %q (want active, removed, suspended or unknown)", st))
			return
		}
	}
	page, err := s.store.SearchAccounts(c.Request.Context(), q)
	if err != nil {
		Error(c, err)
		return
	}
	for _, e := range page.Items {
		Audit(c, e.ID)
	}
	JSON(c, http.StatusOK, page)
}

func (s *Server) entity(kind graph.NodeKind) gin.HandlerFunc {
	return func(c *gin.Context) {
		id := c.Param("id")
		Audit(c, id)
		v, err := s.store.Entity(c.Request.Context(), id)
		if err == nil && v.Kind != kind {
			err = graph.Errorf(graph.ENOTFOUND, "%q is a %s, not a %s", id, v.Kind, kind)
		}
		if err != nil {
			Error(c, err)
			return
		}
		JSON(c, http.StatusOK, v)
	}
}

func (s *Server) linked(c *gin.Context) {
	id := c.Param("id")
	Audit(c, id)
	opt := graph.LinkedOptions{HubLimit: s.cfg.HubLimit}
	var err error
	if opt.Depth, err = QueryInt(c, "depth", min(2, s.cfg.MaxDepth), 1, s.cfg.MaxDepth); err != nil {
		Error(c, err)
		return
	}
	for _, k := range strings.Split(c.Query("kinds"), ",") {
		if k = strings.TrimSpace(k); k == "" {
			continue
		}
		if !graph.ValidEvidence(graph.Evidence(k)) {
			Error(c, graph.Errorf(graph.EINVALID, "unknown evidence kind %q", truncate(k, 64)))
			return
		}
		opt.Kinds = append(opt.Kinds, graph.Evidence(k))
	}
	if opt.MinStrength, err = QueryFloat(c, "min_strength", 0, 0, 1); err != nil {
		Error(c, err)
		return
	}
	if opt.Limit, err = s.PageLimit(c, 100); err != nil {
		Error(c, err)
		return
	}
	opt.Walked = func() { endReadTurn(c) } // ordering and naming the answer need no turn
	res, err := graph.Linked(c.Request.Context(), s.store, id, opt)
	if err != nil {
		Error(c, err)
		return
	}
	AuditMore(c, res.Total)
	JSON(c, http.StatusOK, res)
}

func (s *Server) paths(c *gin.Context) {
	from, to := c.Query("from"), c.Query("to")
	if from == "" || to == "" {
		Error(c, graph.Errorf(graph.EINVALID, "from and to are required"))
		return
	}
	Audit(c, from, to)
	p, err := graph.ShortestPath(c.Request.Context(), s.store, from, to, graph.PathOptions{HubLimit: s.cfg.HubLimit})
	if err != nil {
		Error(c, err)
		return
	}
	JSON(c, http.StatusOK, PathResult{From: from, To: to, Path: *p})
}

func (s *Server) identifier(c *gin.Context) {
	value, kind := c.Query("value"), c.Query("kind")
	if strings.TrimSpace(value) == "" {
		Error(c, graph.Errorf(graph.EINVALID, "value is required"))
		return
	}
	if kind != "" && !ident.ValidKind(kind) {
		Error(c, graph.Errorf(graph.EINVALID, "unknown identifier kind %q (want one of %s)", truncate(kind, 64), strings.Join(ident.Kinds, ", ")))
		return
	}
	region, err := s.Region(c)
	if err != nil {
		Error(c, err)
		return
	}
	for _, cand := range identCandidates(kind, value, region) {
		v, err := s.store.Identifier(c.Request.Context(), graph.IdentKind(cand.Kind), cand.Value)
		if graph.ErrorCode(err) == graph.ENOTFOUND {
			continue
		} else if err != nil {
			Error(c, err)
			return
		}
		Audit(c, v.Key())
		for _, u := range v.Users {
			Audit(c, u.ID)
		}
		JSON(c, http.StatusOK, v)
		return
	}
	Error(c, graph.Errorf(graph.ENOTFOUND, "no entity uses %s", truncate(value, 200)))
}

// identCandidates are the normalised forms to look up for a value in any
// spelling: the value normalised as kind, if given, then the plausible
// identifiers it may be (of that kind only, if given).
func identCandidates(kind, value, region string) []ident.Result {
	var out []ident.Result
	add := func(r ident.Result) {
		for _, o := range out {
			if o.Kind == r.Kind && o.Value == r.Value {
				return
			}
		}
		out = append(out, r)
	}
	if kind != "" {
		if r, err := ident.Normalize(kind, value, region); err == nil {
			add(r)
		}
	}
	for _, r := range ident.Candidates(value, region) {
		if kind == "" || r.Kind == kind {
			add(r)
		}
	}
	return out
}

func (s *Server) auditLog(c *gin.Context) {
	limit, err := s.PageLimit(c, 100)
	if err != nil {
		Error(c, err)
		return
	}
	q := graph.AuditQuery{Actor: c.Query("actor"), Limit: limit}
	if v := c.Query("since"); v != "" {
		if q.Since, err = time.Parse(time.RFC3339Nano, v); err != nil {
			Error(c, graph.Errorf(graph.EINVALID, "since must be an RFC 3339 time"))
			return
		}
	}
	if v := c.Query("after"); v != "" {
		if q.After, err = strconv.ParseUint(v, 10, 64); err != nil {
			Error(c, graph.Errorf(graph.EINVALID, "after must be an entry's sequence number"))
			return
		}
	}
	items, err := s.store.Audit(c.Request.Context(), q)
	if err != nil {
		Error(c, err)
		return
	}
	page := AuditPage{Items: items}
	if len(items) == limit {
		page.Next = strconv.FormatUint(items[len(items)-1].Seq, 10)
	}
	JSON(c, http.StatusOK, page)
}

func (s *Server) listKeys(c *gin.Context) {
	JSON(c, http.StatusOK, KeyList{Items: s.keys.List()})
}

func (s *Server) createKey(c *gin.Context) {
	var req NewKeyRequest
	if err := DecodeJSON(c, &req); err != nil {
		Error(c, err)
		return
	}
	k, token, err := s.keys.Create(c.Request.Context(), req.Name, req.Role)
	if err != nil {
		Error(c, err)
		return
	}
	Audit(c, k.ID)
	JSON(c, http.StatusCreated, NewKey{Key: k, Token: token})
}

func (s *Server) revokeKey(c *gin.Context) {
	id := c.Param("id")
	Audit(c, id)
	k, err := s.keys.Revoke(c.Request.Context(), id)
	if err != nil {
		Error(c, err)
		return
	}
	JSON(c, http.StatusOK, k)
}
