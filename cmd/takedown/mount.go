package main

import (
	"context"
	"log/slog"

	"github.com/takedown/takedown/api"
	"github.com/takedown/takedown/graph"
)

// mount adds the routes of the other packages to the API server.
func (m *Main) mount(ctx context.Context, srv *api.Server, s graph.Store, logger *slog.Logger) error {
	return nil
}

// demoAnalysis runs the analysis over fresh demo data, so the ranking has
// networks to show.
func (m *Main) demoAnalysis(ctx context.Context, s graph.Store, logger *slog.Logger) error {
	return nil
}

func (m *Main) analyze(ctx context.Context, args []string) error {
	return graph.Errorf(graph.EINVALID, "analyze is not available in this build")
}
