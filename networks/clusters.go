package networks

import (
	"bytes"
	"cmp"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/takedown/takedown/graph"
)

func itoa(n int) string { return strconv.Itoa(n) }
func ftoa(f float64) string {
	return strconv.FormatFloat(f, 'f', 2, 64)
}

// round4 rounds to 4 decimals, for compact documents.
func round4(f float64) float64 { return math.Round(f*1e4) / 1e4 }

// describer turns detected clusters into documents and scorer inputs. It
// holds the indexes built once for all clusters.
type describer struct {
	p    *projection
	d    *detection
	kp   []centrality
	cfg  *Config
	asOf time.Time

	actorPostStart []int32 // actor → its posts, newest first
	actorPosts     []int32
	// Member pairs per cluster.
	coAdmin, reposts, contacts [][][2]int32
}

func newDescriber(p *projection, d *detection, kp []centrality, cfg *Config) *describer {
	r := p.r
	ds := &describer{p: p, d: d, kp: kp, cfg: cfg}
	ds.asOf = cfg.Ranking.AsOf
	if ds.asOf.IsZero() && r.latest > 0 {
		ds.asOf = time.Unix(r.latest, 0).UTC()
	}
	na := len(r.actors)
	ds.actorPostStart = make([]int32, na+1)
	for post, a := range r.postActor {
		if a >= 0 {
			ds.actorPostStart[a+1]++
			if t := r.postAt[post]; t > r.actors[a].lastPost {
				r.actors[a].lastPost = t
			}
		}
	}
	for a := 1; a <= na; a++ {
		ds.actorPostStart[a] += ds.actorPostStart[a-1]
	}
	pos := slices.Clone(ds.actorPostStart[:na])
	ds.actorPosts = make([]int32, ds.actorPostStart[na])
	for post, a := range r.postActor {
		if a >= 0 {
			ds.actorPosts[pos[a]] = int32(post)
			pos[a]++
		}
	}
	nc := len(d.clusters)
	ds.coAdmin = make([][][2]int32, nc)
	ds.reposts = make([][][2]int32, nc)
	ds.contacts = make([][][2]int32, nc)
	within := func(a, b int32) int32 {
		x := d.clusterOf[p.nodeOf[a]]
		if x >= 0 && x == d.clusterOf[p.nodeOf[b]] {
			return x
		}
		return -1
	}
	for _, s := range r.repostSrc {
		if x := within(s[0], s[1]); x >= 0 {
			ds.reposts[x] = append(ds.reposts[x], s)
		}
	}
	for _, s := range r.contactSrc {
		if x := within(s[0], s[1]); x >= 0 {
			ds.contacts[x] = append(ds.contacts[x], s)
		}
	}
	// Admins per page, paired.
	admins := make([]pageRaw, 0)
	for _, pr := range r.pageRel {
		if pr.ev == evAdminOf {
			admins = append(admins, pr)
		}
	}
	slices.SortFunc(admins, func(a, b pageRaw) int {
		if c := cmp.Compare(a.page, b.page); c != 0 {
			return c
		}
		return cmp.Compare(a.actor, b.actor)
	})
	for i := 0; i < len(admins); {
		j := i + 1
		for j < len(admins) && admins[j].page == admins[i].page {
			j++
		}
		if j-i <= cfg.HubCut {
			for a := i; a < j; a++ {
				for b := a + 1; b < j; b++ {
					if admins[a].actor == admins[b].actor {
						continue
					}
					if x := within(admins[a].actor, admins[b].actor); x >= 0 {
						ds.coAdmin[x] = append(ds.coAdmin[x], [2]int32{admins[a].actor, admins[b].actor})
					}
				}
			}
		}
		i = j
	}
	return ds
}

// built is one cluster's document and scorer input.
type built struct {
	doc   *Cluster
	in    *ClusterInput
	score float64
	first string // smallest member id, for ordering ties
	ids   []string
}

// describeAll builds and scores every cluster, spread over the cores.
// ids[x] is the id of cluster x.
func (ds *describer) describeAll(sc Scorer, ids []string, progress func(float64)) []built {
	nc := len(ds.d.clusters)
	out := make([]built, nc)
	workers := min(runtime.GOMAXPROCS(0), 2)
	var next, done atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				x := int(next.Add(1) - 1)
				if x >= nc {
					return
				}
				b := ds.describe(x)
				b.doc.ID, b.in.ID = ids[x], ids[x]
				s, tier, expl, ev := sc.Score(b.in)
				if math.IsNaN(s) || math.IsInf(s, 0) {
					s = 0
				}
				b.score = s
				b.doc.Score, b.doc.Tier, b.doc.Explanation, b.doc.Evidence = s, tier, expl, ev
				b.in = nil // not kept once scored
				out[x] = b
				if n := done.Add(1); progress != nil && n%256 == 0 {
					progress(float64(n) / float64(nc))
				}
			}
		}()
	}
	wg.Wait()
	return out
}

func (ds *describer) describe(x int) built {
	p, d, r := ds.p, ds.d, ds.p.r
	nodes := d.clusters[x]
	cent := &ds.kp[x]
	nl := len(cent.nodes)
	local := make(map[int32]int32, nl)
	for i, v := range cent.nodes {
		local[v] = int32(i)
	}
	// Roles: the Count highest PageRank nodes are key players; other
	// articulation points are bridges.
	byPR := make([]int32, nl)
	for i := range byPR {
		byPR[i] = int32(i)
	}
	slices.SortStableFunc(byPR, func(a, b int32) int { return cmp.Compare(cent.pagerank[b], cent.pagerank[a]) })
	role := make([]string, nl)
	for i := range role {
		role[i] = RoleMember
	}
	nk := min(ds.cfg.KeyPlayers.Count, nl)
	if nl < 3 {
		nk = 0 // in a pair or a single merged node nobody stands out
	}
	for _, i := range byPR[:nk] {
		role[i] = RoleKeyPlayer
	}
	var bridges []int32
	for i := range nl {
		if cent.articulation[i] && role[i] != RoleKeyPlayer {
			role[i] = RoleBridge
			bridges = append(bridges, int32(i))
		}
	}
	slices.SortStableFunc(bridges, func(a, b int32) int { return cmp.Compare(cent.betweenness[b], cent.betweenness[a]) })

	doc := &Cluster{Size: d.size[x], Signal: round4(d.signal[x]), EvidenceCount: map[graph.Evidence]int{}, BetweennessSampled: cent.sampled}
	for e, n := range d.evCount[x] {
		if n > 0 {
			doc.EvidenceCount[evidence(e).name()] = n
		}
	}
	in := &ClusterInput{Size: d.size[x], Signal: d.signal[x], EvidenceCount: doc.EvidenceCount, AsOf: ds.asOf}
	plats := map[string]bool{}
	var ids []string
	var memberActors []int32
	for _, v := range nodes {
		li := local[v]
		rep := p.representative(v)
		gn := GraphNode{ID: rep, Role: role[li], PageRank: round4(cent.pagerank[li])}
		for k, a := range p.actorsOf(v) {
			ac := &r.actors[a]
			id := r.actorName(a)
			ids = append(ids, id)
			memberActors = append(memberActors, a)
			kind := graph.KindAccount
			if ac.kind == kPage {
				kind = graph.KindPage
				doc.Pages++
			} else {
				doc.Accounts++
			}
			plat := r.plats[ac.platform]
			if plat != "" {
				plats[plat] = true
			}
			m := Member{ID: id, Kind: kind, Platform: plat, Handle: r.text.get(ac.handle), Name: r.text.get(ac.name),
				Status: statusNames[ac.status], Role: role[li]}
			if ac.lastPost > 0 {
				m.LastActivity = time.Unix(ac.lastPost, 0).UTC()
				if m.LastActivity.After(doc.LastActivity) {
					doc.LastActivity = m.LastActivity
				}
			}
			if k > 0 {
				m.SameAs = rep
				gn.Merged = append(gn.Merged, id)
			} else {
				gn.Kind, gn.Platform, gn.Status = kind, plat, m.Status
				gn.Label = m.Handle
				if gn.Label == "" {
					gn.Label = m.Name
				}
			}
			doc.Members = append(doc.Members, m)
			in.Members = append(in.Members, MemberInput{ID: id, Kind: kind, Platform: plat, Handle: m.Handle, Name: m.Name,
				Bio: r.text.get(ac.bio), Status: m.Status, Followers: ac.followers, Members: ac.members,
				CreatedAt: unixTime(ac.created), FirstSeen: unixTime(ac.first)})
		}
		doc.Graph.Nodes = append(doc.Graph.Nodes, gn)
	}
	slices.SortFunc(doc.Members, func(a, b Member) int { return strings.Compare(a.ID, b.ID) })
	for pl := range plats {
		doc.Platforms = append(doc.Platforms, pl)
	}
	slices.Sort(doc.Platforms)
	if doc.Platforms == nil {
		doc.Platforms = []string{}
	}
	// Key players: key players by PageRank, then bridges by betweenness.
	kp := func(i int32) KeyPlayer {
		v := cent.nodes[i]
		a := p.nodeActors[p.nodeStart[v]]
		return KeyPlayer{ID: p.representative(v), Handle: r.text.get(r.actors[a].handle), Role: role[i],
			PageRank: round4(cent.pagerank[i]), Betweenness: round4(cent.betweenness[i]), Articulation: cent.articulation[i]}
	}
	doc.KeyPlayers = []KeyPlayer{}
	for _, i := range byPR[:nk] {
		doc.KeyPlayers = append(doc.KeyPlayers, kp(i))
	}
	for _, i := range bridges[:min(len(bridges), ds.cfg.KeyPlayers.Count)] {
		doc.KeyPlayers = append(doc.KeyPlayers, kp(i))
	}
	// Identifiers used by members.
	type iu struct {
		users  []string
		public bool
	}
	used := map[int32]*iu{}
	var order []int32
	for _, v := range nodes {
		for _, e := range p.nodeUses[p.nodeUseStart[v]:p.nodeUseStart[v+1]] {
			id := p.useIdent[e]
			if p.identHub[id] {
				continue
			}
			u := used[id]
			if u == nil {
				u = &iu{}
				used[id] = u
				order = append(order, id)
			}
			u.users = append(u.users, p.representative(v))
			u.public = u.public || p.usePublic[e]
		}
	}
	slices.SortFunc(order, func(a, b int32) int {
		if c := cmp.Compare(len(used[b].users), len(used[a].users)); c != 0 {
			return c
		}
		ia, ib := r.idents[a], r.idents[b]
		if c := strings.Compare(string(ia.kind), string(ib.kind)); c != 0 {
			return c
		}
		return bytes.Compare(r.names.view(ia.value), r.names.view(ib.value))
	})
	doc.Identifiers = []SharedIdentifier{}
	for _, id := range order {
		u, info, value := used[id], r.idents[id], r.identValue(id)
		key := string(info.kind) + ":" + value
		if len(u.users) >= 2 {
			doc.Identifiers = append(doc.Identifiers, SharedIdentifier{Key: key, Kind: info.kind, Value: value, Count: len(u.users), Public: u.public})
		}
		if ds.cfg.Ranking.MaxIdentifiers == 0 || len(in.Identifiers) < ds.cfg.Ranking.MaxIdentifiers {
			slices.Sort(u.users)
			in.Identifiers = append(in.Identifiers, IdentifierInput{Key: key, Kind: info.kind, Value: value, Users: u.users, Public: u.public})
		}
	}
	// Posts, newest first.
	var posts []int32
	for _, a := range memberActors {
		posts = append(posts, ds.actorPosts[ds.actorPostStart[a]:ds.actorPostStart[a+1]]...)
	}
	slices.SortFunc(posts, func(a, b int32) int {
		if c := cmp.Compare(r.postAt[b], r.postAt[a]); c != 0 {
			return c
		}
		return bytes.Compare(r.names.view(r.postID[a]), r.names.view(r.postID[b]))
	})
	if mp := ds.cfg.Ranking.MaxPosts; mp > 0 && len(posts) > mp {
		posts = posts[:mp]
	}
	for _, post := range posts {
		a := r.postActor[post]
		in.Posts = append(in.Posts, PostInput{ID: r.postName(post), Author: r.actorName(a), Platform: r.plats[r.postPlat[post]],
			Text: r.text.get(r.postText[post]), Status: statusNames[r.postStatus[post]], PostedAt: unixTime(r.postAt[post])})
	}
	pairs := func(src [][2]int32) [][2]string {
		out := make([][2]string, 0, len(src))
		for _, s := range src {
			out = append(out, [2]string{r.actorName(s[0]), r.actorName(s[1])})
		}
		slices.SortFunc(out, func(a, b [2]string) int {
			if c := strings.Compare(a[0], b[0]); c != 0 {
				return c
			}
			return strings.Compare(a[1], b[1])
		})
		return slices.Compact(out)
	}
	in.CoAdminPairs = pairs(ds.coAdmin[x])
	in.RepostPairs = pairs(ds.reposts[x])
	in.ContactPairs = pairs(ds.contacts[x])
	// Edges for drawing: contributions merged per node pair.
	type ek struct{ u, v int32 }
	type ea struct {
		w    float64
		mask uint32
	}
	agg := map[ek]*ea{}
	var keys []ek
	for _, i := range d.inside[x] {
		e := p.edges[i]
		k := ek{e.U, e.V}
		a := agg[k]
		if a == nil {
			a = &ea{}
			agg[k] = a
			keys = append(keys, k)
		}
		a.w += e.W
		a.mask |= 1 << p.evid[i]
	}
	slices.SortFunc(keys, func(a, b ek) int {
		if c := cmp.Compare(a.u, b.u); c != 0 {
			return c
		}
		return cmp.Compare(a.v, b.v)
	})
	doc.Graph.Edges = make([]GraphEdge, 0, len(keys))
	for _, k := range keys {
		a := agg[k]
		ge := GraphEdge{Source: p.representative(k.u), Target: p.representative(k.v), Weight: round4(a.w)}
		for e := evidence(0); e < nEvidence; e++ {
			if a.mask&(1<<e) != 0 {
				ge.Evidence = append(ge.Evidence, e.name())
			}
		}
		doc.Graph.Edges = append(doc.Graph.Edges, ge)
	}
	slices.Sort(ids)
	return built{doc: doc, in: in, first: ids[0], ids: ids}
}

func unixTime(t int64) time.Time {
	if t == 0 {
		return time.Time{}
	}
	return time.Unix(t, 0).UTC()
}
