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
var exportColumns = []string{"from", "to", "weight", "count", "first_at", "last_at", "sources", "seen"}

// Export streams every entity, then every link (one relationship type
// after the other, in the order of graph.LinkKinds), in one read
// transaction, pulling Config.FetchSize records at a time: only the
// identifiers are held, to hand each uses link its identifier. An Export
// that fails after it has called entity or link is not retried, so no
// record is given twice.
func (s *Store) Export(ctx context.Context, entity func(*graph.Entity) error, link func(*graph.LinkState, *graph.Identifier) error) error {
	sess := s.session(ctx, neo4j.AccessModeRead, s.cfg.FetchSize)
	defer sess.Close(context.Background())
	emitted := 0
	_, err := sess.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		if emitted > 0 {
			return nil, fmt.Errorf("export interrupted after %d records", emitted)
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
		idents := map[string]*graph.Identifier{}
		err := each(ctx, tx, queries.Get(queries.ExportIdents), nil, func(r *neo4j.Record) error {
			v := r.Values
			idents[str(v[0])] = &graph.Identifier{Kind: graph.IdentKind(str(v[1])), Value: str(v[2]), Valid: v[3] == true, Reason: str(v[4])}
			return nil
		})
		if err != nil {
			return nil, err
		}
		for _, kind := range graph.LinkKinds {
			q, _ := queries.ForLink(queries.ExportLinks, kind)
			checked := false
			err := each(ctx, tx, q, nil, func(r *neo4j.Record) error {
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
				st := graph.LinkState{Kind: kind, From: str(v[0]), To: str(v[1]), Weight: f64(v[2]), Count: int(i64(v[3])),
					FirstAt: tm(v[4]), LastAt: tm(v[5]), Sources: strs(v[6]), Seen: strs(v[7])}
				var id *graph.Identifier
				if kind == graph.LinkUses {
					if id = idents[st.To]; id == nil {
						return nil // a uses link always ends at an identifier
					}
					c := *id
					id = &c
				}
				emitted++
				return link(&st, id)
			})
			if err != nil {
				return nil, err
			}
		}
		return nil, nil
	})
	return wrap(err)
}
