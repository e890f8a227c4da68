package bolt

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/cockroachdb/pebble"

	"github.com/takedown/takedown/graph"
)

func asErr(err error, target **graph.Error) bool { return errors.As(err, target) }

var keyAuditHead = []byte("audit_head")

type auditReq struct {
	e    graph.AuditEntry
	done chan error
}

// auditHead names the last entry of the chain.
type auditHead struct {
	Seq  uint64 `json:"seq"`
	Hash string `json:"hash"`
}

func (s *Store) recordedAuditHead() (auditHead, error) {
	var h auditHead
	err := s.kv.view(func(tx *txn) error {
		if v := tx.Bucket(bMeta).Get(keyAuditHead); v != nil {
			return json.Unmarshal(v, &h)
		}
		return nil
	})
	return h, err
}

// putAuditHead records h as the chain's head; sync makes it durable at
// once, otherwise with the next synced write (the log is durable already).
func (s *Store) putAuditHead(h auditHead, sync bool) error {
	b, err := json.Marshal(h)
	if err != nil {
		return err
	}
	key := append(bucketPrefix(bMeta), keyAuditHead...)
	opts := pebble.NoSync
	if sync && !s.kv.noSync {
		opts = pebble.Sync
	}
	return s.kv.db.Set(key, b, opts)
}

// openAudit moves an older store's audit entries out of the database
// (moveAudit), opens the log files and checks that they reach the head the
// store recorded. With opt.AuditCheck a log that does not is opened
// anyway, for reading, and appends are refused.
func (s *Store) openAudit(opt Options) error {
	dir := filepath.Join(s.dir, auditDirName)
	if err := s.moveAudit(dir); err != nil {
		return err
	}
	log, last, err := openAuditLog(dir, opt.NoSync)
	if err != nil {
		return wrap(err)
	}
	s.alog = log
	rec, err := s.recordedAuditHead()
	if err != nil {
		return graph.Internal(err)
	}
	var end auditHead
	if last != nil {
		end = auditHead{Seq: last.Seq, Hash: last.Hash}
	}
	s.head = end
	if rec == end {
		return nil
	}
	if err := s.reaches(dir, rec, end); err != nil {
		if !opt.AuditCheck {
			return err
		}
		s.auditBroken = err
		return nil
	}
	// The log is ahead of the recorded head: the process stopped between a
	// group's fdatasync and the head's write reaching the disk.
	return wrap(s.putAuditHead(end, true))
}

// reaches checks that the log, which ends at end, holds the recorded head.
func (s *Store) reaches(dir string, rec, end auditHead) error {
	if rec.Seq == 0 {
		return nil
	}
	if rec.Seq > end.Seq {
		return graph.Errorf(graph.ECONFLICT, "the audit log in %s ends at entry %d, but the store recorded entry %d as appended: entries were removed from its end (restore the directory from a backup; takedown audit verify checks it)", dir, end.Seq, rec.Seq)
	}
	var at *graph.AuditEntry
	err := s.alog.scan(rec.Seq-1, func(e *graph.AuditEntry) bool { at = e; return false })
	if err != nil {
		return wrap(err)
	}
	if at == nil || at.Seq != rec.Seq || at.Hash != rec.Hash {
		return graph.Errorf(graph.ECONFLICT, "the audit log in %s does not hold entry %d as the store recorded it: entries were removed or replaced (restore the directory from a backup; takedown audit verify checks it)", dir, rec.Seq)
	}
	return nil
}

// moveAudit moves the entries of the aud bucket, where stores written
// before the log files kept them, into the first segment: written to a
// temporary file, synced and renamed, then deleted from the database. A
// crash before the rename leaves the bucket as it was (the temporary file
// is removed at the next Open); after it, the next Open finds the segment
// holding every entry and only deletes the bucket.
func (s *Store) moveAudit(dir string) error {
	t0 := time.Now()
	var firstSeq, lastSeq uint64
	err := s.kv.view(func(tx *txn) error {
		c := tx.Bucket(bAud).Cursor()
		if k, _ := c.First(); k != nil {
			firstSeq = binary.BigEndian.Uint64(k)
		}
		if k, _ := c.Last(); k != nil {
			lastSeq = binary.BigEndian.Uint64(k)
		}
		return nil
	})
	if err != nil || lastSeq == 0 {
		return wrap(err)
	}
	log, last, err := openAuditLog(dir, false)
	if err != nil {
		return wrap(err)
	}
	log.close()
	n := 0
	switch {
	case last == nil:
		fmt.Fprintf(os.Stderr, "takedown store: moving audit entries %d to %d from the database to %s (once; about 3 s a million)\n", firstSeq, lastSeq, dir)
		if n, err = s.copyAudit(dir, firstSeq); err != nil {
			return graph.Internal(fmt.Errorf("moving the audit entries to %s: %w", dir, err))
		}
	case last.Seq < lastSeq:
		return graph.Errorf(graph.ECONFLICT, "the audit log in %s ends at entry %d, but the store's database holds entries up to %d", dir, last.Seq, lastSeq)
	}
	lo := bucketPrefix(bAud)
	if err := s.kv.db.DeleteRange(lo, upper(lo), s.kv.writeOpts()); err != nil {
		return graph.Internal(err)
	}
	if err := s.kv.db.Compact(lo, upper(lo), false); err != nil {
		return graph.Internal(err)
	}
	if n > 0 {
		fmt.Fprintf(os.Stderr, "takedown store: moved %d audit entries from the database to %s in %s\n", n, dir, time.Since(t0).Round(time.Millisecond))
	}
	return nil
}

// copyAudit writes the aud bucket to the segment of entry first.
func (s *Store) copyAudit(dir string, first uint64) (int, error) {
	tmp := filepath.Join(dir, "move.tmp")
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	n := 0
	err = s.kv.view(func(tx *txn) error {
		c := tx.Bucket(bAud).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if bytes.IndexByte(v, '\n') >= 0 {
				return fmt.Errorf("audit entry %d holds a line break", binary.BigEndian.Uint64(k))
			}
			w.Write(v)
			if err := w.WriteByte('\n'); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if err == nil {
		err = f.Close()
	}
	if err == nil {
		err = os.Rename(tmp, filepath.Join(dir, segName(first)))
	}
	if err == nil {
		err = syncDir(dir)
	}
	return n, err
}

// auditLoop appends audit entries: concurrent appends are grouped into one
// write and one fdatasync (group commit), in order, each chained to the one
// before.
func (s *Store) auditLoop() {
	defer close(s.auditDone)
	var entries []*graph.AuditEntry
	for req := range s.auditCh {
		reqs := []*auditReq{req}
	drain:
		for len(reqs) < 512 {
			select {
			case r, ok := <-s.auditCh:
				if !ok {
					break drain
				}
				reqs = append(reqs, r)
			default:
				break drain
			}
		}
		err := s.auditBroken
		if err == nil {
			h := s.head
			entries = entries[:0]
			for _, r := range reqs {
				h.Seq++
				r.e.Seq = h.Seq
				graph.ChainAudit(h.Hash, &r.e)
				h.Hash = r.e.Hash
				entries = append(entries, &r.e)
			}
			if err = s.alog.append(entries); err == nil {
				s.head = h
				err = s.putAuditHead(h, false)
			}
		}
		for _, r := range reqs {
			r.done <- err
		}
	}
}

// AppendAudit appends an entry to the hash chain and returns once it is
// durable.
func (s *Store) AppendAudit(ctx context.Context, e *graph.AuditEntry) error {
	if err := graph.ValidateAudit(e); err != nil {
		return graph.Errorf(graph.EINVALID, "%v", err)
	}
	req := &auditReq{e: *e, done: make(chan error, 1)}
	s.closeMu.RLock()
	if s.closed {
		s.closeMu.RUnlock()
		return graph.Errorf(graph.EINTERNAL, "store is closed")
	}
	s.auditCh <- req
	s.closeMu.RUnlock()
	if err := <-req.done; err != nil {
		return wrap(err)
	}
	*e = req.e
	return nil
}

// AuditHead is the last entry the store recorded as appended; VerifyChain
// checks that the log reaches it.
func (s *Store) AuditHead(ctx context.Context) (uint64, string, error) {
	h, err := s.recordedAuditHead()
	return h.Seq, h.Hash, wrap(err)
}

// Audit lists entries after q.After, filtered by actor and time.
func (s *Store) Audit(ctx context.Context, q graph.AuditQuery) ([]graph.AuditEntry, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	out := []graph.AuditEntry{}
	err := s.alog.scan(q.After, func(e *graph.AuditEntry) bool {
		if q.Actor != "" && e.Actor != q.Actor || !q.Since.IsZero() && e.Time.Before(q.Since) {
			return true
		}
		out = append(out, *e)
		return len(out) < limit && ctx.Err() == nil
	})
	if err == nil {
		err = ctx.Err()
	}
	return out, wrap(err)
}

// TamperAudit overwrites one stored audit entry as given. It exists for
// tests of the chain's tamper evidence; nothing else calls it.
func (s *Store) TamperAudit(e graph.AuditEntry) error {
	return s.alog.rewrite(e.Seq, e)
}

func docBucket(tx *txn, coll graph.Collection) (*bucket, error) {
	for _, c := range graph.Collections {
		if c == coll {
			return tx.Bucket(bDoc).Bucket([]byte(coll)), nil
		}
	}
	return nil, graph.Errorf(graph.EINVALID, "unknown collection %q", coll)
}

// PutDocs writes documents atomically.
func (s *Store) PutDocs(ctx context.Context, coll graph.Collection, docs []graph.Doc) error {
	return wrap(s.kv.update(func(tx *txn) error {
		b, err := docBucket(tx, coll)
		if err != nil {
			return err
		}
		for _, d := range docs {
			if d.ID == "" {
				return graph.Errorf(graph.EINVALID, "document without id")
			}
			if err := b.Put([]byte(d.ID), d.Body); err != nil {
				return err
			}
		}
		return nil
	}))
}

// GetDoc returns one document.
func (s *Store) GetDoc(ctx context.Context, coll graph.Collection, id string) (*graph.Doc, error) {
	var d *graph.Doc
	err := s.kv.view(func(tx *txn) error {
		b, err := docBucket(tx, coll)
		if err != nil {
			return err
		}
		v := b.Get([]byte(id))
		if v == nil {
			return graph.Errorf(graph.ENOTFOUND, "%s %q not found", coll, id)
		}
		d = &graph.Doc{ID: id, Body: v}
		return nil
	})
	return d, wrap(err)
}

// ListDocs lists documents in id order after `after`.
func (s *Store) ListDocs(ctx context.Context, coll graph.Collection, after string, limit int) ([]graph.Doc, error) {
	if limit <= 0 {
		limit = DefaultLimit
	}
	out := []graph.Doc{}
	err := s.kv.view(func(tx *txn) error {
		b, err := docBucket(tx, coll)
		if err != nil {
			return err
		}
		c := b.Cursor()
		k, v := c.Seek([]byte(after))
		if after != "" && string(k) == after {
			k, v = c.Next()
		}
		for ; k != nil && len(out) < limit; k, v = c.Next() {
			out = append(out, graph.Doc{ID: string(k), Body: append(json.RawMessage(nil), v...)})
		}
		return nil
	})
	return out, wrap(err)
}

// DeleteDocs removes documents.
func (s *Store) DeleteDocs(ctx context.Context, coll graph.Collection, ids []string) error {
	return wrap(s.kv.update(func(tx *txn) error {
		b, err := docBucket(tx, coll)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if err := b.Delete([]byte(id)); err != nil {
				return err
			}
		}
		return nil
	}))
}

var _ = binary.BigEndian
