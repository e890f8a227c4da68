package api

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/takedown/takedown/graph"
)

// Codes of the HTTP layer itself, besides the graph error codes. They
// appear in a problem's "code" like the graph codes do.
const (
	CodeMethodNotAllowed = "method_not_allowed"
	CodeUnsupportedMedia = "unsupported_media_type"
	CodeRateLimited      = "rate_limited"
	CodeTimeout          = "timeout"
	CodeUnavailable      = "unavailable"
)

// statusOf is the one table from error codes to HTTP statuses.
var statusOf = map[string]int{
	graph.ENOTFOUND:      http.StatusNotFound,
	graph.EINVALID:       http.StatusBadRequest,
	graph.ECONFLICT:      http.StatusConflict,
	graph.EUNAUTHORIZED:  http.StatusUnauthorized,
	graph.EFORBIDDEN:     http.StatusForbidden,
	graph.ETOOLARGE:      http.StatusRequestEntityTooLarge,
	graph.EINTERNAL:      http.StatusInternalServerError,
	CodeMethodNotAllowed: http.StatusMethodNotAllowed,
	CodeUnsupportedMedia: http.StatusUnsupportedMediaType,
	CodeRateLimited:      http.StatusTooManyRequests,
	CodeTimeout:          http.StatusServiceUnavailable,
	CodeUnavailable:      http.StatusServiceUnavailable,
}

// StatusOf returns the HTTP status of an error code (500 for an unknown one).
func StatusOf(code string) int {
	if s, ok := statusOf[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// titles are the short, fixed summaries of each code.
var titles = map[string]string{
	graph.ENOTFOUND:      "Not found",
	graph.EINVALID:       "Invalid request",
	graph.ECONFLICT:      "Conflict",
	graph.EUNAUTHORIZED:  "Sign-in required",
	graph.EFORBIDDEN:     "Forbidden",
	graph.ETOOLARGE:      "Request too large",
	graph.EINTERNAL:      "Internal error",
	CodeMethodNotAllowed: "Method not allowed",
	CodeUnsupportedMedia: "Unsupported media type",
	CodeRateLimited:      "Too many requests",
	CodeTimeout:          "Request timed out",
	CodeUnavailable:      "Service unavailable",
}

// Problem is an RFC 9457 problem document, with the stable code of the
// error and, for an ingest, the invalid lines.
type Problem struct {
	Type      string          `json:"type"`
	Title     string          `json:"title"`
	Status    int             `json:"status"`
	Detail    string          `json:"detail"`
	Code      string          `json:"code"`
	RequestID string          `json:"request_id,omitempty"`
	Problems  []graph.Problem `json:"problems,omitempty"`
	// Invalid counts the invalid lines of an ingest (Problems holds the
	// first of them).
	Invalid int64 `json:"invalid,omitempty"`
}

// ProblemContentType is the media type of error responses.
const ProblemContentType = "application/problem+json"

// problemType is the type URI of a code.
func problemType(code string) string { return "urn:takedown:problem:" + code }

// codeOf classifies any error: a *graph.Error keeps its code, a deadline
// is a timeout, an oversized body is too_large and the rest is internal.
func codeOf(err error) string {
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return graph.ETOOLARGE
	case errors.Is(err, context.DeadlineExceeded):
		return CodeTimeout
	case errors.Is(err, context.Canceled):
		return CodeUnavailable
	}
	var ge *graph.Error
	if errors.As(err, &ge) {
		// Internal errors wrapping a limit keep that limit's code above;
		// anything else keeps its own code.
		return ge.Code
	}
	return graph.EINTERNAL
}

// detailOf is the user-safe message of an error.
func detailOf(code string, err error) string {
	var mbe *http.MaxBytesError
	switch code {
	case graph.ETOOLARGE:
		if errors.As(err, &mbe) {
			return "request body larger than the limit of " + strconv.FormatInt(mbe.Limit, 10) + " bytes"
		}
	case CodeTimeout:
		return "the request took longer than the server's time limit"
	case CodeUnavailable:
		if errors.Is(err, context.Canceled) {
			return "the request was cancelled"
		}
	case graph.EINTERNAL:
		return "internal error; quote the request id when reporting it"
	}
	return graph.ErrorMessage(err)
}

// Error answers the request with the problem document of err and aborts
// the handler chain. Internal errors are logged with the request id and
// their cause; the client sees only a generic message. Handlers of other
// packages use it for every error they return.
func Error(c *gin.Context, err error) {
	code := codeOf(err)
	p := Problem{Code: code, Detail: detailOf(code, err)}
	var ge *graph.Error
	if errors.As(err, &ge) && code == graph.EINVALID {
		p.Problems = ge.Problems
	}
	if code == graph.EINTERNAL || code == CodeTimeout {
		attrs := []slog.Attr{slog.String("route", routeOf(c)), slog.String("code", code), slog.String("error", err.Error())}
		if ge != nil && ge.Err != nil {
			attrs = append(attrs, slog.String("cause", ge.Err.Error()))
		}
		logger(c).LogAttrs(c.Request.Context(), slog.LevelError, "request failed", attrs...)
	}
	WriteProblem(c, p)
}

// WriteProblem answers with p, filling its type, title, status and request
// id from its code, and aborts the chain.
func WriteProblem(c *gin.Context, p Problem) {
	if p.Code == "" {
		p.Code = graph.EINTERNAL
	}
	if p.Status == 0 {
		p.Status = StatusOf(p.Code)
	}
	if p.Title == "" {
		p.Title = titles[p.Code]
		if p.Title == "" {
			p.Title = http.StatusText(p.Status)
		}
	}
	p.Type = problemType(p.Code)
	if p.Detail == "" {
		p.Detail = p.Title
	}
	p.RequestID = RequestID(c)
	body, err := json.Marshal(p)
	if err != nil { // cannot happen for this type
		body = []byte(`{"type":"urn:takedown:problem:internal","title":"Internal error","status":500,"code":"internal"}`)
		p.Status = http.StatusInternalServerError
	}
	c.Abort()
	c.Data(p.Status, ProblemContentType, body)
	setOutcome(c, p.Code)
}

// endReadTurn lets the next read start: what is left of this one is
// encoding its answer, which needs no store.
func endReadTurn(c *gin.Context) {
	if f, ok := c.Get(ctxReadTurn); ok {
		f.(func())()
	}
}

// JSONAppender is a value that writes its own JSON, the same as
// encoding/json would (failing where it fails), but faster
// (graph.LinkedResult, graph.AccountPage).
type JSONAppender interface {
	AppendJSON(b []byte) ([]byte, error)
}

// JSON answers with v as application/json.
func JSON(c *gin.Context, status int, v any) {
	endReadTurn(c)
	if a, ok := v.(JSONAppender); ok {
		bp := bodies.Get().(*[]byte)
		body, err := a.AppendJSON((*bp)[:0])
		if err != nil {
			putBody(bp)
			Error(c, graph.Internal(err))
			return
		}
		*bp = body
		if hw, ok := c.Writer.(*heldWriter); ok && !hw.Written() {
			// Held for the audit: hand the buffer over rather than copy it.
			c.Header("Content-Type", "application/json; charset=utf-8")
			hw.WriteHeader(status)
			hw.own(bp)
			return
		}
		c.Data(status, "application/json; charset=utf-8", body)
		putBody(bp)
		return
	}
	body, err := json.Marshal(v)
	if err != nil {
		Error(c, graph.Internal(err))
		return
	}
	c.Data(status, "application/json; charset=utf-8", body)
}

func logger(c *gin.Context) *slog.Logger {
	if l, ok := c.Get(ctxLogger); ok {
		return l.(*slog.Logger)
	}
	return slog.Default()
}
