package networks

import (
	"cmp"
	"math"
	"slices"
	"time"

	"github.com/takedown/takedown/graph"
)

// coordEvent is one post of a coordination item: the node that posted it
// and when.
type coordEvent struct {
	item int32
	node int32
	t    int64
}

// coordination adds the coordination edges. An item is a URL, a media
// fingerprint, or a group of near-identical texts; two nodes coordinate on
// an item when each posted it within Window of the other. Nodes that
// coordinated on at least MinRepetitions distinct items of one kind get
// an edge of weight w·log2(1+c) for c such items. Items posted by more
// than HubCut nodes are dropped (counted in coordHubs).
func (p *projection) coordination() {
	r := p.r
	var urls, media []coordEvent
	for _, u := range r.uses {
		if u.post < 0 {
			continue
		}
		t := r.postAt[u.post]
		if t == 0 {
			continue
		}
		switch r.idents[u.ident].kind {
		case graph.IdentURL:
			urls = append(urls, coordEvent{u.ident, p.nodeOf[u.actor], t})
		case graph.IdentImageHash:
			media = append(media, coordEvent{u.ident, p.nodeOf[u.actor], t})
		}
	}
	p.coordEdges(urls, evCoordURL)
	urls = nil
	p.coordEdges(media, evCoordMedia)
	media = nil
	p.coordEdges(p.textItems(), evCoordText)
}

// textItems groups near-identical post texts. Posts whose MinHash
// signatures share a band (sigBands bands of sigRows minima) are
// candidates; a candidate whose estimated Jaccard similarity to its
// bucket's first post reaches Similarity joins that post's group
// (union-find). A bucket whose posts come from more than HubCut nodes is
// a common phrase and is skipped.
func (p *projection) textItems() []coordEvent {
	r := p.r
	nsig := len(r.postSig)
	if nsig == 0 {
		return nil
	}
	sigPost := make([]int32, nsig)
	for post, si := range r.postSigIdx {
		if si >= 0 {
			sigPost[si] = int32(post)
		}
	}
	type entry struct {
		key uint64
		sig int32
	}
	es := make([]entry, 0, nsig*sigBands)
	for si := range r.postSig {
		post := sigPost[si]
		if r.postActor[post] < 0 {
			continue
		}
		for b := 0; b < sigBands; b++ {
			es = append(es, entry{bandKey(&r.postSig[si], b), int32(si)})
		}
	}
	slices.SortFunc(es, func(a, b entry) int {
		if c := cmp.Compare(a.key, b.key); c != 0 {
			return c
		}
		return cmp.Compare(a.sig, b.sig)
	})
	uf := newUnionFind(nsig)
	grouped := make([]bool, nsig)
	need := int(math.Ceil(p.cfg.Coordination.Similarity*sigK - 1e-9))
	var nodes []int32
	for i := 0; i < len(es); {
		j := i + 1
		for j < len(es) && es[j].key == es[i].key {
			j++
		}
		if j-i >= 2 {
			nodes = nodes[:0]
			for _, e := range es[i:j] {
				nodes = append(nodes, p.nodeOf[r.postActor[sigPost[e.sig]]])
			}
			slices.Sort(nodes)
			nodes = slices.Compact(nodes)
			if len(nodes) > p.cfg.HubCut {
				p.coordHubs++
			} else if len(nodes) >= 2 {
				first := &r.postSig[es[i].sig]
				for _, e := range es[i+1 : j] {
					if eqCount(first, &r.postSig[e.sig]) >= need {
						uf.union(es[i].sig, e.sig)
						grouped[es[i].sig], grouped[e.sig] = true, true
					}
				}
			}
		}
		i = j
	}
	es = nil
	var ev []coordEvent
	for si, g := range grouped {
		if !g {
			continue
		}
		post := sigPost[si]
		ev = append(ev, coordEvent{uf.find(int32(si)), p.nodeOf[r.postActor[post]], r.postAt[post]})
	}
	return ev
}

// eqCount is the number of equal minima of two signatures; divided by
// sigK it estimates the Jaccard similarity of the texts' shingle sets.
func eqCount(a, b *[sigK]uint32) int {
	eq := 0
	for i := range a {
		if a[i] == b[i] {
			eq++
		}
	}
	return eq
}

// coordEdges counts, for every pair of nodes, the items of one kind on
// which they coordinated, and adds an edge for pairs with at least
// MinRepetitions. Within an item, events are swept in time order keeping
// each node's latest time, so a pair is found in O(events × nodes) rather
// than by comparing every two posts.
func (p *projection) coordEdges(ev []coordEvent, kind evidence) {
	if len(ev) < 2 {
		return
	}
	window := int64(time.Duration(p.cfg.Coordination.Window) / time.Second)
	if window <= 0 {
		window = math.MaxInt64 / 4
	}
	slices.SortFunc(ev, func(a, b coordEvent) int {
		if c := cmp.Compare(a.item, b.item); c != 0 {
			return c
		}
		if c := cmp.Compare(a.t, b.t); c != 0 {
			return c
		}
		return cmp.Compare(a.node, b.node)
	})
	var pairs []uint64
	var local []int32 // distinct nodes of the item
	var last []int64  // latest time of each local node, 0 = none yet
	var mark []bool   // local pair already counted for this item
	cut := p.cfg.HubCut
	for i := 0; i < len(ev); {
		j := i + 1
		for j < len(ev) && ev[j].item == ev[i].item {
			j++
		}
		if j-i < 2 {
			i = j
			continue
		}
		local = local[:0]
		for _, e := range ev[i:j] {
			local = append(local, e.node)
		}
		slices.Sort(local)
		local = slices.Compact(local)
		d := len(local)
		if d < 2 {
			i = j
			continue
		}
		if d > cut {
			p.coordHubs++
			i = j
			continue
		}
		last = slices.Grow(last[:0], d)[:d]
		clear(last)
		mark = slices.Grow(mark[:0], d*d)[:d*d]
		clear(mark)
		for _, e := range ev[i:j] {
			a, _ := slices.BinarySearch(local, e.node)
			for b := 0; b < d; b++ {
				if b == a || last[b] == 0 || e.t-last[b] > window {
					continue
				}
				x, y := min(a, b), max(a, b)
				if !mark[x*d+y] {
					mark[x*d+y] = true
					pairs = append(pairs, packPair(local[x], local[y]))
				}
			}
			last[a] = e.t
		}
		i = j
	}
	slices.Sort(pairs)
	minRep := p.cfg.Coordination.MinRepetitions
	for i := 0; i < len(pairs); {
		j := i + 1
		for j < len(pairs) && pairs[j] == pairs[i] {
			j++
		}
		if c := j - i; c >= minRep {
			u, v := unpackPair(pairs[i])
			p.add(u, v, p.w[kind]*log2p1(float64(c)), kind)
		}
		i = j
	}
}
