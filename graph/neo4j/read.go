package neo4j

import (
	"cmp"
	"context"
	"encoding/base64"
	"fmt"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/graph/ident"
	"github.com/takedown/takedown/queries"
)

// Page sizes.
const (
	DefaultLimit   = 50
	MaxLimit       = 1000
	maxPostsInView = 50
)

func clampLimit(n int) int {
	if n <= 0 {
		return DefaultLimit
	}
	return min(n, MaxLimit)
}

func recordEntity(r *neo4j.Record, key string) (*graph.Entity, error) {
	raw, _ := r.Get(key)
	m, ok := raw.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("column %s is not an entity", key)
	}
	return decodeEntity(m)
}

// Entity returns one entity with its identifiers, link counts and, for an
// account, its latest posts.
func (s *Store) Entity(ctx context.Context, id string) (*graph.EntityView, error) {
	v, err := s.read(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		v := &graph.EntityView{LinkCounts: map[graph.LinkKind]graph.LinkCounts{}, Identifiers: []graph.IdentifierUse{}}
		p := map[string]any{"id": id}
		found := false
		err := each(ctx, tx, queries.Get(queries.EntityGet), p, func(r *neo4j.Record) error {
			e, err := recordEntity(r, "e")
			if err != nil {
				return err
			}
			v.Entity, found = *e, true
			return nil
		})
		if err != nil {
			return nil, err
		}
		if !found {
			return nil, graph.Errorf(graph.ENOTFOUND, "%q not found", id)
		}
		err = each(ctx, tx, queries.Get(queries.EntityLinkCounts), p, func(r *neo4j.Record) error {
			t, _ := r.Get("type")
			out, _ := r.Get("out")
			n, _ := r.Get("links")
			kind, ok := queries.LinkKind(str(t))
			if !ok {
				return nil
			}
			lc := v.LinkCounts[kind]
			if out == true {
				lc.Out += int(i64(n))
			} else {
				lc.In += int(i64(n))
			}
			v.LinkCounts[kind] = lc
			return nil
		})
		if err != nil {
			return nil, err
		}
		type use struct {
			graph.IdentifierUse
			key string
		}
		var direct, viaPost []use
		err = each(ctx, tx, queries.Get(queries.EntityIdentifiers), p, func(r *neo4j.Record) error {
			get := func(k string) any { x, _ := r.Get(k); return x }
			u := use{key: str(get("key")), IdentifierUse: graph.IdentifierUse{
				Identifier: graph.Identifier{Kind: graph.IdentKind(str(get("kind"))), Value: str(get("value")),
					Valid: get("valid") == true, Reason: str(get("reason"))},
				Via: str(get("via")),
			}}
			if u.Via == "" {
				u.Seen = strs(get("seen"))
				direct = append(direct, u)
			} else {
				u.Seen = []string{"post " + u.Via}
				viaPost = append(viaPost, u)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		// On the entity itself first, then in its posts, each once.
		slices.SortFunc(direct, func(a, b use) int { return cmp.Compare(a.key, b.key) })
		slices.SortFunc(viaPost, func(a, b use) int { return cmp.Or(cmp.Compare(a.Via, b.Via), cmp.Compare(a.key, b.key)) })
		at := map[string]int{}
		for _, u := range append(direct, viaPost...) {
			if j, dup := at[u.key]; dup {
				v.Identifiers[j].Seen = graph.Union(v.Identifiers[j].Seen, u.Seen)
				continue
			}
			at[u.key] = len(v.Identifiers)
			u.Seen = graph.Union(nil, u.Seen)
			v.Identifiers = append(v.Identifiers, u.IdentifierUse)
		}
		err = each(ctx, tx, queries.Get(queries.EntityPosts), map[string]any{"id": id, "limit": maxPostsInView}, func(r *neo4j.Record) error {
			e, err := recordEntity(r, "e")
			if err != nil {
				return err
			}
			v.Posts = append(v.Posts, *e)
			return nil
		})
		return v, err
	})
	if err != nil {
		return nil, err
	}
	return v.(*graph.EntityView), nil
}

// SearchAccounts searches by handle or name prefix (through the
// account_search full-text index), platform, status or identifier.
// Results are in a stable order (first matching token then id, or id) and
// the cursor is the last key returned, so pages do not shift while data is
// added.
func (s *Store) SearchAccounts(ctx context.Context, q graph.AccountQuery) (*graph.AccountPage, error) {
	limit := clampLimit(q.Limit)
	var after []byte
	if q.Cursor != "" {
		c, err := base64.RawURLEncoding.DecodeString(q.Cursor)
		if err != nil {
			return nil, graph.Errorf(graph.EINVALID, "invalid cursor")
		}
		after = c
	}
	words := strings.Fields(strings.ToLower(strings.TrimSpace(q.Q)))
	if words == nil {
		words = []string{}
	}
	params := map[string]any{"platform": q.Platform, "status": string(q.Status), "limit": limit + 1, "words": words}
	var stmt string
	withToken := false
	switch {
	case q.Identifier != "":
		var keys []string
		for _, c := range ident.Candidates(q.Identifier, q.Region) {
			keys = append(keys, string(c.Kind)+":"+c.Value)
		}
		if len(keys) == 0 {
			return &graph.AccountPage{Items: []graph.Entity{}}, nil
		}
		stmt = queries.Get(queries.SearchIdentifier)
		params["keys"] = keys
		params["after"] = string(after)
	case len(words) > 0:
		stmt = queries.Get(queries.SearchTokens)
		withToken = true
		params["lucene"] = luceneAllPrefixes(words)
		tok, id, _ := strings.Cut(string(after), "\x00")
		params["after_token"], params["after_id"] = tok, id
	default:
		stmt = queries.Get(queries.SearchAll)
		params["after"] = string(after)
	}
	v, err := s.read(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		page := &graph.AccountPage{Items: []graph.Entity{}}
		var keys []string
		err := each(ctx, tx, stmt, params, func(r *neo4j.Record) error {
			e, err := recordEntity(r, "e")
			if err != nil {
				return err
			}
			key := e.ID
			if withToken {
				t, _ := r.Get("tok")
				key = str(t) + "\x00" + e.ID
			}
			page.Items = append(page.Items, *e)
			keys = append(keys, key)
			return nil
		})
		if err != nil {
			return nil, err
		}
		if len(page.Items) > limit {
			page.Items = page.Items[:limit]
			page.Next = base64.RawURLEncoding.EncodeToString([]byte(keys[limit-1]))
		}
		return page, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*graph.AccountPage), nil
}

// SearchText is a free-text search over handles, names, bios and post
// texts through the entity_text full-text index. q is a Lucene query; the
// best matches come first.
func (s *Store) SearchText(ctx context.Context, q string, limit int) ([]graph.Entity, error) {
	limit = clampLimit(limit)
	v, err := s.read(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		out := []graph.Entity{}
		err := each(ctx, tx, queries.Get(queries.SearchText), map[string]any{"q": q, "limit": limit}, func(r *neo4j.Record) error {
			e, err := recordEntity(r, "e")
			if err != nil {
				return err
			}
			out = append(out, *e)
			return nil
		})
		return out, err
	})
	if err != nil {
		return nil, err
	}
	return v.([]graph.Entity), nil
}

// Identifier returns the entities that use an identifier.
func (s *Store) Identifier(ctx context.Context, kind graph.IdentKind, value string) (*graph.IdentifierView, error) {
	key := string(kind) + ":" + value
	v, err := s.read(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		var v *graph.IdentifierView
		err := each(ctx, tx, queries.Get(queries.IdentifierGet), map[string]any{"key": key}, func(r *neo4j.Record) error {
			get := func(k string) any { x, _ := r.Get(k); return x }
			v = &graph.IdentifierView{Users: []graph.IdentifierUser{},
				Identifier: graph.Identifier{Kind: graph.IdentKind(str(get("kind"))), Value: str(get("value")),
					Valid: get("valid") == true, Reason: str(get("reason"))}}
			users, _ := get("users").([]any)
			for _, u := range users {
				m, _ := u.(map[string]any)
				iu := graph.IdentifierUser{ID: str(m["id"]), Kind: graph.NodeKind(str(m["kind"])), Platform: str(m["platform"]),
					Status: graph.Status(str(m["status"])), Seen: graph.Union(nil, strs(m["seen"]))}
				if iu.Kind == graph.KindAccount || iu.Kind == graph.KindPage {
					iu.Handle = str(m["handle"])
				}
				if iu.Status == "" {
					iu.Status = graph.StatusUnknown
				}
				v.Users = append(v.Users, iu)
			}
			slices.SortFunc(v.Users, func(a, b graph.IdentifierUser) int { return cmp.Compare(a.ID, b.ID) })
			return nil
		})
		if err != nil {
			return nil, err
		}
		if v == nil {
			return nil, graph.Errorf(graph.ENOTFOUND, "no entity uses %s %s", kind, value)
		}
		return v, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*graph.IdentifierView), nil
}

// Stats returns the counts kept on the counter node.
func (s *Store) Stats(ctx context.Context) (*graph.Stats, error) {
	v, err := s.read(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, queries.Get(queries.Stats), map[string]any{"meta": metaID})
		if err != nil {
			return nil, err
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return nil, fmt.Errorf("counter node: %w", err)
		}
		m, err := decodeMeta(rec)
		if err != nil {
			return nil, err
		}
		st := m.Stats
		st.Version = m.Version
		return &st, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*graph.Stats), nil
}
