package bolt_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/graph/bolt"
)

// BenchmarkLinkedJSON is the work of GET /v1/accounts/{id}/linked?depth=2
// without HTTP: graph.Linked on the embedded store, then the answer's
// JSON, from 2,000 accounts in turn. The store is 20,000 generated
// accounts, or the store directory in TAKEDOWN_BENCH_STORE (for example
// the 1M-account store of bench/http/run.sh), its account ids ranked unless
// TAKEDOWN_BENCH_UNRANKED is set:
//
//	go test -run XXX -bench LinkedJSON -benchmem ./graph/bolt/
//	TAKEDOWN_BENCH_STORE=/tmp/takedown-http-bench/data-1000000 go test -run XXX -bench LinkedJSON -benchmem ./graph/bolt/
func BenchmarkLinkedJSON(b *testing.B) {
	s, accounts := benchStore(b)
	defer s.Close()
	ctx := context.Background()
	var out []byte
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		r, err := graph.Linked(ctx, s, accounts[i%len(accounts)].ID, graph.LinkedOptions{Depth: 2})
		if err != nil {
			b.Fatal(err)
		}
		if out, err = r.AppendJSON(out[:0]); err != nil {
			b.Fatal(err)
		}
	}
}

// benchStore opens the store in TAKEDOWN_BENCH_STORE, or one of 20,000
// generated accounts, and returns its first 2,000 accounts.
func benchStore(b *testing.B) (*bolt.Store, []graph.Entity) {
	ctx := context.Background()
	dir := os.Getenv("TAKEDOWN_BENCH_STORE")
	if dir == "" {
		dir = b.TempDir()
		if err := generated(b, dir, 20000, 3, 0).Close(); err != nil {
			b.Fatal(err)
		}
	}
	s, err := bolt.Open(dir, bolt.Options{NoIDRanks: os.Getenv("TAKEDOWN_BENCH_UNRANKED") != ""})
	if err != nil {
		b.Fatal(err)
	}
	s.RankIDs()
	page, err := s.SearchAccounts(ctx, graph.AccountQuery{Limit: 2000})
	if err != nil {
		b.Fatal(err)
	}
	if len(page.Items) == 0 {
		b.Fatal("no accounts")
	}
	return s, page.Items
}

// BenchmarkSearchJSON is the work of GET /v1/accounts?q=PREFIX&limit=50
// without HTTP: SearchAccounts for the three-letter prefixes of the first
// 2,000 accounts' handles in turn, then the page's JSON. The store is as for
// BenchmarkLinkedJSON.
func BenchmarkSearchJSON(b *testing.B) {
	s, accounts := benchStore(b)
	defer s.Close()
	ctx := context.Background()
	var prefixes []string
	for _, e := range accounts {
		if len(e.Handle) >= 3 {
			prefixes = append(prefixes, strings.ToLower(e.Handle[:3]))
		}
	}
	if len(prefixes) == 0 {
		b.Fatal("no accounts")
	}
	var out []byte
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		p, err := s.SearchAccounts(ctx, graph.AccountQuery{Q: prefixes[i%len(prefixes)], Limit: 50})
		if err != nil {
			b.Fatal(err)
		}
		if out, err = p.AppendJSON(out[:0]); err != nil {
			b.Fatal(err)
		}
	}
}
