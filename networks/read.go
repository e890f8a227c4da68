package networks

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/takedown/takedown/graph"
)

// Actor kinds and statuses as bytes.
const (
	kAccount uint8 = 1
	kPage    uint8 = 2
)

var statusCodes = map[graph.Status]uint8{graph.StatusUnknown: 0, "": 0, graph.StatusActive: 1, graph.StatusRemoved: 2, graph.StatusSuspended: 3}
var statusNames = [...]graph.Status{graph.StatusUnknown, graph.StatusActive, graph.StatusRemoved, graph.StatusSuspended}

// actor is what the projection keeps of an account or page.
type actor struct {
	handle, name, bio    sref
	followers, members   int64
	created, first, last int64 // unix seconds, 0 if unknown
	lastPost             int64 // latest post time
	platform             uint16
	kind, status         uint8
	placeholder          bool
}

// Seen flags of a uses link.
const (
	seenPublic uint8 = 1 << iota // in a bio, name or post text
	seenLink                     // an explicit uses link
	seenMedia                    // a post's media
)

// use is one uses link, by actor (pre-merge) and, for a post, the post.
type use struct {
	ident, actor, post int32
	seen               uint8
}

// pairRaw is one direct tie between two actors (pre-merge).
type pairRaw struct {
	u, v int32
	c    float32 // observations, times the link's weight
	ev   evidence
}

// pageRaw ties an actor to a page (pre-merge).
type pageRaw struct {
	page, actor int32
	c           float32
	ev          evidence // evAdminOf, evMemberOf or evPostedIn
}

// identInfo is a distinct identifier; its value is in the reader's arena.
type identInfo struct {
	value sref
	kind  graph.IdentKind
}

// reader accumulates the export into flat arrays. It runs on its own
// goroutine, fed in batches by the export callbacks, so that the store's
// decoding and the projection's bookkeeping use both cores.
type reader struct {
	cfg *Config
	ctx context.Context

	ids   *hashIndex // entity id → actor a (≥ 0) or post p (−p−1)
	text  arena
	names arena // ids of actors and posts, values of identifiers
	plats []string
	platN map[string]uint16

	actorID []sref
	actors  []actor

	postID     []sref
	postActor  []int32 // −1 until known
	postAt     []int64
	postStatus []uint8
	postPlat   []uint16
	postText   []sref
	postSig    [][sigK]uint32 // MinHash of the text; only for hasSig posts
	postSigIdx []int32        // post → index in postSig, −1 without
	pending    []pendingPost

	idents   []identInfo
	identIdx *hashIndex // "kind:value" → identifier

	uses    []use
	pairs   []pairRaw
	pageRel []pageRaw
	sameAs  [][2]int32
	// Actor pairs kept for the scorer's input.
	coAdminSrc []pageRaw // admin_of, to pair admins per page later
	repostSrc  [][2]int32
	contactSrc [][2]int32

	entities, links int
	latest          int64
	linksSeen       bool
	sh              shingler
}

// pendingPost is a post whose author or page is resolved once every
// entity is in (ids in the names arena).
type pendingPost struct {
	post         int32
	author, page sref
}

func newReader(ctx context.Context, cfg *Config, hint int) *reader {
	r := &reader{cfg: cfg, ctx: ctx, platN: map[string]uint16{}, sh: newShingler(cfg.Coordination)}
	r.ids = newHashIndex(hint, func(v int32, s string) bool {
		if v >= 0 {
			return r.names.equal(r.actorID[v], s)
		}
		return r.names.equal(r.postID[-v-1], s)
	})
	r.identIdx = newHashIndex(1024, func(v int32, s string) bool {
		id := &r.idents[v]
		k, val, _ := strings.Cut(s, ":")
		return string(id.kind) == k && r.names.equal(id.value, val)
	})
	return r
}

// actorName is the id of actor a.
func (r *reader) actorName(a int32) string { return r.names.get(r.actorID[a]) }

// postName is the id of post p.
func (r *reader) postName(p int32) string { return r.names.get(r.postID[p]) }

// identValue is the value of identifier i.
func (r *reader) identValue(i int32) string { return r.names.get(r.idents[i].value) }

// identKey is "kind:value" of identifier i.
func (r *reader) identKey(i int32) string { return string(r.idents[i].kind) + ":" + r.identValue(i) }

func (r *reader) platform(p string) uint16 {
	if i, ok := r.platN[p]; ok {
		return i
	}
	i := uint16(len(r.plats))
	r.plats = append(r.plats, p)
	r.platN[p] = i
	return i
}

func unix(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

func (r *reader) seenTime(t int64) {
	if t > r.latest {
		r.latest = t
	}
}

// entity takes one account, page or post.
func (r *reader) entity(e *graph.Entity) {
	r.entities++
	switch e.Kind {
	case graph.KindAccount, graph.KindPage:
		if _, dup := r.ids.get(e.ID); dup {
			return
		}
		a := actor{
			handle: r.text.add(e.Handle), name: r.text.add(e.Name), bio: r.text.add(e.Bio),
			followers: e.Followers, members: e.Members,
			created: unix(e.CreatedAt), first: unix(e.FirstSeen), last: unix(e.LastSeen),
			platform: r.platform(e.Platform), status: statusCodes[e.Status], placeholder: e.Placeholder,
			kind: kAccount,
		}
		if e.Kind == graph.KindPage {
			a.kind = kPage
		}
		r.seenTime(a.last)
		r.actorID = append(r.actorID, r.names.add(e.ID))
		r.ids.put(e.ID, int32(len(r.actors)))
		r.actors = append(r.actors, a)
	case graph.KindPost:
		if _, dup := r.ids.get(e.ID); dup {
			return
		}
		p := int32(len(r.postID))
		r.postID = append(r.postID, r.names.add(e.ID))
		r.ids.put(e.ID, -p-1)
		r.postActor = append(r.postActor, -1)
		at := unix(e.PostedAt)
		r.seenTime(at)
		r.postAt = append(r.postAt, at)
		r.postStatus = append(r.postStatus, statusCodes[e.Status])
		r.postPlat = append(r.postPlat, r.platform(e.Platform))
		r.postText = append(r.postText, r.text.add(e.Text))
		sigIdx := int32(-1)
		if at != 0 && e.Text != "" {
			var sig [sigK]uint32
			if r.sh.signature(e.Text, &sig) {
				sigIdx = int32(len(r.postSig))
				r.postSig = append(r.postSig, sig)
			}
		}
		r.postSigIdx = append(r.postSigIdx, sigIdx)
		if e.Author != "" || e.Page != "" {
			r.pending = append(r.pending, pendingPost{post: p, author: r.names.add(e.Author), page: r.names.add(e.Page)})
		}
	}
}

// actorOf resolves an id to an actor: an account or page itself, or the
// author (else the page) of a post. −1 if unknown.
func (r *reader) actorOf(id string) int32 {
	v, ok := r.ids.get(id)
	if !ok {
		return -1
	}
	if v >= 0 {
		return v
	}
	return r.postActor[-v-1]
}

func (r *reader) postOf(id string) int32 {
	if v, ok := r.ids.get(id); ok && v < 0 {
		return -v - 1
	}
	return -1
}

// endEntities resolves posts' authors and pages once every entity is in.
func (r *reader) endEntities() {
	if r.linksSeen {
		return
	}
	r.linksSeen = true
	for _, pp := range r.pending {
		if pp.author.n > 0 {
			if a, ok := r.ids.get(string(r.names.view(pp.author))); ok && a >= 0 {
				r.postActor[pp.post] = a
			}
		}
		if pp.page.n > 0 {
			if pg, ok := r.ids.get(string(r.names.view(pp.page))); ok && pg >= 0 {
				if r.postActor[pp.post] < 0 {
					r.postActor[pp.post] = pg
				} else if pg != r.postActor[pp.post] {
					r.pageRel = append(r.pageRel, pageRaw{page: pg, actor: r.postActor[pp.post], c: 1, ev: evPostedIn})
				}
			}
		}
	}
	r.pending = nil
}

// linkMsg is a link as copied out of the export callback.
type linkMsg struct {
	kind       graph.LinkKind
	from, to   string
	count      float32
	first      int64
	seen       uint8
	identKind  graph.IdentKind
	identValue string
	hasIdent   bool
}

func (r *reader) link(l *linkMsg) {
	r.links++
	r.endEntities()
	r.seenTime(l.first)
	switch l.kind {
	case graph.LinkUses:
		if !l.hasIdent {
			return
		}
		a := r.actorOf(l.from)
		if a < 0 {
			return
		}
		key := string(l.identKind) + ":" + l.identValue
		id, ok := r.identIdx.get(key)
		if !ok {
			id = int32(len(r.idents))
			r.idents = append(r.idents, identInfo{value: r.names.add(l.identValue), kind: l.identKind})
			r.identIdx.put(key, id)
		}
		r.uses = append(r.uses, use{ident: id, actor: a, post: r.postOf(l.from), seen: l.seen})
	case graph.LinkSameAs:
		u, v := r.actorOf(l.from), r.actorOf(l.to)
		if u >= 0 && v >= 0 {
			r.sameAs = append(r.sameAs, [2]int32{u, v})
		}
	case graph.LinkAdminOf, graph.LinkMemberOf:
		u, pg := r.actorOf(l.from), r.actorOf(l.to)
		if u < 0 || pg < 0 || u == pg {
			return
		}
		ev := evMemberOf
		if l.kind == graph.LinkAdminOf {
			ev = evAdminOf
		}
		r.pageRel = append(r.pageRel, pageRaw{page: pg, actor: u, c: l.count, ev: ev})
	case graph.LinkPostedIn:
		// Taken from the posts' page field in endEntities.
	case graph.LinkAuthored:
		if p := r.postOf(l.to); p >= 0 && r.postActor[p] < 0 {
			r.postActor[p] = r.actorOf(l.from)
		}
	default:
		var ev evidence
		switch l.kind {
		case graph.LinkFollows:
			ev = evFollows
		case graph.LinkContact:
			ev = evContact
		case graph.LinkMentions:
			ev = evMention
		case graph.LinkReposts:
			ev = evRepost
		case graph.LinkReplies:
			ev = evReply
		default:
			return
		}
		u, v := r.actorOf(l.from), r.actorOf(l.to)
		if u < 0 || v < 0 || u == v {
			return
		}
		r.pairs = append(r.pairs, pairRaw{u: u, v: v, c: l.count, ev: ev})
		switch ev {
		case evRepost:
			r.repostSrc = append(r.repostSrc, [2]int32{u, v})
		case evContact:
			r.contactSrc = append(r.contactSrc, [2]int32{u, v})
		}
	}
}

// exportMsg is one item of a batch: an entity or a link.
type exportMsg struct {
	isEnt bool
	ent   graph.Entity
	link  linkMsg
}

const exportBatch = 1024

// readStore streams the store's export into a reader. The callbacks copy
// what the projection needs into batches handed to the reader's goroutine.
func readStore(ctx context.Context, st graph.Exporter, cfg *Config, hint int, progress func(done int)) (*reader, error) {
	r := newReader(ctx, cfg, hint)
	ch := make(chan []exportMsg, 8)
	free := make(chan []exportMsg, 10)
	var done sync.WaitGroup
	var consumed atomic.Int64
	done.Add(1)
	go func() {
		defer done.Done()
		for b := range ch {
			for i := range b {
				if b[i].isEnt {
					r.entity(&b[i].ent)
					b[i].ent = graph.Entity{}
				} else {
					r.link(&b[i].link)
					b[i].link = linkMsg{}
				}
			}
			consumed.Add(int64(len(b)))
			select {
			case free <- b[:0]:
			default:
			}
		}
	}()
	batch := make([]exportMsg, 0, exportBatch)
	n := 0
	send := func() error {
		if len(batch) == 0 {
			return nil
		}
		select {
		case ch <- batch:
		case <-ctx.Done():
			return ctx.Err()
		}
		select {
		case b := <-free:
			batch = b
		default:
			batch = make([]exportMsg, 0, exportBatch)
		}
		n++
		if progress != nil && n%64 == 0 {
			progress(int(consumed.Load()))
		}
		return nil
	}
	err := st.Export(ctx, func(e *graph.Entity) error {
		if e.Kind != graph.KindAccount && e.Kind != graph.KindPage && e.Kind != graph.KindPost {
			return nil
		}
		batch = append(batch, exportMsg{isEnt: true, ent: graph.Entity{ID: e.ID, Kind: e.Kind, Platform: e.Platform,
			Handle: e.Handle, Name: e.Name, Bio: e.Bio, Text: e.Text, Author: e.Author, Page: e.Page,
			Followers: e.Followers, Members: e.Members, CreatedAt: e.CreatedAt, PostedAt: e.PostedAt,
			Status: e.Status, Placeholder: e.Placeholder, FirstSeen: e.FirstSeen, LastSeen: e.LastSeen}})
		if len(batch) == exportBatch {
			return send()
		}
		return nil
	}, func(l *graph.LinkState, id *graph.Identifier) error {
		m := linkMsg{kind: l.Kind, from: l.From, to: l.To, first: unix(l.FirstAt)}
		c := l.Count
		if c < 1 {
			c = 1
		}
		w := l.Weight
		if w <= 0 {
			w = 1
		}
		m.count = float32(float64(c) * w)
		for _, s := range l.Seen {
			switch s {
			case "bio", "name", "text":
				m.seen |= seenPublic
			case "media":
				m.seen |= seenMedia
			case "link":
				m.seen |= seenLink
			}
		}
		if id != nil {
			m.hasIdent, m.identKind, m.identValue = true, id.Kind, id.Value
		}
		batch = append(batch, exportMsg{link: m})
		if len(batch) == exportBatch {
			return send()
		}
		return nil
	})
	if err == nil {
		err = send()
	}
	close(ch)
	done.Wait()
	if err != nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return nil, err
		}
		return nil, graph.Internal(err)
	}
	r.endEntities()
	runtime.KeepAlive(free)
	return r, nil
}
