package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/takedown/takedown/api"
	"github.com/takedown/takedown/generate"
	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/graph/ingest"
)

func (m *Main) serve(ctx context.Context, args []string) error {
	fs := m.flags("serve [--addr 127.0.0.1:8080] [--data DIR] [--store embedded|neo4j|URI] [--demo]",
		"Serve the HTTP API and the investigators' web page. Sign in with a bearer token:\n"+
			"keys come from TAKEDOWN_API_KEYS=\"admin:TOKEN1,analyst:TOKEN2,viewer:TOKEN3\";\n"+
			"with none configured, the first start generates an admin token, prints it once\n"+
			"and keeps only its hash. SIGINT or SIGTERM shuts down gracefully.",
		"takedown serve --demo\nTAKEDOWN_API_KEYS=analyst:s3cret takedown serve --addr 0.0.0.0:8080 --data /var/lib/takedown")
	sf := m.storeFlags(fs)
	addr := fs.String("addr", m.env("TAKEDOWN_ADDR", "127.0.0.1:8080"), "listen address (env TAKEDOWN_ADDR)")
	demo := fs.Bool("demo", false, "fill an empty store with generated demo data first")
	demoAccounts := fs.Int("demo-accounts", 5000, "accounts in the demo data")
	region := fs.String("region", m.env("TAKEDOWN_REGION", "GB"), "default region for national phone numbers")
	maxBody := fs.Int64("max-body-bytes", api.DefaultMaxBodyBytes, "largest request body accepted")
	rate := fs.Float64("rate-limit", api.DefaultRateLimit, "requests per second per key (negative: off)")
	logJSON := fs.Bool("log-json", false, "log as JSON lines instead of text")
	analysisCfg := fs.String("analysis-config", "", "analysis configuration (JSON; see networks/weights.default.json)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var handler slog.Handler = slog.NewTextHandler(m.Stderr, nil)
	if *logJSON {
		handler = slog.NewJSONHandler(m.Stderr, nil)
	}
	logger := slog.New(handler)

	s, where, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer func() {
		if err := s.Close(); err != nil {
			logger.Error("closing the store", "err", err)
		}
	}()
	if *demo {
		if err := m.loadDemo(ctx, s, *demoAccounts, *region, logger); err != nil {
			return err
		}
	}
	keys, generated, err := api.Bootstrap(ctx, s, m.Getenv("TAKEDOWN_API_KEYS"))
	if err != nil {
		return err
	}
	srv, err := api.New(api.Config{Store: s, Keys: keys, Logger: logger, Region: *region, Version: Version,
		MaxBodyBytes: *maxBody, RateLimit: *rate})
	if err != nil {
		return err
	}
	cfg, err := loadNetworksConfig(*analysisCfg)
	if err != nil {
		return err
	}
	stopRunner, err := m.mount(ctx, srv, s, cfg, logger)
	if err != nil {
		return err
	}
	defer stopRunner()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 120 * time.Second,
		ErrorLog: slog.NewLogLogger(handler, slog.LevelWarn)}
	signIn := "sign in with a token from TAKEDOWN_API_KEYS"
	switch {
	case generated != "":
		signIn = "sign in with the generated admin token " + generated + " (printed once; only its hash is kept)"
	case m.Getenv("TAKEDOWN_API_KEYS") == "":
		signIn = "sign in with the admin token generated at the first start (only its hash is kept)"
	}
	url := "http://" + ln.Addr().String()
	fmt.Fprintf(m.Stderr, "takedown %s: serving %s/ ; data: %s ; %s\n", Version, url, where, signIn)
	if m.OnListen != nil {
		m.OnListen(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down: finishing requests in flight")
	sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	logger.Info("stopped")
	return nil
}

// loadDemo fills an empty store with a generated scenario.
func (m *Main) loadDemo(ctx context.Context, s graph.Store, accounts int, region string, logger *slog.Logger) error {
	st, err := s.Stats(ctx)
	if err != nil {
		return err
	}
	if st.Accounts > 0 {
		logger.Info("demo: the store already holds data; nothing generated", "accounts", st.Accounts)
		return nil
	}
	tmp, err := os.MkdirTemp("", "takedown-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	path := filepath.Join(tmp, "demo.ndjson")
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	gs, err := generate.Generate(f, nil, generate.Options{Accounts: accounts, Seed: 1})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	sum, err := ingest.File(ctx, s, func() (io.ReadCloser, error) { return os.Open(path) }, ingest.Options{Region: region})
	if err != nil {
		return err
	}
	logger.Info("demo: generated and ingested", "records", gs.Records, "accounts", sum.Written.Accounts, "seconds", sum.Seconds)
	return m.demoAnalysis(ctx, s, logger)
}
