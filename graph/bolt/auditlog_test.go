package bolt

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/takedown/takedown/graph"
)

func appendN(t *testing.T, s *Store, from, n int) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, n)
	// Several at a time, so that groups of more than one entry are written.
	for i := from; i < from+n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e := &graph.AuditEntry{Time: time.Unix(int64(i), 0).UTC(), Actor: fmt.Sprintf("actor-%d", i%3),
				Action: "GET /v1/accounts/:id", Entities: []string{fmt.Sprintf("x:%d", i)}, Outcome: "200"}
			errs <- s.AppendAudit(context.Background(), e)
		}()
		if i%16 == 15 {
			wg.Wait()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

// openAppended opens a store in dir and appends n entries.
func openAppended(t *testing.T, dir string, n int) *Store {
	t.Helper()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	appendN(t, s, 0, n)
	return s
}

// allAudit reads the whole log in pages of size page.
func allAudit(t *testing.T, s *Store, page int) []graph.AuditEntry {
	t.Helper()
	var out []graph.AuditEntry
	var after uint64
	for {
		p, err := s.Audit(context.Background(), graph.AuditQuery{After: after, Limit: page})
		if err != nil {
			t.Fatal(err)
		}
		if len(p) == 0 {
			return out
		}
		out = append(out, p...)
		after = p[len(p)-1].Seq
	}
}

func checkChain(t *testing.T, all []graph.AuditEntry, n int) {
	t.Helper()
	if len(all) != n {
		t.Fatalf("%d entries, want %d", len(all), n)
	}
	for i, e := range all {
		if e.Seq != uint64(i+1) {
			t.Fatalf("entry %d has seq %d", i+1, e.Seq)
		}
	}
	if bad, err := graph.VerifyAudit("", all); err != nil {
		t.Fatalf("chain broken at %d: %v", bad, err)
	}
}

func segments(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, auditDirName, "*"+segmentExt))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestAuditLogSegments(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.alog.segBytes = 8 << 10 // about 40 entries a segment
	appendN(t, s, 0, 1500)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	segs := segments(t, dir)
	if len(segs) < 20 {
		t.Fatalf("%d segments, want many", len(segs))
	}
	// Each segment is named by the entry on its first line.
	for _, p := range segs {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var e graph.AuditEntry
		if err := json.Unmarshal(b[:bytes.IndexByte(b, '\n')], &e); err != nil {
			t.Fatal(err)
		}
		if want := filepath.Join(dir, auditDirName, segName(e.Seq)); p != want {
			t.Errorf("segment %s starts with entry %d", p, e.Seq)
		}
	}
	s, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.alog.segBytes = 8 << 10
	appendN(t, s, 1500, 10)
	for _, page := range []int{1, 7, markEvery, 1000} {
		checkChain(t, allAudit(t, s, page), 1510)
	}
	// Every starting point, read back by line marks across segments.
	for after := uint64(0); after < 1510; after += 37 {
		p, err := s.Audit(context.Background(), graph.AuditQuery{After: after, Limit: 3})
		if err != nil || len(p) != 3 || p[0].Seq != after+1 || p[2].Seq != after+3 {
			t.Fatalf("after %d: %v %+v", after, err, p)
		}
	}
	// Filters skip entries without ending the page early.
	var want []uint64
	for _, e := range allAudit(t, s, 1000) {
		if e.Actor == "actor-2" && !e.Time.Before(time.Unix(1000, 0)) && len(want) < 5 {
			want = append(want, e.Seq)
		}
	}
	p, err := s.Audit(context.Background(), graph.AuditQuery{Actor: "actor-2", Since: time.Unix(1000, 0), Limit: 5})
	if err != nil || len(p) != 5 || len(want) != 5 {
		t.Fatalf("filtered page %v %+v, want %v", err, p, want)
	}
	for i := range p {
		if p[i].Seq != want[i] {
			t.Fatalf("filtered page %+v, want entries %v", p, want)
		}
	}
	if seq, hash, err := s.AuditHead(context.Background()); err != nil || seq != 1510 || hash == "" {
		t.Errorf("head %d %q %v", seq, hash, err)
	}
}

func TestAuditLogTornTail(t *testing.T) {
	dir := t.TempDir()
	s := openAppended(t, dir, 20)
	s.Close()
	segs := segments(t, dir)
	last := segs[len(segs)-1]
	before, _ := os.ReadFile(last)
	if len(bytes.TrimRight(before, "\x00")) == len(before) {
		t.Fatal("the segment was not filled with zeros for its appends")
	}
	// What a crash in the middle of a group's write leaves: part of an
	// entry where the zeros were.
	f, err := os.OpenFile(last, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteAt([]byte(`{"seq":21,"time":"2026-`), int64(len(bytes.TrimRight(before, "\x00"))))
	f.Close()
	s, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if after, _ := os.ReadFile(last); !bytes.Equal(after, before) {
		t.Fatalf("the cut entry was not removed: %d bytes, want %d", len(after), len(before))
	}
	appendN(t, s, 20, 5)
	checkChain(t, allAudit(t, s, 10), 25)
}

// cutLastLine removes the log's last entry, as someone hiding it would.
func cutLastLine(t *testing.T, dir string) {
	t.Helper()
	segs := segments(t, dir)
	last := segs[len(segs)-1]
	b, err := os.ReadFile(last)
	if err != nil {
		t.Fatal(err)
	}
	b = bytes.TrimRight(b, "\x00")
	i := bytes.LastIndexByte(b[:len(b)-1], '\n')
	if err := os.WriteFile(last, b[:i+1], 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestAuditLogCutShort(t *testing.T) {
	dir := t.TempDir()
	s := openAppended(t, dir, 30)
	s.Close()
	cutLastLine(t, dir)
	_, err := Open(dir, Options{})
	if graph.ErrorCode(err) != graph.ECONFLICT || !strings.Contains(err.Error(), "ends at entry 29, but the store recorded entry 30") {
		t.Fatalf("open of a log cut short: %v", err)
	}
	s, err = Open(dir, Options{AuditCheck: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if seq, _, _ := s.AuditHead(context.Background()); seq != 30 {
		t.Errorf("head %d, want the recorded 30", seq)
	}
	checkChain(t, allAudit(t, s, 100), 29)
	err = s.AppendAudit(context.Background(), &graph.AuditEntry{Actor: "a", Action: "GET /x", Outcome: "200"})
	if graph.ErrorCode(err) != graph.ECONFLICT {
		t.Errorf("append to a log cut short: %v", err)
	}
}

func TestAuditLogReplacedEntry(t *testing.T) {
	dir := t.TempDir()
	s := openAppended(t, dir, 10)
	all := allAudit(t, s, 100)
	// The last entry replaced by one with a recomputed hash: the chain
	// alone cannot tell, the recorded head can.
	e := all[9]
	e.Outcome = "403"
	graph.ChainAudit(e.PrevHash, &e)
	if err := s.TamperAudit(e); err != nil {
		t.Fatal(err)
	}
	checkChain(t, allAudit(t, s, 100), 10)
	s.Close()
	if _, err := Open(dir, Options{}); graph.ErrorCode(err) != graph.ECONFLICT || !strings.Contains(err.Error(), "does not hold entry 10 as the store recorded it") {
		t.Fatalf("open of a log with its last entry replaced: %v", err)
	}
}

// TestAuditLogAheadOfHead: the head is written after its group is durable;
// a stop between the two leaves the log ahead, which Open accepts.
func TestAuditLogAheadOfHead(t *testing.T) {
	dir := t.TempDir()
	s := openAppended(t, dir, 10)
	all := allAudit(t, s, 100)
	if err := s.putAuditHead(auditHead{Seq: 7, Hash: all[6].Hash}, true); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if seq, hash, _ := s.AuditHead(context.Background()); seq != 10 || hash != all[9].Hash {
		t.Errorf("head %d %q, want entry 10", seq, hash)
	}
	appendN(t, s, 10, 2)
	checkChain(t, allAudit(t, s, 100), 12)
}

// oldStore writes n chained entries the way stores before the log files
// kept them: in the aud bucket, with the head in meta.
func oldStore(t *testing.T, dir string, n int) []graph.AuditEntry {
	t.Helper()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var all []graph.AuditEntry
	var h auditHead
	err = s.kv.update(func(tx *txn) error {
		for i := range n {
			e := graph.AuditEntry{Seq: uint64(i + 1), Time: time.Unix(int64(i), 0).UTC(), Actor: "old", Action: "GET /v1/stats", Outcome: "200"}
			graph.ChainAudit(h.Hash, &e)
			h = auditHead{Seq: e.Seq, Hash: e.Hash}
			b, _ := json.Marshal(&e)
			if err := tx.Bucket(bAud).Put(u64(e.Seq), b); err != nil {
				return err
			}
			all = append(all, e)
		}
		hb, _ := json.Marshal(h)
		return tx.Bucket(bMeta).Put(keyAuditHead, hb)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return all
}

func audBucketLen(t *testing.T, s *Store) int {
	t.Helper()
	n := 0
	s.kv.view(func(tx *txn) error {
		return tx.Bucket(bAud).ForEach(func(k, v []byte) error { n++; return nil })
	})
	return n
}

func TestAuditMovedFromDatabase(t *testing.T) {
	dir := t.TempDir()
	old := oldStore(t, dir, 700)
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := audBucketLen(t, s); n != 0 {
		t.Errorf("%d entries left in the database", n)
	}
	got := allAudit(t, s, 100)
	checkChain(t, got, 700)
	for i := range old {
		if got[i].Hash != old[i].Hash || !got[i].Time.Equal(old[i].Time) {
			t.Fatalf("entry %d moved as %+v, was %+v", i+1, got[i], old[i])
		}
	}
	appendN(t, s, 0, 3)
	checkChain(t, allAudit(t, s, 100), 703)
	s.Close()
	s, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	checkChain(t, allAudit(t, s, 1000), 703)
}

// TestAuditMoveInterrupted: a stop after the segment's rename but before
// the bucket's deletion; the next Open deletes the bucket and keeps one
// copy of each entry.
func TestAuditMoveInterrupted(t *testing.T) {
	dir := t.TempDir()
	oldStore(t, dir, 50)
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	seg, _ := os.ReadFile(segments(t, dir)[0])
	s.Close()
	dir2 := t.TempDir()
	oldStore(t, dir2, 50)
	if err := os.MkdirAll(filepath.Join(dir2, auditDirName), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir2, auditDirName, segName(1)), seg, 0o600); err != nil {
		t.Fatal(err)
	}
	// And a temporary file of a move that stopped earlier.
	if err := os.WriteFile(filepath.Join(dir2, auditDirName, "move.tmp"), seg[:100], 0o600); err != nil {
		t.Fatal(err)
	}
	s, err = Open(dir2, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n := audBucketLen(t, s); n != 0 {
		t.Errorf("%d entries left in the database", n)
	}
	checkChain(t, allAudit(t, s, 100), 50)
	if _, err := os.Stat(filepath.Join(dir2, auditDirName, "move.tmp")); !os.IsNotExist(err) {
		t.Errorf("temporary file left: %v", err)
	}
}

// TestAuditLogReadWhileAppending reads the log in pages while groups are
// appended and segments rolled: every read is a whole prefix of the chain.
func TestAuditLogReadWhileAppending(t *testing.T) {
	s, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.alog.segBytes = 4 << 10
	done := make(chan struct{})
	reads := make(chan int)
	go func() {
		n := 0
		defer func() { reads <- n }()
		for {
			select {
			case <-done:
				return
			default:
			}
			var all []graph.AuditEntry
			var after uint64
			for {
				p, err := s.Audit(context.Background(), graph.AuditQuery{After: after, Limit: 50})
				if err != nil {
					t.Error(err)
					return
				}
				if len(p) == 0 {
					break
				}
				all = append(all, p...)
				after = p[len(p)-1].Seq
			}
			for i, e := range all {
				if e.Seq != uint64(i+1) {
					t.Errorf("read %d: entry %d has seq %d", n, i+1, e.Seq)
					return
				}
			}
			if bad, err := graph.VerifyAudit("", all); err != nil {
				t.Errorf("read %d: chain broken at %d: %v", n, bad, err)
				return
			}
			n++
		}
	}()
	appendN(t, s, 0, 1200)
	close(done)
	if n := <-reads; n < 2 {
		t.Errorf("%d whole reads during the appends", n)
	}
	checkChain(t, allAudit(t, s, 100), 1200)
}

// TestAuditLogWritesInPlace: entries are written over the zeros a segment
// is made of, so its file does not grow while it has room; the next
// segment, twice the size, is made ahead.
func TestAuditLogWritesInPlace(t *testing.T) {
	dir := t.TempDir()
	s := openAppended(t, dir, 10)
	segs := segments(t, dir)
	if len(segs) != 1 {
		t.Fatalf("segments %v", segs)
	}
	size := func() int64 {
		fi, err := os.Stat(segs[0])
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	if got := size(); got != firstSegment {
		t.Errorf("first segment of %d bytes, want %d", got, firstSegment)
	}
	s.Close()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	appendN(t, s, 10, 10)
	if got := size(); got != firstSegment {
		t.Errorf("segment of %d bytes after more entries, want %d", got, firstSegment)
	}
	checkChain(t, allAudit(t, s, 100), 20)
	s.alog.wmu.Lock()
	next := s.alog.next
	s.alog.wmu.Unlock()
	if next == nil {
		t.Fatal("no next segment is being made")
	}
	if err := <-next; err != nil {
		t.Fatal(err)
	}
	next <- nil // for roll or close
	fi, err := os.Stat(filepath.Join(dir, auditDirName, nextName))
	if err != nil || fi.Size() != 2*firstSegment {
		t.Errorf("next segment %v %v, want %d bytes of zeros", fi, err, 2*firstSegment)
	}
	s.Close()
	if _, err := os.Stat(filepath.Join(dir, auditDirName, nextName)); !os.IsNotExist(err) {
		t.Errorf("the next segment is left after Close: %v", err)
	}
}
