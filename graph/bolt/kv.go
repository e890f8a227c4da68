package bolt

import (
	"bytes"
	"encoding/binary"
	"errors"

	"github.com/cockroachdb/pebble"
)

// The store keeps its data in Pebble, a log-structured key-value store:
// every batch is one atomic write to its write-ahead log, fsynced before it
// is acknowledged. A B+tree store (bbolt) was measured first and rewrote
// most of its pages on every commit under random upserts (3,700 records/s
// at 100k accounts). This file gives the store a small transaction and
// bucket vocabulary over Pebble: a bucket is a key prefix.

type kv struct {
	db     *pebble.DB
	noSync bool
	rows   *rowCache // entities recently read; nil if off
}

func (k *kv) writeOpts() *pebble.WriteOptions {
	if k.noSync {
		return pebble.NoSync
	}
	return pebble.Sync
}

// txn is a read (snapshot) or read-write transaction. A read-write one
// reads the database plus its own writes (kept in an overlay: there is one
// writer at a time, so nothing else changes the database meanwhile) and
// commits its batch atomically.
type txn struct {
	r       pebble.Reader
	b       *pebble.Batch
	overlay map[string][]byte // written in this transaction; nil value: deleted
	iters   []*pebble.Iterator
	epoch   uint64 // the row cache's epoch before a read's snapshot
}

func (k *kv) update(fn func(*txn) error) error {
	b := k.db.NewBatch()
	t := &txn{r: k.db, b: b, overlay: map[string][]byte{}}
	err := fn(t)
	t.closeIters()
	if err != nil {
		b.Close()
		return err
	}
	if b.Empty() {
		return b.Close()
	}
	return b.Commit(k.writeOpts())
}

func (k *kv) view(fn func(*txn) error) error {
	epoch := k.rows.begin() // before the snapshot: see rowCache
	s := k.db.NewSnapshot()
	defer s.Close()
	t := &txn{r: s, epoch: epoch}
	defer t.closeIters()
	return fn(t)
}

func (t *txn) closeIters() {
	for _, it := range t.iters {
		it.Close()
	}
	t.iters = nil
}

// bucket is a key prefix within a transaction.
type bucket struct {
	t      *txn
	prefix []byte
	blind  bool // writes skip the overlay: Get does not see them
}

func (t *txn) Bucket(name []byte) *bucket {
	return &bucket{t: t, prefix: bucketPrefix(name)}
}

// bucketPrefix is the key prefix of the top-level bucket name.
func bucketPrefix(name []byte) []byte { return append(append([]byte{}, name...), 0) }

// BlindBucket is a bucket whose writes in this transaction are not read
// back by Get (they still commit with the batch). It saves keeping a copy
// of every write for buckets a transaction only writes.
func (t *txn) BlindBucket(name []byte) *bucket {
	b := t.Bucket(name)
	b.blind = true
	return b
}

// Bucket returns a nested bucket.
func (b *bucket) Bucket(name []byte) *bucket {
	p := append(append(append([]byte{}, b.prefix...), name...), 0)
	return &bucket{t: b.t, prefix: p}
}

func (b *bucket) key(k []byte) []byte {
	out := make([]byte, 0, len(b.prefix)+len(k))
	return append(append(out, b.prefix...), k...)
}

// Get returns a copy of the value, or nil.
func (b *bucket) Get(k []byte) []byte {
	key := b.key(k)
	if b.t.overlay != nil {
		if v, ok := b.t.overlay[string(key)]; ok {
			return append([]byte(nil), v...)
		}
	}
	v, closer, err := b.t.r.Get(key)
	if err != nil {
		return nil
	}
	out := append([]byte{}, v...)
	closer.Close()
	return out
}

var errReadOnly = errors.New("write in a read transaction")

func (b *bucket) Put(k, v []byte) error {
	if b.t.b == nil {
		return errReadOnly
	}
	key := b.key(k)
	if !b.blind {
		b.t.overlay[string(key)] = append([]byte{}, v...)
	}
	return b.t.b.Set(key, v, nil)
}

func (b *bucket) Delete(k []byte) error {
	if b.t.b == nil {
		return errReadOnly
	}
	key := b.key(k)
	if !b.blind {
		b.t.overlay[string(key)] = nil
	}
	return b.t.b.Delete(key, nil)
}

// upper is the first key after every key with the prefix.
func upper(prefix []byte) []byte {
	u := append([]byte{}, prefix...)
	for i := len(u) - 1; i >= 0; i-- {
		if u[i] < 0xff {
			u[i]++
			return u[:i+1]
		}
	}
	return nil
}

// cursor walks a bucket in key order; keys are returned without the prefix
// and, like values, are valid until the next move.
type cursor struct {
	b  *bucket
	it *pebble.Iterator
}

// Cursor walks the bucket as committed; in a read-write transaction it
// does not see the transaction's own writes.
func (b *bucket) Cursor() *cursor {
	it, err := b.t.r.NewIter(&pebble.IterOptions{LowerBound: b.prefix, UpperBound: upper(b.prefix)})
	if err != nil {
		return &cursor{b: b}
	}
	b.t.iters = append(b.t.iters, it)
	return &cursor{b: b, it: it}
}

func (c *cursor) cur(ok bool) ([]byte, []byte) {
	if !ok || c.it == nil || !c.it.Valid() {
		return nil, nil
	}
	k := c.it.Key()
	return k[len(c.b.prefix):], c.it.Value()
}

func (c *cursor) First() ([]byte, []byte) {
	if c.it == nil {
		return nil, nil
	}
	return c.cur(c.it.First())
}

func (c *cursor) Last() ([]byte, []byte) {
	if c.it == nil {
		return nil, nil
	}
	return c.cur(c.it.Last())
}

func (c *cursor) Seek(k []byte) ([]byte, []byte) {
	if c.it == nil {
		return nil, nil
	}
	return c.cur(c.it.SeekGE(c.b.key(k)))
}

func (c *cursor) Next() ([]byte, []byte) {
	if c.it == nil {
		return nil, nil
	}
	return c.cur(c.it.Next())
}

func (b *bucket) ForEach(fn func(k, v []byte) error) error {
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if err := fn(k, v); err != nil {
			return err
		}
	}
	return nil
}

func u64(n uint64) []byte { return binary.BigEndian.AppendUint64(nil, n) }

func isPrefix(k, p []byte) bool { return bytes.HasPrefix(k, p) }
