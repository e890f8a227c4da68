package bolt_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/takedown/takedown/generate"
	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/graph/bolt"
	"github.com/takedown/takedown/graph/ingest"
)

// generated opens a store in dir holding a generated scenario, ingested in
// batches of batch records (the default if 0).
func generated(t testing.TB, dir string, accounts int, seed int64, batch int) *bolt.Store {
	t.Helper()
	var buf bytes.Buffer
	if _, err := generate.Generate(&buf, nil, generate.Options{Accounts: accounts, Seed: seed}); err != nil {
		t.Fatal(err)
	}
	s, err := bolt.Open(dir, bolt.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	open := func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }
	if _, err := ingest.File(context.Background(), s, open, ingest.Options{BatchSize: batch, Region: "GB"}); err != nil {
		s.Close()
		t.Fatal(err)
	}
	return s
}

// TestReopenSameAnswers checks the index journal: a store written in many
// batches, with summaries changed by a later batch, answers the same after
// it is closed and opened again (the index then comes from the journal).
func TestReopenSameAnswers(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := generated(t, dir, 1500, 3, 700)
	// Change the summaries of some accounts (status and name) in a later batch.
	var ids []string
	page, err := s.SearchAccounts(ctx, graph.AccountQuery{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	var upd strings.Builder
	for i, e := range page.Items {
		ids = append(ids, e.ID)
		if i%3 == 0 {
			upd.WriteString(`{"type":"account","id":` + quote(e.ID) + `,"platform":` + quote(e.Platform) + `,"handle":` + quote(e.Handle) + `,"name":"Renamed ` + e.Handle + `","status":"removed"}` + "\n")
		}
	}
	if _, err := ingest.Reader(ctx, s, strings.NewReader(upd.String()), ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	snapshot := func(s *bolt.Store) []any {
		st, err := s.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		out := []any{st}
		for _, id := range ids {
			r, err := graph.Linked(ctx, s, id, graph.LinkedOptions{Depth: 2})
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, r)
		}
		for _, q := range []string{"renamed", "a", "m"} {
			p, err := s.SearchAccounts(ctx, graph.AccountQuery{Q: q, Limit: 50})
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, p)
		}
		return out
	}
	before := snapshot(s)
	if st := before[0].(*graph.Stats); st.Status[graph.StatusRemoved] < len(ids)/3 {
		t.Fatalf("the update did not change statuses: %+v", st.Status)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = bolt.Open(dir, bolt.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	after := snapshot(s)
	for i := range before {
		if !reflect.DeepEqual(before[i], after[i]) {
			t.Fatalf("answer %d differs after reopen:\nbefore %+v\nafter  %+v", i, before[i], after[i])
		}
	}
}

// quote is s as a JSON string.
func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestLinkedLimitIsPrefix checks that a page of linked accounts is the
// start of the full ordering, also when the page is chosen from many more
// accounts than it holds.
func TestLinkedLimitIsPrefix(t *testing.T) {
	ctx := context.Background()
	s := generated(t, t.TempDir(), 3000, 11, 0)
	defer s.Close()
	page, err := s.SearchAccounts(ctx, graph.AccountQuery{Limit: 300})
	if err != nil {
		t.Fatal(err)
	}
	big := 0
	for _, e := range page.Items {
		full, err := graph.Linked(ctx, s, e.ID, graph.LinkedOptions{Depth: 3, Limit: 100000})
		if err != nil {
			t.Fatal(err)
		}
		for _, limit := range []int{1, 5, 20} {
			r, err := graph.Linked(ctx, s, e.ID, graph.LinkedOptions{Depth: 3, Limit: limit})
			if err != nil {
				t.Fatal(err)
			}
			if r.Total != full.Total {
				t.Fatalf("%s limit %d: total %d, want %d", e.ID, limit, r.Total, full.Total)
			}
			n := min(limit, len(full.Accounts))
			if !reflect.DeepEqual(r.Accounts, full.Accounts[:n]) {
				t.Fatalf("%s limit %d: the page is not the start of the full list", e.ID, limit)
			}
			if len(full.Accounts) > 2*limit {
				big++
			}
		}
	}
	if big < 20 {
		t.Fatalf("only %d walks found more than twice the page; the test needs larger networks", big)
	}
}

// noRefs hides the store's refs (graph.RefSource), as a store without
// node numbers would: Linked then numbers the ids itself.
type noRefs struct{ s *bolt.Store }

func (n noRefs) Steps(ctx context.Context, from []string, opt graph.StepOptions) (*graph.StepSet, error) {
	return n.s.Steps(ctx, from, opt)
}

// TestLinkedSameWithoutRefs checks that linked accounts walked on the
// store's refs are the same as walked on its Steps by id.
func TestLinkedSameWithoutRefs(t *testing.T) {
	ctx := context.Background()
	s := generated(t, t.TempDir(), 2000, 5, 0)
	defer s.Close()
	page, err := s.SearchAccounts(ctx, graph.AccountQuery{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, e := range page.Items {
		for _, depth := range []int{1, 2, 3} {
			a, err1 := graph.Linked(ctx, s, e.ID, graph.LinkedOptions{Depth: depth})
			b, err2 := graph.Linked(ctx, noRefs{s}, e.ID, graph.LinkedOptions{Depth: depth})
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			if !reflect.DeepEqual(a, b) {
				t.Fatalf("%s depth %d: with refs %+v\nwithout %+v", e.ID, depth, a, b)
			}
			found += a.Total
		}
	}
	if found == 0 {
		t.Fatal("no linked accounts at all: the scenario is not linked")
	}
}

// TestSettle checks that Settle returns once a bulk load's compactions are
// done, well within a minute for a small store.
func TestSettle(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s := generated(t, t.TempDir(), 3000, 2, 500)
	defer s.Close()
	if err := s.Settle(ctx); err != nil {
		t.Fatalf("Settle: %v", err)
	}
}

// stepsOnly hides a store's RefSource methods, so that graph.Linked walks
// it through Steps and ids (its own numbering, no ranks): the reference
// for the ranked walks.
type stepsOnly struct{ graph.StepSource }

// TestLinkedSameWithRanks checks that ordering ties by the ranks of the
// account ids (rank.go) gives the answers that reading the ids gives: the
// same store opened with ranks and without, with tight limits so that ties
// are cut; then, after accounts are added that the ranks do not cover yet
// (tie groups mixing ranked and unranked accounts), against walks through
// ids alone.
func TestLinkedSameWithRanks(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := generated(t, dir, 3000, 6, 0)
	s.Close()
	open := func(noRanks bool) *bolt.Store {
		s, err := bolt.Open(dir, bolt.Options{NoIDRanks: noRanks})
		if err != nil {
			t.Fatal(err)
		}
		s.RankIDs()
		return s
	}
	opts := []graph.LinkedOptions{{Depth: 2}, {Depth: 2, Limit: 3}, {Depth: 3, Limit: 17, MaxExpand: 5}, {Depth: 1, Limit: 2}}
	answers := func(src graph.StepSource, ids []string) (map[string][]byte, int) {
		out, ties := map[string][]byte{}, 0
		for _, id := range ids {
			for i, o := range opts {
				r, err := graph.Linked(ctx, src, id, o)
				if err != nil {
					t.Fatal(err)
				}
				for j := 1; j < len(r.Accounts); j++ {
					if r.Accounts[j].Strength == r.Accounts[j-1].Strength && r.Accounts[j].Depth == r.Accounts[j-1].Depth {
						ties++
					}
				}
				out[fmt.Sprint(id, " ", i)], _ = r.AppendJSON(nil)
			}
		}
		return out, ties
	}
	same := func(what string, a, b map[string][]byte) {
		t.Helper()
		for k, v := range a {
			if !bytes.Equal(v, b[k]) {
				t.Fatalf("%s, %s:\n%s\n%s", what, k, v, b[k])
			}
		}
	}

	ranked := open(false)
	page, err := ranked.SearchAccounts(ctx, graph.AccountQuery{Limit: 150})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range page.Items {
		ids = append(ids, e.ID)
	}
	withRanks, ties := answers(ranked, ids)
	if ties == 0 {
		t.Fatal("no ties: the test orders nothing by id")
	}
	ranked.Close()
	plain := open(true)
	byIDs, _ := answers(plain, ids)
	plain.Close()
	same("ranked and unranked stores", withRanks, byIDs)

	ranked = open(false)
	defer ranked.Close()

	// New accounts, each followed by one of the walked accounts: they tie
	// with its other followed accounts, and have no rank (far fewer than a
	// re-ranking needs).
	var add strings.Builder
	for i, id := range ids[:60] {
		fmt.Fprintf(&add, `{"type":"account","id":"%s-%d","platform":"telegram","handle":"n%d"}`+"\n", id, i, i)
		fmt.Fprintf(&add, `{"type":"link","kind":"follows","from":"%s","to":"%s-%d"}`+"\n", id, id, i)
	}
	if _, err := ingest.Reader(ctx, ranked, strings.NewReader(add.String()), ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	withRanks, _ = answers(ranked, ids)
	byIDs, _ = answers(stepsOnly{ranked}, ids)
	same("ranked store with unranked accounts, and walks by id", withRanks, byIDs)
	mixed := 0
	for _, id := range ids[:60] {
		r, err := graph.Linked(ctx, ranked, id, graph.LinkedOptions{Depth: 1})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range r.Accounts {
			if strings.HasPrefix(a.ID, id+"-") && slices.ContainsFunc(r.Accounts, func(b graph.LinkedAccount) bool {
				return b.Strength == a.Strength && !strings.HasPrefix(b.ID, id+"-")
			}) {
				mixed++
			}
		}
	}
	if mixed == 0 {
		t.Fatal("no tie group mixes ranked and unranked accounts")
	}
}
