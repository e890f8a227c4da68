package graph

import (
	"context"
	"encoding/json"
	"time"
)

// Store is the graph store. Every implementation (the embedded store in
// graph/bolt, Neo4j in graph/neo4j) passes the conformance suite in
// graph/storetest. All methods are safe for concurrent use; reads run
// concurrently with one writer.
type Store interface {
	Writer
	Reader
	StepSource
	Exporter
	AuditLog
	DocStore
	// Close releases the store. Acknowledged writes are durable before it
	// returns.
	Close() error
}

// Writer applies batches.
type Writer interface {
	// Apply writes a batch atomically: when it returns nil, all of the
	// batch is durable; when it returns an error, none of it is written.
	// Entities are merged into existing ones (Entity.Merge), links into
	// existing links (LinkState.Observe), and ids named by links that are
	// not yet known become placeholders of the kind the link implies
	// (LinkRules). An id of the wrong kind for a link is ECONFLICT.
	// Applying the same batch twice changes nothing.
	Apply(ctx context.Context, b *Batch) (ApplyResult, error)
}

// ApplyResult counts what a batch wrote, per record kind.
type ApplyResult struct {
	Accounts     int `json:"accounts"`
	Pages        int `json:"pages"`
	Posts        int `json:"posts"`
	Links        int `json:"links"`
	Identifiers  int `json:"identifiers"`
	Placeholders int `json:"placeholders"`
}

// Add adds o to r.
func (r *ApplyResult) Add(o ApplyResult) {
	r.Accounts += o.Accounts
	r.Pages += o.Pages
	r.Posts += o.Posts
	r.Links += o.Links
	r.Identifiers += o.Identifiers
	r.Placeholders += o.Placeholders
}

// Reader answers the investigators' lookups.
type Reader interface {
	// Entity returns one account, page or post with its identifiers, link
	// counts and, for an account, its latest posts. ENOTFOUND if unknown.
	Entity(ctx context.Context, id string) (*EntityView, error)
	// SearchAccounts finds accounts by handle or name prefix (q), platform
	// and status, or by identifier (any spelling). Results are ordered and
	// paginated by an opaque cursor that stays stable while data is added.
	SearchAccounts(ctx context.Context, q AccountQuery) (*AccountPage, error)
	// Identifier returns the entities that use an identifier, given in its
	// normalised form. ENOTFOUND if no entity uses it.
	Identifier(ctx context.Context, kind IdentKind, value string) (*IdentifierView, error)
	// Stats counts the graph.
	Stats(ctx context.Context) (*Stats, error)
}

// EntityView is an entity with what ties it to the rest of the graph.
type EntityView struct {
	Entity
	Identifiers []IdentifierUse         `json:"identifiers"`
	LinkCounts  map[LinkKind]LinkCounts `json:"link_counts"`
	// Posts are an account's latest posts (at most 50, newest first).
	Posts []Entity `json:"posts,omitempty"`
}

// LinkCounts counts an entity's links of one kind by direction.
type LinkCounts struct {
	Out int `json:"out"`
	In  int `json:"in"`
}

// IdentifierUse is one identifier of an entity and where it was seen.
type IdentifierUse struct {
	Identifier
	// Via is the post through which an account uses the identifier, if
	// it was seen in one of its posts rather than on the account.
	Via  string   `json:"via,omitempty"`
	Seen []string `json:"seen"`
}

// AccountQuery is an account search.
type AccountQuery struct {
	Q          string
	Platform   string
	Status     Status
	Identifier string // any spelling: "07700 900123" finds +447700900123
	Region     string // default region for national phone numbers
	Limit      int
	Cursor     string
}

// AccountPage is one page of search results.
type AccountPage struct {
	Items []Entity `json:"items"`
	Next  string   `json:"next,omitempty"`
}

// IdentifierView is an identifier and the entities that use it.
type IdentifierView struct {
	Identifier
	Users []IdentifierUser `json:"users"`
}

// IdentifierUser is an entity that uses an identifier.
type IdentifierUser struct {
	ID       string   `json:"id"`
	Kind     NodeKind `json:"kind"`
	Platform string   `json:"platform,omitempty"`
	Handle   string   `json:"handle,omitempty"`
	Status   Status   `json:"status"`
	Seen     []string `json:"seen"`
}

// Stats counts the graph per kind, status and platform.
type Stats struct {
	Accounts    int            `json:"accounts"`
	Pages       int            `json:"pages"`
	Posts       int            `json:"posts"`
	Identifiers int            `json:"identifiers"`
	Links       int            `json:"links"`
	Status      map[Status]int `json:"status"`
	Platform    map[string]int `json:"platform"`
	// Version changes whenever the graph changes.
	Version uint64 `json:"version"`
}

// Count adds d (1 or -1) of entity e to the counts: accounts by status and
// platform, pages and posts. Every store keeps its counts with it, so that
// their stats agree. A nil e counts nothing.
func (s *Stats) Count(e *Entity, d int) {
	if e == nil {
		return
	}
	switch e.Kind {
	case KindAccount:
		s.Accounts += d
		st := e.Status
		if st == "" {
			st = StatusUnknown
		}
		if s.Status == nil {
			s.Status = map[Status]int{}
		}
		if s.Status[st] += d; s.Status[st] == 0 {
			delete(s.Status, st)
		}
		if e.Platform != "" {
			if s.Platform == nil {
				s.Platform = map[string]int{}
			}
			if s.Platform[e.Platform] += d; s.Platform[e.Platform] == 0 {
				delete(s.Platform, e.Platform)
			}
		}
	case KindPage:
		s.Pages += d
	case KindPost:
		s.Posts += d
	}
}

// Exporter streams the whole graph, for analysis.
type Exporter interface {
	// Export calls entity for every account, page and post, then link for
	// every link (uses links carry the identifier), stopping at the first
	// error. The identifier passed to link may be shared between calls:
	// callers must not modify it.
	Export(ctx context.Context, entity func(*Entity) error, link func(*LinkState, *Identifier) error) error
}

// AuditEntry is one record of the audit trail. Each entry carries the hash
// of the one before, so an edit anywhere breaks the chain (VerifyAudit).
type AuditEntry struct {
	Seq      uint64    `json:"seq"`
	Time     time.Time `json:"time"`
	Actor    string    `json:"actor"`
	Role     string    `json:"role,omitempty"`
	Action   string    `json:"action"` // e.g. "GET /v1/accounts/:id"
	Entities []string  `json:"entities,omitempty"`
	Outcome  string    `json:"outcome"` // e.g. "200"
	Request  string    `json:"request_id,omitempty"`
	PrevHash string    `json:"prev_hash"`
	Hash     string    `json:"hash"`
}

// AuditLog is the append-only, hash-chained audit trail.
type AuditLog interface {
	// AppendAudit sets e's Seq, PrevHash and Hash and appends it.
	AppendAudit(ctx context.Context, e *AuditEntry) error
	// Audit lists entries in order of Seq, after the given Seq.
	Audit(ctx context.Context, q AuditQuery) ([]AuditEntry, error)
}

// AuditQuery filters the audit trail.
type AuditQuery struct {
	Actor string
	Since time.Time
	After uint64
	Limit int
}

// DocStore keeps the documents of analysis and of the referral workflow
// (runs, clusters, referrals, alerts) as JSON, by collection and id.
type DocStore interface {
	// PutDocs writes documents atomically, replacing any with the same id.
	PutDocs(ctx context.Context, coll Collection, docs []Doc) error
	// GetDoc returns one document, ENOTFOUND if absent.
	GetDoc(ctx context.Context, coll Collection, id string) (*Doc, error)
	// ListDocs lists documents in id order after the id `after`.
	ListDocs(ctx context.Context, coll Collection, after string, limit int) ([]Doc, error)
	// DeleteDocs removes documents; absent ids are ignored.
	DeleteDocs(ctx context.Context, coll Collection, ids []string) error
}

// Collection is a closed set of document collections.
type Collection string

const (
	CollRuns      Collection = "runs"
	CollClusters  Collection = "clusters"
	CollReferrals Collection = "referrals"
	CollAlerts    Collection = "alerts"
	CollMeta      Collection = "meta"
)

// Collections lists every collection.
var Collections = []Collection{CollRuns, CollClusters, CollReferrals, CollAlerts, CollMeta}

// Doc is one stored document.
type Doc struct {
	ID   string          `json:"id"`
	Body json.RawMessage `json:"body"`
}
