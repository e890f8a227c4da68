package ident

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"
)

// phoneStrictness says how much evidence a parsed number needs to count as a
// phone.
type phoneStrictness int

const (
	// phoneDeclared is for values declared to be phones (an identifier of
	// kind phone, the number of a wa.me or signal.me link, a search string):
	// a number that the numbering plan metadata knows as valid, or whose
	// length is possible for its country and whose national number has no
	// leading zero.
	phoneDeclared phoneStrictness = iota
	// phoneInText is for digit runs found in free text: a number the
	// metadata knows as valid, a number in a range reserved for fiction, or
	// a number written with an international prefix ("+" or "00") whose
	// length is possible for its country (no leading zero); written
	// nationally, it must carry its national prefix.
	phoneInText
)

// phoneParse is a parsed phone number.
type phoneParse struct {
	e164   string // "+447700900123"
	valid  bool
	reason string // why not valid
}

// cleanPhone folds digits, removes bidirectional marks and zero-width
// characters, turns any Unicode space into an ASCII space and removes a
// "tel:" prefix.
func cleanPhone(s string) string {
	s = FoldDigits(s)
	if hasPrefixFold(s, "tel:") {
		s = s[4:]
	}
	clean := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteByte(s[i])
		case isInvisibleMark(r):
		case r >= utf8.RuneSelf && unicode.IsSpace(r):
			b.WriteByte(' ')
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// isInvisibleMark reports bidirectional controls and zero-width characters,
// which right-to-left text often puts around or inside a number.
func isInvisibleMark(r rune) bool {
	switch {
	case r == 0x200B, r == 0x200C, r == 0x200D, r == 0x200E, r == 0x200F, r == 0x061C, r == 0x2060, r == 0xFEFF:
		return true
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// parsePhone parses a cleaned phone string (see cleanPhone) with the default
// region, which must be upper-case or "". Numbers are parsed with
// ParseAndKeepRawInput throughout: Parse loses all but one of several
// leading zeros of a national number (+27000000 would become +2700000), so
// its output would not be stable under normalisation.
func parsePhone(s, region string, strict phoneStrictness) phoneParse {
	s = strings.TrimSpace(s)
	if len(s) > 64 {
		return phoneParse{reason: "too long for a phone number"}
	}
	key := phoneKey(s, region, strict)
	if p, ok := phoneMemo.get(key); ok {
		return p
	}
	p := parsePhoneUncached(s, region, strict)
	phoneMemo.put(key, p)
	return p
}

func parsePhoneUncached(s, region string, strict phoneStrictness) phoneParse {
	international := strings.HasPrefix(s, "+")
	if strings.HasPrefix(s, "00") {
		international = true
		if region == "" {
			s = "+" + s[2:]
		}
	}
	if strict == phoneInText {
		return parsePhoneInText(s, region, international)
	}
	n, err := phonenumbers.ParseAndKeepRawInput(s, region)
	if err != nil {
		if !international {
			if p, ok := parseAsInternational(s); ok {
				return p
			}
		}
		reason := "not a phone number: " + err.Error()
		if region == "" && !international && err == phonenumbers.ErrInvalidCountryCode {
			reason = "national number without a region, or unknown country calling code"
		}
		return phoneParse{reason: reason}
	}
	e164 := phonenumbers.Format(n, phonenumbers.E164)
	if !wellFormedE164(e164) {
		return phoneParse{reason: "not a phone number"}
	}
	if isFictionalNumber(e164) || phonenumbers.IsValidNumber(n) {
		return phoneParse{e164: e164, valid: true}
	}
	possible := phonenumbers.IsPossibleNumberWithReason(n)
	if possible == phonenumbers.IS_POSSIBLE && !n.GetItalianLeadingZero() {
		// A possible number with leading zeros is not accepted: only the
		// metadata can tell whether its zeros are a national prefix.
		return phoneParse{e164: e164, valid: true}
	}
	if !international {
		// Numbers kept without their "+" ("447911123456"), as some phones
		// and exports store them.
		if p, ok := parseAsInternational(s); ok {
			return p
		}
	}
	return phoneParse{e164: e164, reason: possibleReason(possible, strict)}
}

// parsePhoneInText parses a digit run found in free text. Besides the rules
// of phoneInText, a number written nationally must carry its national prefix
// when its country writes one (the leading 0 of "07700 900123"), so that a
// bare run of digits such as an order number is not taken for a phone.
func parsePhoneInText(s, region string, international bool) phoneParse {
	if region == "" && !strings.HasPrefix(s, "+") {
		return phoneParse{reason: "national number without a region"}
	}
	n, err := phonenumbers.ParseAndKeepRawInput(s, region)
	if err != nil {
		return phoneParse{reason: "not a phone number: " + err.Error()}
	}
	e164 := phonenumbers.Format(n, phonenumbers.E164)
	if !wellFormedE164(e164) {
		return phoneParse{reason: "not a phone number"}
	}
	if !phonenumbers.IsNationalPrefixPresentIfRequired(n) {
		return phoneParse{e164: e164, reason: "national number written without its national prefix"}
	}
	if isFictionalNumber(e164) || phonenumbers.IsValidNumber(n) {
		return phoneParse{e164: e164, valid: true}
	}
	possible := phonenumbers.IsPossibleNumberWithReason(n)
	if international && possible == phonenumbers.IS_POSSIBLE && !n.GetItalianLeadingZero() {
		return phoneParse{e164: e164, valid: true}
	}
	return phoneParse{e164: e164, reason: possibleReason(possible, phoneInText)}
}

// parseAsInternational tries s, which has no international prefix, as an
// international number missing its "+". Only a number that the metadata
// knows as valid is accepted: a national number that happens to start with a
// country code must not be taken for a foreign one.
func parseAsInternational(s string) (phoneParse, bool) {
	if s == "" || s[0] < '1' || s[0] > '9' {
		return phoneParse{}, false
	}
	n, err := phonenumbers.ParseAndKeepRawInput("+"+s, "")
	if err != nil || !phonenumbers.IsValidNumber(n) {
		return phoneParse{}, false
	}
	e164 := phonenumbers.Format(n, phonenumbers.E164)
	if !wellFormedE164(e164) {
		return phoneParse{}, false
	}
	return phoneParse{e164: e164, valid: true}, true
}

// wellFormedE164 reports '+', a country code not starting with 0, and at
// most 15 digits in all.
func wellFormedE164(s string) bool {
	return len(s) >= 4 && len(s) <= 16 && s[0] == '+' && s[1] != '0' && allASCIIDigits(s[1:])
}

func possibleReason(v phonenumbers.ValidationResult, strict phoneStrictness) string {
	switch v {
	case phonenumbers.INVALID_COUNTRY_CODE:
		return "unknown country calling code"
	case phonenumbers.TOO_SHORT:
		return "too short for a phone number of its country"
	case phonenumbers.TOO_LONG:
		return "too long for a phone number of its country"
	case phonenumbers.IS_POSSIBLE_LOCAL_ONLY:
		return "too short: only diallable locally, without its area code"
	case phonenumbers.INVALID_LENGTH:
		return "invalid length for a phone number of its country"
	}
	if strict == phoneInText {
		return "not an allocated phone number range"
	}
	return "not a valid phone number"
}

// fictionalPrefixes are E.164 digit prefixes of the UK ranges Ofcom reserves
// for drama and examples (07700 900000-900999, 01632 960000-960999, ...).
// Each prefix is followed by exactly three more digits. The numbering plan
// metadata does not list some of them as valid, yet they are the numbers
// used in examples, training data and test files.
var fictionalPrefixes = []string{
	"447700900", // 07700 900xxx mobile
	"441632960", // 01632 960xxx
	"441134960", "441144960", "441154960", "441164960", "441174960", "441184960",
	"441214960", "441314960", "441414960", "441514960", "441614960",
	"441914980", // 0191 498 0xxx
	"442079460", // 020 7946 0xxx
	"442896496", // 028 9649 6xxx
	"442920180", // 029 2018 0xxx
	"448081570", // 08081 570xxx freephone
	"449098790", // 0909 879 0xxx premium rate
	"443069990", // 03069 990xxx
}

func isFictionalNumber(e164 string) bool {
	if len(e164) != 13 || e164[0] != '+' {
		return false
	}
	d := e164[1:]
	for _, p := range fictionalPrefixes {
		if strings.HasPrefix(d, p) {
			return true
		}
	}
	return false
}

// normalizePhoneKind normalises a value declared as a phone.
func normalizePhoneKind(s, region string) Result {
	if looksLikeLink(s) {
		if m := normalizeMessaging(s, region); m.Valid {
			if d, ok := messagingPhoneDigits(m.Value); ok {
				return valid(Phone, "+"+d)
			}
		}
	}
	cleaned := strings.TrimSpace(cleanPhone(s))
	p := parsePhone(cleaned, region, phoneDeclared)
	if !p.valid {
		return invalid(Phone, strings.TrimSpace(FoldDigits(s)), p.reason)
	}
	return valid(Phone, p.e164)
}

// looksLikeLink reports whether a value declared as a phone is really a link
// (it has letters and a '/' or ':' other than a "tel:" prefix).
func looksLikeLink(s string) bool {
	if hasPrefixFold(s, "tel:") {
		return false
	}
	return strings.ContainsAny(s, "/:") && strings.IndexFunc(s, unicode.IsLetter) >= 0
}
