package ident

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// normalizeMessaging canonicalises a messaging link or handle. Canonical
// forms:
//
//	wa.me/447700900123             WhatsApp number (E.164 digits, no '+')
//	wa.me/message/CODE             WhatsApp Business short link
//	chat.whatsapp.com/CODE         WhatsApp group invite
//	whatsapp.com/channel/CODE      WhatsApp channel
//	t.me/username                  Telegram user, bot or channel (lower-case)
//	t.me/+CODE                     Telegram invite
//	t.me/+447700900123             Telegram phone number link
//	t.me/c/1234567890              Telegram private channel
//	signal.me/#p/+447700900123     Signal number
//	signal.me/#eu/CODE             Signal username link
//	signal.group/#CODE             Signal group
//	m.me/username                  Messenger user or page (lower-case)
//
// Invite and share codes keep their case. A bare phone number becomes a
// WhatsApp number and a bare "@user" a Telegram user.
func normalizeMessaging(s, region string) Result {
	switch {
	case s[0] == '@':
		return telegramUser(s[1:])
	case hasPrefixFold(s, "tg:"):
		return telegramScheme(s)
	case hasPrefixFold(s, "whatsapp:"):
		q := s
		if i := strings.IndexByte(s, '?'); i >= 0 {
			q = s[i+1:]
		} else {
			q = ""
		}
		if phone, ok := queryParam(q, "phone"); ok && phone != "" {
			return whatsappPhone(phone, region)
		}
		return invalid(Messaging, s, "WhatsApp link without a phone number")
	case hasPrefixFold(s, "sgnl://"):
		s = s[len("sgnl://"):]
	}
	if isPhoneLike(s) {
		return whatsappPhone(s, region)
	}
	if local, ok := whatsappJID(s); ok {
		return whatsappPhone(local, region)
	}
	if isTelegramUsername(s) {
		return valid(Messaging, "t.me/"+strings.ToLower(s))
	}
	u, reason := splitURL(s)
	if reason != "" {
		return invalid(Messaging, s, "not a messaging link or handle: "+reason)
	}
	if r, ok := messagingFromURL(u, region); ok {
		return r
	}
	return invalid(Messaging, s, "not a messaging link or handle")
}

// whatsappJID returns the number of a WhatsApp account id
// (447700900123@s.whatsapp.net, 447700900123@c.us), as found in exports from
// seized phones.
func whatsappJID(s string) (string, bool) {
	local, domain, ok := strings.Cut(strings.ToLower(s), "@")
	if !ok || (domain != "s.whatsapp.net" && domain != "c.us") || !allASCIIDigits(local) {
		return "", false
	}
	return local, true
}

// isPhoneLike reports whether s is written like a phone number: digits in
// any script, with at most spaces, '-', '.', '(', ')' and a leading '+'.
func isPhoneLike(s string) bool {
	digits := 0
	for i, r := range s {
		switch {
		case isDigitRune(r):
			digits++
		case r == '+' && i == 0, r == ' ', r == '-', r == '.', r == '(', r == ')', isInvisibleMark(r):
		default:
			return false
		}
	}
	return digits >= 5
}

// isTelegramUsername reports a Telegram username: 3 to 32 letters, digits
// and underscores, starting with a letter.
func isTelegramUsername(s string) bool {
	if len(s) < 3 || len(s) > 32 || !isASCIIAlpha(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !isASCIIAlnum(s[i]) && s[i] != '_' {
			return false
		}
	}
	return true
}

// isCode reports an invite or share code: letters, digits, '_' and '-'.
func isCode(s string) bool {
	if s == "" || len(s) > 128 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isASCIIAlnum(s[i]) && s[i] != '_' && s[i] != '-' {
			return false
		}
	}
	return true
}

func telegramUser(name string) Result {
	name = strings.TrimSpace(name)
	if !isTelegramUsername(name) {
		return invalid(Messaging, "@"+name, "not a Telegram username")
	}
	return valid(Messaging, "t.me/"+strings.ToLower(name))
}

// telegramScheme handles tg://resolve?domain=user, tg://resolve?phone=...
// and tg://join?invite=CODE.
func telegramScheme(s string) Result {
	rest := s[len("tg:"):]
	rest = strings.TrimPrefix(rest, "//")
	action, q, _ := strings.Cut(rest, "?")
	switch strings.ToLower(strings.TrimSuffix(action, "/")) {
	case "resolve":
		if d, ok := queryParam(q, "domain"); ok {
			return telegramUser(d)
		}
		if p, ok := queryParam(q, "phone"); ok {
			return telegramPhone(p, s)
		}
	case "join":
		if c, ok := queryParam(q, "invite"); ok && isCode(c) {
			return valid(Messaging, "t.me/+"+c)
		}
	}
	return invalid(Messaging, s, "not a Telegram user or invite link")
}

func telegramPhone(digits, raw string) Result {
	d := strings.TrimPrefix(FoldDigits(digits), "+")
	if !allASCIIDigits(d) {
		return invalid(Messaging, raw, "Telegram phone link number is not a phone number")
	}
	p := parsePhone("+"+d, "", phoneDeclared)
	if !p.valid {
		return invalid(Messaging, raw, p.reason)
	}
	return valid(Messaging, "t.me/"+p.e164)
}

// telegramReserved are t.me paths that are features, not users or chats.
var telegramReserved = map[string]bool{
	"share": true, "addstickers": true, "addemoji": true, "addtheme": true,
	"setlanguage": true, "proxy": true, "socks": true, "iv": true, "login": true,
	"confirmphone": true, "bg": true, "addlist": true, "boost": true, "invoice": true,
}

// messagingFromURL recognises messaging links. ok is false when u is not on
// a messaging service (or is a page of it that names no one).
func messagingFromURL(u rawURL, region string) (Result, bool) {
	switch u.host {
	case "wa.me":
		segs := pathSegments(u.path)
		switch {
		case len(segs) == 0:
			return invalid(Messaging, "wa.me/", "wa.me link without a number"), true
		case segs[0] == "message" || segs[0] == "qr":
			if len(segs) > 1 && isCode(segs[1]) {
				return valid(Messaging, "wa.me/"+segs[0]+"/"+segs[1]), true
			}
			return invalid(Messaging, "wa.me/"+segs[0], "wa.me link without a code"), true
		}
		return whatsappPhone(segs[0], region), true
	case "api.whatsapp.com", "whatsapp.com", "web.whatsapp.com":
		segs := pathSegments(u.path)
		if len(segs) == 0 || segs[0] == "send" {
			if phone, ok := queryParam(u.query, "phone"); ok && phone != "" {
				return whatsappPhone(phone, region), true
			}
			if len(segs) == 0 {
				return Result{}, false
			}
			return invalid(Messaging, "wa.me/", "WhatsApp link without a phone number"), true
		}
		if segs[0] == "channel" && len(segs) > 1 && isCode(segs[1]) {
			return valid(Messaging, "whatsapp.com/channel/"+segs[1]), true
		}
		return Result{}, false
	case "chat.whatsapp.com":
		segs := pathSegments(u.path)
		if len(segs) > 1 && segs[0] == "invite" {
			segs = segs[1:]
		}
		if len(segs) == 0 || !isCode(segs[0]) {
			return invalid(Messaging, "chat.whatsapp.com/", "WhatsApp group link without an invite code"), true
		}
		return valid(Messaging, "chat.whatsapp.com/"+segs[0]), true
	case "t.me":
		return telegramPath(pathSegments(u.path))
	case "signal.me":
		f := u.fragment
		switch {
		case strings.HasPrefix(f, "p/"):
			d := strings.TrimPrefix(FoldDigits(pathDecode(f[2:])), "+")
			if !allASCIIDigits(d) {
				return invalid(Messaging, "signal.me/#"+f, "Signal link number is not a phone number"), true
			}
			p := parsePhone("+"+d, "", phoneDeclared)
			if !p.valid {
				return invalid(Messaging, "signal.me/#p/+"+d, p.reason), true
			}
			return valid(Messaging, "signal.me/#p/"+p.e164), true
		case strings.HasPrefix(f, "eu/") && len(f) > 3 && isSignalCode(f[3:]):
			return valid(Messaging, "signal.me/#"+f), true
		}
		return invalid(Messaging, "signal.me/", "Signal link without a number or username"), true
	case "signal.group":
		if u.fragment == "" || !isSignalCode(u.fragment) {
			return invalid(Messaging, "signal.group/", "Signal group link without a code"), true
		}
		return valid(Messaging, "signal.group/#"+u.fragment), true
	case "m.me":
		segs := pathSegments(u.path)
		switch {
		case len(segs) == 0:
			return invalid(Messaging, "m.me/", "Messenger link without a user"), true
		case (segs[0] == "j" || segs[0] == "ch") && len(segs) > 1 && isCode(segs[1]):
			return valid(Messaging, "m.me/"+segs[0]+"/"+segs[1]), true
		case isFacebookName(segs[0]):
			return valid(Messaging, "m.me/"+strings.ToLower(segs[0])), true
		}
		return invalid(Messaging, "m.me/", "Messenger link without a user"), true
	}
	return Result{}, false
}

// isSignalCode reports the base64url-like codes of Signal links.
func isSignalCode(s string) bool {
	if s == "" || len(s) > 512 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isASCIIAlnum(c) && strings.IndexByte("-_+/=.", c) < 0 {
			return false
		}
	}
	return true
}

// isFacebookName reports a Facebook username or page id: letters, digits and
// dots.
func isFacebookName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isASCIIAlnum(s[i]) && s[i] != '.' {
			return false
		}
	}
	return true
}

func telegramPath(segs []string) (Result, bool) {
	if len(segs) == 0 {
		return invalid(Messaging, "t.me/", "t.me link without a user or invite"), true
	}
	s0 := segs[0]
	if strings.HasPrefix(s0, "%2B") {
		s0 = "+" + s0[3:]
	}
	kw := strings.ToLower(s0) // the paths' keywords are case-insensitive, like usernames
	switch {
	case s0[0] == '+':
		code := s0[1:]
		if allASCIIDigits(code) {
			return telegramPhone(code, "t.me/"+s0), true
		}
		if !isCode(code) {
			return invalid(Messaging, "t.me/"+s0, "bad Telegram invite code"), true
		}
		return valid(Messaging, "t.me/+"+code), true
	case kw == "joinchat":
		if len(segs) > 1 && isCode(segs[1]) {
			return valid(Messaging, "t.me/+"+segs[1]), true
		}
		return invalid(Messaging, "t.me/joinchat", "bad Telegram invite code"), true
	case kw == "c":
		if len(segs) > 1 && allASCIIDigits(segs[1]) {
			return valid(Messaging, "t.me/c/"+segs[1]), true
		}
		return invalid(Messaging, "t.me/c", "bad Telegram private channel link"), true
	case kw == "s" && len(segs) > 1:
		s0 = segs[1]
	case telegramReserved[kw]:
		return Result{}, false
	}
	if !isTelegramUsername(s0) {
		return invalid(Messaging, "t.me/"+s0, "not a Telegram username"), true
	}
	return valid(Messaging, "t.me/"+strings.ToLower(s0)), true
}

// whatsappPhone canonicalises the number of a WhatsApp link. WhatsApp
// numbers are international without '+'; a number starting with a single 0
// is taken as national in region.
func whatsappPhone(raw, region string) Result {
	d := stripPhoneSeparators(FoldDigits(pathDecode(raw)))
	if !allASCIIDigits(d) {
		return invalid(Messaging, "wa.me/"+raw, "WhatsApp link number is not a phone number")
	}
	p := linkPhone(d, region)
	if !p.valid {
		return invalid(Messaging, "wa.me/"+d, p.reason)
	}
	return valid(Messaging, "wa.me/"+p.e164[1:])
}

// stripPhoneSeparators removes '+', spaces, '-', '.', '(', ')' and
// invisible marks.
func stripPhoneSeparators(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '+', r == ' ', r == '-', r == '.', r == '(', r == ')', isInvisibleMark(r):
		case r >= utf8.RuneSelf && unicode.IsSpace(r):
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// linkPhone parses the digits of a messaging link's number.
func linkPhone(d, region string) phoneParse {
	switch {
	case strings.HasPrefix(d, "00"):
		return parsePhone("+"+d[2:], "", phoneDeclared)
	case strings.HasPrefix(d, "0") && region != "":
		return parsePhone(d, region, phoneDeclared)
	}
	p := parsePhone("+"+d, "", phoneDeclared)
	if !p.valid && region != "" {
		if q := parsePhone(d, region, phoneDeclared); q.valid {
			return q
		}
	}
	return p
}

// messagingPhoneDigits returns the E.164 digits (without '+') of a
// canonical messaging value that names a phone number.
func messagingPhoneDigits(v string) (string, bool) {
	var d string
	switch {
	case strings.HasPrefix(v, "wa.me/"):
		d = v[len("wa.me/"):]
	case strings.HasPrefix(v, "signal.me/#p/+"):
		d = v[len("signal.me/#p/+"):]
	case strings.HasPrefix(v, "t.me/+"):
		d = v[len("t.me/+"):]
	default:
		return "", false
	}
	return d, allASCIIDigits(d)
}
