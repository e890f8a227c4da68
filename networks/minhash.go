package networks

import (
	"math"
	"unicode"
	"unicode/utf8"
)

// MinHash signatures of post texts (Broder 1997, "On the resemblance and
// containment of documents"), banded for locality-sensitive hashing
// (Leskovec, Rajaraman & Ullman, "Mining of Massive Datasets", §3.4).
const (
	sigK     = 16 // hash functions per signature
	sigBands = 4  // bands of sigRows rows: candidates share one band
	sigRows  = sigK / sigBands
)

// sigSeeds are the seeds of the sigK hash functions, fixed so that
// signatures are equal on every run.
var sigSeeds = func() (s [sigK]uint64) {
	for i := range s {
		s[i] = mix64(uint64(i+1) * 0x9E3779B97F4A7C15)
	}
	return
}()

// shingler turns a text into the MinHash signature of its word shingles.
type shingler struct {
	shingle, minTokens int
	toks               []uint64
}

func newShingler(c CoordinationConfig) shingler {
	return shingler{shingle: c.Shingle, minTokens: c.MinTokens}
}

// signature normalises text (lower case, words are maximal runs of letters
// and digits, everything else separates) and writes the MinHash of its
// w-word shingles to sig. It returns false for a text of fewer than
// minTokens words, which is too short to tell a coordinated copy from a
// common phrase.
func (s *shingler) signature(text string, sig *[sigK]uint32) bool {
	toks := s.toks[:0]
	var h uint64 = 14695981039346656037
	in := false
	for i := 0; i < len(text); {
		c := rune(text[i])
		size := 1
		if c >= utf8.RuneSelf {
			c, size = utf8.DecodeRuneInString(text[i:])
		}
		i += size
		word := false
		if c < utf8.RuneSelf {
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			word = c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
		} else if unicode.IsLetter(c) || unicode.IsDigit(c) || unicode.Is(unicode.Mn, c) {
			c = unicode.ToLower(c)
			word = true
		}
		if word {
			if !in {
				h = 14695981039346656037
				in = true
			}
			h ^= uint64(c)
			h *= 1099511628211
		} else if in {
			toks = append(toks, h)
			in = false
		}
	}
	if in {
		toks = append(toks, h)
	}
	s.toks = toks
	if len(toks) < s.minTokens || len(toks) < s.shingle {
		return false
	}
	for k := range sig {
		sig[k] = math.MaxUint32
	}
	for i := 0; i+s.shingle <= len(toks); i++ {
		var sh uint64
		for _, t := range toks[i : i+s.shingle] {
			sh = mix64(sh ^ t)
		}
		for k := range sig {
			if v := uint32(mix64(sh^sigSeeds[k]) >> 32); v < sig[k] {
				sig[k] = v
			}
		}
	}
	return true
}

// bandKey is the LSH bucket of band b of sig.
func bandKey(sig *[sigK]uint32, b int) uint64 {
	h := uint64(b+1) * 0xD6E8FEB86659FD93
	for _, v := range sig[b*sigRows : (b+1)*sigRows] {
		h = mix64(h ^ uint64(v))
	}
	return h
}
