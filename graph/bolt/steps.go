package bolt

import (
	"context"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/internal/gentable"
)

// author returns the account that wrote post p; the caller holds the lock.
func (x *index) author(p int32) (int32, bool) {
	for _, e := range x.edges(p) {
		if e.kind == lAuthored && !e.out {
			return e.to, e.tk == kAccount
		}
	}
	return 0, false
}

// Steps expands accounts by one step of evidence, following the rules in
// the graph package's documentation.
func (s *Store) Steps(ctx context.Context, from []string, opt graph.StepOptions) (*graph.StepSet, error) {
	x := s.x
	x.mu.RLock()
	defer x.mu.RUnlock()
	refs := make([]int32, 0, len(from))
	set := &graph.StepSet{}
	for _, id := range from {
		if a, ok := x.lookup(id); ok && x.kind(a) == kAccount {
			refs = append(refs, a+1)
		} else {
			set.Unknown = append(set.Unknown, id)
		}
	}
	var skip func(int32) bool
	if opt.Skip != nil {
		skipped := map[int32]bool{} // opt.Skip's answers, asked once per account
		skip = func(ref int32) bool {
			sk, ok := skipped[ref]
			if !ok {
				sk = opt.Skip(x.name(ref - 1))
				skipped[ref] = sk
			}
			return sk
		}
	}
	rs, err := s.refSteps(ctx, refs, opt, skip, nil)
	if err != nil {
		return nil, err
	}
	set.Hubs = rs.Hubs
	set.Steps = make([]graph.Step, len(rs.Steps))
	for i, r := range rs.Steps {
		to := &x.nodes[r.To-1]
		st := graph.Step{From: x.name(r.From - 1), To: x.name(r.To - 1), Evidence: graph.EvidenceKinds[r.Ev-1], Reverse: r.Reverse,
			ToPlatform: x.get(to.platform), ToHandle: x.get(to.handle), ToStatus: statusName[to.status]}
		if r.Via != 0 {
			st.Via, st.ViaLabel = x.name(r.Via-1), x.label(r.Via-1)
		}
		set.Steps[i] = st
	}
	return set, nil
}

// label is what a step shows for the node it goes through: an
// identifier's value, a page's name (nothing for a post).
func (x *index) label(n int32) string {
	switch x.kind(n) {
	case kIdent:
		_, v, _ := strings.Cut(x.name(n), ":")
		return v
	case kPage:
		return x.get(x.nodes[n].label)
	}
	return ""
}

// Ref is the ref of the node with this id: its number plus one.
func (s *Store) Ref(id string) (int32, bool) {
	x := s.x
	x.mu.RLock()
	defer x.mu.RUnlock()
	n, ok := x.lookup(id)
	return n + 1, ok
}

// RefSteps is Steps over refs (graph.RefSource).
func (s *Store) RefSteps(ctx context.Context, from []int32, opt graph.StepOptions, skip func(int32) bool, buf []graph.RefStep) (*graph.RefStepSet, error) {
	x := s.x
	x.mu.RLock()
	defer x.mu.RUnlock()
	refs := from[:0:0]
	var unknown []int32
	for _, r := range from {
		if r > 0 && int(r) <= x.size() && x.kind(r-1) == kAccount {
			refs = append(refs, r)
		} else {
			unknown = append(unknown, r)
		}
	}
	set, err := s.refSteps(ctx, refs, opt, skip, buf)
	if err != nil {
		return nil, err
	}
	set.Unknown = unknown
	v := x.viewLocked()
	set.Name = v.ref
	set.Ranks = s.currentRanks()
	return set, nil
}

// Nodes describes refs (graph.RefSource).
func (s *Store) Nodes(refs []int32, buf []graph.RefNode) []graph.RefNode {
	x := s.x
	x.mu.RLock()
	defer x.mu.RUnlock()
	out := slices.Grow(buf[:0], len(refs))[:len(refs)]
	for i, r := range refs {
		n := r - 1
		rn := graph.RefNode{ID: x.name(n)}
		if x.kind(n) == kAccount {
			rec := &x.nodes[n]
			rn.Platform, rn.Handle, rn.Status = x.get(rec.platform), x.get(rec.handle), statusName[rec.status]
		} else {
			rn.Label = x.label(n)
		}
		out[i] = rn
	}
	// The answer's JSON copies these strings next; touching their first
	// bytes here, in one loop of independent reads, lets their cache
	// misses overlap instead of stalling the writer one string at a time.
	var touch byte
	for i := range out {
		touch ^= first(out[i].ID) ^ first(out[i].Handle) ^ first(out[i].Label)
	}
	touched.Store(uint32(touch))
	return out
}

// touched keeps the reads of Nodes from being optimised away.
var touched atomic.Uint32

func first(s string) byte {
	if s == "" {
		return 0
	}
	return s[0]
}

// refSteps expands accounts (refs known to be accounts), appending the
// steps to buf[:0]; the caller holds the read lock.
func (s *Store) refSteps(ctx context.Context, from []int32, opt graph.StepOptions, skip func(int32) bool, buf []graph.RefStep) (*graph.RefStepSet, error) {
	hubLimit := opt.HubLimit
	if hubLimit <= 0 {
		hubLimit = graph.DefaultHubLimit
	}
	memberLimit := opt.MemberLimit
	if memberLimit <= 0 {
		memberLimit = graph.DefaultMemberLimit
	}
	x := s.x
	if buf == nil {
		buf = make([]graph.RefStep, 0, 16*len(from))
	}
	set := &graph.RefStepSet{Steps: buf[:0]}
	hubs := map[int32]bool{}
	dedup := dedups.Get().(*stepSet)
	defer dedups.Put(dedup)
	// What every start shares: the accounts behind an identifier and the
	// admins and members of a page that survive skip, found once.
	sh := shareds.Get().(*shared)
	defer sh.release()
	for _, r := range from {
		dedup.reset()
		w := walker{x: x, from: r - 1, hubLimit: hubLimit, memberLimit: memberLimit, set: set, hubs: hubs, dedup: dedup, skip: skip, sh: sh}
		w.expand()
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	return set, nil
}

// stepSet is the set of steps one account's expansion has given, keyed
// by (to, via) with a bit for each (evidence, reverse).
type stepSet struct {
	t gentable.Table[uint64, uint64]
}

var dedups = sync.Pool{New: func() any { d := &stepSet{}; d.t.Init(10); return d }}

func (d *stepSet) reset() { d.t.Reset() }

// add reports whether the step is new, and notes it.
func (d *stepSet) add(to, via int32, ev uint8, reverse bool) bool {
	bits, _ := d.t.Slot(uint64(uint32(to))<<32 | uint64(uint32(via)))
	bit := uint64(1) << (2*uint(ev) + b2u(reverse))
	if *bits&bit != 0 {
		return false
	}
	*bits |= bit
	return true
}

func b2u(b bool) uint {
	if b {
		return 1
	}
	return 0
}

var (
	evFollows    = graph.EvidenceCode(graph.EvFollows)
	evMention    = graph.EvidenceCode(graph.EvMention)
	evContact    = graph.EvidenceCode(graph.EvContact)
	evSameAs     = graph.EvidenceCode(graph.EvSameAs)
	evRepost     = graph.EvidenceCode(graph.EvRepost)
	evReply      = graph.EvidenceCode(graph.EvReply)
	evCoAdmin    = graph.EvidenceCode(graph.EvCoAdmin)
	evPageMember = graph.EvidenceCode(graph.EvPageMember)
	evCoMember   = graph.EvidenceCode(graph.EvCoMember)
)

// walker expands one account; node numbers here are refs minus one.
type walker struct {
	x        *index
	from     int32
	hubLimit int
	// memberLimit bounds the pages whose members tie to each other.
	memberLimit int
	set         *graph.RefStepSet
	hubs        map[int32]bool
	dedup       *stepSet
	skip        func(ref int32) bool
	sh          *shared
}

type shared struct {
	users   map[int32][]int32 // identifier → accounts using it, directly or in a post
	members map[int32][]edge  // page → its admin and member edges to accounts
	// The lists of users and members are cut from these, one after the
	// other, so that an expansion allocates them only as it outgrows the
	// last one's.
	userSlab   []int32
	memberSlab []edge
}

var shareds = sync.Pool{New: func() any { return &shared{users: map[int32][]int32{}, members: map[int32][]edge{}} }}

func (sh *shared) release() {
	if len(sh.userSlab) > 1<<20 || len(sh.memberSlab) > 1<<20 {
		return // outsized: left to the collector
	}
	clear(sh.users)
	clear(sh.members)
	sh.userSlab, sh.memberSlab = sh.userSlab[:0], sh.memberSlab[:0]
	shareds.Put(sh)
}

// skips reports whether the caller asked to leave out steps to account a.
func (w *walker) skips(a int32) bool { return w.skip != nil && w.skip(a+1) }

// emit adds the step to account to; tk is to's kind (steps lead only to
// accounts).
func (w *walker) emit(to int32, tk byte, ev uint8, via int32, reverse bool) {
	if to == w.from || tk != kAccount {
		return
	}
	if w.skips(to) {
		return
	}
	w.add(to, ev, via, reverse)
}

// add adds a step to an account known to be wanted; via is -1 for none.
func (w *walker) add(to int32, ev uint8, via int32, reverse bool) {
	if to == w.from {
		return
	}
	if !w.dedup.add(to, via, ev, reverse) {
		return
	}
	w.set.Steps = append(w.set.Steps, graph.RefStep{From: w.from + 1, To: to + 1, Via: via + 1, Ev: ev, Reverse: reverse})
}

func (w *walker) hub(n int32) bool {
	x := w.x
	if int(x.adjLen[n]) <= w.hubLimit {
		return false
	}
	if !w.hubs[n] {
		w.hubs[n] = true
		h := graph.Hub{ID: x.name(n), Degree: int(x.adjLen[n])}
		if x.kind(n) == kIdent {
			_, h.Label, _ = strings.Cut(h.ID, ":")
		} else {
			h.Label = x.get(x.nodes[n].label)
		}
		w.set.Hubs = append(w.set.Hubs, h)
	}
	return true
}

func (w *walker) expand() {
	x := w.x
	for _, e := range x.edges(w.from) {
		switch e.kind {
		case lFollows:
			w.emit(e.to, e.tk, evFollows, -1, !e.out)
		case lMentions:
			if e.tk == kPost { // a post that mentions this account
				if a, ok := x.author(e.to); ok {
					w.emit(a, kAccount, evMention, e.to, true)
				}
			} else {
				w.emit(e.to, e.tk, evMention, -1, !e.out)
			}
		case lContact:
			w.emit(e.to, e.tk, evContact, -1, false)
		case lSameAs:
			w.emit(e.to, e.tk, evSameAs, -1, false)
		case lUses:
			if e.out {
				w.identifier(e.to)
			}
		case lReposts:
			if e.out { // this account reposted post e.to
				if a, ok := x.author(e.to); ok {
					w.emit(a, kAccount, evRepost, e.to, false)
				}
			}
		case lAuthored:
			if e.out {
				w.post(e.to)
			}
		case lAdminOf, lMemberOf:
			if e.out {
				w.page(e.to, e.kind == lAdminOf)
			}
		}
	}
}

// identifier ties the account to every other user of an identifier, and
// to the authors of posts that carry it.
func (w *walker) identifier(i int32) {
	x := w.x
	if w.hub(i) {
		return
	}
	kind, _, _ := strings.Cut(x.name(i), ":")
	ev := graph.EvidenceCode(graph.SharedEvidence(graph.IdentKind(kind)))
	users, ok := w.sh.users[i]
	if !ok {
		start := len(w.sh.userSlab)
		users = w.sh.userSlab
		for _, e := range x.edges(i) {
			if e.kind != lUses || e.out {
				continue
			}
			a, ok := e.to, e.tk == kAccount
			if e.tk == kPost {
				a, ok = x.author(e.to)
			}
			if ok && !w.skips(a) {
				users = append(users, a)
			}
		}
		w.sh.userSlab = users
		users = users[start:len(users):len(users)]
		w.sh.users[i] = users
	}
	for _, a := range users {
		w.add(a, ev, i, false)
	}
}

// post follows the ties of one of the account's own posts.
func (w *walker) post(p int32) {
	x := w.x
	for _, e := range x.edges(p) {
		switch e.kind {
		case lUses:
			if e.out {
				w.identifier(e.to)
			}
		case lReposts:
			if e.out {
				if a, ok := x.author(e.to); ok {
					w.emit(a, kAccount, evRepost, e.to, false)
				}
			} else { // reposted by an account, or by a post of an account
				a, ok := e.to, e.tk == kAccount
				if !ok {
					a, ok = x.author(e.to)
				}
				if ok {
					w.emit(a, kAccount, evRepost, p, true)
				}
			}
		case lReplies:
			if e.out {
				if a, ok := x.author(e.to); ok {
					w.emit(a, kAccount, evReply, e.to, false)
				}
			} else if a, ok := x.author(e.to); ok {
				w.emit(a, kAccount, evReply, p, true)
			}
		case lMentions:
			if e.out {
				w.emit(e.to, e.tk, evMention, p, false)
			}
		}
	}
}

// page ties the account to the page's other admins and members.
func (w *walker) page(pg int32, admin bool) {
	x := w.x
	if w.hub(pg) {
		return
	}
	large := int(x.adjLen[pg]) > w.memberLimit
	members, ok := w.sh.members[pg]
	if !ok {
		start := len(w.sh.memberSlab)
		members = w.sh.memberSlab
		for _, e := range x.edges(pg) {
			if !e.out && (e.kind == lAdminOf || e.kind == lMemberOf) && e.tk == kAccount && !w.skips(e.to) {
				members = append(members, e)
			}
		}
		w.sh.memberSlab = members
		members = members[start:len(members):len(members)]
		w.sh.members[pg] = members
	}
	for _, e := range members {
		other := e.kind == lAdminOf
		if large && !admin && !other {
			continue // co-membership of a large page is not evidence
		}
		switch {
		case admin && other:
			w.add(e.to, evCoAdmin, pg, false)
		case admin:
			w.add(e.to, evPageMember, pg, false)
		case other:
			w.add(e.to, evPageMember, pg, true)
		default:
			w.add(e.to, evCoMember, pg, false)
		}
	}
}
