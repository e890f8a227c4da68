package referral

import (
	"bytes"
	"encoding/base64"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/takedown/takedown/api"
	"github.com/takedown/takedown/graph"
)

// Mount registers the routes of the referral workflow on srv (before it
// starts serving): takedown plans, referrals, outcome statistics and
// re-emergence alerts, over store.
func Mount(srv *api.Server, store graph.Store, opts ...Option) error {
	return New(store, opts...).Mount(srv)
}

// Mount registers the service's routes on srv.
func (s *Service) Mount(srv *api.Server) error {
	for _, rt := range s.Routes(srv) {
		if err := srv.Handle(rt); err != nil {
			return err
		}
	}
	return nil
}

// ReferralList is the answer of GET /v1/referrals.
type ReferralList struct {
	Items []Summary `json:"items"`
	Next  string    `json:"next,omitempty"`
}

// AlertList is the answer of GET /v1/alerts.
type AlertList struct {
	Items []Alert `json:"items"`
	Next  string  `json:"next,omitempty"`
}

// AckRequest is the optional body of POST /v1/alerts/{id}/ack.
type AckRequest struct {
	Note string `json:"note,omitempty"`
}

// Route timeouts beyond the server's default.
const (
	slowTimeout   = 2 * time.Minute
	detectTimeout = 10 * time.Minute
)

// Routes lists the operations, documented for the OpenAPI document.
func (s *Service) Routes(srv *api.Server) []api.Route {
	h := &handlers{s: s, srv: srv}
	limit := api.Param{Name: "limit", Type: "integer", Description: "results per page, default 50"}
	cursor := api.Param{Name: "cursor", Description: "the next of the previous page"}
	return []api.Route{
		{Method: http.MethodGet, Path: "/v1/clusters/{id}/plan", Role: api.Viewer, Handler: h.plan, Tag: "referrals",
			Summary: "A takedown plan: the members whose removal most fragments the network, and the identifiers to flag",
			Description: "Greedy critical-node selection (rank.Plan) over the network's graph without its members already removed or suspended, " +
				"with followers and page members as reach (a node's degree when its audience is unknown). Each step reports the largest " +
				"connected component and the remaining reach before and after the removal. flag lists the identifiers the recommended " +
				"accounts use: they outlive the accounts and let the network regrow.",
			Query:    []api.Param{{Name: "k", Type: "integer", Description: "members to recommend, 1 to 500, default 5"}},
			Response: TakedownPlan{}, Timeout: slowTimeout},
		{Method: http.MethodPost, Path: "/v1/referrals", Role: api.Analyst, Handler: h.create, Tag: "referrals",
			Summary: "Build a draft referral of a network to a platform",
			Description: "The platform's accounts, pages and posts of the network that are not removed or suspended, each with its URL and " +
				"evidence (shared identifiers, role, the lexicon's indicators). The network is scored (rank.Score); one that does not " +
				"advertise crossings is only submitted with an override_reason. 409 if a draft or submitted referral of the network to " +
				"the platform exists, or if all its members there are already down.",
			Body:   &api.Body{ContentType: "application/json", Schema: CreateRequest{}},
			Status: http.StatusCreated, Response: Referral{}, Timeout: slowTimeout},
		{Method: http.MethodGet, Path: "/v1/referrals", Role: api.Viewer, Handler: h.list, Tag: "referrals",
			Summary: "Referrals, oldest first",
			Query: []api.Param{{Name: "cluster"}, {Name: "platform"},
				{Name: "status", Enum: []string{string(StatusDraft), string(StatusSubmitted), string(StatusActioned)}}, limit, cursor},
			Response: ReferralList{}},
		{Method: http.MethodGet, Path: "/v1/referrals/{id}", Role: api.Viewer, Handler: h.get, Tag: "referrals",
			Summary: "A referral with its items, evidence, outcomes and history", Response: Referral{}},
		{Method: http.MethodPatch, Path: "/v1/referrals/{id}", Role: api.Analyst, Handler: h.update, Tag: "referrals",
			Summary: "Move a referral on (draft → submitted → actioned) or record the platform's outcomes of items",
			Description: "status moves the referral on; items records each item's outcome (removed, suspended, no_action, rejected), " +
				"at when the platform acted (default now). Outcomes are recorded once submitted and are final; the last one moves the " +
				"referral to actioned. Removals and suspensions are written to the graph. Invalid transitions are 409.",
			Body:     &api.Body{ContentType: "application/json", Schema: UpdateRequest{}},
			Response: Referral{}},
		{Method: http.MethodGet, Path: "/v1/referrals/{id}/export", Role: api.Viewer, Handler: h.export, Tag: "referrals",
			Summary:      "Download a referral as CSV (a header row, one row per item) or JSON, as an attachment",
			Query:        []api.Param{{Name: "format", Enum: []string{"csv", "json"}, Description: "csv (default) or json"}},
			ResponseType: "text/csv; charset=utf-8"},
		{Method: http.MethodGet, Path: "/v1/stats/outcomes", Role: api.Viewer, Handler: h.outcomes, Tag: "referrals",
			Summary:  "Outcomes of referrals: referred and taken down per platform and month, time to action, share of each network down",
			Response: OutcomeStats{}, Timeout: slowTimeout},
		{Method: http.MethodPost, Path: "/v1/alerts/detect", Role: api.Analyst, Handler: h.detect, Tag: "alerts",
			Summary:  "Detect re-emerged accounts: new accounts sharing strong identifiers with removed or suspended ones",
			Response: DetectResult{}, Timeout: detectTimeout},
		{Method: http.MethodGet, Path: "/v1/alerts", Role: api.Viewer, Handler: h.listAlerts, Tag: "alerts",
			Summary:  "Re-emergence alerts",
			Query:    []api.Param{{Name: "status", Enum: []string{string(AlertOpen), string(AlertAcknowledged)}}, limit, cursor},
			Response: AlertList{}},
		{Method: http.MethodGet, Path: "/v1/alerts/{id}", Role: api.Viewer, Handler: h.getAlert, Tag: "alerts",
			Summary: "A re-emergence alert with its evidence", Response: Alert{}},
		{Method: http.MethodPost, Path: "/v1/alerts/{id}/ack", Role: api.Analyst, Handler: h.ack, Tag: "alerts",
			Summary:  "Acknowledge an alert (409 if already acknowledged)",
			Body:     &api.Body{ContentType: "application/json", Description: "optional", Schema: AckRequest{}},
			Response: Alert{}},
	}
}

type handlers struct {
	s   *Service
	srv *api.Server
}

func actor(c *gin.Context) string {
	if k, ok := api.CallerOf(c); ok {
		return k.Name
	}
	return "anonymous"
}

func (h *handlers) pageLimit(c *gin.Context) (int, error) {
	if h.srv != nil {
		return h.srv.PageLimit(c, 50)
	}
	return api.QueryInt(c, "limit", 50, 1, api.DefaultMaxPageSize)
}

func encodeCursor(id string) string { return base64.RawURLEncoding.EncodeToString([]byte(id)) }

func decodeCursor(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) == 0 {
		return "", graph.Errorf(graph.EINVALID, "malformed cursor")
	}
	return string(b), nil
}

func (h *handlers) plan(c *gin.Context) {
	id := c.Param("id")
	api.Audit(c, id)
	k, err := api.QueryInt(c, "k", DefaultPlanK, 1, MaxPlanK)
	if err != nil {
		api.Error(c, err)
		return
	}
	p, err := h.s.Plan(c.Request.Context(), id, k)
	if err != nil {
		api.Error(c, err)
		return
	}
	for _, n := range p.Recommended {
		api.Audit(c, n.ID)
	}
	api.JSON(c, http.StatusOK, p)
}

func auditReferral(c *gin.Context, r *Referral, items []string) {
	api.Audit(c, r.ID, r.Cluster)
	api.Audit(c, items...)
}

func (h *handlers) create(c *gin.Context) {
	var req CreateRequest
	if err := api.DecodeJSON(c, &req); err != nil {
		api.Error(c, err)
		return
	}
	if req.Cluster != "" {
		api.Audit(c, req.Cluster)
	}
	r, err := h.s.Create(c.Request.Context(), req, actor(c))
	if err != nil {
		api.Error(c, err)
		return
	}
	ids := make([]string, len(r.Items))
	for i, it := range r.Items {
		ids[i] = it.ID
	}
	api.Audit(c, r.ID)
	api.Audit(c, ids...)
	c.Header("Location", "/v1/referrals/"+r.ID)
	api.JSON(c, http.StatusCreated, r)
}

func (h *handlers) list(c *gin.Context) {
	limit, err := h.pageLimit(c)
	if err != nil {
		api.Error(c, err)
		return
	}
	after, err := decodeCursor(c.Query("cursor"))
	if err != nil {
		api.Error(c, err)
		return
	}
	q := ListQuery{Cluster: c.Query("cluster"), Platform: platformOf(c.Query("platform")), Status: Status(c.Query("status")), After: after, Limit: limit}
	switch q.Status {
	case "", StatusDraft, StatusSubmitted, StatusActioned:
	default:
		api.Error(c, graph.Errorf(graph.EINVALID, "unknown status %q (want draft, submitted or actioned)", truncate(string(q.Status), 64)))
		return
	}
	items, next, err := h.s.List(c.Request.Context(), q)
	if err != nil {
		api.Error(c, err)
		return
	}
	out := ReferralList{Items: items}
	if next != "" {
		out.Next = encodeCursor(next)
	}
	for _, it := range items {
		api.Audit(c, it.ID)
	}
	api.JSON(c, http.StatusOK, out)
}

func (h *handlers) get(c *gin.Context) {
	id := c.Param("id")
	api.Audit(c, id)
	r, err := h.s.Get(c.Request.Context(), id)
	if err != nil {
		api.Error(c, err)
		return
	}
	api.JSON(c, http.StatusOK, r)
}

func (h *handlers) update(c *gin.Context) {
	id := c.Param("id")
	var req UpdateRequest
	if err := api.DecodeJSON(c, &req); err != nil {
		api.Audit(c, id)
		api.Error(c, err)
		return
	}
	items := make([]string, len(req.Items))
	for i, u := range req.Items {
		items[i] = u.ID
	}
	r, err := h.s.Update(c.Request.Context(), id, req, actor(c))
	if err != nil {
		api.Audit(c, id)
		api.Audit(c, items...)
		api.Error(c, err)
		return
	}
	auditReferral(c, r, items)
	api.JSON(c, http.StatusOK, r)
}

func (h *handlers) export(c *gin.Context) {
	id := c.Param("id")
	api.Audit(c, id)
	format := strings.ToLower(c.DefaultQuery("format", "csv"))
	if format != "csv" && format != "json" {
		api.Error(c, graph.Errorf(graph.EINVALID, "format must be csv or json"))
		return
	}
	r, err := h.s.Get(c.Request.Context(), id)
	if err != nil {
		api.Error(c, err)
		return
	}
	name := safeFilename(r.ID) + "-" + safeFilename(r.Platform) + "." + format
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
	if format == "json" {
		api.JSON(c, http.StatusOK, ExportOf(r))
		return
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, r); err != nil {
		c.Writer.Header().Del("Content-Disposition")
		api.Error(c, graph.Internal(err))
		return
	}
	c.Data(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}

// safeFilename keeps the characters of s that are safe in a quoted
// Content-Disposition filename.
func safeFilename(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

func (h *handlers) outcomes(c *gin.Context) {
	st, err := h.s.Outcomes(c.Request.Context())
	if err != nil {
		api.Error(c, err)
		return
	}
	api.AuditMore(c, st.Referrals)
	api.JSON(c, http.StatusOK, st)
}

func (h *handlers) detect(c *gin.Context) {
	res, err := h.s.Detect(c.Request.Context())
	if err != nil {
		api.Error(c, err)
		return
	}
	for _, a := range res.Alerts {
		api.Audit(c, a.ID)
	}
	api.JSON(c, http.StatusOK, res)
}

func (h *handlers) listAlerts(c *gin.Context) {
	limit, err := h.pageLimit(c)
	if err != nil {
		api.Error(c, err)
		return
	}
	after, err := decodeCursor(c.Query("cursor"))
	if err != nil {
		api.Error(c, err)
		return
	}
	status := AlertStatus(c.Query("status"))
	if status != "" && status != AlertOpen && status != AlertAcknowledged {
		api.Error(c, graph.Errorf(graph.EINVALID, "status must be open or acknowledged"))
		return
	}
	items, next, err := h.s.Alerts(c.Request.Context(), status, after, limit)
	if err != nil {
		api.Error(c, err)
		return
	}
	out := AlertList{Items: items}
	if next != "" {
		out.Next = encodeCursor(next)
	}
	for _, a := range items {
		api.Audit(c, a.ID)
	}
	api.JSON(c, http.StatusOK, out)
}

func (h *handlers) getAlert(c *gin.Context) {
	id := c.Param("id")
	api.Audit(c, id)
	a, err := h.s.Alert(c.Request.Context(), id)
	if err != nil {
		api.Error(c, err)
		return
	}
	api.Audit(c, a.Account.ID)
	api.JSON(c, http.StatusOK, a)
}

func (h *handlers) ack(c *gin.Context) {
	id := c.Param("id")
	api.Audit(c, id)
	var req AckRequest
	if c.Request.ContentLength != 0 && c.Request.Body != nil && c.Request.Body != http.NoBody {
		if err := api.DecodeJSON(c, &req); err != nil {
			api.Error(c, err)
			return
		}
	}
	a, err := h.s.Acknowledge(c.Request.Context(), id, actor(c), req.Note)
	if err != nil {
		api.Error(c, err)
		return
	}
	api.Audit(c, a.Account.ID)
	api.JSON(c, http.StatusOK, a)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
