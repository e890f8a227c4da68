package networks

import (
	"context"
	"testing"
	"time"

	"github.com/takedown/takedown/generate"
)

// TestRecoverPlantedNetworks analyses a generated 20,000-account scenario
// and checks that every planted smuggling network is found: the F1 of its
// members against the best-matching cluster, averaged over networks.
func TestRecoverPlantedNetworks(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and ingests a 20k-account scenario")
	}
	sc := scenario(t, 20000, 7)
	st := openStore(t)
	t0 := time.Now()
	ingestBytes(t, st, sc.ndjson)
	t.Logf("ingest: %v", time.Since(t0))
	run, err := Analyze(context.Background(), st, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("run: timings %v nodes %d edges %d clusters %d modularity %.3f hubs %d edge counts %v",
		run.Timings, run.Summary.Nodes, run.Summary.Edges, run.Summary.Clusters, run.Summary.Modularity,
		run.Summary.HubsCut, run.Summary.EdgeCounts)
	cs := clusters(t, st)
	var sum float64
	n := 0
	for _, net := range sc.truth.Networks {
		f, i := bestF1(net.Members, cs)
		size := 0
		if i >= 0 {
			size = cs[i].Size
		}
		rank, tier := 0, ""
		if i >= 0 {
			rank, tier = cs[i].Rank, cs[i].Tier
		}
		t.Logf("%s %-13s %-6s size %3d  F1 %.3f  (cluster size %d, rank %d of %d, tier %s)", net.ID, net.Kind, net.ExpectedTier, net.Size, f, size, rank, len(cs), tier)
		if net.Kind != generate.KindSmuggling {
			continue
		}
		sum += f
		n++
	}
	mean := sum / float64(n)
	t.Logf("mean F1 over %d smuggling networks: %.3f", n, mean)
	if mean < 0.8 {
		t.Errorf("mean F1 %.3f < 0.8", mean)
	}
	// The ranking input reached the scorer: the first-ranked cluster is a
	// planted smuggling network, not background or a decoy.
	if f, net := topNetwork(sc.truth.Networks, &cs[0]); f < 0.8 || net.Kind != generate.KindSmuggling {
		t.Errorf("rank 1 is %s (%s, F1 %.2f), want a smuggling network", cs[0].ID, net.Kind, f)
	}
}

// topNetwork returns the planted network that cluster c matches best.
func topNetwork(nets []generate.Network, c *Cluster) (float64, generate.Network) {
	var best generate.Network
	bf := 0.0
	for _, n := range nets {
		if f, _ := bestF1(n.Members, []Cluster{*c}); f > bf {
			bf, best = f, n
		}
	}
	return bf, best
}
