package bolt_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"reflect"
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
