package referral

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/rank"
)

// Store is what the referral workflow needs of the graph store: reads of
// entities and identifiers, batches (to record takedowns), the export (for
// re-emergence) and documents. graph.Store satisfies it.
type Store interface {
	graph.Reader
	graph.Writer
	graph.Exporter
	graph.DocStore
}

// Defaults.
const (
	// DefaultHubLimit: an identifier used by more accounts than this (a
	// charity's helpline, a bank's fraud line) ties nobody to anybody; it
	// is left out of re-emergence alerts and of the ranking input.
	DefaultHubLimit = 50
	// MaxItems bounds the items of one referral.
	MaxItems = 2000
	// maxRankPosts bounds the posts of one cluster given to rank.Score
	// (newest first).
	maxRankPosts = 1000
	// readWorkers is how many entity reads run at once.
	readWorkers = 4
)

// Service is the referral workflow over a store: takedown plans,
// referrals, outcome statistics and re-emergence alerts. It is safe for
// concurrent use; changes to referral and alert documents are serialised
// within the process.
type Service struct {
	st       Store
	rank     *rank.Config
	now      func() time.Time
	hubLimit int

	mu      sync.Mutex // serialises read-modify-write of referral documents
	alertMu sync.Mutex // serialises detection and acknowledgement of alerts
}

// Option configures a Service.
type Option func(*Service)

// WithRankConfig scores networks with cfg (weights, tiers, lexicon)
// instead of rank.DefaultConfig().
func WithRankConfig(cfg *rank.Config) Option {
	return func(s *Service) {
		if cfg != nil {
			s.rank = cfg
		}
	}
}

// WithClock sets the clock of timestamps (tests, replays).
func WithClock(now func() time.Time) Option {
	return func(s *Service) {
		if now != nil {
			s.now = now
		}
	}
}

// WithHubLimit sets the number of accounts beyond which an identifier is
// a hub (DefaultHubLimit).
func WithHubLimit(n int) Option {
	return func(s *Service) {
		if n > 0 {
			s.hubLimit = n
		}
	}
}

// New returns the workflow over st.
func New(st Store, opts ...Option) *Service {
	s := &Service{st: st, now: time.Now, hubLimit: DefaultHubLimit}
	for _, o := range opts {
		o(s)
	}
	if s.rank == nil {
		s.rank = rank.DefaultConfig()
	}
	return s
}

func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Millisecond) }

func (s *Service) lexicon() *rank.Lexicon {
	if s.rank.Lexicon != nil {
		return s.rank.Lexicon
	}
	return rank.DefaultLexicon()
}

// getJSON reads a document into v.
func getJSON(ctx context.Context, st graph.DocStore, coll graph.Collection, id string, v any) error {
	d, err := st.GetDoc(ctx, coll, id)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(d.Body, v); err != nil {
		return graph.Internal(fmt.Errorf("document %s/%s: %w", coll, id, err))
	}
	return nil
}

// putJSON writes v as a document.
func putJSON(ctx context.Context, st graph.DocStore, coll graph.Collection, id string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return graph.Internal(err)
	}
	return st.PutDocs(ctx, coll, []graph.Doc{{ID: id, Body: b}})
}

// eachDoc calls fn for every document of a collection, in id order.
func eachDoc(ctx context.Context, st graph.DocStore, coll graph.Collection, fn func(graph.Doc) error) error {
	const page = 500
	after := ""
	for {
		docs, err := st.ListDocs(ctx, coll, after, page)
		if err != nil {
			return err
		}
		for _, d := range docs {
			if err := fn(d); err != nil {
				return err
			}
		}
		if len(docs) < page {
			return nil
		}
		after = docs[len(docs)-1].ID
	}
}

// down reports whether a status means the platform took the entity down.
func down(s graph.Status) bool { return s == graph.StatusRemoved || s == graph.StatusSuspended }
