package analysis

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestReadEdgeList(t *testing.T) {
	in := "# a smuggling ring\n" +
		"alice bob\n" +
		"bob\tcarol 2.5 # phoned twice\n" +
		"\n" +
		"   carol   alice 1\r\n" +
		"bob alice 0.5\n" + // duplicate of alice-bob, summed
		"dave dave 3\n" + // self-loop
		"erin frank 1e1" // no final newline
	g, names, err := ReadEdgeList(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"alice", "bob", "carol", "dave", "erin", "frank"}
	if strings.Join(names, ",") != strings.Join(want, ",") {
		t.Fatalf("names = %v, want %v", names, want)
	}
	if g.N() != 6 || g.NumEdges() != 5 {
		t.Fatalf("nodes, edges = %d, %d; want 6, 5", g.N(), g.NumEdges())
	}
	checks := []struct {
		u, v int32
		w    float64
	}{{0, 1, 1.5}, {1, 2, 2.5}, {0, 2, 1}, {3, 3, 6}, {4, 5, 10}}
	for _, c := range checks {
		if w := g.Weight(c.u, c.v); w != c.w {
			t.Errorf("A(%s,%s) = %v, want %v", names[c.u], names[c.v], w, c.w)
		}
	}
	if m := g.TotalWeight(); m != 1.5+2.5+1+3+10 {
		t.Errorf("m = %v", m)
	}
}

func TestReadEdgeListErrors(t *testing.T) {
	cases := []struct {
		in   string
		line int
		msg  string
	}{
		{"a b\nc\n", 2, "too few fields"},
		{"a b\n# ok\nc d x\n", 3, "bad weight"},
		{"a b 1\n\nc d -2\n", 3, "negative weight"},
		{"a b NaN\n", 1, "bad weight"},
		{"a b +Inf\n", 1, "bad weight"},
		{"a b 1 2\n", 1, "too many fields"},
		{"x y\nz # only one name\n", 2, "too few fields"},
	}
	for _, c := range cases {
		_, _, err := ReadEdgeList(strings.NewReader(c.in))
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("%q: err = %v, want a *ParseError", c.in, err)
			continue
		}
		if pe.Line != c.line || !strings.Contains(pe.Msg, c.msg) {
			t.Errorf("%q: got line %d %q, want line %d containing %q", c.in, pe.Line, pe.Msg, c.line, c.msg)
		}
		if want := "line " + itoa(c.line) + ":"; !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %q does not name %q", c.in, err, want)
		}
	}
}

func itoa(i int) string { return string(appendInt(nil, i)) }
func appendInt(b []byte, i int) []byte {
	if i >= 10 {
		b = appendInt(b, i/10)
	}
	return append(b, byte('0'+i%10))
}

func TestReadEdgeListLongLine(t *testing.T) {
	long := strings.Repeat("x", 3<<20)
	g, names, err := ReadEdgeList(strings.NewReader("a b\n" + long + " a 2\nb c\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != 4 || names[2] != long || g.Weight(0, 2) != 2 || g.NumEdges() != 3 {
		t.Fatalf("long line misread: %d names, edges %d", len(names), g.NumEdges())
	}
}

func TestWriteMembership(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteMembership(&buf, []string{"alice", "bob"}, []int32{0, 1}); err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); got != "alice\t0\nbob\t1\n" {
		t.Errorf("got %q", got)
	}
	buf.Reset()
	if err := WriteMembership(&buf, nil, []int32{2, 0}); err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); got != "0\t2\n1\t0\n" {
		t.Errorf("got %q", got)
	}
	if err := WriteMembership(&buf, []string{"a"}, []int32{0, 1}); err == nil {
		t.Error("length mismatch accepted")
	}
}

// TestReadEdgeListNumericNames mixes canonical integers (the array path),
// far-away integers and non-canonical spellings (the map path), so that a
// name must keep one id whichever path sees it.
func TestReadEdgeListNumericNames(t *testing.T) {
	var in strings.Builder
	// 5000000 is mapped first (beyond the array), then the array grows past
	// it as more names arrive.
	in.WriteString("5000000 1\n007 7\n0 00\n")
	for i := range 2_000_000 {
		in.WriteString(itoa(i+10) + " " + itoa(i+11) + "\n")
	}
	in.WriteString("5000000 7\n7 007\n")
	g, names, err := ReadEdgeList(strings.NewReader(in.String()))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for i, s := range names {
		if j, dup := seen[s]; dup {
			t.Fatalf("name %q has ids %d and %d", s, j, i)
		}
		seen[s] = i
	}
	if len(names) != 6+2_000_001 {
		t.Fatalf("%d names, want %d", len(names), 6+2_000_001)
	}
	id := func(s string) int32 { return int32(seen[s]) }
	if g.Weight(id("5000000"), id("7")) != 1 || g.Weight(id("7"), id("007")) != 2 || g.Weight(id("0"), id("00")) != 1 {
		t.Fatal("edges between numeric names misread")
	}
}
