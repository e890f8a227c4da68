package bolt

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/graph/ingest"
)

// TestRankAccounts checks the ranks against a sort of the ids, with ids
// that the 16-byte keys alone cannot order (a long shared prefix, one id a
// prefix of another, ids shorter than a key), that nothing is ranked until
// a walk asks, and that a walk on an index that has outgrown its ranks
// starts a new ranking.
func TestRankAccounts(t *testing.T) {
	ctx := context.Background()
	s, err := Open(t.TempDir(), Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var b strings.Builder
	add := func(from, n int) {
		b.Reset()
		for i := from; i < from+n; i++ {
			id := []string{"x:%d", "tg:a_very_long_shared_handle_%d", "tg:a_very_long_shared_handle", "tt:%x", "y:é%d"}[i%5]
			if strings.Contains(id, "%") {
				id = fmt.Sprintf(id, (i*7919)%100003)
			} else {
				id = fmt.Sprint(id, strings.Repeat("_", i%7), i)
			}
			fmt.Fprintf(&b, `{"type":"account","id":%q,"platform":"x","handle":"h%d"}`+"\n", id, i)
			fmt.Fprintf(&b, `{"type":"post","id":"x:post/%d","platform":"x","author":%q,"text":"p"}`+"\n", i, id)
		}
		if _, err := ingest.Reader(ctx, s, strings.NewReader(b.String()), ingest.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	check := func(wantAll bool) {
		t.Helper()
		p := s.ranks.Load()
		if p == nil {
			t.Fatal("no ranks")
		}
		ranks := *p
		var byRank, byID []string
		covered, accounts := 0, 0
		s.x.mu.RLock()
		for i := range s.x.size() {
			if s.x.nodes[i].kind != kAccount {
				if i < len(ranks) && ranks[i] != 0 {
					t.Fatalf("node %d (%s) is not an account but has rank %d", i, s.x.name(int32(i)), ranks[i])
				}
				continue
			}
			accounts++
			if i < len(ranks) && ranks[i] != 0 {
				covered++
				byRank = append(byRank, fmt.Sprintf("%012d %s", ranks[i], s.x.name(int32(i))))
				byID = append(byID, s.x.name(int32(i)))
			}
		}
		s.x.mu.RUnlock()
		slices.Sort(byRank)
		slices.Sort(byID)
		for i := range byID {
			if got := byRank[i][13:]; got != byID[i] {
				t.Fatalf("rank %d is %q, the %d-th id is %q", i+1, got, i+1, byID[i])
			}
		}
		if wantAll && covered != accounts {
			t.Fatalf("%d of %d accounts ranked", covered, accounts)
		}
		if covered == 0 {
			t.Fatal("nothing ranked")
		}
	}
	add(0, 3000)
	if s.ranks.Load() != nil {
		t.Fatal("ranked before any walk asked for steps")
	}
	s.startRanking()
	s.WaitRanks()
	check(true)

	// A few more accounts stay unranked; a walk does not re-rank for them.
	add(3000, 100)
	if _, err := graph.Linked(ctx, s, "x:0", graph.LinkedOptions{Depth: 1}); err != nil && graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Fatal(err)
	}
	s.WaitRanks()
	if len(*s.ranks.Load()) == s.x.size() {
		t.Fatal("re-ranked after a small ingest")
	}
	check(false)

	// Walks while batches are ingested start rankings that run beside the
	// writes (for the race detector); a last ranking covers every account.
	done := make(chan error)
	go func() {
		var b strings.Builder
		for k := range 10 {
			b.Reset()
			for i := range 600 {
				fmt.Fprintf(&b, `{"type":"account","id":"c:%d-%d","platform":"x","handle":"c"}`+"\n", k, i)
				fmt.Fprintf(&b, `{"type":"link","kind":"follows","from":"x:0","to":"c:%d-%d"}`+"\n", k, i)
			}
			if _, err := ingest.Reader(ctx, s, strings.NewReader(b.String()), ingest.Options{}); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	for running := true; running; {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			running = false
		default:
			if _, err := graph.Linked(ctx, s, "x:0", graph.LinkedOptions{Depth: 2, Limit: 5}); err != nil {
				t.Fatal(err)
			}
		}
	}
	s.WaitRanks()
	s.RankIDs()
	check(true)

	// Many more: the next walk starts a ranking that covers them.
	add(3100, 4000)
	page, err := s.SearchAccounts(ctx, graph.AccountQuery{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := graph.Linked(ctx, s, page.Items[0].ID, graph.LinkedOptions{Depth: 1}); err != nil {
		t.Fatal(err)
	}
	s.WaitRanks()
	check(true)
}
