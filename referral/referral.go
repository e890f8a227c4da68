package referral

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/networks"
	"github.com/takedown/takedown/rank"
)

// Status is where a referral is in its lifecycle: draft → submitted →
// actioned.
type Status string

const (
	// StatusDraft: built, not yet sent to the platform.
	StatusDraft Status = "draft"
	// StatusSubmitted: sent to the platform; outcomes are recorded as the
	// platform reports them.
	StatusSubmitted Status = "submitted"
	// StatusActioned: the platform has answered (every item has an
	// outcome, or an analyst closed it).
	StatusActioned Status = "actioned"
)

// Outcome is what the platform did with one item.
type Outcome string

const (
	OutcomeRemoved   Outcome = "removed"
	OutcomeSuspended Outcome = "suspended"
	OutcomeNoAction  Outcome = "no_action"
	OutcomeRejected  Outcome = "rejected"
)

// OutcomeValues lists the outcomes.
var OutcomeValues = []Outcome{OutcomeRemoved, OutcomeSuspended, OutcomeNoAction, OutcomeRejected}

func validOutcome(o Outcome) bool { return slices.Contains(OutcomeValues, o) }

// takenDown reports whether an outcome took the item down.
func (o Outcome) takenDown() bool { return o == OutcomeRemoved || o == OutcomeSuspended }

// Referral is the document of one referral of a network to one platform,
// in graph.CollReferrals.
type Referral struct {
	ID       string `json:"id"`
	Cluster  string `json:"cluster"`
	Platform string `json:"platform"`
	Status   Status `json:"status"`
	// Network is the network as it was when the referral was built.
	Network NetworkSnapshot `json:"network"`
	Items   []Item          `json:"items"`
	Counts  Counts          `json:"counts"`
	// OverrideReason is the analyst's reason to submit a referral of a
	// network that does not advertise crossings.
	OverrideReason string    `json:"override_reason,omitempty"`
	Note           string    `json:"note,omitempty"`
	CreatedAt      time.Time `json:"created_at"`
	CreatedBy      string    `json:"created_by"`
	SubmittedAt    time.Time `json:"submitted_at,omitzero"`
	SubmittedBy    string    `json:"submitted_by,omitempty"`
	ActionedAt     time.Time `json:"actioned_at,omitzero"`
	ActionedBy     string    `json:"actioned_by,omitempty"`
	UpdatedAt      time.Time `json:"updated_at"`
	// History lists every change, oldest first.
	History []Event `json:"history"`
}

// NetworkSnapshot is what the referral records of its network.
type NetworkSnapshot struct {
	Run     string `json:"run,omitempty"`
	Rank    int    `json:"rank,omitempty"`
	Size    int    `json:"size"`
	Members int    `json:"members"`
	// Down counts the members already removed or suspended when the
	// referral was built.
	Down      int      `json:"down"`
	Platforms []string `json:"platforms"`
	// Assessment is rank.Score of the network when the referral was built.
	Assessment Assessment `json:"assessment"`
}

// Assessment is a network's score and tier, whether it advertises
// crossings, and whether it may be referred without an override.
type Assessment struct {
	Score  float64 `json:"score"`
	Tier   string  `json:"tier"`
	Advert bool    `json:"advert"` // rank.Result.Advert
	// Texts counts the network's bios and posts by what the lexicon makes
	// of them: adverts (full or partial), discussion (warnings, news,
	// legal advice, helplines) and legitimate travel (flights, hotels,
	// tourist visas without a no-papers offer).
	Texts TextCounts `json:"texts"`
	// Referable: the network advertises crossings (Advert) and its adverts
	// outnumber its legitimate-travel texts. A network that is not is
	// submitted only with an override reason.
	Referable bool   `json:"referable"`
	Reason    string `json:"reason"`
	// Factors are the named contributions to the score.
	Factors []rank.Factor `json:"factors,omitempty"`
}

// TextCounts counts texts by class.
type TextCounts struct {
	Total      int `json:"total"`
	Advert     int `json:"advert"`
	Discussion int `json:"discussion"`
	Travel     int `json:"travel"`
}

// assess scores a network and decides whether it may be referred.
func assess(lx *rank.Lexicon, in *rank.Input, cfg *rank.Config) Assessment {
	res := rank.Score(in, cfg)
	a := Assessment{Score: res.Score, Tier: res.Tier, Advert: res.Advert, Factors: res.Factors}
	count := func(text string) {
		if strings.TrimSpace(text) == "" {
			return
		}
		a.Texts.Total++
		hits := lx.Match(text)
		adv, disc := rank.Classify(hits)
		travel, noPapers := false, false
		for _, h := range hits {
			travel = travel || h.Category == rank.CatTravel
			noPapers = noPapers || h.Category == rank.CatNoPapers
		}
		switch {
		case disc:
			a.Texts.Discussion++
		case adv > 0:
			a.Texts.Advert++
		case travel && !noPapers:
			a.Texts.Travel++
		}
	}
	for _, m := range in.Members {
		count(m.Bio)
	}
	for _, p := range in.Posts {
		if in.AsOf.IsZero() || !p.PostedAt.After(in.AsOf) {
			count(p.Text)
		}
	}
	switch {
	case !res.Advert:
		a.Reason = fmt.Sprintf("the network does not advertise crossings: %d of its %d texts are adverts, %d discuss crossings (warnings, news, legal advice, helplines), %d sell legitimate travel",
			a.Texts.Advert, a.Texts.Total, a.Texts.Discussion, a.Texts.Travel)
	case a.Texts.Advert <= a.Texts.Travel:
		a.Reason = fmt.Sprintf("most of the network's texts sell legitimate travel (%d, against %d adverts): it may be a travel agency", a.Texts.Travel, a.Texts.Advert)
	default:
		a.Referable = true
		a.Reason = fmt.Sprintf("the network advertises crossings: %d of its %d texts are adverts", a.Texts.Advert, a.Texts.Total)
	}
	return a
}

// Item is one account, page or post of a referral.
type Item struct {
	ID       string         `json:"id"`
	Kind     graph.NodeKind `json:"kind"`
	Platform string         `json:"platform"`
	URL      string         `json:"url"`
	Handle   string         `json:"handle,omitempty"`
	Name     string         `json:"name,omitempty"`
	// Author is a post's account.
	Author string `json:"author,omitempty"`
	// Status is the entity's platform status when the item was added.
	Status   graph.Status `json:"status"`
	Evidence Evidence     `json:"evidence"`
	// The platform's answer.
	Outcome    Outcome   `json:"outcome,omitempty"`
	OutcomeAt  time.Time `json:"outcome_at,omitzero"`  // when the platform acted
	RecordedAt time.Time `json:"recorded_at,omitzero"` // when the outcome was recorded
	RecordedBy string    `json:"recorded_by,omitempty"`
	Note       string    `json:"note,omitempty"`
}

// Evidence is why an item is in a referral.
type Evidence struct {
	// Summary is one sentence for the platform's reviewer.
	Summary string `json:"summary"`
	// Role is the member's role in the network (key player, bridge,
	// member); for a post, its author's.
	Role string `json:"role,omitempty"`
	// Identifiers are those it uses that other members use too.
	Identifiers []SharedIdentifier `json:"identifiers"`
	// Indicators are the lexicon's hits on its bio (accounts, pages) or
	// text (posts).
	Indicators []Indicator `json:"indicators"`
	// Advert: its own text advertises a crossing (fully or in part).
	Advert bool `json:"advert"`
	// AdvertPosts counts an account's posts that advertise crossings.
	AdvertPosts int `json:"advert_posts,omitempty"`
}

// SharedIdentifier is an identifier an item shares with other members.
type SharedIdentifier struct {
	Key    string          `json:"key"`
	Kind   graph.IdentKind `json:"kind"`
	Value  string          `json:"value"`
	Others int             `json:"others"` // other members using it
	Public bool            `json:"public"` // advertised in a bio or a text
}

// Indicator is one lexicon hit.
type Indicator struct {
	Category string `json:"category"`
	Phrase   string `json:"phrase"`
	Lang     string `json:"lang"`
	// Match is the passage of the text that matched.
	Match string `json:"match"`
}

// Counts counts a referral's items by outcome.
type Counts struct {
	Items     int `json:"items"`
	Pending   int `json:"pending"`
	Removed   int `json:"removed"`
	Suspended int `json:"suspended"`
	NoAction  int `json:"no_action"`
	Rejected  int `json:"rejected"`
}

// Event is one change of a referral.
type Event struct {
	At      time.Time `json:"at"`
	Actor   string    `json:"actor"`
	Action  string    `json:"action"` // created, override, submitted, outcome, actioned
	Status  Status    `json:"status,omitempty"`
	Outcome Outcome   `json:"outcome,omitempty"`
	Items   []string  `json:"items,omitempty"`
}

func (r *Referral) recount() {
	c := Counts{Items: len(r.Items)}
	for _, it := range r.Items {
		switch it.Outcome {
		case "":
			c.Pending++
		case OutcomeRemoved:
			c.Removed++
		case OutcomeSuspended:
			c.Suspended++
		case OutcomeNoAction:
			c.NoAction++
		case OutcomeRejected:
			c.Rejected++
		}
	}
	r.Counts = c
}

// CreateRequest is the body of POST /v1/referrals.
type CreateRequest struct {
	Cluster  string `json:"cluster"`
	Platform string `json:"platform"`
	// OverrideReason lets a referral of a network that does not advertise
	// crossings be submitted; it is recorded.
	OverrideReason string `json:"override_reason,omitempty"`
	Note           string `json:"note,omitempty"`
}

// UpdateRequest is the body of PATCH /v1/referrals/{id}: a new status,
// outcomes of items, or both.
type UpdateRequest struct {
	Status         Status       `json:"status,omitempty"`
	Items          []ItemUpdate `json:"items,omitempty"`
	OverrideReason string       `json:"override_reason,omitempty"`
}

// ItemUpdate is the platform's outcome for one item. At is when the
// platform acted, now if absent; it may not precede the submission.
type ItemUpdate struct {
	ID      string     `json:"id"`
	Outcome Outcome    `json:"outcome"`
	At      *time.Time `json:"at,omitempty"`
	Note    string     `json:"note,omitempty"`
}

// Limits of text kept in a referral.
const (
	maxNote       = 2000
	maxIndicators = 20
	maxSharedIDs  = 20
)

// seqDocID is the CollMeta document holding the referral id counter.
const seqDocID = "referral.seq"

type seqDoc struct {
	Next int64 `json:"next"`
}

// ReferralID formats the n-th referral id.
func ReferralID(n int64) string { return fmt.Sprintf("ref-%06d", n) }

// Get reads a referral.
func (s *Service) Get(ctx context.Context, id string) (*Referral, error) {
	var r Referral
	if err := getJSON(ctx, s.st, graph.CollReferrals, id, &r); err != nil {
		if graph.ErrorCode(err) == graph.ENOTFOUND {
			return nil, graph.Errorf(graph.ENOTFOUND, "referral %q not found", id)
		}
		return nil, err
	}
	return &r, nil
}

func (s *Service) put(ctx context.Context, r *Referral) error {
	return putJSON(ctx, s.st, graph.CollReferrals, r.ID, r)
}

// Create builds a draft referral of a network to a platform: the
// platform's accounts, pages and posts of the network that are not
// removed or suspended, each with its evidence.
func (s *Service) Create(ctx context.Context, req CreateRequest, actor string) (*Referral, error) {
	platform := platformOf(req.Platform)
	if platform == "" {
		return nil, graph.Errorf(graph.EINVALID, "platform is required")
	}
	if len(req.OverrideReason) > maxNote || len(req.Note) > maxNote {
		return nil, graph.Errorf(graph.EINVALID, "override_reason and note are limited to %d bytes", maxNote)
	}
	c, err := LoadCluster(ctx, s.st, req.Cluster)
	if err != nil {
		return nil, err
	}
	n, err := loadNetwork(ctx, s.st, c)
	if err != nil {
		return nil, err
	}
	as := assess(s.lexicon(), n.rankInput(ctx, s.st, s.hubLimit), s.rank)
	items, onPlatform := s.items(n, platform)
	if onPlatform == 0 {
		return nil, graph.Errorf(graph.EINVALID, "network %q has no members on %s", c.ID, platform)
	}
	if len(items) == 0 {
		return nil, graph.Errorf(graph.ECONFLICT, "every member of network %q on %s is already removed or suspended", c.ID, platform)
	}
	now := s.clock()
	r := &Referral{Cluster: c.ID, Platform: platform, Status: StatusDraft, Items: items,
		OverrideReason: strings.TrimSpace(req.OverrideReason), Note: strings.TrimSpace(req.Note),
		CreatedAt: now, CreatedBy: actor, UpdatedAt: now,
		Network: NetworkSnapshot{Run: c.Run, Rank: c.Rank, Size: c.Size, Members: len(c.Members), Platforms: c.Platforms, Assessment: as}}
	for i := range c.Members {
		if down(n.status(&c.Members[i])) {
			r.Network.Down++
		}
	}
	if r.Network.Platforms == nil {
		r.Network.Platforms = []string{}
	}
	r.recount()

	s.mu.Lock()
	defer s.mu.Unlock()
	if open, err := s.openReferral(ctx, c.ID, platform); err != nil {
		return nil, err
	} else if open != nil {
		return nil, graph.Errorf(graph.ECONFLICT, "referral %s of network %q to %s is still %s; record its outcomes first", open.ID, c.ID, platform, open.Status)
	}
	var seq seqDoc
	if err := getJSON(ctx, s.st, graph.CollMeta, seqDocID, &seq); err != nil && graph.ErrorCode(err) != graph.ENOTFOUND {
		return nil, err
	}
	seq.Next = max(seq.Next, 1)
	r.ID = ReferralID(seq.Next)
	seq.Next++
	r.History = []Event{{At: now, Actor: actor, Action: "created", Status: StatusDraft}}
	if err := putJSON(ctx, s.st, graph.CollMeta, seqDocID, &seq); err != nil {
		return nil, err
	}
	if err := s.put(ctx, r); err != nil {
		return nil, err
	}
	return r, nil
}

// openReferral returns a draft or submitted referral of the network to
// the platform, if any.
func (s *Service) openReferral(ctx context.Context, cluster, platform string) (*Referral, error) {
	var found *Referral
	err := eachDoc(ctx, s.st, graph.CollReferrals, func(d graph.Doc) error {
		var h struct {
			ID       string `json:"id"`
			Cluster  string `json:"cluster"`
			Platform string `json:"platform"`
			Status   Status `json:"status"`
		}
		if json.Unmarshal(d.Body, &h) == nil && found == nil && h.Cluster == cluster && h.Platform == platform &&
			(h.Status == StatusDraft || h.Status == StatusSubmitted) {
			found = &Referral{ID: h.ID, Status: h.Status}
		}
		return nil
	})
	return found, err
}

// items builds the items of a network on a platform, and counts the
// members it has there.
func (s *Service) items(n *network, platform string) ([]Item, int) {
	lx := s.lexicon()
	c := n.c
	size := len(c.Members)
	var accounts, pages, posts []Item
	onPlatform := 0
	seenPost := map[string]bool{}
	for i := range c.Members {
		m := &c.Members[i]
		v := n.views[m.ID]
		plat := platformOf(m.Platform)
		if plat == "" && v != nil {
			plat = platformOf(v.Platform)
		}
		if plat != platform {
			continue
		}
		onPlatform++
		if v == nil || v.Placeholder || down(n.status(m)) {
			continue
		}
		it := Item{ID: m.ID, Kind: v.Kind, Platform: platform, URL: entityURL(&v.Entity), Handle: v.Handle, Name: v.Name, Status: v.Status}
		it.Evidence = evidenceOf(lx, n, m.ID, "", v.Bio, m.Role)
		for _, p := range v.Posts {
			if platformOf(p.Platform) != platform && p.Platform != "" {
				continue
			}
			ev := evidenceOf(lx, n, m.ID, p.ID, p.Text, m.Role)
			if ev.Advert {
				it.Evidence.AdvertPosts++
			}
			if seenPost[p.ID] || down(p.Status) || (!ev.Advert && !hasStrong(ev.Identifiers)) {
				continue
			}
			seenPost[p.ID] = true
			ev.Summary = postSummary(&ev, v, size)
			posts = append(posts, Item{ID: p.ID, Kind: graph.KindPost, Platform: platform, URL: postURL(&p, v.Handle), Author: m.ID,
				Handle: v.Handle, Status: p.Status, Evidence: ev})
		}
		it.Evidence.Summary = memberSummary(&it.Evidence, v, size)
		if v.Kind == graph.KindPage {
			pages = append(pages, it)
		} else {
			accounts = append(accounts, it)
		}
	}
	roleOrder := func(r string) int {
		switch r {
		case networks.RoleKeyPlayer:
			return 0
		case networks.RoleBridge:
			return 1
		}
		return 2
	}
	slices.SortStableFunc(accounts, func(a, b Item) int {
		return cmp.Or(cmp.Compare(roleOrder(a.Evidence.Role), roleOrder(b.Evidence.Role)), cmp.Compare(a.ID, b.ID))
	})
	slices.SortStableFunc(pages, func(a, b Item) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortStableFunc(posts, func(a, b Item) int {
		return cmp.Or(cmp.Compare(b2i(b.Evidence.Advert), b2i(a.Evidence.Advert)), cmp.Compare(a.ID, b.ID))
	})
	out := append(append(accounts, pages...), posts...)
	return out[:min(len(out), MaxItems)], onPlatform
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func hasStrong(ids []SharedIdentifier) bool {
	return slices.ContainsFunc(ids, func(s SharedIdentifier) bool { return graph.StrongIdent(s.Kind) })
}

// evidenceOf is the evidence of a member (post "") or of one of its
// posts: its shared identifiers, its role and the lexicon's hits on text.
func evidenceOf(lx *rank.Lexicon, n *network, member, post, text, role string) Evidence {
	ev := Evidence{Role: role, Identifiers: []SharedIdentifier{}, Indicators: []Indicator{}}
	if v := n.views[member]; v != nil {
		seen := map[string]bool{}
		for i := range v.Identifiers {
			u := &v.Identifiers[i]
			if post != "" && u.Via != post {
				continue
			}
			k := u.Key()
			others := 0
			for _, o := range n.shared[k] {
				if o != member {
					others++
				}
			}
			if others == 0 || seen[k] {
				continue
			}
			seen[k] = true
			ev.Identifiers = append(ev.Identifiers, SharedIdentifier{Key: k, Kind: u.Kind, Value: u.Value, Others: others, Public: publicUse(u)})
		}
	}
	slices.SortStableFunc(ev.Identifiers, func(a, b SharedIdentifier) int {
		return cmp.Or(cmp.Compare(b2i(graph.StrongIdent(b.Kind)), b2i(graph.StrongIdent(a.Kind))), cmp.Compare(b.Others, a.Others), cmp.Compare(a.Key, b.Key))
	})
	ev.Identifiers = ev.Identifiers[:min(len(ev.Identifiers), maxSharedIDs)]
	if strings.TrimSpace(text) != "" {
		hits := lx.Match(text)
		advert, _ := rank.Classify(hits)
		ev.Advert = advert > 0
		for _, h := range hits {
			if len(ev.Indicators) == maxIndicators {
				break
			}
			match := ""
			if h.Start >= 0 && h.End <= len(text) && h.Start < h.End {
				match = text[h.Start:h.End]
			}
			ev.Indicators = append(ev.Indicators, Indicator{Category: h.Category, Phrase: h.Phrase, Lang: h.Lang, Match: match})
		}
	}
	return ev
}

func identList(ids []SharedIdentifier, n int) string {
	var parts []string
	for _, id := range ids[:min(len(ids), n)] {
		parts = append(parts, string(id.Kind)+" "+id.Value)
	}
	s := strings.Join(parts, ", ")
	if len(ids) > n {
		s += fmt.Sprintf(" and %d more", len(ids)-n)
	}
	return s
}

func indicatorList(ind []Indicator) string {
	var cats []string
	for _, h := range ind {
		if !slices.Contains(cats, h.Category) {
			cats = append(cats, h.Category)
		}
	}
	return strings.Join(cats, ", ")
}

func maxOthers(ids []SharedIdentifier) int {
	m := 0
	for _, id := range ids {
		m = max(m, id.Others)
	}
	return m
}

func memberSummary(ev *Evidence, v *graph.EntityView, size int) string {
	kind := "account"
	if v.Kind == graph.KindPage {
		kind = "page"
	}
	role := ev.Role
	if role == "" {
		role = networks.RoleMember
	}
	s := fmt.Sprintf("%s %s, %s of a network of %d members", kind, label(v), role, size)
	if len(ev.Identifiers) > 0 {
		s += fmt.Sprintf("; shares %s with up to %d other members", identList(ev.Identifiers, 3), maxOthers(ev.Identifiers))
	}
	if len(ev.Indicators) > 0 {
		what := "its bio has indicators"
		if ev.Advert {
			what = "its bio advertises a crossing"
		}
		s += fmt.Sprintf("; %s (%s)", what, indicatorList(ev.Indicators))
	}
	if ev.AdvertPosts > 0 {
		s += fmt.Sprintf("; %d of its latest posts advertise crossings", ev.AdvertPosts)
	}
	return s
}

func postSummary(ev *Evidence, author *graph.EntityView, size int) string {
	s := "post by " + label(author)
	if ev.Role != "" {
		s += ", " + ev.Role
	}
	s += fmt.Sprintf(" of a network of %d members", size)
	if ev.Advert {
		s += "; advertises a crossing (" + indicatorList(ev.Indicators) + ")"
	} else if len(ev.Indicators) > 0 {
		s += "; indicators: " + indicatorList(ev.Indicators)
	}
	if len(ev.Identifiers) > 0 {
		s += fmt.Sprintf("; gives %s, used by up to %d other members", identList(ev.Identifiers, 3), maxOthers(ev.Identifiers))
	}
	return s
}

func label(v *graph.EntityView) string {
	switch {
	case v.Handle != "":
		return "@" + v.Handle
	case v.Name != "":
		return fmt.Sprintf("%q", v.Name)
	}
	return v.ID
}

// profileURL are the profile addresses of accounts by platform, for
// records without a URL.
var profileURL = map[string]string{
	"x": "https://x.com/", "twitter": "https://x.com/", "tiktok": "https://www.tiktok.com/@",
	"instagram": "https://www.instagram.com/", "facebook": "https://www.facebook.com/",
	"youtube": "https://www.youtube.com/@", "telegram": "https://t.me/",
}

// entityURL is the record's URL or, for an account without one, its
// profile address on the platform.
func entityURL(e *graph.Entity) string {
	if e.URL != "" {
		return e.URL
	}
	if base, ok := profileURL[platformOf(e.Platform)]; ok && e.Kind == graph.KindAccount && e.Handle != "" {
		return base + strings.TrimPrefix(e.Handle, "@")
	}
	return ""
}

// postURL is a post's URL or, for one without, its address derived from
// the platform's conventions when its id has the form PREFIX:KIND/NUMBER
// ("x:status/123", "tt:video/123"): "" if it cannot be derived.
func postURL(p *graph.Entity, authorHandle string) string {
	if p.URL != "" {
		return p.URL
	}
	_, rest, ok := strings.Cut(p.ID, ":")
	kind, num, ok2 := strings.Cut(rest, "/")
	if !ok || !ok2 || num == "" || strings.ContainsAny(num, "/?#") {
		return ""
	}
	h := strings.TrimPrefix(authorHandle, "@")
	switch platformOf(p.Platform) {
	case "x", "twitter":
		if kind == "status" && h != "" {
			return "https://x.com/" + h + "/status/" + num
		}
	case "tiktok":
		if kind == "video" && h != "" {
			return "https://www.tiktok.com/@" + h + "/video/" + num
		}
	case "instagram":
		if kind == "p" {
			return "https://www.instagram.com/p/" + num
		}
	case "facebook":
		if kind == "post" && h != "" {
			return "https://www.facebook.com/" + h + "/posts/" + num
		}
	case "youtube":
		if kind == "video" {
			return "https://www.youtube.com/watch?v=" + num
		}
	case "telegram":
		if kind == "post" && h != "" {
			return "https://t.me/" + h + "/" + num
		}
	}
	return ""
}

// Update applies a change of status, outcomes of items, or both. Outcomes
// are recorded once the referral is submitted and are final; recording
// the last one moves the referral to actioned. A removal or suspension is
// also written to the graph (the entity's status, with removed_at), so
// statistics and re-emergence see it. Invalid transitions are ECONFLICT.
func (s *Service) Update(ctx context.Context, id string, req UpdateRequest, actor string) (*Referral, error) {
	if req.Status == "" && len(req.Items) == 0 && req.OverrideReason == "" {
		return nil, graph.Errorf(graph.EINVALID, "give a status, items with outcomes, or both")
	}
	switch req.Status {
	case "", StatusDraft, StatusSubmitted, StatusActioned:
	default:
		return nil, graph.Errorf(graph.EINVALID, "unknown status %q (want submitted or actioned)", req.Status)
	}
	if len(req.OverrideReason) > maxNote {
		return nil, graph.Errorf(graph.EINVALID, "override_reason is limited to %d bytes", maxNote)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	now := s.clock()
	if o := strings.TrimSpace(req.OverrideReason); o != "" {
		if r.Status != StatusDraft {
			return nil, graph.Errorf(graph.ECONFLICT, "referral %s is already %s; an override reason is given before submission", r.ID, r.Status)
		}
		r.OverrideReason = o
		r.History = append(r.History, Event{At: now, Actor: actor, Action: "override"})
	}
	if req.Status == StatusSubmitted || req.Status == StatusDraft {
		if err := s.transition(r, req.Status, now, actor); err != nil {
			return nil, err
		}
	}
	var batch graph.Batch
	if len(req.Items) > 0 {
		if r.Status == StatusDraft {
			return nil, graph.Errorf(graph.ECONFLICT, "referral %s is a draft: submit it before recording outcomes", r.ID)
		}
		index := map[string]int{}
		for i := range r.Items {
			index[r.Items[i].ID] = i
		}
		seen := map[string]bool{}
		byOutcome := map[Outcome][]string{}
		for _, u := range req.Items {
			i, ok := index[u.ID]
			switch {
			case u.ID == "":
				return nil, graph.Errorf(graph.EINVALID, "an item needs its id")
			case !ok:
				return nil, graph.Errorf(graph.EINVALID, "item %q is not in referral %s", u.ID, r.ID)
			case seen[u.ID]:
				return nil, graph.Errorf(graph.EINVALID, "item %q is given twice", u.ID)
			case !validOutcome(u.Outcome):
				return nil, graph.Errorf(graph.EINVALID, "item %q: unknown outcome %q (want removed, suspended, no_action or rejected)", u.ID, u.Outcome)
			case len(u.Note) > maxNote:
				return nil, graph.Errorf(graph.EINVALID, "item %q: note is limited to %d bytes", u.ID, maxNote)
			}
			seen[u.ID] = true
			it := &r.Items[i]
			if it.Outcome != "" {
				return nil, graph.Errorf(graph.ECONFLICT, "item %q already has the outcome %s, recorded %s by %s; outcomes are final",
					u.ID, it.Outcome, it.RecordedAt.Format(time.RFC3339), it.RecordedBy)
			}
			at := now
			if u.At != nil {
				at = u.At.UTC()
				if at.Before(r.SubmittedAt) {
					return nil, graph.Errorf(graph.EINVALID, "item %q: at %s is before the referral was submitted (%s)", u.ID, at.Format(time.RFC3339), r.SubmittedAt.Format(time.RFC3339))
				}
				if at.After(now.Add(time.Minute)) {
					return nil, graph.Errorf(graph.EINVALID, "item %q: at %s is in the future", u.ID, at.Format(time.RFC3339))
				}
			}
			it.Outcome, it.OutcomeAt, it.RecordedAt, it.RecordedBy, it.Note = u.Outcome, at, now, actor, strings.TrimSpace(u.Note)
			byOutcome[u.Outcome] = append(byOutcome[u.Outcome], u.ID)
			if u.Outcome.takenDown() {
				st := graph.StatusRemoved
				if u.Outcome == OutcomeSuspended {
					st = graph.StatusSuspended
				}
				batch.Entities = append(batch.Entities, graph.Entity{ID: it.ID, Kind: it.Kind, Status: st,
					Sources: []string{"referral:" + r.ID}, Props: map[string]any{"removed_at": at.Format(time.RFC3339Nano)}})
			}
		}
		for _, o := range OutcomeValues {
			if ids := byOutcome[o]; len(ids) > 0 {
				r.History = append(r.History, Event{At: now, Actor: actor, Action: "outcome", Outcome: o, Items: ids})
			}
		}
		r.recount()
		if r.Counts.Pending == 0 && r.Status == StatusSubmitted && req.Status != StatusActioned {
			if err := s.transition(r, StatusActioned, now, actor); err != nil {
				return nil, err
			}
		}
	}
	if req.Status == StatusActioned {
		if err := s.transition(r, StatusActioned, now, actor); err != nil {
			return nil, err
		}
	}
	if len(batch.Entities) > 0 {
		if _, err := s.st.Apply(ctx, &batch); err != nil {
			return nil, err
		}
	}
	r.UpdatedAt = now
	if err := s.put(ctx, r); err != nil {
		return nil, err
	}
	return r, nil
}

// transition moves r to status to, or fails with ECONFLICT.
func (s *Service) transition(r *Referral, to Status, now time.Time, actor string) error {
	switch {
	case r.Status == StatusDraft && to == StatusSubmitted:
		if as := &r.Network.Assessment; !as.Referable && r.OverrideReason == "" {
			return graph.Errorf(graph.ECONFLICT, "network %q is not referable (score %.2f, tier %s): %s; submit it only with an override_reason",
				r.Cluster, as.Score, as.Tier, as.Reason)
		}
		r.Status, r.SubmittedAt, r.SubmittedBy = StatusSubmitted, now, actor
	case r.Status == StatusSubmitted && to == StatusActioned:
		r.Status, r.ActionedAt, r.ActionedBy = StatusActioned, now, actor
	case r.Status == to:
		return graph.Errorf(graph.ECONFLICT, "referral %s is already %s", r.ID, to)
	default:
		return graph.Errorf(graph.ECONFLICT, "referral %s cannot go from %s to %s (draft → submitted → actioned)", r.ID, r.Status, to)
	}
	r.History = append(r.History, Event{At: now, Actor: actor, Action: string(to), Status: to})
	return nil
}

// Summary is a referral as listed.
type Summary struct {
	ID          string    `json:"id"`
	Cluster     string    `json:"cluster"`
	Platform    string    `json:"platform"`
	Status      Status    `json:"status"`
	Counts      Counts    `json:"counts"`
	Score       float64   `json:"score"`
	Tier        string    `json:"tier"`
	CreatedAt   time.Time `json:"created_at"`
	CreatedBy   string    `json:"created_by"`
	SubmittedAt time.Time `json:"submitted_at,omitzero"`
	ActionedAt  time.Time `json:"actioned_at,omitzero"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Summary returns the listing form of r.
func (r *Referral) Summary() Summary {
	return Summary{ID: r.ID, Cluster: r.Cluster, Platform: r.Platform, Status: r.Status, Counts: r.Counts,
		Score: r.Network.Assessment.Score, Tier: r.Network.Assessment.Tier, CreatedAt: r.CreatedAt, CreatedBy: r.CreatedBy,
		SubmittedAt: r.SubmittedAt, ActionedAt: r.ActionedAt, UpdatedAt: r.UpdatedAt}
}

// ListQuery filters a listing of referrals. After is the id of the last
// referral of the previous page.
type ListQuery struct {
	Cluster, Platform string
	Status            Status
	After             string
	Limit             int
}

// List lists referrals in id order (oldest first), after q.After; next is
// the After of the next page, empty on the last.
func (s *Service) List(ctx context.Context, q ListQuery) (items []Summary, next string, err error) {
	if q.Limit <= 0 {
		q.Limit = 50
	}
	items = []Summary{}
	after := q.After
	const page = 200
	for {
		docs, err := s.st.ListDocs(ctx, graph.CollReferrals, after, page)
		if err != nil {
			return nil, "", err
		}
		for _, d := range docs {
			var r Referral
			if err := json.Unmarshal(d.Body, &r); err != nil {
				return nil, "", graph.Internal(fmt.Errorf("referral %s: %w", d.ID, err))
			}
			if q.Cluster != "" && r.Cluster != q.Cluster || q.Platform != "" && r.Platform != q.Platform || q.Status != "" && r.Status != q.Status {
				continue
			}
			if len(items) == q.Limit {
				return items, items[len(items)-1].ID, nil
			}
			items = append(items, r.Summary())
		}
		if len(docs) < page {
			return items, "", nil
		}
		after = docs[len(docs)-1].ID
	}
}
