package ident

import (
	"errors"
	"testing"

	"github.com/nyaruka/phonenumbers"
)

type normCase struct {
	kind, raw, region string
	wantKind          string // "" means the kind asked for
	want              string
	valid             bool
}

func runNormCases(t *testing.T, cases []normCase) {
	t.Helper()
	for _, c := range cases {
		r, err := Normalize(c.kind, c.raw, c.region)
		if err != nil {
			t.Errorf("Normalize(%q, %q, %q): unexpected error %v", c.kind, c.raw, c.region, err)
			continue
		}
		wantKind := c.wantKind
		if wantKind == "" {
			wantKind = c.kind
		}
		if r.Kind != wantKind || r.Value != c.want || r.Valid != c.valid {
			t.Errorf("Normalize(%q, %q, %q) = %+v, want kind %q value %q valid %v",
				c.kind, c.raw, c.region, r, wantKind, c.want, c.valid)
		}
		if r.Valid != (r.Reason == "") {
			t.Errorf("Normalize(%q, %q, %q) = %+v: Reason must be empty exactly when valid", c.kind, c.raw, c.region, r)
		}
	}
}

func TestValidKind(t *testing.T) {
	for _, k := range Kinds {
		if !ValidKind(k) {
			t.Errorf("ValidKind(%q) = false", k)
		}
	}
	for _, k := range []string{"", "Phone", "telegram", "hash"} {
		if ValidKind(k) {
			t.Errorf("ValidKind(%q) = true", k)
		}
	}
}

func TestNormalizeErrors(t *testing.T) {
	if _, err := Normalize("fax", "123", ""); !errors.Is(err, ErrUnknownKind) {
		t.Errorf("unknown kind: err = %v, want ErrUnknownKind", err)
	}
	for _, raw := range []string{"", "   ", "\t\n"} {
		if _, err := Normalize(Phone, raw, "GB"); !errors.Is(err, ErrEmpty) {
			t.Errorf("Normalize(phone, %q): err = %v, want ErrEmpty", raw, err)
		}
	}
	// An unparseable value is not an error.
	if r, err := Normalize(Phone, "not a number", "GB"); err != nil || r.Valid || r.Reason == "" {
		t.Errorf("Normalize(phone, junk) = %+v, %v; want invalid result with a reason and no error", r, err)
	}
}

// TestDramaNumberValidity records what the phone library says about the UK
// drama range used in the examples: it parses, has a possible length, and
// is not a valid number, which is why declared phones accept possible
// lengths and text extraction knows the drama ranges.
func TestDramaNumberValidity(t *testing.T) {
	n, err := phonenumbers.Parse("07700 900123", "GB")
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if got := phonenumbers.Format(n, phonenumbers.E164); got != "+447700900123" {
		t.Errorf("E.164 = %q", got)
	}
	if phonenumbers.IsValidNumber(n) {
		t.Errorf("IsValidNumber(07700 900123) = true; the library now knows the drama range and the fallback may be unneeded")
	}
	if phonenumbers.IsPossibleNumberWithReason(n) != phonenumbers.IS_POSSIBLE {
		t.Errorf("07700 900123 is not of a possible length")
	}
	if !isFictionalNumber("+447700900123") || isFictionalNumber("+447700901123") || isFictionalNumber("+4477009001234") {
		t.Errorf("isFictionalNumber does not match the 07700 900xxx range exactly")
	}
}

func TestNormalizePhone(t *testing.T) {
	runNormCases(t, []normCase{
		{Phone, "07700 900123", "GB", "", "+447700900123", true},
		{Phone, "07700 900123", "gb", "", "+447700900123", true},
		{Phone, "07700 900123", "UK", "", "+447700900123", true},
		{Phone, "+44 7700 900123", "", "", "+447700900123", true},
		{Phone, "+44 7700-900123", "FR", "", "+447700900123", true},
		{Phone, "0044-7700-900123", "", "", "+447700900123", true},
		{Phone, "0044-7700-900123", "GB", "", "+447700900123", true},
		{Phone, "(07700) 900.123", "GB", "", "+447700900123", true},
		{Phone, "+44 (0) 7700 900123", "", "", "+447700900123", true},
		{Phone, "٠٧٧٠٠ ٩٠٠١٢٣", "GB", "", "+447700900123", true},
		{Phone, "۰۷۷۰۰۹۰۰۱۲۳", "GB", "", "+447700900123", true},
		{Phone, "\u202a+44 7700 900123\u202c", "", "", "+447700900123", true},
		{Phone, "+٤٤ ٧٧٠٠ ٩٠٠١٢٣", "", "", "+447700900123", true},
		{Phone, "０７７００ ９００１２３", "GB", "", "+447700900123", true},
		{Phone, "tel:+447911123456", "", "", "+447911123456", true},
		{Phone, "447911123456", "", "", "+447911123456", true}, // stored without '+'
		{Phone, "06 12 34 56 78", "FR", "", "+33612345678", true},
		{Phone, "+33 6 12 34 56 78", "", "", "+33612345678", true},
		{Phone, "wa.me/447700900123", "", "", "+447700900123", true},
		// Invalid: the raw value with digits folded, flagged.
		{Phone, "07700 900123", "", "", "07700 900123", false},
		{Phone, " ٠٧٧٠٠ ", "GB", "", "07700", false},
		{Phone, "12345", "GB", "", "12345", false},
		{Phone, "+44 12", "", "", "+44 12", false},
		{Phone, "+999 1234567", "", "", "+999 1234567", false},
		{Phone, "call me", "GB", "", "call me", false},
	})
}

func TestNormalizeMessaging(t *testing.T) {
	runNormCases(t, []normCase{
		{Messaging, "wa.me/447700900123", "", "", "wa.me/447700900123", true},
		{Messaging, "https://wa.me/+447700900123?text=hello", "", "", "wa.me/447700900123", true},
		{Messaging, "https://api.whatsapp.com/send?phone=447700900123&text=hi", "", "", "wa.me/447700900123", true},
		{Messaging, "api.whatsapp.com/send/?phone=%2B447700900123&type=phone_number", "", "", "wa.me/447700900123", true},
		{Messaging, "https://www.whatsapp.com/send?phone=447700900123", "", "", "wa.me/447700900123", true},
		{Messaging, "whatsapp://send?phone=447700900123", "", "", "wa.me/447700900123", true},
		{URL, "https://WA.ME/447700900123", "", Messaging, "wa.me/447700900123", true},
		{URL, "http://wa.me/447700900123/", "", Messaging, "wa.me/447700900123", true},
		{Messaging, "wa.me/07700900123", "GB", "", "wa.me/447700900123", true},
		{Messaging, "wa.me/٤٤٧٧٠٠٩٠٠١٢٣", "", "", "wa.me/447700900123", true},
		{Messaging, "+44 7700 900123", "", "", "wa.me/447700900123", true},
		{Messaging, "07700 900123", "GB", "", "wa.me/447700900123", true},
		{Messaging, "wa.me/message/ABCDEF123XYZ1", "", "", "wa.me/message/ABCDEF123XYZ1", true},
		{Messaging, "https://chat.whatsapp.com/AbCdEfGh12345678901234", "", "", "chat.whatsapp.com/AbCdEfGh12345678901234", true},
		{Messaging, "chat.whatsapp.com/invite/AbCdEfGh1234", "", "", "chat.whatsapp.com/AbCdEfGh1234", true},
		{URL, "https://whatsapp.com/channel/0029VaAbCdEf", "", Messaging, "whatsapp.com/channel/0029VaAbCdEf", true},
		{Messaging, "t.me/SmugglerChannel", "", "", "t.me/smugglerchannel", true},
		{Messaging, "https://telegram.me/SmugglerChannel/", "", "", "t.me/smugglerchannel", true},
		{Messaging, "https://t.me/s/SmugglerChannel", "", "", "t.me/smugglerchannel", true},
		{Messaging, "https://t.me/SmugglerChannel/1234", "", "", "t.me/smugglerchannel", true},
		{Messaging, "@SmugglerChannel", "", "", "t.me/smugglerchannel", true},
		{Messaging, "SmugglerChannel", "", "", "t.me/smugglerchannel", true},
		{Messaging, "tg://resolve?domain=SmugglerChannel", "", "", "t.me/smugglerchannel", true},
		{Messaging, "https://t.me/+AbCdEf_123-x", "", "", "t.me/+AbCdEf_123-x", true},
		{Messaging, "t.me/joinchat/AbCdEf123", "", "", "t.me/+AbCdEf123", true},
		{Messaging, "t.me/JoinChat/AbCdEf123", "", "", "t.me/+AbCdEf123", true}, // keywords in any case
		{Messaging, "t.me/joInChAt", "", "", "t.me/joInChAt", false},
		{Messaging, "https://t.me/C/1234567", "", "", "t.me/c/1234567", true},
		{Messaging, "tg://join?invite=AbCdEf123", "", "", "t.me/+AbCdEf123", true},
		{Messaging, "t.me/+447700900123", "", "", "t.me/+447700900123", true},
		{Messaging, "https://signal.me/#p/+447700900123", "", "", "signal.me/#p/+447700900123", true},
		{Messaging, "sgnl://signal.me/#p/+447700900123", "", "", "signal.me/#p/+447700900123", true},
		{Messaging, "https://m.me/Crossing.UK", "", "", "m.me/crossing.uk", true},
		{Messaging, "447700900123@s.whatsapp.net", "", "", "wa.me/447700900123", true}, // WhatsApp account id
		{Email, "447700900123@s.whatsapp.net", "", Messaging, "wa.me/447700900123", true},
		// Invalid.
		{Messaging, "wa.me/12", "", "", "wa.me/12", false},
		{Messaging, "https://example.com/chat", "", "", "https://example.com/chat", false},
		{Messaging, "t.me/", "", "", "t.me/", false},
		{Messaging, "@x", "", "", "@x", false},
	})
}

func TestNormalizeURL(t *testing.T) {
	runNormCases(t, []normCase{
		{URL, "https://example.com/page?utm_source=fb&utm_medium=social&id=7&fbclid=IwAR0abc", "", "", "https://example.com/page?id=7", true},
		{URL, "example.com/page?gclid=1&igshid=2&igsh=3&si=4&mc_cid=5&mc_eid=6&ref_src=7&_ga=8&yclid=9&msclkid=10&UTM_Term=11", "", "", "https://example.com/page", true},
		{URL, "https://example.com:443/a", "", "", "https://example.com/a", true},
		{URL, "http://example.com:80/a", "", "", "https://example.com/a", true},
		{URL, "https://example.com:8443/a", "", "", "https://example.com:8443/a", true},
		{URL, "HTTPS://Shop.EXAMPLE.com/Item/ABC", "", "", "https://shop.example.com/Item/ABC", true},
		{URL, "http://www.example.com", "", "", "https://example.com/", true},
		{URL, "https://m.example.com/news/", "", "", "https://example.com/news", true},
		{URL, "https://example.com/a/b/#section", "", "", "https://example.com/a/b", true},
		{URL, "https://example.com/?b=2&a=1&a=0", "", "", "https://example.com/?a=0&a=1&b=2", true},
		{URL, "https://user:pass@example.com/x", "", "", "https://example.com/x", true},
		{URL, "https://example.com./x", "", "", "https://example.com/x", true},
		{URL, "https://example.com/a%2fb/%7euser/caf\u00e9 x", "", "", "https://example.com/a%2Fb/~user/caf%C3%A9%20x", true},
		{URL, "https://[2001:DB8::1]:443/x", "", "", "https://[2001:db8::1]/x", true},
		{URL, "ftp://files.example.org/a", "", "", "ftp://files.example.org/a", true},
		{URL, "https://www.tiktok.com/@Crossing.UK/video/7312?is_from_webapp=1&_r=1", "", "", "https://tiktok.com/@crossing.uk/video/7312?_r=1&is_from_webapp=1", true},
		{URL, "https://www.instagram.com/Crossing.UK/?igsh=abc", "", "", "https://instagram.com/crossing.uk", true},
		{URL, "https://instagram.com/p/CxYzAbC/", "", "", "https://instagram.com/p/CxYzAbC", true},
		{URL, "https://instagram.com/stories/Crossing.UK/123", "", "", "https://instagram.com/stories/crossing.uk/123", true},
		{URL, "https://twitter.com/CrossingUK/status/1790000000000000000?s=20", "", "", "https://x.com/crossinguk/status/1790000000000000000?s=20", true},
		{URL, "https://mobile.twitter.com/CrossingUK", "", "", "https://x.com/crossinguk", true},
		{URL, "https://www.youtube.com/@CrossingUK/videos", "", "", "https://youtube.com/@crossinguk/videos", true},
		{URL, "https://www.youtube.com/channel/UCabcDEF", "", "", "https://youtube.com/channel/UCabcDEF", true},
		{URL, "https://youtu.be/dQw4w9WgXcQ?si=abc&t=42", "", "", "https://youtube.com/watch?t=42&v=dQw4w9WgXcQ", true},
		{URL, "https://m.facebook.com/UKJobsTravel/", "", "", "https://facebook.com/ukjobstravel", true},
		{URL, "https://facebook.com/groups/1001", "", "", "https://facebook.com/groups/1001", true},
		{URL, "https://www.facebook.com/share/AbC123/", "", "", "https://facebook.com/share/AbC123", true},
		{URL, "https://www.paypal.me/SomeOne/25", "", Payment, "paypal.me/someone", true},
		{URL, "mailto:Someone@Example.com", "", Email, "someone@example.com", true},
		// Invalid.
		{URL, "not a url", "", "", "not a url", false},
		{URL, "https://", "", "", "https://", false},
		{URL, "https://localhost:99999/", "", "", "https://localhost:99999/", false},
		{URL, "https://exa mple.com/", "", "", "https://exa mple.com/", false},
		{URL, "https://-bad-.com/", "", "", "https://-bad-.com/", false},
	})
}

func TestNormalizeEmail(t *testing.T) {
	runNormCases(t, []normCase{
		{Email, " Someone.Else+tag@Example.CO.UK ", "", "", "someone.else+tag@example.co.uk", true},
		{Email, "mailto:a@b.io", "", "", "a@b.io", true},
		{Email, "someone@", "", "", "someone@", false},
		{Email, "someone.example.com", "", "", "someone.example.com", false},
		{Email, "a..b@example.com", "", "", "a..b@example.com", false},
		{Email, "a@localhost", "", "", "a@localhost", false},
		{Email, "a b@example.com", "", "", "a b@example.com", false},
	})
}

func TestNormalizePayment(t *testing.T) {
	runNormCases(t, []normCase{
		{Payment, "https://paypal.me/SomeOne", "", "", "paypal.me/someone", true},
		{Payment, "paypal.com/paypalme/SomeOne", "", "", "paypal.me/someone", true},
		{Payment, "https://revolut.me/SomeOne", "", "", "revolut.me/someone", true},
		{Payment, "https://cash.app/$SomeOne", "", "", "cash.app/$someone", true},
		{Payment, "cash.me/%24SomeOne", "", "", "cash.app/$someone", true},
		{Payment, "$SomeOne", "", "", "cash.app/$someone", true},
		{Payment, "GB82WEST12345698765432", "", "", "GB82WEST12345698765432", true},
		{Payment, "gb82 west 1234 5698 7654 32", "", "", "GB82WEST12345698765432", true},
		{Payment, "DE89 3704 0044 0532 0130 00", "", "", "DE89370400440532013000", true},
		// Invalid.
		{Payment, "$2500", "", "", "$2500", false},
		{Payment, "GB82WEST12345698765433", "", "", "GB82WEST12345698765433", false},
		{Payment, "GB82WEST1234569876543", "", "", "GB82WEST1234569876543", false}, // one character short
		{Payment, "https://example.com/pay", "", "", "https://example.com/pay", false},
		{Payment, "paypal.me/", "", "", "paypal.me/", false},
	})
}

func TestNormalizeCrypto(t *testing.T) {
	runNormCases(t, []normCase{
		{Crypto, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "", "", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", true}, // genesis block
		{Crypto, "bitcoin:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa?amount=0.1", "", "", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", true},
		{Crypto, "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "", "", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", true}, // P2SH
		{Crypto, "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "", "", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", true},
		{Crypto, "BC1QAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ", "", "", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", true},
		{Crypto, "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3", "", "", "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3", true}, // BIP 173 P2WSH
		{Crypto, "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", "", "", "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", true}, // BIP 350 taproot
		{Crypto, "0xde0B295669a9FD93d5F28D9Ec85E40f4cb697BAe", "", "", "0xde0b295669a9fd93d5f28d9ec85e40f4cb697bae", true},
		{Crypto, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "", "", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", true}, // USDT TRC20 contract
		// Corrupted checksums and malformed addresses.
		{Crypto, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", "", "", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", false},
		{Crypto, "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLz", "", "", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLz", false},
		{Crypto, "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdr", "", "", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdr", false},
		{Crypto, "bc1qAR0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "", "", "bc1qAR0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", false}, // mixed case
		{Crypto, "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj1", "", "", "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj1", false},
		{Crypto, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u", "", "", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u", false},
		{Crypto, "0xde0B295669a9FD93d5F28D9Ec85E40f4cb697BA", "", "", "0xde0B295669a9FD93d5F28D9Ec85E40f4cb697BA", false},
		{Crypto, "0xzz0B295669a9FD93d5F28D9Ec85E40f4cb697BAe", "", "", "0xzz0B295669a9FD93d5F28D9Ec85E40f4cb697BAe", false},
		{Crypto, "hello", "", "", "hello", false},
	})
}

func TestNormalizeImageHash(t *testing.T) {
	runNormCases(t, []normCase{
		{ImageHash, "phash:ffd8a1c3e0f0b0a1", "", "", "phash:ffd8a1c3e0f0b0a1", true},
		{ImageHash, " PHASH:FFD8A1C3E0F0B0A1 ", "", "", "phash:ffd8a1c3e0f0b0a1", true},
		{ImageHash, "phash:ffd8a1c3e0f0b0a", "", "", "phash:ffd8a1c3e0f0b0a", false},
		{ImageHash, "phash:ffd8a1c3e0f0b0ag", "", "", "phash:ffd8a1c3e0f0b0ag", false},
		{ImageHash, "dhash:ffd8a1c3e0f0b0a1", "", "", "dhash:ffd8a1c3e0f0b0a1", false},
		{ImageHash, "ffd8a1c3e0f0b0a1", "", "", "ffd8a1c3e0f0b0a1", false},
	})
}
