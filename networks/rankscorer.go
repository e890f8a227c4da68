package networks

import (
	"sync"

	"github.com/takedown/takedown/rank"
)

// RankScorer scores clusters with package rank (rank.Score), the default
// scorer of runs. The explanation stored with a cluster is rank's factors
// (their contributions add up to the score) and whether the cluster
// advertises crossings; the evidence is rank's posts and identifiers.
type RankScorer struct {
	// Config is rank's configuration; nil means rank.DefaultConfig().
	Config *rank.Config

	once sync.Once
	cfg  *rank.Config
}

// NewRankScorer returns a RankScorer with cfg (nil for rank's defaults).
func NewRankScorer(cfg *rank.Config) *RankScorer { return &RankScorer{Config: cfg} }

// RankExplanation is the explanation a RankScorer stores.
type RankExplanation struct {
	Factors []rank.Factor `json:"factors"`
	Advert  bool          `json:"advert"`
}

// Score implements Scorer.
func (s *RankScorer) Score(c *ClusterInput) (float64, string, any, any) {
	s.once.Do(func() {
		s.cfg = s.Config
		if s.cfg == nil {
			s.cfg = rank.DefaultConfig()
		}
	})
	res := rank.Score(RankInput(c), s.cfg)
	return res.Score, res.Tier, RankExplanation{Factors: res.Factors, Advert: res.Advert}, res.Evidence
}

// RankInput converts a cluster's input to rank's.
func RankInput(c *ClusterInput) *rank.Input {
	in := &rank.Input{
		ClusterID:    c.ID,
		Members:      make([]rank.Member, len(c.Members)),
		Posts:        make([]rank.Post, len(c.Posts)),
		Identifiers:  make([]rank.Identifier, len(c.Identifiers)),
		CoAdminPairs: len(c.CoAdminPairs),
		RepostPairs:  len(c.RepostPairs),
		ContactPairs: len(c.ContactPairs),
		AsOf:         c.AsOf,
	}
	for i, m := range c.Members {
		in.Members[i] = rank.Member{ID: m.ID, Kind: string(m.Kind), Platform: m.Platform, Handle: m.Handle, Name: m.Name,
			Bio: m.Bio, Status: string(m.Status), Followers: m.Followers, Members: m.Members, CreatedAt: m.CreatedAt, FirstSeen: m.FirstSeen}
	}
	for i, p := range c.Posts {
		in.Posts[i] = rank.Post{ID: p.ID, Author: p.Author, Platform: p.Platform, Text: p.Text, Status: string(p.Status), PostedAt: p.PostedAt}
	}
	for i, id := range c.Identifiers {
		in.Identifiers[i] = rank.Identifier{Key: id.Key, Kind: string(id.Kind), Value: id.Value, Users: id.Users, Public: id.Public}
	}
	return in
}
