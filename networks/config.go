package networks

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/takedown/takedown/graph"
)

//go:embed weights.default.json
var defaultConfigJSON []byte

// DefaultConfigJSON returns the embedded default configuration
// (weights.default.json), the documented starting point of a custom file.
func DefaultConfigJSON() []byte { return slices.Clone(defaultConfigJSON) }

// Evidence kinds of the projection, beyond those of graph.Evidence.
const (
	EvAdminOf    graph.Evidence = "admin_of"      // an account administers a page
	EvMemberOf   graph.Evidence = "member_of"     // an account is a member of a page
	EvPostedIn   graph.Evidence = "posted_in"     // an account posted in a page
	EvDomain     graph.Evidence = "shared_domain" // URLs on the same domain
	EvCoordURL   graph.Evidence = "coord_url"     // the same URL posted within the window
	EvCoordMedia graph.Evidence = "coord_media"   // the same media fingerprint posted within the window
	EvCoordText  graph.Evidence = "coord_text"    // near-identical text posted within the window
)

// Strength classes of evidence.
const (
	ClassStrong       = "strong"
	ClassMedium       = "medium"
	ClassWeak         = "weak"
	ClassCoordination = "coordination"
)

// evidence is the closed set of edge evidence, as small integers so that an
// edge's evidence fits a bit mask.
type evidence uint8

const (
	evPhone evidence = iota
	evMessaging
	evPayment
	evCrypto
	evEmail
	evCoAdmin
	evAdminOf
	evContact
	evImage
	evRepost
	evReply
	evMention
	evCoordURL
	evCoordMedia
	evCoordText
	evURL
	evDomain
	evFollows
	evMemberOf
	evPostedIn
	nEvidence
)

var evidenceNames = [nEvidence]graph.Evidence{
	evPhone: graph.EvPhone, evMessaging: graph.EvMessaging, evPayment: graph.EvPayment,
	evCrypto: graph.EvCrypto, evEmail: graph.EvEmail, evCoAdmin: graph.EvCoAdmin, evAdminOf: EvAdminOf,
	evContact: graph.EvContact, evImage: graph.EvImageHash, evRepost: graph.EvRepost, evReply: graph.EvReply,
	evMention: graph.EvMention, evCoordURL: EvCoordURL, evCoordMedia: EvCoordMedia, evCoordText: EvCoordText,
	evURL: graph.EvURL, evDomain: EvDomain, evFollows: graph.EvFollows, evMemberOf: EvMemberOf, evPostedIn: EvPostedIn,
}

var evidenceClass = [nEvidence]string{
	evPhone: ClassStrong, evMessaging: ClassStrong, evPayment: ClassStrong, evCrypto: ClassStrong,
	evEmail: ClassStrong, evCoAdmin: ClassStrong, evAdminOf: ClassStrong, evContact: ClassStrong,
	evImage: ClassMedium, evRepost: ClassMedium, evReply: ClassMedium, evMention: ClassMedium,
	evCoordURL: ClassCoordination, evCoordMedia: ClassCoordination, evCoordText: ClassCoordination,
	evURL: ClassWeak, evDomain: ClassWeak, evFollows: ClassWeak, evMemberOf: ClassWeak, evPostedIn: ClassWeak,
}

func (e evidence) name() graph.Evidence { return evidenceNames[e] }

// weak reports whether e is weak evidence (it does not count towards a
// cluster's signal, see DetectionConfig.MinSignal).
func (e evidence) weak() bool { return evidenceClass[e] == ClassWeak }

// EvidenceKinds lists the edge evidence kinds, strongest class first.
func EvidenceKinds() []graph.Evidence { return slices.Clone(evidenceNames[:]) }

// EvidenceClass returns the strength class of an edge evidence kind
// ("strong", "medium", "weak", "coordination"), or "" if unknown.
func EvidenceClass(e graph.Evidence) string {
	for i, n := range evidenceNames {
		if n == e {
			return evidenceClass[i]
		}
	}
	return ""
}

// identEvidence is the evidence of sharing an identifier of kind k.
func identEvidence(k graph.IdentKind) evidence {
	switch k {
	case graph.IdentPhone:
		return evPhone
	case graph.IdentMessaging:
		return evMessaging
	case graph.IdentPayment:
		return evPayment
	case graph.IdentCrypto:
		return evCrypto
	case graph.IdentEmail:
		return evEmail
	case graph.IdentImageHash:
		return evImage
	}
	return evURL
}

// Duration is a time.Duration written in JSON as a Go duration string
// ("1h", "90m").
type Duration time.Duration

// MarshalJSON writes d as a duration string.
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

// UnmarshalJSON reads a duration string or a number of seconds.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		var secs float64
		if err2 := json.Unmarshal(b, &secs); err2 != nil {
			return fmt.Errorf("duration must be a string such as \"1h\" or a number of seconds")
		}
		*d = Duration(secs * float64(time.Second))
		return nil
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}

// Config is the whole configuration of an analysis. The defaults are the
// embedded weights.default.json; LoadConfig overlays a file on them.
type Config struct {
	// Weights is the weight of one unit of each evidence kind (see the
	// package documentation for how counts, IDF and cliques scale it).
	Weights map[graph.Evidence]float64 `json:"weights"`
	// HubCut: an identifier, page or domain shared by more than HubCut
	// actors is a hub and gives no edges; the run lists it. The same cut
	// bounds the actors of one coordination item.
	HubCut int `json:"hub_cut"`
	// CliqueMax: an identifier shared by at most CliqueMax actors joins
	// every pair; a larger one (up to HubCut) is joined by a circulant
	// graph of degree CliqueMax (see the package documentation).
	CliqueMax int `json:"clique_max"`
	// IDF damps shared evidence by log(N/df)/log(N).
	IDF bool `json:"idf"`
	// FollowHubCut, when positive, drops follows of an account followed by
	// more than this many actors; follows are IDF-damped by the followee's
	// in-degree in any case when IDF is on.
	FollowHubCut int `json:"follow_hub_cut"`

	Coordination CoordinationConfig `json:"coordination"`
	Detection    DetectionConfig    `json:"detection"`
	KeyPlayers   KeyPlayersConfig   `json:"key_players"`
	Lineage      LineageConfig      `json:"lineage"`
	Ranking      RankingConfig      `json:"ranking"`
}

// CoordinationConfig sets the coordination edges (CooRnet, Giglietto et
// al. 2020; coordination-network-toolkit, Graham et al. 2020).
type CoordinationConfig struct {
	// Window: two posts of one item coordinate when posted at most Window
	// apart.
	Window Duration `json:"window"`
	// MinRepetitions: two actors get a coordination edge of a kind when
	// they coordinated on at least this many distinct items of that kind.
	MinRepetitions int `json:"min_repetitions"`
	// Similarity is the Jaccard similarity of word shingles above which
	// two texts are near-identical.
	Similarity float64 `json:"similarity"`
	// MinTokens: texts with fewer normalised words are not compared.
	MinTokens int `json:"min_tokens"`
	// Shingle is the number of words in a shingle.
	Shingle int `json:"shingle"`
}

// DetectionConfig sets community detection.
type DetectionConfig struct {
	Resolution    float64 `json:"resolution"`
	Seed          int64   `json:"seed"`
	MinSize       int     `json:"min_size"`
	MaxIterations int     `json:"max_iterations"`
	// MinSignal: a cluster is reported only if the total weight of its
	// internal edges from strong, medium and coordination evidence is at
	// least MinSignal (a community held together by follows and page
	// memberships alone is not a network).
	MinSignal float64 `json:"min_signal"`
	// SplitConductance: a sub-community whose conductance inside its
	// community is below this is split off (see detect).
	SplitConductance float64 `json:"split_conductance"`
	// MinAttachment: members whose strong, medium and coordination weight
	// to the rest of their cluster is below this are pruned.
	MinAttachment float64 `json:"min_attachment"`
}

// KeyPlayersConfig sets the centrality of key players.
type KeyPlayersConfig struct {
	// Count is the number of key players by PageRank per cluster.
	Count int `json:"count"`
	// Damping is the PageRank damping factor.
	Damping float64 `json:"damping"`
	// BetweennessMax: clusters with more members get betweenness estimated
	// from BetweennessSamples sources instead of computed exactly.
	BetweennessMax     int `json:"betweenness_max"`
	BetweennessSamples int `json:"betweenness_samples"`
}

// LineageConfig sets the matching of clusters across runs.
type LineageConfig struct {
	// Match is the least Jaccard similarity of members for a new cluster
	// to keep the id of a previous one.
	Match float64 `json:"match"`
	// Share is the least fraction of a previous cluster's members that a
	// new cluster must hold to count as one of its parts (split) or
	// sources (merge).
	Share float64 `json:"share"`
	// Change is the relative size change beyond which a continued cluster
	// is "grown" or "shrunk".
	Change float64 `json:"change"`
}

// RankingConfig bounds the per-cluster input of the scorer.
type RankingConfig struct {
	MaxPosts       int `json:"max_posts"`
	MaxIdentifiers int `json:"max_identifiers"`
	// AsOf is the date ranking measures recency from; zero means the
	// latest time seen in the graph, so a run depends on the data alone.
	AsOf time.Time `json:"as_of,omitzero"`
}

// DefaultConfig returns the embedded defaults.
func DefaultConfig() *Config {
	c, err := parseConfig(nil, defaultConfigJSON)
	if err != nil {
		panic("networks: invalid embedded weights.default.json: " + err.Error())
	}
	return c
}

// LoadConfig reads a JSON configuration file and overlays it on the
// defaults: fields the file leaves out keep their default, and weights it
// names replace only those weights. An empty path returns the defaults.
// Unknown fields and evidence kinds are EINVALID.
func LoadConfig(path string) (*Config, error) {
	if path == "" {
		return DefaultConfig(), nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, graph.Errorf(graph.ENOTFOUND, "configuration file %s not found", path)
		}
		return nil, graph.Internal(err)
	}
	return ParseConfig(b)
}

// ParseConfig is LoadConfig on the bytes of a file.
func ParseConfig(b []byte) (*Config, error) {
	base, err := parseConfig(nil, defaultConfigJSON)
	if err != nil {
		return nil, graph.Internal(err)
	}
	c, err := parseConfig(base, b)
	if err != nil {
		return nil, graph.Errorf(graph.EINVALID, "configuration: %v", err)
	}
	return c, nil
}

func parseConfig(base *Config, b []byte) (*Config, error) {
	c := &Config{}
	if base != nil {
		c = base.Clone()
	}
	// Decoding into the cloned defaults overlays the file: absent fields
	// keep their value and the weights map gains or replaces only the
	// kinds the file names.
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(c); err != nil {
		return nil, err
	}
	return c, c.Validate()
}

// Clone returns a deep copy of c.
func (c *Config) Clone() *Config {
	o := *c
	o.Weights = make(map[graph.Evidence]float64, len(c.Weights))
	for k, v := range c.Weights {
		o.Weights[k] = v
	}
	return &o
}

// Validate checks every field.
func (c *Config) Validate() error {
	var bad []string
	for k, v := range c.Weights {
		if EvidenceClass(k) == "" {
			bad = append(bad, fmt.Sprintf("unknown evidence kind %q in weights (known: %s)", k, evidenceList()))
		} else if !(v >= 0) || math.IsInf(v, 0) {
			bad = append(bad, fmt.Sprintf("weight of %s must be a non-negative number", k))
		}
	}
	if c.HubCut < 2 {
		bad = append(bad, "hub_cut must be at least 2")
	}
	if c.CliqueMax < 2 {
		bad = append(bad, "clique_max must be at least 2")
	}
	if c.FollowHubCut < 0 {
		bad = append(bad, "follow_hub_cut must not be negative")
	}
	co := &c.Coordination
	if co.Window < 0 {
		bad = append(bad, "coordination.window must not be negative")
	}
	if co.MinRepetitions < 1 {
		bad = append(bad, "coordination.min_repetitions must be at least 1")
	}
	if !(co.Similarity > 0 && co.Similarity <= 1) {
		bad = append(bad, "coordination.similarity must be in (0, 1]")
	}
	if co.Shingle < 1 || co.Shingle > 8 {
		bad = append(bad, "coordination.shingle must be between 1 and 8")
	}
	if co.MinTokens < co.Shingle {
		bad = append(bad, "coordination.min_tokens must be at least coordination.shingle")
	}
	d := &c.Detection
	if !(d.Resolution > 0) || math.IsInf(d.Resolution, 0) {
		bad = append(bad, "detection.resolution must be positive")
	}
	if d.MinSize < 2 {
		bad = append(bad, "detection.min_size must be at least 2")
	}
	if d.MinSignal < 0 {
		bad = append(bad, "detection.min_signal must not be negative")
	}
	if !(d.SplitConductance >= 0 && d.SplitConductance < 1) {
		bad = append(bad, "detection.split_conductance must be in [0, 1)")
	}
	if !(d.MinAttachment >= 0) || math.IsInf(d.MinAttachment, 0) {
		bad = append(bad, "detection.min_attachment must not be negative")
	}
	k := &c.KeyPlayers
	if k.Count < 1 {
		bad = append(bad, "key_players.count must be at least 1")
	}
	if !(k.Damping > 0 && k.Damping < 1) {
		bad = append(bad, "key_players.damping must be in (0, 1)")
	}
	if k.BetweennessMax < 2 || k.BetweennessSamples < 1 {
		bad = append(bad, "key_players.betweenness_max must be at least 2 and betweenness_samples at least 1")
	}
	l := &c.Lineage
	if !(l.Match > 0 && l.Match <= 1) || !(l.Share > 0 && l.Share <= 1) || !(l.Change >= 0) {
		bad = append(bad, "lineage.match and lineage.share must be in (0, 1] and lineage.change non-negative")
	}
	if c.Ranking.MaxPosts < 0 || c.Ranking.MaxIdentifiers < 0 {
		bad = append(bad, "ranking limits must not be negative")
	}
	if len(bad) > 0 {
		slices.Sort(bad)
		return fmt.Errorf("%s", strings.Join(bad, "; "))
	}
	return nil
}

func evidenceList() string {
	s := make([]string, nEvidence)
	for i, n := range evidenceNames {
		s[i] = string(n)
	}
	return strings.Join(s, ", ")
}

// weightTable is the weights indexed by evidence.
func (c *Config) weightTable() [nEvidence]float64 {
	var w [nEvidence]float64
	for i, n := range evidenceNames {
		w[i] = c.Weights[n]
	}
	return w
}
