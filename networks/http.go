package networks

import (
	"encoding/base64"
	"errors"
	"io"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/takedown/takedown/graph"
)

// Roles that may call a route, lowest first.
const (
	RoleViewer  = "viewer"
	RoleAnalyst = "analyst"
	RoleAdmin   = "admin"
)

// Route is one HTTP operation of this package, to be mounted by the API
// with authentication (at least Role), audit and problem+json errors.
// Path uses Gin's syntax (":id"). Handlers report errors with c.Error of
// a *graph.Error and c.Abort, and write JSON on success.
type Route struct {
	Method  string
	Path    string
	Role    string
	Summary string
	Handler gin.HandlerFunc
}

// List limits.
const (
	DefaultPageSize = 50
	MaxPageSize     = 500
	// MaxConfigBody bounds the configuration a POST may carry.
	MaxConfigBody = 64 << 10
)

// Handlers serve runs and clusters over HTTP.
type Handlers struct {
	runner *Runner
	st     graph.DocStore

	mu  sync.Mutex
	idx *clusterIndex // cached current index
}

// NewHandlers returns the handlers of a runner's runs and of the clusters
// in its store.
func NewHandlers(r *Runner) *Handlers { return &Handlers{runner: r, st: r.st} }

// Routes lists the operations.
func (h *Handlers) Routes() []Route {
	return []Route{
		{http.MethodPost, "/v1/analysis/runs", RoleAnalyst, "Start an analysis run (202 with its id); the body may hold configuration overrides", h.postRun},
		{http.MethodGet, "/v1/analysis/runs", RoleViewer, "List analysis runs, newest first", h.listRuns},
		{http.MethodGet, "/v1/analysis/runs/:id", RoleViewer, "An analysis run: status, progress and summary", h.getRun},
		{http.MethodGet, "/v1/clusters", RoleViewer, "The current run's networks, ranked by score", h.listClusters},
		{http.MethodGet, "/v1/clusters/:id", RoleViewer, "A network: members, identifiers, key players, explanation and evidence", h.getCluster},
		{http.MethodGet, "/v1/clusters/:id/graph", RoleViewer, "A network's nodes and edges for drawing", h.getClusterGraph},
	}
}

func fail(c *gin.Context, err error) {
	var ge *graph.Error
	if !errors.As(err, &ge) {
		ge = graph.Internal(err)
	}
	_ = c.Error(ge)
	c.Abort()
}

// pathID returns the path parameter, percent-decoded if the router left
// it encoded.
func pathID(c *gin.Context) (string, error) {
	id := c.Param("id")
	if strings.Contains(id, "%") {
		dec, err := url.PathUnescape(id)
		if err != nil {
			return "", graph.Errorf(graph.EINVALID, "malformed percent-encoding in id %q", id)
		}
		id = dec
	}
	if id == "" {
		return "", graph.Errorf(graph.EINVALID, "missing id")
	}
	return id, nil
}

// RunAccepted is the answer of POST /v1/analysis/runs.
type RunAccepted struct {
	ID     string `json:"id"`
	Status string `json:"status"`
}

func (h *Handlers) postRun(c *gin.Context) {
	cfg := h.runner.Config()
	if c.Request.Body != nil {
		body, err := io.ReadAll(io.LimitReader(c.Request.Body, MaxConfigBody+1))
		if err != nil {
			fail(c, graph.Errorf(graph.EINVALID, "cannot read the request body"))
			return
		}
		if len(body) > MaxConfigBody {
			fail(c, graph.Errorf(graph.ETOOLARGE, "configuration larger than %d bytes", MaxConfigBody))
			return
		}
		if len(strings.TrimSpace(string(body))) > 0 {
			over, err := overlayConfig(cfg, body)
			if err != nil {
				fail(c, err)
				return
			}
			cfg = over
		}
	}
	run, err := h.runner.Submit(c.Request.Context(), cfg)
	if err != nil {
		fail(c, err)
		return
	}
	c.Header("Location", "/v1/analysis/runs/"+url.PathEscape(run.ID))
	c.JSON(http.StatusAccepted, RunAccepted{ID: run.ID, Status: run.Status})
}

// overlayConfig applies a partial configuration (the file format) on base.
func overlayConfig(base *Config, body []byte) (*Config, error) {
	c, err := parseConfig(base, body)
	if err != nil {
		return nil, graph.Errorf(graph.EINVALID, "configuration: %v", err)
	}
	return c, nil
}

// RunView is a run as the API shows it.
type RunView struct {
	ID           string             `json:"id"`
	Status       string             `json:"status"`
	Error        string             `json:"error,omitempty"`
	Progress     *Progress          `json:"progress,omitempty"`
	QueuedAt     time.Time          `json:"queued_at,omitzero"`
	StartedAt    time.Time          `json:"started_at,omitzero"`
	FinishedAt   time.Time          `json:"finished_at,omitzero"`
	GraphVersion uint64             `json:"graph_version"`
	GraphChanged bool               `json:"graph_changed,omitempty"`
	Timings      map[string]float64 `json:"timings,omitempty"`
	Summary      *RunSummary        `json:"summary,omitempty"`
	Params       *Config            `json:"params,omitempty"`
}

func runView(r *Run, full bool) RunView {
	v := RunView{ID: r.ID, Status: r.Status, Error: r.Error, Progress: r.Progress, QueuedAt: r.Queued,
		StartedAt: r.Started, FinishedAt: r.Finished, GraphVersion: r.GraphVersion, GraphChanged: r.GraphChanged,
		Timings: r.Timings, Summary: r.Summary}
	if r.Status == StatusRunning && v.Progress == nil {
		v.Progress = &Progress{}
	}
	if full {
		v.Params = r.Params
	} else if r.Summary != nil {
		s := *r.Summary
		s.Hubs, s.Dissolved, s.Absorbed = nil, nil, nil
		v.Summary = &s
	}
	return v
}

func (h *Handlers) getRun(c *gin.Context) {
	id, err := pathID(c)
	if err != nil {
		fail(c, err)
		return
	}
	run, err := h.runner.Get(c.Request.Context(), id)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, runView(run, true))
}

// RunList is the answer of GET /v1/analysis/runs.
type RunList struct {
	Items []RunView `json:"items"`
	Next  string    `json:"next,omitempty"`
}

func (h *Handlers) listRuns(c *gin.Context) {
	limit, err := intParam(c, "limit", DefaultPageSize, 1, MaxPageSize)
	if err != nil {
		fail(c, err)
		return
	}
	runs, err := h.runner.List(c.Request.Context(), c.Query("cursor"), limit+1)
	if err != nil {
		fail(c, err)
		return
	}
	out := RunList{Items: []RunView{}}
	for i, r := range runs {
		if i == limit {
			out.Next = runs[i-1].ID
			break
		}
		out.Items = append(out.Items, runView(&r, false))
	}
	c.JSON(http.StatusOK, out)
}

func intParam(c *gin.Context, name string, def, lo, hi int) (int, error) {
	s := c.Query(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, graph.Errorf(graph.EINVALID, "%s must be an integer from %d to %d", name, lo, hi)
	}
	return n, nil
}

// index returns the current cluster index, reading it again when another
// run has become current.
func (h *Handlers) index(c *gin.Context) (*clusterIndex, error) {
	var cur currentDoc
	if err := getJSON(c.Request.Context(), h.st, graph.CollMeta, currentDocID, &cur); err != nil {
		if graph.ErrorCode(err) == graph.ENOTFOUND {
			return &clusterIndex{}, nil
		}
		return nil, err
	}
	h.mu.Lock()
	idx := h.idx
	h.mu.Unlock()
	if idx != nil && idx.Run == cur.Run {
		return idx, nil
	}
	idx = &clusterIndex{}
	if err := getJSON(c.Request.Context(), h.st, graph.CollMeta, indexDocID, idx); err != nil {
		if graph.ErrorCode(err) == graph.ENOTFOUND {
			return &clusterIndex{}, nil
		}
		return nil, err
	}
	h.mu.Lock()
	h.idx = idx
	h.mu.Unlock()
	return idx, nil
}

// ClusterList is the answer of GET /v1/clusters.
type ClusterList struct {
	Run   string           `json:"run,omitempty"`
	Items []ClusterSummary `json:"items"`
	Next  string           `json:"next,omitempty"`
}

func encodeCursor(run string, rank int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(run + "|" + strconv.Itoa(rank)))
}

func decodeCursor(s string) (string, int, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		if run, rank, ok := strings.Cut(string(b), "|"); ok {
			if n, err := strconv.Atoi(rank); err == nil && n >= 0 {
				return run, n, nil
			}
		}
	}
	return "", 0, graph.Errorf(graph.EINVALID, "malformed cursor")
}

func (h *Handlers) listClusters(c *gin.Context) {
	limit, err := intParam(c, "limit", DefaultPageSize, 1, MaxPageSize)
	if err != nil {
		fail(c, err)
		return
	}
	minScore := math.Inf(-1)
	if s := c.Query("min_score"); s != "" {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(v) {
			fail(c, graph.Errorf(graph.EINVALID, "min_score must be a number"))
			return
		}
		minScore = v
	}
	tier, platform := c.Query("tier"), strings.ToLower(c.Query("platform"))
	idx, err := h.index(c)
	if err != nil {
		fail(c, err)
		return
	}
	after := 0
	if cur := c.Query("cursor"); cur != "" {
		run, rank, err := decodeCursor(cur)
		if err != nil {
			fail(c, err)
			return
		}
		if run != idx.Run {
			fail(c, graph.Errorf(graph.EINVALID, "the cursor belongs to an earlier analysis run; list again from the start"))
			return
		}
		after = rank
	}
	out := ClusterList{Run: idx.Run, Items: []ClusterSummary{}}
	// Items are in rank order (rank i+1 at index i).
	for i := after; i < len(idx.Items); i++ {
		it := idx.Items[i]
		if it.Score < minScore || tier != "" && it.Tier != tier || platform != "" && !slices.Contains(it.Platforms, platform) {
			continue
		}
		if len(out.Items) == limit {
			out.Next = encodeCursor(idx.Run, out.Items[len(out.Items)-1].Rank)
			break
		}
		out.Items = append(out.Items, it)
	}
	c.JSON(http.StatusOK, out)
}

// cluster loads a current cluster document.
func (h *Handlers) cluster(c *gin.Context) (*Cluster, error) {
	id, err := pathID(c)
	if err != nil {
		return nil, err
	}
	idx, err := h.index(c)
	if err != nil {
		return nil, err
	}
	notFound := func() error {
		if d, ok := idx.Retired[id]; ok {
			if len(d.Into) > 0 {
				return graph.Errorf(graph.ENOTFOUND, "network %q is no longer current: in run %s its members went into %s", id, idx.Run, strings.Join(d.Into, ", "))
			}
			return graph.Errorf(graph.ENOTFOUND, "network %q dissolved in run %s", id, idx.Run)
		}
		return graph.Errorf(graph.ENOTFOUND, "network %q not found", id)
	}
	var cl Cluster
	if err := getJSON(c.Request.Context(), h.st, graph.CollClusters, id, &cl); err != nil {
		if graph.ErrorCode(err) == graph.ENOTFOUND {
			return nil, notFound()
		}
		return nil, err
	}
	if cl.Run != idx.Run {
		return nil, notFound()
	}
	return &cl, nil
}

// ClusterView is the answer of GET /v1/clusters/:id: the cluster without
// its drawing.
type ClusterView struct {
	ClusterSummary
	Run           string                 `json:"run"`
	Accounts      int                    `json:"accounts"`
	Pages         int                    `json:"pages"`
	LineageDetail Lineage                `json:"lineage_detail"`
	Members       []Member               `json:"members"`
	KeyPlayers    []KeyPlayer            `json:"key_players"`
	Identifiers   []SharedIdentifier     `json:"identifiers"`
	Signal        float64                `json:"signal"`
	EvidenceCount map[graph.Evidence]int `json:"evidence_counts"`
	Explanation   any                    `json:"explanation,omitempty"`
	Evidence      any                    `json:"evidence,omitempty"`
}

func (h *Handlers) getCluster(c *gin.Context) {
	cl, err := h.cluster(c)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, ClusterView{ClusterSummary: cl.Summary(), Run: cl.Run, Accounts: cl.Accounts, Pages: cl.Pages,
		LineageDetail: cl.Lineage, Members: cl.Members, KeyPlayers: cl.KeyPlayers, Identifiers: cl.Identifiers,
		Signal: cl.Signal, EvidenceCount: cl.EvidenceCount, Explanation: cl.Explanation, Evidence: cl.Evidence})
}

// GraphView is the answer of GET /v1/clusters/:id/graph.
type GraphView struct {
	ID string `json:"id"`
	ClusterGraph
}

func (h *Handlers) getClusterGraph(c *gin.Context) {
	cl, err := h.cluster(c)
	if err != nil {
		fail(c, err)
		return
	}
	c.JSON(http.StatusOK, GraphView{ID: cl.ID, ClusterGraph: cl.Graph})
}

// currentDoc names the current run; it is written with the index so that
// readers can tell cheaply whether their cached index is still current.
type currentDoc struct {
	Run string `json:"run"`
}

const currentDocID = "networks.current"
