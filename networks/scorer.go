package networks

import (
	"math"
	"time"

	"github.com/takedown/takedown/graph"
)

// Scorer scores one cluster for ranking. It must be safe for concurrent
// use: clusters are scored in parallel. explanation and evidence are
// stored in the cluster document as given (they must marshal to JSON).
type Scorer interface {
	Score(c *ClusterInput) (score float64, tier string, explanation, evidence any)
}

// ScorerFunc adapts a function to Scorer.
type ScorerFunc func(c *ClusterInput) (float64, string, any, any)

// Score calls f.
func (f ScorerFunc) Score(c *ClusterInput) (float64, string, any, any) { return f(c) }

// ClusterInput is what a scorer knows of a cluster: its members with
// their profiles, their latest posts, the identifiers they use, the pairs
// of members tied by strong direct evidence, and the date to measure
// recency from. Its fields follow the input of the ranking package, so an
// adapter only copies them.
type ClusterInput struct {
	ID          string
	Size        int
	Signal      float64
	Members     []MemberInput
	Posts       []PostInput
	Identifiers []IdentifierInput
	// Pairs of member ids: co-administrators of a page, a reposter and
	// the author reposted, two accounts in contact.
	CoAdminPairs [][2]string
	RepostPairs  [][2]string
	ContactPairs [][2]string
	// EvidenceCount counts the cluster's internal edges by evidence kind.
	EvidenceCount map[graph.Evidence]int
	AsOf          time.Time
}

// MemberInput is a member's profile.
type MemberInput struct {
	ID        string
	Kind      graph.NodeKind
	Platform  string
	Handle    string
	Name      string
	Bio       string
	Status    graph.Status
	Followers int64
	Members   int64
	CreatedAt time.Time
	FirstSeen time.Time
}

// PostInput is a post by a member (the latest RankingConfig.MaxPosts).
type PostInput struct {
	ID       string
	Author   string
	Platform string
	Text     string
	Status   graph.Status
	PostedAt time.Time
}

// IdentifierInput is an identifier used by members. Users are the
// members using it; Public is set when it was seen in a bio, a name or a
// post's text rather than only in explicit intelligence.
type IdentifierInput struct {
	Key    string
	Kind   graph.IdentKind
	Value  string
	Users  []string
	Public bool
}

// SizeScorer is the default scorer when no ranking is available: it
// orders clusters by size, then by the weight of their non-weak evidence.
// score = size + signal/(1 + signal), so the signal only breaks ties
// between clusters of equal size; tier is "high" from 20 members,
// "medium" from 8, else "low".
type SizeScorer struct{}

// Score implements Scorer.
func (SizeScorer) Score(c *ClusterInput) (float64, string, any, any) {
	s := float64(c.Size) + c.Signal/(1+c.Signal)
	tier := "low"
	switch {
	case c.Size >= 20:
		tier = "high"
	case c.Size >= 8:
		tier = "medium"
	}
	expl := map[string]any{
		"method": "size",
		"text":   "ordered by size: " + itoa(c.Size) + " members, evidence weight " + ftoa(c.Signal),
	}
	return math.Round(s*1e6) / 1e6, tier, expl, map[string]any{"evidence_counts": c.EvidenceCount}
}

// defaultScorer is the scorer runs use when none is given: rank's.
func defaultScorer() Scorer { return NewRankScorer(nil) }
