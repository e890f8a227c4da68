package graph

import (
	"math/rand/v2"
	"reflect"
	"testing"
)

// TestSearchTokensASCII checks the ASCII path of SearchTokens against the
// general one on random handles and names made of letters, digits,
// punctuation and every kind of ASCII white space.
func TestSearchTokensASCII(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const alphabet = "abcXYZ019_.-@ \t\n\v\f\r'\"!#"
	word := func() string {
		b := make([]byte, rng.IntN(12))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		return string(b)
	}
	cases := [][2]string{{"", ""}, {"@", " "}, {"@Dan_Smith12", "Dan Smith"}, {" @x ", "\t"}, {"a", "A"}}
	for range 50000 {
		cases = append(cases, [2]string{word(), word() + " " + word()})
	}
	long := make([]byte, 250)
	for i := range long {
		long[i] = 'a' + byte(i%26)
	}
	cases = append(cases, [2]string{string(long), string(long[:199]) + " " + string(long[:200])})
	for _, c := range cases {
		got, ok := asciiSearchTokens(c[0], c[1])
		if !ok {
			t.Fatalf("%q %q: not taken as ASCII", c[0], c[1])
		}
		if want := searchTokens(c[0], c[1]); !reflect.DeepEqual(got, want) {
			t.Fatalf("handle %q name %q: got %q, want %q", c[0], c[1], got, want)
		}
	}
	if _, ok := asciiSearchTokens("dan", "Zoë"); ok {
		t.Fatal("non-ASCII name taken as ASCII")
	}
}

// FuzzSearchTokens checks that SearchTokens (ASCII or not) gives what the
// general path gives.
func FuzzSearchTokens(f *testing.F) {
	f.Add("@Dan_Smith12", "Dan Smith")
	f.Add(" @x\v", "Zoë  Ångström\u00a0")
	f.Fuzz(func(t *testing.T, handle, name string) {
		got := SearchTokens(&Entity{Kind: KindAccount, Handle: handle, Name: name})
		if want := searchTokens(handle, name); !reflect.DeepEqual(got, want) {
			t.Fatalf("handle %q name %q: got %q, want %q", handle, name, got, want)
		}
	})
}
