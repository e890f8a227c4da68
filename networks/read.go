package networks

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"
	"unsafe"

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

// reader accumulates the export into flat arrays, with strings in arenas
// and ids in pointer-free hash indexes, so that a million-account graph
// costs the garbage collector little (see readStore for how it is fed).
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
	postSig    [][sigK]uint32 // MinHash signatures of the posts' texts
	postSigIdx []int32        // post → index in postSig, −1 for a text too short or undated
	pending    []pendingPost

	idents   []identInfo
	identIdx *hashIndex // "kind:value" → identifier

	uses    []use
	pairs   []pairRaw
	pageRel []pageRaw
	sameAs  [][2]int32
	// Actor pairs kept for the scorer's input (co-admins come from pageRel).
	repostSrc  [][2]int32
	contactSrc [][2]int32

	entities, links int
	latest          int64
	linksSeen       bool
	sh              shingler

	// The last link source looked up (see lookupFrom).
	lastFrom                  string
	lastFromV                 int32
	lastFromFound, lastFromOK bool
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

// linkMsg is what the reader takes of a link and its identifier; its
// strings are views of a batch buffer (never reused, so a view may be kept,
// at the cost of keeping its buffer).
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

// lookupFrom resolves a link's from id, remembering the last one: links
// come sorted by kind and source, so runs of links share their source.
func (r *reader) lookupFrom(id string) (int32, bool) {
	if r.lastFromOK && id == r.lastFrom {
		return r.lastFromV, r.lastFromFound
	}
	v, ok := r.ids.get(id)
	r.lastFrom, r.lastFromV, r.lastFromFound, r.lastFromOK = id, v, ok, true
	return v, ok
}

// fromActor is actorOf for a link's source; fromPost is postOf.
func (r *reader) fromActor(id string) int32 {
	v, ok := r.lookupFrom(id)
	switch {
	case !ok:
		return -1
	case v >= 0:
		return v
	}
	return r.postActor[-v-1]
}

func (r *reader) fromPost(id string) int32 {
	if v, ok := r.lookupFrom(id); ok && v < 0 {
		return -v - 1
	}
	return -1
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
		a := r.fromActor(l.from)
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
		r.uses = append(r.uses, use{ident: id, actor: a, post: r.fromPost(l.from), seen: l.seen})
	case graph.LinkSameAs:
		u, v := r.fromActor(l.from), r.actorOf(l.to)
		if u >= 0 && v >= 0 {
			r.sameAs = append(r.sameAs, [2]int32{u, v})
		}
	case graph.LinkAdminOf, graph.LinkMemberOf:
		u, pg := r.fromActor(l.from), r.actorOf(l.to)
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
			r.postActor[p] = r.fromActor(l.from)
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
		u, v := r.fromActor(l.from), r.actorOf(l.to)
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

// exportBatch is the size of the batches of entities and links handed
// from the export callbacks to the reader.
const exportBatch = 1024

// linkRec is a link as copied out of the export callback, its strings
// kept in its batch's buffer so that queued links hold no pointers.
type linkRec struct {
	first           int64
	count           float32
	from, to, val   [2]uint32 // [start, end) in the batch buffer
	kind, identKind uint8     // indexes in graph.LinkKinds, graph.IdentKinds
	seen            uint8
	hasIdent        bool
}

// linkBatch is a batch of links and the bytes of their strings.
type linkBatch struct {
	recs []linkRec
	buf  []byte
}

func (b *linkBatch) str(s string) [2]uint32 {
	start := uint32(len(b.buf))
	b.buf = append(b.buf, s...)
	return [2]uint32{start, uint32(len(b.buf))}
}

// view returns a string over the batch's buffer without copying; it keeps
// the buffer alive while it is referenced, and buffers are never reused.
func (b *linkBatch) view(r [2]uint32) string {
	if r[0] == r[1] {
		return ""
	}
	return unsafe.String(&b.buf[r[0]], int(r[1]-r[0]))
}

var (
	linkKindCode  = map[graph.LinkKind]uint8{}
	identKindCode = map[graph.IdentKind]uint8{}
)

func init() {
	for i, k := range graph.LinkKinds {
		linkKindCode[k] = uint8(i)
	}
	for i, k := range graph.IdentKinds {
		identKindCode[k] = uint8(i)
	}
}

// linkQueue holds link batches until the reader takes them. It is
// unbounded so that the link export never waits for the reader, which
// takes links only once every entity is in.
type linkQueue struct {
	mu      sync.Mutex
	cond    *sync.Cond
	batches []*linkBatch
	closed  bool
}

func newLinkQueue() *linkQueue {
	q := &linkQueue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *linkQueue) push(b *linkBatch) {
	q.mu.Lock()
	q.batches = append(q.batches, b)
	q.mu.Unlock()
	q.cond.Signal()
}

func (q *linkQueue) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Broadcast()
}

// pop returns the next batch, or nil once the queue is closed and empty.
func (q *linkQueue) pop() *linkBatch {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.batches) == 0 && !q.closed {
		q.cond.Wait()
	}
	if len(q.batches) == 0 {
		return nil
	}
	b := q.batches[0]
	q.batches[0] = nil
	q.batches = q.batches[1:]
	return b
}

// readStore streams the store's export into a reader. Entities and links
// are exported by two concurrent Export calls (one without a link
// callback, one without an entity callback), so that the store decodes on
// both cores; the callbacks copy what the projection needs into batches,
// and the reader, on the calling goroutine, takes every entity, then the
// links. The two exports may read snapshots a write apart; a link to an
// entity the first did not see is skipped (and the run records that the
// graph changed).
func readStore(ctx context.Context, st graph.Exporter, cfg *Config, hint int, progress func(done int)) (*reader, error) {
	r := newReader(ctx, cfg, hint)
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	ents := make(chan []graph.Entity, 8)
	freeEnts := make(chan []graph.Entity, 10)
	links := newLinkQueue()
	var wg sync.WaitGroup
	var entErr, linkErr error
	wg.Add(2)
	go func() {
		defer wg.Done()
		defer close(ents)
		batch := make([]graph.Entity, 0, exportBatch)
		send := func() error {
			select {
			case ents <- batch:
			case <-ctx.Done():
				return context.Cause(ctx)
			}
			select {
			case batch = <-freeEnts:
			default:
				batch = make([]graph.Entity, 0, exportBatch)
			}
			return nil
		}
		entErr = st.Export(ctx, func(e *graph.Entity) error {
			if e.Kind != graph.KindAccount && e.Kind != graph.KindPage && e.Kind != graph.KindPost {
				return nil
			}
			batch = append(batch, graph.Entity{ID: e.ID, Kind: e.Kind, Platform: e.Platform,
				Handle: e.Handle, Name: e.Name, Bio: e.Bio, Text: e.Text, Author: e.Author, Page: e.Page,
				Followers: e.Followers, Members: e.Members, CreatedAt: e.CreatedAt, PostedAt: e.PostedAt,
				Status: e.Status, Placeholder: e.Placeholder, FirstSeen: e.FirstSeen, LastSeen: e.LastSeen})
			if len(batch) == exportBatch {
				return send()
			}
			return nil
		}, nil)
		if entErr == nil && len(batch) > 0 {
			entErr = send()
		}
		if entErr != nil {
			cancel(entErr)
		}
	}()
	go func() {
		defer wg.Done()
		defer links.close()
		newBatch := func() *linkBatch {
			return &linkBatch{recs: make([]linkRec, 0, exportBatch), buf: make([]byte, 0, 48*exportBatch)}
		}
		batch := newBatch()
		linkErr = st.Export(ctx, nil, func(l *graph.LinkState, id *graph.Identifier) error {
			kind, ok := linkKindCode[l.Kind]
			if !ok {
				return nil
			}
			m := linkRec{kind: kind, from: batch.str(l.From), first: unix(l.FirstAt)}
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
				if ik, ok := identKindCode[id.Kind]; ok {
					m.hasIdent, m.identKind, m.val = true, ik, batch.str(id.Value)
				}
			} else {
				m.to = batch.str(l.To)
			}
			batch.recs = append(batch.recs, m)
			if len(batch.recs) == exportBatch {
				links.push(batch)
				batch = newBatch()
			}
			return nil
		})
		if linkErr == nil && len(batch.recs) > 0 {
			links.push(batch)
		}
		if linkErr != nil {
			cancel(linkErr)
		}
	}()
	done, calls := 0, 0
	tick := func(n int) {
		done += n
		if calls++; progress != nil && calls%64 == 0 {
			progress(done)
		}
	}
	for b := range ents {
		if ctx.Err() == nil {
			for i := range b {
				r.entity(&b[i])
				b[i] = graph.Entity{}
			}
		}
		tick(len(b))
		select {
		case freeEnts <- b[:0]:
		default:
		}
	}
	r.endEntities()
	for {
		b := links.pop()
		if b == nil {
			break
		}
		if ctx.Err() == nil {
			for i := range b.recs {
				x := &b.recs[i]
				m := linkMsg{kind: graph.LinkKinds[x.kind], from: b.view(x.from), to: b.view(x.to),
					count: x.count, first: x.first, seen: x.seen}
				if x.hasIdent {
					m.hasIdent, m.identKind, m.identValue = true, graph.IdentKinds[x.identKind], b.view(x.val)
				}
				r.link(&m)
			}
		}
		tick(len(b.recs))
	}
	wg.Wait()
	if err := r.ctx.Err(); err != nil {
		return nil, err // the caller's cancellation
	}
	for _, err := range []error{entErr, linkErr} {
		if err != nil && !errors.Is(err, context.Canceled) {
			return nil, graph.Internal(err) // the first failure, not the other's cancellation
		}
	}
	if err := errors.Join(entErr, linkErr); err != nil {
		return nil, graph.Internal(err)
	}
	return r, nil
}
