package ident

import "testing"

func TestMemoBounded(t *testing.T) {
	m := newMemo(1, 2)
	for _, k := range []string{"a", "b", "c"} {
		m.put(k, phoneParse{e164: "+44" + k})
	}
	if n := len(m.shards[0].m); n > 2 {
		t.Errorf("memo holds %d entries, limit 2", n)
	}
	if p, ok := m.get("c"); !ok || p.e164 != "+44c" {
		t.Errorf("get(c) = %+v, %v; want the last entry put", p, ok)
	}
}

func TestMemoSameResults(t *testing.T) {
	inputs := []struct{ s, region string }{
		{"07700 900123", "GB"}, {"12345", "GB"}, {"+33 6 12 34 56 78", ""}, {"0612345678", "FR"},
	}
	for _, in := range inputs {
		first := parsePhone(in.s, in.region, phoneDeclared)
		second := parsePhone(in.s, in.region, phoneDeclared) // from the memo
		phoneMemoEnabled = false
		cold := parsePhone(in.s, in.region, phoneDeclared)
		phoneMemoEnabled = true
		if first != second || first != cold {
			t.Errorf("parsePhone(%q, %q): %+v, then %+v from the memo, %+v without it", in.s, in.region, first, second, cold)
		}
	}
	// The strictness is part of the key: a bare digit run is a phone when
	// declared, not in text.
	if d, x := parsePhone("1234567890", "GB", phoneDeclared), parsePhone("1234567890", "GB", phoneInText); !d.valid || x.valid {
		t.Errorf("1234567890 GB: declared %+v, in text %+v; want valid declared, invalid in text", d, x)
	}
}
