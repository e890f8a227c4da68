package graph

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestSmallest checks the quickselect that cuts a tied group against a
// full sort, on groups of many sizes with shared prefixes.
func TestSmallest(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 500 {
		n := 1 + rng.IntN(300)
		seen := map[string]bool{}
		var ns []named
		for len(ns) < n {
			s := fmt.Sprintf("x:acc%d", rng.IntN(3*n))
			if !seen[s] {
				seen[s] = true
				ns = append(ns, named{int32(len(ns)), s})
			}
		}
		k := 1 + rng.IntN(n)
		want := slices.Clone(ns)
		slices.SortFunc(want, func(a, b named) int { return strings.Compare(a.name, b.name) })
		smallest(ns, k)
		got := slices.Clone(ns[:k])
		slices.SortFunc(got, func(a, b named) int { return strings.Compare(a.name, b.name) })
		if !slices.Equal(got, want[:k]) {
			t.Fatalf("trial %d (n %d, k %d): got %v, want %v", trial, n, k, got, want[:k])
		}
	}
}

// TestEvidenceCodesFollowNames checks that evidence codes order as the
// names do, which the walk relies on to order ties.
func TestEvidenceCodesFollowNames(t *testing.T) {
	for i := 1; i < len(EvidenceKinds); i++ {
		a, b := EvidenceKinds[i-1], EvidenceKinds[i]
		if !(a < b) || EvidenceCode(a) >= EvidenceCode(b) {
			t.Fatalf("%s (code %d) and %s (code %d) out of order", a, EvidenceCode(a), b, EvidenceCode(b))
		}
	}
	if EvidenceCode("nonsense") != 0 {
		t.Fatal("an unknown evidence kind has a code")
	}
}
