// Package api is the HTTP API of Takedown, served with Gin over any store
// that satisfies the narrow interfaces it defines (Graph, Auditor, Docs;
// a graph.Store satisfies all of them).
//
// # Wiring
//
//	keys, token, err := api.Bootstrap(ctx, store, os.Getenv("TAKEDOWN_API_KEYS"))
//	if token != "" {
//		fmt.Println("admin token (shown once):", token)
//	}
//	srv, err := api.New(api.Config{Store: store, Keys: keys, Logger: log, Region: "GB", Version: version})
//	analysis.Routes(srv)                      // other packages add their routes ...
//	err = srv.HTTPServer(addr).ListenAndServe() // ... before the first Handler call
//
// Other packages add routes with Server.Handle(Route{Method, Path, Role,
// Handler, ...}) before the server is started: each route gets sign-in for
// its Role, the rate limit, the body limit and deadline, the audit entry
// and an operation in the OpenAPI document, like the built-in ones. Their
// handlers answer with JSON, fail with Error (a problem document), record
// what they read or wrote with Audit and AuditMore, read the caller with
// CallerOf, and parse queries with QueryInt, QueryFloat, QueryBool,
// Server.PageLimit, Server.Region and DecodeJSON. The first call of
// Server.Handler freezes the routes; Handle fails after it.
//
// # Sign-in and roles
//
// Callers send Authorization: Bearer TOKEN. Keys come from
// TAKEDOWN_API_KEYS ("admin:TOKEN1,analyst:TOKEN2,viewer:TOKEN3", parsed by
// ParseKeys) and from the store's meta collection (document "api_keys"),
// where only the SHA-256 of each token is kept. Bootstrap generates an
// admin key on the first start when neither has any, and returns its token
// once. Tokens are compared by hash in constant time. Roles are ordered:
// a viewer reads; an analyst also ingests, runs analyses and manages
// referrals; an admin also reads the audit log and manages keys
// (POST/GET /v1/keys, DELETE /v1/keys/{id}). No token or a wrong one is
// 401, a role too low 403.
//
// # Routes
//
// Public (no sign-in): GET /healthz (liveness), GET /readyz (the store
// answers), GET /metrics (Prometheus, on the same listener: counts and
// latencies by route template, never ids, so it is served without sign-in;
// restrict it at the network edge if needed) and GET /v1/openapi.json.
//
// Viewer: GET /v1/stats, GET /v1/accounts (search, cursor-paginated),
// GET /v1/accounts/{id}, /v1/pages/{id}, /v1/posts/{id},
// GET /v1/accounts/{id}/linked, GET /v1/paths, GET /v1/identifiers.
// Analyst: POST /v1/ingest (NDJSON, one transaction, all or nothing).
// Admin: GET /v1/audit and the key routes.
//
// Ids may hold any character; in a path an id is percent-encoded
// (/v1/accounts/fb%3Agroup%2F1001). The router matches the escaped path
// and unescapes the value, so "/" and "%" in ids are kept.
//
// # Errors
//
// Every error is application/problem+json (RFC 9457) with type, title,
// status, detail, a stable code (the graph error codes and the HTTP ones
// of this package) and the request id; an ingest's invalid lines are in
// problems. One table (StatusOf) maps codes to statuses. Internal errors
// are logged with the request id; the client only sees a generic detail.
//
// # Audit
//
// Every request to a signed-in route, and every request that matches no
// route, is appended to the store's hash-chained audit log: the key's name
// (never the token), its role, the method and route template, the entity
// ids read or written (the first MaxAuditIDs, then "+N more"), the status
// and the request id. Denied requests are audited too. The response is
// held until its entry is durable, and a request that cannot be audited
// answers 500 instead: nothing is served without a record. VerifyChain
// walks the whole log and checks its chain, and that it reaches the head
// the store recorded, so entries removed from the end are found too
// (takedown audit verify).
//
// # Limits
//
// Bodies beyond Config.MaxBodyBytes are 413 (chunked ones too, when the
// limit is crossed); each request's context has a deadline
// (RequestTimeout); depth and page sizes are capped; each key, and each
// client address without a valid key, has a token bucket (RateLimit per
// second, RateBurst), beyond which the answer is 429 with Retry-After.
//
// # Logs and headers
//
// Each request is logged with log/slog with its request id (X-Request-ID,
// echoed or generated), route, status and duration; never tokens, request
// bodies or query strings. Responses carry X-Content-Type-Options:
// nosniff, a Content-Security-Policy that allows nothing, X-Frame-Options,
// Referrer-Policy and Cache-Control: no-store. No CORS headers are sent.
package api
