package bolt

import (
	"hash/maphash"
	"sync"
	"sync/atomic"
)

// DefaultEntityCacheBytes is the entity cache's size when Options leave it
// at zero.
const DefaultEntityCacheBytes = 64 << 20

// rowCache keeps the stored bytes of recently read entities, so that a
// search page or an account read skips the LSM's read path: a page of 50
// accounts takes 51 point reads, which were 42 % of the server's CPU on
// search before the cache (bench/RESULTS-http.md, 13:41).
// Pebble's block cache keeps blocks, not rows; this is the row cache that
// RocksDB has and Pebble does not.
//
// It never answers with a value older than the reader's snapshot could
// see: Apply drops the entities it writes before its commit and again
// after it, and each drop moves the epoch on. A reader notes the epoch
// before it takes its snapshot and adds what it read only if the epoch has
// not moved since, checked under the shard's lock, so a value read before
// a write cannot be added after the write dropped it.
type rowCache struct {
	epoch  atomic.Uint64
	seed   maphash.Seed
	shards [32]rowShard
	budget int // bytes per shard
}

type rowShard struct {
	mu    sync.Mutex
	m     map[string][]byte
	bytes int
}

// rowOverhead approximates what an entry costs beyond its key and value.
const rowOverhead = 64

func newRowCache(size int) *rowCache {
	if size <= 0 {
		return nil
	}
	c := &rowCache{seed: maphash.MakeSeed()}
	c.budget = size / len(c.shards)
	for i := range c.shards {
		c.shards[i].m = map[string][]byte{}
	}
	return c
}

func (c *rowCache) shard(id []byte) *rowShard {
	return &c.shards[maphash.Bytes(c.seed, id)%uint64(len(c.shards))]
}

// begin is the epoch a reader notes before it takes its snapshot.
func (c *rowCache) begin() uint64 {
	if c == nil {
		return 0
	}
	return c.epoch.Load()
}

// get returns the cached bytes of an entity; they must not be changed.
func (c *rowCache) get(id []byte) ([]byte, bool) {
	if c == nil {
		return nil, false
	}
	s := c.shard(id)
	s.mu.Lock()
	v, ok := s.m[string(id)]
	s.mu.Unlock()
	return v, ok
}

// add caches v (which it keeps: the caller must not change it) if no
// write has dropped entities since epoch.
func (c *rowCache) add(id, v []byte, epoch uint64) {
	if c == nil {
		return
	}
	cost := len(id) + len(v) + rowOverhead
	if cost > c.budget/8 {
		return
	}
	s := c.shard(id)
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.epoch.Load() != epoch {
		return
	}
	if _, ok := s.m[string(id)]; ok {
		return
	}
	for k, old := range s.m { // map order is random: random eviction
		if s.bytes+cost <= c.budget {
			break
		}
		s.bytes -= len(k) + len(old) + rowOverhead
		delete(s.m, k)
	}
	s.m[string(id)] = v
	s.bytes += cost
}

// drop forgets entities about to be written or just written.
func (c *rowCache) drop(ids []string) {
	if c == nil || len(ids) == 0 {
		return
	}
	c.epoch.Add(1)
	for _, id := range ids {
		s := c.shard([]byte(id))
		s.mu.Lock()
		if v, ok := s.m[id]; ok {
			s.bytes -= len(id) + len(v) + rowOverhead
			delete(s.m, id)
		}
		s.mu.Unlock()
	}
}

// entity reads an entity's stored bytes in a read transaction, through
// the cache; nil if there is none. The bytes must not be changed.
func (s *Store) entity(tx *txn, id []byte) []byte {
	if tx.overlay != nil { // a write sees its own writes, not the cache
		return tx.Bucket(bEnt).Get(id)
	}
	rows := s.kv.rows
	if v, ok := rows.get(id); ok {
		return v
	}
	v := tx.Bucket(bEnt).Get(id)
	if v != nil {
		rows.add(id, v, tx.epoch)
	}
	return v
}
