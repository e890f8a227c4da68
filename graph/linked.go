package graph

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/takedown/takedown/internal/gentable"
)

// EvidenceKinds lists every kind of evidence in the order of their names.
// A kind's code (EvidenceCode) is its position in this list plus one, so
// codes compare as the names do.
var EvidenceKinds = func() []Evidence {
	out := make([]Evidence, 0, len(DefaultWeights))
	for e := range DefaultWeights {
		out = append(out, e)
	}
	slices.Sort(out)
	return out
}()

var evidenceCodes = func() map[Evidence]uint8 {
	m := make(map[Evidence]uint8, len(EvidenceKinds))
	for i, e := range EvidenceKinds {
		m[e] = uint8(i + 1)
	}
	return m
}()

// EvidenceCode is the code of a kind of evidence in a RefStep, 0 for an
// unknown kind.
func EvidenceCode(e Evidence) uint8 { return evidenceCodes[e] }

// RefStep is a Step between nodes named by refs: positive numbers that a
// RefSource gives its nodes (0 is no node, as an empty Via). Ev is the
// evidence's code (EvidenceCode).
type RefStep struct {
	From, To, Via int32
	Ev            uint8
	Reverse       bool
}

// RefStepSet is a StepSet over refs.
type RefStepSet struct {
	Steps   []RefStep
	Hubs    []Hub
	Unknown []int32 // the requested refs that are not accounts
	// Name gives the id of any ref in this set or in an earlier set of the
	// same walk. It is called often, to order ties, so it must be cheap.
	Name func(ref int32) string
	// Ranks, if not nil, numbers refs in the order of their ids: ref r
	// has rank Ranks[r-1], where 0 (or an r beyond the slice) is no rank.
	// Ties between ranked accounts are then ordered without reading ids,
	// which on a large store are cache misses in a string arena. It may
	// cover any subset of the refs, but must order those it ranks as
	// their ids order.
	Ranks []uint32
}

// RefNode is what a walk shows of a node it reached by ref.
type RefNode struct {
	ID               string
	Platform, Handle string // accounts
	Status           Status // accounts
	Label            string // what to show for a Via: an identifier's value, a page's name
}

// A RefSource is a StepSource that numbers its nodes. Linked then walks on
// the numbers and names only what it returns, which costs far less than
// carrying ids through every step of a large walk. It must give the steps
// that Steps gives, in the same order.
type RefSource interface {
	StepSource
	// Ref is the ref of the node with this id; false if there is none.
	Ref(id string) (int32, bool)
	// RefSteps is Steps over refs. Steps to accounts for which skip is
	// true may be left out. The set's Steps may be appended to buf[:0],
	// memory the caller no longer needs (it is reused from walk to walk).
	RefSteps(ctx context.Context, from []int32, opt StepOptions, skip func(ref int32) bool, buf []RefStep) (*RefStepSet, error)
	// Nodes describes refs that earlier RefSteps of the walk returned,
	// appended to buf[:0].
	Nodes(refs []int32, buf []RefNode) []RefNode
}

// refPath is a path of at most MaxDepth steps, by ref.
type refPath struct {
	steps    [MaxDepth]RefStep
	n        int
	strength float64
}

// walkNode is an account reached by a walk; its paths are
// walk.paths[i*maxPaths : i*maxPaths+npaths].
type walkNode struct {
	ref      int32
	depth    int
	npaths   int
	strength float64
}

type walk struct {
	opt      *LinkedOptions
	weights  [64]float64 // by evidence code; 0 leaves the evidence out
	nodes    []walkNode  // nodes[0] is the start
	paths    []refPath
	visited  gentable.Table[int32, int32] // ref → index in nodes
	name     func(int32) string
	ranks    []uint32
	maxPaths int
	// Memory kept from walk to walk: the steps of a level, and what
	// ordering and naming the answer use.
	steps []RefStep
	refs  []int32
	seen  gentable.Table[int32, int32] // ref → index in refs and info
	info  []RefNode
	ns    []named
	rs    []ranked
	st    []float64
	texts gentable.Table[uint64, string] // (via, evidence, reverse) → Describe
}

// Linked walks from one account to every account within opt.Depth steps of
// evidence, keeping for each the strongest shortest paths. Hubs met on the
// way are reported, not expanded.
//
// The walk is breadth first. Each level expands the accounts of the level
// before (the start, then the strongest first, at most opt.MaxExpand in
// all); an account's paths are its parents' paths extended by one step,
// and it keeps the opt.MaxPaths strongest (ties ordered by the steps' ids).
// A path's strength is the product of its steps' weights, an account's the
// noisy-or of its kept paths. Accounts are ordered by strength, then
// depth, then id.
func Linked(ctx context.Context, src StepSource, from string, opt LinkedOptions) (*LinkedResult, error) {
	if err := opt.defaults(); err != nil {
		return nil, err
	}
	rs, ok := src.(RefSource)
	if !ok {
		rs = newInterned(src)
	}
	start, ok := rs.Ref(from)
	if !ok {
		return nil, Errorf(ENOTFOUND, "account %q not found", from)
	}
	w := walks.Get().(*walk)
	defer w.release()
	w.opt, w.maxPaths = &opt, opt.MaxPaths
	clear(w.weights[:])
	for i, e := range EvidenceKinds {
		if len(opt.Kinds) > 0 && !slices.Contains(opt.Kinds, e) {
			continue
		}
		wt, ok := opt.Weights[e]
		if !ok {
			wt = DefaultWeights[e]
		}
		w.weights[i+1] = wt
	}
	w.add(start, 0)
	res := &LinkedResult{From: from, Depth: opt.Depth, Accounts: []LinkedAccount{}}
	hubs := map[string]Hub{}
	frontier := []int32{start}
	budget := opt.MaxExpand + 1 // the start is expanded too
	for depth := 1; depth <= opt.Depth && len(frontier) > 0 && budget > 0; depth++ {
		if len(frontier) > budget {
			frontier, res.Truncated = frontier[:budget], true
		}
		budget -= len(frontier)
		d := depth
		skip := func(ref int32) bool { i, ok := w.visited.Get(ref); return ok && w.nodes[i].depth < d }
		set, err := rs.RefSteps(ctx, frontier, StepOptions{HubLimit: opt.HubLimit}, skip, w.steps)
		if err != nil {
			return nil, err
		}
		w.steps = set.Steps[:0]
		if depth == 1 && slices.Contains(set.Unknown, start) {
			return nil, Errorf(ENOTFOUND, "account %q not found", from)
		}
		w.name, w.ranks = set.Name, set.Ranks
		mergeHubs(hubs, set.Hubs)
		level := len(w.nodes)
		if w.level(set.Steps, depth) {
			res.Truncated = true
		}
		for i := level; i < len(w.nodes); i++ {
			n := &w.nodes[i]
			miss := 1.0
			for _, p := range w.paths[i*w.maxPaths : i*w.maxPaths+n.npaths] {
				miss *= 1 - p.strength
			}
			n.strength = round6(1 - miss)
		}
		if depth == opt.Depth {
			break // the last level is not expanded
		}
		// Expand the strongest first, so a walk cut short by its step
		// budget has followed the best evidence.
		if budget > 0 && len(w.nodes)-level > budget {
			res.Truncated = true // the next level expands only the strongest
		}
		next := w.ordered(level, len(w.nodes), budget, false)
		frontier = make([]int32, len(next))
		for i, n := range next {
			frontier[i] = w.nodes[n].ref
		}
	}
	if opt.Walked != nil {
		opt.Walked()
	}
	kept := make([]int32, 0, len(w.nodes)-1)
	for i := 1; i < len(w.nodes); i++ {
		if w.nodes[i].strength >= opt.MinStrength {
			kept = append(kept, int32(i))
		}
	}
	res.Total = len(kept)
	top := w.order(kept, opt.Limit, true)
	if res.Total > opt.Limit {
		res.Truncated = true
	}
	res.Accounts = w.accounts(rs, top)
	res.Hubs = sortedHubs(hubs)
	return res, nil
}

// walks keeps walks' memory for the next walk: a large walk reaches
// thousands of accounts.
var walks = sync.Pool{New: func() any { w := &walk{}; w.visited.Init(12); w.seen.Init(9); w.texts.Init(7); return w }}

func (w *walk) release() {
	if len(w.nodes) > 1<<16 || cap(w.steps) > 1<<20 {
		return // an outsized walk is left to the collector
	}
	w.opt, w.name, w.ranks = nil, nil, nil
	w.nodes, w.paths = w.nodes[:0], w.paths[:0]
	w.visited.Reset()
	clear(w.info)           // the store's strings; Nodes filled exactly these
	clear(w.ns[:cap(w.ns)]) // the last group may be shorter than an earlier one
	w.steps, w.refs, w.info, w.ns, w.rs, w.st = w.steps[:0], w.refs[:0], w.info[:0], w.ns[:0], w.rs[:0], w.st[:0]
	w.seen.Reset()
	w.texts.Reset() // its strings stay until overwritten: they are the answers' own
	walks.Put(w)
}

// level adds one level's steps; it reports whether the walk's size limit
// left accounts out.
func (w *walk) level(steps []RefStep, depth int) (truncated bool) {
	mp := w.maxPaths
	var from, parent int32 // the last step's From and its node
	for i := range steps {
		s := &steps[i]
		if s.To == s.From {
			continue
		}
		wt := w.weights[s.Ev]
		if wt <= 0 {
			continue
		}
		n, ok := w.visited.Get(s.To)
		if ok && w.nodes[n].depth < depth {
			continue
		}
		if !ok {
			if len(w.nodes) >= w.opt.MaxVisited+1 { // the start, those reached before, this level
				truncated = true
				continue
			}
			n = w.add(s.To, depth)
		}
		if depth == 1 {
			c := refPath{n: 1, strength: wt}
			c.steps[0] = *s
			w.keep(n, &c)
			continue
		}
		if s.From != from {
			from = s.From
			parent, _ = w.visited.Get(s.From)
		}
		for j := range w.nodes[parent].npaths {
			c := w.paths[int(parent)*mp+j]
			c.steps[c.n] = *s
			c.n++
			c.strength = round6(c.strength * wt)
			w.keep(n, &c)
		}
	}
	return truncated
}

// add adds a node without paths.
func (w *walk) add(ref int32, depth int) int32 {
	n := int32(len(w.nodes))
	w.nodes = append(w.nodes, walkNode{ref: ref, depth: depth})
	w.paths = slices.Grow(w.paths, w.maxPaths)
	w.paths = w.paths[:len(w.paths)+w.maxPaths] // grown memory is zero, and paths count by npaths
	v, _ := w.visited.Slot(ref)
	*v = n
	return n
}

// keep inserts the candidate path into node n's paths, which hold at most
// maxPaths ordered by strength, then by their steps.
func (w *walk) keep(n int32, c *refPath) {
	ps := w.paths[int(n)*w.maxPaths : (int(n)+1)*w.maxPaths]
	cnt := w.nodes[n].npaths
	i := cnt
	for i > 0 {
		a := &ps[i-1]
		if c.strength != a.strength {
			if c.strength < a.strength {
				break
			}
		} else if w.comparePath(c, a) >= 0 {
			break
		}
		i--
	}
	if i >= len(ps) {
		return
	}
	if cnt < len(ps) {
		cnt++
		w.nodes[n].npaths = cnt
	}
	copy(ps[i+1:cnt], ps[i:cnt-1])
	ps[i] = *c
}

func (w *walk) comparePath(a, b *refPath) int {
	for i := range min(a.n, b.n) {
		if c := w.compareStep(&a.steps[i], &b.steps[i]); c != 0 {
			return c
		}
	}
	return cmp.Compare(a.n, b.n)
}

// compareStep orders steps by From, To, Evidence, Via and Reverse, as
// their ids and names compare.
func (w *walk) compareStep(a, b *RefStep) int {
	if c := w.compareRef(a.From, b.From); c != 0 {
		return c
	}
	if c := w.compareRef(a.To, b.To); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Ev, b.Ev); c != 0 {
		return c
	}
	if c := w.compareRef(a.Via, b.Via); c != 0 {
		return c
	}
	return boolCmp(a.Reverse, b.Reverse)
}

// compareRef compares the ids of two refs (ref 0 is the empty id); refs
// are distinct exactly when ids are.
func (w *walk) compareRef(a, b int32) int {
	switch {
	case a == b:
		return 0
	case a == 0:
		return -1
	case b == 0:
		return 1
	}
	return strings.Compare(w.name(a), w.name(b))
}

// ordered returns nodes[from:to] ordered by order, at most limit of them.
func (w *walk) ordered(from, to, limit int, byDepth bool) []int32 {
	idx := make([]int32, 0, to-from)
	for i := from; i < to; i++ {
		idx = append(idx, int32(i))
	}
	return w.order(idx, limit, byDepth)
}

// order returns the first limit of the nodes idx, ordered strongest first,
// then (if byDepth) shallowest first, then by id. Ids are read only to
// order nodes that tie on the numbers and that the source does not rank,
// and of such a tied group cut by the limit only the first are ordered.
func (w *walk) order(idx []int32, limit int, byDepth bool) []int32 {
	if limit <= 0 {
		return nil
	}
	if len(idx) > 2*limit {
		st := w.st[:0]
		for _, n := range idx {
			st = append(st, w.nodes[n].strength)
		}
		w.st = st
		slices.Sort(st)
		thr := st[len(st)-limit]
		top := idx[:0]
		for _, n := range idx {
			if w.nodes[n].strength >= thr {
				top = append(top, n)
			}
		}
		idx = top
	}
	key := func(a, b int32) int {
		x, y := &w.nodes[a], &w.nodes[b]
		if c := cmp.Compare(y.strength, x.strength); c != 0 || !byDepth {
			return c
		}
		return cmp.Compare(x.depth, y.depth)
	}
	slices.SortFunc(idx, key)
	names := func(group []int32) []named {
		ns := w.ns[:0]
		for _, n := range group {
			ns = append(ns, named{n, w.name(w.nodes[n].ref)})
		}
		w.ns = ns
		return ns
	}
	if len(idx) > limit {
		// The group that ties with the limit-th node straddles the cut:
		// keep the first of it by id.
		lo, hi := limit-1, limit
		for lo > 0 && key(idx[lo-1], idx[limit-1]) == 0 {
			lo--
		}
		for hi < len(idx) && key(idx[hi], idx[limit-1]) == 0 {
			hi++
		}
		if !w.sortByRank(idx[lo:hi]) {
			g := names(idx[lo:hi])
			smallest(g, limit-lo)
			for i := range limit - lo {
				idx[lo+i] = g[i].n
			}
		}
		idx = idx[:limit]
	}
	for i := 0; i < len(idx); {
		j := i + 1
		for j < len(idx) && key(idx[i], idx[j]) == 0 {
			j++
		}
		if j-i > 1 && !w.sortByRank(idx[i:j]) {
			g := names(idx[i:j])
			slices.SortFunc(g, func(a, b named) int { return strings.Compare(a.name, b.name) })
			for k := range g {
				idx[i+k] = g[k].n
			}
		}
		i = j
	}
	return idx
}

type ranked struct {
	n    int32
	rank uint32
}

// sortByRank orders a group of nodes by id through their refs' ranks
// (RefStepSet.Ranks), if every one of them has a rank; it reports whether
// it did. A group with an unranked node is left to the ids.
func (w *walk) sortByRank(group []int32) bool {
	if w.ranks == nil {
		return false
	}
	rs := w.rs[:0]
	for _, n := range group {
		i := int(w.nodes[n].ref) - 1
		if i < 0 || i >= len(w.ranks) || w.ranks[i] == 0 {
			w.rs = rs
			return false
		}
		rs = append(rs, ranked{n, w.ranks[i]})
	}
	w.rs = rs
	slices.SortFunc(rs, func(a, b ranked) int { return cmp.Compare(a.rank, b.rank) })
	for i := range rs {
		group[i] = rs[i].n
	}
	return true
}

type named struct {
	n    int32
	name string
}

// smallest moves the k first of ns by name to ns[:k], in no order
// (quickselect; names are distinct).
func smallest(ns []named, k int) {
	lo, hi := 0, len(ns)
	for hi-lo > 16 {
		a, b, c := ns[lo].name, ns[lo+(hi-lo)/2].name, ns[hi-1].name
		p := max(min(a, b), min(max(a, b), c)) // the median of three
		lt, i, gt := lo, lo, hi
		for i < gt {
			switch c := strings.Compare(ns[i].name, p); {
			case c < 0:
				ns[lt], ns[i] = ns[i], ns[lt]
				lt++
				i++
			case c > 0:
				gt--
				ns[i], ns[gt] = ns[gt], ns[i]
			default:
				i++
			}
		}
		switch {
		case k <= lt:
			if k == lt {
				return
			}
			hi = lt
		case k <= gt:
			return
		default:
			lo = gt
		}
	}
	slices.SortFunc(ns[lo:hi], func(a, b named) int { return strings.Compare(a.name, b.name) })
}

// accounts names the nodes and their paths.
func (w *walk) accounts(rs RefSource, top []int32) []LinkedAccount {
	refs := w.refs[:0]
	note := func(r int32) {
		if r == 0 {
			return
		}
		if i, found := w.seen.Slot(r); !found {
			*i = int32(len(refs))
			refs = append(refs, r)
		}
	}
	for _, n := range top {
		note(w.nodes[n].ref)
		for _, p := range w.paths[int(n)*w.maxPaths : int(n)*w.maxPaths+w.nodes[n].npaths] {
			for _, s := range p.steps[:p.n] {
				note(s.From)
				note(s.To)
				note(s.Via)
			}
		}
	}
	w.refs = refs
	info := rs.Nodes(refs, w.info)
	w.info = info
	none := &RefNode{}
	node := func(r int32) *RefNode {
		if r == 0 {
			return none
		}
		i, _ := w.seen.Get(r)
		return &info[i]
	}
	// One allocation each for the answer's accounts, paths and steps.
	var npaths, nsteps int
	for _, n := range top {
		npaths += w.nodes[n].npaths
		for _, p := range w.paths[int(n)*w.maxPaths : int(n)*w.maxPaths+w.nodes[n].npaths] {
			nsteps += p.n
		}
	}
	out := make([]LinkedAccount, len(top))
	paths := make([]Path, npaths)
	steps := make([]Step, nsteps)
	for i, n := range top {
		wn := &w.nodes[n]
		a := node(wn.ref)
		la := LinkedAccount{ID: a.ID, Platform: a.Platform, Handle: a.Handle, Status: a.Status, Depth: wn.depth, Strength: wn.strength,
			Paths: paths[:wn.npaths:wn.npaths]}
		paths = paths[wn.npaths:]
		for j, p := range w.paths[int(n)*w.maxPaths : int(n)*w.maxPaths+wn.npaths] {
			ps := steps[:p.n:p.n]
			steps = steps[p.n:]
			for k, r := range p.steps[:p.n] {
				via := node(r.Via)
				st := &ps[k]
				*st = Step{From: node(r.From).ID, To: node(r.To).ID, Evidence: EvidenceKinds[r.Ev-1], Via: via.ID, ViaLabel: via.Label,
					Reverse: r.Reverse, Strength: w.weights[r.Ev]}
				st.Text = w.describe(st, r)
			}
			la.Paths[j] = Path{Steps: ps, Strength: p.strength}
		}
		out[i] = la
	}
	return out
}

// describe is st.Describe(), which depends only on the step's evidence,
// direction and Via; steps through the same node are described once.
func (w *walk) describe(st *Step, r RefStep) string {
	if r.Via == 0 {
		return st.Describe() // no Via: a constant
	}
	t, found := w.texts.Slot(uint64(uint32(r.Via))<<16 | uint64(r.Ev)<<1 | uint64(b2i(r.Reverse)))
	if !found {
		*t = st.Describe()
	}
	return *t
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// interned makes a RefSource of a StepSource that has no refs, numbering
// ids as its steps name them.
type interned struct {
	src   StepSource
	refs  map[string]int32
	nodes []RefNode // ref-1 → the node
}

func newInterned(src StepSource) *interned { return &interned{src: src, refs: map[string]int32{}} }

func (n *interned) Steps(ctx context.Context, from []string, opt StepOptions) (*StepSet, error) {
	return n.src.Steps(ctx, from, opt)
}

// Ref numbers any id: whether it is an account is for RefSteps to say.
func (n *interned) Ref(id string) (int32, bool) { return n.intern(id), true }

func (n *interned) intern(id string) int32 {
	if r, ok := n.refs[id]; ok {
		return r
	}
	n.nodes = append(n.nodes, RefNode{ID: id})
	r := int32(len(n.nodes))
	n.refs[id] = r
	return r
}

func (n *interned) RefSteps(ctx context.Context, from []int32, opt StepOptions, skip func(int32) bool, buf []RefStep) (*RefStepSet, error) {
	ids := make([]string, len(from))
	for i, r := range from {
		ids[i] = n.nodes[r-1].ID
	}
	opt.Skip = func(id string) bool { r, ok := n.refs[id]; return ok && skip(r) }
	set, err := n.src.Steps(ctx, ids, opt)
	if err != nil {
		return nil, err
	}
	out := &RefStepSet{Steps: slices.Grow(buf[:0], len(set.Steps))[:len(set.Steps)], Hubs: set.Hubs, Name: n.name}
	for i := range set.Steps {
		s := &set.Steps[i]
		rs := RefStep{From: n.intern(s.From), To: n.intern(s.To), Ev: EvidenceCode(s.Evidence), Reverse: s.Reverse}
		to := &n.nodes[rs.To-1]
		to.Platform, to.Handle, to.Status = s.ToPlatform, s.ToHandle, s.ToStatus
		if s.Via != "" {
			rs.Via = n.intern(s.Via)
			n.nodes[rs.Via-1].Label = s.ViaLabel
		}
		out.Steps[i] = rs
	}
	for _, id := range set.Unknown {
		out.Unknown = append(out.Unknown, n.intern(id))
	}
	return out, nil
}

func (n *interned) name(r int32) string { return n.nodes[r-1].ID }

func (n *interned) Nodes(refs []int32, buf []RefNode) []RefNode {
	out := buf[:0]
	for _, r := range refs {
		out = append(out, n.nodes[r-1])
	}
	return out
}
