package ident

import (
	"errors"
	"fmt"
	"strings"
)

// Identifier kinds, as written in the ingest format.
const (
	Phone     = "phone"
	Email     = "email"
	URL       = "url"
	Messaging = "messaging"
	Payment   = "payment"
	Crypto    = "crypto"
	ImageHash = "image_hash"
)

// Kinds lists every identifier kind.
var Kinds = []string{Phone, Email, URL, Messaging, Payment, Crypto, ImageHash}

// ValidKind reports whether kind is one of the identifier kinds.
func ValidKind(kind string) bool {
	switch kind {
	case Phone, Email, URL, Messaging, Payment, Crypto, ImageHash:
		return true
	}
	return false
}

// Result is the outcome of normalising one identifier.
type Result struct {
	// Kind is the kind of the canonical value. It may differ from the kind
	// asked for: a wa.me URL given as kind "url" becomes Messaging, a
	// paypal.me URL becomes Payment, a mailto: URL becomes Email, and a
	// wa.me link given as kind "phone" becomes the Phone it names.
	Kind string
	// Value is the canonical form. When Valid is false it is the input,
	// trimmed (for phones also with digits folded to ASCII), so that the
	// caller can still keep what was given.
	Value string
	// Valid reports whether Value is a well-formed identifier of Kind.
	Valid bool
	// Reason says why the value is invalid; it is empty when Valid.
	Reason string
}

// ErrUnknownKind is returned by Normalize for a kind that is not one of Kinds.
var ErrUnknownKind = errors.New("unknown identifier kind")

// ErrEmpty is returned by Normalize for a value that is empty or blank.
var ErrEmpty = errors.New("empty identifier value")

// Normalize canonicalises raw as an identifier of the given kind. region is
// an ISO 3166 alpha-2 default region for national phone numbers, in either
// case ("" means no region). It returns an error only for an unknown kind or
// an empty value; a value that cannot be normalised (an unparseable phone, a
// wallet address with a bad checksum, ...) is a Result with Valid false and
// a Reason.
func Normalize(kind, raw, region string) (Result, error) {
	if !ValidKind(kind) {
		return Result{}, fmt.Errorf("%w: %q", ErrUnknownKind, kind)
	}
	s := strings.TrimSpace(raw)
	if s == "" {
		return Result{}, ErrEmpty
	}
	r := normalize(kind, s, normRegion(region))
	if !r.Valid {
		r.Value = s
		if r.Kind == Phone {
			r.Value = strings.TrimSpace(FoldDigits(s))
		}
	}
	return r, nil
}

// normalize dispatches on kind; s is trimmed and region canonical.
func normalize(kind, s, region string) Result {
	switch kind {
	case Phone:
		return normalizePhoneKind(s, region)
	case Email:
		return normalizeEmail(s, region)
	case URL:
		return normalizeURL(s, region)
	case Messaging:
		return normalizeMessaging(s, region)
	case Payment:
		return normalizePayment(s)
	case Crypto:
		return normalizeCrypto(s)
	default:
		return normalizeImageHash(s)
	}
}

func invalid(kind, value, reason string) Result {
	return Result{Kind: kind, Value: value, Reason: reason}
}

func valid(kind, value string) Result {
	return Result{Kind: kind, Value: value, Valid: true}
}

// normRegion upper-cases an ISO 3166 alpha-2 code; anything else means no
// region. "UK", which is not the ISO code but is often written for it, is
// GB.
func normRegion(region string) string {
	region = strings.TrimSpace(region)
	if len(region) != 2 || !isASCIIAlpha(region[0]) || !isASCIIAlpha(region[1]) {
		return ""
	}
	region = strings.ToUpper(region)
	if region == "UK" {
		return "GB"
	}
	return region
}

const imageHashPrefix = "phash:"

func normalizeImageHash(s string) Result {
	v := strings.ToLower(s)
	if len(v) != len(imageHashPrefix)+16 || !strings.HasPrefix(v, imageHashPrefix) {
		return invalid(ImageHash, s, "image hash must be \"phash:\" followed by 16 hex digits")
	}
	for i := len(imageHashPrefix); i < len(v); i++ {
		if !isHex(v[i]) {
			return invalid(ImageHash, s, "image hash must be \"phash:\" followed by 16 hex digits")
		}
	}
	return valid(ImageHash, v)
}

func isASCIIAlpha(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
func isASCIIDigit(c byte) bool { return c >= '0' && c <= '9' }
func isASCIIAlnum(c byte) bool { return isASCIIDigit(c) || isASCIIAlpha(c) }
func isHex(c byte) bool        { return isASCIIDigit(c) || (c|0x20 >= 'a' && c|0x20 <= 'f') }

// hasPrefixFold reports whether s starts with prefix, ignoring ASCII case.
// prefix must be lower-case.
func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[i] {
			return false
		}
	}
	return true
}
