// Command ingest measures ingest into the embedded store: records per
// second, peak memory, size on disk, open time and depth-2 linked-accounts
// latency, on a generated scenario.
//
//	go run ./bench/ingest -accounts 100000 -dir /tmp/takedown-bench
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"syscall"
	"time"

	"github.com/takedown/takedown/generate"
	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/graph/bolt"
	"github.com/takedown/takedown/graph/ingest"
)

func main() {
	accounts := flag.Int("accounts", 100000, "accounts to generate")
	dir := flag.String("dir", filepath.Join(os.TempDir(), "takedown-bench"), "work directory")
	profile := flag.String("cpuprofile", "", "write a CPU profile of the ingest")
	queries := flag.Int("queries", 2000, "linked-accounts queries to time")
	batch := flag.Int("batch", 0, "records per transaction (0: the ingest default)")
	noSync := flag.Bool("nosync", false, "skip fsync on commit (to measure what fsync costs; not durable)")
	reuse := flag.Bool("reuse", false, "time queries on the store a previous run left, without ingesting")
	flag.Parse()
	ctx := context.Background()
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		log.Fatal(err)
	}
	file := filepath.Join(*dir, fmt.Sprintf("scenario-%d.ndjson", *accounts))
	if _, err := os.Stat(file); err != nil {
		f, err := os.Create(file)
		if err != nil {
			log.Fatal(err)
		}
		bw := bufio.NewWriterSize(f, 1<<20)
		if _, err := generate.Generate(bw, nil, generate.Options{Accounts: *accounts, Seed: 1}); err != nil {
			log.Fatal(err)
		}
		bw.Flush()
		f.Close()
	}
	data := filepath.Join(*dir, fmt.Sprintf("store-%d", *accounts))
	if *reuse {
		if *profile != "" {
			pf, _ := os.Create(*profile)
			pprof.StartCPUProfile(pf)
			defer pprof.StopCPUProfile()
		}
		query(ctx, data, *queries)
		return
	}
	os.RemoveAll(data)
	s, err := bolt.Open(data, bolt.Options{NoSync: *noSync})
	if err != nil {
		log.Fatal(err)
	}
	if *profile != "" {
		pf, _ := os.Create(*profile)
		pprof.StartCPUProfile(pf)
	}
	tStart := time.Now()
	var validated time.Duration
	progress := func(p ingest.Progress) {
		if p.Phase == "write" && validated == 0 {
			validated = time.Since(tStart)
		}
	}
	sum, err := ingest.File(ctx, s, func() (io.ReadCloser, error) { return os.Open(file) }, ingest.Options{Region: "GB", Progress: progress, BatchSize: *batch})
	if *profile != "" {
		pprof.StopCPUProfile()
	}
	if err != nil {
		log.Fatal(err)
	}
	size := s.DiskSize()
	if n, d := s.WriteStalls(); n > 0 {
		fmt.Printf("write stalls: %d, %.1fs in all\n", n, d.Seconds())
	}
	s.Close()
	fmt.Printf("ingest: %d records in %.1fs = %.0f records/s (validate %.1fs + write %.1fs)\n", sum.Records, sum.Seconds, sum.RecordsPerSecond(),
		validated.Seconds(), sum.Seconds-validated.Seconds())
	fmt.Printf("store size: %.1f MB, %.1f MB per million records\n", float64(size)/1e6, float64(size)/1e6/(float64(sum.Records)/1e6))

	runtime.GC()
	query(ctx, data, *queries)
}

// query opens the store and times depth-2 linked-accounts walks from
// random accounts.
func query(ctx context.Context, data string, queries int) {
	t0 := time.Now()
	s, err := bolt.Open(data, bolt.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("open: %s\n", time.Since(t0).Round(time.Millisecond))
	defer s.Close()
	var ids []string
	page, _ := s.SearchAccounts(ctx, graph.AccountQuery{Limit: 1000})
	for _, e := range page.Items {
		ids = append(ids, e.ID)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	lat := make([]time.Duration, 0, queries)
	for range queries {
		id := ids[rng.IntN(len(ids))]
		t := time.Now()
		if _, err := graph.Linked(ctx, s, id, graph.LinkedOptions{Depth: 2}); err != nil {
			log.Fatal(err)
		}
		lat = append(lat, time.Since(t))
	}
	slices.Sort(lat)
	fmt.Printf("linked depth 2: p50 %s p99 %s over %d queries\n", lat[len(lat)/2], lat[len(lat)*99/100], len(lat))
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	fmt.Printf("peak RSS: %.0f MB\n", float64(ru.Maxrss)/1024)
}
