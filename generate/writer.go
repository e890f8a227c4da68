package generate

import (
	"io"
	"strconv"
	"unicode/utf8"
)

// out assembles records by hand into a byte buffer and hands it to the
// destination writer in large chunks; it keeps the counts for Stats.
type out struct {
	w        io.Writer
	buf      []byte
	err      error
	stats    Stats
	progress func(int64)
	nextProg int64
}

const (
	flushAt       = 256 << 10
	progressEvery = 100_000
)

func newOut(w io.Writer, progress func(int64)) *out {
	return &out{w: w, buf: make([]byte, 0, flushAt+64<<10), progress: progress, nextProg: progressEvery}
}

func (o *out) flush() error {
	if o.err == nil && len(o.buf) > 0 {
		_, o.err = o.w.Write(o.buf)
	}
	o.buf = o.buf[:0]
	return o.err
}

// begin opens a record of the given type.
func (o *out) begin(typ string) {
	o.buf = append(o.buf, `{"type":"`...)
	o.buf = append(o.buf, typ...)
	o.buf = append(o.buf, '"')
}

// end closes the record and counts it.
func (o *out) end() {
	o.buf = append(o.buf, '}', '\n')
	o.stats.Records++
	if o.stats.Records >= o.nextProg {
		o.nextProg += progressEvery
		if o.progress != nil {
			o.progress(o.stats.Records)
		}
	}
	if len(o.buf) >= flushAt {
		o.flush()
	}
}

// key writes `,"k":`.
func (o *out) key(k string) {
	o.buf = append(o.buf, ',', '"')
	o.buf = append(o.buf, k...)
	o.buf = append(o.buf, '"', ':')
}

// str writes a string field; empty values are left out.
func (o *out) str(k, v string) {
	if v == "" {
		return
	}
	o.key(k)
	o.buf = appendJSONString(o.buf, v)
}

// strb writes a string field from bytes.
func (o *out) strb(k string, v []byte) {
	o.key(k)
	o.buf = appendJSONBytes(o.buf, v)
}

func (o *out) num(k string, v int64) {
	o.key(k)
	o.buf = strconv.AppendInt(o.buf, v, 10)
}

// time writes an RFC 3339 UTC time from Unix seconds.
func (o *out) time(k string, unix int64) {
	o.key(k)
	o.buf = append(o.buf, '"')
	o.buf = appendRFC3339(o.buf, unix)
	o.buf = append(o.buf, '"')
}

// link writes a complete link record between two records.
func (o *out) link(kind, from, to string, at int64) {
	o.begin("link")
	o.str("kind", kind)
	o.str("from", from)
	o.str("to", to)
	if at != 0 {
		o.time("at", at)
	}
	o.end()
	o.stats.Links++
}

// uses writes a link from a record to an identifier.
func (o *out) uses(from, kind, value, region, source string, at int64) {
	o.begin("link")
	o.str("kind", "uses")
	o.str("from", from)
	o.buf = append(o.buf, `,"identifier":{"kind":`...)
	o.buf = appendJSONString(o.buf, kind)
	o.buf = append(o.buf, `,"value":`...)
	o.buf = appendJSONString(o.buf, value)
	if region != "" {
		o.buf = append(o.buf, `,"region":`...)
		o.buf = appendJSONString(o.buf, region)
	}
	o.buf = append(o.buf, '}')
	if at != 0 {
		o.time("at", at)
	}
	o.str("source", source)
	o.end()
	o.stats.Links++
}

// appendJSONString appends s as a JSON string. Valid UTF-8 passes through;
// quotes, backslashes and control characters are escaped, and invalid bytes
// become U+FFFD.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				dst = append(dst, s[start:i]...)
				dst = append(dst, `\ufffd`...)
				i++
				start = i
				continue
			}
			i += size
			continue
		}
		dst = append(dst, s[start:i]...)
		dst = appendEscape(dst, c)
		i++
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

func appendJSONBytes(dst []byte, s []byte) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRune(s[i:])
			if r == utf8.RuneError && size == 1 {
				dst = append(dst, s[start:i]...)
				dst = append(dst, `\ufffd`...)
				i++
				start = i
				continue
			}
			i += size
			continue
		}
		dst = append(dst, s[start:i]...)
		dst = appendEscape(dst, c)
		i++
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

func appendEscape(dst []byte, c byte) []byte {
	switch c {
	case '"':
		return append(dst, '\\', '"')
	case '\\':
		return append(dst, '\\', '\\')
	case '\n':
		return append(dst, '\\', 'n')
	case '\r':
		return append(dst, '\\', 'r')
	case '\t':
		return append(dst, '\\', 't')
	}
	return append(dst, '\\', 'u', '0', '0', hexdigits[c>>4], hexdigits[c&15])
}

// appendRFC3339 formats Unix seconds as YYYY-MM-DDTHH:MM:SSZ without going
// through time.Time (civil-from-days conversion).
func appendRFC3339(dst []byte, unix int64) []byte {
	days := unix / 86400
	secs := unix % 86400
	if secs < 0 {
		secs += 86400
		days--
	}
	z := days + 719468
	era := z
	if era < 0 {
		era -= 146096
	}
	era /= 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if mp >= 10 {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	dst = append(dst, byte('0'+y/1000%10), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+m/10), byte('0'+m%10), '-', byte('0'+d/10), byte('0'+d%10), 'T')
	h, mi, s := secs/3600, secs/60%60, secs%60
	return append(dst, byte('0'+h/10), byte('0'+h%10), ':', byte('0'+mi/10), byte('0'+mi%10), ':',
		byte('0'+s/10), byte('0'+s%10), 'Z')
}

// render expands a template into dst: "{x}" is replaced by slots[x-'a'].
func render(dst []byte, tpl string, slots *[26]string) []byte {
	for {
		i := indexByte(tpl, '{')
		if i < 0 || i+2 >= len(tpl) || tpl[i+2] != '}' || tpl[i+1] < 'a' || tpl[i+1] > 'z' {
			if i < 0 {
				return append(dst, tpl...)
			}
			dst = append(dst, tpl[:i+1]...)
			tpl = tpl[i+1:]
			continue
		}
		dst = append(dst, tpl[:i]...)
		dst = append(dst, slots[tpl[i+1]-'a']...)
		tpl = tpl[i+3:]
	}
}

func indexByte(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}
