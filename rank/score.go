package rank

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/takedown/takedown/graph"
)

// Normalisation constants (see the package documentation).
const (
	sizeSat        = 50   // active actors at which size reaches 1
	platformSat    = 4    // platforms at which cross-platform spread reaches 1
	reachSat       = 1e6  // followers + members at which reach reaches 1
	activitySat    = 30   // posts a month at which activity reaches 1
	trendGain      = 0.25 // how much the trend raises or lowers activity
	advertSat      = 0.40 // advert share at which the advert factor reaches 1
	weakIdentShare = 0.25 // a shared weak identifier (url, image hash) counts this much of a strong one
	repostShare    = 0.5  // a repost or contact pair counts this much of a co-admin pair
	removedSat     = 3    // removed members at which that part of re-emergence is full
	successorSat   = 2    // successors at which that part of re-emergence is full
	publicSat      = 3    // public contact identifiers at which the factor reaches 1
	advertFlagMin  = 0.10 // normalised advert factor above which a cluster advertises
	month          = 30 * 24 * time.Hour
	quarter        = 90 * 24 * time.Hour
)

// MaxEvidence is the number of texts and of identifiers kept as evidence.
const MaxEvidence = 20

// category bits
type catSet uint16

func catBit(c string) catSet {
	if i := slices.Index(hitCategories, c); i >= 0 {
		return 1 << i
	}
	return 0
}

var (
	bitRoute, bitPrice, bitGuarantee = catBit(CatRoute), catBit(CatPrice), catBit(CatGuarantee)
	bitNoPapers, bitBooking          = catBit(CatNoPapers), catBit(CatBooking)
	bitTravel                        = catBit(CatTravel)
	bitDiscussion                    = catBit(CatWarning) | catBit(CatNews) | catBit(CatLegal) | catBit(CatHelpline)
)

// text is one analysed post or bio.
type text struct {
	postID, author, body string
	bio                  bool
	at                   time.Time
	hits                 []Hit
	cats                 catSet
	advert               float64 // 1 full advert, 0.5 partial, 0 none
	discussion           bool
}

// Classify returns how much a text with hits advertises a crossing: 1 for a
// full advert, 0.5 for a partial one, 0 otherwise, and whether it is
// discussion (warning, news, legal advice or helpline). See the package
// documentation for the rules.
func Classify(hits []Hit) (advert float64, isDiscussion bool) {
	var c catSet
	for _, h := range hits {
		c |= catBit(h.Category)
	}
	return classify(c)
}

func classify(c catSet) (float64, bool) {
	if c&bitDiscussion != 0 {
		return 0, true
	}
	if c&bitTravel != 0 && c&bitNoPapers == 0 {
		return 0, false
	}
	if c&(bitRoute|bitNoPapers) == 0 {
		return 0, false
	}
	offer := 0
	for _, b := range []catSet{bitRoute, bitPrice, bitGuarantee, bitNoPapers} {
		if c&b != 0 {
			offer++
		}
	}
	booking := c&bitBooking != 0
	switch {
	case booking && offer >= 2:
		return 1, false
	case offer >= 2 || (booking && offer >= 1):
		return 0.5, false
	}
	return 0, false
}

func removedStatus(s string) bool {
	switch graph.Status(strings.ToLower(s)) {
	case graph.StatusRemoved, graph.StatusSuspended:
		return true
	}
	return false
}

// Score scores one cluster against in.AsOf (zero: now). A nil cfg means
// DefaultConfig(). Score does not modify in.
func Score(in *Input, cfg *Config) Result {
	if in == nil {
		in = &Input{}
	}
	if cfg == nil {
		cfg = DefaultConfig()
	}
	lx := cfg.Lexicon
	if lx == nil {
		lx = DefaultLexicon()
	}
	asOf := in.AsOf
	if asOf.IsZero() {
		asOf = time.Now()
	}
	res := Result{ClusterID: in.ClusterID, AsOf: asOf}

	// Members.
	members := map[string]*Member{}
	var order []string
	for i := range in.Members {
		m := &in.Members[i]
		if _, ok := members[m.ID]; !ok {
			order = append(order, m.ID)
		}
		members[m.ID] = m
	}
	slices.Sort(order)
	active := map[string]bool{}
	platforms := map[string]bool{}
	var reach float64
	var removed []string
	for _, id := range order {
		m := members[id]
		if removedStatus(m.Status) {
			removed = append(removed, id)
			continue
		}
		active[id] = true
		if p := strings.ToLower(strings.TrimSpace(m.Platform)); p != "" {
			platforms[p] = true
		}
		reach += float64(max(m.Followers, 0)) + float64(max(m.Members, 0))
	}
	for _, p := range in.Posts {
		if _, ok := members[p.Author]; !ok && p.Author != "" {
			active[p.Author] = true // an author the cluster does not list: status unknown
		}
	}

	// Texts.
	var texts []text
	for _, id := range order {
		if m := members[id]; strings.TrimSpace(m.Bio) != "" {
			texts = append(texts, text{author: id, body: m.Bio, bio: true})
		}
	}
	for _, p := range in.Posts {
		if strings.TrimSpace(p.Text) != "" && !p.PostedAt.After(asOf) { // later posts do not exist yet
			texts = append(texts, text{postID: p.ID, author: p.Author, body: p.Text, at: p.PostedAt})
		}
	}
	var advertSum float64
	var fullAdverts, discussions, travel int
	for i := range texts {
		t := &texts[i]
		t.hits = lx.Match(t.body)
		for _, h := range t.hits {
			t.cats |= catBit(h.Category)
		}
		t.advert, t.discussion = classify(t.cats)
		advertSum += t.advert
		if t.advert == 1 {
			fullAdverts++
		}
		if t.discussion {
			discussions++
		} else if t.advert == 0 && t.cats&bitTravel != 0 && t.cats&bitNoPapers == 0 {
			// Legitimate travel (flights, hotels, ferries) weighs against
			// the adverts of the same cluster like discussion does.
			travel++
		}
	}

	var factors []Factor
	add := func(name string, raw, norm float64, note string) {
		factors = append(factors, Factor{Name: name, Raw: raw, Normalized: clamp01(norm), Note: note})
	}

	// size
	n := len(active)
	add(FactorSize, float64(n), math.Log1p(float64(n))/math.Log1p(sizeSat),
		fmt.Sprintf("%d active actors of %d members (%d removed or suspended)", n, len(order), len(removed)))

	// cross_platform
	pl := slices.Sorted(maps.Keys(platforms))
	add(FactorCrossPlatform, float64(len(pl)), float64(max(len(pl)-1, 0))/(platformSat-1),
		fmt.Sprintf("%d platforms: %s", len(pl), strings.Join(pl, ", ")))

	// reach
	add(FactorReach, reach, math.Log10(1+reach)/math.Log10(1+reachSat),
		fmt.Sprintf("%.0f followers and page members of active actors", reach))

	// activity
	var a30, a90 int
	for _, p := range in.Posts {
		if p.PostedAt.IsZero() || p.PostedAt.After(asOf) {
			continue
		}
		age := asOf.Sub(p.PostedAt)
		if age < month {
			a30++
		}
		if age < quarter {
			a90++
		}
	}
	prev := float64(a90-a30) / 2 // posts a month in the 60 days before the last 30
	trend := 0.0
	if float64(a30)+prev > 0 {
		trend = (float64(a30) - prev) / (float64(a30) + prev)
	}
	level := 0.6*satLog(float64(a30), activitySat) + 0.4*satLog(float64(a90)/3, activitySat)
	add(FactorActivity, float64(a30), level*(1+trendGain*trend),
		fmt.Sprintf("%d posts in the 30 days before %s, %d in 90 days, trend %+.2f", a30, asOf.UTC().Format("2006-01-02"), a90, trend))

	// advert
	share, dshare, ratio := 0.0, 0.0, 0.0
	if len(texts) > 0 {
		share = advertSum / float64(len(texts))
		dshare = float64(discussions+travel) / float64(len(texts))
	}
	if share+dshare > 0 {
		ratio = dshare / (share + dshare)
	}
	advertNorm := clamp01(share/advertSat) * (1 - ratio) * (1 - ratio)
	add(FactorAdvert, share, advertNorm,
		fmt.Sprintf("%d full adverts, advert share %.2f of %d posts and bios; discussion and legitimate-travel share %.2f (%d discussion, %d travel texts), discussion ratio %.2f", fullAdverts, share, len(texts), dshare, discussions, travel, ratio))

	// coordination
	var strongLinks, weakLinks float64
	var strongShared int
	idUsers := map[string][]string{} // member -> identifier keys
	for _, id := range in.Identifiers {
		users := distinct(id.Users)
		for _, u := range users {
			idUsers[u] = append(idUsers[u], id.Key)
		}
		if len(users) < 2 {
			continue
		}
		if graph.StrongIdent(graph.IdentKind(id.Kind)) {
			strongLinks += float64(len(users) - 1)
			strongShared++
		} else {
			weakLinks += float64(len(users) - 1)
		}
	}
	coord := strongLinks + weakIdentShare*weakLinks + float64(in.CoAdminPairs) + repostShare*float64(in.RepostPairs+in.ContactPairs)
	coordNorm := 0.0
	if len(order) > 1 {
		coordNorm = coord / float64(len(order)-1)
	}
	add(FactorCoordination, coord, coordNorm,
		fmt.Sprintf("%d strong identifiers shared (%.0f links), %.0f weak links, %d co-admin, %d repost and %d contact pairs, over %d members",
			strongShared, strongLinks, weakLinks, in.CoAdminPairs, in.RepostPairs, in.ContactPairs, len(order)))

	// reemergence
	successors := reemerged(in, members, order, removed)
	re := 0.4*math.Min(1, float64(len(removed))/removedSat) + 0.6*math.Min(1, float64(len(successors))/successorSat)
	note := fmt.Sprintf("%d removed or suspended, %d re-emerged", len(removed), len(successors))
	if len(successors) > 0 {
		note += ": " + strings.Join(successors[:min(len(successors), 5)], ", ")
	}
	add(FactorReemergence, float64(len(removed)+len(successors)), re, note)

	// public_contacts
	var public []string
	for _, id := range in.Identifiers {
		if id.Public && graph.StrongIdent(graph.IdentKind(id.Kind)) && len(id.Users) > 0 {
			public = append(public, id.Key)
		}
	}
	slices.Sort(public)
	public = slices.Compact(public)
	add(FactorPublicContacts, float64(len(public)), float64(len(public))/publicSat,
		fmt.Sprintf("%d contact identifiers advertised in bios or posts", len(public)))

	// Weights and contributions.
	wsum := 0.0
	for _, name := range FactorNames {
		wsum += math.Max(cfg.Weights[name], 0)
	}
	base := 0.0
	for i := range factors {
		f := &factors[i]
		if wsum > 0 {
			f.Weight = math.Max(cfg.Weights[f.Name], 0) / wsum
		}
		f.Contribution = f.Weight * f.Normalized
		base += f.Contribution
	}
	g := cfg.Gate.Floor + (1-cfg.Gate.Floor)*math.Min(1, advertNorm/cfg.Gate.Full)
	g = clamp01(g)
	factors = append(factors, Factor{
		Name: FactorAdvertGate, Raw: g, Normalized: 1 - g, Weight: -base, Contribution: -base * (1 - g),
		Note: fmt.Sprintf("score × %.2f: advert factor %.2f (full gate at %.2f, floor %.2f), discussion ratio %.2f", g, advertNorm, cfg.Gate.Full, cfg.Gate.Floor, ratio),
	})
	for _, f := range factors {
		res.Score += f.Contribution
	}
	res.Factors = factors
	res.Tier = cfg.Tiers.Tier(res.Score)
	res.Advert = fullAdverts > 0 && advertNorm >= advertFlagMin
	res.Evidence = evidence(texts, in.Identifiers)
	return res
}

// reemerged returns the active members created or first seen at or after a
// removed member's last known activity that use one of its identifiers.
func reemerged(in *Input, members map[string]*Member, order, removed []string) []string {
	if len(removed) == 0 {
		return nil
	}
	last := map[string]time.Time{}
	for _, p := range in.Posts {
		if p.PostedAt.After(last[p.Author]) {
			last[p.Author] = p.PostedAt
		}
	}
	gone := map[string]time.Time{} // removed member -> last known activity
	for _, id := range removed {
		m := members[id]
		t := last[id]
		for _, s := range []time.Time{m.CreatedAt, m.FirstSeen} {
			if s.After(t) {
				t = s
			}
		}
		gone[id] = t
	}
	var out []string
	for _, id := range order {
		m := members[id]
		if removedStatus(m.Status) {
			continue
		}
		start := m.CreatedAt
		if start.IsZero() {
			start = m.FirstSeen
		}
		if start.IsZero() {
			continue
		}
	check:
		for _, ident := range in.Identifiers {
			if !graph.StrongIdent(graph.IdentKind(ident.Kind)) && ident.Kind != string(graph.IdentImageHash) {
				continue
			}
			if !slices.Contains(ident.Users, id) {
				continue
			}
			for _, u := range ident.Users {
				if t, ok := gone[u]; ok && !start.Before(t) {
					out = append(out, id)
					break check
				}
			}
		}
	}
	return out
}

func evidence(texts []text, idents []Identifier) Evidence {
	var ev Evidence
	var sel []*text
	for i := range texts {
		if len(texts[i].hits) > 0 {
			sel = append(sel, &texts[i])
		}
	}
	rank := func(t *text) int {
		switch {
		case t.advert == 1:
			return 0
		case t.advert > 0:
			return 1
		case t.discussion:
			return 2
		}
		return 3
	}
	slices.SortStableFunc(sel, func(a, b *text) int {
		if c := cmp.Compare(rank(a), rank(b)); c != 0 {
			return c
		}
		if c := cmp.Compare(popcount(b.cats), popcount(a.cats)); c != 0 {
			return c
		}
		if c := b.at.Compare(a.at); c != 0 {
			return c
		}
		if c := cmp.Compare(a.postID, b.postID); c != 0 {
			return c
		}
		return cmp.Compare(a.author, b.author)
	})
	for _, t := range sel[:min(len(sel), MaxEvidence)] {
		ev.Posts = append(ev.Posts, PostEvidence{PostID: t.postID, Author: t.author, Text: t.body, Hits: t.hits, Bio: t.bio, Advert: t.advert == 1, Discussion: t.discussion})
	}
	ids := make([]IdentifierEvidence, 0, len(idents))
	strong := map[string]bool{}
	for _, id := range idents {
		ids = append(ids, IdentifierEvidence{Key: id.Key, Kind: id.Kind, Value: id.Value, Users: len(distinct(id.Users)), Public: id.Public})
		strong[id.Key] = graph.StrongIdent(graph.IdentKind(id.Kind))
	}
	slices.SortStableFunc(ids, func(a, b IdentifierEvidence) int {
		if c := cmp.Compare(b2i(strong[b.Key]), b2i(strong[a.Key])); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Users, a.Users); c != 0 {
			return c
		}
		if c := cmp.Compare(b2i(b.Public), b2i(a.Public)); c != 0 {
			return c
		}
		return cmp.Compare(a.Key, b.Key)
	})
	ev.Identifiers = ids[:min(len(ids), MaxEvidence)]
	return ev
}

func popcount(c catSet) int {
	n := 0
	for ; c != 0; c &= c - 1 {
		n++
	}
	return n
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func clamp01(x float64) float64 {
	switch {
	case x > 1:
		return 1
	case x > 0:
		return x
	}
	return 0 // negative and NaN
}

// satLog is log(1+x)/log(1+sat), capped at 1.
func satLog(x, sat float64) float64 { return clamp01(math.Log1p(x) / math.Log1p(sat)) }

func distinct(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return slices.Compact(out)
}
