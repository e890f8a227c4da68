// Command server is the server side of the HTTP benchmarks: it generates
// a scenario (generate.Generate), ingests it into an embedded store with
// ingest.File (timed, for the in-process figure), samples account ids and
// search prefixes for the load tool, and serves api.New on loopback until
// it is stopped, when it prints its peak memory.
//
//	go run ./bench/http/server -data /tmp/td -accounts 100000 -addr 127.0.0.1:8080 -token $TOKEN
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/takedown/takedown/api"
	"github.com/takedown/takedown/generate"
	"github.com/takedown/takedown/graph/bolt"
	"github.com/takedown/takedown/graph/ingest"
)

func main() {
	data := flag.String("data", "", "data directory of the store (required)")
	accounts := flag.Int("accounts", 100000, "accounts to generate")
	seed := flag.Int64("seed", 1, "generator seed")
	ndjson := flag.String("ndjson", "", "generated NDJSON file (made if absent; default DATA.ndjson)")
	empty := flag.Bool("empty", false, "serve an empty store (for the ingest-over-HTTP run)")
	addr := flag.String("addr", "127.0.0.1:8080", "listen address (loopback)")
	token := flag.String("token", "", "admin token (at least 16 characters)")
	out := flag.String("out", "", "directory for ids.txt and prefixes.txt (default the NDJSON's directory)")
	logPath := flag.String("log", "", "request log file (default: discard)")
	pprofAddr := flag.String("pprof", "", "serve net/http/pprof on this loopback address")
	maxReads := flag.Int("max-reads", 0, "reads worked on at once (0: the server's default, GOMAXPROCS-1 and at least 1)")
	entityCache := flag.Int("entity-cache", 0, "entity cache bytes (0: the store's default, -1: off)")
	flag.Parse()
	if *data == "" || len(*token) < 16 {
		fail("give -data and a -token of at least 16 characters")
	}
	if host, _, err := net.SplitHostPort(*addr); err != nil || !(strings.HasPrefix(host, "127.") || host == "localhost") {
		fail("-addr must be a loopback address")
	}
	if *ndjson == "" {
		*ndjson = strings.TrimRight(*data, "/") + ".ndjson"
	}
	if *out == "" {
		*out = filepath.Dir(*ndjson)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if !*empty {
		if _, err := os.Stat(*ndjson); errors.Is(err, os.ErrNotExist) {
			t0 := time.Now()
			st, err := writeScenario(*ndjson, *accounts, *seed)
			if err != nil {
				fail("generate: %v", err)
			}
			emit(map[string]any{"event": "generated", "records": st.Records, "accounts": st.Accounts, "seconds": time.Since(t0).Seconds()})
		}
	}
	store, err := bolt.Open(*data, bolt.Options{EntityCacheBytes: *entityCache})
	if err != nil {
		fail("open: %v", err)
	}
	emit(map[string]any{"event": "opened", "seconds": store.OpenTime().Seconds()})
	// The account ids are ranked by the first walk, in the background (and
	// after a large ingest, below); reads are measured once they are.
	t0 := time.Now()
	store.RankIDs()
	emit(map[string]any{"event": "ranked", "seconds": time.Since(t0).Seconds()})
	stats, err := store.Stats(ctx)
	if err != nil {
		fail("stats: %v", err)
	}
	if !*empty && stats.Accounts == 0 {
		open := func() (io.ReadCloser, error) { return os.Open(*ndjson) }
		sum, err := ingest.File(ctx, store, open, ingest.Options{Region: "GB"})
		if err != nil {
			fail("ingest: %v", err)
		}
		emit(map[string]any{"event": "ingested", "records": sum.Records, "seconds": sum.Seconds, "records_per_s": sum.RecordsPerSecond()})
		if err := sample(*ndjson, *out); err != nil {
			fail("sample: %v", err)
		}
		// Reads are measured on a store at rest, not while the bulk load's
		// compactions still take a core.
		t0 := time.Now()
		store.RankIDs()
		emit(map[string]any{"event": "ranked", "seconds": time.Since(t0).Seconds()})
		t0 = time.Now()
		if err := store.Settle(ctx); err != nil {
			fail("settle: %v", err)
		}
		emit(map[string]any{"event": "compacted", "seconds": time.Since(t0).Seconds()})
	}

	logger := slog.New(slog.NewJSONHandler(io.Discard, nil))
	if *logPath != "" {
		f, err := os.Create(*logPath)
		if err != nil {
			fail("%v", err)
		}
		defer f.Close()
		logger = slog.New(slog.NewJSONHandler(bufio.NewWriterSize(f, 1<<16), nil))
	}
	if *pprofAddr != "" {
		go func() { _ = http.ListenAndServe(*pprofAddr, nil) }() // DefaultServeMux holds pprof
	}
	keys, err := api.ParseKeys("admin:" + *token)
	if err != nil {
		fail("%v", err)
	}
	// Rate limits are for callers, not for the benchmark's one key.
	srv, err := api.New(api.Config{Store: store, Keys: keys, Logger: logger, Region: "GB", Version: "bench", RateLimit: -1, MaxConcurrentReads: *maxReads})
	if err != nil {
		fail("%v", err)
	}
	hs := srv.HTTPServer(*addr)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fail("%v", err)
	}
	emit(map[string]any{"event": "listening", "addr": ln.Addr().String()})
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		hs.Shutdown(sctx)
	}()
	if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fail("serve: %v", err)
	}
	if err := store.Close(); err != nil {
		fail("close: %v", err)
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	emit(map[string]any{"event": "stopped", "peak_rss_mib": peakRSS() / 1024, "heap_sys_mib": ms.HeapSys >> 20,
		"total_sys_mib": ms.Sys >> 20})
}

func writeScenario(path string, accounts int, seed int64) (generate.Stats, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return generate.Stats{}, err
	}
	f, err := os.Create(path + ".tmp")
	if err != nil {
		return generate.Stats{}, err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	st, err := generate.Generate(w, nil, generate.Options{Accounts: accounts, Seed: seed})
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return st, err
	}
	return st, os.Rename(path+".tmp", path)
}

// sample writes 2000 random account ids (ids.txt) and the first three
// letters of 500 random handles (prefixes.txt), by reservoir sampling.
func sample(ndjson, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.Open(ndjson)
	if err != nil {
		return err
	}
	defer f.Close()
	rng := rand.New(rand.NewPCG(1, 2))
	const nIDs, nPrefixes = 2000, 500
	var ids, prefixes []string
	seen := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Bytes()
		if !strings.HasPrefix(string(line[:min(len(line), 20)]), `{"type":"account"`) {
			continue
		}
		var r struct{ ID, Handle string }
		if json.Unmarshal(line, &r) != nil || r.ID == "" {
			continue
		}
		seen++
		pre := strings.ToLower(strings.TrimPrefix(r.Handle, "@"))
		if len(pre) > 3 {
			pre = pre[:3]
		}
		if len(ids) < nIDs {
			ids = append(ids, r.ID)
		} else if j := rng.IntN(seen); j < nIDs {
			ids[j] = r.ID
		}
		if len(prefixes) < nPrefixes {
			prefixes = append(prefixes, pre)
		} else if j := rng.IntN(seen); j < nPrefixes {
			prefixes[j] = pre
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "ids.txt"), []byte(strings.Join(ids, "\n")+"\n"), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "prefixes.txt"), []byte(strings.Join(prefixes, "\n")+"\n"), 0o644)
}

// peakRSS is the process's peak resident set in KiB (VmHWM).
func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			var kb int64
			fmt.Sscanf(strings.TrimSpace(v), "%d", &kb)
			return kb
		}
	}
	return 0
}

func emit(v map[string]any) {
	b, _ := json.Marshal(v)
	fmt.Println(string(b))
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "server: "+format+"\n", args...)
	os.Exit(1)
}
