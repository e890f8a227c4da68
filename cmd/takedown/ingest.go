package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/graph/ingest"
)

func (m *Main) ingest(ctx context.Context, args []string) error {
	fs := m.flags("ingest [flags] FILE... (- for stdin)",
		"Ingest files in the ingest format (NDJSON, one record per line). Each file is\n"+
			"validated in full first: if any line is invalid nothing is written and every\n"+
			"invalid line is reported with its number, field and reason. Writes then go in\n"+
			"batched transactions; ingest is idempotent, so an interrupted run is finished\n"+
			"by running it again.",
		"takedown ingest --data ./data --region GB intel-2024-117.ndjson")
	sf := m.storeFlags(fs)
	opt := ingest.Options{}
	fs.StringVar(&opt.Region, "region", m.env("TAKEDOWN_REGION", "GB"), "default region (ISO 3166 alpha-2) for national phone numbers")
	fs.BoolVar(&opt.SkipInvalid, "skip-invalid", false, "write the valid lines and report the invalid ones")
	fs.IntVar(&opt.BatchSize, "batch", ingest.DefaultBatchSize, "records per transaction")
	fs.IntVar(&opt.MaxLineBytes, "max-line-bytes", ingest.DefaultMaxLineBytes, "reject lines longer than this")
	fs.IntVar(&opt.MaxProblems, "max-problems", ingest.DefaultMaxProblems, "invalid lines reported at most")
	quiet := fs.Bool("quiet", false, "no progress bar")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return fmt.Errorf("ingest needs at least one FILE (or - for stdin)")
	}
	s, where, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	fmt.Fprintln(m.Stderr, "takedown: ingesting into", where)
	failed := false
	for _, name := range fs.Args() {
		if err := m.ingestOne(ctx, s, name, opt, *quiet); err != nil {
			if ctx.Err() != nil {
				return err
			}
			fmt.Fprintf(m.Stderr, "takedown: %s: %v\n", name, graph.ErrorMessage(err))
			if graph.ErrorCode(err) == graph.EINTERNAL {
				fmt.Fprintf(m.Stderr, "takedown: %s: %v\n", name, err)
			}
			failed = true
		}
	}
	if failed {
		return errReported
	}
	return nil
}

func (m *Main) ingestOne(ctx context.Context, w graph.Writer, name string, opt ingest.Options, quiet bool) error {
	path := name
	if name == "-" {
		// Spool stdin so it can be validated in full before any write.
		f, err := os.CreateTemp("", "takedown-stdin-*.ndjson")
		if err != nil {
			return graph.Internal(err)
		}
		defer os.Remove(f.Name())
		if _, err := io.Copy(f, m.Stdin); err != nil {
			f.Close()
			return graph.Internal(err)
		}
		f.Close()
		path = f.Name()
	}
	fi, err := os.Stat(path)
	if err != nil {
		return graph.Errorf(graph.EINVALID, "%v", err)
	}
	total := fi.Size()
	if !quiet && isTerminal(m.Stderr) {
		t0 := time.Now()
		opt.Progress = func(p ingest.Progress) {
			pct := 100.0
			if total > 0 {
				pct = 100 * float64(p.Bytes) / float64(total)
			}
			rate := float64(p.Records) / max(time.Since(t0).Seconds(), 1e-9)
			bar := strings.Repeat("#", int(pct/5)) + strings.Repeat(".", 20-int(pct/5))
			fmt.Fprintf(m.Stderr, "\r%-8s [%s] %5.1f%%  %d lines  %.0f records/s ", p.Phase, bar, pct, p.Lines, rate)
		}
	}
	sum, err := ingest.File(ctx, w, func() (io.ReadCloser, error) { return os.Open(path) }, opt)
	if opt.Progress != nil {
		fmt.Fprintln(m.Stderr)
	}
	if sum != nil {
		for _, p := range sum.Problems {
			fmt.Fprintf(m.Stderr, "%s: %s\n", name, p)
		}
		if sum.Invalid > int64(len(sum.Problems)) {
			fmt.Fprintf(m.Stderr, "%s: ... and %d more invalid lines\n", name, sum.Invalid-int64(len(sum.Problems)))
		}
	}
	if err != nil {
		return err
	}
	wr := sum.Written
	fmt.Fprintf(m.Stdout, "%s: %d records (%d accounts, %d pages, %d posts, %d links, %d identifiers, %d placeholders written), %d invalid, %.1fs, %.0f records/s\n",
		name, sum.Records, wr.Accounts, wr.Pages, wr.Posts, wr.Links, wr.Identifiers, wr.Placeholders, sum.Invalid, sum.Seconds, sum.RecordsPerSecond())
	return nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
