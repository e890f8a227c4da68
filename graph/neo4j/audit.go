package neo4j

import (
	"context"
	"fmt"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/queries"
)

// AppendAudit appends an entry to the hash chain. The write transaction
// first locks the :AuditHead node, so appends from several servers take
// their turn and each names the hash of the one before.
func (s *Store) AppendAudit(ctx context.Context, e *graph.AuditEntry) error {
	if err := graph.ValidateAudit(e); err != nil {
		return graph.Errorf(graph.EINVALID, "%v", err)
	}
	v, err := s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		seq, hash, err := auditHead(ctx, tx, queries.AuditLock)
		if err != nil {
			return nil, err
		}
		c := *e
		c.Seq = seq + 1
		graph.ChainAudit(hash, &c)
		entry := map[string]any{
			"seq": int64(c.Seq), "time": c.Time.UTC(), "actor": c.Actor, "role": nonEmpty(c.Role), "action": c.Action,
			"entities": listOrNil(c.Entities), "outcome": c.Outcome, "request": nonEmpty(c.Request),
			"prev_hash": c.PrevHash, "hash": c.Hash,
		}
		if err := run(ctx, tx, queries.Get(queries.AuditAppend), map[string]any{"audit": auditID, "entry": entry}); err != nil {
			return nil, err
		}
		return c, nil
	})
	if err != nil {
		return err
	}
	*e = v.(graph.AuditEntry)
	return nil
}

// Audit lists entries after q.After in order of Seq, filtered by actor and
// time.
func (s *Store) Audit(ctx context.Context, q graph.AuditQuery) ([]graph.AuditEntry, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	var since any
	if !q.Since.IsZero() {
		since = q.Since.UTC()
	}
	v, err := s.read(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		out := []graph.AuditEntry{}
		params := map[string]any{"after": int64(q.After), "actor": q.Actor, "since": since, "limit": limit}
		err := each(ctx, tx, queries.Get(queries.AuditList), params, func(r *neo4j.Record) error {
			raw, _ := r.Get("e")
			m, _ := raw.(map[string]any)
			t, _ := m["time"].(time.Time)
			out = append(out, graph.AuditEntry{Seq: uint64(i64(m["seq"])), Time: t.UTC(), Actor: str(m["actor"]),
				Role: str(m["role"]), Action: str(m["action"]), Entities: strs(m["entities"]), Outcome: str(m["outcome"]),
				Request: str(m["request"]), PrevHash: str(m["prev_hash"]), Hash: str(m["hash"])})
			return nil
		})
		return out, err
	})
	if err != nil {
		return nil, err
	}
	return v.([]graph.AuditEntry), nil
}

// AuditHead is the sequence number and hash of the last entry appended, as
// the :AuditHead node records it; VerifyChain checks that the :Audit
// entries reach it.
func (s *Store) AuditHead(ctx context.Context) (uint64, string, error) {
	v, err := s.read(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		seq, hash, err := auditHead(ctx, tx, queries.AuditHead)
		return graph.AuditEntry{Seq: seq, Hash: hash}, err
	})
	if err != nil {
		return 0, "", err
	}
	h := v.(graph.AuditEntry)
	return h.Seq, h.Hash, nil
}

// auditHead runs q (audit_head, or audit_lock, which also takes the
// head's write lock) and returns the head it reads.
func auditHead(ctx context.Context, tx neo4j.ManagedTransaction, q queries.Name) (uint64, string, error) {
	res, err := tx.Run(ctx, queries.Get(q), map[string]any{"audit": auditID})
	if err != nil {
		return 0, "", err
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return 0, "", fmt.Errorf("audit head: %w", err)
	}
	seq, _ := rec.Get("seq")
	hash, _ := rec.Get("hash")
	return uint64(i64(seq)), str(hash), nil
}
