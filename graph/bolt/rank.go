package bolt

import (
	"slices"
	"strings"
)

// rankIDs numbers the nodes loaded at Open in the order of their ids
// (rank 1 is the smallest), in the background: a linked-accounts walk
// orders the accounts that tie on strength by id, and comparing two ranks
// is one read of a small array where comparing two ids reads both from the
// string arena (cache misses on a large store). Nodes added later have no
// rank (0) and are compared by id. Ids never change, so the ranks stay
// true for the nodes they cover.
func (s *Store) rankIDs() {
	defer close(s.rankDone)
	v := s.x.view()
	n := v.size()
	if n == 0 {
		return
	}
	order := make([]uint32, n)
	for i := range order {
		order[i] = uint32(i)
	}
	slices.SortFunc(order, func(a, b uint32) int { return strings.Compare(v.name(a), v.name(b)) })
	ranks := make([]uint32, n)
	for pos, i := range order {
		ranks[i] = uint32(pos + 1)
	}
	s.ranks.Store(&ranks)
}

// RanksReady is closed once the nodes loaded at Open are ranked by id
// (linked-accounts walks use the ranks from then on, and ids before).
func (s *Store) RanksReady() <-chan struct{} { return s.rankDone }

// rankFunc gives a ref's rank, 0 if it has none; nil before the ranks are
// ready.
func (s *Store) rankFunc() func(ref int32) uint32 {
	p := s.ranks.Load()
	if p == nil {
		return nil
	}
	ranks := *p
	return func(ref int32) uint32 {
		if i := int(ref) - 1; i >= 0 && i < len(ranks) {
			return ranks[i]
		}
		return 0
	}
}
