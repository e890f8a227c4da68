// Command neo4j-bench measures the Neo4j store against the embedded store
// on the same generated scenario, in one run: ingest rate into each and
// their ratio, depth-2 linked-accounts latency on each for the same random
// accounts, and export rate. It writes a Markdown report.
//
//	eval "$(NEO4J_TEST_HEAP=4g NEO4J_TEST_PAGECACHE=2g scripts/neo4j-test-server start --port 27687 --dir /tmp/neo4j-bench --fresh)"
//	go run ./bench/neo4j -accounts 100000 -queries 200 -server-pid-file /tmp/neo4j-bench/neo4j-test-server.pid
//
// The Neo4j database named by NEO4J_* is cleared first. Before measuring,
// Neo4j ingests and clears a smaller scenario (-warmup accounts,
// -warmup-rounds times) so that its JIT compiler is mostly done, then the
// benchmark waits for the server to go quiet. With -server-pid-file (a
// server on this machine) the report gives the server's CPU time during
// its ingest, in all and by thread (Bolt workers, which execute the
// statements and commit; JIT compilers; garbage collector; full-text
// index updates; Bolt network I/O).
package main

import (
	"bufio"
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	neo4jdriver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/takedown/takedown/generate"
	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/graph/bolt"
	"github.com/takedown/takedown/graph/ingest"
	"github.com/takedown/takedown/graph/neo4j"
)

func main() {
	accounts := flag.Int("accounts", 100000, "accounts in the generated scenario")
	seed := flag.Int64("seed", 1, "generator seed")
	batch := flag.Int("batch", ingest.DefaultBatchSize, "records per transaction (both stores)")
	queries := flag.Int("queries", 200, "linked-accounts queries per store")
	depth := flag.Int("depth", 2, "depth of the linked-accounts queries")
	flag.IntVar(&warmupAccounts, "warmup", 20000, "accounts of a scenario ingested into Neo4j and cleared before measuring, so the server's JIT is warm (0: none)")
	flag.IntVar(&warmupRounds, "warmup-rounds", 2, "times the warm-up scenario is ingested and cleared (the JIT compiler is still busy after one round of 20000 accounts)")
	dir := flag.String("dir", "", "work directory (default: a temporary one, removed at the end)")
	out := flag.String("out", "", "append the Markdown report to this file (default: stdout only)")
	flag.StringVar(&serverPIDFile, "server-pid-file", "", "pid file of a local Neo4j server, to report its CPU time (e.g. DIR/neo4j-test-server.pid)")
	flag.Parse()
	if err := run(*accounts, *seed, *batch, *queries, *depth, *dir, *out); err != nil {
		log.Fatal(err)
	}
}

type report struct {
	strings.Builder
}

func (r *report) f(format string, args ...any) { fmt.Fprintf(r, format, args...) }

var (
	serverPIDFile  string
	warmupAccounts int
	warmupRounds   int
)

// serverPID is the pid of the local Neo4j server, "" if unknown.
func serverPID() string {
	if serverPIDFile == "" {
		return ""
	}
	pid, err := os.ReadFile(serverPIDFile)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(pid))
}

// procCPU reads the user+system CPU time of a /proc stat file (a process
// or one of its threads) and the command name in it.
func procCPU(path string) (time.Duration, string) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, ""
	}
	// The name is in parentheses and may hold spaces: fields count from
	// the last ")".
	i := strings.LastIndexByte(string(b), ')')
	j := strings.IndexByte(string(b), '(')
	if i < 0 || j < 0 || j > i {
		return 0, ""
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0, ""
	}
	var u, s int64
	fmt.Sscan(f[11], &u)
	fmt.Sscan(f[12], &s)
	return time.Duration(u+s) * 10 * time.Millisecond, string(b[j+1 : i]) // USER_HZ is 100 on Linux
}

// serverCPU is the CPU time used so far by the local Neo4j server, 0 if
// unknown.
func serverCPU() time.Duration {
	pid := serverPID()
	if pid == "" {
		return 0
	}
	d, _ := procCPU("/proc/" + pid + "/stat")
	return d
}

// threadGroups sorts the server's threads into what they do, by their
// names (Linux truncates them to 15 characters).
var threadGroups = []struct{ prefix, group string }{
	{"neo4j.BoltWorke", "query execution and commit (Bolt workers)"},
	{"neo4j.BoltNetwo", "Bolt network I/O (message decoding)"},
	{"C1 CompilerThre", "JIT compilers"},
	{"C2 CompilerThre", "JIT compilers"},
	{"GC Thread", "garbage collector"},
	{"G1 ", "garbage collector"},
	{"neo4j.IndexUpda", "index updates (eventually consistent full-text)"},
	{"Lucene Merge Th", "index updates (eventually consistent full-text)"},
}

// serverThreadCPU is the CPU time used so far by the server's threads,
// by group (threadGroups, "other" for the rest); nil if unknown. A thread
// that ended since an earlier call is missing from a later one, so a
// difference can miss the short-lived threads' time ("other").
func serverThreadCPU() map[string]time.Duration {
	pid := serverPID()
	if pid == "" {
		return nil
	}
	dirs, err := os.ReadDir("/proc/" + pid + "/task")
	if err != nil {
		return nil
	}
	out := map[string]time.Duration{}
	for _, d := range dirs {
		cpu, name := procCPU("/proc/" + pid + "/task/" + d.Name() + "/stat")
		g := "other"
		for _, tg := range threadGroups {
			if strings.HasPrefix(name, tg.prefix) {
				g = tg.group
				break
			}
		}
		out[g] += cpu
	}
	return out
}

// settle waits until the local server is quiet (under 5% of a core for a
// second), at most a minute: the warm-up's Clear leaves work behind (index
// and id maintenance, JIT compiling) that is not the ingest's.
func settle(ctx context.Context, n *neo4j.Store, cfg neo4j.Config) time.Duration {
	t0 := time.Now()
	_, err := neo4jdriver.ExecuteQuery(ctx, n.Driver(), "CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()", nil,
		neo4jdriver.EagerResultTransformer, neo4jdriver.ExecuteQueryWithDatabase(cfg.Database))
	if err != nil {
		log.Printf("settle: %v", err)
	}
	if serverPID() == "" {
		return time.Since(t0)
	}
	for time.Since(t0) < time.Minute {
		c0 := serverCPU()
		time.Sleep(time.Second)
		if serverCPU()-c0 < 50*time.Millisecond {
			break
		}
	}
	return time.Since(t0)
}

func loadavg() string {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

func run(accounts int, seed int64, batch, nq, depth int, dir, out string) error {
	ctx := context.Background()
	cfg := neo4j.ConfigFromEnv()
	if cfg.URI == "" {
		return fmt.Errorf("NEO4J_URI not set: start scripts/neo4j-test-server and eval its output")
	}
	if dir == "" {
		d, err := os.MkdirTemp("", "neo4j-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	var r report
	r.f("## %s, %d accounts (seed %d)\n\n", time.Now().UTC().Format("2006-01-02 15:04 UTC"), accounts, seed)
	r.f("Command: `go run ./bench/neo4j %s`\n\n", strings.Join(os.Args[1:], " "))
	r.f("Machine: %d CPUs (GOMAXPROCS %d), load average at start %s; Neo4j at %s.\n\n", runtime.NumCPU(), runtime.GOMAXPROCS(0), loadavg(), cfg.URI)

	// The scenario, written once, read by both ingests.
	data := filepath.Join(dir, "scenario.ndjson")
	t0 := time.Now()
	st, err := writeScenario(data, accounts, seed)
	if err != nil {
		return err
	}
	log.Printf("generated %d records (%d accounts, %d pages, %d posts, %d links) in %s", st.Records, st.Accounts, st.Pages, st.Posts, st.Links, time.Since(t0).Round(time.Millisecond))
	r.f("Scenario: %d records (%d accounts, %d pages, %d posts, %d links), `generate.Generate`.\n\n", st.Records, st.Accounts, st.Pages, st.Posts, st.Links)
	open := func() (io.ReadCloser, error) { return os.Open(data) }

	n, err := neo4j.Open(ctx, cfg)
	if err != nil {
		return err
	}
	defer n.Close()
	if err := n.Clear(ctx); err != nil {
		return err
	}
	if warmupAccounts > 0 && warmupRounds > 0 {
		for range warmupRounds {
			if err := warmUp(ctx, n, filepath.Join(dir, "warmup.ndjson"), warmupAccounts, seed+1000); err != nil {
				return err
			}
		}
		quiet := settle(ctx, n, cfg)
		log.Printf("server quiet after %s", quiet.Round(time.Second))
		r.f("Neo4j warmed up first with a %d-account scenario (another seed), ingested, queried and cleared %d time(s); then the benchmark waited %.0f s for the server to go quiet (under 5%% of a core for a second).\n\n",
			warmupAccounts, warmupRounds, quiet.Seconds())
	}
	e, err := bolt.Open(filepath.Join(dir, "bolt"), bolt.Options{})
	if err != nil {
		return err
	}
	defer e.Close()

	// Ingest: one pass (SkipInvalid, so no separate validation pass), the
	// same for both stores.
	opt := ingest.Options{Region: "GB", BatchSize: batch, SkipInvalid: true}
	rates := map[string]float64{}
	var neoCPU time.Duration
	var neoThreads map[string]time.Duration
	var written [2]*ingest.Summary
	for i, s := range []struct {
		name string
		st   graph.Store
	}{{"neo4j", n}, {"bolt", e}} {
		t0, c0, th0 := time.Now(), serverCPU(), serverThreadCPU()
		sum, err := ingest.File(ctx, s.st, open, opt)
		if err != nil {
			return fmt.Errorf("%s ingest: %w", s.name, err)
		}
		secs := time.Since(t0).Seconds()
		if s.name == "neo4j" {
			neoCPU = serverCPU() - c0
			if th1 := serverThreadCPU(); th0 != nil && th1 != nil {
				neoThreads = map[string]time.Duration{}
				for g, d := range th1 {
					neoThreads[g] = d - th0[g]
				}
			}
		}
		rates[s.name] = float64(sum.Records) / secs
		written[i] = sum
		log.Printf("%s: ingested %d records in %.1fs: %.0f records/s (%d invalid lines skipped)", s.name, sum.Records, secs, rates[s.name], sum.Invalid)
	}
	r.f("### Ingest (`ingest.File`, batches of %d records, one transaction each)\n\n", batch)
	r.f("| store | records | seconds | records/s |\n|---|---:|---:|---:|\n")
	r.f("| Neo4j | %d | %.1f | **%.0f** |\n", written[0].Records, float64(written[0].Records)/rates["neo4j"], rates["neo4j"])
	r.f("| embedded (bbolt, fsync) | %d | %.1f | %.0f |\n\n", written[1].Records, float64(written[1].Records)/rates["bolt"], rates["bolt"])
	r.f("Ratio Neo4j / embedded: **%.2f**. Invalid lines skipped: %d.\n\n", rates["neo4j"]/rates["bolt"], written[0].Invalid)
	if neoCPU > 0 {
		r.f("Neo4j server CPU during its ingest: %.1f s, %.0f µs per record (%.0f records per CPU-second).\n\n",
			neoCPU.Seconds(), neoCPU.Seconds()*1e6/float64(written[0].Records), float64(written[0].Records)/neoCPU.Seconds())
	}
	if len(neoThreads) > 0 {
		groups := make([]string, 0, len(neoThreads))
		for g := range neoThreads {
			groups = append(groups, g)
		}
		slices.SortFunc(groups, func(a, b string) int { return cmp.Compare(neoThreads[b], neoThreads[a]) })
		r.f("Server CPU by thread (from /proc/PID/task):\n\n| threads | CPU s | µs per record |\n|---|---:|---:|\n")
		for _, g := range groups {
			if neoThreads[g] <= 0 {
				continue
			}
			r.f("| %s | %.1f | %.1f |\n", g, neoThreads[g].Seconds(), neoThreads[g].Seconds()*1e6/float64(written[0].Records))
		}
		r.f("\n")
	}
	sn, _ := n.Stats(ctx)
	se, _ := e.Stats(ctx)
	sn.Version, se.Version = 0, 0
	same := fmt.Sprint(*sn) == fmt.Sprint(*se)
	r.f("Stats equal in both stores: %v (Neo4j: accounts %d, pages %d, posts %d, identifiers %d, links %d", same, sn.Accounts, sn.Pages, sn.Posts, sn.Identifiers, sn.Links)
	if !same {
		r.f("; embedded: accounts %d, pages %d, posts %d, identifiers %d, links %d", se.Accounts, se.Pages, se.Posts, se.Identifiers, se.Links)
	}
	r.f(").\n\n")

	// Linked accounts: the same random accounts on both stores.
	var ids []string
	if err := e.Export(ctx, func(x *graph.Entity) error {
		if x.Kind == graph.KindAccount && !x.Placeholder {
			ids = append(ids, x.ID)
		}
		return nil
	}, nil); err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(uint64(seed), 2))
	picks := make([]string, nq)
	for i := range picks {
		picks[i] = ids[rng.IntN(len(ids))]
	}
	r.f("### Linked accounts, depth %d (`graph.Linked`, %d random accounts, same on both)\n\n", depth, nq)
	r.f("| store | p50 ms | p99 ms | max ms | mean accounts found |\n|---|---:|---:|---:|---:|\n")
	found := map[string][]int{}
	for _, s := range []struct {
		name string
		st   graph.Store
	}{{"Neo4j", n}, {"embedded", e}} {
		// One warm-up query so both are measured with plans and caches warm.
		if _, err := graph.Linked(ctx, s.st, picks[0], graph.LinkedOptions{Depth: depth}); err != nil {
			return err
		}
		lat := make([]time.Duration, 0, nq)
		total := 0
		for _, id := range picks {
			t0 := time.Now()
			res, err := graph.Linked(ctx, s.st, id, graph.LinkedOptions{Depth: depth})
			if err != nil {
				return fmt.Errorf("%s linked %s: %w", s.name, id, err)
			}
			lat = append(lat, time.Since(t0))
			total += res.Total
			found[s.name] = append(found[s.name], res.Total)
		}
		slices.Sort(lat)
		p := func(q float64) float64 {
			return float64(lat[min(len(lat)-1, int(q*float64(len(lat))))].Microseconds()) / 1000
		}
		r.f("| %s | %.1f | %.1f | %.1f | %.1f |\n", s.name, p(0.50), p(0.99), float64(lat[len(lat)-1].Microseconds())/1000, float64(total)/float64(nq))
		log.Printf("%s linked depth %d: p50 %.1fms p99 %.1fms", s.name, depth, p(0.5), p(0.99))
	}
	r.f("\nSame number of linked accounts on both stores for every query: %v.\n\n", slices.Equal(found["Neo4j"], found["embedded"]))

	// Export.
	r.f("### Export (`Store.Export`, entities then links, streamed)\n\n")
	r.f("| store | entities | edges | seconds | edges/s |\n|---|---:|---:|---:|---:|\n")
	for _, s := range []struct {
		name string
		st   graph.Store
	}{{"Neo4j", n}, {"embedded", e}} {
		var ents, links int
		t0 := time.Now()
		if err := s.st.Export(ctx, func(*graph.Entity) error { ents++; return nil }, nil); err != nil {
			return err
		}
		te := time.Since(t0)
		t0 = time.Now()
		if err := s.st.Export(ctx, nil, func(*graph.LinkState, *graph.Identifier) error { links++; return nil }); err != nil {
			return err
		}
		tl := time.Since(t0)
		r.f("| %s | %d | %d | %.1f | **%.0f** |\n", s.name, ents, links, tl.Seconds(), float64(links)/tl.Seconds())
		log.Printf("%s export: %d entities in %s, %d edges in %s (%.0f edges/s)", s.name, ents, te.Round(time.Millisecond), links, tl.Round(time.Millisecond), float64(links)/tl.Seconds())
	}
	r.f("\nLoad average at the end: %s.\n\n", loadavg())

	fmt.Print(r.String())
	if out != "" {
		f, err := os.OpenFile(out, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err != nil {
			return err
		}
		defer f.Close()
		if _, err := f.WriteString(r.String()); err != nil {
			return err
		}
	}
	return nil
}

// warmUp runs the server's code paths (ingest, linked accounts, export)
// on another scenario and clears it, so the measures see a warm JIT.
func warmUp(ctx context.Context, n *neo4j.Store, path string, accounts int, seed int64) error {
	t0 := time.Now()
	if _, err := writeScenario(path, accounts, seed); err != nil {
		return err
	}
	open := func() (io.ReadCloser, error) { return os.Open(path) }
	if _, err := ingest.File(ctx, n, open, ingest.Options{Region: "GB", SkipInvalid: true}); err != nil {
		return fmt.Errorf("warm-up ingest: %w", err)
	}
	page, err := n.SearchAccounts(ctx, graph.AccountQuery{Limit: 50})
	if err != nil {
		return err
	}
	for _, e := range page.Items {
		if _, err := graph.Linked(ctx, n, e.ID, graph.LinkedOptions{Depth: 2}); err != nil {
			return err
		}
	}
	if err := n.Export(ctx, nil, func(*graph.LinkState, *graph.Identifier) error { return nil }); err != nil {
		return err
	}
	if err := n.Clear(ctx); err != nil {
		return err
	}
	log.Printf("warm-up with %d accounts: %s", accounts, time.Since(t0).Round(time.Second))
	return os.Remove(path)
}

func writeScenario(path string, accounts int, seed int64) (generate.Stats, error) {
	f, err := os.Create(path)
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
	return st, err
}
