package networks

import (
	"bytes"
	"cmp"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/takedown/takedown/analysis"
	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/graph/ident"
)

// projection is the weighted actor graph built from a reader, with what
// the later phases need to describe its clusters.
type projection struct {
	r   *reader
	cfg *Config
	w   [nEvidence]float64

	n          int     // nodes
	nodeOf     []int32 // actor → node
	nodeStart  []int32 // node → its actors: nodeActors[nodeStart[v]:nodeStart[v+1]], id order
	nodeActors []int32

	edges []analysis.Edge
	evid  []evidence
	g     *analysis.Graph

	// Identifier uses by node: entries sorted by identifier then node.
	useIdent     []int32
	useNode      []int32
	usePublic    []bool
	identHub     []bool
	nodeUses     []int32 // node → entry indices: nodeUses[nodeUseStart[v]:nodeUseStart[v+1]]
	nodeUseStart []int32

	hubs       []Hub
	coordHubs  int
	edgeCounts [nEvidence]int
}

// log2p1 is the damping of a count c: log2(1 + c), so one observation
// weighs 1 and each doubling adds one.
func log2p1(c float64) float64 { return math.Log2(1 + c) }

// project builds the projection from what r read.
// step, if not nil, is called after each step with its name.
func project(r *reader, cfg *Config, step func(string)) *projection {
	if step == nil {
		step = func(string) {}
	}
	p := &projection{r: r, cfg: cfg, w: cfg.weightTable()}
	p.merge()
	// Coordination reads only what merge built, so it runs on a second
	// projection value alongside the other evidence; its edges are
	// appended after theirs, the order a sequential build would give.
	q := &projection{r: r, cfg: cfg, w: p.w, n: p.n, nodeOf: p.nodeOf, nodeStart: p.nodeStart, nodeActors: p.nodeActors}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		q.coordination()
	}()
	p.direct()
	p.pages()
	p.identifiers()
	step("projection.evidence")
	wg.Wait()
	step("projection.coordination")
	p.edges = append(p.edges, q.edges...)
	p.evid = append(p.evid, q.evid...)
	for e, n := range q.edgeCounts {
		p.edgeCounts[e] += n
	}
	p.coordHubs = q.coordHubs
	q = nil
	slices.SortStableFunc(p.hubs, func(a, b Hub) int {
		if c := cmp.Compare(b.Actors, a.Actors); c != 0 {
			return c
		}
		return strings.Compare(a.Key, b.Key)
	})
	p.g = analysis.NewGraph(p.n, p.edges)
	step("projection.graph")
	return p
}

// merge folds same_as groups into single nodes. Nodes are numbered in the
// order of their smallest actor id, so numbering depends on the data and
// not on the order the store exported it in.
func (p *projection) merge() {
	r := p.r
	na := len(r.actors)
	uf := newUnionFind(na)
	for _, s := range r.sameAs {
		uf.union(s[0], s[1])
	}
	order := make([]int32, na)
	for i := range order {
		order[i] = int32(i)
	}
	byID := func(a, b int32) int { return bytes.Compare(r.names.view(r.actorID[a]), r.names.view(r.actorID[b])) }
	if !slices.IsSortedFunc(order, byID) {
		slices.SortFunc(order, byID)
	}
	rootNode := make([]int32, na)
	for i := range rootNode {
		rootNode[i] = -1
	}
	p.nodeOf = make([]int32, na)
	count := make([]int32, 0, na)
	for _, a := range order {
		root := uf.find(a)
		if rootNode[root] < 0 {
			rootNode[root] = int32(len(count))
			count = append(count, 0)
		}
		v := rootNode[root]
		p.nodeOf[a] = v
		count[v]++
	}
	p.n = len(count)
	p.nodeStart = make([]int32, p.n+1)
	for v, c := range count {
		p.nodeStart[v+1] = p.nodeStart[v] + c
	}
	pos := slices.Clone(p.nodeStart[:p.n])
	p.nodeActors = make([]int32, na)
	for _, a := range order {
		v := p.nodeOf[a]
		p.nodeActors[pos[v]] = a
		pos[v]++
	}
}

// idf is the damping of evidence shared by df of the n nodes, the
// smoothed inverse document frequency log(1 + n/df) normalised by its
// value for df = 1, log(1 + n), so that it is 1 for evidence of one node
// and stays positive for evidence of all; 1 when IDF is off.
func (p *projection) idf(df int) float64 {
	if !p.cfg.IDF || df <= 1 {
		return 1
	}
	n := float64(max(p.n, df))
	return math.Log1p(n/float64(df)) / math.Log1p(n)
}

func (p *projection) add(u, v int32, w float64, ev evidence) {
	if u == v || !(w > 0) {
		return
	}
	if u > v {
		u, v = v, u
	}
	p.edges = append(p.edges, analysis.Edge{U: u, V: v, W: w})
	p.evid = append(p.evid, ev)
	p.edgeCounts[ev]++
}

// group joins the nodes of one shared identifier or page (sorted, distinct)
// with weight w per pair: every pair for up to CliqueMax nodes; beyond,
// the circulant graph in which each node is joined to the next k =
// CliqueMax/2 in node order, each edge weighing w(d−1)/(2k), so that every
// node keeps the strength w(d−1) the clique would give it with 2k edges
// instead of d−1.
func (p *projection) group(nodes []int32, w float64, ev evidence) {
	d := len(nodes)
	if d < 2 || !(w > 0) {
		return
	}
	if d <= p.cfg.CliqueMax {
		for i := 0; i < d; i++ {
			for j := i + 1; j < d; j++ {
				p.add(nodes[i], nodes[j], w, ev)
			}
		}
		return
	}
	k := p.cfg.CliqueMax / 2
	wc := w * float64(d-1) / float64(2*k)
	for i := 0; i < d; i++ {
		for s := 1; s <= k; s++ {
			p.add(nodes[i], nodes[(i+s)%d], wc, ev)
		}
	}
}

type pairKey struct {
	key uint64 // u<<32 | v
	c   float64
	ev  evidence
}

func packPair(u, v int32) uint64 { return uint64(uint32(u))<<32 | uint64(uint32(v)) }
func unpackPair(k uint64) (int32, int32) {
	return int32(uint32(k >> 32)), int32(uint32(k))
}

// direct adds follows, contacts, reposts, replies and mentions. Counts of
// one kind between two nodes are summed in either direction and damped by
// log2(1+c); follows count once per direction and are damped by the IDF
// of the followee's followers.
func (p *projection) direct() {
	r := p.r
	var sym []pairKey
	var fol []uint64 // follower<<32 | followee
	for _, pr := range r.pairs {
		u, v := p.nodeOf[pr.u], p.nodeOf[pr.v]
		if u == v {
			continue
		}
		if pr.ev == evFollows {
			fol = append(fol, packPair(u, v))
			continue
		}
		if u > v {
			u, v = v, u
		}
		sym = append(sym, pairKey{key: packPair(u, v), c: float64(pr.c), ev: pr.ev})
	}
	slices.SortFunc(sym, func(a, b pairKey) int {
		if a.ev != b.ev {
			return cmp.Compare(a.ev, b.ev)
		}
		return cmp.Compare(a.key, b.key)
	})
	for i := 0; i < len(sym); {
		j, c := i, 0.0
		for j < len(sym) && sym[j].key == sym[i].key && sym[j].ev == sym[i].ev {
			c += sym[j].c
			j++
		}
		u, v := unpackPair(sym[i].key)
		p.add(u, v, p.w[sym[i].ev]*log2p1(c), sym[i].ev)
		i = j
	}
	sym = nil
	slices.Sort(fol)
	fol = slices.Compact(fol)
	indeg := make([]int32, p.n)
	for _, k := range fol {
		_, v := unpackPair(k)
		indeg[v]++
	}
	cut := p.cfg.FollowHubCut
	if cut > 0 {
		for v, d := range indeg {
			if int(d) > cut {
				p.hubs = append(p.hubs, Hub{Key: p.representative(int32(v)), Kind: "followed", Actors: int(d)})
			}
		}
	}
	for _, k := range fol {
		u, v := unpackPair(k)
		if cut > 0 && int(indeg[v]) > cut {
			continue
		}
		p.add(u, v, p.w[evFollows]*p.idf(int(indeg[v])), evFollows)
	}
}

// pages adds admin, member and poster edges between accounts and the
// pages they act in, and co-admin edges between a page's admins. The
// members and posters of a page are its users: a page with more than
// HubCut of them is a hub, and their edges to it are dropped; otherwise
// each weighs its kind's weight times the page's IDF (and log2(1+c) for
// posts). Admin edges are never cut.
func (p *projection) pages() {
	rel := p.r.pageRel
	type pr struct {
		page, node int32
		ev         evidence
		c          float64
	}
	rs := make([]pr, 0, len(rel))
	for _, x := range rel {
		pg, u := p.nodeOf[x.page], p.nodeOf[x.actor]
		if pg == u {
			continue
		}
		rs = append(rs, pr{pg, u, x.ev, float64(x.c)})
	}
	slices.SortFunc(rs, func(a, b pr) int {
		if c := cmp.Compare(a.page, b.page); c != 0 {
			return c
		}
		if c := cmp.Compare(a.ev, b.ev); c != 0 {
			return c
		}
		return cmp.Compare(a.node, b.node)
	})
	var admins, users []int32
	for i := 0; i < len(rs); {
		pg := rs[i].page
		j := i
		for j < len(rs) && rs[j].page == pg {
			j++
		}
		admins, users = admins[:0], users[:0]
		for _, x := range rs[i:j] {
			if x.ev == evAdminOf {
				admins = append(admins, x.node)
			} else {
				users = append(users, x.node)
			}
		}
		admins = slices.Compact(admins)
		slices.Sort(users)
		users = slices.Compact(users)
		for _, a := range admins {
			p.add(a, pg, p.w[evAdminOf], evAdminOf)
		}
		if len(admins) > p.cfg.HubCut {
			p.hubs = append(p.hubs, Hub{Key: p.representative(pg), Kind: "page_admins", Actors: len(admins)})
		} else {
			p.group(admins, p.w[evCoAdmin], evCoAdmin)
		}
		df := len(users)
		if df > p.cfg.HubCut {
			p.hubs = append(p.hubs, Hub{Key: p.representative(pg), Kind: "page", Actors: df})
		} else {
			idf := p.idf(df + len(admins))
			for k := i; k < j; {
				x := rs[k]
				l, c := k, 0.0
				for l < j && rs[l].node == x.node && rs[l].ev == x.ev {
					c += rs[l].c
					l++
				}
				switch x.ev {
				case evMemberOf:
					p.add(x.node, pg, p.w[evMemberOf]*idf, evMemberOf)
				case evPostedIn:
					p.add(x.node, pg, p.w[evPostedIn]*idf*log2p1(c), evPostedIn)
				}
				k = l
			}
		}
		i = j
	}
}

// identifiers adds the edges of shared identifiers and of shared URL
// domains. The users of an identifier are the nodes that use it on the
// account or page or in one of their posts. More than HubCut users make
// it a hub (no edges, listed); otherwise its users are joined by group
// with weight w·idf(df).
func (p *projection) identifiers() {
	r := p.r
	type ue struct {
		ident, node int32
		pub         bool
	}
	es := make([]ue, 0, len(r.uses))
	for _, u := range r.uses {
		es = append(es, ue{u.ident, p.nodeOf[u.actor], u.seen&seenPublic != 0})
	}
	slices.SortFunc(es, func(a, b ue) int {
		if c := cmp.Compare(a.ident, b.ident); c != 0 {
			return c
		}
		return cmp.Compare(a.node, b.node)
	})
	// Distinct (identifier, node) entries, public if any use was.
	k := 0
	for i := range es {
		if k > 0 && es[k-1].ident == es[i].ident && es[k-1].node == es[i].node {
			es[k-1].pub = es[k-1].pub || es[i].pub
			continue
		}
		es[k] = es[i]
		k++
	}
	es = es[:k]
	p.useIdent = make([]int32, k)
	p.useNode = make([]int32, k)
	p.usePublic = make([]bool, k)
	for i, e := range es {
		p.useIdent[i], p.useNode[i], p.usePublic[i] = e.ident, e.node, e.pub
	}
	es = nil
	p.identHub = make([]bool, len(r.idents))
	// Domains of URL identifiers.
	domIdx := map[string]int32{}
	var domNames []string
	identDom := make([]int32, len(r.idents))
	for i, id := range r.idents {
		identDom[i] = -1
		if id.kind != graph.IdentURL {
			continue
		}
		d := ident.Domain(r.identValue(int32(i)))
		if d == "" {
			continue
		}
		di, ok := domIdx[d]
		if !ok {
			di = int32(len(domNames))
			domIdx[d] = di
			domNames = append(domNames, d)
		}
		identDom[i] = di
	}
	var dom []uint64 // domain<<32 | node
	for i := 0; i < k; {
		id := p.useIdent[i]
		j := i
		for j < k && p.useIdent[j] == id {
			j++
		}
		nodes := p.useNode[i:j]
		info := r.idents[id]
		if d := identDom[id]; d >= 0 {
			for _, v := range nodes {
				dom = append(dom, uint64(d)<<32|uint64(uint32(v)))
			}
		}
		if len(nodes) > p.cfg.HubCut {
			p.identHub[id] = true
			p.hubs = append(p.hubs, Hub{Key: r.identKey(id), Kind: string(info.kind), Actors: len(nodes)})
		} else if len(nodes) > 1 {
			ev := identEvidence(info.kind)
			p.group(nodes, p.w[ev]*p.idf(len(nodes)), ev)
		}
		i = j
	}
	slices.Sort(dom)
	dom = slices.Compact(dom)
	nodes := make([]int32, 0, 64)
	for i := 0; i < len(dom); {
		d := dom[i] >> 32
		j := i
		nodes = nodes[:0]
		for j < len(dom) && dom[j]>>32 == d {
			nodes = append(nodes, int32(uint32(dom[j])))
			j++
		}
		if len(nodes) > p.cfg.HubCut {
			p.hubs = append(p.hubs, Hub{Key: "domain:" + domNames[d], Kind: "domain", Actors: len(nodes)})
		} else if len(nodes) > 1 {
			p.group(nodes, p.w[evDomain]*p.idf(len(nodes)), evDomain)
		}
		i = j
	}
	// Node → entries.
	p.nodeUseStart = make([]int32, p.n+1)
	for _, v := range p.useNode {
		p.nodeUseStart[v+1]++
	}
	for v := 1; v <= p.n; v++ {
		p.nodeUseStart[v] += p.nodeUseStart[v-1]
	}
	pos := slices.Clone(p.nodeUseStart[:p.n])
	p.nodeUses = make([]int32, k)
	for i, v := range p.useNode {
		p.nodeUses[pos[v]] = int32(i)
		pos[v]++
	}
}

// representative is the id that stands for node v: its smallest actor id.
func (p *projection) representative(v int32) string {
	return p.r.actorName(p.nodeActors[p.nodeStart[v]])
}

// actorsOf returns the actors of node v.
func (p *projection) actorsOf(v int32) []int32 {
	return p.nodeActors[p.nodeStart[v]:p.nodeStart[v+1]]
}
