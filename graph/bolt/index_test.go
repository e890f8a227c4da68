package bolt

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestIndex checks the pointer-free index against plain Go maps: ids that
// fill several chunks and grow the id table many times, a string longer
// than a chunk quarter, summaries updated in place, and adjacency lists
// that move in the slab as they grow.
func TestIndex(t *testing.T) {
	x := newIndex()
	want := map[string]summary{}
	adj := map[int32][]edge{}
	long := strings.Repeat("λ", chunkSize/3) // over a quarter chunk, in bytes
	n := 200000
	x.mu.Lock()
	for i := range n {
		id := fmt.Sprintf("tw:acc/%d", i)
		if i == 777 {
			id = "url:https://x/" + long
		}
		s := summary{kind: kAccount, status: byte(i % 4), num: uint32(i), platform: []string{"x", "tiktok", "facebook"}[i%3],
			handle: fmt.Sprintf("h%d", i), label: strings.Repeat("n", i%50)}
		if got := x.put(id, s); got != int32(i) {
			t.Fatalf("put %q: number %d, want %d", id, got, i)
		}
		want[id] = s
		if i > 0 {
			j := int32(i*7919%n) % int32(i)
			x.addEdge(int32(i), edge{to: j, kind: lFollows, out: true})
			x.addEdge(j, edge{to: int32(i), kind: lFollows})
			adj[int32(i)] = append(adj[int32(i)], edge{to: j, kind: lFollows, out: true})
			adj[j] = append(adj[j], edge{to: int32(i), kind: lFollows})
		}
	}
	// Update every tenth summary: new status, handle and label.
	for i := 0; i < n; i += 10 {
		id := fmt.Sprintf("tw:acc/%d", i)
		if i == 777 {
			continue
		}
		s := want[id]
		s.status, s.handle, s.label = 2, "renamed"+s.handle, "label"
		x.put(id, s)
		want[id] = s
	}
	x.mu.Unlock()
	if len(x.chunks) < 3 {
		t.Fatalf("only %d chunks used; the test should fill several", len(x.chunks))
	}
	for id, s := range want {
		i, ok := x.lookup(id)
		if !ok {
			t.Fatalf("lookup %q: not found", id[:min(len(id), 40)])
		}
		if x.name(i) != id {
			t.Fatalf("name %d = %q, want %q", i, x.name(i)[:min(len(x.name(i)), 40)], id[:min(len(id), 40)])
		}
		if got := x.node(i); got != s {
			t.Fatalf("node %q = %+v, want %+v", id, got, s)
		}
		if !slices.Equal(x.edges(i), adj[i]) {
			t.Fatalf("edges of %q = %v, want %v", id, x.edges(i), adj[i])
		}
	}
	for _, id := range []string{"", "tw:acc/-1", "tw:acc/200000", "url:https://x/"} {
		if _, ok := x.lookup(id); ok {
			t.Errorf("lookup %q found a node", id)
		}
	}
	v := x.view()
	if v.size() != n || v.name(5) != "tw:acc/5" {
		t.Errorf("view: size %d, name(5) %q", v.size(), v.name(5))
	}
}
