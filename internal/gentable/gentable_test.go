package gentable

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestAgainstMap runs random adds, updates, lookups and resets against a
// Go map, through growth and a wrap of the generation counter.
func TestAgainstMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var tab Table[int32, int64]
	tab.Init(2)
	tab.gen = math.MaxUint32 - 3 // wrap within the first resets
	want := map[int32]int64{}
	for op := range 200000 {
		k := int32(rng.IntN(3000)) - 1500
		switch r := rng.IntN(100); {
		case r == 0:
			tab.Reset()
			clear(want)
		case r < 50:
			v, found := tab.Slot(k)
			_, ok := want[k]
			if found != ok {
				t.Fatalf("op %d: Slot(%d) found %v, want %v", op, k, found, ok)
			}
			*v += int64(op)
			want[k] += int64(op)
		default:
			v, ok := tab.Get(k)
			if w, wok := want[k]; ok != wok || v != w {
				t.Fatalf("op %d: Get(%d) = %d, %v; want %d, %v", op, k, v, ok, w, wok)
			}
		}
		if tab.Len() != len(want) {
			t.Fatalf("op %d: Len %d, want %d", op, tab.Len(), len(want))
		}
	}
}
