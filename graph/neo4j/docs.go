package neo4j

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/queries"
)

// Documents are :Doc nodes with coll, id and body (the JSON text), unique
// by (coll, id).

func checkColl(coll graph.Collection) error {
	if !slices.Contains(graph.Collections, coll) {
		return graph.Errorf(graph.EINVALID, "unknown collection %q", coll)
	}
	return nil
}

// PutDocs writes documents atomically, replacing any with the same id.
func (s *Store) PutDocs(ctx context.Context, coll graph.Collection, docs []graph.Doc) error {
	if err := checkColl(coll); err != nil {
		return err
	}
	rows := make([]map[string]any, len(docs))
	for i, d := range docs {
		if d.ID == "" {
			return graph.Errorf(graph.EINVALID, "document without id")
		}
		rows[i] = map[string]any{"id": d.ID, "body": string(d.Body)}
	}
	if len(rows) == 0 {
		return nil
	}
	_, err := s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		return nil, chunks(rows, s.cfg.BatchRows, func(part []map[string]any) error {
			return run(ctx, tx, queries.Get(queries.DocsPut), map[string]any{"coll": string(coll), "docs": part})
		})
	})
	return err
}

// GetDoc returns one document, ENOTFOUND if absent.
func (s *Store) GetDoc(ctx context.Context, coll graph.Collection, id string) (*graph.Doc, error) {
	if err := checkColl(coll); err != nil {
		return nil, err
	}
	v, err := s.read(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		var d *graph.Doc
		err := each(ctx, tx, queries.Get(queries.DocsGet), map[string]any{"coll": string(coll), "id": id}, func(r *neo4j.Record) error {
			b, _ := r.Get("body")
			d = &graph.Doc{ID: id, Body: json.RawMessage(str(b))}
			return nil
		})
		if err == nil && d == nil {
			err = graph.Errorf(graph.ENOTFOUND, "%s %q not found", coll, id)
		}
		return d, err
	})
	if err != nil {
		return nil, err
	}
	return v.(*graph.Doc), nil
}

// ListDocs lists documents in id order after the id `after`.
func (s *Store) ListDocs(ctx context.Context, coll graph.Collection, after string, limit int) ([]graph.Doc, error) {
	if err := checkColl(coll); err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = DefaultLimit
	}
	v, err := s.read(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		out := []graph.Doc{}
		err := each(ctx, tx, queries.Get(queries.DocsList), map[string]any{"coll": string(coll), "after": after, "limit": limit}, func(r *neo4j.Record) error {
			id, _ := r.Get("id")
			b, _ := r.Get("body")
			out = append(out, graph.Doc{ID: str(id), Body: json.RawMessage(str(b))})
			return nil
		})
		return out, err
	})
	if err != nil {
		return nil, err
	}
	return v.([]graph.Doc), nil
}

// DeleteDocs removes documents; absent ids are ignored.
func (s *Store) DeleteDocs(ctx context.Context, coll graph.Collection, ids []string) error {
	if err := checkColl(coll); err != nil {
		return err
	}
	if len(ids) == 0 {
		return nil
	}
	_, err := s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		return nil, chunks(ids, s.cfg.BatchRows, func(part []string) error {
			return run(ctx, tx, queries.Get(queries.DocsDelete), map[string]any{"coll": string(coll), "ids": part})
		})
	})
	return err
}
