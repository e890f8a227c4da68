package ident

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// normalizeEmail trims and lower-cases an address and checks its syntax:
// a dot-atom local part of at most 64 bytes, "@", and a domain of at least
// two labels whose last label (the top-level domain) is not all digits.
// A WhatsApp account id (447700900123@s.whatsapp.net, as in exports from
// seized phones) is the Messaging identifier of that number.
func normalizeEmail(s, region string) Result {
	v := strings.TrimSpace(s)
	if hasPrefixFold(v, "mailto:") {
		v = v[len("mailto:"):]
		if i := strings.IndexByte(v, '?'); i >= 0 {
			v = v[:i]
		}
	}
	v = strings.ToLower(v)
	if reason := emailSyntax(v); reason != "" {
		return invalid(Email, s, reason)
	}
	if local, ok := whatsappJID(v); ok {
		if r := whatsappPhone(local, region); r.Valid {
			return r
		}
	}
	return valid(Email, v)
}

// emailSyntax returns why v is not an address, or "" when it is one.
func emailSyntax(v string) string {
	at := strings.LastIndexByte(v, '@')
	if at < 0 {
		return "email address has no \"@\""
	}
	local, domain := v[:at], v[at+1:]
	if local == "" || len(local) > 64 {
		return "email local part must be 1 to 64 characters"
	}
	if local[0] == '.' || local[len(local)-1] == '.' || strings.Contains(local, "..") {
		return "email local part has a misplaced dot"
	}
	for i := 0; i < len(local); {
		r, size := utf8.DecodeRuneInString(local[i:])
		i += size
		if r < utf8.RuneSelf {
			if !isLocalPartByte(byte(r)) {
				return "email local part has a character not allowed in an address"
			}
		} else if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) {
			return "email local part has a character not allowed in an address"
		}
	}
	if reason := hostSyntax(domain); reason != "" {
		return "email domain: " + reason
	}
	if !strings.Contains(domain, ".") {
		return "email domain has no top-level domain"
	}
	return ""
}

// isLocalPartByte reports the ASCII characters accepted in a local part:
// RFC 5322 atext and '.', without '/', '`', '{', '|' and '}', which
// addresses in use do not have and which would make "site.com/@x.y" an
// address.
func isLocalPartByte(c byte) bool {
	if isASCIIAlnum(c) {
		return true
	}
	return strings.IndexByte("!#$%&'*+-=?^_~.", c) >= 0
}

// hostSyntax returns why h (lower-case) is not a host name, or "" when it is
// one: non-empty labels of letters, digits, '-' and '_', not starting or
// ending with '-', and a last label that is not all digits (unless h is an
// IPv4 address).
func hostSyntax(h string) string {
	if h == "" {
		return "empty host"
	}
	if len(h) > 253 {
		return "host name too long"
	}
	if isIPv4(h) {
		return ""
	}
	labels := 0
	last := ""
	for rest := h; ; {
		label := rest
		i := strings.IndexByte(rest, '.')
		if i >= 0 {
			label, rest = rest[:i], rest[i+1:]
		}
		if label == "" {
			return "empty label in host name"
		}
		if len(label) > 63 {
			return "label too long in host name"
		}
		if label[0] == '-' || label[len(label)-1] == '-' {
			return "host name label starts or ends with '-'"
		}
		for j := 0; j < len(label); {
			r, size := utf8.DecodeRuneInString(label[j:])
			j += size
			if r < utf8.RuneSelf {
				c := byte(r)
				if !isASCIIAlnum(c) && c != '-' && c != '_' {
					return "character not allowed in a host name"
				}
			} else if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) {
				return "character not allowed in a host name"
			}
		}
		labels++
		last = label
		if i < 0 {
			break
		}
	}
	if labels > 1 && allASCIIDigits(last) {
		return "top-level domain is numeric"
	}
	return ""
}

func allASCIIDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isASCIIDigit(s[i]) {
			return false
		}
	}
	return true
}

func isIPv4(h string) bool {
	parts := 0
	for rest := h; ; {
		p := rest
		i := strings.IndexByte(rest, '.')
		if i >= 0 {
			p, rest = rest[:i], rest[i+1:]
		}
		if len(p) == 0 || len(p) > 3 || !allASCIIDigits(p) {
			return false
		}
		if len(p) > 1 && p[0] == '0' {
			return false
		}
		if n := atoiSmall(p); n > 255 {
			return false
		}
		parts++
		if i < 0 {
			break
		}
	}
	return parts == 4
}

func atoiSmall(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
