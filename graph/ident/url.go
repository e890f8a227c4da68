package ident

import (
	"net/netip"
	"sort"
	"strconv"
	"strings"
)

// rawURL is a URL split into its parts. host is lower-case, without "www."
// or "m." and with platform aliases applied; path and query are
// percent-normalised but keep their case; fragment is as given.
type rawURL struct {
	scheme   string
	host     string
	port     string // decimal, "" for the default port
	path     string // "" or starting with '/'
	query    string // without '?'
	fragment string // without '#'
}

// trackingParams are query parameters that identify a click or a share, not
// the resource; canonical URLs drop them. Any parameter starting with "utm_"
// is dropped too.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "igshid": true, "igsh": true, "si": true,
	"mc_cid": true, "mc_eid": true, "ref_src": true, "_ga": true, "yclid": true,
	"msclkid": true, "dclid": true, "gbraid": true, "wbraid": true, "ttclid": true,
	"twclid": true, "mibextid": true,
}

func isTrackingParam(key string) bool {
	k := strings.ToLower(key)
	return strings.HasPrefix(k, "utm_") || trackingParams[k]
}

// hostAliases maps hosts to the host they redirect to.
var hostAliases = map[string]string{
	"twitter.com":          "x.com",
	"mobile.twitter.com":   "x.com",
	"mobile.x.com":         "x.com",
	"fb.com":               "facebook.com",
	"web.facebook.com":     "facebook.com",
	"mbasic.facebook.com":  "facebook.com",
	"mobile.facebook.com":  "facebook.com",
	"touch.facebook.com":   "facebook.com",
	"instagr.am":           "instagram.com",
	"telegram.me":          "t.me",
	"telegram.dog":         "t.me",
	"cash.me":              "cash.app",
	"youtube-nocookie.com": "youtube.com",
}

// splitURL splits s (already trimmed) into a rawURL. A missing scheme means
// https. It returns a reason when s is not a URL with a usable host.
func splitURL(s string) (rawURL, string) {
	var u rawURL
	rest := s
	if i := strings.Index(s, "://"); i > 0 && isScheme(s[:i]) {
		u.scheme = strings.ToLower(s[:i])
		rest = s[i+3:]
	} else if strings.HasPrefix(s, "//") {
		rest = s[2:]
	}
	if u.scheme == "" || u.scheme == "http" {
		u.scheme = "https"
	}
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	authority := rest[:end]
	rest = rest[end:]
	if i := strings.LastIndexByte(authority, '@'); i >= 0 {
		authority = authority[i+1:] // user info is not part of the resource
	}
	host, port, reason := splitHostPort(authority)
	if reason != "" {
		return u, reason
	}
	if port == "80" || port == "443" {
		if u.scheme == "https" {
			port = ""
		}
	}
	u.host, u.port = host, port
	if i := strings.IndexByte(rest, '#'); i >= 0 {
		u.fragment = rest[i+1:]
		rest = rest[:i]
	}
	if i := strings.IndexByte(rest, '?'); i >= 0 {
		u.query = rest[i+1:]
		rest = rest[:i]
	}
	u.path = percentNormalize(rest, false)
	return u, ""
}

func isScheme(s string) bool {
	if s == "" || !isASCIIAlpha(s[0]) || len(s) > 32 {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !isASCIIAlnum(c) && c != '+' && c != '-' && c != '.' {
			return false
		}
	}
	return true
}

// splitHostPort separates and canonicalises host and port.
func splitHostPort(authority string) (host, port, reason string) {
	if strings.HasPrefix(authority, "[") {
		end := strings.IndexByte(authority, ']')
		if end < 0 {
			return "", "", "unterminated IPv6 address in URL"
		}
		addr, err := netip.ParseAddr(authority[1:end])
		if err != nil || !addr.Is6() {
			return "", "", "bad IPv6 address in URL"
		}
		host = "[" + addr.String() + "]"
		authority = authority[end+1:]
		if authority != "" && authority[0] != ':' {
			return "", "", "bad port in URL"
		}
	} else {
		host = authority
		authority = ""
		if i := strings.LastIndexByte(host, ':'); i >= 0 {
			host, authority = host[:i], host[i:]
		}
		host = strings.TrimSuffix(strings.ToLower(host), ".")
		if reason := hostSyntax(host); reason != "" {
			return "", "", "URL host: " + reason
		}
		if !strings.Contains(host, ".") && host != "localhost" {
			return "", "", "URL host has no top-level domain"
		}
		host = canonicalHost(host)
	}
	if authority != "" { // ":port"
		p := authority[1:]
		if p != "" {
			if !allASCIIDigits(p) || len(p) > 5 {
				return "", "", "bad port in URL"
			}
			n, _ := strconv.Atoi(p)
			if n > 65535 {
				return "", "", "bad port in URL"
			}
			port = strconv.Itoa(n)
		}
	}
	return host, port, ""
}

// canonicalHost strips "www." and "m." prefixes and applies host aliases.
func canonicalHost(h string) string {
	for {
		switch {
		case strings.HasPrefix(h, "www.") && strings.Contains(h[4:], "."):
			h = h[4:]
			continue
		case strings.HasPrefix(h, "m.") && strings.Contains(h[2:], "."):
			h = h[2:]
			continue
		}
		break
	}
	if a, ok := hostAliases[h]; ok {
		h = a
	}
	return h
}

// percentNormalize rewrites a path or query so that equal resources are
// written alike: escapes of unreserved characters are decoded, other escapes
// use upper-case hex, a '%' not starting an escape becomes "%25", and bytes
// not allowed in a URL (spaces, controls, non-ASCII, `"<>\^{|}`) are escaped.
func percentNormalize(s string, query bool) string {
	clean := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '%' || !urlByteAllowed(c, query) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	const hexUpper = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '%' {
			if i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
				v := unhex(s[i+1])<<4 | unhex(s[i+2])
				if isUnreserved(v) {
					b.WriteByte(v)
				} else {
					b.WriteByte('%')
					b.WriteByte(hexUpper[v>>4])
					b.WriteByte(hexUpper[v&15])
				}
				i += 2
				continue
			}
			b.WriteString("%25")
			continue
		}
		if urlByteAllowed(c, query) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexUpper[c>>4])
		b.WriteByte(hexUpper[c&15])
	}
	return b.String()
}

func unhex(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}

func isUnreserved(c byte) bool {
	return isASCIIAlnum(c) || c == '-' || c == '.' || c == '_' || c == '~'
}

// urlByteAllowed reports the bytes kept as they are in a path (or query):
// unreserved, sub-delimiters, ':', '@', '/' (and '?' in a query).
func urlByteAllowed(c byte, query bool) bool {
	if isUnreserved(c) {
		return true
	}
	switch c {
	case '!', '$', '&', '\'', '(', ')', '*', '+', ',', ';', '=', ':', '@', '/':
		return true
	case '?':
		return query
	}
	return false
}

// canonicalQuery drops tracking parameters and empty pairs, normalises
// escapes and sorts the remaining pairs.
func canonicalQuery(q string) string {
	if q == "" {
		return ""
	}
	pairs := strings.Split(q, "&")
	kept := pairs[:0]
	for _, p := range pairs {
		if p == "" {
			continue
		}
		p = percentNormalize(p, true)
		key := p
		if i := strings.IndexByte(p, '='); i >= 0 {
			key = p[:i]
		}
		if isTrackingParam(key) {
			continue
		}
		kept = append(kept, p)
	}
	if len(kept) == 0 {
		return ""
	}
	sort.Slice(kept, func(i, j int) bool {
		ki, kj := queryKey(kept[i]), queryKey(kept[j])
		if ki != kj {
			return ki < kj
		}
		return kept[i] < kept[j]
	})
	out := kept[:1]
	for _, p := range kept[1:] {
		if p != out[len(out)-1] {
			out = append(out, p)
		}
	}
	return strings.Join(out, "&")
}

func queryKey(p string) string {
	if i := strings.IndexByte(p, '='); i >= 0 {
		return p[:i]
	}
	return p
}

// queryParam returns the value of the first parameter key in a raw query,
// percent-decoded.
func queryParam(q, key string) (string, bool) {
	for q != "" {
		var p string
		p, q, _ = strings.Cut(q, "&")
		k, v, _ := strings.Cut(p, "=")
		if k == key {
			return percentDecode(v), true
		}
	}
	return "", false
}

// percentDecode decodes the %XX escapes of a query value and '+' (as a
// space); malformed escapes are kept as they are.
func percentDecode(s string) string { return decodeEscapes(s, true) }

// pathDecode decodes the %XX escapes of a path or fragment.
func pathDecode(s string) string { return decodeEscapes(s, false) }

func decodeEscapes(s string, plusIsSpace bool) string {
	if !strings.ContainsAny(s, "%+") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
		case c == '+' && plusIsSpace:
			b.WriteByte(' ')
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// pathSegments splits a path into its non-empty segments.
func pathSegments(path string) []string {
	var segs []string
	for _, s := range strings.Split(path, "/") {
		if s != "" {
			segs = append(segs, s)
		}
	}
	return segs
}

// normalizeURL canonicalises a URL. The value is "scheme://host[:port]/path[?query]"
// with scheme https for http and https. Links of messaging and payment
// services become those kinds, a mailto: link an Email, a tel: link a Phone.
func normalizeURL(s, region string) Result {
	switch {
	case hasPrefixFold(s, "mailto:"):
		return normalizeEmail(s, region)
	case hasPrefixFold(s, "tel:"):
		return normalizePhoneKind(s, region)
	case hasPrefixFold(s, "tg:"), hasPrefixFold(s, "whatsapp:"), hasPrefixFold(s, "sgnl:"):
		return normalizeMessaging(s, region)
	}
	u, reason := splitURL(s)
	if reason != "" {
		return invalid(URL, s, reason)
	}
	if r, ok := messagingFromURL(u, region); ok {
		return r
	}
	if r, ok := paymentFromURL(u); ok {
		return r
	}
	return valid(URL, u.canonical())
}

// canonical writes the canonical URL value.
func (u rawURL) canonical() string {
	u = platformURL(u)
	path := strings.TrimRight(u.path, "/")
	if path == "" {
		path = "/"
	}
	q := canonicalQuery(u.query)
	n := len(u.scheme) + 3 + len(u.host) + len(path) + 1 + len(q) + 6
	var b strings.Builder
	b.Grow(n)
	b.WriteString(u.scheme)
	b.WriteString("://")
	b.WriteString(u.host)
	if u.port != "" {
		b.WriteByte(':')
		b.WriteString(u.port)
	}
	b.WriteString(path)
	if q != "" {
		b.WriteByte('?')
		b.WriteString(q)
	}
	return b.String()
}

// platformURL applies the rules of platforms whose handles are
// case-insensitive: the handle segment of the path is lower-cased (and only
// that segment: post codes, channel ids and share codes are case-sensitive).
func platformURL(u rawURL) rawURL {
	switch u.host {
	case "x.com", "facebook.com":
		u.path = lowerSegment(u.path, 0)
	case "instagram.com":
		u.path = lowerSegment(u.path, 0)
		if seg := pathSegments(u.path); len(seg) > 1 && seg[0] == "stories" {
			u.path = lowerSegment(u.path, 1)
		}
	case "tiktok.com", "youtube.com":
		if seg := pathSegments(u.path); len(seg) > 0 && seg[0][0] == '@' {
			u.path = lowerSegment(u.path, 0)
		}
	case "youtu.be":
		if seg := pathSegments(u.path); len(seg) > 0 {
			u.host = "youtube.com"
			q := "v=" + seg[0]
			if u.query != "" {
				q += "&" + u.query
			}
			u.path, u.query = "/watch", q
		}
	}
	return u
}

// lowerSegment lower-cases the ASCII letters of the n-th non-empty segment
// of path, leaving percent escapes as they are.
func lowerSegment(path string, n int) string {
	b := []byte(path)
	seg := -1
	for i := 0; i < len(b); i++ {
		if b[i] == '/' {
			continue
		}
		seg++
		j := i
		for j < len(b) && b[j] != '/' {
			j++
		}
		if seg == n {
			for k := i; k < j; k++ {
				if b[k] == '%' && k+2 < j {
					k += 2
					continue
				}
				if b[k] >= 'A' && b[k] <= 'Z' {
					b[k] += 'a' - 'A'
				}
			}
			return string(b)
		}
		i = j
	}
	return path
}

// Domain returns the host of a canonical URL (or messaging or payment) value,
// lower-case and without "www." and port, for "shared URL domain" evidence.
// It returns "" when urlValue has no host.
func Domain(urlValue string) string {
	s := strings.TrimSpace(urlValue)
	if i := strings.Index(s, "://"); i > 0 && isScheme(s[:i]) {
		s = s[i+3:]
	} else if strings.HasPrefix(s, "//") {
		s = s[2:]
	}
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		s = s[i+1:]
	}
	if strings.HasPrefix(s, "[") {
		if i := strings.IndexByte(s, ']'); i >= 0 {
			return strings.ToLower(s[:i+1])
		}
		return ""
	}
	if i := strings.LastIndexByte(s, ':'); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimSuffix(strings.ToLower(s), ".")
	for strings.HasPrefix(s, "www.") {
		s = s[4:]
	}
	return s
}
