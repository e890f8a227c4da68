package neo4j

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/queries"
)

// Apply writes a batch in one transaction. The merge is done in Go, with
// the embedded store's rules, inside the transaction: the transaction
// first locks the counter node (so batches are applied one at a time,
// whichever server sends them), reads the stored state of every entity,
// identifier and link the batch names with a few UNWIND queries, merges
// the batch into it record by record (Entity.Merge, LinkState.Observe,
// placeholders from graph.LinkRules), and writes back what changed with
// UNWIND statements grouped by label and relationship type. The work is a
// pure function of the stored state and the batch, so the driver may
// retry it.
func (s *Store) Apply(ctx context.Context, b *graph.Batch) (graph.ApplyResult, error) {
	if err := ctx.Err(); err != nil {
		return graph.ApplyResult{}, err
	}
	v, err := s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		return s.applyTx(ctx, tx, b)
	})
	if err != nil {
		return graph.ApplyResult{}, err
	}
	return v.(graph.ApplyResult), nil
}

// meta is the running counts kept on the counter node.
type meta struct {
	Stats   graph.Stats
	Version uint64
}

func (m *meta) count(e *graph.Entity, d int) { m.Stats.Count(e, d) }

func decodeMeta(rec *neo4j.Record) (*meta, error) {
	m := &meta{}
	raw, _ := rec.Get("stats")
	if s := str(raw); s != "" {
		if err := json.Unmarshal([]byte(s), &m.Stats); err != nil {
			return nil, fmt.Errorf("counter node: %w", err)
		}
	}
	v, _ := rec.Get("version")
	m.Version = uint64(i64(v))
	m.Stats.Version = 0
	if m.Stats.Status == nil {
		m.Stats.Status = map[graph.Status]int{}
	}
	if m.Stats.Platform == nil {
		m.Stats.Platform = map[string]int{}
	}
	return m, nil
}

// entState is an entity as the batch sees it: stored, merged or new.
type entState struct {
	e      graph.Entity
	stored bool   // exists in the database
	eid    string // element id, once the node exists
	// kindOnly: only the kind was read (the batch only links to it).
	kindOnly bool
	dirty    bool // changed by the batch
	oldKind  graph.NodeKind
}

type linkKey struct {
	kind     graph.LinkKind
	from, to string
}

type linkState struct {
	st     graph.LinkState
	stored bool
	dirty  bool
}

// applier holds one attempt of one Apply.
type applier struct {
	ctx   context.Context
	tx    neo4j.ManagedTransaction
	rows  int
	m     *meta
	res   graph.ApplyResult
	ents  map[string]*entState
	order []string          // entity ids in the order first touched
	idns  map[string]string // identifier key -> element id ("" until created)
	newID []*graph.Identifier
	links map[linkKey]*linkState
	lord  []linkKey
	// changed is whether anything was written.
	changed bool
}

func (s *Store) applyTx(ctx context.Context, tx neo4j.ManagedTransaction, b *graph.Batch) (graph.ApplyResult, error) {
	a := &applier{ctx: ctx, tx: tx, rows: s.cfg.BatchRows, ents: map[string]*entState{}, idns: map[string]string{},
		links: map[linkKey]*linkState{}}
	res, err := tx.Run(ctx, queries.Get(queries.ApplyLock), map[string]any{"meta": metaID})
	if err != nil {
		return graph.ApplyResult{}, err
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return graph.ApplyResult{}, fmt.Errorf("counter node: %w", err)
	}
	if a.m, err = decodeMeta(rec); err != nil {
		return graph.ApplyResult{}, err
	}
	if err := a.load(b); err != nil {
		return graph.ApplyResult{}, err
	}
	if err := a.merge(b); err != nil {
		return graph.ApplyResult{}, err
	}
	if err := a.flush(); err != nil {
		return graph.ApplyResult{}, err
	}
	return a.res, nil
}

// load reads the stored state of every entity, identifier and link the
// batch names, with the element ids of the nodes.
func (a *applier) load(b *graph.Batch) error {
	idSet := map[string]bool{}
	var ids []string
	addID := func(id string) {
		if !idSet[id] {
			idSet[id] = true
			ids = append(ids, id)
		}
	}
	keySet := map[string]bool{}
	var keys []string
	for i := range b.Entities {
		addID(b.Entities[i].ID)
	}
	nFull := len(ids) // the batch's own entities are read whole, the others by kind
	for i := range b.Links {
		l := &b.Links[i]
		addID(l.From)
		if l.Kind == graph.LinkUses {
			if l.Ident != nil && !keySet[l.Ident.Key()] {
				keySet[l.Ident.Key()] = true
				keys = append(keys, l.Ident.Key())
			}
		} else {
			addID(l.To)
		}
	}
	err := chunks(ids[:nFull], a.rows, func(part []string) error {
		cols, err := lists(a.ctx, a.tx, queries.Get(queries.ApplyReadEntities), map[string]any{"ids": part}, "eids", "es")
		if err != nil {
			return err
		}
		for i, raw := range cols[1] {
			m, _ := raw.(map[string]any)
			e, err := decodeEntity(m)
			if err != nil {
				return err
			}
			a.ents[e.ID] = &entState{e: *e, stored: true, oldKind: e.Kind, eid: str(cols[0][i])}
		}
		return nil
	})
	if err != nil {
		return err
	}
	// An entity the batch only links to is never merged (a placeholder is
	// only made for an unknown id), so its kind is all that is needed.
	err = chunks(ids[nFull:], a.rows, func(part []string) error {
		cols, err := lists(a.ctx, a.tx, queries.Get(queries.ApplyReadKinds), map[string]any{"ids": part}, "ids", "kinds", "eids")
		if err != nil {
			return err
		}
		for i, raw := range cols[0] {
			id, kind := str(raw), graph.NodeKind(str(cols[1][i]))
			a.ents[id] = &entState{e: graph.Entity{ID: id, Kind: kind}, stored: true, oldKind: kind, kindOnly: true, eid: str(cols[2][i])}
		}
		return nil
	})
	if err != nil {
		return err
	}
	err = chunks(keys, a.rows, func(part []string) error {
		return a.noteIdentifiers(queries.Get(queries.ApplyReadIdentifiers), map[string]any{"keys": part})
	})
	if err != nil {
		return err
	}
	// Only links whose two ends are stored can be stored.
	type cand struct {
		key  linkKey
		a, b string
	}
	cands := map[graph.LinkKind][]cand{}
	seen := map[linkKey]bool{}
	for i := range b.Links {
		l := &b.Links[i]
		if _, ok := graph.LinkRules[l.Kind]; !ok || a.ents[l.From] == nil {
			continue
		}
		to, toEID := l.To, ""
		if l.Kind == graph.LinkUses {
			if l.Ident == nil {
				continue
			}
			to = l.Ident.Key()
			toEID = a.idns[to]
		} else if st := a.ents[to]; st != nil {
			toEID = st.eid
		}
		if toEID == "" {
			continue
		}
		k := linkKey{l.Kind, l.From, to}
		if seen[k] {
			continue
		}
		seen[k] = true
		cands[l.Kind] = append(cands[l.Kind], cand{k, a.ents[l.From].eid, toEID})
	}
	for _, kind := range graph.LinkKinds {
		cs := cands[kind]
		if len(cs) == 0 {
			continue
		}
		q, _ := queries.ForLink(queries.ApplyReadLinks, kind)
		rows := make([]map[string]any, len(cs))
		for i, c := range cs {
			rows[i] = map[string]any{"i": int64(i), "a": c.a, "b": c.b}
		}
		err := chunks(rows, a.rows, func(part []map[string]any) error {
			cols, err := lists(a.ctx, a.tx, q, map[string]any{"rows": part}, "links")
			if err != nil {
				return err
			}
			for _, raw := range cols[0] {
				m, _ := raw.(map[string]any)
				c := cs[i64(m["i"])]
				st := decodeLink(m)
				st.Kind, st.From, st.To = kind, c.key.from, c.key.to
				restoreObserved(&st)
				a.links[c.key] = &linkState{st: st, stored: true}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// decodeLink reads a link's state from the property map of
// apply_read_links.
func decodeLink(m map[string]any) graph.LinkState {
	return graph.LinkState{
		Weight:   f64(m["weight"]),
		Count:    int(i64(m["count"])),
		FirstAt:  tm(m["first_at"]),
		LastAt:   tm(m["last_at"]),
		Sources:  strs(m["sources"]),
		Seen:     strs(m["seen"]),
		Observed: strs(m["obs"]),
	}
}

// cloneEntity copies e deeply enough that merging into the copy leaves e
// as it was.
func cloneEntity(e *graph.Entity) *graph.Entity {
	c := *e
	c.Media = slices.Clone(e.Media)
	c.Sources = slices.Clone(e.Sources)
	c.Props = maps.Clone(e.Props)
	return &c
}

// allowedFor is the kinds a placeholder's id may already have.
func allowedFor(e *graph.Entity) []graph.NodeKind {
	if e.Kind == graph.KindAccount {
		return []graph.NodeKind{graph.KindAccount, graph.KindPost}
	}
	return []graph.NodeKind{e.Kind}
}

// putEntity merges one record into the batch's view, with the embedded
// store's rules and counts.
func (a *applier) putEntity(e *graph.Entity) error {
	cur := a.ents[e.ID]
	var old *graph.Entity
	var next *graph.Entity
	if cur != nil && cur.kindOnly {
		return fmt.Errorf("entity %q was read by kind only", e.ID)
	}
	if cur != nil {
		if !cur.e.Placeholder && !e.Placeholder && cur.e.Kind != e.Kind {
			return graph.Errorf(graph.ECONFLICT, "id %q is already a %s, not a %s", e.ID, cur.e.Kind, e.Kind)
		}
		if e.Placeholder && !slices.Contains(allowedFor(e), cur.e.Kind) && !cur.e.Placeholder {
			return graph.Errorf(graph.ECONFLICT, "id %q is a %s, not a %s", e.ID, cur.e.Kind, e.Kind)
		}
		old = &cur.e
		next = cloneEntity(&cur.e)
		next.Merge(e)
	} else {
		next = cloneEntity(e)
		if next.Status == "" {
			next.Status = graph.StatusUnknown
		}
		if e.Placeholder {
			a.res.Placeholders++
		}
	}
	if old != nil {
		// A merge that changes nothing writes nothing.
		nb, err := json.Marshal(next)
		if err != nil {
			return err
		}
		if ob, _ := json.Marshal(old); bytes.Equal(ob, nb) {
			return nil
		}
	} else if len(next.Props) > 0 {
		// A new entity is always written (nothing to compare it with);
		// only its Props, stored as JSON, can fail to encode.
		if _, err := json.Marshal(next.Props); err != nil {
			return err
		}
	}
	a.changed = true
	a.m.count(old, -1)
	a.m.count(next, 1)
	if !e.Placeholder {
		switch next.Kind {
		case graph.KindAccount:
			a.res.Accounts++
		case graph.KindPage:
			a.res.Pages++
		case graph.KindPost:
			a.res.Posts++
		}
	}
	if cur == nil {
		cur = &entState{}
		a.ents[e.ID] = cur
	}
	if !cur.dirty {
		a.order = append(a.order, e.ID)
	}
	cur.e = *next
	cur.dirty = true
	return nil
}

// ensure checks that a link's end is of a kind the link can join,
// creating a placeholder of the first such kind if the id is unknown.
func (a *applier) ensure(id string, allowed []graph.NodeKind) error {
	cur := a.ents[id]
	if cur == nil {
		return a.putEntity(&graph.Entity{ID: id, Kind: allowed[0], Placeholder: true, Status: graph.StatusUnknown})
	}
	if !slices.Contains(allowed, cur.e.Kind) {
		return graph.Errorf(graph.ECONFLICT, "id %q is a %s, which a link of this kind cannot join", id, cur.e.Kind)
	}
	return nil
}

// merge folds the batch into the view, record by record, in the order of
// the embedded store.
func (a *applier) merge(b *graph.Batch) error {
	for i := range b.Entities {
		if queries.Label(b.Entities[i].Kind) == "" {
			return graph.Errorf(graph.EINVALID, "entity %q has unknown kind %q", b.Entities[i].ID, b.Entities[i].Kind)
		}
		if err := a.putEntity(&b.Entities[i]); err != nil {
			return err
		}
	}
	for i := range b.Links {
		l := b.Links[i] // a copy: the batch is not changed, so a retry sees it whole
		rule, ok := graph.LinkRules[l.Kind]
		if !ok {
			return graph.Errorf(graph.EINVALID, "unknown link kind %q", l.Kind)
		}
		if err := a.ensure(l.From, rule.From); err != nil {
			return err
		}
		if l.Kind == graph.LinkUses {
			if l.Ident == nil {
				return graph.Errorf(graph.EINVALID, "uses link from %q has no identifier", l.From)
			}
			key := l.Ident.Key()
			l.To = key
			if _, ok := a.idns[key]; !ok {
				a.idns[key] = ""
				id := *l.Ident
				a.newID = append(a.newID, &id)
				a.m.Stats.Identifiers++
				a.res.Identifiers++
				a.changed = true
			}
		} else if err := a.ensure(l.To, rule.To); err != nil {
			return err
		}
		k := linkKey{l.Kind, l.From, l.To}
		ls := a.links[k]
		isNew := ls == nil
		if isNew {
			ls = &linkState{}
		}
		before := ls.st.Count
		st := ls.st
		st.Observed = slices.Clone(ls.st.Observed)
		st.Sources = slices.Clone(ls.st.Sources)
		st.Seen = slices.Clone(ls.st.Seen)
		st.Observe(&l)
		if !isNew && st.Count == before {
			continue
		}
		if isNew {
			a.links[k] = ls
			a.m.Stats.Links++
		}
		if !ls.dirty {
			a.lord = append(a.lord, k)
		}
		ls.st = st
		ls.dirty = true
		a.changed = true
		a.res.Links++
	}
	return nil
}

// flush writes what the batch changed: entities and identifiers first
// (their creation returns the element ids), then links between element
// ids, then the counts.
func (a *applier) flush() error {
	if !a.changed {
		return nil
	}
	create := map[graph.NodeKind][]map[string]any{}
	relabel := map[graph.NodeKind][]string{}
	var update []map[string]any
	for _, id := range a.order {
		st := a.ents[id]
		props := entityProps(&st.e)
		switch {
		case !st.stored:
			create[st.e.Kind] = append(create[st.e.Kind], withoutNulls(props))
		default:
			update = append(update, props)
			if st.e.Kind != st.oldKind {
				relabel[st.e.Kind] = append(relabel[st.e.Kind], id)
			}
		}
	}
	for _, kind := range queries.EntityKinds {
		q, _ := queries.ForNode(queries.ApplyCreateEntities, kind)
		err := chunks(create[kind], a.rows, func(part []map[string]any) error {
			cols, err := lists(a.ctx, a.tx, q, map[string]any{"rows": part}, "ids", "eids")
			if err != nil {
				return err
			}
			for i, id := range cols[0] {
				a.ents[str(id)].eid = str(cols[1][i])
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	if err := runRows(a, queries.Get(queries.ApplyUpdateEntities), "rows", update); err != nil {
		return err
	}
	for _, kind := range queries.EntityKinds {
		q, _ := queries.ForNode(queries.ApplyRelabelEntities, kind)
		if err := runRows(a, q, "ids", relabel[kind]); err != nil {
			return err
		}
	}
	idRows := make([]map[string]any, len(a.newID))
	for i, id := range a.newID {
		idRows[i] = withoutNulls(identProps(id))
	}
	err := chunks(idRows, a.rows, func(part []map[string]any) error {
		return a.noteIdentifiers(queries.Get(queries.ApplyCreateIdentifier), map[string]any{"rows": part})
	})
	if err != nil {
		return err
	}
	newLinks := map[graph.LinkKind][]map[string]any{}
	updLinks := map[graph.LinkKind][]map[string]any{}
	for _, k := range a.lord {
		ls := a.links[k]
		from, to := a.ents[k.from].eid, ""
		if k.kind == graph.LinkUses {
			to = a.idns[k.to]
		} else {
			to = a.ents[k.to].eid
		}
		if from == "" || to == "" {
			return fmt.Errorf("link %s %q -> %q: an end has no element id", k.kind, k.from, k.to)
		}
		row := linkProps(&ls.st)
		row["a"], row["b"] = from, to
		if ls.stored {
			updLinks[k.kind] = append(updLinks[k.kind], row)
		} else {
			newLinks[k.kind] = append(newLinks[k.kind], row)
		}
	}
	for _, kind := range graph.LinkKinds {
		cq, _ := queries.ForLink(queries.ApplyCreateLinks, kind)
		uq, _ := queries.ForLink(queries.ApplyUpdateLinks, kind)
		if err := runRows(a, cq, "rows", newLinks[kind]); err != nil {
			return err
		}
		if err := runRows(a, uq, "rows", updLinks[kind]); err != nil {
			return err
		}
	}
	a.m.Version++
	sb, err := json.Marshal(a.m.Stats)
	if err != nil {
		return err
	}
	return run(a.ctx, a.tx, queries.Get(queries.ApplyMeta), map[string]any{"meta": metaID, "stats": string(sb), "version": int64(a.m.Version)})
}

// lists runs a statement that returns one record of aligned lists (an
// UNWIND whose rows are collected) and returns those lists, in the order
// of names. Every list must be as long as the first. One record of lists
// is far cheaper to send and to decode than a record per row.
func lists(ctx context.Context, tx neo4j.ManagedTransaction, cypher string, params map[string]any, names ...string) ([][]any, error) {
	out := make([][]any, len(names))
	n := 0
	err := each(ctx, tx, cypher, params, func(r *neo4j.Record) error {
		n++
		for i, name := range names {
			v, ok := r.Get(name)
			if !ok {
				return fmt.Errorf("no column %s", name)
			}
			out[i], _ = v.([]any)
			if len(out[i]) != len(out[0]) {
				return fmt.Errorf("column %s has %d values, %s has %d", name, len(out[i]), names[0], len(out[0]))
			}
		}
		return nil
	})
	if err == nil && n != 1 {
		err = fmt.Errorf("%d records, want one", n)
	}
	return out, err
}

// runRows runs an UNWIND statement over rows, BatchRows at a time.
func runRows[T any](a *applier, q, param string, rows []T) error {
	return chunks(rows, a.rows, func(part []T) error {
		return run(a.ctx, a.tx, q, map[string]any{param: part})
	})
}

// noteIdentifiers runs a statement that answers identifier keys and their
// element ids as two aligned lists, and keeps the element ids.
func (a *applier) noteIdentifiers(query string, params map[string]any) error {
	cols, err := lists(a.ctx, a.tx, query, params, "keys", "eids")
	if err != nil {
		return err
	}
	for i, k := range cols[0] {
		a.idns[str(k)] = str(cols[1][i])
	}
	return nil
}
