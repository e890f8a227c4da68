package ident

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzSeeds are spec examples and messy real-world spellings.
var fuzzSeeds = []string{
	"07700 900123", "+44 7700 900123", "0044-7700-900123", "٠٧٧٠٠ ٩٠٠١٢٣", "۰۷۷۰۰۹۰۰۱۲۳",
	"06 12 34 56 78", "+44 (0) 7700 900123", "\u202a+44 7700 900123\u202c", "(020) 7946 0958",
	"tel:+33612345678", "+1 (202) 555-0123 ext. 7", "00", "+", "0", "+999 1234567",
	"wa.me/447700900123", "https://api.whatsapp.com/send?phone=447700900123&text=hi",
	"https://WA.ME/447700900123", "whatsapp://send?phone=+447700900123", "wa.me/message/ABC123",
	"https://chat.whatsapp.com/AbCdEfGh12345678901234", "t.me/SmugglerChannel", "t.me/+AbCdEf123",
	"t.me/joinchat/AbCdEf123", "tg://resolve?domain=Smuggler", "signal.me/#p/+447700900123",
	"447700900123@s.whatsapp.net", "@SmugglerChannel", "https://m.me/Crossing.UK",
	"https://www.tiktok.com/@crossing.uk/video/7312?utm_source=x&fbclid=y#t",
	"HTTP://Example.COM:80/a/b/?b=2&a=1&utm_medium=z", "https://[2001:DB8::1]:443/x",
	"https://example.com/a%2fb/%7e/caf\u00e9 x%zz", "www.www.m.example.com.", "//example.com",
	"https://youtu.be/dQw4w9WgXcQ?si=abc", "https://twitter.com/Name/status/1",
	"paypal.me/SomeOne", "$Cashtag", "$2500", "cash.app/$Boss", "GB82 WEST 1234 5698 7654 32",
	"GB82WEST12345698765433", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
	"bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "0xde0B295669a9FD93d5F28D9Ec85E40f4cb697BAe",
	"bitcoin:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa?amount=1", "phash:FFD8A1C3E0F0B0A1",
	"Someone@Example.com", "mailto:a@b.io?subject=x", "\xff\xfe", "😀", "%", "@", "/", ":",
}

var fuzzTexts = []string{
	"Trips to UK, WhatsApp +44 7700 900123",
	"Boat from Calais this week, 2500 GBP, call 07700900123",
	typicalPost,
	"رحلات إلى بريطانيا، واتساب ٠٧٧٠٠ ٩٠٠١٢٣ أو ۰۷۷۰۰۹۰۰۱۲۴ 🚤",
	"🚤🇬🇧 \u200f+44 7700 900125\u200f WhatsApp:wa.me/447700900126✅ (t.me/x_y_z)",
	"Pay $BossMan, IBAN GB82 WEST 1234 5698 7654 32, BTC 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa.",
	"mail Boss@Example.com or www.Crossing-UK.co.uk/trips/?utm_source=x",
	"Since 2024 07700 900123 or 07700 900124 07700 900125",
	"1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20",
	"+++((( 0-0-0-0-0-0-0-0 )))", "a@b.c@d.e@", "http://", "\xff\xfe 07700900123",
}

func FuzzNormalize(f *testing.F) {
	for i, s := range fuzzSeeds {
		region := []string{"", "GB", "FR", "us"}[i%4]
		f.Add(uint8(i), s, region)
	}
	f.Fuzz(func(t *testing.T, k uint8, raw, region string) {
		kind := Kinds[int(k)%len(Kinds)]
		r, err := Normalize(kind, raw, region)
		if err != nil {
			if strings.TrimSpace(raw) != "" {
				t.Fatalf("Normalize(%q, %q, %q): error %v for a non-empty value", kind, raw, region, err)
			}
			return
		}
		if !ValidKind(r.Kind) {
			t.Fatalf("Normalize(%q, %q, %q) gave kind %q", kind, raw, region, r.Kind)
		}
		if r.Valid != (r.Reason == "") {
			t.Fatalf("Normalize(%q, %q, %q) = %+v: Reason must be empty exactly when valid", kind, raw, region, r)
		}
		if !r.Valid {
			return
		}
		if r.Value == "" || strings.TrimSpace(r.Value) != r.Value {
			t.Fatalf("Normalize(%q, %q, %q) = %+v: empty or untrimmed value", kind, raw, region, r)
		}
		again, err := Normalize(r.Kind, r.Value, region)
		if err != nil || again.Kind != r.Kind || again.Value != r.Value || !again.Valid {
			t.Fatalf("not idempotent: Normalize(%q, %q, %q) = %+v, then Normalize(%q, %q) = %+v, %v",
				kind, raw, region, r, r.Kind, r.Value, again, err)
		}
		// Candidates of a canonical value include it.
		found := false
		for _, c := range Candidates(r.Value, region) {
			if c.Kind == r.Kind && c.Value == r.Value {
				found = true
			}
		}
		if !found {
			t.Fatalf("Normalize(%q, %q, %q) = %+v, and Candidates(%q) = %+v does not include it",
				kind, raw, region, r, r.Value, Candidates(r.Value, region))
		}
	})
}

func FuzzExtract(f *testing.F) {
	for i, s := range append(append([]string{}, fuzzTexts...), fuzzSeeds...) {
		f.Add(s, []string{"GB", "", "FR"}[i%3])
	}
	f.Fuzz(func(t *testing.T, text, region string) {
		got := Extract(text, region)
		seen := map[[2]string]bool{}
		last := -1
		for _, g := range got {
			if g.Start < 0 || g.End > len(text) || g.Start >= g.End {
				t.Fatalf("Extract(%q): offsets [%d:%d] out of bounds", text, g.Start, g.End)
			}
			if text[g.Start:g.End] != g.Raw {
				t.Fatalf("Extract(%q): text[%d:%d] = %q, Raw = %q", text, g.Start, g.End, text[g.Start:g.End], g.Raw)
			}
			if utf8.ValidString(text) && !utf8.ValidString(g.Raw) {
				t.Fatalf("Extract(%q): Raw %q splits a character", text, g.Raw)
			}
			if !g.Valid || g.Value == "" || !ValidKind(g.Kind) {
				t.Fatalf("Extract(%q) returned %+v", text, g)
			}
			if g.Start < last {
				t.Fatalf("Extract(%q): results not in order of appearance", text)
			}
			last = g.Start
			key := [2]string{g.Kind, g.Value}
			if seen[key] {
				t.Fatalf("Extract(%q): duplicate %v", text, key)
			}
			seen[key] = true
			again, err := Normalize(g.Kind, g.Value, region)
			if err != nil || again.Value != g.Value || again.Kind != g.Kind || !again.Valid {
				t.Fatalf("Extract(%q) found %+v, which normalises to %+v, %v", text, g, again, err)
			}
		}
	})
}
