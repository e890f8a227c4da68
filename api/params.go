package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/takedown/takedown/graph"
)

// QueryInt reads an integer query parameter within [lo, hi]; def if it is
// absent. Out of range or malformed is EINVALID.
func QueryInt(c *gin.Context, name string, def, lo, hi int) (int, error) {
	v, ok := c.GetQuery(name)
	if !ok || v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, graph.Errorf(graph.EINVALID, "%s must be an integer", name)
	}
	if n < lo || n > hi {
		return 0, graph.Errorf(graph.EINVALID, "%s must be between %d and %d", name, lo, hi)
	}
	return n, nil
}

// QueryFloat reads a number query parameter within [lo, hi]; def if absent.
func QueryFloat(c *gin.Context, name string, def, lo, hi float64) (float64, error) {
	v, ok := c.GetQuery(name)
	if !ok || v == "" {
		return def, nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f != f {
		return 0, graph.Errorf(graph.EINVALID, "%s must be a number", name)
	}
	if f < lo || f > hi {
		return 0, graph.Errorf(graph.EINVALID, "%s must be between %g and %g", name, lo, hi)
	}
	return f, nil
}

// QueryBool reads a boolean query parameter (true/false/1/0); false if absent.
func QueryBool(c *gin.Context, name string) (bool, error) {
	v, ok := c.GetQuery(name)
	if !ok || v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, graph.Errorf(graph.EINVALID, "%s must be true or false", name)
	}
	return b, nil
}

// PageLimit reads the limit query parameter of a paginated route:
// between 1 and the server's MaxPageSize, def if absent.
func (s *Server) PageLimit(c *gin.Context, def int) (int, error) {
	return QueryInt(c, "limit", min(def, s.cfg.MaxPageSize), 1, s.cfg.MaxPageSize)
}

// Region reads the region query parameter (ISO 3166 alpha-2), or the
// server's default region.
func (s *Server) Region(c *gin.Context) (string, error) {
	r := strings.TrimSpace(c.Query("region"))
	if r == "" {
		return s.cfg.Region, nil
	}
	if len(r) != 2 || !isAlpha(r[0]) || !isAlpha(r[1]) {
		return "", graph.Errorf(graph.EINVALID, "region must be a two-letter country code such as GB")
	}
	return strings.ToUpper(r), nil
}

func isAlpha(b byte) bool { return b|0x20 >= 'a' && b|0x20 <= 'z' }

// RequireContentType checks the media type of the request body; another
// is CodeUnsupportedMedia (415).
func RequireContentType(c *gin.Context, want string) error {
	ct := c.GetHeader("Content-Type")
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil || !strings.EqualFold(mt, want) {
		if ct == "" {
			ct = "none"
		}
		return &graph.Error{Code: CodeUnsupportedMedia, Message: "Content-Type must be " + want + ", not " + truncate(ct, 100)}
	}
	return nil
}

// DecodeJSON reads a JSON request body into v: application/json, one
// object, no unknown fields.
func DecodeJSON(c *gin.Context, v any) error {
	if err := RequireContentType(c, "application/json"); err != nil {
		return err
	}
	body, err := io.ReadAll(c.Request.Body)
	if err != nil {
		return graph.Internal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		var ge *graph.Error
		switch {
		case errors.As(err, &ge):
			return ge
		case errors.As(err, &se):
			return graph.Errorf(graph.EINVALID, "malformed JSON at byte %d", se.Offset)
		case errors.As(err, &te):
			return graph.Errorf(graph.EINVALID, "field %s: expected %s", te.Field, te.Type)
		}
		return graph.Errorf(graph.EINVALID, "malformed JSON body: %s", strings.TrimPrefix(err.Error(), "json: "))
	}
	if dec.More() {
		return graph.Errorf(graph.EINVALID, "text after the JSON object")
	}
	return nil
}
