package bolt_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"testing"

	"github.com/takedown/takedown/generate"
	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/graph/bolt"
	"github.com/takedown/takedown/graph/ingest"
)

// BenchmarkLinkedJSON is the work of GET /v1/accounts/{id}/linked?depth=2
// without HTTP: graph.Linked on the embedded store, then the answer's
// JSON, from 2,000 accounts in turn. The store is 20,000 generated
// accounts, or the store directory in TAKEDOWN_BENCH_STORE (for example
// the 1M-account store of bench/http/run.sh):
//
//	go test -run XXX -bench LinkedJSON -benchmem ./graph/bolt/
//	TAKEDOWN_BENCH_STORE=/tmp/takedown-http-bench/data-1000000 go test -run XXX -bench LinkedJSON -benchmem ./graph/bolt/
func BenchmarkLinkedJSON(b *testing.B) {
	ctx := context.Background()
	dir := os.Getenv("TAKEDOWN_BENCH_STORE")
	if dir == "" {
		dir = b.TempDir()
		var buf bytes.Buffer
		if _, err := generate.Generate(&buf, nil, generate.Options{Accounts: 20000, Seed: 3}); err != nil {
			b.Fatal(err)
		}
		s, err := bolt.Open(dir, bolt.Options{NoSync: true})
		if err != nil {
			b.Fatal(err)
		}
		data := buf.Bytes()
		if _, err := ingest.File(ctx, s, func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }, ingest.Options{Region: "GB"}); err != nil {
			b.Fatal(err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
	s, err := bolt.Open(dir, bolt.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	page, err := s.SearchAccounts(ctx, graph.AccountQuery{Limit: 2000})
	if err != nil {
		b.Fatal(err)
	}
	if len(page.Items) == 0 {
		b.Fatal("no accounts")
	}
	var out []byte
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		r, err := graph.Linked(ctx, s, page.Items[i%len(page.Items)].ID, graph.LinkedOptions{Depth: 2})
		if err != nil {
			b.Fatal(err)
		}
		if out, err = r.AppendJSON(out[:0]); err != nil {
			b.Fatal(err)
		}
	}
}
