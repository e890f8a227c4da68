package bolt_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/graph/bolt"
	"github.com/takedown/takedown/graph/ingest"
)

// sharedData is ../shared/data beside the repository.
func sharedData(t *testing.T, name string) string {
	dir := filepath.Join("..", "..", "..", "shared", "data", name)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("real data %s not found beside the repository (%v)", name, err)
	}
	return dir
}

// TestRealHumanTraffickingMexico converts the published human-trafficking
// network in Mexico (34 operators, 225 ties, roles for each) to the ingest
// format, ingests it, and checks every account's depth-1 linked accounts
// against the published edges.
func TestRealHumanTraffickingMexico(t *testing.T) {
	dir := sharedData(t, "human-trafficking-mexico")
	roles := map[string]string{}
	lf, err := os.Open(filepath.Join(dir, "labels.csv"))
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(lf)
	for sc.Scan() {
		id, role, ok := strings.Cut(strings.TrimPrefix(sc.Text(), "\ufeff"), ",")
		if ok {
			roles[id] = role
		}
	}
	lf.Close()
	var lines []string
	for id, role := range roles {
		b, _ := json.Marshal(map[string]any{"type": "account", "id": "htm:" + id, "platform": "telegram", "handle": "op" + id,
			"name": role, "status": "active", "source": "HumanTMexicoNetwork"})
		lines = append(lines, string(b))
	}
	want := map[string][]string{}
	ef, err := os.Open(filepath.Join(dir, "Data.txt"))
	if err != nil {
		t.Fatal(err)
	}
	sc = bufio.NewScanner(ef)
	edges := 0
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 2 {
			continue
		}
		a, b := "htm:"+f[0], "htm:"+f[1]
		lines = append(lines, fmt.Sprintf(`{"type":"link","kind":"contact","from":%q,"to":%q,"source":"HumanTMexicoNetwork"}`, a, b))
		want[a] = append(want[a], b)
		want[b] = append(want[b], a)
		edges++
	}
	ef.Close()
	if len(roles) != 34 || edges != 225 {
		t.Fatalf("read %d nodes and %d edges, the source says 34 and 225", len(roles), edges)
	}
	s, err := bolt.Open(t.TempDir(), bolt.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sum, err := ingest.Reader(context.Background(), s, strings.NewReader(strings.Join(lines, "\n")), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Written.Accounts != 34 || sum.Written.Links != 225 {
		t.Fatalf("wrote %+v", sum.Written)
	}
	for a, nb := range want {
		r, err := graph.Linked(context.Background(), s, a, graph.LinkedOptions{Depth: 1, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, acc := range r.Accounts {
			got = append(got, acc.ID)
			if acc.Paths[0].Steps[0].Evidence != graph.EvContact {
				t.Errorf("%s → %s: evidence %s, want contact", a, acc.ID, acc.Paths[0].Steps[0].Evidence)
			}
		}
		slices.Sort(got)
		slices.Sort(nb)
		nb = slices.Compact(nb)
		if !slices.Equal(got, nb) {
			t.Errorf("%s: linked %v, published neighbours %v", a, got, nb)
		}
	}
}
