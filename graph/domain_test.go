package graph

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// asciiWord is up to 11 random bytes of letters, digits, punctuation and
// every kind of ASCII white space.
func asciiWord(rng *rand.Rand) string {
	const alphabet = "abcXYZ019_.-@ \t\n\v\f\r'\"!#"
	b := make([]byte, rng.IntN(12))
	for i := range b {
		b[i] = alphabet[rng.IntN(len(alphabet))]
	}
	return string(b)
}

// TestSearchTokensASCII checks the ASCII path of SearchTokens against the
// general one on random handles and names made of letters, digits,
// punctuation and every kind of ASCII white space.
func TestSearchTokensASCII(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	word := func() string { return asciiWord(rng) }
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
// general path gives, and IsFirstSearchToken what SearchTokens gives.
func FuzzSearchTokens(f *testing.F) {
	f.Add("@Dan_Smith12", "Dan Smith")
	f.Add(" @x\v", "Zoë  Ångström\u00a0")
	f.Fuzz(func(t *testing.T, handle, name string) {
		got := SearchTokens(&Entity{Kind: KindAccount, Handle: handle, Name: name})
		if want := searchTokens(handle, name); !reflect.DeepEqual(got, want) {
			t.Fatalf("handle %q name %q: got %q, want %q", handle, name, got, want)
		}
		// IsFirstSearchToken, at each token's half as the prefix.
		for _, tk := range got {
			p := tk[:len(tk)/2]
			first := ""
			for _, u := range got {
				if strings.HasPrefix(u, p) {
					first = u
					break
				}
			}
			if IsFirstSearchToken(handle, name, p, []byte(tk)) != (tk == first) {
				t.Fatalf("handle %q name %q prefix %q token %q: first is %q", handle, name, p, tk, first)
			}
		}
	})
}

// TestIsFirstSearchToken checks IsFirstSearchToken against the first
// token of SearchTokens with the prefix, for prefixes of the tokens, of
// their neighbours and of nothing, on random ASCII and non-ASCII accounts.
func TestIsFirstSearchToken(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	word := func() string { return asciiWord(rng) }
	cases := [][2]string{{"", ""}, {"@Dan_Smith12", "Dan Smith"}, {" @x ", "\t"}, {"Zoë", "Åsa Öberg"}, {"dan", "Dan Dana"}}
	for range 20000 {
		h, n := word(), word()+" "+word()
		if rng.IntN(10) == 0 {
			n += " Zoë"
		}
		cases = append(cases, [2]string{h, n})
	}
	checked := 0
	for _, c := range cases {
		toks := SearchTokens(&Entity{Kind: KindAccount, Handle: c[0], Name: c[1]})
		prefixes := []string{"", "zz", "a"}
		for _, tk := range toks {
			prefixes = append(prefixes, tk, tk[:len(tk)/2], tk[:min(len(tk), 1)])
		}
		for _, p := range prefixes {
			first := ""
			for _, tk := range toks {
				if strings.HasPrefix(tk, p) {
					first = tk
					break
				}
			}
			for _, tk := range append(slices.Clone(toks), "", p, strings.ToUpper(first)) {
				want := first != "" && tk == first
				if got := IsFirstSearchToken(c[0], c[1], p, []byte(tk)); got != want {
					t.Fatalf("handle %q name %q prefix %q token %q: %v, want %v (tokens %q)", c[0], c[1], p, tk, got, want, toks)
				}
				checked++
			}
		}
	}
	if checked < 100000 {
		t.Fatalf("only %d checks", checked)
	}
}
