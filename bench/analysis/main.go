// Command analysis measures the whole network analysis of a generated
// scenario read from the embedded store: it generates the scenario,
// ingests it into a bolt store (once; the store is reused by later runs),
// then runs networks.Analyze in a child process and reports the time of
// each phase and the child's peak memory.
//
//	go run ./bench/analysis -accounts 1000000 -dir /tmp/takedown-bench-1m
//
// -mode prepare only generates and ingests; -mode analyze only analyses
// an existing store (and is what the child runs).
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sort"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/takedown/takedown/generate"
	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/graph/bolt"
	"github.com/takedown/takedown/graph/ingest"
	"github.com/takedown/takedown/networks"
)

func main() {
	accounts := flag.Int("accounts", 100000, "accounts in the generated scenario")
	seed := flag.Int64("seed", 1, "scenario seed")
	dir := flag.String("dir", "", "store directory (default /tmp/takedown-bench-<accounts>)")
	mode := flag.String("mode", "all", "all, prepare or analyze")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the analysis")
	memprofile := flag.String("memprofile", "", "write a heap profile when detection starts (analyze mode)")
	runs := flag.Int("runs", 1, "analysis runs (the second and later see the previous run's clusters)")
	flag.Parse()
	if *dir == "" {
		*dir = fmt.Sprintf("/tmp/takedown-bench-%d", *accounts)
	}
	ctx := context.Background()
	var err error
	switch *mode {
	case "prepare":
		err = prepare(ctx, *dir, *accounts, *seed)
	case "analyze":
		err = analyze(ctx, *dir, *cpuprofile, *memprofile, *runs)
	case "all":
		if err = prepare(ctx, *dir, *accounts, *seed); err == nil {
			err = child(*dir, *cpuprofile, *runs)
		}
	default:
		err = fmt.Errorf("unknown mode %q", *mode)
	}
	if err != nil {
		var ge *graph.Error
		if errors.As(err, &ge) && ge.Err != nil {
			err = fmt.Errorf("%w (%v)", err, ge.Err)
		}
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// prepare generates and ingests the scenario unless dir already holds it.
func prepare(ctx context.Context, dir string, accounts int, seed int64) error {
	marker := filepath.Join(dir, "scenario.json")
	want := fmt.Sprintf(`{"accounts":%d,"seed":%d}`, accounts, seed)
	if b, err := os.ReadFile(marker); err == nil && strings.TrimSpace(string(b)) == want {
		fmt.Printf("store %s already holds the scenario (%s)\n", dir, want)
		return nil
	}
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	data := filepath.Join(dir, "scenario.ndjson")
	t0 := time.Now()
	f, err := os.Create(data)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	tf, err := os.Create(filepath.Join(dir, "truth.json"))
	if err != nil {
		return err
	}
	gs, err := generate.Generate(w, tf, generate.Options{Accounts: accounts, Seed: seed})
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = f.Close()
	}
	tf.Close()
	if err != nil {
		return err
	}
	fmt.Printf("generate: %d records (%d accounts, %d pages, %d posts, %d links) in %.1fs\n",
		gs.Records, gs.Accounts, gs.Pages, gs.Posts, gs.Links, time.Since(t0).Seconds())
	st, err := bolt.Open(filepath.Join(dir, "store"), bolt.Options{NoSync: true})
	if err != nil {
		return err
	}
	t0 = time.Now()
	var last atomic.Int64
	sum, err := ingest.File(ctx, st, func() (io.ReadCloser, error) { return os.Open(data) }, ingest.Options{
		SkipInvalid: true,
		Progress: func(p ingest.Progress) {
			if p.Records-last.Load() >= 1_000_000 {
				last.Store(p.Records)
				fmt.Printf("  ingest: %d records, %.0fs\n", p.Records, time.Since(t0).Seconds())
			}
		},
	})
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	fmt.Printf("ingest: %d records (%d invalid) in %.1fs\n", sum.Records, sum.Invalid, time.Since(t0).Seconds())
	os.Remove(data)
	return os.WriteFile(marker, []byte(want+"\n"), 0o600)
}

// child runs the analysis in a fresh process, so that its peak memory is
// the analysis's alone.
func child(dir, cpuprofile string, runs int) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	args := []string{"-mode", "analyze", "-dir", dir, "-runs", fmt.Sprint(runs)}
	if cpuprofile != "" {
		args = append(args, "-cpuprofile", cpuprofile)
	}
	cmd := exec.Command(exe, args...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		return err
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		fmt.Printf("analysis process: peak RSS %.0f MiB, user %.1fs, system %.1fs\n",
			float64(ru.Maxrss)/1024, time.Duration(ru.Utime.Nano()).Seconds(), time.Duration(ru.Stime.Nano()).Seconds())
	}
	return nil
}

func analyze(ctx context.Context, dir, cpuprofile, memprofile string, runs int) error {
	t0 := time.Now()
	st, err := bolt.Open(filepath.Join(dir, "store"), bolt.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	fmt.Printf("open store: %.1fs\n", time.Since(t0).Seconds())
	if cpuprofile != "" {
		f, err := os.Create(cpuprofile)
		if err != nil {
			return err
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	for i := range runs {
		lastPhase := ""
		t0 = time.Now()
		run, err := networks.Analyze(ctx, st, nil, func(phase string, pct float64) {
			if phase != lastPhase {
				fmt.Printf("  %6.1fs %5.1f%% %s\n", time.Since(t0).Seconds(), pct, phase)
				lastPhase = phase
				if phase == networks.PhaseDetection && memprofile != "" && i == 0 {
					if f, err := os.Create(memprofile); err == nil {
						pprof.Lookup("heap").WriteTo(f, 0)
						f.Close()
					}
				}
			}
		})
		if err != nil {
			return err
		}
		s := run.Summary
		fmt.Printf("run %d (%s): %.1fs wall\n", i+1, run.ID, time.Since(t0).Seconds())
		var phases []string
		for _, p := range networks.Phases {
			phases = append(phases, fmt.Sprintf("%s %.2fs", p, run.Timings[p]))
		}
		fmt.Printf("  phases: %s; total %.2fs\n", strings.Join(phases, ", "), run.Timings["total"])
		var steps []string
		for k, v := range run.Timings {
			if strings.Contains(k, ".") {
				steps = append(steps, fmt.Sprintf("%s %.2fs", k, v))
			}
		}
		sort.Strings(steps)
		fmt.Printf("  steps: %s\n", strings.Join(steps, ", "))
		fmt.Printf("  graph: %d entities, %d actors, %d posts, %d links -> %d nodes, %d edges\n",
			s.Entities, s.Actors, s.Posts, s.Links, s.Nodes, s.Edges)
		fmt.Printf("  detection: %d communities, modularity %.3f, %d clusters (%d actors), %d hubs cut\n",
			s.Communities, s.Modularity, s.Clusters, s.Clustered, s.HubsCut)
		fmt.Printf("  lineage: %v\n", s.Lineage)
		fmt.Printf("  peak Go heap in use at a phase boundary: %.0f MiB\n", float64(s.PeakHeapBytes)/(1<<20))
		ec, _ := json.Marshal(sortedCounts(s.EdgeCounts))
		fmt.Printf("  edge contributions: %s\n", ec)
		if err := recovery(ctx, st, dir, run.ID); err != nil {
			return err
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Printf("Go runtime: %.0f MiB obtained from the OS\n", float64(ms.Sys)/(1<<20))
	return nil
}

// recovery compares the run's clusters with the planted networks of the
// scenario's truth: the F1 of each smuggling network against its
// best-matching cluster, and the rank of that cluster.
func recovery(ctx context.Context, st *bolt.Store, dir, runID string) error {
	b, err := os.ReadFile(filepath.Join(dir, "truth.json"))
	if err != nil {
		return nil // no truth kept
	}
	var truth generate.Truth
	if err := json.Unmarshal(b, &truth); err != nil {
		return err
	}
	owner := map[string][]int{}
	var nets []generate.Network
	for _, n := range truth.Networks {
		if n.Kind != generate.KindSmuggling {
			continue
		}
		for _, m := range n.Members {
			owner[m] = append(owner[m], len(nets))
		}
		nets = append(nets, n)
	}
	type best struct {
		f    float64
		rank int
	}
	bests := make([]best, len(nets))
	after := ""
	clusters := 0
	for {
		docs, err := st.ListDocs(ctx, graph.CollClusters, after, 1000)
		if err != nil {
			return err
		}
		for _, d := range docs {
			var c networks.Cluster
			if err := json.Unmarshal(d.Body, &c); err != nil {
				return err
			}
			if c.Run != runID {
				continue
			}
			clusters++
			inter := map[int]int{}
			for _, m := range c.Members {
				for _, i := range owner[m.ID] {
					inter[i]++
				}
			}
			for i, k := range inter {
				p, r := float64(k)/float64(len(c.Members)), float64(k)/float64(len(nets[i].Members))
				if f := 2 * p * r / (p + r); f > bests[i].f {
					bests[i] = best{f, c.Rank}
				}
			}
		}
		if len(docs) < 1000 {
			break
		}
		after = docs[len(docs)-1].ID
	}
	var sum, worst float64 = 0, 1
	worstRank := 0
	for i, b := range bests {
		if b.f < 0.5 {
			fmt.Printf("  poorly recovered: %s (%s, %d members, %d removed) F1 %.3f\n", nets[i].ID, nets[i].ExpectedTier, nets[i].Size, len(nets[i].Removed), b.f)
		}
		sum += b.f
		worst = min(worst, b.f)
		worstRank = max(worstRank, b.rank)
	}
	fmt.Printf("  recovery: %d smuggling networks, mean F1 %.3f, lowest %.3f; their clusters rank at most %d of %d\n",
		len(nets), sum/float64(len(nets)), worst, worstRank, clusters)
	return nil
}

func sortedCounts[K ~string](m map[K]int) []string {
	var out []string
	for k, v := range m {
		out = append(out, fmt.Sprintf("%s=%d", k, v))
	}
	sort.Strings(out)
	return out
}
