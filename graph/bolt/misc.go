package bolt

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"

	bbolt "go.etcd.io/bbolt"

	"github.com/takedown/takedown/graph"
)

func asErr(err error, target **graph.Error) bool { return errors.As(err, target) }

var keyAuditHead = []byte("audit_head")

// AppendAudit appends an entry to the hash chain. Concurrent appends are
// grouped into one fsynced transaction.
func (s *Store) AppendAudit(ctx context.Context, e *graph.AuditEntry) error {
	if err := graph.ValidateAudit(e); err != nil {
		return graph.Errorf(graph.EINVALID, "%v", err)
	}
	entry := *e
	err := s.db.Batch(func(tx *bbolt.Tx) error {
		aud, mb := tx.Bucket(bAud), tx.Bucket(bMeta)
		c := entry
		seq, err := aud.NextSequence()
		if err != nil {
			return err
		}
		c.Seq = seq
		graph.ChainAudit(string(mb.Get(keyAuditHead)), &c)
		b, err := json.Marshal(&c)
		if err != nil {
			return err
		}
		if err := aud.Put(u64(seq), b); err != nil {
			return err
		}
		if err := mb.Put(keyAuditHead, []byte(c.Hash)); err != nil {
			return err
		}
		entry = c
		return nil
	})
	if err != nil {
		return graph.Internal(err)
	}
	*e = entry
	return nil
}

// Audit lists entries after q.After, filtered by actor and time.
func (s *Store) Audit(ctx context.Context, q graph.AuditQuery) ([]graph.AuditEntry, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	out := []graph.AuditEntry{}
	err := s.db.View(func(tx *bbolt.Tx) error {
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
	return s.db.Update(func(tx *bbolt.Tx) error {
		b, _ := json.Marshal(&e)
		return tx.Bucket(bAud).Put(u64(e.Seq), b)
	})
}

func docBucket(tx *bbolt.Tx, coll graph.Collection) (*bbolt.Bucket, error) {
	b := tx.Bucket(bDoc).Bucket([]byte(coll))
	if b == nil {
		return nil, graph.Errorf(graph.EINVALID, "unknown collection %q", coll)
	}
	return b, nil
}

// PutDocs writes documents atomically.
func (s *Store) PutDocs(ctx context.Context, coll graph.Collection, docs []graph.Doc) error {
	return wrap(s.db.Update(func(tx *bbolt.Tx) error {
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
	err := s.db.View(func(tx *bbolt.Tx) error {
		b, err := docBucket(tx, coll)
		if err != nil {
			return err
		}
		v := b.Get([]byte(id))
		if v == nil {
			return graph.Errorf(graph.ENOTFOUND, "%s %q not found", coll, id)
		}
		d = &graph.Doc{ID: id, Body: append(json.RawMessage(nil), v...)}
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
	err := s.db.View(func(tx *bbolt.Tx) error {
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
	return wrap(s.db.Update(func(tx *bbolt.Tx) error {
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
