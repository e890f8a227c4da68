package generate

import (
	"crypto/sha256"
	"math/rand/v2"
	"strconv"
	"strings"
)

// country describes how numbers of one country are written: its calling
// code, national trunk prefix, number ranges and the usual digit grouping.
type country struct {
	region string   // ISO 3166 alpha-2
	cc     string   // calling code without "+"
	trunk  string   // national trunk prefix ("" where there is none, as in Italy)
	mobile []string // mobile prefixes of the national significant number
	nsnLen int      // length of a mobile national significant number
	groups []int    // grouping of the national significant number in written form
}

// Mobile ranges are chosen inside libphonenumber's mobile patterns, so every
// generated number validates there.
var countries = map[string]*country{
	"GB": {region: "GB", cc: "44", trunk: "0", nsnLen: 10, groups: []int{4, 6},
		mobile: []string{"7400", "7412", "7427", "7438", "7446", "7469", "7480", "7492", "7501", "7516", "7534", "7548", "7563", "7578", "7586", "7701", "7712", "7725", "7733", "7741", "7756", "7764", "7772", "7809", "7825", "7841", "7852", "7867", "7875", "7886", "7903", "7920", "7946", "7958", "7971", "7983"}},
	"FR": {region: "FR", cc: "33", trunk: "0", nsnLen: 9, groups: []int{1, 2, 2, 2, 2},
		mobile: []string{"601", "612", "623", "645", "651", "662", "678", "687", "695", "731", "745", "756", "767", "781"}},
	"DE": {region: "DE", cc: "49", trunk: "0", nsnLen: 11, groups: []int{3, 8},
		mobile: []string{"151", "152", "157", "159", "176", "177", "178", "179"}},
	"IT": {region: "IT", cc: "39", trunk: "", nsnLen: 10, groups: []int{3, 3, 4},
		mobile: []string{"320", "327", "328", "329", "333", "334", "338", "339", "340", "345", "347", "348", "349", "351", "366", "388", "389", "392", "393"}},
	"TR": {region: "TR", cc: "90", trunk: "0", nsnLen: 10, groups: []int{3, 3, 2, 2},
		mobile: []string{"501", "505", "506", "530", "531", "532", "533", "535", "536", "537", "538", "539", "541", "542", "543", "544", "545", "546", "549", "551", "552", "553", "554", "555"}},
	"IQ": {region: "IQ", cc: "964", trunk: "0", nsnLen: 10, groups: []int{3, 3, 4},
		mobile: []string{"750", "751", "770", "771", "772", "773", "780", "781", "782", "790"}},
	"IR": {region: "IR", cc: "98", trunk: "0", nsnLen: 10, groups: []int{3, 3, 4},
		mobile: []string{"901", "902", "910", "912", "913", "914", "915", "917", "919", "930", "933", "935", "936", "937", "938", "939"}},
	"AF": {region: "AF", cc: "93", trunk: "0", nsnLen: 9, groups: []int{2, 3, 4},
		mobile: []string{"70", "71", "72", "73", "74", "75", "76", "77", "78", "79"}},
	"AL": {region: "AL", cc: "355", trunk: "0", nsnLen: 9, groups: []int{2, 3, 4},
		mobile: []string{"672", "674", "676", "677", "678", "682", "684", "686", "688", "69"}},
	"VN": {region: "VN", cc: "84", trunk: "0", nsnLen: 9, groups: []int{2, 3, 4},
		mobile: []string{"90", "91", "93", "94", "96", "97", "98", "32", "33", "34", "35", "36", "37", "38", "39", "70", "76", "77", "78", "79", "81", "82", "83", "84", "85", "88"}},
	"ER": {region: "ER", cc: "291", trunk: "0", nsnLen: 7, groups: []int{1, 3, 3},
		mobile: []string{"71", "72", "73", "75", "77"}},
	"GR": {region: "GR", cc: "30", trunk: "", nsnLen: 10, groups: []int{3, 3, 4},
		mobile: []string{"690", "693", "694", "695", "697", "698", "699"}},
	"LY": {region: "LY", cc: "218", trunk: "0", nsnLen: 9, groups: []int{2, 7},
		mobile: []string{"91", "92", "94", "95"}},
}

// phone is one telephone number: a country and its national significant number.
type phone struct {
	c   *country
	nsn string
}

func (p phone) e164() string   { return "+" + p.c.cc + p.nsn }
func (p phone) canon() string  { return "phone:" + p.e164() }
func (p phone) digits() string { return p.c.cc + p.nsn }

// grouped splits the national significant number by the country's grouping
// (the last group takes the remainder).
func (p phone) grouped(sep string) string {
	var b strings.Builder
	s := p.nsn
	groups := p.groups()
	for i, g := range groups {
		if i > 0 {
			b.WriteString(sep)
		}
		if i == len(groups)-1 || g >= len(s) {
			b.WriteString(s)
			s = ""
			break
		}
		b.WriteString(s[:g])
		s = s[g:]
	}
	if s != "" {
		b.WriteString(sep)
		b.WriteString(s)
	}
	return b.String()
}

// groups gives the usual written grouping of the number: the country's mobile
// grouping, or the local habit for landline and freephone ranges.
func (p phone) groups() []int {
	if p.nsn == "" {
		return p.c.groups
	}
	switch p.c.region + p.nsn[:1] {
	case "GB2":
		return []int{2, 4, 4}
	case "GB1", "GB8":
		return []int{3, 3, 4}
	case "FR8":
		return []int{3, 2, 2, 2}
	case "DE3", "DE4":
		return []int{2, 8}
	case "IT0":
		return []int{2, 4, 4}
	}
	return p.c.groups
}

// nationalGrouped writes the number as dialled inside the country, grouped.
func (p phone) nationalGrouped(sep string) string { return p.c.trunk + p.grouped(sep) }

// newMobile draws a mobile number of the given country.
func newMobile(r *rand.Rand, region string) phone {
	c := countries[region]
	pre := c.mobile[r.IntN(len(c.mobile))]
	b := make([]byte, 0, c.nsnLen)
	b = append(b, pre...)
	for len(b) < c.nsnLen {
		b = append(b, byte('0'+r.IntN(10)))
	}
	return phone{c: c, nsn: string(b)}
}

// fixedPhone builds a number from its country and national significant number.
func fixedPhone(region, nsn string) phone { return phone{c: countries[region], nsn: nsn} }

// landlines gives, per country, geographic prefixes for shops' numbers and
// the national significant number length that goes with each.
var landlines = []struct {
	region string
	prefix string
	n      int
}{
	{"GB", "207", 10}, {"GB", "208", 10}, {"GB", "161", 10}, {"GB", "141", 10},
	{"FR", "1", 9}, {"FR", "4", 9}, {"DE", "30", 10}, {"DE", "40", 10},
	{"TR", "212", 10}, {"TR", "216", 10}, {"IT", "06", 10}, {"IT", "02", 10},
}

// shopPhone derives a shop's landline number from a hash, so the same shop
// always has the same number without being stored.
func shopPhone(h uint64) phone {
	l := landlines[h%uint64(len(landlines))]
	h /= uint64(len(landlines))
	b := make([]byte, 0, l.n)
	b = append(b, l.prefix...)
	// avoid a leading 0 or 1 in the subscriber part, which some plans reserve
	b = append(b, byte('2'+h%7))
	h /= 7
	for len(b) < l.n {
		b = append(b, byte('0'+h%10))
		h /= 10
	}
	return phone{c: countries[l.region], nsn: string(b)}
}

const (
	arabicIndic = 0x0660 // ٠
	persianDig  = 0x06F0 // ۰
)

// toScript rewrites ASCII digits in s into another digit script.
func toScript(s string, zero rune) string {
	var b strings.Builder
	b.Grow(len(s) * 2)
	for _, c := range s {
		if c >= '0' && c <= '9' {
			b.WriteRune(zero + (c - '0'))
		} else {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// digitScript picks the digit script a language commonly writes numbers in:
// 0 for ASCII, otherwise the zero of the script.
func digitScript(r *rand.Rand, lang int) rune {
	switch lang {
	case langAR, langCKB:
		if r.IntN(2) == 0 {
			return arabicIndic
		}
	case langFA, langPS:
		if r.IntN(5) < 3 {
			return persianDig
		}
	}
	return 0
}

// spellPhone writes a number in one of the many ways people write numbers:
// international with spaces, national, 00-prefixed with a hyphen, compact, and
// for Arabic-script languages often in Arabic-Indic or Persian digits.
func spellPhone(r *rand.Rand, p phone, lang int) string {
	var s string
	switch r.IntN(9) {
	case 0, 1:
		s = "+" + p.c.cc + " " + p.grouped(" ")
	case 2:
		s = p.c.trunk + p.nsn
	case 3:
		g := p.grouped(" ")
		if i := strings.LastIndexByte(g, ' '); i > 0 {
			g = g[:i] + "-" + g[i+1:]
		}
		s = "00" + p.c.cc + " " + g
	case 4:
		s = "+" + p.c.cc + p.nsn
	case 5:
		s = p.nationalGrouped(" ")
	case 6:
		s = "(+" + p.c.cc + ") " + p.grouped(" ")
	case 7:
		s = p.nationalGrouped(".")
	default:
		s = "+" + p.c.cc + "-" + p.grouped("-")
	}
	if z := digitScript(r, lang); z != 0 {
		s = toScript(s, z)
	}
	return s
}

// waLink writes a WhatsApp click-to-chat link for a number in one of its forms.
func waLink(r *rand.Rand, p phone) string {
	switch r.IntN(4) {
	case 0:
		return "wa.me/" + p.digits()
	case 1:
		return "https://wa.me/" + p.digits()
	case 2:
		return "https://api.whatsapp.com/send?phone=" + p.digits()
	default:
		return "https://wa.me/" + p.digits() + "?text=Hi"
	}
}

func waCanon(p phone) string { return "messaging:wa.me/" + p.digits() }

// tgLink writes a Telegram link to a handle.
func tgLink(r *rand.Rand, h string) string {
	if r.IntN(2) == 0 {
		return "t.me/" + h
	}
	return "https://t.me/" + h
}

func tgCanon(h string) string { return "messaging:t.me/" + strings.ToLower(h) }

// ---- IBAN ----

// ibanCheck computes the two ISO 13616 check digits for a country code and BBAN.
func ibanCheck(cc, bban string) string {
	rearr := bban + cc + "00"
	var rem int
	for _, c := range rearr {
		var v int
		switch {
		case c >= '0' && c <= '9':
			v = int(c - '0')
			rem = (rem*10 + v) % 97
			continue
		case c >= 'A' && c <= 'Z':
			v = int(c-'A') + 10
		}
		rem = (rem*100 + v) % 97
	}
	chk := 98 - rem
	if chk < 10 {
		return "0" + strconv.Itoa(chk)
	}
	return strconv.Itoa(chk)
}

// ibanValid reports whether s (compact, upper case) has a correct checksum.
func ibanValid(s string) bool {
	if len(s) < 5 {
		return false
	}
	return ibanCheck(s[:2], s[4:]) == s[2:4]
}

func randDigits(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + r.IntN(10))
	}
	return string(b)
}

func randUpper(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('A' + r.IntN(26))
	}
	return string(b)
}

// newIBAN draws a syntactically valid IBAN of a GB, DE or TR account.
func newIBAN(r *rand.Rand, cc string) string {
	var bban string
	switch cc {
	case "GB":
		bban = randUpper(r, 4) + randDigits(r, 6) + randDigits(r, 8)
	case "DE":
		bban = randDigits(r, 8) + randDigits(r, 10)
	default: // TR
		cc = "TR"
		bban = randDigits(r, 5) + "0" + randDigits(r, 16)
	}
	return cc + ibanCheck(cc, bban) + bban
}

// spellIBAN writes an IBAN compact or in groups of four.
func spellIBAN(r *rand.Rand, iban string) string {
	if r.IntN(2) == 0 {
		return iban
	}
	var b strings.Builder
	for i := 0; i < len(iban); i += 4 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(iban[i:min(i+4, len(iban))])
	}
	return b.String()
}

// ---- crypto wallets ----

const b58alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

func base58(b []byte) string {
	// big-number division by 58 over a copy of the input
	n := make([]byte, len(b))
	copy(n, b)
	var out []byte
	zeros := 0
	for zeros < len(n) && n[zeros] == 0 {
		zeros++
	}
	start := zeros
	for start < len(n) {
		rem := 0
		for i := start; i < len(n); i++ {
			v := rem*256 + int(n[i])
			n[i] = byte(v / 58)
			rem = v % 58
		}
		out = append(out, b58alphabet[rem])
		for start < len(n) && n[start] == 0 {
			start++
		}
	}
	for range zeros {
		out = append(out, '1')
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return string(out)
}

func unbase58(s string) ([]byte, bool) {
	var n []byte // big-endian
	for _, c := range []byte(s) {
		v := strings.IndexByte(b58alphabet, c)
		if v < 0 {
			return nil, false
		}
		carry := v
		for i := len(n) - 1; i >= 0; i-- {
			carry += int(n[i]) * 58
			n[i] = byte(carry)
			carry >>= 8
		}
		for carry > 0 {
			n = append([]byte{byte(carry)}, n...)
			carry >>= 8
		}
	}
	for i := 0; i < len(s) && s[i] == '1'; i++ {
		n = append([]byte{0}, n...)
	}
	return n, true
}

// base58check encodes version+payload with the double-SHA-256 checksum used
// by Bitcoin and TRON addresses.
func base58check(version byte, payload []byte) string {
	b := append([]byte{version}, payload...)
	h1 := sha256.Sum256(b)
	h2 := sha256.Sum256(h1[:])
	return base58(append(b, h2[:4]...))
}

// base58checkValid decodes s and verifies its checksum, returning the version byte.
func base58checkValid(s string) (byte, bool) {
	b, ok := unbase58(s)
	if !ok || len(b) != 25 {
		return 0, false
	}
	h1 := sha256.Sum256(b[:21])
	h2 := sha256.Sum256(h1[:])
	for i := range 4 {
		if h2[i] != b[21+i] {
			return 0, false
		}
	}
	return b[0], true
}

func randBytes(r *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// newWallet draws a wallet address: a Bitcoin P2PKH or P2SH address, a TRON
// address (as used for USDT-TRC20) or an Ethereum address in lower case.
func newWallet(r *rand.Rand) (kind, addr string) {
	switch r.IntN(5) {
	case 0:
		return "BTC", base58check(0x00, randBytes(r, 20))
	case 1:
		return "BTC", base58check(0x05, randBytes(r, 20))
	case 2:
		return "ETH", "0x" + hexString(randBytes(r, 20))
	default:
		return "USDT TRC20", base58check(0x41, randBytes(r, 20))
	}
}

const hexdigits = "0123456789abcdef"

func hexString(b []byte) string {
	out := make([]byte, len(b)*2)
	for i, c := range b {
		out[2*i] = hexdigits[c>>4]
		out[2*i+1] = hexdigits[c&15]
	}
	return string(out)
}

// phash renders a 64-bit perceptual hash as the spec's media fingerprint.
func phash(v uint64) string {
	var b [22]byte
	copy(b[:], "phash:")
	for i := range 16 {
		b[6+i] = hexdigits[(v>>(60-4*uint(i)))&15]
	}
	return string(b[:])
}

func appendPhash(dst []byte, v uint64) []byte {
	dst = append(dst, "phash:"...)
	for i := range 16 {
		dst = append(dst, hexdigits[(v>>(60-4*uint(i)))&15])
	}
	return dst
}
