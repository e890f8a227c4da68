package networks

import (
	"context"
	"slices"
	"testing"
)

// TestDeterminism analyses one generated scenario in two fresh stores: the
// clusters, their ids, members, ranks and scores are equal.
func TestDeterminism(t *testing.T) {
	sc := scenario(t, 5000, 11)
	var runs [2][]Cluster
	for i := range runs {
		st := openStore(t)
		ingestBytes(t, st, sc.ndjson)
		if _, err := Analyze(context.Background(), st, nil, nil); err != nil {
			t.Fatal(err)
		}
		runs[i] = clusters(t, st)
	}
	a, b := runs[0], runs[1]
	if len(a) == 0 || len(a) != len(b) {
		t.Fatalf("%d and %d clusters", len(a), len(b))
	}
	for i := range a {
		x, y := &a[i], &b[i]
		if x.ID != y.ID || x.Rank != y.Rank || x.Score != y.Score || !slices.Equal(memberIDs(x), memberIDs(y)) {
			t.Fatalf("rank %d differs: %s (%d members, score %v) vs %s (%d members, score %v)",
				i+1, x.ID, x.Size, x.Score, y.ID, y.Size, y.Score)
		}
		if len(x.KeyPlayers) != len(y.KeyPlayers) || len(x.KeyPlayers) > 0 && x.KeyPlayers[0] != y.KeyPlayers[0] {
			t.Fatalf("%s key players differ: %+v vs %+v", x.ID, x.KeyPlayers, y.KeyPlayers)
		}
	}
	t.Logf("%d clusters equal in both runs", len(a))
}
