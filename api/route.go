package api

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

// Route is one operation of the API: where it is served, who may call it,
// its handler, and what the OpenAPI document says of it. Other packages
// add theirs with Server.Handle before the server starts serving.
type Route struct {
	Method string
	// Path is an OpenAPI path template: "/v1/clusters/{id}". A last
	// segment "{name...}" matches the rest of the path ("/assets/{file...}").
	Path    string
	Role    Role
	Handler gin.HandlerFunc

	// Documentation.
	Summary     string
	Description string
	Tag         string
	Query       []Param
	// Body is the request body, nil for none.
	Body *Body
	// Status is the status of success, 200 if zero.
	Status int
	// Response is a value of the type of the JSON body of success (nil for
	// no body). Its schema is derived from the type's JSON encoding.
	Response any
	// ResponseType is the media type of a body that is not JSON
	// ("text/html; charset=utf-8", "text/plain").
	ResponseType string

	// Limits of this route; zero takes the server's.
	Timeout      time.Duration
	MaxBodyBytes int64
}

// Param is a query parameter.
type Param struct {
	Name        string
	Type        string // "string" (default), "integer", "number" or "boolean"
	Description string
	Required    bool
	Enum        []string
}

// Body describes a request body.
type Body struct {
	ContentType string // "application/json", "application/x-ndjson"
	Description string
	// Schema is a value of the body's type, for a JSON body; nil for a
	// body of another kind (its schema is then a string).
	Schema any
}

var (
	pathParamRE = regexp.MustCompile(`\{([A-Za-z_][A-Za-z0-9_]*)(\.\.\.)?\}`)
	methods     = map[string]bool{http.MethodGet: true, http.MethodPost: true, http.MethodPut: true,
		http.MethodPatch: true, http.MethodDelete: true, http.MethodHead: true}
)

// ginPath converts an OpenAPI template to Gin's syntax: {id} → :id and
// {file...} → *file.
func ginPath(p string) (string, error) {
	if !strings.HasPrefix(p, "/") {
		return "", fmt.Errorf("path %q must start with /", p)
	}
	segs := strings.Split(p, "/")
	for i, s := range segs {
		if !strings.ContainsAny(s, "{}") {
			if strings.ContainsAny(s, ":*") {
				return "", fmt.Errorf("path %q: use {name} for parameters", p)
			}
			continue
		}
		m := pathParamRE.FindStringSubmatch(s)
		if m == nil || m[0] != s {
			return "", fmt.Errorf("path %q: a parameter must be a whole segment", p)
		}
		if m[2] != "" {
			if i != len(segs)-1 {
				return "", fmt.Errorf("path %q: {%s...} must be the last segment", p, m[1])
			}
			segs[i] = "*" + m[1]
		} else {
			segs[i] = ":" + m[1]
		}
	}
	return strings.Join(segs, "/"), nil
}

// openAPIPath is the template as OpenAPI writes it ({file...} → {file}).
func openAPIPath(p string) string { return strings.ReplaceAll(p, "...}", "}") }

// pathParams are the parameter names of a template, in order.
func pathParams(p string) []string {
	var out []string
	for _, m := range pathParamRE.FindAllStringSubmatch(p, -1) {
		out = append(out, m[1])
	}
	return out
}
