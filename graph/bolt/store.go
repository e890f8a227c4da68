package bolt

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	bbolt "go.etcd.io/bbolt"

	"github.com/takedown/takedown/graph"
)

// Buckets.
var (
	bEnt  = []byte("ent")  // id → entity JSON
	bNod  = []byte("nod")  // id → node summary (also identifiers)
	bLnk  = []byte("lnk")  // kind 0 from 0 to → link state JSON
	bIdn  = []byte("idn")  // identifier key → identifier JSON
	bTok  = []byte("tok")  // search token 0 id → empty
	bAud  = []byte("aud")  // seq (big-endian) → audit entry JSON
	bMeta = []byte("meta") // stats, version, audit head
	bDoc  = []byte("doc")  // one nested bucket per collection
)

// FileName is the database file inside the data directory.
const FileName = "takedown.db"

// Store is the embedded store: one bbolt file in a data directory, with an
// in-memory adjacency index for traversals.
type Store struct {
	db   *bbolt.DB
	dir  string
	x    *index
	wmu  sync.Mutex // one writer at a time for Apply
	open time.Duration
}

// Options configure Open.
type Options struct {
	// NoSync skips fsync on commit. Only for benchmarks of the write path;
	// acknowledged writes may then be lost on power failure.
	NoSync bool
}

// Open opens (creating if needed) the store in dir and loads its index.
func Open(dir string, opt Options) (*Store, error) {
	t0 := time.Now()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, graph.Internal(err)
	}
	db, err := bbolt.Open(filepath.Join(dir, FileName), 0o600, &bbolt.Options{
		Timeout:      2 * time.Second,
		FreelistType: bbolt.FreelistMapType,
		NoSync:       opt.NoSync,
	})
	if err != nil {
		if errors.Is(err, bbolt.ErrTimeout) {
			return nil, graph.Errorf(graph.ECONFLICT, "data directory %s is in use by another process", dir)
		}
		return nil, graph.Internal(fmt.Errorf("open %s: %w", dir, err))
	}
	s := &Store{db: db, dir: dir, x: newIndex()}
	if err := db.Update(func(tx *bbolt.Tx) error {
		for _, b := range [][]byte{bEnt, bNod, bLnk, bIdn, bTok, bAud, bMeta, bDoc} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		docs := tx.Bucket(bDoc)
		for _, c := range graph.Collections {
			if _, err := docs.CreateBucketIfNotExists([]byte(c)); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		db.Close()
		return nil, graph.Internal(err)
	}
	if err := s.load(); err != nil {
		db.Close()
		return nil, err
	}
	s.open = time.Since(t0)
	return s, nil
}

// OpenTime is how long Open took, index load included.
func (s *Store) OpenTime() time.Duration { return s.open }

// Dir is the data directory.
func (s *Store) Dir() string { return s.dir }

// Close closes the database.
func (s *Store) Close() error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	return s.db.Close()
}

// load rebuilds the adjacency index from node summaries and link keys.
func (s *Store) load() error {
	x := s.x
	return s.db.View(func(tx *bbolt.Tx) error {
		nod := tx.Bucket(bNod)
		n := nod.Stats().KeyN
		x.ids = make(map[string]int32, n)
		x.names = make([]string, 0, n)
		x.nodes = make([]summary, 0, n)
		x.adj = make([][]edge, 0, n)
		if err := nod.ForEach(func(k, v []byte) error {
			sm, ok := decodeSummary(v, x.intern)
			if !ok {
				return graph.Internal(fmt.Errorf("corrupt node summary for %q", k))
			}
			x.put(string(k), sm)
			return nil
		}); err != nil {
			return err
		}
		// Count degrees first so each adjacency list is allocated once.
		deg := make([]int32, len(x.names))
		type lk struct {
			kind     uint8
			from, to int32
		}
		var links []lk
		err := tx.Bucket(bLnk).ForEach(func(k, _ []byte) error {
			kind, from, to, ok := splitLinkKey(k)
			if !ok {
				return nil
			}
			f, ok1 := x.ids[from]
			t, ok2 := x.ids[to]
			if !ok1 || !ok2 {
				return nil
			}
			links = append(links, lk{linkCode[graph.LinkKind(kind)], f, t})
			deg[f]++
			if f != t {
				deg[t]++
			}
			return nil
		})
		if err != nil {
			return err
		}
		for i, d := range deg {
			if d > 0 {
				x.adj[i] = make([]edge, 0, d)
			}
		}
		for _, l := range links {
			x.adj[l.from] = append(x.adj[l.from], edge{to: l.to, kind: l.kind, out: true})
			if l.from != l.to {
				x.adj[l.to] = append(x.adj[l.to], edge{to: l.from, kind: l.kind, out: false})
			}
		}
		return nil
	})
}

func linkKey(kind graph.LinkKind, from, to string) []byte {
	b := make([]byte, 0, len(kind)+len(from)+len(to)+2)
	b = append(b, kind...)
	b = append(b, 0)
	b = append(b, from...)
	b = append(b, 0)
	return append(b, to...)
}

func splitLinkKey(k []byte) (kind, from, to string, ok bool) {
	i := bytes.IndexByte(k, 0)
	if i < 0 {
		return
	}
	j := bytes.IndexByte(k[i+1:], 0)
	if j < 0 {
		return
	}
	return string(k[:i]), string(k[i+1 : i+1+j]), string(k[i+2+j:]), true
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
}

var keyMeta = []byte("stats")

func readMeta(tx *bbolt.Tx) (*meta, error) {
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

func (m *meta) count(e *graph.Entity, d int) {
	if e == nil {
		return
	}
	switch e.Kind {
	case graph.KindAccount:
		m.Stats.Accounts += d
		st := e.Status
		if st == "" {
			st = graph.StatusUnknown
		}
		m.Stats.Status[st] += d
		if m.Stats.Status[st] == 0 {
			delete(m.Stats.Status, st)
		}
		if e.Platform != "" {
			m.Stats.Platform[e.Platform] += d
			if m.Stats.Platform[e.Platform] == 0 {
				delete(m.Stats.Platform, e.Platform)
			}
		}
	case graph.KindPage:
		m.Stats.Pages += d
	case graph.KindPost:
		m.Stats.Posts += d
	}
}

// tokens are the search tokens of an account: its handle, the parts of the
// handle, and the words of its name, lower-cased.
func tokens(e *graph.Entity) []string {
	if e.Kind != graph.KindAccount {
		return nil
	}
	var out []string
	add := func(s string) {
		s = strings.ToLower(strings.TrimSpace(s))
		if s != "" && len(s) < 200 {
			out = append(out, s)
		}
	}
	add(strings.TrimPrefix(e.Handle, "@"))
	split := func(s string) {
		for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			add(w)
		}
	}
	split(e.Handle)
	add(e.Name)
	split(e.Name)
	slices.Sort(out)
	return slices.Compact(out)
}

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
		from, to string
	}
}

// Apply writes a batch atomically in one bbolt transaction, fsynced before
// it returns.
func (s *Store) Apply(ctx context.Context, b *graph.Batch) (graph.ApplyResult, error) {
	var res graph.ApplyResult
	if err := ctx.Err(); err != nil {
		return res, err
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	var p pending
	err := s.db.Update(func(tx *bbolt.Tx) error {
		p = pending{}
		res = graph.ApplyResult{}
		return s.apply(tx, b, &res, &p)
	})
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
		x.link(l.kind, l.from, l.to)
	}
	x.mu.Unlock()
	return res, nil
}

func (s *Store) apply(tx *bbolt.Tx, b *graph.Batch, res *graph.ApplyResult, p *pending) error {
	ent, nod, lnk, idn, tok := tx.Bucket(bEnt), tx.Bucket(bNod), tx.Bucket(bLnk), tx.Bucket(bIdn), tx.Bucket(bTok)
	m, err := readMeta(tx)
	if err != nil {
		return err
	}
	changed := false
	// kinds of nodes touched in this batch, so links see entities of the
	// same batch without re-reading them.
	kinds := map[string]summary{}
	putEntity := func(e *graph.Entity) error {
		cur := &graph.Entity{}
		var old *graph.Entity
		if v := ent.Get([]byte(e.ID)); v != nil {
			if err := json.Unmarshal(v, cur); err != nil {
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
			old.Media, old.Sources = slices.Clone(cur.Media), slices.Clone(cur.Sources)
			cur.Merge(e)
		} else {
			*cur = *e
			if cur.Status == "" {
				cur.Status = graph.StatusUnknown
			}
			if e.Placeholder {
				res.Placeholders++
			}
		}
		nb, err := json.Marshal(cur)
		if err != nil {
			return err
		}
		if old != nil {
			ob, _ := json.Marshal(old)
			if bytes.Equal(ob, nb) {
				kinds[e.ID] = summarize(cur)
				return nil
			}
		}
		changed = true
		if err := ent.Put([]byte(e.ID), nb); err != nil {
			return err
		}
		sm := summarize(cur)
		if err := nod.Put([]byte(e.ID), sm.encode()); err != nil {
			return err
		}
		kinds[e.ID] = sm
		p.nodes = append(p.nodes, struct {
			id string
			s  summary
		}{e.ID, sm})
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
			oldTok = tokens(old)
		}
		newTok := tokens(cur)
		for _, t := range oldTok {
			if !slices.Contains(newTok, t) {
				if err := tok.Delete(tokKey(t, e.ID)); err != nil {
					return err
				}
			}
		}
		for _, t := range newTok {
			if !slices.Contains(oldTok, t) {
				if err := tok.Put(tokKey(t, e.ID), nil); err != nil {
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
			if v := nod.Get([]byte(id)); v != nil {
				sm, _ = decodeSummary(v, func(s string) string { return s })
				kinds[id] = sm
				ok = true
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
				if v := idn.Get([]byte(key)); v == nil {
					ib, _ := json.Marshal(l.Ident)
					if err := idn.Put([]byte(key), ib); err != nil {
						return err
					}
					sm := summary{kind: kIdent}
					if err := nod.Put([]byte(key), sm.encode()); err != nil {
						return err
					}
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
		k := linkKey(l.Kind, l.From, l.To)
		st := storedLink{}
		isNew := true
		if v := lnk.Get(k); v != nil {
			if err := json.Unmarshal(v, &st); err != nil {
				return err
			}
			isNew = false
		}
		st.LinkState.Observed = st.Observed
		before := st.Count
		st.Observe(l)
		if !isNew && st.Count == before {
			continue
		}
		st.Observed = st.LinkState.Observed
		vb, err := json.Marshal(&st)
		if err != nil {
			return err
		}
		if err := lnk.Put(k, vb); err != nil {
			return err
		}
		changed = true
		res.Links++
		if isNew {
			m.Stats.Links++
			p.links = append(p.links, struct {
				kind     uint8
				from, to string
			}{linkCode[l.Kind], l.From, l.To})
		}
	}
	if !changed {
		return nil
	}
	m.Version++
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

func u64(n uint64) []byte { return binary.BigEndian.AppendUint64(nil, n) }
