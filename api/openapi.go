package api

import (
	"encoding"
	"encoding/json"
	"net/http"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"
)

// buildOpenAPI writes the OpenAPI 3 document of every route served. The
// schemas are derived from the JSON encoding of the Go types the handlers
// answer with, so the document follows the code.
func (s *Server) buildOpenAPI() []byte {
	g := &schemaGen{comps: map[string]any{}, names: map[reflect.Type]string{}}
	problem := g.schema(reflect.TypeFor[Problem]())
	paths := map[string]map[string]any{}
	tags := map[string]bool{}
	for _, rt := range s.routes {
		p := openAPIPath(rt.Path)
		if paths[p] == nil {
			paths[p] = map[string]any{}
		}
		paths[p][strings.ToLower(rt.Method)] = g.operation(rt, problem)
		if rt.Tag != "" {
			tags[rt.Tag] = true
		}
	}
	var tagList []map[string]any
	for _, t := range sortedKeys(tags) {
		tagList = append(tagList, map[string]any{"name": t})
	}
	doc := map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{
			"title":   "Takedown API",
			"version": s.cfg.Version,
			"description": "The graph of accounts, pages, posts and identifiers that investigators search for people-smuggling networks. " +
				"Sign in with Authorization: Bearer TOKEN. Roles: viewer reads; analyst also ingests, runs analyses and manages referrals; " +
				"admin also reads the audit log and manages keys. Every request to a signed-in route is audited. " +
				"Errors are application/problem+json (RFC 9457) with a stable code. " +
				"Ids may hold any character: percent-encode an id in a path (fb:group/1001 → fb%3Agroup%2F1001).",
		},
		"tags":  tagList,
		"paths": paths,
		"components": map[string]any{
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}},
			"schemas":         g.comps,
		},
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		panic(err) // the document is made of maps, slices and strings only
	}
	return b
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func (g *schemaGen) operation(rt *Route, problem map[string]any) map[string]any {
	op := map[string]any{
		"operationId": operationID(rt.Method, rt.Path),
		"summary":     rt.Summary,
	}
	if rt.Description != "" {
		op["description"] = rt.Description
	}
	if rt.Tag != "" {
		op["tags"] = []string{rt.Tag}
	}
	var params []map[string]any
	for _, name := range pathParams(rt.Path) {
		params = append(params, map[string]any{"name": name, "in": "path", "required": true,
			"description": "percent-encoded", "schema": map[string]any{"type": "string"}})
	}
	for _, q := range rt.Query {
		sch := map[string]any{"type": cmpOr(q.Type, "string")}
		if len(q.Enum) > 0 {
			sch["enum"] = q.Enum
		}
		p := map[string]any{"name": q.Name, "in": "query", "required": q.Required, "schema": sch}
		if q.Description != "" {
			p["description"] = q.Description
		}
		params = append(params, p)
	}
	if len(params) > 0 {
		op["parameters"] = params
	}
	if rt.Body != nil {
		sch := map[string]any{"type": "string"}
		if rt.Body.Schema != nil {
			sch = g.schema(reflect.TypeOf(rt.Body.Schema))
		}
		op["requestBody"] = map[string]any{"required": true, "description": rt.Body.Description,
			"content": map[string]any{rt.Body.ContentType: map[string]any{"schema": sch}}}
	}
	status := rt.Status
	if status == 0 {
		status = http.StatusOK
	}
	ok := map[string]any{"description": cmpOr(http.StatusText(status), "success")}
	switch {
	case rt.Response != nil:
		ok["content"] = map[string]any{"application/json": map[string]any{"schema": g.schema(reflect.TypeOf(rt.Response))}}
	case rt.ResponseType != "":
		ok["content"] = map[string]any{rt.ResponseType: map[string]any{"schema": map[string]any{"type": "string"}}}
	}
	pr := func(desc string) map[string]any {
		return map[string]any{"description": desc, "content": map[string]any{ProblemContentType: map[string]any{"schema": problem}}}
	}
	responses := map[string]any{strconv.Itoa(status): ok, "default": pr("an error (problem document with a stable code)")}
	if len(rt.Query) > 0 || rt.Body != nil {
		responses["400"] = pr("invalid request")
	}
	if rt.Role > Public {
		responses["401"] = pr("no or invalid bearer token")
		responses["403"] = pr("the key's role is too low: needs " + rt.Role.String())
		responses["429"] = pr("rate limit exceeded; see Retry-After")
		op["security"] = []map[string][]string{{"bearer": {}}}
	} else {
		op["security"] = []map[string][]string{}
	}
	if len(pathParams(rt.Path)) > 0 {
		responses["404"] = pr("not found")
	}
	if rt.Body != nil {
		responses["413"] = pr("body larger than the limit")
		responses["415"] = pr("wrong Content-Type")
	}
	op["responses"] = responses
	op["x-role"] = rt.Role.String()
	return op
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func operationID(method, path string) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(method))
	for _, seg := range strings.Split(openAPIPath(path), "/") {
		seg = strings.Trim(seg, "{}")
		if seg == "" {
			continue
		}
		b.WriteByte('_')
		for _, r := range seg {
			if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
				b.WriteRune(r)
			} else {
				b.WriteByte('_')
			}
		}
	}
	return b.String()
}

// schemaGen derives JSON schemas from Go types, following encoding/json.
type schemaGen struct {
	comps map[string]any
	names map[reflect.Type]string
}

var (
	timeType    = reflect.TypeFor[time.Time]()
	rawType     = reflect.TypeFor[json.RawMessage]()
	textMarshal = reflect.TypeFor[encoding.TextMarshaler]()
)

func (g *schemaGen) schema(t reflect.Type) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t == rawType:
		return map[string]any{}
	case t.Implements(textMarshal) || reflect.PointerTo(t).Implements(textMarshal):
		return map[string]any{"type": "string"}
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Uint8, reflect.Uint16, reflect.Uint32:
		return map[string]any{"type": "integer"}
	case reflect.Int64, reflect.Uint, reflect.Uint64:
		return map[string]any{"type": "integer", "format": "int64"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array: // a nil slice or map encodes as null
		return map[string]any{"type": "array", "items": g.schema(t.Elem()), "nullable": true}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.schema(t.Elem()), "nullable": true}
	case reflect.Interface:
		return map[string]any{}
	case reflect.Struct:
		if t.Name() == "" {
			return g.object(t)
		}
		name, ok := g.names[t]
		if !ok {
			name = t.Name()
			if _, taken := g.comps[name]; taken {
				name = strings.ReplaceAll(t.String(), ".", "_")
			}
			g.names[t] = name
			g.comps[name] = map[string]any{} // a placeholder while recursing
			g.comps[name] = g.object(t)
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	return map[string]any{}
}

// object is the schema of a struct's JSON object: its fields, those of
// embedded structs inlined, required unless omitempty or omitzero.
func (g *schemaGen) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []string
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for i := range t.NumField() {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			ft := f.Type
			if f.Anonymous && name == "" {
				for ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if ft.Kind() == reflect.Struct {
					walk(ft)
					continue
				}
			}
			if !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
			}
			props[name] = g.schema(ft)
			if !strings.Contains(opts, "omitempty") && !strings.Contains(opts, "omitzero") {
				required = append(required, name)
			}
		}
	}
	walk(t)
	o := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		sort.Strings(required)
		o["required"] = required
	}
	return o
}
