package neo4j

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/queries"
)

// Steps expands accounts by one step of evidence with one Cypher query
// (queries/steps.cypher), following the rules of the graph package's
// documentation exactly as the embedded store does: direct links, shared
// identifiers on the account or in its posts, reposts, replies and
// mentions both ways, co-admins and members of pages, and identifiers and
// pages with more links than the hub limit reported, not expanded.
func (s *Store) Steps(ctx context.Context, from []string, opt graph.StepOptions) (*graph.StepSet, error) {
	hubLimit := opt.HubLimit
	if hubLimit <= 0 {
		hubLimit = graph.DefaultHubLimit
	}
	ids := make([]string, 0, len(from))
	seenID := map[string]bool{}
	for _, id := range from {
		if !seenID[id] {
			seenID[id] = true
			ids = append(ids, id)
		}
	}
	set := &graph.StepSet{}
	if len(ids) == 0 {
		return set, nil
	}
	type stepKey struct {
		from, to string
		ev       graph.Evidence
		via      string
		reverse  bool
	}
	_, err := s.read(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		*set = graph.StepSet{}
		dedup := map[stepKey]bool{}
		hubs := map[string]bool{}
		unknown := map[string]bool{}
		checked := false
		err := each(ctx, tx, queries.Get(queries.Steps), map[string]any{"ids": ids, "hub_limit": hubLimit}, func(r *neo4j.Record) error {
			if !checked {
				if !slices.Equal(r.Keys, stepColumns) {
					return fmt.Errorf("steps query returns %v, want %v", r.Keys, stepColumns)
				}
				checked = true
			}
			v := r.Values
			fromID, ev := str(v[0]), graph.Evidence(str(v[5]))
			switch ev {
			case "unknown":
				unknown[fromID] = true
				return nil
			case "hub":
				via := str(v[6])
				if !hubs[via] {
					hubs[via] = true
					set.Hubs = append(set.Hubs, graph.Hub{ID: via, Label: str(v[7]), Degree: int(i64(v[9]))})
				}
				return nil
			}
			st := graph.Step{From: fromID, To: str(v[1]), Evidence: ev, Via: str(v[6]), ViaLabel: str(v[7]), Reverse: v[8] == true,
				ToPlatform: str(v[2]), ToHandle: str(v[3]), ToStatus: graph.Status(str(v[4]))}
			if st.ToStatus == "" {
				st.ToStatus = graph.StatusUnknown
			}
			k := stepKey{st.From, st.To, st.Evidence, st.Via, st.Reverse}
			if dedup[k] {
				return nil
			}
			dedup[k] = true
			set.Steps = append(set.Steps, st)
			return nil
		})
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			if unknown[id] {
				set.Unknown = append(set.Unknown, id)
			}
		}
		return nil, nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(set.Steps, func(a, b graph.Step) int {
		return cmp.Or(cmp.Compare(a.From, b.From), cmp.Compare(a.To, b.To), cmp.Compare(a.Evidence, b.Evidence),
			cmp.Compare(a.Via, b.Via), boolCmp(a.Reverse, b.Reverse))
	})
	slices.SortFunc(set.Hubs, func(a, b graph.Hub) int { return cmp.Or(cmp.Compare(b.Degree, a.Degree), cmp.Compare(a.ID, b.ID)) })
	return set, nil
}

// stepColumns are the columns of the steps query, read by position.
var stepColumns = []string{"from", "to", "platform", "handle", "status", "ev", "via", "via_label", "rev", "deg"}

func boolCmp(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}
