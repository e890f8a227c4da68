package rank

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// folded is a text in matching form with, for every byte of it, the span of
// the original text that produced it.
type folded struct {
	s     string
	start []int // start[i]: byte offset in the original of the rune that produced s[i]
	end   []int // end[i]: byte offset just past that rune (and past marks dropped after it)
}

// span maps the folded byte range [i, j) back to the original text.
func (f *folded) span(i, j int) (int, int) {
	return f.start[i], f.end[j-1]
}

// Normalize returns s in the form the lexicon matches against: compatibility
// decomposition (NFKD) with every nonspacing mark dropped, lower case,
// Arabic-script letter variants unified, tatweel and zero-width characters
// removed, digits of every script written as ASCII digits and runs of white
// space collapsed to one space. Lexicon phrases are normalised the same way.
func Normalize(s string) string { return fold(s).s }

// fold normalises text and keeps the offset map.
func fold(text string) folded {
	out := make([]byte, 0, len(text)+8)
	start := make([]int, 0, len(text)+8)
	end := make([]int, 0, len(text)+8)
	var dec [64]byte
	lastRune := -1 // index in out where the last emitted original rune begins
	emit := func(r rune, i, j int) {
		if r == ' ' && (len(out) == 0 || out[len(out)-1] == ' ') {
			return
		}
		n := len(out)
		out = utf8.AppendRune(out, r)
		for range len(out) - n {
			start = append(start, i)
			end = append(end, j)
		}
	}
	for i := 0; i < len(text); {
		r, w := utf8.DecodeRuneInString(text[i:])
		j := i + w
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			} else if r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f' {
				r = ' '
			}
			lastRune = len(out)
			emit(r, i, j)
			i = j
			continue
		}
		d := norm.NFKD.AppendString(dec[:0], text[i:j])
		n := len(out)
		dropped := true
		for _, c := range string(d) {
			m := foldRune(c)
			if m < 0 {
				continue
			}
			dropped = false
			emit(m, i, j)
		}
		switch {
		case !dropped && len(out) > n:
			lastRune = n
		case dropped && lastRune >= 0 && isMark(r):
			// A combining mark on its own belongs to the letter before it:
			// a hit ending at that letter covers its marks.
			for k := lastRune; k < len(end); k++ {
				end[k] = j
			}
		}
		i = j
	}
	return folded{s: string(out), start: start, end: end}
}

func isMark(r rune) bool {
	return unicode.In(r, unicode.Mn, unicode.Me) || r == 0x0640
}

// foldRune maps one rune of a decomposition; -1 drops it.
func foldRune(c rune) rune {
	switch {
	case unicode.In(c, unicode.Mn, unicode.Me):
		return -1
	case unicode.IsDigit(c):
		return '0' + rune(digitValue(c))
	case unicode.IsSpace(c):
		return ' '
	}
	switch c {
	case 0x0640, // tatweel
		0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, // zero width space, non-joiner, joiner, word joiner, BOM
		0x00AD,                         // soft hyphen
		0x200E, 0x200F, 0x061C, 0x202A, // direction marks
		0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069:
		return -1
	case 0x1361: // Ethiopic word space
		return ' '
	// Arabic script: one letter for each group of variants.
	case 0x0649, 0x06CC, 0x06D0, 0x06CD, 0x06CE, 0x06D2: // alef maksura, Farsi yeh, Pashto yehs, Kurdish yeh with v, yeh barree
		return 0x064A // ي
	case 0x0643: // Arabic kaf
		return 0x06A9 // ک
	case 0x0629, 0x06D5, 0x06BE, 0x06C1: // teh marbuta, ae, heh doachashmee, heh goal
		return 0x0647 // ه
	case 0x0671, 0x0672, 0x0673, 0x0675: // alef wasla and alefs with hamza marks
		return 0x0627 // ا
	case 0x06C6, 0x06C7, 0x06C8, 0x06CB: // Kurdish o and other waw variants
		return 0x0648 // و
	case 0x0695: // Kurdish reh with v below
		return 0x0631 // ر
	case 0x06B5: // Kurdish lam with v
		return 0x0644 // ل
	case 0x06AB: // Pashto kaf with ring
		return 0x06AF // گ
	case 0x066A: // Arabic percent sign
		return '%'
	case 0x066B: // Arabic decimal separator
		return '.'
	case 0x066C, 0x060C: // Arabic thousands separator, Arabic comma
		return ','
	case 0x061F:
		return '?'
	case 0x061B:
		return ';'
	// Latin letters without a decomposition.
	case 0x0131: // dotless i
		return 'i'
	case 0x0111, 0x0110: // d with stroke
		return 'd'
	case 0x0142, 0x0141:
		return 'l'
	case 0x00F8, 0x00D8:
		return 'o'
	case 0x2018, 0x2019, 0x201B, 0x02BC, 0x2032, 0x0060:
		return '\''
	case 0x201C, 0x201D, 0x201E, 0x00AB, 0x00BB:
		return '"'
	}
	return unicode.ToLower(c)
}

// digitValue is the value of a decimal digit of any script: Unicode lays out
// every decimal digit set (category Nd) as a contiguous run starting at zero.
func digitValue(r rune) int {
	n := 0
	for unicode.IsDigit(r - 1 - rune(n)) {
		n++
	}
	return n % 10
}

// isWordRune reports whether r is part of a word for boundary checks.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.In(r, unicode.Mn, unicode.Mc)
}

// spaced reports whether a phrase edge rune belongs to a script that
// separates words with spaces and attaches no clitics, where a phrase must
// start and end at word boundaries.
func spaced(r rune) bool {
	return unicode.IsDigit(r) || unicode.In(r, unicode.Latin, unicode.Greek, unicode.Cyrillic, unicode.Armenian, unicode.Georgian)
}

// trimSpace trims the ASCII spaces fold leaves at the ends.
func trimSpace(s string) string { return strings.Trim(s, " ") }
