package bolt

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"

	"github.com/takedown/takedown/graph"
)

func asErr(err error, target **graph.Error) bool { return errors.As(err, target) }

var keyAuditHead = []byte("audit_head")

type auditReq struct {
	e    graph.AuditEntry
	done chan error
}

type auditHead struct {
	Seq  uint64 `json:"seq"`
	Hash string `json:"hash"`
}

func (s *Store) loadAuditHead() error {
	return s.kv.view(func(tx *txn) error {
		if v := tx.Bucket(bMeta).Get(keyAuditHead); v != nil {
			return json.Unmarshal(v, &s.head)
		}
		return nil
	})
}

// auditLoop appends audit entries: concurrent appends are grouped into one
// fsynced batch (group commit), in order, each chained to the one before.
func (s *Store) auditLoop() {
	defer close(s.auditDone)
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
		head := s.head
		err := s.kv.update(func(tx *txn) error {
			aud := tx.Bucket(bAud)
			h := s.head
			for _, r := range reqs {
				h.Seq++
				r.e.Seq = h.Seq
				graph.ChainAudit(h.Hash, &r.e)
				h.Hash = r.e.Hash
				b, err := json.Marshal(&r.e)
				if err != nil {
					return err
				}
				if err := aud.Put(u64(r.e.Seq), b); err != nil {
					return err
				}
			}
			hb, _ := json.Marshal(h)
			head = h
			return tx.Bucket(bMeta).Put(keyAuditHead, hb)
		})
		if err == nil {
			s.head = head
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
		return graph.Internal(err)
	}
	*e = req.e
	return nil
}

// Audit lists entries after q.After, filtered by actor and time.
func (s *Store) Audit(ctx context.Context, q graph.AuditQuery) ([]graph.AuditEntry, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	out := []graph.AuditEntry{}
	err := s.kv.view(func(tx *txn) error {
		c := tx.Bucket(bAud).Cursor()
		for k, v := c.Seek(u64(q.After + 1)); k != nil && len(out) < limit; k, v = c.Next() {
			var e graph.AuditEntry
			if err := json.Unmarshal(v, &e); err != nil {
				return err
			}
			if q.Actor != "" && e.Actor != q.Actor || !q.Since.IsZero() && e.Time.Before(q.Since) {
				continue
			}
			out = append(out, e)
		}
		return nil
	})
	return out, wrap(err)
}

// TamperAudit overwrites one stored audit entry as given. It exists for
// tests of the chain's tamper evidence; nothing else calls it.
func (s *Store) TamperAudit(e graph.AuditEntry) error {
	return s.kv.update(func(tx *txn) error {
		b, _ := json.Marshal(&e)
		return tx.Bucket(bAud).Put(u64(e.Seq), b)
	})
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
