package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/takedown/takedown/analysis"
	"github.com/takedown/takedown/api"
	"github.com/takedown/takedown/generate"
	"github.com/takedown/takedown/graph"
)

func (m *Main) generate(ctx context.Context, args []string) error {
	fs := m.flags("generate --accounts N --seed S [--truth FILE] [--out FILE]",
		"Write a generated scenario in the ingest format: a background of ordinary\n"+
			"accounts, planted smuggling networks across platforms (shared numbers in varied\n"+
			"spellings, messaging links, payment handles, reused images, co-administered\n"+
			"groups, reposts, adverts in several languages, removed accounts with\n"+
			"successors) and decoys (charities, news outlets, a travel agency). The same\n"+
			"seed gives the same bytes.",
		"takedown generate --accounts 100000 --seed 1 --truth truth.json > scenario.ndjson")
	n := fs.Int("accounts", 10000, "accounts to generate, background included")
	seed := fs.Int64("seed", 1, "random seed")
	truth := fs.String("truth", "", "write the ground truth (planted networks and decoys) as JSON to this file")
	out := fs.String("out", "-", "output file (- for stdout)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *n <= 0 {
		return fmt.Errorf("--accounts must be positive")
	}
	var w io.Writer = m.Stdout
	if *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	var tw io.Writer
	if *truth != "" {
		f, err := os.Create(*truth)
		if err != nil {
			return err
		}
		defer f.Close()
		tw = f
	}
	st, err := generate.Generate(bw, tw, generate.Options{Accounts: *n, Seed: *seed})
	if err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(m.Stderr, "generated %d records: %d accounts, %d pages, %d posts, %d links\n", st.Records, st.Accounts, st.Pages, st.Posts, st.Links)
	return nil
}

func (m *Main) communities(ctx context.Context, args []string) error {
	fs := m.flags("communities --edges FILE [--algorithm leiden|louvain] [--resolution R] [--seed N] [--out MEMBERSHIP.tsv]",
		"Detect communities in any edge list: one edge per line, \"u v [weight]\",\n"+
			"whitespace separated, # comments, node names any strings. Prints one JSON line\n"+
			"with nodes, edges, communities, modularity and seconds; --out writes\n"+
			"node<TAB>community lines.",
		"takedown communities --edges karate.txt --algorithm leiden --seed 1 --out membership.tsv")
	edges := fs.String("edges", "", "edge list file (- for stdin)")
	opt := analysis.CommunitiesOptions{}
	fs.StringVar(&opt.Algorithm, "algorithm", "leiden", "leiden or louvain")
	fs.Float64Var(&opt.Resolution, "resolution", 1, "modularity resolution")
	fs.Int64Var(&opt.Seed, "seed", 1, "random seed")
	out := fs.String("out", "", "write the membership as node<TAB>community to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *edges == "" {
		fs.Usage()
		return fmt.Errorf("--edges is required")
	}
	if opt.Algorithm != "leiden" && opt.Algorithm != "louvain" {
		return fmt.Errorf("--algorithm must be leiden or louvain, not %q", opt.Algorithm)
	}
	var r io.Reader = m.Stdin
	if *edges != "-" {
		f, err := os.Open(*edges)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	sum, names, membership, err := analysis.Communities(bufio.NewReaderSize(r, 1<<20), opt)
	if err != nil {
		return err
	}
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		bw := bufio.NewWriter(f)
		if err := analysis.WriteMembership(bw, names, membership); err != nil {
			f.Close()
			return err
		}
		if err := bw.Flush(); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
	}
	return json.NewEncoder(m.Stdout).Encode(sum)
}

func (m *Main) audit(ctx context.Context, args []string) error {
	fs := m.flags("audit verify [--data DIR]",
		"Check the audit trail: every entry's hash must match its content and name the\n"+
			"entry before it, so an edited or removed entry is found.",
		"takedown audit verify --data ./data")
	sf := m.storeFlags(fs)
	if len(args) == 0 || args[0] != "verify" {
		fs.Usage()
		return fmt.Errorf("usage: takedown audit verify")
	}
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	sf.auditCheck = true
	s, where, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	n, err := api.VerifyChain(ctx, s)
	if err != nil {
		fmt.Fprintf(m.Stdout, "audit trail in %s: BROKEN after %d good entries: %s\n", where, n, graph.ErrorMessage(err))
		return errReported
	}
	fmt.Fprintf(m.Stdout, "audit trail in %s: %d entries, chain intact\n", where, n)
	return nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
