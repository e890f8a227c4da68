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

// Steps expands accounts by one step of evidence, following the rules of
// the graph package's documentation exactly as the embedded store does:
// direct links, shared identifiers on the account or in its posts,
// reposts, replies and mentions both ways, co-admins and members of pages
// (co-members only of pages within the member limit), and identifiers and
// pages with more links than the hub limit reported, not expanded.
//
// Three queries in one read transaction: queries/steps.cypher gives the
// direct and post steps as rows; steps_identifiers and steps_pages give
// one row per identifier or page with the accounts that reached it and
// its users, so that each is expanded once however many of the accounts
// share it, and the pairs are made here.
func (s *Store) Steps(ctx context.Context, from []string, opt graph.StepOptions) (*graph.StepSet, error) {
	hubLimit := opt.HubLimit
	if hubLimit <= 0 {
		hubLimit = graph.DefaultHubLimit
	}
	memberLimit := opt.MemberLimit
	if memberLimit <= 0 {
		memberLimit = graph.DefaultMemberLimit
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
	params := map[string]any{"ids": ids, "hub_limit": hubLimit}
	_, err := s.read(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		b := stepBuilder{set: &graph.StepSet{}, dedup: map[stepKey]bool{}, hubs: map[string]bool{}}
		unknown := map[string]bool{}
		checked := false
		err := each(ctx, tx, queries.Get(queries.Steps), params, func(r *neo4j.Record) error {
			if !checked {
				if !slices.Equal(r.Keys, stepColumns) {
					return fmt.Errorf("steps query returns %v, want %v", r.Keys, stepColumns)
				}
				checked = true
			}
			v := r.Values
			if str(v[5]) == "unknown" {
				unknown[str(v[0])] = true
				return nil
			}
			b.add(graph.Step{From: str(v[0]), To: str(v[1]), Evidence: graph.Evidence(str(v[5])), Via: str(v[6]),
				ViaLabel: str(v[7]), Reverse: v[8] == true, ToPlatform: str(v[2]), ToHandle: str(v[3]), ToStatus: graph.Status(str(v[4]))})
			return nil
		})
		if err != nil {
			return nil, err
		}
		err = each(ctx, tx, queries.Get(queries.StepsIdentifiers), params, func(r *neo4j.Record) error {
			get := func(k string) any { x, _ := r.Get(k); return x }
			via, label, deg := str(get("via")), str(get("label")), int(i64(get("deg")))
			users, ok := get("users").([]any)
			if !ok {
				b.hub(graph.Hub{ID: via, Label: label, Degree: deg})
				return nil
			}
			ev := graph.SharedEvidence(graph.IdentKind(str(get("kind"))))
			accounts, _ := get("accounts").([]any)
			for _, a := range accounts {
				for _, u := range users {
					m, _ := u.(map[string]any)
					b.add(graph.Step{From: str(a), To: str(m["id"]), Evidence: ev, Via: via, ViaLabel: label,
						ToPlatform: str(m["platform"]), ToHandle: str(m["handle"]), ToStatus: graph.Status(str(m["status"]))})
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		err = each(ctx, tx, queries.Get(queries.StepsPages), params, func(r *neo4j.Record) error {
			get := func(k string) any { x, _ := r.Get(k); return x }
			via, label, deg := str(get("via")), str(get("label")), int(i64(get("deg")))
			members, ok := get("members").([]any)
			if !ok {
				b.hub(graph.Hub{ID: via, Label: label, Degree: deg})
				return nil
			}
			roles, _ := get("roles").([]any)
			for _, ro := range roles {
				role, _ := ro.(map[string]any)
				admin := role["admin"] == true
				for _, mb := range members {
					m, _ := mb.(map[string]any)
					other := m["admin"] == true
					st := graph.Step{From: str(role["id"]), To: str(m["id"]), Via: via, ViaLabel: label,
						ToPlatform: str(m["platform"]), ToHandle: str(m["handle"]), ToStatus: graph.Status(str(m["status"]))}
					switch {
					case admin && other:
						st.Evidence = graph.EvCoAdmin
					case admin:
						st.Evidence = graph.EvPageMember
					case other:
						st.Evidence, st.Reverse = graph.EvPageMember, true
					case deg > memberLimit:
						continue // members of a large page are not tied to each other
					default:
						st.Evidence = graph.EvCoMember
					}
					b.add(st)
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			if unknown[id] {
				b.set.Unknown = append(b.set.Unknown, id)
			}
		}
		*set = *b.set
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

type stepKey struct {
	from, to string
	ev       graph.Evidence
	via      string
	reverse  bool
}

// stepBuilder keeps each step and each hub once.
type stepBuilder struct {
	set   *graph.StepSet
	dedup map[stepKey]bool
	hubs  map[string]bool
}

func (b *stepBuilder) add(st graph.Step) {
	if st.To == st.From || st.To == "" {
		return
	}
	if st.ToStatus == "" {
		st.ToStatus = graph.StatusUnknown
	}
	k := stepKey{st.From, st.To, st.Evidence, st.Via, st.Reverse}
	if b.dedup[k] {
		return
	}
	b.dedup[k] = true
	b.set.Steps = append(b.set.Steps, st)
}

func (b *stepBuilder) hub(h graph.Hub) {
	if !b.hubs[h.ID] {
		b.hubs[h.ID] = true
		b.set.Hubs = append(b.set.Hubs, h)
	}
}

// stepColumns are the columns of the steps query, read by position.
var stepColumns = []string{"from", "to", "platform", "handle", "status", "ev", "via", "via_label", "rev"}

func boolCmp(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}
