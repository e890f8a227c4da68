package rank

import "time"

// Member is an account or a page (page, group or channel) of a cluster.
type Member struct {
	ID        string    `json:"id"`
	Kind      string    `json:"kind"` // "account" or "page"
	Platform  string    `json:"platform"`
	Handle    string    `json:"handle,omitempty"`
	Name      string    `json:"name,omitempty"`
	Bio       string    `json:"bio,omitempty"`
	Status    string    `json:"status"` // active, removed, suspended, unknown
	Followers int64     `json:"followers,omitempty"`
	Members   int64     `json:"members,omitempty"` // a page's members or subscribers
	CreatedAt time.Time `json:"created_at,omitzero"`
	FirstSeen time.Time `json:"first_seen,omitzero"`
}

// Post is a post written by a member of the cluster.
type Post struct {
	ID       string    `json:"id"`
	Author   string    `json:"author"`
	Platform string    `json:"platform"`
	Text     string    `json:"text"`
	Status   string    `json:"status"`
	PostedAt time.Time `json:"posted_at,omitzero"`
}

// Identifier is an identifier (phone, messaging handle, payment handle...)
// used by members of the cluster.
type Identifier struct {
	Key   string   `json:"key"`   // kind:value
	Kind  string   `json:"kind"`  // phone, email, url, messaging, payment, crypto, image_hash
	Value string   `json:"value"` // normalised value
	Users []string `json:"users"` // ids of the members that use it
	// Public is true when the identifier was seen in a bio or a post text,
	// that is, advertised.
	Public bool `json:"public"`
}

// Input is one cluster to score. Identifiers are the identifiers shared
// by two members or more, or any used by members.
type Input struct {
	ClusterID   string       `json:"cluster_id"`
	Members     []Member     `json:"members"`
	Posts       []Post       `json:"posts"`
	Identifiers []Identifier `json:"identifiers"`
	// Pairs of members linked by co-administration of a page, by reposting
	// each other's posts, and by contact links.
	CoAdminPairs int `json:"co_admin_pairs"`
	RepostPairs  int `json:"repost_pairs"`
	ContactPairs int `json:"contact_pairs"`
	// AsOf is the time the cluster is scored at; zero means now.
	AsOf time.Time `json:"as_of,omitzero"`
}

// Result is a cluster's score, its tier and the explanation: Score is
// exactly the sum of the factors' contributions.
type Result struct {
	ClusterID string    `json:"cluster_id,omitempty"`
	AsOf      time.Time `json:"as_of"`
	Score     float64   `json:"score"`
	Tier      string    `json:"tier"`
	Factors   []Factor  `json:"factors"`
	Evidence  Evidence  `json:"evidence"`
	// Advert is true when the cluster advertises crossings: at least one
	// full advert, and adverts, not discussion, dominate its content.
	Advert bool `json:"advert"`
}

// Factor is one term of the score. Contribution = Weight × Normalized.
type Factor struct {
	Name         string  `json:"name"`
	Raw          float64 `json:"raw"`
	Normalized   float64 `json:"normalized"`
	Weight       float64 `json:"weight"`
	Contribution float64 `json:"contribution"`
	Note         string  `json:"note"`
}

// Evidence is what an investigator checks before a referral: the texts
// with indicators, adverts first, and the cluster's identifiers.
type Evidence struct {
	Posts       []PostEvidence       `json:"posts"`
	Identifiers []IdentifierEvidence `json:"identifiers"`
}

// PostEvidence is a post (or, with Bio set, a member's bio) and its hits.
// For a bio, PostID is empty and Author is the member.
type PostEvidence struct {
	PostID     string `json:"post_id,omitempty"`
	Author     string `json:"author"`
	Text       string `json:"text"`
	Hits       []Hit  `json:"hits"`
	Bio        bool   `json:"bio,omitempty"`
	Advert     bool   `json:"advert"`     // a full advert
	Discussion bool   `json:"discussion"` // warns, reports or advises
}

// IdentifierEvidence is one identifier of the cluster.
type IdentifierEvidence struct {
	Key    string `json:"key"`
	Kind   string `json:"kind"`
	Value  string `json:"value"`
	Users  int    `json:"users"`
	Public bool   `json:"public"`
}

// Tiers.
const (
	TierTop    = "top"
	TierHigh   = "high"
	TierMedium = "medium"
	TierLow    = "low"
)

// Factor names, in the order of Result.Factors.
const (
	FactorSize           = "size"
	FactorCrossPlatform  = "cross_platform"
	FactorReach          = "reach"
	FactorActivity       = "activity"
	FactorAdvert         = "advert"
	FactorCoordination   = "coordination"
	FactorReemergence    = "reemergence"
	FactorPublicContacts = "public_contacts"
	// FactorAdvertGate is the discussion penalty: always last, its
	// contribution is zero or negative.
	FactorAdvertGate = "advert_gate"
)

// FactorNames lists the weighted factors in order.
var FactorNames = []string{FactorSize, FactorCrossPlatform, FactorReach, FactorActivity, FactorAdvert, FactorCoordination, FactorReemergence, FactorPublicContacts}
