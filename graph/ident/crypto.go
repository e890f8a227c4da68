package ident

import (
	"crypto/sha256"
	"strings"
)

// normalizeCrypto validates a wallet address. Recognised formats:
//
//	Bitcoin legacy and P2SH  base58check, version 0x00 or 0x05 (1..., 3...), kept as given
//	Bitcoin SegWit           bech32 (v0) or bech32m (v1+) with HRP "bc", lower-cased
//	Ethereum and EVM chains  "0x" and 40 hex digits, lower-cased (no EIP-55 check)
//	TRON                     base58check, version 0x41 (T...), kept as given
//
// A URI prefix ("bitcoin:", "ethereum:", "tron:") and its parameters are
// removed.
func normalizeCrypto(s string) Result {
	a := s
	for _, p := range []string{"bitcoin:", "ethereum:", "tron:"} {
		if hasPrefixFold(a, p) {
			a = strings.TrimPrefix(a[len(p):], "//")
			if i := strings.IndexAny(a, "?@/"); i >= 0 {
				a = a[:i]
			}
			break
		}
	}
	v, reason := cryptoAddress(a)
	if reason != "" {
		return invalid(Crypto, s, reason)
	}
	return valid(Crypto, v)
}

// cryptoAddress returns the canonical address, or why a is not one.
func cryptoAddress(a string) (string, string) {
	switch {
	case len(a) >= 2 && a[0] == '0' && (a[1] == 'x' || a[1] == 'X'):
		if len(a) != 42 {
			return "", "Ethereum address must be 0x and 40 hex digits"
		}
		for i := 2; i < len(a); i++ {
			if !isHex(a[i]) {
				return "", "Ethereum address must be 0x and 40 hex digits"
			}
		}
		return strings.ToLower(a), ""
	case hasPrefixFold(a, "bc1"):
		if !validSegwit(a) {
			return "", "bad bech32 address or checksum"
		}
		return strings.ToLower(a), ""
	case a != "" && (a[0] == '1' || a[0] == '3'):
		if len(a) < 25 || len(a) > 35 {
			return "", "Bitcoin address has the wrong length"
		}
		ver, ok := base58Check(a)
		if !ok {
			return "", "bad Bitcoin address checksum"
		}
		if ver != 0x00 && ver != 0x05 {
			return "", "not a Bitcoin mainnet address"
		}
		return a, ""
	case a != "" && a[0] == 'T':
		if len(a) != 34 {
			return "", "TRON address must be 34 characters"
		}
		ver, ok := base58Check(a)
		if !ok {
			return "", "bad TRON address checksum"
		}
		if ver != 0x41 {
			return "", "not a TRON address"
		}
		return a, ""
	}
	return "", "not a recognised wallet address (Bitcoin, Ethereum, TRON)"
}

const base58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

var base58Index = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i := 0; i < len(base58Alphabet); i++ {
		t[base58Alphabet[i]] = int8(i)
	}
	return t
}()

// base58Check decodes a 25-byte base58check payload (version, 20-byte hash,
// 4-byte checksum) and checks the double SHA-256 checksum. It returns the
// version byte.
func base58Check(s string) (byte, bool) {
	var buf [25]byte
	if !base58Decode25(s, &buf) {
		return 0, false
	}
	h := sha256.Sum256(buf[:21])
	h = sha256.Sum256(h[:])
	if h[0] != buf[21] || h[1] != buf[22] || h[2] != buf[23] || h[3] != buf[24] {
		return 0, false
	}
	return buf[0], true
}

// base58Decode25 decodes s into exactly 25 bytes (big-endian), failing on a
// bad character or a value that does not fit or has the wrong number of
// leading zero bytes.
func base58Decode25(s string, out *[25]byte) bool {
	zeros := 0
	for zeros < len(s) && s[zeros] == '1' {
		zeros++
	}
	for i := 0; i < len(s); i++ {
		d := base58Index[s[i]]
		if d < 0 {
			return false
		}
		carry := int(d)
		for j := len(out) - 1; j >= 0; j-- {
			carry += int(out[j]) * 58
			out[j] = byte(carry)
			carry >>= 8
		}
		if carry != 0 {
			return false
		}
	}
	lead := 0
	for lead < len(out) && out[lead] == 0 {
		lead++
	}
	return lead == zeros
}

const bech32Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"

var bech32Index = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i := 0; i < len(bech32Charset); i++ {
		c := bech32Charset[i]
		t[c] = int8(i)
		if c >= 'a' && c <= 'z' {
			t[c-'a'+'A'] = int8(i) // upper-case addresses are valid too
		}
	}
	return t
}()

func bech32Polymod(values []byte) uint32 {
	gen := [5]uint32{0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3}
	chk := uint32(1)
	for _, v := range values {
		b := chk >> 25
		chk = (chk&0x1ffffff)<<5 ^ uint32(v)
		for i := 0; i < 5; i++ {
			if (b>>uint(i))&1 == 1 {
				chk ^= gen[i]
			}
		}
	}
	return chk
}

const (
	bech32Const  = 1
	bech32mConst = 0x2bc830a3
)

// validSegwit checks a mainnet SegWit address (BIP 173 and BIP 350): HRP
// "bc", one case, a valid checksum (bech32 for witness version 0, bech32m
// for 1 to 16) and a witness program of a valid length.
func validSegwit(a string) bool {
	if len(a) < 14 || len(a) > 90 {
		return false
	}
	lower, upper := false, false
	for i := 0; i < len(a); i++ {
		c := a[i]
		switch {
		case c >= 'a' && c <= 'z':
			lower = true
		case c >= 'A' && c <= 'Z':
			upper = true
		}
	}
	if lower && upper {
		return false
	}
	// HRP "bc" expanded: high bits, 0, low bits.
	values := make([]byte, 0, 5+len(a))
	values = append(values, 3, 3, 0, 2, 3)
	data := a[3:]
	if len(data) < 7 {
		return false
	}
	for i := 0; i < len(data); i++ {
		d := bech32Index[data[i]]
		if d < 0 {
			return false
		}
		values = append(values, byte(d))
	}
	payload := values[5 : len(values)-6]
	if len(payload) == 0 {
		return false
	}
	ver := payload[0]
	if ver > 16 {
		return false
	}
	want := uint32(bech32Const)
	if ver > 0 {
		want = bech32mConst
	}
	if bech32Polymod(values) != want {
		return false
	}
	// Convert the 5-bit program to bytes.
	acc, bits, n := uint32(0), uint(0), 0
	for _, v := range payload[1:] {
		acc = (acc<<5 | uint32(v)) & 0x1fff
		bits += 5
		for bits >= 8 {
			bits -= 8
			n++
		}
	}
	if bits >= 5 || acc&(1<<bits-1) != 0 {
		return false
	}
	if n < 2 || n > 40 {
		return false
	}
	if ver == 0 && n != 20 && n != 32 {
		return false
	}
	return true
}
