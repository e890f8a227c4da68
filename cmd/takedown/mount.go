package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/takedown/takedown/api"
	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/networks"
	"github.com/takedown/takedown/referral"
	"github.com/takedown/takedown/web"
)

// mount adds the routes of the other packages to the API server: analysis
// runs and clusters, plans, referrals and alerts, and the web page. It
// returns a function that stops the analysis runner.
func (m *Main) mount(ctx context.Context, srv *api.Server, s graph.Store, cfg *networks.Config, logger *slog.Logger) (func() error, error) {
	runner := networks.NewRunner(s, cfg, nil, logger)
	for _, r := range networks.NewHandlers(runner).Routes() {
		if err := srv.Handle(api.Route{Method: r.Method, Path: openAPIPath(r.Path), Role: role(r.Role),
			Handler: problems(r.Handler), Summary: r.Summary, Tag: "analysis"}); err != nil {
			runner.Close()
			return nil, err
		}
	}
	svc := referral.New(s)
	if err := svc.Mount(srv); err != nil {
		runner.Close()
		return nil, err
	}
	if err := srv.AddStats("outcomes", func(ctx context.Context) (any, error) { return svc.Outcomes(ctx) }); err != nil {
		runner.Close()
		return nil, err
	}
	if err := web.Mount(srv); err != nil {
		runner.Close()
		return nil, err
	}
	return runner.Close, nil
}

// openAPIPath turns Gin's ":id" segments into "{id}".
func openAPIPath(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		if strings.HasPrefix(s, ":") {
			parts[i] = "{" + s[1:] + "}"
		}
	}
	return strings.Join(parts, "/")
}

func role(r string) api.Role {
	switch r {
	case networks.RoleAnalyst:
		return api.Analyst
	case networks.RoleAdmin:
		return api.Admin
	}
	return api.Viewer
}

// problems renders an error a handler left in the context as problem+json.
func problems(h gin.HandlerFunc) gin.HandlerFunc {
	return func(c *gin.Context) {
		h(c)
		if len(c.Errors) > 0 && !c.Writer.Written() {
			err := c.Errors.Last().Err
			c.Errors = c.Errors[:0]
			api.Error(c, err)
		}
	}
}

// demoAnalysis runs the analysis over fresh demo data, so the ranking has
// networks to show.
func (m *Main) demoAnalysis(ctx context.Context, s graph.Store, logger *slog.Logger) error {
	t0 := time.Now()
	run, err := networks.Analyze(ctx, s, nil, nil)
	if err != nil {
		return err
	}
	logger.Info("demo: analysed", "run", run.ID, "seconds", time.Since(t0).Seconds())
	return nil
}

func (m *Main) analyze(ctx context.Context, args []string) error {
	fs := m.flags("analyze [--data DIR] [--config FILE]",
		"Find and rank the networks in the stored graph: project accounts and pages into\n"+
			"a weighted evidence graph, detect communities (Leiden), find key players,\n"+
			"score and tier each network, and match them to the previous run's so network\n"+
			"ids survive re-runs. Prints the run summary as JSON.",
		"takedown analyze --data ./data\ntakedown analyze --data ./data --config weights.json")
	sf := m.storeFlags(fs)
	cfgPath := fs.String("config", "", "analysis configuration (JSON; see networks/weights.default.json)")
	quiet := fs.Bool("quiet", false, "no progress bar")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := loadNetworksConfig(*cfgPath)
	if err != nil {
		return err
	}
	s, where, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	fmt.Fprintln(m.Stderr, "takedown: analysing", where)
	var progress func(string, float64)
	if !*quiet && isTerminal(m.Stderr) {
		progress = func(phase string, pct float64) {
			n := int(pct / 5)
			fmt.Fprintf(m.Stderr, "\r%-12s [%s%s] %5.1f%% ", phase, strings.Repeat("#", n), strings.Repeat(".", 20-min(n, 20)), pct)
		}
	}
	run, err := networks.Analyze(ctx, s, cfg, progress)
	if progress != nil {
		fmt.Fprintln(m.Stderr)
	}
	if err != nil {
		return err
	}
	return writeJSON(m.Stdout, run)
}

func loadNetworksConfig(path string) (*networks.Config, error) {
	if path == "" {
		return networks.DefaultConfig(), nil
	}
	return networks.LoadConfig(path)
}

var _ = flag.ErrHelp
