package rank

import (
	"bufio"
	"cmp"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// Hit categories: what a phrase or pattern in a text indicates.
const (
	CatRoute     = "route"     // a place, route or departure point of a crossing
	CatPrice     = "price"     // an amount of money, or a price word
	CatGuarantee = "guarantee" // a promise of safety or success
	CatNoPapers  = "no_papers" // travel without passport, visa or documents
	CatBooking   = "booking"   // a call to book or a contact (phone, messaging link, handle)
	CatWarning   = "warning"   // a warning against crossings or smugglers
	CatNews      = "news"      // reporting: "according to", "police", "court"
	CatLegal     = "legal"     // legal advice, asylum
	CatHelpline  = "helpline"  // helplines, charities, volunteers
	CatTravel    = "travel"    // legitimate travel: flights, hotels, tourist visas
)

// Auxiliary lexicon categories, used by the price matcher and never
// reported as hits.
const (
	catCurrency   = "currency"   // a currency word or symbol
	catMultiplier = "multiplier" // a word between an amount and its currency ("k", "bin", "هزار")
)

var hitCategories = []string{CatRoute, CatPrice, CatGuarantee, CatNoPapers, CatBooking, CatWarning, CatNews, CatLegal, CatHelpline, CatTravel}

// LangMul is the language code of language-neutral entries (currency
// symbols, application names) and of pattern hits (phones, links).
const LangMul = "mul"

var (
	mulLangs   = []string{LangMul}
	priceLabel = []string{"<price>"}
)

// Hit is one indicator found in a text. Start and End are byte offsets
// into the original text, so text[Start:End] is the matched passage.
// Category is one of route, price, guarantee, no_papers, booking, warning,
// news, legal, helpline and travel. Phrase is the lexicon phrase, or for a
// pattern "<price>", "<phone>", "<messaging link>", "<email>" or
// "<handle>"; Lang is the language of the lexicon file ("mul" for
// language-neutral entries and contact patterns).
type Hit struct {
	Phrase   string `json:"phrase"`
	Category string `json:"category"`
	Lang     string `json:"lang"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
}

// boundary modes of a phrase edge.
const (
	edgeAuto  = iota // a word boundary when the edge rune is of a spaced script
	edgeNone         // "*": the phrase may continue or be prefixed inside a word
	edgeForce        // "|": a word boundary whatever the script
)

type entry struct {
	norm        string   // normalised
	cat         string   // category
	langs       []string // languages whose files have the phrase, in code order
	phrases     []string // the phrase as written in each of those files, without markers
	left, right int8
}

// Lexicon is a set of indicator phrases per language, ready for matching.
// It is immutable and safe for concurrent use.
type Lexicon struct {
	entries []entry
	index   map[[2]rune][]int32 // by the first two runes of the normalised phrase (second -1 for one-rune phrases)
	curr    []int32             // currency entries
	mult    []int32             // multiplier entries
	langs   []string
}

//go:embed lexicon/*.txt
var lexiconFS embed.FS

var (
	defaultLexOnce sync.Once
	defaultLex     *Lexicon
	defaultFiles   map[string]string
)

func loadDefaultLexicon() {
	defaultFiles = map[string]string{}
	ents, err := fs.ReadDir(lexiconFS, "lexicon")
	if err != nil {
		panic("rank: embedded lexicon: " + err.Error())
	}
	for _, e := range ents {
		name := e.Name()
		if !strings.HasSuffix(name, ".txt") {
			continue
		}
		b, err := lexiconFS.ReadFile("lexicon/" + name)
		if err != nil {
			panic("rank: embedded lexicon: " + err.Error())
		}
		defaultFiles[strings.TrimSuffix(name, ".txt")] = string(b)
	}
	defaultLex, err = NewLexicon(defaultFiles)
	if err != nil {
		panic("rank: embedded lexicon: " + err.Error())
	}
}

// DefaultLexicon returns the embedded lexicon (rank/lexicon/*.txt).
func DefaultLexicon() *Lexicon {
	defaultLexOnce.Do(loadDefaultLexicon)
	return defaultLex
}

// LoadLexicon loads the lexicon files (LANG.txt) of dir over the embedded
// ones: a file replaces the embedded file of the same language, other
// languages keep their embedded files, and a new language is added. An
// empty file removes a language.
func LoadLexicon(dir string) (*Lexicon, error) {
	DefaultLexicon()
	files := make(map[string]string, len(defaultFiles))
	for k, v := range defaultFiles {
		files[k] = v
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("rank: lexicon: %w", err)
	}
	found := 0
	for _, e := range ents {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".txt") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("rank: lexicon: %w", err)
		}
		files[strings.TrimSuffix(e.Name(), ".txt")] = string(b)
		found++
	}
	if found == 0 {
		return nil, fmt.Errorf("rank: lexicon: no .txt files in %s", dir)
	}
	return NewLexicon(files)
}

// NewLexicon builds a lexicon from file contents keyed by language code.
// Each line is "category<TAB>phrase"; blank lines and lines starting with
// "#" are ignored. A phrase starting or ending with "*" may be attached to
// other letters on that side; with "|" it must be at a word boundary on
// that side even in scripts where the default is not to check.
func NewLexicon(files map[string]string) (*Lexicon, error) {
	lx := &Lexicon{index: map[[2]rune][]int32{}}
	langs := make([]string, 0, len(files))
	for l := range files {
		langs = append(langs, l)
	}
	slices.Sort(langs)
	seen := map[string]int32{}
	for _, lang := range langs {
		sc := bufio.NewScanner(strings.NewReader(files[lang]))
		sc.Buffer(make([]byte, 0, 4096), 1<<20)
		line := 0
		n := 0
		for sc.Scan() {
			line++
			t := strings.TrimRight(sc.Text(), "\r")
			if strings.TrimSpace(t) == "" || strings.HasPrefix(strings.TrimSpace(t), "#") {
				continue
			}
			cat, phrase, ok := strings.Cut(t, "\t")
			cat = strings.TrimSpace(cat)
			phrase = strings.TrimSpace(phrase)
			if !ok || phrase == "" {
				return nil, fmt.Errorf("rank: lexicon %s.txt:%d: want category<TAB>phrase", lang, line)
			}
			if !slices.Contains(hitCategories, cat) && cat != catCurrency && cat != catMultiplier {
				return nil, fmt.Errorf("rank: lexicon %s.txt:%d: unknown category %q", lang, line, cat)
			}
			e := entry{cat: cat, langs: []string{lang}}
			switch {
			case strings.HasPrefix(phrase, "*"):
				e.left, phrase = edgeNone, phrase[1:]
			case strings.HasPrefix(phrase, "|"):
				e.left, phrase = edgeForce, phrase[1:]
			}
			switch {
			case strings.HasSuffix(phrase, "*"):
				e.right, phrase = edgeNone, phrase[:len(phrase)-1]
			case strings.HasSuffix(phrase, "|"):
				e.right, phrase = edgeForce, phrase[:len(phrase)-1]
			}
			phrase = strings.TrimSpace(phrase)
			e.phrases = []string{phrase}
			e.norm = trimSpace(Normalize(phrase))
			if e.norm == "" {
				return nil, fmt.Errorf("rank: lexicon %s.txt:%d: phrase is empty after normalisation", lang, line)
			}
			n++
			key := cat + "\x00" + e.norm + "\x00" + fmt.Sprint(e.left, e.right)
			if id, ok := seen[key]; ok {
				// The same phrase in several languages: one entry, and the
				// text's other hits decide which language a hit is in.
				if o := &lx.entries[id]; !slices.Contains(o.langs, lang) {
					o.langs = append(o.langs, lang)
					o.phrases = append(o.phrases, phrase)
				}
				continue
			}
			seen[key] = int32(len(lx.entries))
			lx.add(e)
		}
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("rank: lexicon %s.txt: %w", lang, err)
		}
		if n > 0 {
			lx.langs = append(lx.langs, lang)
		}
	}
	return lx, nil
}

func (lx *Lexicon) add(e entry) {
	id := int32(len(lx.entries))
	lx.entries = append(lx.entries, e)
	switch e.cat {
	case catCurrency:
		lx.curr = append(lx.curr, id)
		return
	case catMultiplier:
		lx.mult = append(lx.mult, id)
		return
	}
	k := prefixKey(e.norm)
	lx.index[k] = append(lx.index[k], id)
}

func prefixKey(s string) [2]rune {
	r0, w := utf8.DecodeRuneInString(s)
	if w == len(s) {
		return [2]rune{r0, -1}
	}
	r1, _ := utf8.DecodeRuneInString(s[w:])
	return [2]rune{r0, r1}
}

// Languages returns the language codes with at least one entry.
func (lx *Lexicon) Languages() []string { return slices.Clone(lx.langs) }

// Len returns the number of entries.
func (lx *Lexicon) Len() int { return len(lx.entries) }

// Match returns the hits in text, ordered by position. A hit inside a longer
// hit of the same category is dropped.
func (lx *Lexicon) Match(text string) []Hit {
	f := fold(text)
	return lx.match(&f)
}

// rawHit is a hit in folded coordinates.
type rawHit struct {
	i, j    int
	cat     string
	langs   []string
	phrases []string // parallel to langs; one shared label for patterns
}

func (lx *Lexicon) match(f *folded) []Hit {
	s := f.s
	var raw []rawHit
	for i := 0; i < len(s); {
		r0, w := utf8.DecodeRuneInString(s[i:])
		if r0 != ' ' {
			var r1 rune = -2
			if i+w < len(s) {
				r1, _ = utf8.DecodeRuneInString(s[i+w:])
			}
			for _, id := range lx.index[[2]rune{r0, r1}] {
				if e := &lx.entries[id]; lx.at(s, i, e) {
					raw = append(raw, rawHit{i, i + len(e.norm), e.cat, e.langs, e.phrases})
				}
			}
			for _, id := range lx.index[[2]rune{r0, -1}] {
				if e := &lx.entries[id]; lx.at(s, i, e) {
					raw = append(raw, rawHit{i, i + len(e.norm), e.cat, e.langs, e.phrases})
				}
			}
		}
		i += w
	}
	prices := lx.prices(s)
	raw = append(raw, prices...)
	raw = append(raw, contacts(s, prices)...)
	raw = dropContained(raw)
	// Languages: a phrase found in one language's file votes for it; a
	// phrase shared by several languages is given the one of them with
	// the most votes in the text (ties: the first in code order).
	votes := map[string]int{}
	for _, h := range raw {
		if len(h.langs) == 1 && h.langs[0] != LangMul {
			votes[h.langs[0]]++
		}
	}
	hits := make([]Hit, len(raw))
	for k, h := range raw {
		a, b := f.span(h.i, h.j)
		best := 0
		for m, l := range h.langs {
			if votes[l] > votes[h.langs[best]] {
				best = m
			}
		}
		phrase := h.phrases[min(best, len(h.phrases)-1)]
		hits[k] = Hit{Phrase: phrase, Category: h.cat, Lang: h.langs[best], Start: a, End: b}
	}
	return hits
}

// at reports whether entry e matches s at byte i, boundaries included.
func (lx *Lexicon) at(s string, i int, e *entry) bool {
	if !strings.HasPrefix(s[i:], e.norm) {
		return false
	}
	return leftOK(s, i, e) && rightOK(s, i+len(e.norm), e)
}

func leftOK(s string, i int, e *entry) bool {
	if e.left == edgeNone || i == 0 {
		return true
	}
	if e.left == edgeAuto {
		r, _ := utf8.DecodeRuneInString(e.norm)
		if !spaced(r) {
			return true
		}
	}
	p, _ := utf8.DecodeLastRuneInString(s[:i])
	return !isWordRune(p)
}

func rightOK(s string, j int, e *entry) bool {
	if e.right == edgeNone || j >= len(s) {
		return true
	}
	if e.right == edgeAuto {
		r, _ := utf8.DecodeLastRuneInString(e.norm)
		if !spaced(r) {
			return true
		}
	}
	n, _ := utf8.DecodeRuneInString(s[j:])
	return !isWordRune(n)
}

// dropContained sorts hits by position, merges hits of one category with
// the same span (their languages are pooled) and removes hits inside a
// longer hit of the same category.
func dropContained(raw []rawHit) []rawHit {
	slices.SortStableFunc(raw, func(a, b rawHit) int {
		if c := cmp.Compare(a.i, b.i); c != 0 {
			return c
		}
		return cmp.Compare(b.j, a.j)
	})
	var out []rawHit
	for k, h := range raw {
		inside := false
		for m := range raw {
			o := raw[m]
			if m == k || o.cat != h.cat || o.i > h.i || o.j < h.j {
				continue
			}
			if o.j-o.i > h.j-h.i {
				inside = true
				break
			}
			if m < k { // an equal span seen first: pool the languages into it
				inside = true
				for n := range out {
					if u := &out[n]; u.i == o.i && u.j == o.j && u.cat == o.cat {
						u.langs, u.phrases = poolLangs(u.langs, u.phrases, h.langs, h.phrases)
					}
				}
				break
			}
		}
		if !inside {
			out = append(out, h)
		}
	}
	return out
}

func poolLangs(langs, phrases, more, morePhrases []string) ([]string, []string) {
	if len(phrases) != len(langs) || len(morePhrases) != len(more) {
		return langs, phrases // pattern hits share one label
	}
	langs, phrases = slices.Clone(langs), slices.Clone(phrases)
	for i, l := range more {
		if !slices.Contains(langs, l) {
			langs = append(langs, l)
			phrases = append(phrases, morePhrases[i])
		}
	}
	return langs, phrases
}

// ---- patterns ----

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

// number scans an amount at s[i] (a digit not preceded by a digit): digits
// with optional thousands groups, decimals and a "k" suffix. It returns the
// end, or i when there is none.
func number(s string, i int) int {
	j := i
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	if j == i {
		return i
	}
	for j+4 <= len(s) && strings.IndexByte(", .'", s[j]) >= 0 && isDigit(s[j+1]) && isDigit(s[j+2]) && isDigit(s[j+3]) && (j+4 == len(s) || !isDigit(s[j+4])) {
		j += 4
	}
	if j+1 < len(s) && (s[j] == '.' || s[j] == ',') && isDigit(s[j+1]) {
		k := j + 1
		for k < len(s) && isDigit(s[k]) {
			k++
		}
		if k-j-1 <= 2 {
			j = k
		}
	}
	if j < len(s) && s[j] == 'k' {
		if n, _ := utf8.DecodeRuneInString(s[j+1:]); j+1 == len(s) || !isWordRune(n) {
			j++
		}
	}
	return j
}

// prices finds amounts next to a currency word or symbol, on either side,
// with at most one space and one multiplier word between them.
func (lx *Lexicon) prices(s string) []rawHit {
	var out []rawHit
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) || (i > 0 && isDigit(s[i-1])) {
			continue
		}
		j := number(s, i)
		best := rawHit{i: -1}
		// amount then currency
		p := j
		if p < len(s) && s[p] == ' ' {
			p++
		}
		for _, m := range lx.afterMultiplier(s, p) {
			for _, id := range lx.curr {
				e := &lx.entries[id]
				if lx.at(s, m.pos, e) && m.pos+len(e.norm)-i > best.j-best.i {
					best = rawHit{i, m.pos + len(e.norm), CatPrice, narrow(e.langs, m.langs), priceLabel}
				}
			}
		}
		// currency then amount
		q := i
		if q > 0 && s[q-1] == ' ' {
			q--
		}
		for _, id := range lx.curr {
			e := &lx.entries[id]
			a := q - len(e.norm)
			if a >= 0 && s[a:q] == e.norm && leftOK(s, a, e) && j-a > best.j-best.i {
				best = rawHit{a, j, CatPrice, e.langs, priceLabel}
			}
		}
		if best.i >= 0 {
			out = append(out, best)
		}
		i = j - 1
	}
	return out
}

type multPos struct {
	pos   int
	langs []string // languages of the multiplier word; nil without one
}

// afterMultiplier returns p and, when a multiplier word starts at p, the
// position after it and one optional space.
func (lx *Lexicon) afterMultiplier(s string, p int) []multPos {
	ps := []multPos{{pos: p}}
	for _, id := range lx.mult {
		e := &lx.entries[id]
		if lx.at(s, p, e) {
			q := p + len(e.norm)
			if q < len(s) && s[q] == ' ' {
				q++
			}
			ps = append(ps, multPos{q, e.langs})
		}
	}
	return ps
}

// narrow keeps the languages of a currency word that the multiplier word
// before it shares, if any.
func narrow(langs, by []string) []string {
	var out []string
	for _, l := range langs {
		if slices.Contains(by, l) {
			out = append(out, l)
		}
	}
	if len(out) == 0 {
		return langs
	}
	return out
}

// messaging link hosts that make a text a contact to book.
var linkHosts = []string{"wa.me/", "wa.link/", "api.whatsapp.com/", "chat.whatsapp.com/", "t.me/", "telegram.me/", "telegram.dog/", "m.me/", "zalo.me/", "signal.me/", "viber.click/", "invite.viber.com"}

// contacts finds phone numbers, messaging links, e-mail addresses and
// @handles; they are booking hits. Numbers inside price hits are skipped.
func contacts(s string, prices []rawHit) []rawHit {
	var out []rawHit
	inPrice := func(i, j int) bool {
		for _, p := range prices {
			if i < p.j && p.i < j {
				return true
			}
		}
		return false
	}
	// phones
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '+' || isDigit(c)) || (i > 0 && (isDigit(s[i-1]) || s[i-1] == '+')) {
			continue
		}
		if i > 0 {
			if p, _ := utf8.DecodeLastRuneInString(s[:i]); isWordRune(p) {
				continue
			}
		}
		j := i
		if c == '+' {
			j++
		}
		digits, last := 0, j
		for j < len(s) {
			switch {
			case isDigit(s[j]):
				digits++
				j++
				last = j
				continue
			case (s[j] == ' ' || s[j] == '-' || s[j] == '(' || s[j] == ')') && j+1 < len(s) && (isDigit(s[j+1]) || s[j+1] == '('):
				j++
				continue
			}
			break
		}
		first := s[i]
		if c == '+' && i+1 < len(s) {
			first = '+'
		}
		ok := digits >= 8 && digits <= 15 && (first == '+' || first == '0' || digits >= 10)
		if ok && last > i && !inPrice(i, last) {
			out = append(out, rawHit{i, last, CatBooking, mulLangs, []string{"<phone>"}})
			i = last - 1
		}
	}
	// messaging links
	for _, h := range linkHosts {
		for off := 0; ; {
			k := strings.Index(s[off:], h)
			if k < 0 {
				break
			}
			a := off + k
			for a > 0 && s[a-1] != ' ' {
				a--
			}
			b := off + k + len(h)
			for b < len(s) && s[b] != ' ' {
				b++
			}
			out = append(out, rawHit{a, b, CatBooking, mulLangs, []string{"<messaging link>"}})
			off = b
		}
	}
	// e-mail addresses and @handles
	for off := 0; ; {
		k := strings.IndexByte(s[off:], '@')
		if k < 0 {
			break
		}
		at := off + k
		b := at + 1
		for b < len(s) && (isHandleByte(s[b]) || s[b] == '.') {
			b++
		}
		for b > at+1 && s[b-1] == '.' {
			b--
		}
		a := at
		for a > 0 && (isHandleByte(s[a-1]) || s[a-1] == '.' || s[a-1] == '+' || s[a-1] == '-') {
			a--
		}
		switch {
		case a < at && strings.Contains(s[at+1:b], "."):
			out = append(out, rawHit{a, b, CatBooking, mulLangs, []string{"<email>"}})
		case a == at && b-at > 2:
			out = append(out, rawHit{at, b, CatBooking, mulLangs, []string{"<handle>"}})
		}
		off = max(b, at+1)
	}
	return out
}

func isHandleByte(b byte) bool {
	return b == '_' || isDigit(b) || ('a' <= b && b <= 'z')
}
