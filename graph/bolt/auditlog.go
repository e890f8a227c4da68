package bolt

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/takedown/takedown/graph"
)

// The audit trail lives apart from the graph's database, in append-only
// files under DIR/audit: one audit entry a line, as JSON, in segments
// named by the sequence number of their first entry (20 digits,
// "00000000000000000001.jsonl") and closed once full (below).
//
// Every request appends an entry, so in the graph's database the trail
// was most of what its memtables held: at 5,000 requests a second a 64 MiB
// memtable filled every 15 s, and each flush took a core from the readers
// of a two-core machine. Here an append is one write and one fdatasync for
// a whole group of entries, and nothing is ever rewritten.
//
// Segments are written in place over zeros: each is filled with zeros and
// synced before its first entry (in the background, while the one before
// fills), so an fdatasync carries the entries alone. Appending to a file
// instead changes its size and allocates blocks, which makes every
// fdatasync commit the file system's journal as well, and under load some
// of those commits held every append for 100–300 ms. The
// data of a segment ends at its first zero byte (JSON holds none); a
// segment is cut to its data when the next one starts. The zero-filled
// size starts at firstSegment and doubles with each segment up to
// segmentBytes, so a store that audits little writes little.
//
// The store keeps the head of the chain (the last entry's sequence number
// and hash) in its meta bucket as well, written after each group is
// durable. At Open the log must reach that head with the same hash; a log
// that ends before it, or holds another entry there, has lost entries from
// its end, which the chain alone cannot show.
//
// A crash can cut the last group short; the incomplete last line was never
// acknowledged, and Open removes it. Lines are found through marks: the
// offset of every markEvery-th line of a segment, counted when the segment
// is first read (at Open for the last one, which appends keep current).

const (
	nextName     = "next.tmp" // the next segment, being filled with zeros
	auditDirName = "audit"
	segmentBytes = 64 << 20
	firstSegment = 256 << 10
	markEvery    = 256
	segmentExt   = ".jsonl"
)

// auditSeg is one segment file.
type auditSeg struct {
	first uint64 // the sequence number its name gives its first line
	path  string
	// Guarded by auditLog.mu:
	size    int64   // bytes of whole lines
	room    int64   // the segment is closed once size reaches it: its zero-filled size, or segBytes
	lines   uint64  // whole lines
	marks   []int64 // offsets of lines 0, markEvery, 2·markEvery, …; nil until counted
	lastOff int64   // offset of the last line
}

// auditLog is the segment files of one store.
type auditLog struct {
	dir      string
	noSync   bool
	segBytes int64 // a segment is closed at this size (segmentBytes)

	wmu      sync.Mutex // one writer: appends and rewrites
	f        *os.File   // the last segment, open for writing; nil before the first append
	buf      []byte
	next     chan error // the zero-filled next segment (nextName) is ready; nil if none is being made
	nextSize int64      // its size
	stuck    error      // a failed write that could not be taken back: no more appends

	mu   sync.Mutex // guards segs and their counts
	segs []*auditSeg
}

func segName(first uint64) string { return fmt.Sprintf("%020d%s", first, segmentExt) }

// openAuditLog opens the log in dir (creating it), removes what a crash
// can leave (an incomplete last line, which was never acknowledged, empty
// segments after the last line, temporary files) and returns the log with
// the entry its last line holds (nil if it has none).
func openAuditLog(dir string, noSync bool) (*auditLog, *graph.AuditEntry, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, nil, err
	}
	des, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, err
	}
	l := &auditLog{dir: dir, noSync: noSync, segBytes: segmentBytes}
	for _, de := range des {
		name := de.Name()
		if strings.HasSuffix(name, ".tmp") {
			if err := os.Remove(filepath.Join(dir, name)); err != nil {
				return nil, nil, err
			}
			continue
		}
		num, ok := strings.CutSuffix(name, segmentExt)
		if !ok || len(num) != 20 || de.IsDir() {
			continue
		}
		first, err := strconv.ParseUint(num, 10, 64)
		if err != nil {
			continue
		}
		l.segs = append(l.segs, &auditSeg{first: first, path: filepath.Join(dir, name), room: segmentBytes})
	}
	slices.SortFunc(l.segs, func(a, b *auditSeg) int { return cmp.Compare(a.first, b.first) })
	// The last segment with a line holds the head; empty segments after it
	// were created by a roll that wrote nothing.
	for len(l.segs) > 0 {
		last := l.segs[len(l.segs)-1]
		cut, err := l.count(last)
		if err != nil {
			return nil, nil, err
		}
		if cut > 0 {
			if err := zeroAt(last.path, last.size, cut); err != nil {
				return nil, nil, err
			}
			fmt.Fprintf(os.Stderr, "takedown store: audit log %s ended in an entry cut short (%d bytes, never acknowledged); removed it\n", last.path, cut)
		}
		if last.lines > 0 {
			break
		}
		if err := os.Remove(last.path); err != nil {
			return nil, nil, err
		}
		l.segs = l.segs[:len(l.segs)-1]
	}
	if len(l.segs) == 0 {
		return l, nil, nil
	}
	last := l.segs[len(l.segs)-1]
	if fi, err := os.Stat(last.path); err == nil && fi.Size() > last.size {
		last.room = fi.Size() // zeros follow its data: it was made for appends in place
	}
	line, err := readAt(last.path, last.lastOff, last.size)
	if err != nil {
		return nil, nil, err
	}
	e, err := parseAuditLine(line, last, last.lines-1)
	if err != nil {
		return nil, nil, err
	}
	return l, e, nil
}

// count reads a segment's lines, up to its first zero byte, and sets its
// marks and counts. It returns how many bytes follow the last whole line
// before the zeros (an entry cut short).
func (l *auditLog) count(s *auditSeg) (int64, error) {
	f, err := os.Open(s.path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	var (
		marks   []int64
		lines   uint64
		off     int64 // of the next byte read
		start   int64 // of the line being read
		lastOff int64
		buf     = make([]byte, 1<<20)
	)
	end := false // at the first zero byte: the zeros a segment is made of
	for !end {
		n, err := f.Read(buf)
		for b := buf[:n]; len(b) > 0; {
			i := bytes.IndexByte(b, '\n')
			line := b
			if i >= 0 {
				line = b[:i]
			}
			if z := bytes.IndexByte(line, 0); z >= 0 {
				off += int64(z)
				end = true
				break
			}
			if i < 0 {
				off += int64(len(b))
				break
			}
			if lines%markEvery == 0 {
				marks = append(marks, start)
			}
			lines++
			lastOff = start
			off += int64(i + 1)
			start = off
			b = b[i+1:]
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, err
		}
	}
	l.mu.Lock()
	s.marks, s.lines, s.size, s.lastOff = marks, lines, start, lastOff
	l.mu.Unlock()
	return off - start, nil
}

func readAt(path string, off, end int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b := make([]byte, end-off)
	_, err = f.ReadAt(b, off)
	return b, err
}

// parseAuditLine decodes line n (from 0) of segment s.
func parseAuditLine(line []byte, s *auditSeg, n uint64) (*graph.AuditEntry, error) {
	e := &graph.AuditEntry{}
	if err := json.Unmarshal(bytes.TrimSuffix(line, []byte("\n")), e); err != nil {
		return nil, graph.Errorf(graph.ECONFLICT, "audit log %s line %d is not an audit entry: %v", s.path, n+1, err)
	}
	return e, nil
}

// append writes the entries' lines as one write and makes them durable.
// Only the store's audit loop calls it.
func (l *auditLog) append(entries []*graph.AuditEntry) error {
	l.wmu.Lock()
	defer l.wmu.Unlock()
	if l.stuck != nil {
		return l.stuck
	}
	if len(entries) == 0 {
		return nil
	}
	buf := l.buf[:0]
	offs := make([]int, 0, len(entries))
	for _, e := range entries {
		b, err := json.Marshal(e)
		if err != nil {
			return err
		}
		offs = append(offs, len(buf))
		buf = append(append(buf, b...), '\n')
	}
	l.buf = buf
	l.mu.Lock()
	var seg *auditSeg
	if n := len(l.segs); n > 0 {
		seg = l.segs[n-1]
	}
	l.mu.Unlock()
	if seg == nil || seg.size >= seg.room {
		if err := l.roll(entries[0].Seq); err != nil {
			return err
		}
		l.mu.Lock()
		seg = l.segs[len(l.segs)-1]
		l.mu.Unlock()
	} else if l.f == nil {
		f, err := os.OpenFile(seg.path, os.O_WRONLY, 0o600)
		if err != nil {
			return err
		}
		l.f = f
		l.prepare()
	}
	_, err := l.f.WriteAt(buf, seg.size)
	if err == nil && !l.noSync {
		err = fdatasync(l.f)
	}
	if err != nil {
		// Take back whatever reached the file, so that no part of this
		// group is read as entries; if that fails too, appends stop here.
		if _, zerr := l.f.WriteAt(make([]byte, len(buf)), seg.size); zerr != nil {
			l.f.Close()
			l.f = nil
			l.stuck = errors.Join(err, zerr, errAuditStuck)
			return l.stuck
		}
		return err
	}
	l.mu.Lock()
	for _, o := range offs {
		if seg.lines%markEvery == 0 {
			seg.marks = append(seg.marks, seg.size+int64(o))
		}
		seg.lines++
		seg.lastOff = seg.size + int64(o)
	}
	seg.size += int64(len(buf))
	l.mu.Unlock()
	return nil
}

var errAuditStuck = errors.New("the audit log could not be restored after a failed write")

func fdatasync(f *os.File) error {
	for {
		err := syscall.Fdatasync(int(f.Fd()))
		if err != syscall.EINTR {
			return err
		}
	}
}

// roll starts a new segment whose first line is entry first: the zero-
// filled next segment renamed (made now if none is on its way), and the
// one before cut to its data.
func (l *auditLog) roll(first uint64) error {
	if l.next == nil {
		l.prepare()
	}
	err := <-l.next
	l.next = nil
	if err != nil {
		return fmt.Errorf("preparing the next audit segment: %w", err)
	}
	path := filepath.Join(l.dir, segName(first))
	if err := os.Rename(filepath.Join(l.dir, nextName), path); err != nil {
		return err
	}
	if err := syncDir(l.dir); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	l.mu.Lock()
	var prev *auditSeg
	if n := len(l.segs); n > 0 {
		prev = l.segs[n-1]
	}
	l.segs = append(l.segs, &auditSeg{first: first, path: path, marks: []int64{}, room: l.nextSize})
	l.mu.Unlock()
	if l.f != nil {
		// The segment before keeps its data, not the zeros after it.
		terr := l.f.Truncate(prev.size)
		if terr == nil && !l.noSync {
			terr = fdatasync(l.f)
		}
		l.f.Close()
		if terr != nil {
			f.Close()
			return terr
		}
	}
	l.f = f
	l.prepare()
	return nil
}

// prepare fills the next segment with zeros and syncs it, in the
// background; roll waits for it.
func (l *auditLog) prepare() {
	if l.next != nil {
		return
	}
	done := make(chan error, 1)
	l.next = done
	l.mu.Lock()
	size := int64(firstSegment)
	if n := len(l.segs); n > 0 {
		size = max(size, 2*l.segs[n-1].room)
	}
	l.mu.Unlock()
	size = min(size, l.segBytes)
	l.nextSize = size
	path, noSync := filepath.Join(l.dir, nextName), l.noSync
	go func() { done <- zeroFile(path, size, noSync) }()
}

var zeros = make([]byte, 1<<20)

// zeroFile writes a file of size zero bytes and syncs it, a MiB at a time:
// in ext4's ordered mode the journal commit of the log's next fdatasync
// waits for the data of every file allocated in it, so a segment written
// whole and synced once held the appends up for as long as its 64 MiB took
// to write (p99 of 71 and 84 ms at 16 connections in one benchmark run,
// bench/RESULTS-http.md); a MiB at a time bounds that wait by a MiB.
func zeroFile(path string, size int64, noSync bool) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	for off := int64(0); off < size && err == nil; off += int64(len(zeros)) {
		if _, err = f.Write(zeros[:min(int64(len(zeros)), size-off)]); err == nil && !noSync {
			err = fdatasync(f)
		}
	}
	if err == nil && !noSync {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// zeroAt overwrites n bytes of a file at off with zeros and syncs it.
func zeroAt(path string, off, n int64) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if _, err = f.WriteAt(make([]byte, n), off); err == nil {
		err = fdatasync(f)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

func (l *auditLog) close() error {
	l.wmu.Lock()
	defer l.wmu.Unlock()
	if l.next != nil {
		<-l.next
		l.next = nil
		// Made again after the next Open, which could not tell a whole one
		// from one a crash cut short.
		if err := os.Remove(filepath.Join(l.dir, nextName)); err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	if l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}

// scan calls fn with the entries from the one numbered after+1, in file
// order, until fn returns false. Entries are found by line: the n-th line
// of a segment is entry first+n as written, so an edited file yields what
// it holds and the chain check finds the break.
func (l *auditLog) scan(after uint64, fn func(*graph.AuditEntry) bool) error {
	l.mu.Lock()
	segs := slices.Clone(l.segs)
	l.mu.Unlock()
	want := after + 1
	i, _ := slices.BinarySearchFunc(segs, want, func(s *auditSeg, w uint64) int { return cmp.Compare(s.first, w) })
	if i == len(segs) || i > 0 && segs[i].first > want {
		i--
	}
	if i < 0 {
		i = 0
	}
	for ; i < len(segs); i++ {
		s := segs[i]
		l.mu.Lock()
		counted := s.marks != nil
		l.mu.Unlock()
		if !counted {
			if _, err := l.count(s); err != nil {
				return err
			}
		}
		l.mu.Lock()
		size, lines, marks := s.size, s.lines, s.marks
		l.mu.Unlock()
		var k uint64 // the first line wanted
		if want > s.first {
			k = want - s.first
		}
		if k >= lines {
			continue
		}
		more, err := l.scanSeg(s, k, lines, marks[k/markEvery], size, fn)
		if err != nil || !more {
			return err
		}
	}
	return nil
}

// scanSeg reads lines k… of s from the mark at off, below size.
func (l *auditLog) scanSeg(s *auditSeg, k, lines uint64, off, size int64, fn func(*graph.AuditEntry) bool) (bool, error) {
	f, err := os.Open(s.path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	r := bufio.NewReaderSize(io.NewSectionReader(f, off, size-off), 64<<10)
	n := k / markEvery * markEvery
	for ; n < lines; n++ {
		line, err := r.ReadBytes('\n')
		if err != nil {
			return false, fmt.Errorf("audit log %s line %d: %w", s.path, n+1, err)
		}
		if n < k {
			continue
		}
		e, err := parseAuditLine(line, s, n)
		if err != nil {
			return false, err
		}
		if !fn(e) {
			return false, nil
		}
	}
	return true, nil
}

// rewrite replaces the line that holds entry seq with e. Only for tests of
// the chain's tamper evidence.
func (l *auditLog) rewrite(seq uint64, e graph.AuditEntry) error {
	l.wmu.Lock()
	defer l.wmu.Unlock()
	l.mu.Lock()
	var s *auditSeg
	for _, c := range l.segs {
		if c.first <= seq {
			s = c
		}
	}
	l.mu.Unlock()
	if s == nil {
		return graph.Errorf(graph.ENOTFOUND, "audit entry %d not found", seq)
	}
	b, err := os.ReadFile(s.path)
	if err != nil {
		return err
	}
	l.mu.Lock()
	b = b[:s.size]
	l.mu.Unlock()
	lines := bytes.SplitAfter(b, []byte("\n"))
	n := seq - s.first
	if n >= uint64(len(lines)) || len(lines[n]) == 0 {
		return graph.Errorf(graph.ENOTFOUND, "audit entry %d not found", seq)
	}
	nb, err := json.Marshal(&e)
	if err != nil {
		return err
	}
	lines[n] = append(nb, '\n')
	tmp := s.path + ".tmp"
	if err := os.WriteFile(tmp, bytes.Join(lines, nil), 0o600); err != nil {
		return err
	}
	if err := os.Rename(tmp, s.path); err != nil {
		return err
	}
	if l.f != nil {
		l.f.Close()
		l.f = nil // reopened by the next append
	}
	_, err = l.count(s)
	return err
}
