package ident

import "strings"

// normalizePayment canonicalises a payment handle or link. Canonical forms:
//
//	paypal.me/name        PayPal.Me (lower-case)
//	revolut.me/name       Revolut (lower-case)
//	cash.app/$tag         Cash App cashtag (lower-case)
//	GB82WEST12345698765432  IBAN (upper-case, no spaces, mod-97 checked)
func normalizePayment(s string) Result {
	if s[0] == '$' {
		return cashtag(s[1:], s)
	}
	if iban, ok := compactIBAN(s); ok {
		if reason := ibanCheck(iban); reason != "" {
			return invalid(Payment, s, reason)
		}
		return valid(Payment, iban)
	}
	u, reason := splitURL(s)
	if reason != "" {
		return invalid(Payment, s, "not a payment handle, link or IBAN: "+reason)
	}
	if r, ok := paymentFromURL(u); ok {
		return r
	}
	return invalid(Payment, s, "not a payment handle, link or IBAN")
}

// cashtag validates a Cash App tag (without '$'): a letter, then up to 19
// letters, digits or underscores. "$2500" is a price, not a cashtag.
func cashtag(tag, raw string) Result {
	if !isCashtag(tag) {
		return invalid(Payment, raw, "a cashtag is '$' and a letter followed by up to 19 letters, digits or '_'")
	}
	return valid(Payment, "cash.app/$"+strings.ToLower(tag))
}

func isCashtag(tag string) bool {
	if tag == "" || len(tag) > 20 || !isASCIIAlpha(tag[0]) {
		return false
	}
	for i := 1; i < len(tag); i++ {
		if !isASCIIAlnum(tag[i]) && tag[i] != '_' {
			return false
		}
	}
	return true
}

// isPaymentName reports a PayPal.Me or Revolut name.
func isPaymentName(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isASCIIAlnum(s[i]) && s[i] != '_' && s[i] != '-' && s[i] != '.' {
			return false
		}
	}
	return true
}

// paymentFromURL recognises payment links; ok is false for other hosts.
func paymentFromURL(u rawURL) (Result, bool) {
	segs := pathSegments(u.path)
	switch u.host {
	case "paypal.me":
		return paymentName("paypal.me/", segs), true
	case "paypal.com":
		if len(segs) > 0 && strings.EqualFold(segs[0], "paypalme") {
			return paymentName("paypal.me/", segs[1:]), true
		}
	case "revolut.me":
		return paymentName("revolut.me/", segs), true
	case "cash.app":
		if len(segs) > 0 {
			tag := segs[0]
			if strings.HasPrefix(tag, "%24") {
				tag = "$" + tag[3:]
			}
			if strings.HasPrefix(tag, "$") {
				return cashtag(tag[1:], "cash.app/"+segs[0]), true
			}
		}
	}
	return Result{}, false
}

func paymentName(prefix string, segs []string) Result {
	if len(segs) == 0 || !isPaymentName(segs[0]) {
		return invalid(Payment, prefix, "payment link without a name")
	}
	return valid(Payment, prefix+strings.ToLower(segs[0]))
}

// compactIBAN removes spaces and dashes and upper-cases s; ok is false when
// s is not shaped like an IBAN (two letters, two digits, then letters and
// digits).
func compactIBAN(s string) (string, bool) {
	if len(s) < 15 || len(s) > 50 {
		return "", false
	}
	b := make([]byte, 0, 34)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '-':
			continue
		case isASCIIAlnum(c):
			if c >= 'a' && c <= 'z' {
				c -= 'a' - 'A'
			}
			b = append(b, c)
		default:
			return "", false
		}
		if len(b) > 34 {
			return "", false
		}
	}
	if len(b) < 15 || !isASCIIAlpha(b[0]) || !isASCIIAlpha(b[1]) || !isASCIIDigit(b[2]) || !isASCIIDigit(b[3]) {
		return "", false
	}
	return string(b), true
}

// ibanLengths is the IBAN length of each country in the IBAN registry.
var ibanLengths = map[string]int{
	"AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22,
	"BH": 22, "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24,
	"DE": 22, "DJ": 27, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18,
	"FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27,
	"GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27,
	"JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20,
	"LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20, "MR": 27,
	"MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PK": 24, "PL": 28,
	"PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24, "SC": 31,
	"SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28,
	"TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}

// ibanCheck returns why a compact IBAN is invalid, or "". The length must be
// that of its country when the country is in ibanLengths (15 to 34
// otherwise), and the ISO 7064 mod-97 checksum must hold.
func ibanCheck(iban string) string {
	if n, ok := ibanLengths[iban[:2]]; ok {
		if len(iban) != n {
			return "IBAN has the wrong length for its country"
		}
	} else if len(iban) < 15 || len(iban) > 34 {
		return "IBAN length must be 15 to 34"
	}
	if ibanMod97(iban) != 1 {
		return "IBAN checksum does not match"
	}
	return ""
}

// ibanMod97 computes the ISO 7064 mod-97-10 remainder of an IBAN: the first
// four characters moved to the end, letters as 10 to 35.
func ibanMod97(iban string) int {
	r := 0
	for i := 0; i < len(iban); i++ {
		c := iban[(i+4)%len(iban)]
		if isASCIIDigit(c) {
			r = (r*10 + int(c-'0')) % 97
		} else {
			r = (r*100 + int(c-'A') + 10) % 97
		}
	}
	return r
}
