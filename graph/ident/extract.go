package ident

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Found is one identifier found in free text.
type Found struct {
	Result
	Raw        string // the text as written: text[Start:End]
	Start, End int    // byte offsets into the original text
}

// Extract finds phone numbers, emails, URLs, messaging links, payment handles
// and links (cashtags, IBANs) and crypto wallet addresses in free text (bios,
// names, post text). region is the default region for national phone
// numbers ("" for none: then only numbers written with "+" or "00" are
// found).
//
// Only valid identifiers are returned: wallet addresses and IBANs must pass
// their checksums, and a run of digits is a phone only when it parses as a
// number the numbering plan knows as valid (or one in a range reserved for
// examples, like 07700 900123, or one written internationally with a
// possible length), carrying its national prefix when written nationally. A
// phone inside an extracted link is not extracted again, nor is a "@handle"
// (it names an account on an unknown platform). Results are deduplicated by
// (Kind, Value), in order of first appearance; offsets are into text, so
// text[Start:End] == Raw even when digits in other scripts were folded.
func Extract(text, region string) []Found {
	if len(text) < 5 {
		return nil
	}
	x := extractor{text: text, region: normRegion(region)}
	x.links()
	x.phones()
	return x.result()
}

type extractor struct {
	text   string
	region string
	found  []Found
	linkN  int // found[:linkN] are the spans of the link pass, sorted
	skip   int // the link pass skips runs starting before this offset
	// linkEnd is where the last link found ends.
	linkEnd int
}

func (x *extractor) add(r Result, start, end int) {
	x.found = append(x.found, Found{Result: r, Raw: x.text[start:end], Start: start, End: end})
}

func byStart(a, b Found) int { return cmp.Compare(a.Start, b.Start) }

func (x *extractor) result() []Found {
	if len(x.found) == 0 {
		return nil
	}
	slices.SortStableFunc(x.found, byStart)
	out := x.found[:0]
	for _, f := range x.found {
		dup := false
		for _, o := range out {
			if o.Kind == f.Kind && o.Value == f.Value {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, f)
		}
	}
	return out
}

// wordByte marks the ASCII bytes that can be part of a URL, an email or an
// address: printable, except space and `"<>\^{|}` and the backquote.
var wordByte = func() (t [256]bool) {
	for c := 0x21; c < 0x7f; c++ {
		t[c] = true
	}
	for _, c := range "\"<>\\^`{|}" {
		t[c] = false
	}
	return t
}()

// markByte marks the bytes without which a word short of an address is
// neither a link, an email nor a cashtag.
var markByte = func() (t [256]bool) {
	for _, c := range ".@:$" {
		t[c] = true
	}
	return t
}()

// links runs the first pass: words (runs of URL characters, which may
// include digits of other scripts) are checked for links, emails,
// cashtags, wallet addresses and IBANs.
func (x *extractor) links() {
	t := x.text
	for i := 0; i < len(t); {
		c := t[i]
		if !wordByte[c] {
			if c < utf8.RuneSelf {
				i++
				continue
			}
			r, size := utf8.DecodeRuneInString(t[i:])
			if !isDigitRune(r) {
				i += size
				continue
			}
		}
		j := i
		marks := false
		for j < len(t) {
			if wordByte[t[j]] {
				marks = marks || markByte[t[j]]
				j++
				continue
			}
			if t[j] < utf8.RuneSelf {
				break
			}
			r, size := utf8.DecodeRuneInString(t[j:])
			if !isDigitRune(r) {
				break
			}
			j += size
		}
		// A short word without '.', '@', ':' or '$' can only be the
		// start of an IBAN written in groups.
		if i >= x.skip && (marks || j-i >= 14 || (j-i >= 4 && j-i <= 6)) {
			x.word(i, j)
		}
		i = j
	}
	slices.SortStableFunc(x.found, byStart)
	x.linkN = len(x.found)
}

func isTrailingPunct(c byte) bool {
	switch c {
	case '.', ',', ';', ':', '!', '?', '\'', '*', '(', '[', '-', '~', '=', '&':
		return true
	}
	return false
}

// word examines the word t[a:b].
func (x *extractor) word(a, b int) {
	t := x.text
	for a < b && !isASCIIAlnum(t[a]) && t[a] != '$' {
		a++
	}
	b = trimEnd(t, a, b)
	if b-a < 4 {
		return
	}
	w := t[a:b]
	if k := strings.Index(w, "://"); k > 0 {
		s := k
		for s > 0 && (isASCIIAlnum(w[s-1]) || w[s-1] == '+' || w[s-1] == '-' || w[s-1] == '.') {
			s--
		}
		for s < k && !isASCIIAlpha(w[s]) {
			s++
		}
		if s < k && x.link(a+s, b) {
			return
		}
	}
	if strings.IndexByte(w, '@') > 0 && x.emails(a, b) {
		return
	}
	covered := a
	if strings.IndexByte(w, '.') > 0 {
		covered = x.bareLinks(a, b)
	}
	x.tokens(covered, b)
}

// trimEnd drops trailing punctuation from t[a:b], and closing brackets
// that have no opening one in it: "(see t.me/x)." ends at "x".
func trimEnd(t string, a, b int) int {
	for b > a {
		c := t[b-1]
		if isTrailingPunct(c) {
			b--
			continue
		}
		if (c == ')' && strings.Count(t[a:b], "(") < strings.Count(t[a:b], ")")) ||
			(c == ']' && strings.Count(t[a:b], "[") < strings.Count(t[a:b], "]")) {
			b--
			continue
		}
		break
	}
	return b
}

// link tries t[a:b] as a URL (or messaging or payment link).
func (x *extractor) link(a, b int) bool {
	b = trimEnd(x.text, a, b)
	if b <= a {
		return false
	}
	r := normalizeURL(x.text[a:b], x.region)
	if !r.Valid {
		return false
	}
	x.add(r, a, b)
	x.linkEnd = b
	return true
}

func isEmailLocalByte(c byte) bool {
	return isASCIIAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'
}

func isHostByte(c byte) bool { return isASCIIAlnum(c) || c == '-' || c == '.' }

// emails finds the addresses in the word t[a:b]; it reports whether it found
// one.
func (x *extractor) emails(a, b int) bool {
	t := x.text
	found := false
	from := a
	for k := a + 1; k < b-1; k++ {
		if t[k] != '@' {
			continue
		}
		l := k
		for l > from && isEmailLocalByte(t[l-1]) {
			l--
		}
		for l < k && (t[l] == '.' || t[l] == '-' || t[l] == '+') {
			l++
		}
		r := k + 1
		for r < b && isHostByte(t[r]) {
			r++
		}
		for r > k+1 && (t[r-1] == '.' || t[r-1] == '-') {
			r--
		}
		if l == k || !strings.Contains(t[k+1:r], ".") {
			continue
		}
		res := normalizeEmail(t[l:r], x.region)
		if !res.Valid {
			continue
		}
		x.add(res, l, r)
		found = true
		from = r
		k = r - 1
	}
	return found
}

// bareLinks finds links written without a scheme ("wa.me/447700900123",
// "www.example.com", "example.co.uk/page") in the word t[a:b], starting at
// the word's start or after glue punctuation ("WhatsApp:wa.me/..."). It
// returns the offset up to which the word is covered by what it found.
func (x *extractor) bareLinks(a, b int) int {
	t := x.text
	covered := a
	for p := a; p < b; p++ {
		if p > a && !isGlue(t[p-1]) {
			continue
		}
		if p < covered || !isASCIIAlnum(t[p]) || (p > 0 && t[p-1] == '@') {
			continue // "@crossing.uk" is a handle, not a link
		}
		q, labels := p, 0
		for {
			s := q
			for q < b && (isASCIIAlnum(t[q]) || t[q] == '-') {
				q++
			}
			if q == s {
				break
			}
			labels++
			if q < b-1 && t[q] == '.' && isASCIIAlnum(t[q+1]) {
				q++
				continue
			}
			break
		}
		if labels < 2 {
			continue
		}
		host := t[p:q]
		end := q
		path := false
		if q < b && t[q] == ':' {
			e := q + 1
			for e < b && isASCIIDigit(t[e]) {
				e++
			}
			if e > q+1 {
				end = e
			}
		}
		if end < b && (t[end] == '/' || t[end] == '?' || t[end] == '#') {
			path = true
			end = b
		}
		if !plausibleHost(host, labels, path) {
			continue
		}
		if x.link(p, end) {
			covered = x.linkEnd
			p = covered - 1
		}
	}
	return covered
}

// isGlue reports punctuation that can stand between a label and a link
// written without a space ("WhatsApp:wa.me/...", "(t.me/x)").
func isGlue(c byte) bool {
	switch c {
	case ':', ',', ';', '(', ')', '[', ']', '!', '\'', '*', '=', '|':
		return true
	}
	return false
}

// knownHosts are services whose links are taken in text whatever their
// top-level domain.
var knownHosts = map[string]bool{
	"wa.me": true, "t.me": true, "api.whatsapp.com": true, "chat.whatsapp.com": true,
	"whatsapp.com": true, "signal.me": true, "signal.group": true, "m.me": true,
	"paypal.me": true, "revolut.me": true, "cash.app": true, "youtu.be": true,
	"bit.ly": true, "linktr.ee": true, "vm.tiktok.com": true,
}

// strongTLDs are top-level domains that are not also common words, so
// "name.tld" in text is taken as a link.
var strongTLDs = setOf("com net org info biz edu gov io xyz online site shop store top club app dev " +
	"ru su uk de fr es nl pl pt gr ro bg hu cz sk hr rs ba al mk md ua lt lv ee fi se dk ie tr cy mt lu " +
	"ge az kz uz af pk bd lk np ir iq sy lb jo ps il eg ly tn dz ma sd er et ke ug tz ng gh za ae sa " +
	"qa kw bh om ye cn hk tw jp kr sg th vn ph au nz ca mx br ar cl pe ve ec uy eu ch nu ws cc")

// weakTLDs are top-level domains that are also words ("it", "me", "to"):
// "name.tld" needs a path, "www." or a third label to count as a link.
var weakTLDs = setOf("in it is to at be by us so no me my am do go tv co id live life link news world today tech blog")

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// plausibleHost decides whether a dotted word found in text is a host.
func plausibleHost(host string, labels int, path bool) bool {
	lower := strings.ToLower(host)
	if knownHosts[canonicalHost(lower)] || knownHosts[lower] {
		return true
	}
	tld := host[strings.LastIndexByte(host, '.')+1:]
	if len(tld) < 2 {
		return false
	}
	for i := 0; i < len(tld); i++ {
		if !isASCIIAlpha(tld[i]) {
			return false
		}
	}
	// "Hello.It's": a capitalised last label is a sentence, not a domain,
	// unless the whole host is in capitals.
	if tld != strings.ToLower(tld) && host != strings.ToUpper(host) {
		return false
	}
	tld = strings.ToLower(tld)
	if strings.HasPrefix(lower, "www.") {
		return true
	}
	if strongTLDs[tld] {
		return true
	}
	return weakTLDs[tld] && (path || labels >= 3)
}

// cashtagExcluded are currency and crypto tickers written with '$'.
var cashtagExcluded = setOf("usd gbp eur try btc eth usdt usdc trx bnb xrp sol doge ltc ada cad aud chf jpy cny rub")

// tokens checks the letter-digit runs of t[a:b] for cashtags, wallet
// addresses and IBANs.
func (x *extractor) tokens(a, b int) {
	t := x.text
	for p := a; p < b; {
		if !isASCIIAlnum(t[p]) {
			p++
			continue
		}
		q := p
		for q < b && isASCIIAlnum(t[q]) {
			q++
		}
		x.token(p, q, b)
		p = q
	}
}

func (x *extractor) token(p, q, b int) {
	t := x.text
	n := q - p
	tok := t[p:q]
	if p > 0 && t[p-1] == '$' && (p == 1 || !isASCIIAlnum(t[p-2])) && isASCIIAlpha(t[p]) {
		e := q
		for e < b && (isASCIIAlnum(t[e]) || t[e] == '_') {
			e++
		}
		tag := t[p:e]
		if isCashtag(tag) && !cashtagExcluded[strings.ToLower(tag)] {
			x.add(valid(Payment, "cash.app/$"+strings.ToLower(tag)), p-1, e)
		}
		return
	}
	if n < 4 {
		return
	}
	if n == 4 && q == b && isIBANStart(tok) && q < len(t) && t[q] == ' ' {
		x.spacedIBAN(p)
		return
	}
	if n < 14 {
		return
	}
	switch c := t[p]; {
	case c == '0' && n == 42 && (t[p+1] == 'x' || t[p+1] == 'X'),
		(c == '1' || c == '3') && n >= 25 && n <= 35,
		c == 'T' && n == 34,
		(c == 'b' || c == 'B') && hasPrefixFold(tok, "bc1"):
		if v, reason := cryptoAddress(tok); reason == "" {
			x.add(valid(Crypto, v), p, q)
		}
		return
	}
	if n >= 15 && isIBANStart(tok) {
		if l, ok := ibanLengths[tok[:2]]; ok && l == n && ibanMod97(tok) == 1 {
			x.add(valid(Payment, tok), p, q)
		}
	}
}

// isIBANStart reports two upper-case letters and two digits.
func isIBANStart(s string) bool {
	return len(s) >= 4 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' &&
		isASCIIDigit(s[2]) && isASCIIDigit(s[3])
}

// spacedIBAN reads an IBAN written in groups of four ("GB82 WEST 1234 ...")
// starting at p.
func (x *extractor) spacedIBAN(p int) {
	t := x.text
	want, ok := ibanLengths[t[p:p+2]]
	if !ok {
		return
	}
	buf := make([]byte, 0, 34)
	e := p
	for i := p; ; {
		g := i
		for i < len(t) && i-g < 4 && (isASCIIDigit(t[i]) || (t[i] >= 'A' && t[i] <= 'Z')) {
			i++
		}
		if i == g {
			return
		}
		buf = append(buf, t[g:i]...)
		e = i
		if len(buf) >= want {
			break
		}
		if i-g < 4 || i >= len(t)-1 || t[i] != ' ' {
			return
		}
		i++
	}
	if len(buf) != want || (e < len(t) && isASCIIAlnum(t[e])) || ibanMod97(string(buf)) != 1 {
		return
	}
	x.add(valid(Payment, string(buf)), p, e)
	x.skip = e
}

// phones runs the second pass: digit runs with separators, in any script.
func (x *extractor) phones() {
	t := x.text
	var digits [40]byte
	var groups [16]phoneGroup
	for i := 0; i < len(t); {
		c := t[i]
		size := 1
		if c < utf8.RuneSelf {
			if !isASCIIDigit(c) && !((c == '+' || c == '(') && startsWithDigit(t[i+1:])) {
				i++
				continue
			}
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(t[i:])
			if !isDigitRune(r) {
				i += size
				continue
			}
		}
		if !phoneBoundaryBefore(t, i, c == '+') {
			// Skip the rest of this letter-digit run.
			i += size
			for i < len(t) {
				r, s := utf8.DecodeRuneInString(t[i:])
				if !isDigitRune(r) {
					break
				}
				i += s
			}
			continue
		}
		next := x.phoneRun(i, digits[:0], groups[:0])
		if next <= i {
			next = i + size
		}
		i = next
	}
}

func startsWithDigit(s string) bool {
	if s == "" {
		return false
	}
	if s[0] < utf8.RuneSelf {
		return isASCIIDigit(s[0])
	}
	r, _ := utf8.DecodeRuneInString(s)
	return isDigitRune(r)
}

type phoneGroup struct {
	start, end int // byte offsets of the group's digits in the text
	d0, d1     int // its digits in the digit buffer
}

// phoneBoundaryBefore reports whether a number may start at i: not inside a
// word, a number, a link or an amount. A number written with '+' may follow
// a word directly ("WhatsApp+447700900123").
func phoneBoundaryBefore(t string, i int, plus bool) bool {
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(t[:i])
	if r < utf8.RuneSelf {
		c := byte(r)
		if isASCIIDigit(c) || (!plus && isASCIIAlpha(c)) {
			return false
		}
		switch c {
		case '/', '=', '&', '?', '#', '%', '_', '@', '\\', '$', '+':
			return false
		}
		return true
	}
	if unicode.IsDigit(r) || unicode.Is(unicode.Sc, r) {
		return false
	}
	return plus || !(unicode.IsLetter(r) || unicode.IsMark(r))
}

// isPhoneSeparator reports the characters allowed between the digit groups
// of a number.
func isPhoneSeparator(r rune) bool {
	switch r {
	case ' ', '-', '.', '(', ')', 0x00A0, 0x2007, 0x2009, 0x202F, 0x2010, 0x2011, 0x2012, 0x2013:
		return true
	}
	return isInvisibleMark(r)
}

// phoneRun reads the number starting at i and records the phones in it.
// It returns where scanning continues.
func (x *extractor) phoneRun(i int, digits []byte, groups []phoneGroup) int {
	t := x.text
	plus := false
	p := i
	if t[p] == '+' {
		plus = true
		p++
	} else if t[p] == '(' {
		p++
	}
	total := 0
	lastEnd := p
	seps := 0
	for p < len(t) {
		r, size := rune(t[p]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(t[p:])
		}
		if v, ok := digitValue(r); ok {
			if seps > 0 || len(groups) == 0 {
				if len(groups) == cap(groups) {
					return p // far too many groups for a phone
				}
				groups = append(groups, phoneGroup{start: p, d0: len(digits)})
			}
			if len(digits) < cap(digits) {
				digits = append(digits, byte('0'+v))
			}
			total++
			p += size
			lastEnd = p
			groups[len(groups)-1].end = p
			groups[len(groups)-1].d1 = len(digits)
			seps = 0
			continue
		}
		if isPhoneSeparator(r) && seps < 3 {
			seps++
			p += size
			continue
		}
		break
	}
	if len(groups) == 0 {
		return lastEnd
	}
	after := phoneBoundaryAfter(t, lastEnd)
	start := i
	switch {
	case !plus && t[i] == '(' && !strings.Contains(t[i:lastEnd], ")"):
		start = groups[0].start // an unmatched '(' is not part of the number
	case plus && i > 0 && t[i-1] == '(' && strings.Contains(t[i:lastEnd], ")"):
		start = i - 1 // "(+44) 7700 900123"
	}
	if total <= cap(digits) && total >= 7 && total <= 15 && after {
		if x.tryPhone(string(digits), plus, start, lastEnd) {
			return lastEnd
		}
	}
	if len(groups) < 2 || total > cap(digits) {
		return lastEnd
	}
	// The run may be several numbers, or a number next to other figures
	// ("2024 07700 900123"): try spans of whole groups, longest first.
	attempts := 0
	for g0 := 0; g0 < len(groups); g0++ {
		for g1 := len(groups) - 1; g1 >= g0; g1-- {
			if g0 == 0 && g1 == len(groups)-1 {
				continue // the whole run, tried above
			}
			n := groups[g1].d1 - groups[g0].d0
			if n < 7 || n > 15 || (g1 == len(groups)-1 && !after) {
				continue
			}
			attempts++
			if attempts > 20 {
				return lastEnd
			}
			s := groups[g0].start
			withPlus := plus && g0 == 0
			if withPlus {
				s = start
			}
			if x.tryPhone(string(digits[groups[g0].d0:groups[g1].d1]), withPlus, s, groups[g1].end) {
				g0 = g1
				break
			}
		}
	}
	return lastEnd
}

// phoneBoundaryAfter reports whether a number may end at e: not followed by
// a letter, a digit or '@' (an account id such as 447700900123@s.whatsapp.net
// is found by the link pass).
func phoneBoundaryAfter(t string, e int) bool {
	if e >= len(t) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(t[e:])
	if r < utf8.RuneSelf {
		c := byte(r)
		return !isASCIIAlnum(c) && c != '@' && c != '/' && c != '%'
	}
	return !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r))
}

// tryPhone parses digits as a phone found in text at [start, end) and
// records it when valid and not inside a link found by the first pass.
func (x *extractor) tryPhone(digits string, plus bool, start, end int) bool {
	for _, f := range x.found[:x.linkN] {
		if f.Start < end && f.End > start {
			return false
		}
	}
	if x.region == "" && !plus && !strings.HasPrefix(digits, "00") {
		return false
	}
	s := digits
	if plus {
		s = "+" + digits
	}
	p := parsePhone(s, x.region, phoneInText)
	if !p.valid {
		return false
	}
	x.add(valid(Phone, p.e164), start, end)
	return true
}
