package neo4j

import (
	"context"
	"fmt"
	"slices"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/queries"
)

// exportColumns are the columns of the export_links query, read by
// position.
var exportColumns = []string{"type", "from", "to", "weight", "count", "first_at", "last_at", "sources", "seen",
	"ident_kind", "ident_value", "ident_valid", "ident_reason"}

// Export streams every entity, then every link, in one read transaction,
// pulling Config.FetchSize records at a time: the graph is never held in
// memory. An Export that fails after it has called entity or link is not
// retried, so no record is given twice.
func (s *Store) Export(ctx context.Context, entity func(*graph.Entity) error, link func(*graph.LinkState, *graph.Identifier) error) error {
	sess := s.session(ctx, neo4j.AccessModeRead, s.cfg.FetchSize)
	defer sess.Close(context.Background())
	emitted := 0
	_, err := sess.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		if emitted > 0 {
			return nil, graph.Internal(fmt.Errorf("export interrupted after %d records", emitted))
		}
		if entity != nil {
			err := each(ctx, tx, queries.Get(queries.ExportEntities), nil, func(r *neo4j.Record) error {
				e, err := recordEntity(r, "e")
				if err != nil {
					return err
				}
				emitted++
				return entity(e)
			})
			if err != nil {
				return nil, err
			}
		}
		if link == nil {
			return nil, nil
		}
		checked := false
		err := each(ctx, tx, queries.Get(queries.ExportLinks), nil, func(r *neo4j.Record) error {
			if !checked {
				if !slices.Equal(r.Keys, exportColumns) {
					return fmt.Errorf("export query returns %v, want %v", r.Keys, exportColumns)
				}
				checked = true
			}
			if emitted%10000 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			v := r.Values
			kind, ok := queries.LinkKind(str(v[0]))
			if !ok {
				return nil
			}
			st := graph.LinkState{Kind: kind, From: str(v[1]), To: str(v[2]), Weight: f64(v[3]), Count: int(i64(v[4])),
				FirstAt: tm(v[5]), LastAt: tm(v[6]), Sources: strs(v[7]), Seen: strs(v[8])}
			var id *graph.Identifier
			if kind == graph.LinkUses {
				id = &graph.Identifier{Kind: graph.IdentKind(str(v[9])), Value: str(v[10]), Valid: v[11] == true, Reason: str(v[12])}
			}
			emitted++
			return link(&st, id)
		})
		return nil, err
	})
	return wrap(err)
}
