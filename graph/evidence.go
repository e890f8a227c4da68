package graph

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
)

// Evidence is the kind of tie between two accounts in one step.
type Evidence string

const (
	EvSameAs     Evidence = "same_as"
	EvContact    Evidence = "contact"
	EvFollows    Evidence = "follows"
	EvMention    Evidence = "mention"
	EvRepost     Evidence = "repost"
	EvReply      Evidence = "reply"
	EvCoAdmin    Evidence = "co_admin"
	EvPageMember Evidence = "page_member" // one admin, one member of a page
	EvCoMember   Evidence = "co_member"
	EvPhone      Evidence = "shared_phone"
	EvEmail      Evidence = "shared_email"
	EvURL        Evidence = "shared_url"
	EvMessaging  Evidence = "shared_messaging"
	EvPayment    Evidence = "shared_payment"
	EvCrypto     Evidence = "shared_crypto"
	EvImageHash  Evidence = "shared_image_hash"
)

// SharedEvidence is the evidence kind of sharing an identifier of kind k.
func SharedEvidence(k IdentKind) Evidence { return Evidence("shared_" + string(k)) }

// DefaultWeights are the strengths of one step of each kind of evidence,
// in [0, 1]. A path's strength is the product of its steps' strengths, and
// an account's strength the noisy-or of its paths: 1 − Π(1 − s_path).
var DefaultWeights = map[Evidence]float64{
	EvSameAs: 1, EvPhone: 0.9, EvMessaging: 0.9, EvPayment: 0.9, EvCrypto: 0.9, EvEmail: 0.85,
	EvContact: 0.8, EvCoAdmin: 0.8, EvImageHash: 0.7, EvRepost: 0.5, EvReply: 0.4, EvMention: 0.4,
	EvURL: 0.3, EvPageMember: 0.3, EvFollows: 0.2, EvCoMember: 0.2,
}

// ValidEvidence reports whether e is a known kind of evidence.
func ValidEvidence(e Evidence) bool { _, ok := DefaultWeights[e]; return ok }

// Step is one tie from account From to account To. Via is the node through
// which they are tied (an identifier key, a page id or a post id; empty for
// a direct link) and ViaLabel what to show for it (the identifier's value,
// the page's name). Reverse marks a directed tie read backwards ("was
// reposted by" rather than "reposted").
type Step struct {
	From       string   `json:"from"`
	To         string   `json:"to"`
	Evidence   Evidence `json:"evidence"`
	Via        string   `json:"via,omitempty"`
	ViaLabel   string   `json:"via_label,omitempty"`
	Reverse    bool     `json:"reverse,omitempty"`
	Strength   float64  `json:"strength"`
	Text       string   `json:"text"`
	ToPlatform string   `json:"-"`
	ToHandle   string   `json:"-"`
	ToStatus   Status   `json:"-"`
}

// Describe is the investigator-facing sentence for a step, read from From:
// "shares phone +447700900123 with", "reposted post X of", "co-admin of
// page Y with".
func (s *Step) Describe() string {
	via := s.ViaLabel
	if via == "" {
		via = s.Via
	}
	switch s.Evidence {
	case EvSameAs:
		return "is the same actor as"
	case EvContact:
		return "in contact with"
	case EvFollows:
		if s.Reverse {
			return "is followed by"
		}
		return "follows"
	case EvMention:
		if s.Reverse {
			return "is mentioned" + inPost(s.Via) + " by"
		}
		return "mentions" + inPost(s.Via)
	case EvRepost:
		if s.Reverse {
			return "had post " + s.Via + " reposted by"
		}
		return "reposted post " + s.Via + " of"
	case EvReply:
		if s.Reverse {
			return "had post " + s.Via + " replied to by"
		}
		return "replied to post " + s.Via + " of"
	case EvCoAdmin:
		return "co-admin of page " + via + " with"
	case EvPageMember:
		if s.Reverse {
			return "member of page " + via + " run by"
		}
		return "admin of page " + via + " with member"
	case EvCoMember:
		return "member of page " + via + " with"
	}
	if k, ok := strings.CutPrefix(string(s.Evidence), "shared_"); ok {
		return "shares " + strings.ReplaceAll(k, "_", " ") + " " + via + " with"
	}
	return string(s.Evidence)
}

func inPost(post string) string {
	if post == "" {
		return ""
	}
	return " in post " + post
}

// Hub is an identifier or page not expanded because too many entities use
// it (a charity's helpline, a popular domain, a huge group).
type Hub struct {
	ID     string `json:"id"`
	Label  string `json:"label,omitempty"`
	Degree int    `json:"degree"`
}

// StepOptions bound a step expansion.
type StepOptions struct {
	// HubLimit: identifiers and pages with more links than this are
	// reported as hubs and not expanded.
	HubLimit int
	// MemberLimit: in pages with more links than this, being members
	// together (co_member) is not evidence; admins still tie to members.
	MemberLimit int
	// Skip, if set, names accounts the caller has no use for steps to
	// (those it already reached by a shorter walk). A store may leave
	// such steps out to save work, or return them anyway.
	Skip func(account string) bool
}

// DefaultMaxExpand bounds the work of one linked-accounts walk: the
// accounts, beyond the start, whose own ties are followed.
const DefaultMaxExpand = 150

// DefaultHubLimit is the hub limit when none is configured.
const DefaultHubLimit = 200

// DefaultMemberLimit is the co-membership limit when none is configured.
const DefaultMemberLimit = 50

// StepSet is the result of expanding a set of accounts by one step.
type StepSet struct {
	Steps []Step
	Hubs  []Hub
	// Unknown lists the requested ids that are not accounts.
	Unknown []string
}

// StepSource expands accounts by one step of evidence. Implementations
// follow the rules of doc.go ("Evidence") so that every store gives the
// same steps for the same graph. Weights are applied by the caller.
type StepSource interface {
	Steps(ctx context.Context, from []string, opt StepOptions) (*StepSet, error)
}

// Path is a chain of steps from one account to another.
type Path struct {
	Steps    []Step  `json:"steps"`
	Strength float64 `json:"strength"`
}

// LinkedAccount is an account reached from the start, with the shortest
// evidence paths that tie it.
type LinkedAccount struct {
	ID       string  `json:"id"`
	Platform string  `json:"platform,omitempty"`
	Handle   string  `json:"handle,omitempty"`
	Status   Status  `json:"status"`
	Depth    int     `json:"depth"`
	Strength float64 `json:"strength"`
	Paths    []Path  `json:"paths"`
}

// LinkedOptions configure Linked. Zero values take the defaults.
type LinkedOptions struct {
	Depth       int        // 1 to 3, default 2
	Kinds       []Evidence // only these kinds of evidence; all if empty
	MinStrength float64
	Limit       int // accounts returned, default 100
	HubLimit    int // default DefaultHubLimit
	MaxPaths    int // paths kept per account, default 3
	MaxVisited  int // accounts visited before the walk stops, default 5000
	MaxExpand   int // accounts beyond the start whose ties are followed, strongest first, default DefaultMaxExpand
	Weights     map[Evidence]float64
	// Walked, if set, is called once the walk has taken its last steps from
	// the store, before the accounts are ordered and named: a caller that
	// bounds the walks running at once can let the next one start then.
	Walked func()
}

// MaxDepth is the deepest walk allowed.
const MaxDepth = 3

// MaxPaths is the most paths LinkedOptions.MaxPaths may keep per account.
const MaxPaths = 100

// LinkedResult is the answer to a linked-accounts query.
type LinkedResult struct {
	From      string          `json:"from"`
	Depth     int             `json:"depth"`
	Accounts  []LinkedAccount `json:"accounts"`
	Total     int             `json:"total"`
	Hubs      []Hub           `json:"hubs"`
	Truncated bool            `json:"truncated"`
}

func (o *LinkedOptions) defaults() error {
	if o.Depth == 0 {
		o.Depth = 2
	}
	if o.Depth < 1 || o.Depth > MaxDepth {
		return Errorf(EINVALID, "depth must be between 1 and %d", MaxDepth)
	}
	for _, k := range o.Kinds {
		if !ValidEvidence(k) {
			return Errorf(EINVALID, "unknown evidence kind %q", k)
		}
	}
	if o.Limit <= 0 {
		o.Limit = 100
	}
	if o.HubLimit <= 0 {
		o.HubLimit = DefaultHubLimit
	}
	if o.MaxPaths <= 0 {
		o.MaxPaths = 3
	}
	if o.MaxPaths > MaxPaths {
		return Errorf(EINVALID, "at most %d paths are kept per account", MaxPaths)
	}
	if o.MaxVisited <= 0 {
		o.MaxVisited = 5000
	}
	if o.MaxExpand <= 0 {
		o.MaxExpand = DefaultMaxExpand
	}
	if o.Weights == nil {
		o.Weights = DefaultWeights
	}
	return nil
}

func (o *LinkedOptions) weigh(s *Step) bool {
	if len(o.Kinds) > 0 && !slices.Contains(o.Kinds, s.Evidence) {
		return false
	}
	w, ok := o.Weights[s.Evidence]
	if !ok {
		w = DefaultWeights[s.Evidence]
	}
	s.Strength = w
	return w > 0
}

func boolCmp(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

func mergeHubs(dst map[string]Hub, hubs []Hub) {
	for _, h := range hubs {
		dst[h.ID] = h
	}
}

func sortedHubs(m map[string]Hub) []Hub {
	out := make([]Hub, 0, len(m))
	for _, h := range m {
		out = append(out, h)
	}
	slices.SortFunc(out, func(a, b Hub) int { return cmp.Or(cmp.Compare(b.Degree, a.Degree), cmp.Compare(a.ID, b.ID)) })
	return out
}

func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }

// PathOptions bound ShortestPath.
type PathOptions struct {
	MaxDepth   int // default 6
	HubLimit   int
	MaxVisited int // default 20000
	Weights    map[Evidence]float64
}

// ShortestPath finds a path with the fewest steps of evidence between two
// accounts, preferring the strongest among equally short ones at each
// step. ENOTFOUND if there is none within MaxDepth.
func ShortestPath(ctx context.Context, src StepSource, from, to string, opt PathOptions) (*Path, error) {
	if opt.MaxDepth <= 0 {
		opt.MaxDepth = 6
	}
	if opt.MaxVisited <= 0 {
		opt.MaxVisited = 20000
	}
	lo := LinkedOptions{Weights: opt.Weights}
	if lo.Weights == nil {
		lo.Weights = DefaultWeights
	}
	if from == to {
		return nil, Errorf(EINVALID, "from and to are the same account")
	}
	set, err := src.Steps(ctx, []string{to}, StepOptions{HubLimit: opt.HubLimit})
	if err != nil {
		return nil, err
	}
	if slices.Contains(set.Unknown, to) {
		return nil, Errorf(ENOTFOUND, "account %q not found", to)
	}
	parent := map[string]Step{from: {}}
	frontier := []string{from}
	for depth := 1; depth <= opt.MaxDepth && len(frontier) > 0 && len(parent) < opt.MaxVisited; depth++ {
		skip := func(id string) bool { _, ok := parent[id]; return ok }
		set, err := src.Steps(ctx, frontier, StepOptions{HubLimit: opt.HubLimit, Skip: skip})
		if err != nil {
			return nil, err
		}
		if depth == 1 && slices.Contains(set.Unknown, from) {
			return nil, Errorf(ENOTFOUND, "account %q not found", from)
		}
		steps := set.Steps[:0:0]
		for _, s := range set.Steps {
			if s.To != s.From && lo.weigh(&s) {
				steps = append(steps, s)
			}
		}
		// Strongest first, so the first step that reaches a node wins.
		slices.SortFunc(steps, func(a, b Step) int {
			return cmp.Or(cmp.Compare(b.Strength, a.Strength), cmp.Compare(a.From, b.From), cmp.Compare(a.To, b.To),
				cmp.Compare(a.Evidence, b.Evidence), cmp.Compare(a.Via, b.Via), boolCmp(a.Reverse, b.Reverse))
		})
		var next []string
		for _, s := range steps {
			if _, ok := parent[s.To]; ok {
				continue
			}
			parent[s.To] = s
			next = append(next, s.To)
		}
		if _, ok := parent[to]; ok {
			var chain []Step
			for at := to; at != from; at = parent[at].From {
				chain = append(chain, parent[at])
			}
			slices.Reverse(chain)
			p := Path{Steps: chain, Strength: 1}
			for i := range chain {
				chain[i].Text = chain[i].Describe()
				p.Strength *= chain[i].Strength
			}
			p.Strength = round6(p.Strength)
			return &p, nil
		}
		slices.Sort(next)
		frontier = next
	}
	return nil, &Error{Code: ENOTFOUND, Message: fmt.Sprintf("no evidence path from %q to %q within %d steps", from, to, opt.MaxDepth)}
}
