package bolt

import (
	"bytes"
	"cmp"
	"context"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	json "github.com/goccy/go-json"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/graph/ident"
)

const maxPostsInView = 50

// Entity returns one entity with its identifiers, link counts and, for an
// account, its latest posts.
func (s *Store) Entity(ctx context.Context, id string) (*graph.EntityView, error) {
	v := &graph.EntityView{LinkCounts: map[graph.LinkKind]graph.LinkCounts{}, Identifiers: []graph.IdentifierUse{}}
	err := s.kv.view(func(tx *txn) error {
		raw := s.entity(tx, []byte(id))
		if raw == nil {
			return graph.Errorf(graph.ENOTFOUND, "%q not found", id)
		}
		if err := decodeEntity(raw, &v.Entity); err != nil {
			return err
		}
		x := s.x
		x.mu.RLock()
		i, ok := x.lookup(id)
		var edges []edge
		if ok {
			edges = slices.Clone(x.edges(i))
		}
		var posts []string
		type identRef struct {
			key, via     string
			owner, ident uint32 // numbers: the link is owner uses ident
		}
		var idents []identRef
		for _, e := range edges {
			lc := v.LinkCounts[linkName(e.kind)]
			if e.out {
				lc.Out++
			} else {
				lc.In++
			}
			v.LinkCounts[linkName(e.kind)] = lc
			if e.out && e.kind == lUses {
				idents = append(idents, identRef{key: x.name(e.to), owner: uint32(i), ident: uint32(e.to)})
			}
			if e.out && e.kind == lAuthored {
				posts = append(posts, x.name(e.to))
				for _, pe := range x.edges(e.to) {
					if pe.out && pe.kind == lUses {
						idents = append(idents, identRef{key: x.name(pe.to), via: x.name(e.to), owner: uint32(e.to), ident: uint32(pe.to)})
					}
				}
			}
		}
		x.mu.RUnlock()
		lnk, idn := tx.Bucket(bLnk), tx.Bucket(bIdn)
		seen := map[string]int{}
		for _, r := range idents {
			var idf graph.Identifier
			if b := idn.Get([]byte(r.key)); b == nil || json.Unmarshal(b, &idf) != nil {
				continue
			}
			owner := id
			if r.via != "" {
				owner = r.via
			}
			var st storedLink
			if b := lnk.Get(linkKey(lUses, r.owner, r.ident)); b != nil {
				_ = decodeLink(graph.LinkUses, owner, r.key, b, &st)
			}
			seenIn := st.Seen
			if r.via != "" {
				seenIn = []string{"post " + r.via}
			}
			if j, dup := seen[r.key]; dup {
				v.Identifiers[j].Seen = graph.Union(v.Identifiers[j].Seen, seenIn)
				continue
			}
			seen[r.key] = len(v.Identifiers)
			v.Identifiers = append(v.Identifiers, graph.IdentifierUse{Identifier: idf, Via: r.via, Seen: graph.Union(nil, seenIn)})
		}
		if len(posts) > 500 {
			posts = posts[len(posts)-500:]
		}
		for _, p := range posts {
			var e graph.Entity
			if b := s.entity(tx, []byte(p)); b != nil && decodeEntity(b, &e) == nil {
				v.Posts = append(v.Posts, e)
			}
		}
		slices.SortFunc(v.Posts, func(a, b graph.Entity) int {
			return cmp.Or(b.PostedAt.Compare(a.PostedAt), cmp.Compare(a.ID, b.ID))
		})
		if len(v.Posts) > maxPostsInView {
			v.Posts = v.Posts[:maxPostsInView]
		}
		return nil
	})
	if err != nil {
		return nil, wrap(err)
	}
	return v, nil
}

func wrap(err error) error {
	if err == nil {
		return nil
	}
	var ge *graph.Error
	if asErr(err, &ge) {
		return ge
	}
	return graph.Internal(err)
}

// DefaultLimit and MaxLimit bound result pages.
const (
	DefaultLimit = 50
	MaxLimit     = 1000
)

func clampLimit(n int) int {
	if n <= 0 {
		return DefaultLimit
	}
	return min(n, MaxLimit)
}

// SearchAccounts searches by handle or name prefix, platform, status or
// identifier. Cursors are the last key returned, so pages stay stable
// while data is added.
func (s *Store) SearchAccounts(ctx context.Context, q graph.AccountQuery) (*graph.AccountPage, error) {
	limit := clampLimit(q.Limit)
	page := &graph.AccountPage{Items: make([]graph.Entity, 0, min(limit, 64))} // one allocation for a usual page
	var after []byte
	if q.Cursor != "" {
		c, err := base64.RawURLEncoding.DecodeString(q.Cursor)
		if err != nil {
			return nil, graph.Errorf(graph.EINVALID, "invalid cursor")
		}
		after = c
	}
	match := func(e *graph.Entity) bool {
		return e.Kind == graph.KindAccount && (q.Platform == "" || e.Platform == q.Platform) &&
			(q.Status == "" || e.Status == q.Status)
	}
	if q.Identifier != "" {
		ids := s.identifierAccounts(q.Identifier, q.Region)
		err := s.kv.view(func(tx *txn) error {
			for _, id := range ids {
				if after != nil && id <= string(after) {
					continue
				}
				var e graph.Entity
				if b := s.entity(tx, []byte(id)); b == nil || decodeEntity(b, &e) != nil || !match(&e) {
					continue
				}
				if q.Q != "" && !matchesQ(&e, q.Q) {
					continue
				}
				if len(page.Items) == limit {
					page.Next = base64.RawURLEncoding.EncodeToString([]byte(page.Items[limit-1].ID))
					break
				}
				page.Items = append(page.Items, e)
			}
			return nil
		})
		return page, wrap(err)
	}
	qt := strings.ToLower(strings.TrimSpace(q.Q))
	words := strings.Fields(qt)
	var last []byte // the key of the last item, the next page's cursor
	err := s.kv.view(func(tx *txn) error {
		ent := tx.Bucket(bEnt)
		var c *cursor
		var prefix []byte
		if len(words) > 0 {
			c = tx.Bucket(bTok).Cursor()
			prefix = []byte(words[0])
		} else {
			c = ent.Cursor()
		}
		var k, v []byte
		if after != nil {
			k, v = c.Seek(after)
			if bytes.Equal(k, after) {
				k, v = c.Next()
			}
		} else {
			k, v = c.Seek(prefix)
		}
		for ; k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			id, tokn := k, []byte(nil)
			if len(words) > 0 {
				i := bytes.IndexByte(k, 0)
				if i < 0 {
					continue
				}
				id, tokn = k[i+1:], k[:i]
			}
			// Decide on the index's summary; read only what is returned. A
			// token names its account's node number (empty in stores
			// written before it did: then the id is looked up); a number
			// the index does not hold yet is of a batch that is entering it.
			s.x.mu.RLock()
			var n int32
			var ok bool
			if len(words) > 0 && len(v) == 4 {
				n = int32(binary.BigEndian.Uint32(v))
				ok = int(n) < s.x.size()
			} else {
				n, ok = s.x.lookup(string(id))
			}
			var sm summary
			if ok {
				sm = s.x.node(n)
			}
			s.x.mu.RUnlock()
			if !ok || sm.kind != kAccount || (q.Platform != "" && sm.platform != q.Platform) ||
				(q.Status != "" && statusName[sm.status] != q.Status) {
				continue
			}
			if len(words) > 0 {
				// Emit each account once, at its first token matching the
				// first word, if its tokens match the other words too.
				if !graph.IsFirstSearchToken(sm.handle, sm.label, words[0], tokn) {
					continue
				}
				if len(words) > 1 && !matchesTokens(graph.SearchTokens(&graph.Entity{Kind: graph.KindAccount, Handle: sm.handle, Name: sm.label}), words[1:]) {
					continue
				}
			}
			var e graph.Entity
			b := s.entity(tx, id)
			if b == nil || decodeShortLived(b, &e) != nil || !match(&e) {
				continue
			}
			if len(page.Items) == limit {
				page.Next = base64.RawURLEncoding.EncodeToString(last)
				break
			}
			page.Items = append(page.Items, e)
			last = append(last[:0], k...)
		}
		return nil
	})
	return page, wrap(err)
}

// matchesQ reports whether every word of q is a prefix of one of the
// account's tokens.
func matchesQ(e *graph.Entity, q string) bool {
	return matchesTokens(graph.SearchTokens(e), strings.Fields(strings.ToLower(q)))
}

// matchesTokens reports whether every word is a prefix of one of toks.
func matchesTokens(toks, words []string) bool {
	for _, w := range words {
		if !slices.ContainsFunc(toks, func(t string) bool { return strings.HasPrefix(t, w) }) {
			return false
		}
	}
	return true
}

// identifierAccounts returns, sorted, the accounts that use any normalised
// form of raw, directly or through their posts.
func (s *Store) identifierAccounts(raw, region string) []string {
	x := s.x
	x.mu.RLock()
	defer x.mu.RUnlock()
	set := map[string]bool{}
	for _, c := range ident.Candidates(raw, region) {
		i, ok := x.lookup(string(c.Kind) + ":" + c.Value)
		if !ok {
			continue
		}
		for _, e := range x.edges(i) {
			if e.kind != lUses || e.out {
				continue
			}
			switch x.kind(e.to) {
			case kAccount:
				set[x.name(e.to)] = true
			case kPost:
				if a, ok := x.author(e.to); ok {
					set[x.name(a)] = true
				}
			}
		}
	}
	out := make([]string, 0, len(set))
	for id := range set {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

// Identifier returns the entities that use an identifier.
func (s *Store) Identifier(ctx context.Context, kind graph.IdentKind, value string) (*graph.IdentifierView, error) {
	key := string(kind) + ":" + value
	v := &graph.IdentifierView{Users: []graph.IdentifierUser{}}
	err := s.kv.view(func(tx *txn) error {
		b := tx.Bucket(bIdn).Get([]byte(key))
		if b == nil {
			return graph.Errorf(graph.ENOTFOUND, "no entity uses %s %s", kind, value)
		}
		if err := json.Unmarshal(b, &v.Identifier); err != nil {
			return err
		}
		x := s.x
		x.mu.RLock()
		var users []int32
		i, ok := x.lookup(key)
		if ok {
			for _, e := range x.edges(i) {
				if e.kind == lUses && !e.out {
					users = append(users, e.to)
				}
			}
		}
		type u struct {
			id  string
			s   summary
			num uint32
		}
		us := make([]u, 0, len(users))
		for _, n := range users {
			us = append(us, u{x.name(n), x.node(n), uint32(n)})
		}
		x.mu.RUnlock()
		lnk := tx.Bucket(bLnk)
		for _, n := range us {
			var st storedLink
			if b := lnk.Get(linkKey(lUses, n.num, uint32(i))); b != nil {
				_ = decodeLink(graph.LinkUses, n.id, key, b, &st)
			}
			v.Users = append(v.Users, graph.IdentifierUser{ID: n.id, Kind: kindName[n.s.kind], Platform: n.s.platform,
				Handle: n.s.handle, Status: statusName[n.s.status], Seen: graph.Union(nil, st.Seen)})
		}
		slices.SortFunc(v.Users, func(a, b graph.IdentifierUser) int { return cmp.Compare(a.ID, b.ID) })
		return nil
	})
	if err != nil {
		return nil, wrap(err)
	}
	return v, nil
}

// Stats returns the running counts.
func (s *Store) Stats(ctx context.Context) (*graph.Stats, error) {
	var st graph.Stats
	err := s.kv.view(func(tx *txn) error {
		m, err := readMeta(tx)
		if err != nil {
			return err
		}
		st = m.Stats
		st.Version = m.Version
		return nil
	})
	return &st, wrap(err)
}

// Export streams every entity, then every link.
func (s *Store) Export(ctx context.Context, entity func(*graph.Entity) error, link func(*graph.LinkState, *graph.Identifier) error) error {
	return wrap(s.kv.view(func(tx *txn) error {
		if entity != nil {
			c := tx.Bucket(bEnt).Cursor()
			for k, v := c.First(); k != nil; k, v = c.Next() {
				var e graph.Entity
				if err := decodeEntity(v, &e); err != nil {
					return err
				}
				if err := entity(&e); err != nil {
					return err
				}
			}
		}
		if link == nil {
			return nil
		}
		idn := tx.Bucket(bIdn)
		idents := map[string]*graph.Identifier{} // each identifier decoded once; callers must not modify it
		// Node numbers never change and names are only appended. A batch
		// is committed before its nodes enter the index, so a link of this
		// snapshot may name a node the index is about to receive: then wait
		// for the writer and read the names again.
		names := s.x.view()
		c := tx.Bucket(bLnk).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			kind, from, to, ok := splitLinkKey(k)
			if ok && int(max(from, to)) >= names.size() {
				s.wmu.Lock()
				s.wmu.Unlock()
				names = s.x.view()
			}
			if !ok || kind == 0 || int(kind) > len(graph.LinkKinds) || int(max(from, to)) >= names.size() {
				return graph.Internal(fmt.Errorf("corrupt link key %x", k))
			}
			var st storedLink
			if err := decodeLink(linkName(kind), names.name(from), names.name(to), v, &st); err != nil {
				return err
			}
			var idf *graph.Identifier
			if st.Kind == graph.LinkUses {
				if idf = idents[st.To]; idf == nil {
					idf = &graph.Identifier{}
					if b := idn.Get([]byte(st.To)); b == nil || json.Unmarshal(b, idf) != nil {
						continue
					}
					idents[st.To] = idf
				}
			}
			if err := link(&st.LinkState, idf); err != nil {
				return err
			}
		}
		return nil
	}))
}

// numberTokens fills in the node numbers of the search tokens that stores
// written before tokens held them left empty, once (meta.Tokens records
// it), so that search need not look their ids up. It runs at Open, before
// the store serves anything.
func (s *Store) numberTokens() error {
	var m *meta
	if err := s.kv.view(func(tx *txn) (err error) { m, err = readMeta(tx); return err }); err != nil {
		return wrap(err)
	}
	if m.Tokens == tokensNumbered || m.Version == 0 {
		return nil
	}
	t0 := time.Now()
	filled := 0
	batch := s.kv.db.NewBatch()
	commit := func() error {
		err := batch.Commit(s.kv.writeOpts())
		batch.Close()
		batch = s.kv.db.NewBatch()
		return err
	}
	err := s.kv.view(func(tx *txn) error {
		b := tx.Bucket(bTok)
		c := b.Cursor()
		var num [4]byte
		for k, v := c.First(); k != nil; k, v = c.Next() {
			i := bytes.IndexByte(k, 0)
			if len(v) == 4 || i < 0 {
				continue
			}
			s.x.mu.RLock()
			n, ok := s.x.lookup(string(k[i+1:]))
			s.x.mu.RUnlock()
			if !ok {
				continue
			}
			binary.BigEndian.PutUint32(num[:], uint32(n))
			if err := batch.Set(b.key(k), num[:], nil); err != nil {
				return err
			}
			if filled++; filled%100000 == 0 {
				if err := commit(); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err == nil {
		err = commit()
	}
	batch.Close()
	if err != nil {
		return wrap(err)
	}
	err = s.kv.update(func(tx *txn) error {
		m, err := readMeta(tx)
		if err != nil {
			return err
		}
		m.Tokens = tokensNumbered
		return putMeta(tx, m)
	})
	if filled > 0 {
		fmt.Fprintf(os.Stderr, "takedown store: numbered %d search tokens written by an older version (once) in %s\n", filled, time.Since(t0).Round(time.Millisecond))
	}
	return wrap(err)
}
