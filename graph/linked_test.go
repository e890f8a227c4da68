package graph

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestSmallest checks the quickselect that cuts a tied group against a
// full sort, on groups of many sizes with shared prefixes.
func TestSmallest(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 500 {
		n := 1 + rng.IntN(300)
		seen := map[string]bool{}
		var ns []named
		for len(ns) < n {
			s := fmt.Sprintf("x:acc%d", rng.IntN(3*n))
			if !seen[s] {
				seen[s] = true
				ns = append(ns, named{int32(len(ns)), s})
			}
		}
		k := 1 + rng.IntN(n)
		want := slices.Clone(ns)
		slices.SortFunc(want, func(a, b named) int { return strings.Compare(a.name, b.name) })
		smallest(ns, k)
		got := slices.Clone(ns[:k])
		slices.SortFunc(got, func(a, b named) int { return strings.Compare(a.name, b.name) })
		if !slices.Equal(got, want[:k]) {
			t.Fatalf("trial %d (n %d, k %d): got %v, want %v", trial, n, k, got, want[:k])
		}
	}
}

// TestEvidenceCodesFollowNames checks that evidence codes order as the
// names do, which the walk relies on to order ties.
func TestEvidenceCodesFollowNames(t *testing.T) {
	for i := 1; i < len(EvidenceKinds); i++ {
		a, b := EvidenceKinds[i-1], EvidenceKinds[i]
		if !(a < b) || EvidenceCode(a) >= EvidenceCode(b) {
			t.Fatalf("%s (code %d) and %s (code %d) out of order", a, EvidenceCode(a), b, EvidenceCode(b))
		}
	}
	if EvidenceCode("nonsense") != 0 {
		t.Fatal("an unknown evidence kind has a code")
	}
}

var nasty = []string{"", "plain", `quo"te`, `back\slash`, "<b>&amp;</b>", "line\nbreak\ttab\r\b\f", "\x00\x01\x1f\x7f",
	"emoji 🚤 and RTL مرحبا", "\u2028\u2029", "bad \xff\xfe utf8", "trunc \xe2\x82", "MATCH (n) DETACH DELETE n; DROP TABLE x;--", "{}[]:,"}

func randString(rng *rand.Rand) string {
	s := nasty[rng.IntN(len(nasty))]
	if rng.IntN(3) == 0 {
		s += nasty[rng.IntN(len(nasty))]
	}
	return s
}

func randFloat(rng *rand.Rand) float64 {
	switch rng.IntN(6) {
	case 0:
		return 0
	case 1:
		return 1
	case 2:
		return math.Pow(10, float64(rng.IntN(60)-30)) * rng.Float64()
	case 3:
		return -rng.Float64() * 1e22
	}
	return round6(rng.Float64())
}

// TestLinkedAppendJSON checks AppendJSON against encoding/json on random
// answers with hostile strings, odd floats, nil and empty lists.
func TestLinkedAppendJSON(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 2000 {
		r := &LinkedResult{From: randString(rng), Depth: rng.IntN(4), Total: rng.IntN(1000), Truncated: rng.IntN(2) == 0}
		if rng.IntN(10) > 0 {
			r.Accounts = []LinkedAccount{}
			for range rng.IntN(4) {
				a := LinkedAccount{ID: randString(rng), Platform: randString(rng), Handle: randString(rng), Status: Status(randString(rng)),
					Depth: rng.IntN(4), Strength: randFloat(rng)}
				if rng.IntN(10) > 0 {
					a.Paths = []Path{}
				}
				for range rng.IntN(3) {
					p := Path{Strength: randFloat(rng)}
					if rng.IntN(10) > 0 {
						p.Steps = []Step{}
					}
					for range rng.IntN(3) {
						p.Steps = append(p.Steps, Step{From: randString(rng), To: randString(rng), Evidence: Evidence(randString(rng)),
							Via: randString(rng), ViaLabel: randString(rng), Reverse: rng.IntN(2) == 0, Strength: randFloat(rng),
							Text: randString(rng), ToPlatform: "left out", ToStatus: "left out"})
					}
					a.Paths = append(a.Paths, p)
				}
				r.Accounts = append(r.Accounts, a)
			}
		}
		if rng.IntN(10) > 0 {
			r.Hubs = []Hub{}
			for range rng.IntN(3) {
				r.Hubs = append(r.Hubs, Hub{ID: randString(rng), Label: randString(rng), Degree: rng.IntN(100000)})
			}
		}
		want, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := r.AppendJSON(nil); err != nil || !bytes.Equal(got, want) {
			t.Fatalf("trial %d (%v):\n got %s\nwant %s", trial, err, got, want)
		}
	}
}

// FuzzAppendJSONString checks string quoting against encoding/json.
func FuzzAppendJSONString(f *testing.F) {
	for _, s := range nasty {
		f.Add(s, 0.5)
	}
	f.Add("", 1e-7)
	f.Add("", 1e21)
	f.Fuzz(func(t *testing.T, s string, x float64) {
		want, _ := json.Marshal(s)
		if got := appendJSONString(nil, s); !bytes.Equal(got, want) {
			t.Fatalf("%q: got %s, want %s", s, got, want)
		}
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return
		}
		want, _ = json.Marshal(x)
		if got := appendJSONFloat(nil, x); !bytes.Equal(got, want) {
			t.Fatalf("%v: got %s, want %s", x, got, want)
		}
	})
}

// TestAppendJSONFloat checks the six-decimal fast path, and the values
// beside it, against encoding/json.
func TestAppendJSONFloat(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	check := func(x float64) {
		t.Helper()
		if math.IsInf(x, 0) {
			return
		}
		want, err := json.Marshal(x)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendJSONFloat(nil, x); !bytes.Equal(got, want) {
			t.Fatalf("%v (%b): got %s, want %s", x, math.Float64bits(x), got, want)
		}
	}
	for _, x := range []float64{0, math.Copysign(0, -1), 1, -1, 0.5, 1e-6, -1e-6, 9.99999e-7, 1e-7, 0.999999, 0.9999995,
		123456.789012, 999999999.999999, 1e9, 1e9 + 0.5, 1e21, 5e-324, math.MaxFloat64, 0.1 + 0.2, 1.0 / 3} {
		check(x)
		check(math.Nextafter(x, math.Inf(1)))
		check(math.Nextafter(x, math.Inf(-1)))
	}
	for range 200000 {
		scale := math.Pow(10, float64(rng.IntN(16)-6))
		x := round6(rng.Float64() * scale)
		if rng.IntN(4) == 0 {
			x = -x
		}
		check(x)                              // six decimals: the fast path
		check(math.Nextafter(x, math.Inf(1))) // one ulp off: not
		check(rng.NormFloat64() * scale)
	}
}

// BenchmarkAppendJSONString times the quoting of a typical step text.
func BenchmarkAppendJSONString(b *testing.B) {
	s := "shares phone +447700900123 with tg:theo_martin767042 and some longer text here"
	buf := make([]byte, 0, 256)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		buf = appendJSONString(buf[:0], s)
	}
}

// TestLinkedAppendJSONRepeats checks the copying of repeated steps
// (stepMemo) against encoding/json: answers whose paths draw their steps
// from a few, as walks' answers do, with copies that share their strings,
// equal copies that do not, and near copies that differ in one field; and
// one answer with more steps than the memo remembers.
func TestLinkedAppendJSONRepeats(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	answer := func(accounts, paths int) *LinkedResult {
		pool := make([]Step, 1+rng.IntN(6))
		for i := range pool {
			pool[i] = Step{From: randString(rng), To: randString(rng), Evidence: Evidence(randString(rng)), Via: randString(rng),
				ViaLabel: randString(rng), Reverse: rng.IntN(2) == 0, Strength: randFloat(rng), Text: randString(rng)}
		}
		r := &LinkedResult{From: "a", Depth: 2, Accounts: []LinkedAccount{}}
		for range accounts {
			a := LinkedAccount{ID: randString(rng), Status: "active", Paths: []Path{}}
			for range 1 + rng.IntN(paths) {
				p := Path{Strength: randFloat(rng)}
				for range 1 + rng.IntN(3) {
					s := pool[rng.IntN(len(pool))]
					switch rng.IntN(8) {
					case 0: // equal, in other strings
						s.From, s.Text = strings.Clone(s.From + "x")[:len(s.From)], strings.Clone(s.Text)
					case 1:
						s.Strength = randFloat(rng)
					case 2:
						s.Reverse = !s.Reverse
					case 3:
						s.ViaLabel += "y"
					case 4:
						s.Evidence += "z"
					}
					p.Steps = append(p.Steps, s)
				}
				a.Paths = append(a.Paths, p)
			}
			r.Accounts = append(r.Accounts, a)
		}
		return r
	}
	check := func(trial int, r *LinkedResult) {
		t.Helper()
		want, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := r.AppendJSON(nil); err != nil || !bytes.Equal(got, want) {
			t.Fatalf("trial %d (%v):\n got %s\nwant %s", trial, err, got, want)
		}
	}
	for trial := range 500 {
		check(trial, answer(1+rng.IntN(30), 4))
	}
	check(-1, answer(3000, 8)) // about 18,000 steps, more than maxMemo/2
}
