package bolt

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/takedown/takedown/generate"
	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/graph/ingest"
)

// TestSearchTokenNumbers checks that search answers the same whether the
// token index names each account's node number (as stores write it now)
// or not (as older stores did, where search looks the id up): every page
// of many searches, followed by their cursors, before and after the
// numbers are blanked.
func TestSearchTokenNumbers(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(dir, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { s.Close() }()
	var buf bytes.Buffer
	if _, err := generate.Generate(&buf, nil, generate.Options{Accounts: 3000, Seed: 9}); err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.Reader(ctx, s, &buf, ingest.Options{Region: "GB"}); err != nil {
		t.Fatal(err)
	}
	first, err := s.SearchAccounts(ctx, graph.AccountQuery{Limit: 300})
	if err != nil {
		t.Fatal(err)
	}
	var queries []graph.AccountQuery
	for i, e := range first.Items {
		h := strings.ToLower(e.Handle)
		q := graph.AccountQuery{Q: h[:min(len(h), 1+i%4)], Limit: 1 + i%40}
		switch i % 5 {
		case 1:
			q.Platform = e.Platform
		case 2:
			q.Status = e.Status
		case 3:
			if w := strings.Fields(e.Name); len(w) > 1 {
				q.Q = strings.ToLower(w[1][:min(len(w[1]), 2)] + " " + w[0][:1])
			}
		}
		queries = append(queries, q)
	}
	answers := func() string {
		var out strings.Builder
		for _, q := range queries {
			for page := 0; page < 4; page++ {
				p, err := s.SearchAccounts(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				b, err := p.AppendJSON(nil)
				if err != nil {
					t.Fatal(err)
				}
				fmt.Fprintf(&out, "%+v %s\n", q, b)
				if p.Next == "" {
					break
				}
				q.Cursor = p.Next
			}
		}
		return out.String()
	}
	tokens := func() map[string]string {
		m := map[string]string{}
		if err := s.kv.view(func(tx *txn) error {
			return tx.Bucket(bTok).ForEach(func(k, v []byte) error {
				m[string(k)] = string(v)
				return nil
			})
		}); err != nil {
			t.Fatal(err)
		}
		return m
	}
	orig := tokens()
	for k, v := range orig {
		if len(v) != 4 {
			t.Fatalf("token %q holds %q, not a node number", k, v)
		}
	}
	with := answers()
	if !strings.Contains(with, `"items":[{`) {
		t.Fatal("the searches found nothing")
	}
	if err := s.kv.update(func(tx *txn) error {
		tok := tx.BlindBucket(bTok)
		var keys [][]byte
		if err := tx.Bucket(bTok).ForEach(func(k, _ []byte) error { keys = append(keys, bytes.Clone(k)); return nil }); err != nil {
			return err
		}
		for _, k := range keys {
			if err := tok.Put(k, nil); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if without := answers(); without != with {
		a, b := strings.Split(with, "\n"), strings.Split(without, "\n")
		for i := range min(len(a), len(b)) {
			if a[i] != b[i] {
				t.Fatalf("with numbers:\n%s\nwithout:\n%s", a[i], b[i])
			}
		}
		t.Fatalf("%d lines with numbers, %d without", len(a), len(b))
	}
	// As a store written before tokens held numbers: Open fills them in,
	// once.
	if err := s.kv.update(func(tx *txn) error {
		m, err := readMeta(tx)
		if err != nil {
			return err
		}
		m.Tokens = 0
		return putMeta(tx, m)
	}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err = Open(dir, Options{NoSync: true}); err != nil {
		t.Fatal(err)
	}
	got := tokens()
	if len(got) != len(orig) {
		t.Fatalf("%d tokens after Open, %d before", len(got), len(orig))
	}
	for k, v := range orig {
		if got[k] != v {
			t.Fatalf("token %q numbered %x, was %x", k, got[k], v)
		}
	}
	if again := answers(); again != with {
		t.Error("the answers changed after the tokens were numbered again")
	}
	var m *meta
	s.kv.view(func(tx *txn) (err error) { m, err = readMeta(tx); return err })
	if m.Tokens != tokensNumbered {
		t.Errorf("meta does not record the numbered tokens: %+v", m)
	}
}
