package ident

import "strings"

// Candidates returns the plausible normalised identifiers for a search
// string typed by an investigator in any spelling ("07700 900123",
// "+44 7700-900123", "wa.me/447700900123", "٠٧٧٠٠٩٠٠١٢٣"), to look the
// identifier up in the store. region is the default region for national
// phone numbers ("" for none).
//
// A phone number gives both the Phone and its WhatsApp Messaging form
// (wa.me/447700900123), and a WhatsApp, Signal or Telegram phone link gives
// the Phone too. "@name" and a bare Telegram-style username give the
// Telegram identifier. Only valid identifiers are returned, except that a
// string written like a phone number that is not a valid one gives its
// invalid Phone form (digits folded), which is how such a number is stored.
// The results are distinct, in order of plausibility.
func Candidates(raw, region string) []Result {
	s := strings.TrimSpace(raw)
	if s == "" {
		return nil
	}
	region = normRegion(region)
	var c candidates
	switch {
	case hasPrefixFold(s, imageHashPrefix):
		c.add(normalizeImageHash(s))
		return c.out
	case s[0] == '$' && !strings.Contains(s, "@"):
		c.add(normalizePayment(s))
		return c.out
	case s[0] == '@':
		c.add(telegramUser(s[1:]))
		return c.out
	}
	if isPhoneLike(cleanPhone(s)) || hasPrefixFold(s, "tel:") {
		p := normalizePhoneKind(s, region)
		if p.Valid {
			c.add(p)
			c.add(valid(Messaging, "wa.me/"+p.Value[1:]))
			return c.out
		}
		p.Value = strings.TrimSpace(FoldDigits(s))
		c.out = append(c.out, p)
		return c.out
	}
	email := false
	if strings.Contains(s, "@") && !strings.Contains(s, "/") {
		r := normalizeEmail(s, region)
		email = r.Valid
		c.add(r)
	}
	if _, reason := cryptoAddress(s); reason == "" {
		c.add(normalizeCrypto(s))
	}
	if iban, ok := compactIBAN(s); ok && ibanCheck(iban) == "" {
		c.add(valid(Payment, iban))
	}
	if isTelegramUsername(s) {
		c.add(valid(Messaging, "t.me/"+strings.ToLower(s)))
	}
	if strings.ContainsAny(s, "./:") && !strings.ContainsAny(s, " \t") && (!email || strings.Contains(s, "://")) {
		r := normalizeURL(s, region)
		c.add(r)
		if r.Valid && r.Kind == Messaging {
			if d, ok := messagingPhoneDigits(r.Value); ok {
				c.add(valid(Phone, "+"+d))
				c.add(valid(Messaging, "wa.me/"+d))
			}
		}
	}
	return c.out
}

type candidates struct{ out []Result }

// add appends r when it is valid and not yet present.
func (c *candidates) add(r Result) {
	if !r.Valid {
		return
	}
	for _, o := range c.out {
		if o.Kind == r.Kind && o.Value == r.Value {
			return
		}
	}
	c.out = append(c.out, r)
}

// Handle canonicalises a handle on platform: surrounding whitespace and a
// leading "@" are removed and the handle is lower-cased. Every platform the
// project ingests (x/twitter, tiktok, instagram, telegram, youtube,
// facebook, threads, snapchat) treats handles case-insensitively; handles
// of other platforms are lower-cased too. platform is taken so that a
// platform with case-sensitive handles can be given its own rule.
func Handle(platform, handle string) string {
	h := strings.TrimSpace(handle)
	h = strings.TrimPrefix(h, "@")
	return strings.ToLower(strings.TrimSpace(h))
}
