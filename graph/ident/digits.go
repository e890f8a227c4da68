package ident

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// digitRange is a run of decimal digits (Unicode category Nd) whose first code
// point is a zero. Unicode allocates decimal digits in contiguous blocks of
// ten, ascending from zero, so the value of r in the run is (r-lo)%10.
type digitRange struct{ lo, hi rune }

var digitRanges = buildDigitRanges()

func buildDigitRanges() []digitRange {
	var out []digitRange
	for _, r := range unicode.Nd.R16 {
		for c := rune(r.Lo); c <= rune(r.Hi); c += rune(r.Stride) {
			out = appendDigit(out, c)
		}
	}
	for _, r := range unicode.Nd.R32 {
		for c := rune(r.Lo); c <= rune(r.Hi); c += rune(r.Stride) {
			out = appendDigit(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].lo < out[j].lo })
	return out
}

func appendDigit(out []digitRange, c rune) []digitRange {
	if n := len(out); n > 0 && out[n-1].hi == c-1 {
		out[n-1].hi = c
		return out
	}
	return append(out, digitRange{c, c})
}

// digitValue returns the decimal value of r and true when r is a decimal
// digit in any script.
func digitValue(r rune) (int, bool) {
	if r >= '0' && r <= '9' {
		return int(r - '0'), true
	}
	if r < 0x80 || !unicode.IsDigit(r) {
		return 0, false
	}
	i := sort.Search(len(digitRanges), func(i int) bool { return digitRanges[i].hi >= r })
	if i == len(digitRanges) || digitRanges[i].lo > r {
		return 0, false
	}
	return int(r-digitRanges[i].lo) % 10, true
}

// isDigitRune reports whether r is a decimal digit in any script.
func isDigitRune(r rune) bool {
	if r < 0x80 {
		return r >= '0' && r <= '9'
	}
	return unicode.IsDigit(r)
}

// FoldDigits maps decimal digits in any Unicode script (Arabic-Indic,
// Extended Arabic-Indic/Persian, Devanagari, full-width, ...) to ASCII '0'-'9'.
// Everything else is left as it is.
func FoldDigits(s string) string {
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf {
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			b.WriteByte(c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if v, ok := digitValue(r); ok {
			b.WriteByte(byte('0' + v))
		} else {
			b.WriteString(s[i : i+size]) // kept byte for byte, even when not valid UTF-8
		}
		i += size
	}
	return b.String()
}
