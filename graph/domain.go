package graph

import (
	"cmp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unsafe"
)

// NodeKind is the kind of a node in the graph.
type NodeKind string

const (
	KindAccount    NodeKind = "account"
	KindPage       NodeKind = "page"
	KindPost       NodeKind = "post"
	KindIdentifier NodeKind = "identifier"
)

// Status is the platform status of an account, page or post.
type Status string

const (
	StatusActive    Status = "active"
	StatusRemoved   Status = "removed"
	StatusSuspended Status = "suspended"
	StatusUnknown   Status = "unknown"
)

// ValidStatus reports whether s is one of the four statuses.
func ValidStatus(s Status) bool {
	switch s {
	case StatusActive, StatusRemoved, StatusSuspended, StatusUnknown:
		return true
	}
	return false
}

// IdentKind is the kind of an identifier.
type IdentKind string

const (
	IdentPhone     IdentKind = "phone"
	IdentEmail     IdentKind = "email"
	IdentURL       IdentKind = "url"
	IdentMessaging IdentKind = "messaging"
	IdentPayment   IdentKind = "payment"
	IdentCrypto    IdentKind = "crypto"
	IdentImageHash IdentKind = "image_hash"
)

// IdentKinds is the closed set of identifier kinds.
var IdentKinds = []IdentKind{IdentPhone, IdentEmail, IdentURL, IdentMessaging, IdentPayment, IdentCrypto, IdentImageHash}

// StrongIdent reports whether sharing an identifier of kind k is strong
// evidence that two actors are one operation.
func StrongIdent(k IdentKind) bool {
	switch k {
	case IdentPhone, IdentMessaging, IdentPayment, IdentCrypto, IdentEmail:
		return true
	}
	return false
}

// LinkKind is the kind of a relationship.
type LinkKind string

const (
	LinkFollows  LinkKind = "follows"
	LinkMentions LinkKind = "mentions"
	LinkReposts  LinkKind = "reposts"
	LinkReplies  LinkKind = "replies"
	LinkAdminOf  LinkKind = "admin_of"
	LinkMemberOf LinkKind = "member_of"
	LinkContact  LinkKind = "contact"
	LinkSameAs   LinkKind = "same_as"
	LinkUses     LinkKind = "uses"
	// LinkAuthored ties an account to a post it wrote (from a post's author).
	LinkAuthored LinkKind = "authored"
	// LinkPostedIn ties a post to the page it was posted in (a post's page).
	LinkPostedIn LinkKind = "posted_in"
)

// LinkKinds is the closed set of link kinds, in a fixed order. Stores use
// it as the only source of relationship types.
var LinkKinds = []LinkKind{LinkFollows, LinkMentions, LinkReposts, LinkReplies, LinkAdminOf, LinkMemberOf, LinkContact, LinkSameAs, LinkUses, LinkAuthored, LinkPostedIn}

// LinkRule says which node kinds a link kind connects. The first kind of
// From and To is the one a placeholder takes when the id is unknown.
type LinkRule struct {
	From, To []NodeKind
}

// LinkRules is the table of the ingest format, plus the two links derived
// from posts.
var LinkRules = map[LinkKind]LinkRule{
	LinkFollows:  {From: []NodeKind{KindAccount}, To: []NodeKind{KindAccount}},
	LinkMentions: {From: []NodeKind{KindAccount, KindPost}, To: []NodeKind{KindAccount}},
	LinkReposts:  {From: []NodeKind{KindAccount, KindPost}, To: []NodeKind{KindPost}},
	LinkReplies:  {From: []NodeKind{KindPost}, To: []NodeKind{KindPost}},
	LinkAdminOf:  {From: []NodeKind{KindAccount}, To: []NodeKind{KindPage}},
	LinkMemberOf: {From: []NodeKind{KindAccount}, To: []NodeKind{KindPage}},
	LinkContact:  {From: []NodeKind{KindAccount}, To: []NodeKind{KindAccount}},
	LinkSameAs:   {From: []NodeKind{KindAccount}, To: []NodeKind{KindAccount}},
	LinkUses:     {From: []NodeKind{KindAccount, KindPage, KindPost}, To: []NodeKind{KindIdentifier}},
	LinkAuthored: {From: []NodeKind{KindAccount}, To: []NodeKind{KindPost}},
	LinkPostedIn: {From: []NodeKind{KindPost}, To: []NodeKind{KindPage}},
}

// Entity is an account, a page (page, group or channel) or a post.
// Fields not used by a kind stay empty.
type Entity struct {
	ID       string   `json:"id"`
	Kind     NodeKind `json:"kind"`
	Platform string   `json:"platform,omitempty"`
	Handle   string   `json:"handle,omitempty"`
	Name     string   `json:"name,omitempty"`
	URL      string   `json:"url,omitempty"`
	Bio      string   `json:"bio,omitempty"`
	Text     string   `json:"text,omitempty"`
	// Author and Page are a post's account and page ids.
	Author    string    `json:"author,omitempty"`
	Page      string    `json:"page,omitempty"`
	Followers int64     `json:"followers,omitempty"`
	Members   int64     `json:"members,omitempty"`
	CreatedAt time.Time `json:"created_at,omitzero"`
	PostedAt  time.Time `json:"posted_at,omitzero"`
	Status    Status    `json:"status"`
	Media     []string  `json:"media,omitempty"`
	// Props holds the record's unknown scalar fields (string, float64, bool).
	Props map[string]any `json:"props,omitempty"`
	// Placeholder marks an entity known only because something named it.
	Placeholder bool `json:"placeholder,omitempty"`
	// Provenance: the sources that reported it and the times it was seen
	// (from its own timestamps: seen_at, posted_at or created_at).
	Sources   []string  `json:"sources,omitempty"`
	FirstSeen time.Time `json:"first_seen,omitzero"`
	LastSeen  time.Time `json:"last_seen,omitzero"`
}

// Merge folds o, a later record with the same id, into e: non-empty fields
// of o win, lists are unioned, a real record replaces a placeholder, and
// the seen interval widens. Merge is idempotent: merging the same record
// twice gives the same entity.
func (e *Entity) Merge(o *Entity) {
	if e.Placeholder && !o.Placeholder {
		e.Kind = o.Kind
	}
	e.Placeholder = e.Placeholder && o.Placeholder
	str := func(dst *string, src string) {
		if src != "" {
			*dst = src
		}
	}
	str(&e.Platform, o.Platform)
	str(&e.Handle, o.Handle)
	str(&e.Name, o.Name)
	str(&e.URL, o.URL)
	str(&e.Bio, o.Bio)
	str(&e.Text, o.Text)
	str(&e.Author, o.Author)
	str(&e.Page, o.Page)
	if o.Followers != 0 {
		e.Followers = o.Followers
	}
	if o.Members != 0 {
		e.Members = o.Members
	}
	if !o.CreatedAt.IsZero() {
		e.CreatedAt = o.CreatedAt
	}
	if !o.PostedAt.IsZero() {
		e.PostedAt = o.PostedAt
	}
	if o.Status != "" && o.Status != StatusUnknown {
		e.Status = o.Status
	}
	if e.Status == "" {
		e.Status = StatusUnknown
	}
	e.Media = union(e.Media, o.Media)
	e.Sources = union(e.Sources, o.Sources)
	for k, v := range o.Props {
		if e.Props == nil {
			e.Props = map[string]any{}
		}
		e.Props[k] = v
	}
	if !o.FirstSeen.IsZero() && (e.FirstSeen.IsZero() || o.FirstSeen.Before(e.FirstSeen)) {
		e.FirstSeen = o.FirstSeen
	}
	if o.LastSeen.After(e.LastSeen) {
		e.LastSeen = o.LastSeen
	}
}

// union returns the sorted union of a and b without duplicates.
func union(a, b []string) []string {
	if len(b) == 0 {
		return a
	}
	out := make([]string, 0, len(a)+len(b))
	out = append(append(out, a...), b...)
	slices.Sort(out)
	return slices.Compact(out)
}

// Union is the list merge rule: the sorted union without duplicates.
func Union(a, b []string) []string { return union(a, b) }

// Identifier is a normalised identifier: a phone in E.164, a canonical
// URL, a messaging link in one form. Valid is false for a value that could
// not be normalised (an impossible phone number); it is kept as given.
type Identifier struct {
	Kind   IdentKind `json:"kind"`
	Value  string    `json:"value"`
	Valid  bool      `json:"valid"`
	Reason string    `json:"reason,omitempty"`
}

// Key is the identifier's node id: kind, a colon, and the value.
func (i Identifier) Key() string { return string(i.Kind) + ":" + i.Value }

// Link is a relationship. For a uses link, To is the identifier's Key and
// Ident the identifier itself.
type Link struct {
	Kind   LinkKind    `json:"kind"`
	From   string      `json:"from"`
	To     string      `json:"to"`
	Ident  *Identifier `json:"identifier,omitempty"`
	At     time.Time   `json:"at,omitzero"`
	Weight float64     `json:"weight,omitempty"`
	Source string      `json:"source,omitempty"`
	// Seen is where an identifier was found: "link" for an explicit uses
	// link, or the field it was extracted from ("bio", "name", "text").
	Seen string `json:"seen,omitempty"`
}

// Key identifies a link: the same (kind, from, to) is stored once.
func (l *Link) Key() string { return string(l.Kind) + "\x00" + l.From + "\x00" + l.To }

// Observation identifies one report of a link. Repeats of a link with a new
// observation raise its count; a replayed observation does not.
func (l *Link) Observation() string {
	at := ""
	if !l.At.IsZero() {
		at = l.At.UTC().Format(time.RFC3339Nano)
	}
	return at + "|" + l.Source + "|" + l.Seen
}

// LinkState is a stored link with its merged observations.
type LinkState struct {
	Kind     LinkKind  `json:"kind"`
	From     string    `json:"from"`
	To       string    `json:"to"`
	Weight   float64   `json:"weight"`
	Count    int       `json:"count"`
	FirstAt  time.Time `json:"first_at,omitzero"`
	LastAt   time.Time `json:"last_at,omitzero"`
	Sources  []string  `json:"sources,omitempty"`
	Seen     []string  `json:"seen,omitempty"`
	Observed []string  `json:"-"`
}

// Observe folds one report of the link into s. It is idempotent for a
// repeated observation.
func (s *LinkState) Observe(l *Link) {
	s.Kind, s.From, s.To = l.Kind, l.From, l.To
	obs := l.Observation()
	if _, found := slices.BinarySearch(s.Observed, obs); found {
		return
	}
	s.Observed = union(s.Observed, []string{obs})
	s.Count = len(s.Observed)
	w := l.Weight
	if w == 0 {
		w = 1
	}
	if w > s.Weight {
		s.Weight = w
	}
	if !l.At.IsZero() {
		if s.FirstAt.IsZero() || l.At.Before(s.FirstAt) {
			s.FirstAt = l.At
		}
		if l.At.After(s.LastAt) {
			s.LastAt = l.At
		}
	}
	if l.Source != "" {
		s.Sources = union(s.Sources, []string{l.Source})
	}
	if l.Seen != "" {
		s.Seen = union(s.Seen, []string{l.Seen})
	}
}

// Batch is a unit of writing: all of it is applied, or none.
// Ingest builds batches from records; identifiers are already normalised.
type Batch struct {
	Entities []Entity
	Links    []Link
}

// Len is the number of records in the batch.
func (b *Batch) Len() int { return len(b.Entities) + len(b.Links) }

// asciiSearchTokens is SearchTokens for a handle and name of ASCII
// characters only (false otherwise), with two allocations: the tokens are
// cut from one lower-cased copy of both. For ASCII, lower-casing keeps
// every byte in its place, letters and digits are [A-Za-z0-9] and white
// space is \t \n \v \f \r and ' ' (checked against the general path by
// TestSearchTokensASCII and FuzzSearchTokens).
func asciiSearchTokens(handle, name string) ([]string, bool) {
	if !isASCII(handle) || !isASCII(name) {
		return nil, false
	}
	var sb strings.Builder // its String is the bytes written, not a copy
	sb.Grow(len(handle) + len(name))
	writeLowerASCII(&sb, handle)
	writeLowerASCII(&sb, name)
	low := sb.String()
	lh, ln := low[:len(handle)], low[len(handle):]
	out := make([]string, 0, 8)
	asciiTokens(lh, ln, func(t string) { out = append(out, t) })
	if len(out) == 0 {
		return nil, true // as the general path
	}
	slices.Sort(out)
	return slices.Compact(out), true
}

// asciiTokens calls f with each search token of an ASCII handle and name
// as it is written there (not lower-cased), in no order and perhaps more
// than once: the handle without its @, the handle's runs of letters and
// digits, the name, the name's runs, each trimmed of white space, and only
// those non-empty and shorter than 200 bytes.
func asciiTokens(handle, name string, f func(string)) {
	add := func(t string) {
		if t = trimASCIISpace(t); t != "" && len(t) < 200 {
			f(t)
		}
	}
	runs := func(s string) {
		start := -1
		for i := 0; i <= len(s); i++ {
			if i < len(s) && isASCIIAlnum(s[i]) {
				if start < 0 {
					start = i
				}
				continue
			}
			if start >= 0 {
				add(s[start:i])
				start = -1
			}
		}
	}
	add(strings.TrimPrefix(handle, "@"))
	runs(handle)
	add(name)
	runs(name)
}

func isASCII(s string) bool {
	for i := range len(s) {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func writeLowerASCII(sb *strings.Builder, s string) {
	for i := range len(s) {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		sb.WriteByte(c)
	}
}

func isASCIIAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func trimASCIISpace(s string) string {
	sp := func(c byte) bool { return c == ' ' || '\t' <= c && c <= '\r' }
	for len(s) > 0 && sp(s[0]) {
		s = s[1:]
	}
	for len(s) > 0 && sp(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

// IsFirstSearchToken reports whether tok is the first (the smallest) of
// the search tokens of an account with this handle and name (SearchTokens)
// that start with prefix. A search by one word lists an account once, at
// that token; for ASCII handles and names this is decided without building
// the token list (checked against SearchTokens by TestIsFirstSearchToken
// and FuzzSearchTokens).
func IsFirstSearchToken(handle, name, prefix string, tok []byte) bool {
	if !isASCII(handle) || !isASCII(name) {
		for _, t := range searchTokens(handle, name) {
			if strings.HasPrefix(t, prefix) {
				return t == string(tok)
			}
		}
		return false
	}
	first, found := "", false // a token as it is written, not lower-cased
	asciiTokens(handle, name, func(t string) {
		if hasLowerPrefix(t, prefix) && (!found || compareLower(t, first) < 0) {
			first, found = t, true
		}
	})
	return found && len(first) == len(tok) && hasLowerPrefix(first, unsafeString(tok))
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// hasLowerPrefix reports whether s, lower-cased, starts with p (ASCII).
func hasLowerPrefix(s, p string) bool {
	if len(s) < len(p) {
		return false
	}
	for i := range len(p) {
		if lowerASCII(s[i]) != p[i] {
			return false
		}
	}
	return true
}

// compareLower compares a and b lower-cased (ASCII).
func compareLower(a, b string) int {
	for i := range min(len(a), len(b)) {
		if x, y := lowerASCII(a[i]), lowerASCII(b[i]); x != y {
			return cmp.Compare(x, y)
		}
	}
	return cmp.Compare(len(a), len(b))
}

// unsafeString is b as a string, for reading while b is not changed.
func unsafeString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// SearchTokens are the search tokens of an account: its handle, the parts
// of the handle and the words of its name, lower-cased, sorted, without
// duplicates. A search matches an account when every word of the query is
// a prefix of one of its tokens; every store uses these same tokens.
func SearchTokens(e *Entity) []string {
	if e.Kind != KindAccount {
		return nil
	}
	if out, ok := asciiSearchTokens(e.Handle, e.Name); ok {
		return out
	}
	return searchTokens(e.Handle, e.Name)
}

// searchTokens is SearchTokens for any text.
func searchTokens(handle, name string) []string {
	var out []string
	add := func(s string) {
		s = strings.ToLower(strings.TrimSpace(s))
		if s != "" && len(s) < 200 {
			out = append(out, s)
		}
	}
	add(strings.TrimPrefix(handle, "@"))
	split := func(s string) {
		for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			add(w)
		}
	}
	split(handle)
	add(name)
	split(name)
	slices.Sort(out)
	return slices.Compact(out)
}
