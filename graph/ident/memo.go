package ident

import (
	"hash/maphash"
	"sync"
)

// Parsing a phone number with the numbering plan metadata costs tens of
// microseconds, and the same few numbers recur across the bios and posts of
// a network. phoneMemo remembers recent parses. It is bounded: a shard
// that fills up is emptied. It changes no result, only the time taken.
var phoneMemo = newMemo(16, 1024)

// phoneMemoEnabled turns the memo off, for benchmarks of the cold path.
var phoneMemoEnabled = true

type memo struct {
	seed   maphash.Seed
	limit  int
	shards []memoShard
}

type memoShard struct {
	mu sync.Mutex
	m  map[string]phoneParse
}

func newMemo(shards, limit int) *memo {
	m := &memo{seed: maphash.MakeSeed(), limit: limit, shards: make([]memoShard, shards)}
	for i := range m.shards {
		m.shards[i].m = make(map[string]phoneParse)
	}
	return m
}

func (m *memo) shard(key string) *memoShard {
	return &m.shards[maphash.String(m.seed, key)%uint64(len(m.shards))]
}

func (m *memo) get(key string) (phoneParse, bool) {
	if !phoneMemoEnabled {
		return phoneParse{}, false
	}
	s := m.shard(key)
	s.mu.Lock()
	p, ok := s.m[key]
	s.mu.Unlock()
	return p, ok
}

func (m *memo) put(key string, p phoneParse) {
	if !phoneMemoEnabled {
		return
	}
	s := m.shard(key)
	s.mu.Lock()
	if len(s.m) >= m.limit {
		clear(s.m)
	}
	s.m[key] = p
	s.mu.Unlock()
}

// phoneKey is the memo key of a parse: strictness, region and input.
func phoneKey(s, region string, strict phoneStrictness) string {
	return string(rune('0'+strict)) + region + "|" + s
}
