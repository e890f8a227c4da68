package neo4j

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/takedown/takedown/generate"
	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/graph/ingest"
)

func TestZZDebugTimes(t *testing.T) {
	cfg := ConfigFromEnv()
	s, err := Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.Clear(context.Background())
	var mu sync.Mutex
	tot := map[string]time.Duration{}
	cnt := map[string]int{}
	debugTimer = func(q string, t0 time.Time) {
		d := time.Since(t0)
		k := strings.ReplaceAll(q, "\n", " ")
		if len(k) > 90 {
			k = k[:90]
		}
		mu.Lock()
		tot[k] += d
		cnt[k]++
		mu.Unlock()
	}
	var buf bytes.Buffer
	generate.Generate(&buf, nil, generate.Options{Accounts: 3000, Seed: 7})
	t0 := time.Now()
	open := func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(buf.Bytes())), nil }
	sum, err := ingest.File(context.Background(), s, open, ingest.Options{Region: "GB", BatchSize: 10000, SkipInvalid: true})
	fmt.Println("ingest", sum.Records, time.Since(t0), err)
	t0 = time.Now()
	for i := 0; i < 20; i++ {
		p, _ := s.SearchAccounts(context.Background(), graph.AccountQuery{Limit: 20}); graph.Linked(context.Background(), s, p.Items[i].ID, graph.LinkedOptions{})
	}
	var ks []string
	for k := range tot {
		ks = append(ks, k)
	}
	sort.Slice(ks, func(i, j int) bool { return tot[ks[i]] > tot[ks[j]] })
	for _, k := range ks {
		fmt.Printf("%8.3fs %5d  %s\n", tot[k].Seconds(), cnt[k], k)
	}
}
