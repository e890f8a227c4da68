package analysis

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
)

// twoRings is an edge list of two 8-cliques of named people joined by one
// edge.
func twoRings() string {
	var b strings.Builder
	b.WriteString("# two cells and a courier\n")
	for _, cell := range []string{"north", "south"} {
		for i := range 8 {
			for j := range i {
				b.WriteString(cell + itoa(i) + " " + cell + itoa(j) + "\n")
			}
		}
	}
	b.WriteString("north0 south0 1\n")
	return b.String()
}

func TestCommunities(t *testing.T) {
	for _, algo := range []string{"", "leiden", "louvain"} {
		s, names, memb, err := Communities(strings.NewReader(twoRings()), CommunitiesOptions{Algorithm: algo, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		if s.Nodes != 16 || s.Edges != 57 || s.Communities != 2 || len(names) != 16 || len(memb) != 16 {
			t.Fatalf("%q: summary %+v, %d names", algo, s, len(names))
		}
		for i, name := range names {
			want := int32(0)
			if strings.HasPrefix(name, "south") {
				want = 1
			}
			if memb[i] != want {
				t.Fatalf("%q: %s in community %d, want %d", algo, name, memb[i], want)
			}
		}
		// m = 57, each cell has 28 internal edges and K = 57.
		if want := 2 * (28.0/57 - 0.25); math.Abs(s.Modularity-want) > 1e-12 {
			t.Fatalf("%q: modularity %v, want %v", algo, s.Modularity, want)
		}
		line, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		for _, key := range []string{`"nodes":16`, `"edges":57`, `"communities":2`, `"modularity":`, `"seconds":`} {
			if !bytes.Contains(line, []byte(key)) {
				t.Fatalf("JSON %s lacks %s", line, key)
			}
		}
		var out bytes.Buffer
		if err := WriteMembership(&out, names, memb); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(out.String(), "north1\t0\nnorth0\t0\n") {
			t.Fatalf("membership output starts %q", out.String()[:20])
		}
	}
}

func TestCommunitiesErrors(t *testing.T) {
	if _, _, _, err := Communities(strings.NewReader("a b\n"), CommunitiesOptions{Algorithm: "spectral"}); err == nil || !strings.Contains(err.Error(), "spectral") {
		t.Errorf("unknown algorithm: err = %v", err)
	}
	_, _, _, err := Communities(strings.NewReader("a b\nc d -1\n"), CommunitiesOptions{})
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Line != 2 {
		t.Errorf("bad input: err = %v, want a ParseError on line 2", err)
	}
	if _, _, _, err := Communities(strings.NewReader("a b\n"), CommunitiesOptions{Resolution: -1}); err == nil {
		t.Error("negative resolution accepted")
	}
}
