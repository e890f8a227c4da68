package networks

import (
	"context"
	"sort"
	"testing"
)

func TestDebugScenario(t *testing.T) {
	sc := scenario(t, 20000, 7)
	st := openStore(t)
	ingestBytes(t, st, sc.ndjson)
	run, err := Analyze(context.Background(), st, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	_ = run
	cs := clusters(t, st)
	sizes := []int{}
	for _, c := range cs {
		sizes = append(sizes, c.Size)
	}
	sort.Ints(sizes)
	t.Logf("sizes %v", sizes)
	owner := map[string]string{}
	for _, n := range sc.truth.Networks {
		for _, m := range n.Members {
			owner[m] = n.ID
		}
	}
	for _, n := range sc.truth.Networks {
		f, i := bestF1(n.Members, cs)
		if f > 0.8 || i < 0 {
			continue
		}
		c := cs[i]
		cnt := map[string]int{}
		for _, m := range c.Members {
			o := owner[m.ID]
			if o == "" {
				o = "bg"
			}
			cnt[o]++
		}
		t.Logf("%s size %d f1 %.2f -> cluster %s size %d composition %v", n.ID, n.Size, f, c.ID, c.Size, cnt)
		// where are the members
		where := map[string]int{}
		for _, m := range n.Members {
			w := "-"
			for _, c2 := range cs {
				for _, mm := range c2.Members {
					if mm.ID == m {
						w = c2.ID
					}
				}
			}
			where[w]++
		}
		t.Logf("   members in %v", where)
		for _, e := range c.Graph.Edges {
			if owner[e.Source] != owner[e.Target] {
				t.Logf("   cross edge %s(%s) - %s(%s) w %.3f %v", e.Source, owner[e.Source], e.Target, owner[e.Target], e.Weight, e.Evidence)
			}
		}
	}
}
