package referral

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"io"
	"slices"
	"testing"

	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/graph/bolt"
	"github.com/takedown/takedown/graph/ingest"
	"github.com/takedown/takedown/networks"
)

// openStore opens an empty embedded store in a temporary directory.
func openStore(t testing.TB) *bolt.Store {
	t.Helper()
	st, err := bolt.Open(t.TempDir(), bolt.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// ingestBytes writes NDJSON into st; every line must be valid.
func ingestBytes(t testing.TB, st graph.Writer, ndjson []byte) {
	t.Helper()
	open := func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(ndjson)), nil }
	sum, err := ingest.File(context.Background(), st, open, ingest.Options{Region: "GB"})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Invalid > 0 {
		t.Fatalf("%d invalid lines, first %v", sum.Invalid, sum.Problems)
	}
}

// allClusters reads every cluster document.
func allClusters(t testing.TB, docs graph.DocStore) []networks.Cluster {
	t.Helper()
	var out []networks.Cluster
	err := eachDoc(context.Background(), docs, graph.CollClusters, func(d graph.Doc) error {
		var c networks.Cluster
		if err := json.Unmarshal(d.Body, &c); err != nil {
			return err
		}
		out = append(out, c)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// truthNet is a planted network or decoy group of a scenario's truth.
type truthNet struct {
	ID, Kind, Tier string
	Members        []string
}

// match is a cluster's best-matching truth network.
type match struct {
	net       int // index into the truth, -1 for none
	f1        float64
	precision float64 // share of the cluster's members in the network
}

// bestMatch maps a cluster to the truth network with the highest F1 of
// members.
func bestMatch(c *networks.Cluster, nets []truthNet, owner map[string][]int) match {
	inter := map[int]int{}
	for _, m := range c.Members {
		for _, n := range owner[m.ID] {
			inter[n]++
		}
	}
	best := match{net: -1}
	keys := make([]int, 0, len(inter))
	for n := range inter {
		keys = append(keys, n)
	}
	slices.Sort(keys)
	for _, n := range keys {
		k := inter[n]
		p := float64(k) / float64(len(c.Members))
		r := float64(k) / float64(len(nets[n].Members))
		if f := 2 * p * r / (p + r); f > best.f1 {
			best = match{net: n, f1: f, precision: p}
		}
	}
	if best.precision < 0.5 {
		// Mostly accounts of no network: not a cluster of it.
		return match{net: -1, f1: best.f1, precision: best.precision}
	}
	return best
}

func owners(nets []truthNet) map[string][]int {
	o := map[string][]int{}
	for i, n := range nets {
		for _, m := range n.Members {
			o[m] = append(o[m], i)
		}
	}
	return o
}

// ranked is a cluster with its ranking score.
type ranked struct {
	c     networks.Cluster
	score float64
	tier  string
	m     match
}

func sortRanked(rs []ranked) {
	slices.SortStableFunc(rs, func(a, b ranked) int {
		return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(b.c.Size, a.c.Size), cmp.Compare(a.c.ID, b.c.ID))
	})
}
