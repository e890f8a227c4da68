// Package gentable is an open-addressing hash table of integer keys whose
// entries count only while they carry the table's generation, so that
// Reset empties it at once, whatever its size. Linked-accounts walks keep
// their per-walk bookkeeping in such tables, reused from walk to walk:
// Go maps cost several times more per lookup there (bench/RESULTS-http.md).
package gentable

// Key is the kind of key a Table takes.
type Key interface {
	~int32 | ~uint32 | ~int64 | ~uint64
}

// Table maps keys to values. The zero Table is not ready: call Init.
type Table[K Key, V any] struct {
	keys  []K
	vals  []V
	gens  []uint32
	gen   uint32
	n     int
	shift uint
}

// Init empties t and gives it 2^logSize slots; it grows as needed.
func (t *Table[K, V]) Init(logSize uint) {
	t.keys, t.vals, t.gens = make([]K, 1<<logSize), make([]V, 1<<logSize), make([]uint32, 1<<logSize)
	t.gen, t.n, t.shift = 1, 0, 64-logSize
}

// Reset empties t by moving its generation on.
func (t *Table[K, V]) Reset() {
	t.n = 0
	if t.gen++; t.gen == 0 { // wrapped: old stamps could match again
		clear(t.gens)
		t.gen = 1
	}
}

// Len is the number of keys in t.
func (t *Table[K, V]) Len() int { return t.n }

func (t *Table[K, V]) slot(k K) int { return int((uint64(k) * 0x9E3779B97F4A7C15) >> t.shift) }

// Get returns k's value.
func (t *Table[K, V]) Get(k K) (V, bool) {
	mask := len(t.keys) - 1
	for i := t.slot(k); t.gens[i] == t.gen; i = (i + 1) & mask {
		if t.keys[i] == k {
			return t.vals[i], true
		}
	}
	var zero V
	return zero, false
}

// Slot returns where k's value is kept, adding k with the zero value if it
// is not in t (found false). The pointer is valid until the next Slot.
func (t *Table[K, V]) Slot(k K) (v *V, found bool) {
	if 2*(t.n+1) > len(t.keys) {
		t.grow()
	}
	mask := len(t.keys) - 1
	i := t.slot(k)
	for ; t.gens[i] == t.gen; i = (i + 1) & mask {
		if t.keys[i] == k {
			return &t.vals[i], true
		}
	}
	var zero V
	t.gens[i], t.keys[i], t.vals[i] = t.gen, k, zero
	t.n++
	return &t.vals[i], false
}

func (t *Table[K, V]) grow() {
	keys, vals, gens, gen := t.keys, t.vals, t.gens, t.gen
	t.Init(64 - t.shift + 1)
	for j, g := range gens {
		if g == gen {
			v, _ := t.Slot(keys[j])
			*v = vals[j]
		}
	}
}
