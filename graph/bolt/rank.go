package bolt

import (
	"cmp"
	"encoding/binary"
	"slices"
	"strings"
)

// Ranks of account ids.
//
// A linked-accounts walk orders the accounts that tie on strength and
// depth by id, and on a large store most of a walk's ties are one large
// group (the accounts reached through the same evidence): reading their
// ids means cache misses in the string arena, for the span and for the
// bytes. The store therefore numbers its accounts in the order of their
// ids, and a walk compares those numbers (graph.RefStepSet.Ranks).
//
// The ranks are computed in the background when a walk asks for steps and
// the index has grown by more than rerankGrowth since the last ranking (or
// was never ranked): not at Open, so that commands that walk nothing (an
// ingest, an audit check) neither pay for them nor wait for them at Close. Nodes added since the last ranking have no rank, and
// a tie group holding one is ordered by reading ids, so answers never
// depend on the ranks. Ids never change, so a rank stays true for its node.

// rerankGrowth is the growth of the index (in nodes, of any kind) since
// the last ranking beyond which a walk starts a new one: a thirty-second
// of the ranked nodes plus 4,096, so that a trickle of small ingests does
// not re-rank a large store again and again (ranking 1M accounts takes
// about 0.35 s of one core; bench/RESULTS-http.md).
func rerankGrowth(ranked int) int { return ranked/32 + 4096 }

// rankKey is an account in the ranking sort: the first 16 bytes of its id
// as two big-endian words, which order as the bytes do and decide almost
// every comparison without reading the id again.
type rankKey struct {
	hi, lo uint64
	at     uint32 // index in ids
}

// rankAccounts ranks the accounts the index holds now and publishes the
// ranks (node number → rank, 0 for a node that is not a ranked account).
// The ids (strings into the index's arena, whose bytes never change) are
// gathered under the read lock and sorted without it.
func (s *Store) rankAccounts() {
	x := s.x
	x.mu.RLock()
	n := x.size()
	nodes := make([]uint32, 0, n/2)
	ids := make([]string, 0, n/2)
	for i := range n {
		if x.nodes[i].kind == kAccount {
			nodes = append(nodes, uint32(i))
			ids = append(ids, x.name(int32(i)))
		}
	}
	x.mu.RUnlock()
	keys := make([]rankKey, len(ids))
	for i, id := range ids {
		var b [16]byte
		copy(b[:], id)
		keys[i] = rankKey{binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:]), uint32(i)}
	}
	slices.SortFunc(keys, func(a, b rankKey) int {
		if c := cmp.Compare(a.hi, b.hi); c != 0 {
			return c
		}
		if c := cmp.Compare(a.lo, b.lo); c != 0 {
			return c
		}
		return strings.Compare(ids[a.at], ids[b.at])
	})
	ranks := make([]uint32, n)
	for pos, k := range keys {
		ranks[nodes[k.at]] = uint32(pos + 1)
	}
	s.ranks.Store(&ranks)
}

// startRanking ranks the accounts in the background, unless a ranking is
// running or the store is closed (Close waits for a running one).
func (s *Store) startRanking() {
	if s.noRanks || !s.ranking.CompareAndSwap(false, true) {
		return
	}
	s.closeMu.RLock()
	defer s.closeMu.RUnlock()
	if s.closed {
		s.ranking.Store(false)
		return
	}
	s.rankWG.Add(1)
	go func() {
		defer s.rankWG.Done()
		defer s.ranking.Store(false)
		s.rankAccounts()
	}()
}

// currentRanks returns the published ranks (nil before the first ranking),
// and starts a new ranking if the index has outgrown them. The caller holds
// the index's read lock.
func (s *Store) currentRanks() []uint32 {
	if s.noRanks {
		return nil
	}
	var ranks []uint32
	if p := s.ranks.Load(); p != nil {
		ranks = *p
	}
	if s.x.size()-len(ranks) > rerankGrowth(len(ranks)) {
		s.startRanking()
	}
	return ranks
}

// WaitRanks waits until no ranking is running. For tests; it must not race
// with walks that may start a ranking.
func (s *Store) WaitRanks() { s.rankWG.Wait() }

// RankIDs ranks the account ids now and waits (a server can call it before
// it listens, a benchmark before it measures); if a ranking is already
// running it waits for that one instead.
func (s *Store) RankIDs() {
	s.startRanking()
	s.WaitRanks()
}
