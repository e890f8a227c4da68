package networks

import (
	"context"
	"testing"
)

func TestDebugClusters(t *testing.T) {
	sc := scenario(t, 20000, 7)
	st := openStore(t)
	ingestBytes(t, st, sc.ndjson)
	_, err := Analyze(context.Background(), st, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	cs := clusters(t, st)
	owner := map[string]string{}
	kind := map[string]string{}
	for _, n := range sc.truth.Networks {
		kind[n.ID] = n.Kind
		for _, m := range n.Members {
			owner[m] = n.ID
		}
	}
	for _, c := range cs {
		cnt := map[string]int{}
		for _, m := range c.Members {
			o := owner[m.ID]
			if o == "" {
				o = "bg"
			} else {
				o = o + "/" + kind[o]
			}
			cnt[o]++
		}
		t.Logf("%s size %4d signal %8.2f per-member %.2f  %v ev %v", c.ID, c.Size, c.Signal, c.Signal/float64(c.Size), cnt, c.EvidenceCount)
	}
}
