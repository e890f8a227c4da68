package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/takedown/takedown/graph"
)

// Graph is what the HTTP layer reads, writes and walks.
type Graph interface {
	graph.Reader
	graph.Writer
	graph.StepSource
}

// Auditor is the append-only, hash-chained audit log.
type Auditor interface {
	graph.AuditLog
}

// Docs keeps JSON documents; the API keys live in the meta collection.
type Docs interface {
	graph.DocStore
}

// Store is everything the server needs of a store. A graph.Store
// satisfies it.
type Store interface {
	Graph
	Auditor
	Docs
}

// Readier is implemented by a store that can tell whether it is ready to
// serve. Without it, /readyz asks the store for its stats.
type Readier interface {
	Ready(ctx context.Context) error
}

// Defaults of Config.
const (
	DefaultMaxBodyBytes   = 32 << 20
	DefaultRequestTimeout = 30 * time.Second
	DefaultRateLimit      = 50
	DefaultRateBurst      = 100
	DefaultMaxPageSize    = 1000
	// MaxAuditIDs is how many entity ids one audit entry lists; the others
	// are counted.
	MaxAuditIDs = 20
)

// Config configures a Server. Zero values take the defaults.
type Config struct {
	Store  Store
	Keys   *Keys
	Logger *slog.Logger
	// MaxBodyBytes bounds a request body (default 32 MiB); beyond it the
	// answer is 413, chunked bodies included.
	MaxBodyBytes int64
	// RequestTimeout is the deadline of a request's context (default 30 s).
	RequestTimeout time.Duration
	// RateLimit is the sustained requests per second of one API key (or
	// of one client address without a valid key), default 50; negative
	// turns rate limiting off. RateBurst is the bucket size, default 100.
	RateLimit float64
	RateBurst int
	// MaxDepth caps the depth of linked accounts (default and at most
	// graph.MaxDepth).
	MaxDepth int
	// MaxPageSize caps the limit of a page of results (default 1000).
	MaxPageSize int
	// Region is the default region of national phone numbers ("GB").
	Region string
	// HubLimit: identifiers and pages with more links are not expanded
	// (default graph.DefaultHubLimit).
	HubLimit int
	// Version is reported by /healthz and the OpenAPI document.
	Version string
	// TrustedProxies are the proxies whose X-Forwarded-For is believed
	// for the client address (rate limits of callers without a key, logs).
	// None by default.
	TrustedProxies []string
	// Registry receives the server's metrics; a new one if nil. /metrics
	// serves it.
	Registry *prometheus.Registry
	// MaxConcurrentReads bounds the signed-in GET requests being worked on
	// at once (default GOMAXPROCS−1, at least 1); others wait their turn in
	// arrival order. Reads are CPU-bound, so running more at once than
	// there are cores only makes every one of them slower, the longest
	// most; and one core is left for the rest of every request (reading
	// it, encoding and sending the answer, the audit log), which otherwise
	// waits behind the reads in Go's scheduler. A turn covers the store's
	// work: it ends before the answer is encoded, and for linked accounts
	// once the walk has taken its steps (ordering and naming follow). On 2
	// cores at 64 connections, 1 turn gave p99 33–37 ms and 2 gave 58–68
	// ms, for 15–20 % less throughput on linked accounts
	// (bench/RESULTS-http.md).
	MaxConcurrentReads int
}

// Server is the HTTP API. Routes are added with Handle until Handler is
// first called.
type Server struct {
	cfg     Config
	store   Store
	keys    *Keys
	log     *slog.Logger
	engine  *gin.Engine
	limiter *limiter
	metrics *metrics
	reads   chan struct{} // one token per read being worked on

	mu      sync.Mutex
	frozen  bool
	routes  []*Route
	byRoute map[string]*Route // method + " " + Gin path
	openapi []byte
	handler http.Handler

	statsHooks []statsHook
}

type statsHook struct {
	name string
	fn   func(ctx context.Context) (any, error)
}

// AddStats adds a section to GET /v1/stats: name holds what fn returns
// (for example the referral outcome statistics). It must be called before
// the server starts.
func (s *Server) AddStats(name string, fn func(ctx context.Context) (any, error)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.frozen {
		return fmt.Errorf("api: stats section %q added after the server started", name)
	}
	for _, h := range s.statsHooks {
		if h.name == name {
			return fmt.Errorf("api: stats section %q added twice", name)
		}
	}
	s.statsHooks = append(s.statsHooks, statsHook{name, fn})
	return nil
}

// New makes a server over cfg.Store with the built-in routes.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, errors.New("api: Config.Store is required")
	}
	if cfg.Keys == nil {
		return nil, errors.New("api: Config.Keys is required (ParseKeys or Bootstrap)")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if cfg.MaxConcurrentReads <= 0 {
		cfg.MaxConcurrentReads = max(1, runtime.GOMAXPROCS(0)-1)
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	if cfg.RateLimit == 0 {
		cfg.RateLimit = DefaultRateLimit
	}
	if cfg.RateBurst <= 0 {
		cfg.RateBurst = DefaultRateBurst
	}
	if cfg.MaxDepth <= 0 || cfg.MaxDepth > graph.MaxDepth {
		cfg.MaxDepth = graph.MaxDepth
	}
	if cfg.MaxPageSize <= 0 {
		cfg.MaxPageSize = DefaultMaxPageSize
	}
	if cfg.HubLimit <= 0 {
		cfg.HubLimit = graph.DefaultHubLimit
	}
	if cfg.Version == "" {
		cfg.Version = "dev"
	}
	if cfg.Registry == nil {
		cfg.Registry = prometheus.NewRegistry()
	}
	cfg.Region = strings.ToUpper(strings.TrimSpace(cfg.Region))
	if os.Getenv(gin.EnvGinMode) == "" {
		gin.SetMode(gin.ReleaseMode)
	}
	m, err := newMetrics(cfg.Registry)
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, store: cfg.Store, keys: cfg.Keys, log: cfg.Logger, metrics: m, reads: make(chan struct{}, cfg.MaxConcurrentReads),
		byRoute: map[string]*Route{}}
	if cfg.RateLimit > 0 {
		s.limiter = newLimiter(cfg.RateLimit, cfg.RateBurst)
	}
	e := gin.New()
	e.UseRawPath = true
	e.UnescapePathValues = true
	e.RedirectTrailingSlash = false
	e.RedirectFixedPath = false
	e.RemoveExtraSlash = false
	e.HandleMethodNotAllowed = true
	e.ContextWithFallback = true
	if err := e.SetTrustedProxies(cfg.TrustedProxies); err != nil {
		return nil, fmt.Errorf("api: trusted proxies: %w", err)
	}
	e.Use(s.begin, s.identify, s.audit, s.recoverer)
	e.NoRoute(s.noRoute)
	e.NoMethod(s.noMethod)
	s.engine = e
	for _, rt := range s.builtinRoutes() {
		if err := s.Handle(rt); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Handle adds a route. Its handler runs after the caller is signed in with
// at least rt.Role, rate-limited, given the body limit and the deadline;
// the request is audited (unless the route is Public) and the route
// appears in the OpenAPI document. It fails once Handler has been called,
// and for a route that is already served.
func (s *Server) Handle(rt Route) error {
	rt.Method = strings.ToUpper(rt.Method)
	if !methods[rt.Method] {
		return fmt.Errorf("api: route %s %s: unsupported method", rt.Method, rt.Path)
	}
	if rt.Handler == nil {
		return fmt.Errorf("api: route %s %s has no handler", rt.Method, rt.Path)
	}
	if rt.Role < Public || rt.Role > Admin {
		return fmt.Errorf("api: route %s %s: unknown role %d", rt.Method, rt.Path, int(rt.Role))
	}
	gp, err := ginPath(rt.Path)
	if err != nil {
		return fmt.Errorf("api: route %s: %w", rt.Method, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.frozen {
		return fmt.Errorf("api: route %s %s added after the server started", rt.Method, rt.Path)
	}
	key := rt.Method + " " + gp
	if _, dup := s.byRoute[key]; dup {
		return fmt.Errorf("api: route %s %s is already served", rt.Method, rt.Path)
	}
	r := rt
	if err := func() (err error) {
		defer func() {
			if p := recover(); p != nil {
				err = fmt.Errorf("api: route %s %s: %v", rt.Method, rt.Path, p)
			}
		}()
		s.engine.Handle(r.Method, gp, s.require(r.Role), s.limits(&r), r.Handler)
		return nil
	}(); err != nil {
		return err
	}
	s.byRoute[key] = &r
	s.routes = append(s.routes, &r)
	return nil
}

// MustHandle is Handle for routes known to be valid; it panics on error.
func (s *Server) MustHandle(rt Route) {
	if err := s.Handle(rt); err != nil {
		panic(err)
	}
}

// Routes lists the routes served, in the order they were added.
func (s *Server) Routes() []Route {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Route, len(s.routes))
	for i, r := range s.routes {
		out[i] = *r
	}
	return out
}

// Handler returns the HTTP handler. The first call freezes the route set
// and builds the OpenAPI document.
func (s *Server) Handler() http.Handler {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.handler == nil {
		s.frozen = true
		s.openapi = s.buildOpenAPI()
		s.handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			fixPlus(r)
			s.engine.ServeHTTP(w, r)
		})
	}
	return s.handler
}

// HTTPServer returns an http.Server for addr serving Handler, with
// timeouts that bound slow clients.
func (s *Server) HTTPServer(addr string) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       s.cfg.RequestTimeout + 30*time.Second,
		WriteTimeout:      s.cfg.RequestTimeout + 30*time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
}

// Metrics is the registry /metrics serves; other packages may register
// their collectors in it.
func (s *Server) Metrics() *prometheus.Registry { return s.cfg.Registry }

// Logger is the server's logger.
func (s *Server) Logger() *slog.Logger { return s.log }

// Config is the configuration in force, defaults filled in.
func (s *Server) Config() Config { return s.cfg }

// fixPlus makes a literal "+" of the path survive Gin's unescaping of raw
// path values (which, like a query, would turn it into a space).
func fixPlus(r *http.Request) {
	if r.URL.RawPath == "" || !strings.Contains(r.URL.RawPath, "+") {
		return
	}
	r.URL.RawPath = strings.ReplaceAll(r.URL.RawPath, "+", "%2B")
}

// Context keys.
const (
	ctxRequestID = "takedown.request_id"
	ctxLogger    = "takedown.logger"
	ctxCaller    = "takedown.caller"
	ctxBadToken  = "takedown.bad_token"
	ctxAudit     = "takedown.audit"
	ctxReadTurn  = "takedown.readturn"
	ctxOutcome   = "takedown.outcome"
)

// RequestID is the request's id: its X-Request-ID if well formed, else a
// generated one. Every response echoes it.
func RequestID(c *gin.Context) string { return c.GetString(ctxRequestID) }

func validRequestID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		if !(b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '-' || b == '_' || b == '.') {
			return false
		}
	}
	return true
}

func newRequestID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// routeOf is the route template of a request, "unmatched" for none.
func routeOf(c *gin.Context) string {
	if p := c.FullPath(); p != "" {
		return p
	}
	return "unmatched"
}

func (s *Server) routeFor(c *gin.Context) *Route {
	p := c.FullPath()
	if p == "" {
		return nil
	}
	return s.byRoute[c.Request.Method+" "+p]
}

func setOutcome(c *gin.Context, code string) { c.Set(ctxOutcome, code) }

// Security headers of every response. A handler may replace them (a web
// page sets its own Content-Security-Policy).
var securityHeaders = [][2]string{
	{"X-Content-Type-Options", "nosniff"},
	{"Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"},
	{"X-Frame-Options", "DENY"},
	{"Referrer-Policy", "no-referrer"},
	{"Cache-Control", "no-store"},
	{"Cross-Origin-Resource-Policy", "same-origin"},
}

// begin gives the request its id, headers and logger, and, once it is
// answered, logs it and counts it. It is the outermost middleware and the
// last line of defence against a panic.
func (s *Server) begin(c *gin.Context) {
	start := time.Now()
	rid := c.GetHeader("X-Request-ID")
	if !validRequestID(rid) {
		rid = newRequestID()
	}
	c.Set(ctxRequestID, rid)
	h := c.Writer.Header()
	h.Set("X-Request-ID", rid)
	for _, kv := range securityHeaders {
		h.Set(kv[0], kv[1])
	}
	if c.Request.TLS != nil {
		h.Set("Strict-Transport-Security", "max-age=31536000")
	}
	log := s.log.With(slog.String("request_id", rid))
	c.Set(ctxLogger, log)
	defer func() {
		if p := recover(); p != nil {
			log.Error("panic", slog.String("route", routeOf(c)), slog.Any("panic", p))
			if !c.Writer.Written() {
				WriteProblem(c, Problem{Code: graph.EINTERNAL, Detail: detailOf(graph.EINTERNAL, nil)})
			}
		}
		status := c.Writer.Status()
		route := routeOf(c)
		d := time.Since(start)
		s.metrics.observe(c.Request.Method, route, status, d)
		level := slog.LevelInfo
		if status >= 500 {
			level = slog.LevelError
		}
		attrs := []slog.Attr{slog.String("method", c.Request.Method), slog.String("route", route),
			slog.String("path", c.Request.URL.Path), slog.Int("status", status),
			slog.Float64("ms", float64(d.Microseconds())/1000), slog.Int("bytes", max(c.Writer.Size(), 0)),
			slog.String("client", c.ClientIP())}
		if k, ok := CallerOf(c); ok {
			attrs = append(attrs, slog.String("actor", k.Name), slog.String("role", k.Role.String()))
		}
		if code := c.GetString(ctxOutcome); code != "" {
			attrs = append(attrs, slog.String("code", code))
		}
		log.LogAttrs(c.Request.Context(), level, "request", attrs...)
	}()
	c.Next()
}

// recoverer turns a handler's panic into a 500 problem, inside the audit,
// so that the failed request is audited as such.
func (s *Server) recoverer(c *gin.Context) {
	defer func() {
		if p := recover(); p != nil {
			if errors.Is(asError(p), http.ErrAbortHandler) {
				panic(p)
			}
			logger(c).Error("panic", slog.String("route", routeOf(c)), slog.Any("panic", p))
			if !c.Writer.Written() {
				WriteProblem(c, Problem{Code: graph.EINTERNAL, Detail: detailOf(graph.EINTERNAL, nil)})
			} else {
				c.Abort()
			}
		}
	}()
	c.Next()
}

func asError(p any) error {
	if err, ok := p.(error); ok {
		return err
	}
	return nil
}

// limits bounds the body and the time of a request.
func (s *Server) limits(rt *Route) gin.HandlerFunc {
	maxBody := rt.MaxBodyBytes
	if maxBody <= 0 {
		maxBody = s.cfg.MaxBodyBytes
	}
	timeout := rt.Timeout
	if timeout <= 0 {
		timeout = s.cfg.RequestTimeout
	}
	read := (rt.Method == http.MethodGet || rt.Method == http.MethodHead) && rt.Role != Public
	return func(c *gin.Context) {
		if c.Request.ContentLength > maxBody {
			Error(c, &http.MaxBytesError{Limit: maxBody})
			return
		}
		if c.Request.Body != nil && c.Request.Body != http.NoBody {
			c.Request.Body = http.MaxBytesReader(rawWriter(c.Writer), c.Request.Body, maxBody)
		}
		ctx, cancel := context.WithTimeout(c.Request.Context(), timeout)
		defer cancel()
		c.Request = c.Request.WithContext(ctx)
		if read {
			select {
			case s.reads <- struct{}{}:
				// The turn ends when the answer is ready to encode (JSON),
				// or when the handler returns.
				held := true
				done := func() {
					if held {
						held = false
						<-s.reads
						// The next read was readied on this processor's
						// run-next slot, behind what is left of this
						// request: parking on a short timer lets it start at
						// once (runtime.Gosched would send this request to
						// the back of the global queue instead). See
						// bench/RESULTS-http.md, the 14:24 section.
						time.Sleep(time.Microsecond)
					}
				}
				c.Set(ctxReadTurn, done)
				defer done()
			case <-ctx.Done():
				Error(c, ctx.Err()) // timed out waiting for a turn, or the client left
				return
			}
		}
		c.Next()
	}
}

// rawWriter unwraps the writers around net/http's, so that MaxBytesReader
// can tell the server to close the connection after an oversized body.
func rawWriter(w http.ResponseWriter) http.ResponseWriter {
	for {
		u, ok := w.(interface{ Unwrap() http.ResponseWriter })
		if !ok {
			return w
		}
		w = u.Unwrap()
	}
}

func (s *Server) noRoute(c *gin.Context) {
	if !s.allow(c) {
		return
	}
	WriteProblem(c, Problem{Code: graph.ENOTFOUND, Detail: "no such route: " + truncate(c.Request.URL.Path, 200)})
}

func (s *Server) noMethod(c *gin.Context) {
	if !s.allow(c) {
		return
	}
	WriteProblem(c, Problem{Code: CodeMethodNotAllowed,
		Detail: "method " + c.Request.Method + " is not allowed here; allowed: " + c.Writer.Header().Get("Allow")})
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
