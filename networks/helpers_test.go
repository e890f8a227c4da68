package networks

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"slices"
	"sync"
	"testing"

	"github.com/takedown/takedown/generate"
	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/graph/bolt"
	"github.com/takedown/takedown/graph/ingest"
)

type scenarioData struct {
	ndjson []byte
	truth  generate.Truth
}

var (
	scenarioMu    sync.Mutex
	scenarioCache = map[[2]int64]*scenarioData{}
)

// scenario generates (once per test binary) the scenario of the given size
// and seed.
func scenario(t testing.TB, accounts int, seed int64) *scenarioData {
	t.Helper()
	scenarioMu.Lock()
	defer scenarioMu.Unlock()
	key := [2]int64{int64(accounts), seed}
	if s, ok := scenarioCache[key]; ok {
		return s
	}
	var out, truth bytes.Buffer
	if _, err := generate.Generate(&out, &truth, generate.Options{Accounts: accounts, Seed: seed}); err != nil {
		t.Fatal(err)
	}
	s := &scenarioData{ndjson: out.Bytes()}
	if err := json.Unmarshal(truth.Bytes(), &s.truth); err != nil {
		t.Fatal(err)
	}
	scenarioCache[key] = s
	return s
}

// openStore opens an empty embedded store in a temporary directory.
func openStore(t testing.TB) *bolt.Store {
	t.Helper()
	st, err := bolt.Open(t.TempDir(), bolt.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// ingestBytes writes NDJSON into st.
func ingestBytes(t testing.TB, st graph.Writer, ndjson []byte) {
	t.Helper()
	open := func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(ndjson)), nil }
	sum, err := ingest.File(context.Background(), st, open, ingest.Options{SkipInvalid: true})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Invalid > 0 {
		t.Fatalf("%d invalid lines, first %v", sum.Invalid, sum.Problems)
	}
}

// apply writes a batch into st.
func apply(t testing.TB, st graph.Writer, b *graph.Batch) {
	t.Helper()
	if _, err := st.Apply(context.Background(), b); err != nil {
		t.Fatal(err)
	}
}

// clusters lists the current run's cluster documents in rank order.
func clusters(t testing.TB, st graph.DocStore) []Cluster {
	t.Helper()
	var idx clusterIndex
	if err := getJSON(context.Background(), st, graph.CollMeta, indexDocID, &idx); err != nil {
		t.Fatal(err)
	}
	out := make([]Cluster, 0, len(idx.Items))
	for _, it := range idx.Items {
		var c Cluster
		if err := getJSON(context.Background(), st, graph.CollClusters, it.ID, &c); err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	return out
}

func memberIDs(c *Cluster) []string {
	ids := make([]string, len(c.Members))
	for i, m := range c.Members {
		ids[i] = m.ID
	}
	slices.Sort(ids)
	return ids
}

// bestF1 returns the F1 of members against the cluster that matches them
// best, and that cluster's index (−1 if none overlaps).
func bestF1(members []string, cs []Cluster) (float64, int) {
	set := map[string]bool{}
	for _, m := range members {
		set[m] = true
	}
	best, bi := 0.0, -1
	for i := range cs {
		inter := 0
		for _, m := range cs[i].Members {
			if set[m.ID] {
				inter++
			}
		}
		if inter == 0 {
			continue
		}
		p := float64(inter) / float64(len(cs[i].Members))
		r := float64(inter) / float64(len(members))
		if f := 2 * p * r / (p + r); f > best {
			best, bi = f, i
		}
	}
	return best, bi
}
