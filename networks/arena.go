package networks

import "hash/maphash"

// arena keeps many short strings (handles, bios, post texts) in a few
// large byte chunks, so that a million-account projection holds no
// per-string pointers for the garbage collector to trace.
type arena struct {
	chunks [][]byte
}

// sref is a string in an arena: chunk in the top 8 bits of off, position
// in the low 24; the zero value is the empty string.
type sref struct {
	off, n uint32
}

const (
	arenaChunkBits = 24
	arenaChunk     = 1 << arenaChunkBits
	arenaMaxChunks = 256
)

// add copies s into the arena. Strings longer than a chunk, or past the
// arena's 4 GiB, are kept empty.
func (a *arena) add(s string) sref {
	if s == "" || len(s) >= arenaChunk {
		return sref{}
	}
	if len(a.chunks) == 0 || len(a.chunks[len(a.chunks)-1])+len(s) > arenaChunk {
		if len(a.chunks) == arenaMaxChunks {
			return sref{}
		}
		a.chunks = append(a.chunks, make([]byte, 0, arenaChunk))
	}
	c := len(a.chunks) - 1
	pos := len(a.chunks[c])
	a.chunks[c] = append(a.chunks[c], s...)
	return sref{off: uint32(c)<<arenaChunkBits | uint32(pos), n: uint32(len(s))}
}

// get returns the string r refers to.
func (a *arena) get(r sref) string {
	if r.n == 0 {
		return ""
	}
	c := a.chunks[r.off>>arenaChunkBits]
	pos := r.off & (arenaChunk - 1)
	return string(c[pos : pos+r.n])
}

// view returns the bytes of r without copying; they must not be changed.
func (a *arena) view(r sref) []byte {
	if r.n == 0 {
		return nil
	}
	c := a.chunks[r.off>>arenaChunkBits]
	pos := r.off & (arenaChunk - 1)
	return c[pos : pos+r.n : pos+r.n]
}

// equal reports whether r holds s.
func (a *arena) equal(r sref, s string) bool {
	return int(r.n) == len(s) && string(a.view(r)) == s
}

// unionFind is a disjoint-set forest over 0..n-1 with path halving and
// union by smaller index, so that the root of a set is its smallest
// member and results do not depend on the order of unions.
type unionFind []int32

func newUnionFind(n int) unionFind {
	u := make(unionFind, n)
	for i := range u {
		u[i] = int32(i)
	}
	return u
}

func (u unionFind) find(x int32) int32 {
	for u[x] != x {
		u[x] = u[u[x]]
		x = u[x]
	}
	return x
}

func (u unionFind) union(a, b int32) {
	ra, rb := u.find(a), u.find(b)
	if ra == rb {
		return
	}
	if ra < rb {
		u[rb] = ra
	} else {
		u[ra] = rb
	}
}

// mix64 is the splitmix64 finaliser.
func mix64(z uint64) uint64 {
	z += 0x9E3779B97F4A7C15
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

// hashIndex maps strings to int32 values through their 64-bit hashes, so
// that the map holds no pointers for the garbage collector to trace. The
// caller keeps the strings (in an arena) and says, through same, whether
// value v was stored for string s; a string whose hash is taken by another
// goes to a small overflow map, so lookups are exact.
type hashIndex struct {
	seed maphash.Seed
	m    map[uint64]int32
	over map[string]int32
	same func(v int32, s string) bool
}

func newHashIndex(hint int, same func(v int32, s string) bool) *hashIndex {
	return &hashIndex{seed: maphash.MakeSeed(), m: make(map[uint64]int32, hint), same: same}
}

func (x *hashIndex) get(s string) (int32, bool) {
	v, ok := x.m[maphash.String(x.seed, s)]
	if ok && x.same(v, s) {
		return v, true
	}
	if x.over != nil {
		v, ok = x.over[s]
		return v, ok
	}
	return 0, false
}

// put stores v for s, which must not be stored yet.
func (x *hashIndex) put(s string, v int32) {
	h := maphash.String(x.seed, s)
	if _, taken := x.m[h]; taken {
		if x.over == nil {
			x.over = map[string]int32{}
		}
		x.over[s] = v
		return
	}
	x.m[h] = v
}
