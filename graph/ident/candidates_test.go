package ident

import (
	"reflect"
	"testing"
)

func TestCandidates(t *testing.T) {
	phoneAndWA := []Result{
		{Kind: Phone, Value: "+447700900123", Valid: true},
		{Kind: Messaging, Value: "wa.me/447700900123", Valid: true},
	}
	for _, raw := range []string{"07700 900123", "+44 7700-900123", "٠٧٧٠٠٩٠٠١٢٣", "۰۷۷۰۰ ۹۰۰ ۱۲۳", "0044 7700 900123", "tel:+447700900123"} {
		if got := Candidates(raw, "GB"); !reflect.DeepEqual(got, phoneAndWA) {
			t.Errorf("Candidates(%q, GB) = %+v, want %+v", raw, got, phoneAndWA)
		}
	}
	waAndPhone := []Result{phoneAndWA[1], phoneAndWA[0]}
	for _, raw := range []string{"wa.me/447700900123", "https://api.whatsapp.com/send?phone=447700900123", "WA.ME/+447700900123"} {
		if got := Candidates(raw, ""); !reflect.DeepEqual(got, waAndPhone) {
			t.Errorf("Candidates(%q) = %+v, want %+v", raw, got, waAndPhone)
		}
	}
	cases := []struct {
		raw  string
		want []Result
	}{
		{"@SmugglerChannel", []Result{{Kind: Messaging, Value: "t.me/smugglerchannel", Valid: true}}},
		{"SmugglerChannel", []Result{{Kind: Messaging, Value: "t.me/smugglerchannel", Valid: true}}},
		{"t.me/SmugglerChannel", []Result{{Kind: Messaging, Value: "t.me/smugglerchannel", Valid: true}}},
		{"Boss@Example.com", []Result{{Kind: Email, Value: "boss@example.com", Valid: true}}},
		{"$BossMan", []Result{{Kind: Payment, Value: "cash.app/$bossman", Valid: true}}},
		{"GB82 WEST 1234 5698 7654 32", []Result{{Kind: Payment, Value: "GB82WEST12345698765432", Valid: true}}},
		{"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", []Result{{Kind: Crypto, Value: "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", Valid: true}}},
		{"phash:FFD8A1C3E0F0B0A1", []Result{{Kind: ImageHash, Value: "phash:ffd8a1c3e0f0b0a1", Valid: true}}},
		{"www.Example.com/a/?utm_source=x", []Result{{Kind: URL, Value: "https://example.com/a", Valid: true}}},
		// A number that is not a valid phone is still looked up as it is
		// stored: digits folded, flagged invalid.
		{"٠١٢٣٤", []Result{{Kind: Phone, Value: "01234", Valid: false, Reason: "too short: only diallable locally, without its area code"}}},
		{"", nil},
		{"   ", nil},
		{"hello world", nil},
	}
	for _, c := range cases {
		if got := Candidates(c.raw, "GB"); !reflect.DeepEqual(got, c.want) {
			t.Errorf("Candidates(%q) = %+v, want %+v", c.raw, got, c.want)
		}
	}
}

func TestCandidatesMatchNormalize(t *testing.T) {
	// What Candidates gives for a spelling is what Normalize stored for
	// another spelling of the same identifier.
	stored, _ := Normalize(Phone, "07700 900123", "GB")
	found := false
	for _, c := range Candidates("+44 (0)7700 900 123", "") {
		if c.Kind == stored.Kind && c.Value == stored.Value {
			found = true
		}
	}
	if !found {
		t.Errorf("Candidates did not find the stored phone %q", stored.Value)
	}
}

func TestHandle(t *testing.T) {
	cases := []struct{ platform, in, want string }{
		{"tiktok", "@Crossing.UK", "crossing.uk"},
		{"x", "  @CrossingUK ", "crossinguk"},
		{"instagram", "Crossing_UK", "crossing_uk"},
		{"telegram", "@SmugglerChannel", "smugglerchannel"},
		{"youtube", "@CrossingUK", "crossinguk"},
		{"facebook", "UK.Jobs.Travel", "uk.jobs.travel"},
		{"twitter", "@@Name", "@name"},
		{"other", "MixedCase", "mixedcase"},
	}
	for _, c := range cases {
		if got := Handle(c.platform, c.in); got != c.want {
			t.Errorf("Handle(%q, %q) = %q, want %q", c.platform, c.in, got, c.want)
		}
	}
}

func TestFoldDigits(t *testing.T) {
	cases := []struct{ in, want string }{
		{"٠١٢٣٤٥٦٧٨٩", "0123456789"},       // Arabic-Indic
		{"۰۱۲۳۴۵۶۷۸۹", "0123456789"},       // Extended Arabic-Indic (Persian)
		{"०१२३४५६७८९", "0123456789"},       // Devanagari
		{"০১২৩৪৫৬৭৮৯", "0123456789"},       // Bengali
		{"０１２３４５６７８９", "0123456789"},       // full-width
		{"𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗𝟘𝟙𝟡", "0123456789019"}, // mathematical bold and double-struck
		{"tel ٠٧٧٠٠ x", "tel 07700 x"},
		{"abc 123", "abc 123"},
		{"²½", "²½"}, // not decimal digits
		{"\xff٣", "\xff3"},
		{"", ""},
	}
	for _, c := range cases {
		if got := FoldDigits(c.in); got != c.want {
			t.Errorf("FoldDigits(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestDomain(t *testing.T) {
	cases := []struct{ in, want string }{
		{"https://example.com/a?b=1", "example.com"},
		{"https://www.Example.com:8443/a", "example.com"},
		{"https://shop.example.co.uk/", "shop.example.co.uk"},
		{"wa.me/447700900123", "wa.me"},
		{"https://[2001:db8::1]/x", "[2001:db8::1]"},
		{"", ""},
	}
	for _, c := range cases {
		if got := Domain(c.in); got != c.want {
			t.Errorf("Domain(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	// Two spellings of a URL share their domain.
	a, _ := Normalize(URL, "HTTP://WWW.Example.com/x", "")
	b, _ := Normalize(URL, "example.com/y", "")
	if Domain(a.Value) != Domain(b.Value) || Domain(a.Value) != "example.com" {
		t.Errorf("Domain(%q) = %q, Domain(%q) = %q; want both example.com", a.Value, Domain(a.Value), b.Value, Domain(b.Value))
	}
}
