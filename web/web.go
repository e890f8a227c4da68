// Package web is the investigators' web page of Takedown: one HTML page
// and its scripts and styles, embedded in the binary and served over the
// same HTTP server as the API.
//
//	srv, err := api.New(cfg)
//	...
//	if err := web.Mount(srv); err != nil { ... }
//
// The page is served at / and its files at /assets/{file}. Neither needs
// sign-in: the page asks the investigator for an API token, keeps it in the
// tab's sessionStorage only, and calls the API with Authorization: Bearer.
// Nothing is loaded from elsewhere at run time: Cytoscape.js, which draws
// the networks, is vendored in assets/vendor (see package.json), so building
// the binary needs no Node.
//
// Every answer carries a strict Content-Security-Policy (CSP): scripts,
// styles, images and API calls come from the page's own origin only, and no
// inline script or style runs.
//
// The page routes with the URL's fragment, so that any view can be linked
// to and reloaded: #/networks, #/network/ID, #/account/ID, #/page/ID,
// #/search?q=..., #/referrals, #/alerts, #/analysis and #/analysis/RUN.
package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/takedown/takedown/api"
	"github.com/takedown/takedown/graph"
)

//go:embed index.html assets
var files embed.FS

// CSP is the Content-Security-Policy of the page and its files.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"font-src 'self'; connect-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// contentTypes are the media types of the files served, by extension.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".mjs":  "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".svg":  "image/svg+xml",
	".png":  "image/png",
	".txt":  "text/plain; charset=utf-8",
	".json": "application/json",
}

// asset is one embedded file, ready to serve.
type asset struct {
	body        []byte
	contentType string
	etag        string
}

// site holds the files, read once.
type site struct {
	index  asset
	assets map[string]asset // by path under assets/
}

func load() (*site, error) {
	s := &site{assets: map[string]asset{}}
	read := func(name string) (asset, error) {
		b, err := files.ReadFile(name)
		if err != nil {
			return asset{}, err
		}
		sum := sha256.Sum256(b)
		ct := contentTypes[path.Ext(name)]
		if ct == "" {
			ct = "application/octet-stream"
		}
		return asset{body: b, contentType: ct, etag: `"` + hex.EncodeToString(sum[:12]) + `"`}, nil
	}
	var err error
	if s.index, err = read("index.html"); err != nil {
		return nil, err
	}
	err = fs.WalkDir(files, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		a, err := read(p)
		if err != nil {
			return err
		}
		s.assets[strings.TrimPrefix(p, "assets/")] = a
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// Routes are the page's routes: GET (and HEAD) / and /assets/{file...},
// all public.
func Routes() ([]api.Route, error) {
	s, err := load()
	if err != nil {
		return nil, err
	}
	var out []api.Route
	for _, method := range []string{http.MethodGet, http.MethodHead} {
		out = append(out,
			api.Route{Method: method, Path: "/", Role: api.Public, Handler: s.serveIndex, Tag: "web",
				Summary:      "The investigators' web page (signs in with an API token itself)",
				ResponseType: "text/html; charset=utf-8"},
			api.Route{Method: method, Path: "/assets/{file...}", Role: api.Public, Handler: s.serveAsset, Tag: "web",
				Summary:      "The web page's scripts, styles and images",
				ResponseType: "application/octet-stream"})
	}
	return out, nil
}

// Mount adds the page's routes to srv, before it starts serving.
func Mount(srv *api.Server) error {
	rts, err := Routes()
	if err != nil {
		return err
	}
	for _, rt := range rts {
		if err := srv.Handle(rt); err != nil {
			return err
		}
	}
	return nil
}

func (s *site) serveIndex(c *gin.Context) {
	// The page itself is never cached, so a new binary's page is picked
	// up at once; its files are revalidated by ETag.
	write(c, s.index, "no-store")
}

func (s *site) serveAsset(c *gin.Context) {
	name := strings.TrimPrefix(c.Param("file"), "/")
	a, ok := s.assets[name]
	if !ok {
		api.Error(c, graph.Errorf(graph.ENOTFOUND, "no such file: /assets/%s", truncate(name, 200)))
		return
	}
	write(c, a, "no-cache")
}

func write(c *gin.Context, a asset, cache string) {
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", CSP)
	h.Set("Cache-Control", cache)
	h.Set("ETag", a.etag)
	h.Set("X-Content-Type-Options", "nosniff")
	if match := c.GetHeader("If-None-Match"); match != "" && etagMatches(match, a.etag) {
		c.Status(http.StatusNotModified)
		c.Writer.WriteHeaderNow()
		return
	}
	c.Data(http.StatusOK, a.contentType, a.body)
}

func etagMatches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
