package bolt

import (
	"context"
	"slices"
	"strings"

	"github.com/takedown/takedown/graph"
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
	hubLimit := opt.HubLimit
	if hubLimit <= 0 {
		hubLimit = graph.DefaultHubLimit
	}
	memberLimit := opt.MemberLimit
	if memberLimit <= 0 {
		memberLimit = graph.DefaultMemberLimit
	}
	x := s.x
	x.mu.RLock()
	defer x.mu.RUnlock()
	set := &graph.StepSet{Steps: make([]graph.Step, 0, 16*len(from))}
	hubs := map[int32]bool{}
	dedup := map[stepKey]bool{}
	var skipped map[int32]bool // opt.Skip's answers, asked once per account
	if opt.Skip != nil {
		skipped = map[int32]bool{}
	}
	// What every start shares: the accounts behind an identifier and the
	// admins and members of a page that survive Skip, found once.
	sh := &shared{users: map[int32][]int32{}, members: map[int32][]edge{}}
	for _, id := range from {
		a, ok := x.lookup(id)
		if !ok || x.kind(a) != kAccount {
			set.Unknown = append(set.Unknown, id)
			continue
		}
		clear(dedup)
		w := walker{x: x, from: a, fromID: id, hubLimit: hubLimit, memberLimit: memberLimit, set: set, hubs: hubs, dedup: dedup, skip: opt.Skip, skipRef: opt.SkipRef, skipped: skipped, sh: sh}
		w.expand()
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	return set, nil
}

type stepKey struct {
	to      int32
	via     int32
	ev      uint8
	reverse bool
}

// evCode numbers the kinds of evidence for the step keys.
var evCode = func() map[graph.Evidence]uint8 {
	m := map[graph.Evidence]uint8{}
	for e := range graph.DefaultWeights {
		m[e] = 0
	}
	keys := make([]string, 0, len(m))
	for e := range m {
		keys = append(keys, string(e))
	}
	slices.Sort(keys)
	for i, k := range keys {
		m[graph.Evidence(k)] = uint8(i + 1)
	}
	return m
}()

// evNames is the inverse of evCode.
var evNames = func() []graph.Evidence {
	out := make([]graph.Evidence, len(evCode)+1)
	for e, c := range evCode {
		out[c] = e
	}
	return out
}()

var (
	evFollows    = evCode[graph.EvFollows]
	evMention    = evCode[graph.EvMention]
	evContact    = evCode[graph.EvContact]
	evSameAs     = evCode[graph.EvSameAs]
	evRepost     = evCode[graph.EvRepost]
	evReply      = evCode[graph.EvReply]
	evCoAdmin    = evCode[graph.EvCoAdmin]
	evPageMember = evCode[graph.EvPageMember]
	evCoMember   = evCode[graph.EvCoMember]
)

type walker struct {
	x        *index
	from     int32
	fromID   string
	hubLimit int
	// memberLimit bounds the pages whose members tie to each other.
	memberLimit int
	set         *graph.StepSet
	hubs        map[int32]bool
	dedup       map[stepKey]bool
	skip        func(string) bool
	skipRef     func(int32) bool
	skipped     map[int32]bool
	sh          *shared
}

type shared struct {
	users   map[int32][]int32 // identifier → accounts using it, directly or in a post
	members map[int32][]edge  // page → its admin and member edges to accounts
}

// skips reports whether the caller asked to leave out steps to account a.
func (w *walker) skips(a int32) bool {
	if w.skipRef != nil {
		return w.skipRef(a + 1)
	}
	if w.skip == nil {
		return false
	}
	sk, ok := w.skipped[a]
	if !ok {
		sk = w.skip(w.x.name(a))
		w.skipped[a] = sk
	}
	return sk
}

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

// add adds a step to an account known to be wanted.
func (w *walker) add(to int32, ev uint8, via int32, reverse bool) {
	x := w.x
	if to == w.from {
		return
	}
	k := stepKey{to: to, via: via, ev: ev, reverse: reverse}
	if w.dedup[k] {
		return
	}
	w.dedup[k] = true
	w.set.Steps = append(w.set.Steps, graph.Step{})
	st := &w.set.Steps[len(w.set.Steps)-1]
	r := &x.nodes[to]
	*st = graph.Step{From: w.fromID, To: x.name(to), Evidence: evNames[ev], Reverse: reverse,
		ToPlatform: x.get(r.platform), ToHandle: x.get(r.handle), ToStatus: statusName[r.status],
		FromRef: w.from + 1, ToRef: to + 1}
	if via >= 0 {
		st.Via = x.name(via)
		switch x.kind(via) {
		case kIdent:
			_, st.ViaLabel, _ = strings.Cut(st.Via, ":")
		case kPage:
			st.ViaLabel = x.get(x.nodes[via].label)
		}
	}
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
	ev := evCode[graph.SharedEvidence(graph.IdentKind(kind))]
	users, ok := w.sh.users[i]
	if !ok {
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
		for _, e := range x.edges(pg) {
			if !e.out && (e.kind == lAdminOf || e.kind == lMemberOf) && e.tk == kAccount && !w.skips(e.to) {
				members = append(members, e)
			}
		}
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
