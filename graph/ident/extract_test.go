package ident

import (
	"strings"
	"testing"
)

type wantFound struct {
	kind, value, raw string
}

func checkExtract(t *testing.T, text, region string, want []wantFound) {
	t.Helper()
	got := Extract(text, region)
	for _, f := range got {
		if f.Start < 0 || f.End > len(text) || f.Start >= f.End || text[f.Start:f.End] != f.Raw {
			t.Errorf("Extract(%q): offsets [%d:%d] do not slice back to Raw %q", text, f.Start, f.End, f.Raw)
		}
		if !f.Valid || f.Reason != "" {
			t.Errorf("Extract(%q) returned an invalid identifier %+v", text, f)
		}
	}
	if len(got) != len(want) {
		t.Errorf("Extract(%q, %q) found %d identifiers, want %d:\n got  %+v\n want %+v", text, region, len(got), len(want), got, want)
		return
	}
	for i, w := range want {
		g := got[i]
		if g.Kind != w.kind || g.Value != w.value || g.Raw != w.raw {
			t.Errorf("Extract(%q)[%d] = {%s %q raw %q}, want {%s %q raw %q}", text, i, g.Kind, g.Value, g.Raw, w.kind, w.value, w.raw)
		}
	}
}

func TestExtractSpecExamples(t *testing.T) {
	checkExtract(t, "Trips to UK, WhatsApp +44 7700 900123", "GB", []wantFound{
		{Phone, "+447700900123", "+44 7700 900123"},
	})
	checkExtract(t, "Boat from Calais this week, 2500 GBP, call 07700900123", "GB", []wantFound{
		{Phone, "+447700900123", "07700900123"},
	})
	// Without a region only international numbers can be read.
	checkExtract(t, "Boat from Calais this week, 2500 GBP, call 07700900123", "", nil)
	checkExtract(t, "Trips to UK, WhatsApp +44 7700 900123", "", []wantFound{
		{Phone, "+447700900123", "+44 7700 900123"},
	})
}

func TestExtractScripts(t *testing.T) {
	// Arabic-Indic digits are two bytes each: offsets must still be into
	// the original text.
	text := "رحلات إلى بريطانيا، واتساب ٠٧٧٠٠ ٩٠٠١٢٣ أو ۰۷۷۰۰۹۰۰۱۲۴"
	checkExtract(t, text, "GB", []wantFound{
		{Phone, "+447700900123", "٠٧٧٠٠ ٩٠٠١٢٣"},
		{Phone, "+447700900124", "۰۷۷۰۰۹۰۰۱۲۴"},
	})
	// Mixed scripts, emoji, right-to-left marks around the number.
	checkExtract(t, "🚤🇬🇧 مكالمة \u200f+44 7700 900125\u200f 🔥 Call/واتس wa.me/447700900126✅", "FR", []wantFound{
		{Phone, "+447700900125", "+44 7700 900125"},
		{Messaging, "wa.me/447700900126", "wa.me/447700900126"},
	})
	checkExtract(t, "ارسل على wa.me/٤٤٧٧٠٠٩٠٠١٢٧ الآن", "", []wantFound{
		{Messaging, "wa.me/447700900127", "wa.me/٤٤٧٧٠٠٩٠٠١٢٧"},
	})
	checkExtract(t, "Devanagari ०७७०० ९००१२८, full-width ０７７００９００１２９", "GB", []wantFound{
		{Phone, "+447700900128", "०७७०० ९००१२८"},
		{Phone, "+447700900129", "０７７００９００１２９"},
	})
}

func TestExtractKinds(t *testing.T) {
	text := "Contact Smuggler.Boss@Example.com or https://t.me/SmugglerChannel?utm_source=tt, " +
		"WhatsApp:wa.me/447700900123 (also https://api.whatsapp.com/send?phone=447700900123&text=hi). " +
		"Site: www.Crossing-UK.co.uk/trips/ and tiktok.com/@Crossing.UK. " +
		"Pay $BossMan or paypal.me/BossMan, IBAN (GB82 WEST 1234 5698 7654 32). " +
		"BTC 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa USDT(TRC20): TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t, " +
		"ETH 0xde0B295669a9FD93d5F28D9Ec85E40f4cb697BAe."
	checkExtract(t, text, "GB", []wantFound{
		{Email, "smuggler.boss@example.com", "Smuggler.Boss@Example.com"},
		{Messaging, "t.me/smugglerchannel", "https://t.me/SmugglerChannel?utm_source=tt"},
		{Messaging, "wa.me/447700900123", "wa.me/447700900123"},
		{URL, "https://crossing-uk.co.uk/trips", "www.Crossing-UK.co.uk/trips/"},
		{URL, "https://tiktok.com/@crossing.uk", "tiktok.com/@Crossing.UK"},
		{Payment, "cash.app/$bossman", "$BossMan"},
		{Payment, "paypal.me/bossman", "paypal.me/BossMan"},
		{Payment, "GB82WEST12345698765432", "GB82 WEST 1234 5698 7654 32"},
		{Crypto, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"},
		{Crypto, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"},
		{Crypto, "0xde0b295669a9fd93d5f28d9ec85e40f4cb697bae", "0xde0B295669a9FD93d5F28D9Ec85E40f4cb697BAe"},
	})
}

func TestExtractBrackets(t *testing.T) {
	checkExtract(t, "[our site](https://example.com/trips) and (see t.me/CrossingUK).", "", []wantFound{
		{URL, "https://example.com/trips", "https://example.com/trips"},
		{Messaging, "t.me/crossinguk", "t.me/CrossingUK"},
	})
	checkExtract(t, "https://en.wikipedia.org/wiki/Calais_(France)", "", []wantFound{
		{URL, "https://en.wikipedia.org/wiki/Calais_(France)", "https://en.wikipedia.org/wiki/Calais_(France)"},
	})
}

func TestExtractRejects(t *testing.T) {
	for _, text := range []string{
		"Boat 2500 GBP, 3 days, depart 01.05.2024 at 10:30",
		"Order 1234567890 ref 998877665544 tracking",                            // digit runs, no national prefix
		"BTC 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb",                                // bad checksum
		"TRON TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u",                               // bad checksum
		"IBAN GB82 WEST 1234 5698 7654 33",                                      // bad checksum
		"tx 0x88df016429689c079f3b2f6ad39fa052532c56795b733da78a91ebe6a713944b", // a hash, not an address
		"Price $2500, or $USD 300, e.g. this. Hello.It's fine. node.js",
		"follow @crossing.uk and @SmugglerChannel",
		"ID12345678901 and 07700900123abc",
		"a@b",
	} {
		if got := Extract(text, "GB"); len(got) != 0 {
			t.Errorf("Extract(%q) = %+v, want nothing", text, got)
		}
	}
}

func TestExtractPhoneRuns(t *testing.T) {
	// A number next to other figures, and two numbers only separated by a
	// space.
	checkExtract(t, "Since 2024 07700 900123 or 07700 900124 07700 900125", "GB", []wantFound{
		{Phone, "+447700900123", "07700 900123"},
		{Phone, "+447700900124", "07700 900124"},
		{Phone, "+447700900125", "07700 900125"},
	})
	checkExtract(t, "tel:+33612345678,+33 6 12 34 56 79; (020) 7946 0958", "GB", []wantFound{
		{Phone, "+33612345678", "+33612345678"},
		{Phone, "+33612345679", "+33 6 12 34 56 79"},
		{Phone, "+442079460958", "(020) 7946 0958"},
	})
	// The phone inside a link is not extracted again, and duplicates are
	// dropped (first appearance kept).
	checkExtract(t, "https://wa.me/447700900123 +44 7700 900123 +44 7700 900123 07700900123", "GB", []wantFound{
		{Messaging, "wa.me/447700900123", "https://wa.me/447700900123"},
		{Phone, "+447700900123", "+44 7700 900123"},
	})
	checkExtract(t, "WhatsApp+447700900123 or (+44) 7700 900124", "", []wantFound{
		{Phone, "+447700900123", "+447700900123"},
		{Phone, "+447700900124", "(+44) 7700 900124"},
	})
	checkExtract(t, "WhatsApp id 447700900123@s.whatsapp.net", "GB", []wantFound{
		{Messaging, "wa.me/447700900123", "447700900123@s.whatsapp.net"},
	})
}

func TestExtractEmpty(t *testing.T) {
	for _, text := range []string{"", "hi", "just words here, nothing else", "🚤🚤🚤", "\xff\xfe\xfd 0"} {
		if got := Extract(text, "GB"); got != nil {
			t.Errorf("Extract(%q) = %+v, want nil", text, got)
		}
	}
}

// typicalPost is about 200 characters, as a smuggling advert on a social
// network reads.
const typicalPost = "🚤 Boat from Calais this week 🇬🇧 safe trip, 2500 GBP, family discount. " +
	"Call or WhatsApp 07700 900123 or wa.me/447700900124, Telegram t.me/CrossingUK. " +
	"رحلات آمنة ٠٧٧٠٠٩٠٠١٢٥ #uk #travel"

func TestTypicalPost(t *testing.T) {
	if n := len([]rune(typicalPost)); n < 180 || n > 230 {
		t.Fatalf("typical post has %d characters", n)
	}
	checkExtract(t, typicalPost, "GB", []wantFound{
		{Phone, "+447700900123", "07700 900123"},
		{Messaging, "wa.me/447700900124", "wa.me/447700900124"},
		{Messaging, "t.me/crossinguk", "t.me/CrossingUK"},
		{Phone, "+447700900125", "٠٧٧٠٠٩٠٠١٢٥"},
	})
}

func BenchmarkExtract(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(typicalPost)))
	for b.Loop() {
		Extract(typicalPost, "GB")
	}
}

// BenchmarkExtractCold measures Extract with the phone memo off, as for a
// post whose numbers were not seen recently.
func BenchmarkExtractCold(b *testing.B) {
	phoneMemoEnabled = false
	defer func() { phoneMemoEnabled = true }()
	b.ReportAllocs()
	b.SetBytes(int64(len(typicalPost)))
	for b.Loop() {
		Extract(typicalPost, "GB")
	}
}

func BenchmarkExtractNoIdentifiers(b *testing.B) {
	text := strings.Repeat("Safe trips every week, ask for details and prices. ", 4)
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Extract(text, "GB")
	}
}
