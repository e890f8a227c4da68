package bolt

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	json "github.com/goccy/go-json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	"github.com/cockroachdb/pebble"
	"github.com/cockroachdb/pebble/bloom"

	"github.com/takedown/takedown/graph"
)

// Buckets.
var (
	bEnt  = []byte("ent")  // id → entity (entcodec.go)
	bLnk  = []byte("lnk")  // kind, from and to numbers → link state (linkcodec.go)
	bIdn  = []byte("idn")  // identifier key → identifier JSON
	bTok  = []byte("tok")  // search token 0 id → node number (4 bytes, big-endian; filled in by numberTokens in stores written before)
	bAud  = []byte("aud")  // seq (big-endian) → audit entry JSON, in stores written before the audit log files (moved at Open)
	bMeta = []byte("meta") // stats, version, audit head
	bDoc  = []byte("doc")  // one nested bucket per collection
)

// Store is the embedded store: one Pebble database in a data directory,
// with an in-memory adjacency index for traversals.
type Store struct {
	kv     *kv
	dir    string
	x      *index
	wmu    sync.Mutex // one writer at a time for Apply
	open   time.Duration
	stalls *stalls

	auditCh   chan *auditReq
	auditDone chan struct{}
	closeMu   sync.RWMutex
	closed    bool
	alog      *auditLog // the audit trail's files (auditlog.go)
	head      auditHead // the log's last entry; owned by auditLoop after Open
	// auditBroken refuses appends to a log that does not reach its
	// recorded head (opened with Options.AuditCheck).
	auditBroken error

	// The ranks of the account ids (rank.go).
	noRanks bool
	ranks   atomic.Pointer[[]uint32]
	ranking atomic.Bool
	rankWG  sync.WaitGroup
}

// Options configure Open.
type Options struct {
	// NoSync skips fsync on commit. Only for benchmarks of the write path;
	// acknowledged writes may then be lost on power failure.
	NoSync bool
	// EntityCacheBytes sizes the cache of recently read entities (see
	// rowCache): 0 is DefaultEntityCacheBytes, negative turns it off.
	EntityCacheBytes int
	// NoIDRanks leaves the account ids unranked (rank.go), so that walks
	// order ties by reading ids: for comparing the two.
	NoIDRanks bool
	// AuditCheck opens a store whose audit log does not reach the head the
	// store recorded (entries removed from its end), so that the log can be
	// read and checked; appends to it are refused. Without it Open fails on
	// such a log.
	AuditCheck bool
}

// Open opens (creating if needed) the store in dir and loads its index.
func Open(dir string, opt Options) (*Store, error) {
	t0 := time.Now()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, graph.Internal(err)
	}
	cache := pebble.NewCache(128 << 20)
	defer cache.Unref()
	// Bloom filters let point reads (entities, links, identifiers) skip the
	// files that cannot hold the key; without them a read on a large store
	// seeks in every level.
	levels := make([]pebble.LevelOptions, 7)
	for i := range levels {
		levels[i] = pebble.LevelOptions{FilterPolicy: bloom.FilterPolicy(10), FilterType: pebble.TableFilter}
	}
	st := &stalls{}
	db, err := pebble.Open(filepath.Join(dir, "graph"), &pebble.Options{
		EventListener: &pebble.EventListener{
			WriteStallBegin: func(pebble.WriteStallBeginInfo) { st.begin() },
			WriteStallEnd:   st.end,
		},
		Levels:                      levels,
		Cache:                       cache,
		MemTableSize:                64 << 20,
		MemTableStopWritesThreshold: 4,
		L0CompactionThreshold:       8,
		L0StopWritesThreshold:       48,
		LBaseMaxBytes:               256 << 20,
		MaxConcurrentCompactions:    func() int { return 2 },
		Logger:                      quietLogger{},
		DisableWAL:                  false,
	})
	if err != nil {
		if strings.Contains(err.Error(), "lock") || errors.Is(err, syscall.EAGAIN) || errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, graph.Errorf(graph.ECONFLICT, "data directory %s is in use by another process", dir)
		}
		return nil, graph.Internal(fmt.Errorf("open %s: %w", dir, err))
	}
	rows := opt.EntityCacheBytes
	if rows == 0 {
		rows = DefaultEntityCacheBytes
	}
	s := &Store{kv: &kv{db: db, noSync: opt.NoSync, rows: newRowCache(rows)}, dir: dir, stalls: st, x: newIndex(), auditCh: make(chan *auditReq, 256), auditDone: make(chan struct{}), noRanks: opt.NoIDRanks}
	if err := s.load(); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.numberTokens(); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.openAudit(opt); err != nil {
		db.Close()
		return nil, err
	}
	go s.auditLoop()
	s.open = time.Since(t0)
	return s, nil
}

type quietLogger struct{}

func (quietLogger) Infof(string, ...any) {}
func (quietLogger) Errorf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "takedown store: "+format+"\n", args...)
}
func (quietLogger) Fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "takedown store: "+format+"\n", args...)
	os.Exit(1)
}

// DiskSize is the size of the data directory in bytes.
func (s *Store) DiskSize() int64 {
	var n int64
	filepath.WalkDir(s.dir, func(_ string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

// stalls adds up the time writes waited for compactions to catch up.
type stalls struct {
	mu    sync.Mutex
	since time.Time
	total time.Duration
	n     int
}

func (s *stalls) begin() {
	s.mu.Lock()
	s.since = time.Now()
	s.n++
	s.mu.Unlock()
}

func (s *stalls) end() {
	s.mu.Lock()
	if !s.since.IsZero() {
		s.total += time.Since(s.since)
		s.since = time.Time{}
	}
	s.mu.Unlock()
}

// WriteStalls reports how often and for how long writes have waited for
// the store's compactions since Open.
func (s *Store) WriteStalls() (int, time.Duration) {
	s.stalls.mu.Lock()
	defer s.stalls.mu.Unlock()
	return s.stalls.n, s.stalls.total
}

// OpenTime is how long Open took, index load included.
func (s *Store) OpenTime() time.Duration { return s.open }

// Dir is the data directory.
func (s *Store) Dir() string { return s.dir }

// Close closes the database; acknowledged writes are already durable.
func (s *Store) Close() error {
	s.closeMu.Lock()
	if s.closed {
		s.closeMu.Unlock()
		return nil
	}
	s.closed = true
	close(s.auditCh)
	s.closeMu.Unlock()
	<-s.auditDone
	aerr := s.alog.close()
	s.rankWG.Wait()
	s.wmu.Lock()
	defer s.wmu.Unlock()
	// Flush the memtable so the next open need not replay the log.
	ferr := s.kv.db.Flush()
	if err := s.kv.db.Close(); err != nil {
		return graph.Internal(err)
	}
	if ferr != nil {
		return graph.Internal(ferr)
	}
	if aerr != nil {
		return graph.Internal(aerr)
	}
	return nil
}

// load rebuilds the in-memory index from the index journal: the node
// summaries on this core, the links on another.
func (s *Store) load() error {
	x := s.x
	return s.kv.view(func(tx *txn) error {
		m, err := readMeta(tx)
		if err != nil {
			return err
		}
		if m.Format != storeFormat && m.Version > 0 {
			return graph.Errorf(graph.ECONFLICT, "data directory %s holds store format %d; this version reads format %d: ingest the source files into a new data directory", s.dir, m.Format, storeFormat)
		}
		n := m.Stats.Accounts + m.Stats.Pages + m.Stats.Posts + m.Stats.Identifiers
		x.reserve(n)
		x.names = make([]span, 0, n)
		x.nodes = make([]nodeRec, 0, n)
		type lk struct {
			kind     uint8
			from, to uint32
		}
		links := make([]lk, 0, m.Stats.Links)
		adjDone := make(chan error, 1)
		lc := tx.Bucket(bJrn).Cursor() // opened here: txn is not safe for concurrent use
		go func() {
			for k, v := lc.First(); k != nil; k, v = lc.Next() {
				_, sec, err := journalSections(v)
				if err != nil {
					adjDone <- err
					return
				}
				for ; len(sec) >= 9; sec = sec[9:] {
					kind, from, to, _ := splitLinkKey(sec[:9])
					links = append(links, lk{kind, from, to})
				}
			}
			adjDone <- nil
		}()
		err = tx.Bucket(bJrn).ForEach(func(_, v []byte) error {
			sec, _, err := journalSections(v)
			if err != nil {
				return err
			}
			return eachJournalNode(sec, func(id, sum []byte) error {
				sm, ok := decodeSummary(sum)
				if !ok {
					return graph.Internal(fmt.Errorf("corrupt node summary for %q", id))
				}
				x.put(unsafe.String(unsafe.SliceData(id), len(id)), sm) // put copies the id
				return nil
			})
		})
		if aerr := <-adjDone; err == nil {
			err = aerr
		}
		if err != nil {
			return err
		}
		// Count degrees first, then lay the lists out in one slab.
		deg := make([]uint32, x.size())
		for _, l := range links {
			if int(l.from) >= len(deg) || int(l.to) >= len(deg) {
				return graph.Internal(fmt.Errorf("index journal names node %d of %d", max(l.from, l.to), len(deg)))
			}
			deg[l.from]++
			if l.from != l.to {
				deg[l.to]++
			}
		}
		var total uint32
		for i, d := range deg {
			x.adjOff[i], x.adjCap[i], x.adjLen[i] = total, d, 0
			total += d
		}
		x.slab = make([]edge, total)
		for _, l := range links {
			x.slab[x.adjOff[l.from]+x.adjLen[l.from]] = edge{to: int32(l.to), kind: l.kind, out: true, tk: x.nodes[l.to].kind}
			x.adjLen[l.from]++
			if l.from != l.to {
				x.slab[x.adjOff[l.to]+x.adjLen[l.to]] = edge{to: int32(l.from), kind: l.kind, out: false, tk: x.nodes[l.from].kind}
				x.adjLen[l.to]++
			}
		}
		return nil
	})
}

// linkKey is a link's key: its kind and the numbers of its ends in the
// index (fixed when a node is created), nine bytes.
func linkKey(kind uint8, from, to uint32) []byte {
	b := make([]byte, 9)
	b[0] = kind
	binary.BigEndian.PutUint32(b[1:], from)
	binary.BigEndian.PutUint32(b[5:], to)
	return b
}

func splitLinkKey(k []byte) (kind uint8, from, to uint32, ok bool) {
	if len(k) != 9 {
		return 0, 0, 0, false
	}
	return k[0], binary.BigEndian.Uint32(k[1:]), binary.BigEndian.Uint32(k[5:]), true
}

// storedLink is a link state as kept on disk, observations included.
type storedLink struct {
	graph.LinkState
	Observed []string `json:"obs"`
}

// meta is the running counts kept in the meta bucket.
type meta struct {
	Stats   graph.Stats `json:"stats"`
	Version uint64      `json:"version"`
	Format  int         `json:"format,omitempty"`
	// Tokens is tokensNumbered once every search token holds its account's
	// node number: from a store's first batch, or after numberTokens.
	Tokens int `json:"tokens,omitempty"`
}

const tokensNumbered = 1

var keyMeta = []byte("stats")

func readMeta(tx *txn) (*meta, error) {
	m := &meta{}
	if v := tx.Bucket(bMeta).Get(keyMeta); v != nil {
		if err := json.Unmarshal(v, m); err != nil {
			return nil, err
		}
	}
	if m.Stats.Status == nil {
		m.Stats.Status = map[graph.Status]int{}
	}
	if m.Stats.Platform == nil {
		m.Stats.Platform = map[string]int{}
	}
	return m, nil
}

func (m *meta) count(e *graph.Entity, d int) { m.Stats.Count(e, d) }

func tokKey(tok, id string) []byte {
	b := make([]byte, 0, len(tok)+len(id)+1)
	b = append(b, tok...)
	b = append(b, 0)
	return append(b, id...)
}

// pending is the in-memory change of one Apply, installed in the index
// after the transaction commits.
type pending struct {
	nodes []struct {
		id string
		s  summary
	}
	links []struct {
		kind     uint8
		from, to uint32 // node numbers
	}
	entities []string // ids of the entities written
}

// Apply writes a batch atomically in one Pebble batch, fsynced before
// it returns.
func (s *Store) Apply(ctx context.Context, b *graph.Batch) (graph.ApplyResult, error) {
	var res graph.ApplyResult
	if err := ctx.Err(); err != nil {
		return res, err
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	var p pending
	err := s.kv.update(func(tx *txn) error {
		p = pending{}
		res = graph.ApplyResult{}
		if err := s.apply(tx, b, &res, &p); err != nil {
			return err
		}
		s.kv.rows.drop(p.entities) // before the commit, and again after it
		return nil
	})
	s.kv.rows.drop(p.entities)
	if err != nil {
		var ge *graph.Error
		if errors.As(err, &ge) {
			return graph.ApplyResult{}, ge
		}
		return graph.ApplyResult{}, graph.Internal(err)
	}
	x := s.x
	x.mu.Lock()
	for _, n := range p.nodes {
		x.put(n.id, n.s)
	}
	for _, l := range p.links {
		x.link(l.kind, int32(l.from), int32(l.to))
	}
	x.mu.Unlock()
	return res, nil
}

func (s *Store) apply(tx *txn, b *graph.Batch, res *graph.ApplyResult, p *pending) error {
	// Only entities, links and the meta are read back within a batch.
	ent := tx.Bucket(bEnt)
	lnk, idn, tok := tx.BlindBucket(bLnk), tx.BlindBucket(bIdn), tx.BlindBucket(bTok)
	var jr journal
	m, err := readMeta(tx)
	if err != nil {
		return err
	}
	changed := false
	// known reports whether a node existed before this batch. Only Apply
	// changes the index, and it holds s.wmu, so reading it here is safe.
	known := func(id string) bool { _, ok := s.x.lookup(id); return ok }
	nb := len(b.Entities) + len(b.Links)
	fresh := make(map[string]bool, nb)  // nodes this batch creates
	nums := make(map[string]uint32, nb) // the numbers of nodes this batch names
	created := 0                        // of which new, numbered in creation order
	numOf := func(id string) uint32 {
		if n, ok := nums[id]; ok {
			return n
		}
		n := uint32(s.x.size() + created)
		if i, ok := s.x.lookup(id); ok {
			n = uint32(i)
		} else {
			created++
		}
		nums[id] = n
		return n
	}
	wroteLink := make(map[string]*storedLink, len(b.Links)) // links this batch wrote, as written
	journaled := map[string]bool{}                          // nodes this batch journaled
	// kinds of nodes touched in this batch, so links see entities of the
	// same batch without re-reading them.
	kinds := make(map[string]summary, nb)
	putEntity := func(e *graph.Entity) error {
		cur := &graph.Entity{}
		var old *graph.Entity
		var v []byte
		if _, inBatch := kinds[e.ID]; inBatch || known(e.ID) {
			v = ent.Get([]byte(e.ID))
		}
		if v != nil {
			if err := decodeEntity(v, cur); err != nil {
				return err
			}
			if !cur.Placeholder && !e.Placeholder && cur.Kind != e.Kind {
				return graph.Errorf(graph.ECONFLICT, "id %q is already a %s, not a %s", e.ID, cur.Kind, e.Kind)
			}
			if e.Placeholder && !slices.Contains(allowedFor(e), cur.Kind) && !cur.Placeholder {
				return graph.Errorf(graph.ECONFLICT, "id %q is a %s, not a %s", e.ID, cur.Kind, e.Kind)
			}
			o := *cur
			old = &o
			old.Media, old.Sources, old.Props = slices.Clone(cur.Media), slices.Clone(cur.Sources), maps.Clone(cur.Props)
			cur.Merge(e)
		} else {
			*cur = *e
			if cur.Status == "" {
				cur.Status = graph.StatusUnknown
			}
			if e.Placeholder {
				res.Placeholders++
			}
			fresh[e.ID] = true
		}
		nb := encodeEntity(cur)
		if old != nil {
			if bytes.Equal(encodeEntity(old), nb) {
				kinds[e.ID] = summarize(cur)
				return nil
			}
		}
		changed = true
		if err := ent.Put([]byte(e.ID), nb); err != nil {
			return err
		}
		p.entities = append(p.entities, e.ID)
		sm := summarize(cur)
		sm.num = numOf(e.ID)
		kinds[e.ID] = sm
		if i, ok := s.x.lookup(e.ID); !ok || s.x.node(i) != sm || journaled[e.ID] {
			journaled[e.ID] = true
			jr.node(e.ID, sm)
			p.nodes = append(p.nodes, struct {
				id string
				s  summary
			}{e.ID, sm})
		}
		m.count(old, -1)
		m.count(cur, 1)
		if !e.Placeholder {
			switch cur.Kind {
			case graph.KindAccount:
				res.Accounts++
			case graph.KindPage:
				res.Pages++
			case graph.KindPost:
				res.Posts++
			}
		}
		var oldTok []string
		if old != nil {
			oldTok = graph.SearchTokens(old)
		}
		newTok := graph.SearchTokens(cur)
		// A token's value is the account's node number (fixed when the node
		// is made), so that search need not look the id up; tokens written
		// before values were kept are empty, and search looks those up.
		var num [4]byte
		binary.BigEndian.PutUint32(num[:], numOf(e.ID))
		for _, t := range oldTok {
			if !slices.Contains(newTok, t) {
				if err := tok.Delete(tokKey(t, e.ID)); err != nil {
					return err
				}
			}
		}
		for _, t := range newTok {
			if !slices.Contains(oldTok, t) {
				if err := tok.Put(tokKey(t, e.ID), num[:]); err != nil {
					return err
				}
			}
		}
		return nil
	}
	for i := range b.Entities {
		if err := putEntity(&b.Entities[i]); err != nil {
			return err
		}
	}
	// ensure returns the kind of an endpoint, creating a placeholder if the
	// id is unknown.
	ensure := func(id string, allowed []graph.NodeKind) error {
		sm, ok := kinds[id]
		if !ok {
			if i, found := s.x.lookup(id); found {
				sm, ok = s.x.node(i), true
				kinds[id] = sm
			}
		}
		if !ok {
			return putEntity(&graph.Entity{ID: id, Kind: allowed[0], Placeholder: true, Status: graph.StatusUnknown})
		}
		if !slices.Contains(allowed, kindName[sm.kind]) {
			return graph.Errorf(graph.ECONFLICT, "id %q is a %s, which a link of this kind cannot join", id, kindName[sm.kind])
		}
		return nil
	}
	for i := range b.Links {
		l := &b.Links[i]
		rule, ok := graph.LinkRules[l.Kind]
		if !ok {
			return graph.Errorf(graph.EINVALID, "unknown link kind %q", l.Kind)
		}
		if err := ensure(l.From, rule.From); err != nil {
			return err
		}
		if l.Kind == graph.LinkUses {
			if l.Ident == nil {
				return graph.Errorf(graph.EINVALID, "uses link from %q has no identifier", l.From)
			}
			key := l.Ident.Key()
			l.To = key
			if _, ok := kinds[key]; !ok {
				if !known(key) {
					fresh[key] = true
					ib, _ := json.Marshal(l.Ident)
					if err := idn.Put([]byte(key), ib); err != nil {
						return err
					}
					sm := summary{kind: kIdent, num: numOf(key)}
					jr.node(key, sm)
					p.nodes = append(p.nodes, struct {
						id string
						s  summary
					}{key, sm})
					m.Stats.Identifiers++
					res.Identifiers++
					changed = true
				}
				kinds[key] = summary{kind: kIdent}
			}
		} else if err := ensure(l.To, rule.To); err != nil {
			return err
		}
		fn, tn := numOf(l.From), numOf(l.To)
		k := linkKey(linkCode[l.Kind], fn, tn)
		st := storedLink{}
		isNew := true
		switch {
		case wroteLink[string(k)] != nil:
			// written earlier in this batch
			st, isNew = *wroteLink[string(k)], false
		case fresh[l.From] || fresh[l.To]:
			// a link to a node this batch creates is new
		case !s.x.linked(linkCode[l.Kind], int32(fn), int32(tn)):
			// both ends existed and the index has no such link: it is new
		default:
			if v := lnk.Get(k); v != nil {
				if err := decodeLink(l.Kind, l.From, l.To, v, &st); err != nil {
					return err
				}
				isNew = false
			}
		}
		st.LinkState.Observed = st.Observed
		before := st.Count
		st.Observe(l)
		if !isNew && st.Count == before {
			continue
		}
		st.Observed = st.LinkState.Observed
		if err := lnk.Put(k, st.encode()); err != nil {
			return err
		}
		changed = true
		res.Links++
		wroteLink[string(k)] = &st
		if isNew {
			jr.link(linkCode[l.Kind], fn, tn)
			m.Stats.Links++
			p.links = append(p.links, struct {
				kind     uint8
				from, to uint32
			}{linkCode[l.Kind], fn, tn})
		}
	}
	if !changed {
		return nil
	}
	if m.Version == 0 {
		m.Tokens = tokensNumbered
	}
	m.Version++
	m.Format = storeFormat
	if !jr.empty() {
		if err := tx.BlindBucket(bJrn).Put(u64(m.Version), jr.encode()); err != nil {
			return err
		}
	}
	return putMeta(tx, m)
}

// putMeta writes the store's meta in a read-write transaction.
func putMeta(tx *txn, m *meta) error {
	mb, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return tx.Bucket(bMeta).Put(keyMeta, mb)
}

// allowedFor is the kinds a placeholder's id may already have.
func allowedFor(e *graph.Entity) []graph.NodeKind {
	switch e.Kind {
	case graph.KindAccount:
		return []graph.NodeKind{graph.KindAccount, graph.KindPost}
	}
	return []graph.NodeKind{e.Kind}
}

// Settle waits until the store has had no flush or compaction running for
// a second, as after a bulk load, so that what follows is measured on a
// store at rest. It returns early with ctx's error.
func (s *Store) Settle(ctx context.Context) error {
	quiet := 0
	for quiet < 5 {
		m := s.kv.db.Metrics()
		if m.Compact.NumInProgress == 0 && m.Flush.NumInProgress == 0 {
			quiet++
		} else {
			quiet = 0
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
	return nil
}
