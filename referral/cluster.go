package referral

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/networks"
	"github.com/takedown/takedown/rank"
)

// LoadCluster reads a network's document from graph.CollClusters.
func LoadCluster(ctx context.Context, docs graph.DocStore, id string) (*networks.Cluster, error) {
	if id == "" {
		return nil, graph.Errorf(graph.EINVALID, "a network id is required")
	}
	var c networks.Cluster
	if err := getJSON(ctx, docs, graph.CollClusters, id, &c); err != nil {
		if graph.ErrorCode(err) == graph.ENOTFOUND {
			return nil, graph.Errorf(graph.ENOTFOUND, "network %q not found", id)
		}
		return nil, err
	}
	if c.ID == "" {
		c.ID = id
	}
	return &c, nil
}

// network is a cluster document with the current records of its members.
type network struct {
	c *networks.Cluster
	// views holds the members found in the store (accounts with their
	// latest posts, pages), by id.
	views map[string]*graph.EntityView
	// node maps a member to the node of the cluster graph that stands for
	// it (its same_as representative, or itself).
	node map[string]string
	// shared maps an identifier key to the members that use it.
	shared map[string][]string
	asOf   time.Time
}

// loadNetwork reads the members of c from the store, a few at a time.
func loadNetwork(ctx context.Context, st Store, c *networks.Cluster) (*network, error) {
	n := &network{c: c, views: map[string]*graph.EntityView{}, node: map[string]string{}, shared: map[string][]string{}}
	ids := make([]string, 0, len(c.Members))
	for _, m := range c.Members {
		ids = append(ids, m.ID)
		n.node[m.ID] = m.ID
		if m.SameAs != "" {
			n.node[m.ID] = m.SameAs
		}
	}
	for _, gn := range c.Graph.Nodes {
		for _, id := range gn.Merged {
			n.node[id] = gn.ID
		}
	}
	views, err := readEntities(ctx, st, ids)
	if err != nil {
		return nil, err
	}
	n.views = views
	for _, m := range c.Members {
		v := views[m.ID]
		if v == nil {
			continue
		}
		for _, u := range v.Identifiers {
			k := u.Key()
			if !slices.Contains(n.shared[k], m.ID) {
				n.shared[k] = append(n.shared[k], m.ID)
			}
		}
	}
	n.asOf = runAsOf(ctx, st, c)
	return n, nil
}

// readEntities reads entities by id; ids the store does not know are left
// out.
func readEntities(ctx context.Context, st graph.Reader, ids []string) (map[string]*graph.EntityView, error) {
	out := make(map[string]*graph.EntityView, len(ids))
	var mu sync.Mutex
	var firstErr error
	next := make(chan string)
	var wg sync.WaitGroup
	for range min(readWorkers, max(len(ids), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range next {
				v, err := st.Entity(ctx, id)
				mu.Lock()
				switch {
				case err == nil:
					out[id] = v
				case graph.ErrorCode(err) != graph.ENOTFOUND && firstErr == nil:
					firstErr = err
				}
				mu.Unlock()
			}
		}()
	}
	for _, id := range ids {
		if ctx.Err() != nil {
			break
		}
		next <- id
	}
	close(next)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// runAsOf is the date the cluster's run measured recency from: the run's
// AsOf, else the cluster's last activity, else now.
func runAsOf(ctx context.Context, docs graph.DocStore, c *networks.Cluster) time.Time {
	if c.Run != "" {
		var run networks.Run
		if err := getJSON(ctx, docs, graph.CollRuns, c.Run, &run); err == nil && run.Summary != nil && !run.Summary.AsOf.IsZero() {
			return run.Summary.AsOf
		}
	}
	if !c.LastActivity.IsZero() {
		return c.LastActivity
	}
	return time.Now().UTC()
}

// status is a member's current status: the store's, else the document's.
func (n *network) status(m *networks.Member) graph.Status {
	if v := n.views[m.ID]; v != nil && v.Status != "" {
		return v.Status
	}
	return m.Status
}

// publicUse reports whether an identifier use was advertised: seen in a
// bio, a name or a post's text rather than only in explicit intelligence.
func publicUse(u *graph.IdentifierUse) bool {
	if u.Via != "" {
		return u.Kind != graph.IdentImageHash // a post's identifiers come from its text or media
	}
	for _, s := range u.Seen {
		switch s {
		case "bio", "name", "text":
			return true
		}
	}
	return false
}

// RankInput builds the input of rank.Score for a network from its
// document and the store: members with their current status, bio,
// followers and dates; their latest posts; the identifiers they use (hubs
// left out); and the co-admin, repost and contact pairs of the cluster
// graph. AsOf is the date the network's analysis run measured recency
// from.
func RankInput(ctx context.Context, st Store, c *networks.Cluster) (*rank.Input, error) {
	n, err := loadNetwork(ctx, st, c)
	if err != nil {
		return nil, err
	}
	return n.rankInput(ctx, st, DefaultHubLimit), nil
}

func (n *network) rankInput(ctx context.Context, st graph.Reader, hubLimit int) *rank.Input {
	c := n.c
	in := &rank.Input{ClusterID: c.ID, AsOf: n.asOf}
	var posts []rank.Post
	for i := range c.Members {
		m := &c.Members[i]
		rm := rank.Member{ID: m.ID, Kind: string(m.Kind), Platform: m.Platform, Handle: m.Handle, Name: m.Name, Status: string(n.status(m))}
		if v := n.views[m.ID]; v != nil {
			rm.Bio, rm.Followers, rm.Members, rm.CreatedAt, rm.FirstSeen = v.Bio, v.Followers, v.Members, v.CreatedAt, v.FirstSeen
			if rm.Platform == "" {
				rm.Platform = v.Platform
			}
			for _, p := range v.Posts {
				posts = append(posts, rank.Post{ID: p.ID, Author: m.ID, Platform: p.Platform, Text: p.Text, Status: string(p.Status), PostedAt: p.PostedAt})
			}
		}
		in.Members = append(in.Members, rm)
	}
	slices.SortFunc(posts, func(a, b rank.Post) int { return cmp.Or(b.PostedAt.Compare(a.PostedAt), cmp.Compare(a.ID, b.ID)) })
	posts = slices.CompactFunc(posts, func(a, b rank.Post) bool { return a.ID == b.ID })
	in.Posts = posts[:min(len(posts), maxRankPosts)]

	// Identifiers. A shared one the analysis cut as a hub is not in the
	// document's list; one used by a single member is checked in the store.
	listed := map[string]bool{}
	for _, si := range c.Identifiers {
		listed[si.Key] = true
	}
	type acc struct {
		id     graph.Identifier
		users  []string
		public bool
	}
	byKey := map[string]*acc{}
	var keys []string
	for i := range c.Members {
		v := n.views[c.Members[i].ID]
		if v == nil {
			continue
		}
		for j := range v.Identifiers {
			u := &v.Identifiers[j]
			k := u.Key()
			a := byKey[k]
			if a == nil {
				a = &acc{id: u.Identifier}
				byKey[k] = a
				keys = append(keys, k)
			}
			if !slices.Contains(a.users, v.ID) {
				a.users = append(a.users, v.ID)
			}
			a.public = a.public || publicUse(u)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		a := byKey[k]
		switch {
		case len(a.users) >= 2 && len(listed) > 0 && !listed[k]:
			continue // a hub cut by the analysis
		case len(a.users) == 1 && graph.StrongIdent(a.id.Kind) && isHub(ctx, st, a.id, hubLimit):
			continue
		}
		slices.Sort(a.users)
		in.Identifiers = append(in.Identifiers, rank.Identifier{Key: k, Kind: string(a.id.Kind), Value: a.id.Value, Users: a.users, Public: a.public})
	}

	// Pairs, from the evidence of the cluster graph's edges.
	for _, e := range c.Graph.Edges {
		for _, ev := range e.Evidence {
			switch ev {
			case graph.EvCoAdmin:
				in.CoAdminPairs++
			case graph.EvRepost:
				in.RepostPairs++
			case graph.EvContact:
				in.ContactPairs++
			}
		}
	}
	return in
}

// isHub reports whether more than limit accounts and pages use an
// identifier.
func isHub(ctx context.Context, st graph.Reader, id graph.Identifier, limit int) bool {
	v, err := st.Identifier(ctx, id.Kind, id.Value)
	if err != nil {
		return false
	}
	actors := 0
	for _, u := range v.Users {
		if u.Kind != graph.KindPost {
			actors++
		}
	}
	return actors > limit
}

// Score scores a network with the service's ranking configuration.
func (s *Service) Score(ctx context.Context, c *networks.Cluster) (rank.Result, error) {
	n, err := loadNetwork(ctx, s.st, c)
	if err != nil {
		return rank.Result{}, err
	}
	return rank.Score(n.rankInput(ctx, s.st, s.hubLimit), s.rank), nil
}

// platformOf returns the lower-case platform of a value.
func platformOf(p string) string { return strings.ToLower(strings.TrimSpace(p)) }

// Assess scores a network and decides whether it may be referred without
// an override (see Assessment).
func (s *Service) Assess(ctx context.Context, c *networks.Cluster) (Assessment, error) {
	n, err := loadNetwork(ctx, s.st, c)
	if err != nil {
		return Assessment{}, err
	}
	return assess(s.lexicon(), n.rankInput(ctx, s.st, s.hubLimit), s.rank), nil
}
