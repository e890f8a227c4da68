package networks

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/graph/bolt"
)

// writerStore is an embedded store that is also a ClusterWriter, as the
// Neo4j store is: it records what each run writes back, or fails.
type writerStore struct {
	*bolt.Store
	calls [][]ClusterResult
	fail  error
}

func (w *writerStore) WriteClusters(_ context.Context, cs []ClusterResult) error {
	if w.fail != nil {
		return w.fail
	}
	w.calls = append(w.calls, cs)
	return nil
}

// TestRunWritesClustersBack checks that a run over a ClusterWriter hands
// it every cluster, with its rank, score, tier and members as in the
// cluster documents; and that a failed write-back fails the run and
// leaves the previous run current.
func TestRunWritesClustersBack(t *testing.T) {
	ctx := context.Background()
	st := &writerStore{Store: openStore(t)}
	ingestBytes(t, st, scenario(t, 2000, 3).ndjson)
	run, err := Analyze(ctx, st, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.calls) != 1 {
		t.Fatalf("%d write-backs, want 1", len(st.calls))
	}
	docs := clusters(t, st)
	got := st.calls[0]
	if len(docs) == 0 || len(got) != len(docs) {
		t.Fatalf("wrote back %d clusters, the run has %d", len(got), len(docs))
	}
	byID := map[string]ClusterResult{}
	for _, c := range got {
		byID[c.ID] = c
	}
	for i := range docs {
		d := &docs[i]
		c, ok := byID[d.ID]
		if !ok {
			t.Errorf("cluster %s not written back", d.ID)
			continue
		}
		ms := slices.Clone(c.Members)
		slices.Sort(ms)
		if c.Rank != d.Rank || c.Score != d.Score || c.Tier != d.Tier || !slices.Equal(ms, memberIDs(d)) {
			t.Errorf("cluster %s written back as rank %d score %v tier %s members %v; document: rank %d score %v tier %s members %v",
				d.ID, c.Rank, c.Score, c.Tier, ms, d.Rank, d.Score, d.Tier, memberIDs(d))
		}
	}
	if _, ok := run.Timings["store.graph"]; !ok {
		t.Errorf("timings %v have no store.graph", run.Timings)
	}

	st.fail = errors.New("server gone")
	failed, err := Analyze(ctx, st, nil, nil)
	if err == nil || failed == nil || failed.Status != StatusFailed {
		t.Fatalf("a failed write-back gave run %+v, error %v; want a failed run", failed, err)
	}
	var cur currentDoc
	if err := getJSON(ctx, st, graph.CollMeta, currentDocID, &cur); err != nil {
		t.Fatal(err)
	}
	if cur.Run != run.ID {
		t.Errorf("current run %s after a failed write-back, want the previous %s", cur.Run, run.ID)
	}
	// Nothing of the failed run was written: the current run's clusters
	// are still its own.
	for _, c := range clusters(t, st) {
		if c.Run != run.ID {
			t.Errorf("cluster %s is of run %s after the failed run, want %s", c.ID, c.Run, run.ID)
		}
	}

	// The embedded store alone is no ClusterWriter: nothing to write back.
	var plain Store = st.Store
	if _, ok := plain.(ClusterWriter); ok {
		t.Error("the embedded store is a ClusterWriter")
	}
}
