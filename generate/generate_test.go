package generate

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math/rand/v2"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

type record struct {
	Type       string          `json:"type"`
	ID         string          `json:"id"`
	Platform   string          `json:"platform"`
	Handle     string          `json:"handle"`
	Name       string          `json:"name"`
	Status     string          `json:"status"`
	Bio        string          `json:"bio"`
	CreatedAt  string          `json:"created_at"`
	RemovedAt  string          `json:"removed_at"`
	Author     string          `json:"author"`
	Page       string          `json:"page"`
	Text       string          `json:"text"`
	PostedAt   string          `json:"posted_at"`
	Media      []string        `json:"media"`
	Kind       string          `json:"kind"`
	From       string          `json:"from"`
	To         string          `json:"to"`
	At         string          `json:"at"`
	Weight     *float64        `json:"weight"`
	Identifier *identifierJSON `json:"identifier"`
	Followers  *int64          `json:"followers"`
	Members    *int64          `json:"members"`
}

type identifierJSON struct {
	Kind   string `json:"kind"`
	Value  string `json:"value"`
	Region string `json:"region"`
}

type scenario struct {
	raw     []byte
	recs    []record
	byID    map[string]int // index into recs of the defining record
	truth   Truth
	stats   Stats
	rawJSON []byte
}

var scenarioCache = map[[2]int64]*scenario{}

// load generates (once per size and seed) and parses a scenario.
func load(t testing.TB, accounts int, seed int64) *scenario {
	t.Helper()
	key := [2]int64{int64(accounts), seed}
	if s, ok := scenarioCache[key]; ok {
		return s
	}
	var out, tr bytes.Buffer
	st, err := Generate(&out, &tr, Options{Accounts: accounts, Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	s := &scenario{raw: out.Bytes(), byID: map[string]int{}, stats: st, rawJSON: tr.Bytes()}
	if err := json.Unmarshal(tr.Bytes(), &s.truth); err != nil {
		t.Fatalf("truth is not JSON: %v", err)
	}
	for n, line := range bytes.Split(bytes.TrimSuffix(s.raw, []byte("\n")), []byte("\n")) {
		var r record
		if err := json.Unmarshal(line, &r); err != nil {
			t.Fatalf("line %d is not JSON: %v\n%s", n+1, err, line)
		}
		s.recs = append(s.recs, r)
		if r.ID != "" {
			if _, dup := s.byID[r.ID]; dup {
				t.Fatalf("line %d: duplicate id %q", n+1, r.ID)
			}
			s.byID[r.ID] = len(s.recs) - 1
		}
	}
	scenarioCache[key] = s
	return s
}

var (
	phashRe   = regexp.MustCompile(`^phash:[0-9a-f]{16}$`)
	regionRe  = regexp.MustCompile(`^[A-Z]{2}$`)
	statuses  = []string{"active", "removed", "suspended", "unknown"}
	platforms = []string{"x", "tiktok", "instagram", "facebook", "youtube", "telegram"}
	idKinds   = []string{"phone", "email", "url", "messaging", "payment", "crypto", "image_hash"}
	linkEnds  = map[string][2][]string{
		"follows":   {{"account"}, {"account"}},
		"mentions":  {{"post", "account"}, {"account"}},
		"reposts":   {{"post", "account"}, {"post"}},
		"replies":   {{"post"}, {"post"}},
		"admin_of":  {{"account"}, {"page"}},
		"member_of": {{"account"}, {"page"}},
		"contact":   {{"account"}, {"account"}},
		"same_as":   {{"account"}, {"account"}},
	}
)

func checkTime(t *testing.T, line int, field, v string, required bool) time.Time {
	t.Helper()
	if v == "" {
		if required {
			t.Errorf("line %d: %s missing", line, field)
		}
		return time.Time{}
	}
	tm, err := time.Parse(time.RFC3339, v)
	if err != nil {
		t.Errorf("line %d: %s %q is not RFC 3339", line, field, v)
	}
	return tm
}

func TestRecordsFollowTheSpec(t *testing.T) {
	s := load(t, 5000, 1)
	now := DefaultNow
	kindOf := func(id string, before int) string {
		i, ok := s.byID[id]
		if !ok || i >= before {
			return ""
		}
		return s.recs[i].Type
	}
	counts := map[string]int64{}
	for i, r := range s.recs {
		line := i + 1
		counts[r.Type]++
		switch r.Type {
		case "account":
			if r.ID == "" || r.Platform == "" || r.Handle == "" {
				t.Fatalf("line %d: account without id/platform/handle", line)
			}
			if !strings.HasSuffix(r.ID, r.Handle) {
				t.Errorf("line %d: id %q does not carry handle %q", line, r.ID, r.Handle)
			}
			created := checkTime(t, line, "created_at", r.CreatedAt, true)
			if removed := checkTime(t, line, "removed_at", r.RemovedAt, false); !removed.IsZero() {
				if r.Status != "removed" && r.Status != "suspended" {
					t.Errorf("line %d: removed_at on a %s account", line, r.Status)
				}
				if !removed.After(created) {
					t.Errorf("line %d: removed before created", line)
				}
			}
			if created.After(now) {
				t.Errorf("line %d: created after Now", line)
			}
		case "page":
			if r.ID == "" || r.Platform == "" {
				t.Fatalf("line %d: page without id/platform", line)
			}
			if r.Platform != "facebook" && r.Platform != "telegram" && r.Platform != "youtube" {
				t.Errorf("line %d: page on %s", line, r.Platform)
			}
		case "post":
			if r.ID == "" || r.Platform == "" {
				t.Fatalf("line %d: post without id/platform", line)
			}
			at := checkTime(t, line, "posted_at", r.PostedAt, true)
			if at.After(now) || at.Before(now.AddDate(-1, 0, -1)) {
				t.Errorf("line %d: posted_at %v outside the year before Now", line, at)
			}
			if r.Author != "" && kindOf(r.Author, i) != "account" {
				t.Errorf("line %d: author %q is not an account defined earlier", line, r.Author)
			}
			if r.Page != "" && kindOf(r.Page, i) != "page" {
				t.Errorf("line %d: page %q is not a page defined earlier", line, r.Page)
			}
			if a, ok := s.byID[r.Author]; ok && s.recs[a].Platform != r.Platform {
				t.Errorf("line %d: %s post by a %s account", line, r.Platform, s.recs[a].Platform)
			}
			for _, m := range r.Media {
				if !phashRe.MatchString(m) {
					t.Errorf("line %d: media %q", line, m)
				}
			}
		case "link":
			checkTime(t, line, "at", r.At, false)
			if r.Weight != nil && *r.Weight <= 0 {
				t.Errorf("line %d: weight %v", line, *r.Weight)
			}
			if r.Kind == "uses" {
				if r.Identifier == nil || r.To != "" {
					t.Fatalf("line %d: uses link needs an identifier and no to", line)
				}
				if !slices.Contains(idKinds, r.Identifier.Kind) || r.Identifier.Value == "" {
					t.Errorf("line %d: identifier %+v", line, *r.Identifier)
				}
				if r.Identifier.Region != "" && !regionRe.MatchString(r.Identifier.Region) {
					t.Errorf("line %d: region %q", line, r.Identifier.Region)
				}
				if kindOf(r.From, i) == "" {
					t.Errorf("line %d: uses from undefined %q", line, r.From)
				}
				continue
			}
			ends, ok := linkEnds[r.Kind]
			if !ok {
				t.Fatalf("line %d: link kind %q", line, r.Kind)
			}
			if fk := kindOf(r.From, i); !slices.Contains(ends[0], fk) {
				t.Errorf("line %d: %s from %q (%s)", line, r.Kind, r.From, fk)
			}
			if tk := kindOf(r.To, i); !slices.Contains(ends[1], tk) {
				t.Errorf("line %d: %s to %q (%s)", line, r.Kind, r.To, tk)
			}
			if r.From == r.To {
				t.Errorf("line %d: self link", line)
			}
		default:
			t.Fatalf("line %d: type %q", line, r.Type)
		}
		if r.Type != "link" {
			if !slices.Contains(platforms, r.Platform) {
				t.Errorf("line %d: platform %q", line, r.Platform)
			}
			if r.Status != "" && !slices.Contains(statuses, r.Status) {
				t.Errorf("line %d: status %q", line, r.Status)
			}
		}
		if t.Failed() && i > 100 {
			t.FailNow()
		}
	}
	want := Stats{Records: int64(len(s.recs)), Accounts: counts["account"], Pages: counts["page"], Posts: counts["post"], Links: counts["link"]}
	if s.stats != want {
		t.Errorf("stats %+v, counted %+v", s.stats, want)
	}
	if s.stats.Accounts != 5000 {
		t.Errorf("accounts = %d, want 5000", s.stats.Accounts)
	}
	ratio := float64(s.stats.Records) / float64(s.stats.Accounts)
	if ratio < 5 || ratio > 10 {
		t.Errorf("records per account %.2f, want 5–10", ratio)
	}
}

func TestDeterministic(t *testing.T) {
	run := func(seed int64) ([]byte, []byte) {
		var a, b bytes.Buffer
		if _, err := Generate(&a, &b, Options{Accounts: 3000, Seed: seed}); err != nil {
			t.Fatal(err)
		}
		return a.Bytes(), b.Bytes()
	}
	a1, t1 := run(42)
	a2, t2 := run(42)
	if !bytes.Equal(a1, a2) || !bytes.Equal(t1, t2) {
		t.Fatal("same options gave different output")
	}
	a3, t3 := run(43)
	if bytes.Equal(a1, a3) || bytes.Equal(t1, t3) {
		t.Fatal("different seeds gave the same output")
	}
	// a different Now shifts the scenario
	var a4 bytes.Buffer
	if _, err := Generate(&a4, nil, Options{Accounts: 3000, Seed: 42, Now: DefaultNow.AddDate(0, 1, 0)}); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a1, a4.Bytes()) {
		t.Fatal("different Now gave the same output")
	}
}

var (
	digitRunRe = regexp.MustCompile(`[+(]?[0-9][0-9 .\-()]{4,}[0-9]`)
)

func asciiDigits(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 0x0660 && r <= 0x0669:
			return '0' + (r - 0x0660)
		case r >= 0x06F0 && r <= 0x06F9:
			return '0' + (r - 0x06F0)
		}
		return r
	}, s)
}

// phoneDigits lists the digit strings of the phone-like runs in s.
func phoneDigits(s string) []string {
	var out []string
	for _, m := range digitRunRe.FindAllString(asciiDigits(s), -1) {
		out = append(out, strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, m))
	}
	return out
}

// memberTexts gathers what a network's members wrote: bios, names, post
// texts, media and identifier values of their uses links.
func memberTexts(s *scenario, n Network) []string {
	members := map[string]bool{}
	for _, m := range n.Members {
		members[m] = true
	}
	var texts []string
	for _, r := range s.recs {
		switch {
		case r.Type == "account" && members[r.ID]:
			texts = append(texts, r.Bio, r.Name)
		case r.Type == "post" && members[r.Author]:
			texts = append(texts, r.Text)
			texts = append(texts, r.Media...)
		case r.Type == "link" && r.Kind == "uses" && members[r.From]:
			texts = append(texts, r.Identifier.Value)
		}
	}
	return texts
}

func identifierPresent(texts []string, id string) bool {
	kind, val, _ := strings.Cut(id, ":")
	for _, tx := range texts {
		switch kind {
		case "phone":
			nsnTail := val[len(val)-7:]
			for _, d := range phoneDigits(tx) {
				if strings.HasSuffix(d, nsnTail) {
					return true
				}
			}
		case "payment":
			if strings.Contains(strings.ReplaceAll(strings.ToLower(tx), " ", ""), strings.ToLower(val)) {
				return true
			}
		case "messaging":
			if v, ok := strings.CutPrefix(val, "wa.me/"); ok {
				if strings.Contains(tx, "wa.me/"+v) || strings.Contains(tx, "phone="+v) {
					return true
				}
			} else if strings.Contains(strings.ToLower(tx), val) {
				return true
			}
		default:
			if strings.Contains(tx, val) {
				return true
			}
		}
	}
	return false
}

func TestTruthMatchesRecords(t *testing.T) {
	s := load(t, 5000, 1)
	tr := s.truth
	if tr.Accounts != 5000 || tr.Seed != 1 || !tr.Now.Equal(DefaultNow) {
		t.Fatalf("truth header %d %d %v", tr.Accounts, tr.Seed, tr.Now)
	}
	kinds := map[string]int{}
	memberOf := map[string]string{}
	var smuggling []Network
	for _, n := range tr.Networks {
		kinds[n.Kind]++
		if n.Size != len(n.Members) || n.Size < 4 {
			t.Errorf("%s: size %d, %d members", n.ID, n.Size, len(n.Members))
		}
		if len(n.Identifiers) == 0 || len(n.Languages) == 0 || len(n.Platforms) < 2 {
			t.Errorf("%s: identifiers %v languages %v platforms %v", n.ID, n.Identifiers, n.Languages, n.Platforms)
		}
		plats := map[string]bool{}
		for _, m := range n.Members {
			i, ok := s.byID[m]
			if !ok {
				t.Fatalf("%s: member %q not in the records", n.ID, m)
			}
			r := s.recs[i]
			if r.Type != "account" && r.Type != "page" {
				t.Errorf("%s: member %q is a %s", n.ID, m, r.Type)
			}
			if prev, dup := memberOf[m]; dup {
				t.Errorf("%q is in %s and %s", m, prev, n.ID)
			}
			memberOf[m] = n.ID
			plats[r.Platform] = true
		}
		for _, p := range n.Platforms {
			if !plats[p] {
				t.Errorf("%s: platform %s has no member", n.ID, p)
			}
		}
		texts := memberTexts(s, n)
		for _, id := range n.Identifiers {
			kind, _, _ := strings.Cut(id, ":")
			if !slices.Contains(idKinds, kind) {
				t.Errorf("%s: identifier kind in %q", n.ID, id)
			}
			if !identifierPresent(texts, id) {
				t.Errorf("%s: identifier %q appears nowhere in its members' records", n.ID, id)
			}
		}
		// posts, recency and dormancy as recorded
		members := map[string]bool{}
		for _, m := range n.Members {
			members[m] = true
		}
		posts, recent := 0, 0
		var last time.Time
		for _, r := range s.recs {
			if r.Type == "post" && members[r.Author] {
				posts++
				at, _ := time.Parse(time.RFC3339, r.PostedAt)
				if at.After(last) {
					last = at
				}
				if !at.Before(DefaultNow.AddDate(0, 0, -30)) {
					recent++
				}
			}
		}
		if posts != n.Posts || recent != n.RecentPosts || !last.Equal(n.LastPostAt) {
			t.Errorf("%s: truth says %d posts, %d recent, last %v; records %d, %d, %v", n.ID, n.Posts, n.RecentPosts, n.LastPostAt, posts, recent, last)
		}
		if n.Dormant != last.Before(DefaultNow.AddDate(0, 0, -90)) {
			t.Errorf("%s: dormant=%v but last post %v", n.ID, n.Dormant, last)
		}
		if n.Kind == KindSmuggling {
			smuggling = append(smuggling, n)
		} else if n.ExpectedTier != "none" {
			t.Errorf("%s: decoy with tier %q", n.ID, n.ExpectedTier)
		}
		checkSuccessors(t, s, n)
	}
	for _, k := range []string{KindCharity, KindNews, KindTravelAgency, KindCommunity} {
		if kinds[k] == 0 {
			t.Errorf("no %s decoy", k)
		}
	}
	checkTiers(t, smuggling)
}

func checkSuccessors(t *testing.T, s *scenario, n Network) {
	t.Helper()
	for _, id := range n.Removed {
		r := s.recs[s.byID[id]]
		if r.Status != "removed" && r.Status != "suspended" {
			t.Errorf("%s: removed member %s has status %q", n.ID, id, r.Status)
		}
	}
	for pred, succ := range n.Successors {
		if !slices.Contains(n.Removed, pred) {
			t.Errorf("%s: successor of %s, which was not removed", n.ID, pred)
		}
		p, sc := s.recs[s.byID[pred]], s.recs[s.byID[succ]]
		pc, _ := time.Parse(time.RFC3339, p.CreatedAt)
		pr, _ := time.Parse(time.RFC3339, p.RemovedAt)
		sct, _ := time.Parse(time.RFC3339, sc.CreatedAt)
		if !sct.After(pc) || !sct.After(pr) {
			t.Errorf("%s: successor %s created %v, predecessor %s created %v removed %v", n.ID, succ, sct, pred, pc, pr)
		}
		if sc.Platform != p.Platform || sc.Status != "active" {
			t.Errorf("%s: successor %s on %s (%s), predecessor on %s", n.ID, succ, sc.Platform, sc.Status, p.Platform)
		}
		// the predecessor went silent when removed; the successor posts after its creation
		for _, r := range s.recs {
			if r.Type != "post" {
				continue
			}
			at, _ := time.Parse(time.RFC3339, r.PostedAt)
			if r.Author == pred && at.After(pr) {
				t.Errorf("%s: %s posted after its removal", n.ID, pred)
			}
			if r.Author == succ && at.Before(sct) {
				t.Errorf("%s: %s posted before it was created", n.ID, succ)
			}
		}
	}
}

var tierRank = map[string]int{"top": 0, "high": 1, "medium": 2, "low": 3}

// checkTiers asserts the documented tier rule.
func checkTiers(t *testing.T, nets []Network) {
	t.Helper()
	if len(nets) < 5 {
		t.Fatalf("%d smuggling networks", len(nets))
	}
	seen := map[string]bool{}
	anyDormant, anySucc := false, false
	for _, a := range nets {
		rank, ok := tierRank[a.ExpectedTier]
		if !ok {
			t.Fatalf("%s: tier %q", a.ID, a.ExpectedTier)
		}
		seen[a.ExpectedTier] = true
		for _, b := range nets {
			if tierRank[b.ExpectedTier] > rank && b.Size > a.Size {
				t.Errorf("%s (%s, %d) smaller than %s (%s, %d)", a.ID, a.ExpectedTier, a.Size, b.ID, b.ExpectedTier, b.Size)
			}
		}
		switch a.ExpectedTier {
		case "top":
			if len(a.Platforms) < 4 || a.RecentPosts == 0 || DefaultNow.Sub(a.LastPostAt) > 3*24*time.Hour {
				t.Errorf("top %s: %d platforms, %d recent posts, last %v", a.ID, len(a.Platforms), a.RecentPosts, a.LastPostAt)
			}
			if len(a.Successors) == 0 {
				t.Errorf("top %s has no re-emerged accounts", a.ID)
			}
		case "high":
			if len(a.Platforms) < 3 || a.Dormant || DefaultNow.Sub(a.LastPostAt) > 15*24*time.Hour {
				t.Errorf("high %s: %d platforms, last %v", a.ID, len(a.Platforms), a.LastPostAt)
			}
		}
		if a.Dormant && rank < tierRank["medium"] {
			t.Errorf("%s: dormant %s network", a.ID, a.ExpectedTier)
		}
		if a.Size > 310 {
			t.Errorf("%s: size %d", a.ID, a.Size)
		}
		anyDormant = anyDormant || a.Dormant
		anySucc = anySucc || len(a.Successors) > 0
	}
	for tier := range tierRank {
		if !seen[tier] {
			t.Errorf("no %s network", tier)
		}
	}
	if !anyDormant || !anySucc {
		t.Errorf("dormant network present: %v; successors present: %v", anyDormant, anySucc)
	}
}

func TestNetworkCountScales(t *testing.T) {
	for _, c := range []struct{ accounts, lo, hi int }{{1000, 5, 8}, {25000, 12, 20}} {
		var tr bytes.Buffer
		if _, err := Generate(io.Discard, &tr, Options{Accounts: c.accounts, Seed: 3}); err != nil {
			t.Fatal(err)
		}
		var truth Truth
		if err := json.Unmarshal(tr.Bytes(), &truth); err != nil {
			t.Fatal(err)
		}
		n, members := 0, 0
		for _, nw := range truth.Networks {
			if nw.Kind == KindSmuggling {
				n++
				members += nw.Size
			}
		}
		if n < c.lo || n > c.hi {
			t.Errorf("%d accounts: %d smuggling networks, want %d–%d", c.accounts, n, c.lo, c.hi)
		}
		if members > c.accounts/3 {
			t.Errorf("%d accounts: %d network members", c.accounts, members)
		}
	}
}

func TestLanguagesAndSpellings(t *testing.T) {
	s := load(t, 5000, 1)
	langs := map[string]bool{}
	for _, n := range s.truth.Networks {
		for _, l := range n.Languages {
			langs[l] = true
		}
	}
	if len(langs) < 6 {
		t.Errorf("only languages %v", langs)
	}
	// every spelling style of spellPhone turns up and each normalises back
	r := newTestRand()
	p := fixedPhone("GB", "7400123456")
	styles := map[string]bool{}
	for range 2000 {
		for _, lang := range []int{langEN, langAR, langFA} {
			sp := spellPhone(r, p, lang)
			d := phoneDigits(sp)
			if len(d) != 1 || (d[0] != "447400123456" && d[0] != "07400123456" && d[0] != "00447400123456") {
				t.Fatalf("spelling %q reads as %v", sp, d)
			}
			switch {
			case strings.ContainsRune(sp, '٤'):
				styles["arabic-indic"] = true
			case strings.ContainsRune(sp, '۴'):
				styles["persian"] = true
			case strings.HasPrefix(sp, "00"):
				styles["00"] = true
			case strings.HasPrefix(sp, "0"):
				styles["national"] = true
			case strings.HasPrefix(sp, "+"):
				styles["international"] = true
			}
		}
	}
	if len(styles) != 5 {
		t.Errorf("spelling styles %v", styles)
	}
	// the hub number is shared by many ordinary accounts
	hub := map[string]bool{}
	for _, r := range s.recs {
		var txt, who string
		switch {
		case r.Type == "post":
			txt, who = r.Text, r.Author
		case r.Type == "link" && r.Kind == "uses":
			txt, who = r.Identifier.Value, r.From
		default:
			continue
		}
		for _, d := range phoneDigits(txt) {
			if strings.HasSuffix(d, "8000468520") {
				hub[who] = true
			}
		}
	}
	if len(hub) < 30 {
		t.Errorf("hub number used by %d accounts", len(hub))
	}
}

func TestIdentifierChecksums(t *testing.T) {
	r := newTestRand()
	for range 200 {
		for _, cc := range []string{"GB", "DE", "TR"} {
			ib := newIBAN(r, cc)
			if !ibanValid(ib) || !strings.HasPrefix(ib, cc) {
				t.Fatalf("IBAN %s", ib)
			}
			bad := []byte(ib)
			bad[len(bad)-1] = '0' + (bad[len(bad)-1]-'0'+1)%10
			if ibanValid(string(bad)) {
				t.Fatalf("corrupted IBAN %s passes", bad)
			}
		}
		kind, addr := newWallet(r)
		switch {
		case strings.HasPrefix(addr, "0x"):
			if !regexp.MustCompile(`^0x[0-9a-f]{40}$`).MatchString(addr) || kind != "ETH" {
				t.Fatalf("ETH %s", addr)
			}
		default:
			v, ok := base58checkValid(addr)
			want := map[byte]byte{'1': 0x00, '3': 0x05, 'T': 0x41}[addr[0]]
			if !ok || v != want {
				t.Fatalf("%s address %s: version %x ok %v", kind, addr, v, ok)
			}
		}
	}
	// a known IBAN and a known address
	if !ibanValid("GB82WEST12345698765432") {
		t.Error("GB82WEST12345698765432 should validate")
	}
	if _, ok := base58checkValid("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"); !ok {
		t.Error("the genesis address should validate")
	}
	// every wallet and IBAN of the truth validates
	s := load(t, 5000, 1)
	for _, n := range s.truth.Networks {
		for _, id := range n.Identifiers {
			if v, ok := strings.CutPrefix(id, "crypto:"); ok && !strings.HasPrefix(v, "0x") {
				if _, valid := base58checkValid(v); !valid {
					t.Errorf("%s: wallet %s", n.ID, v)
				}
			}
			if v, ok := strings.CutPrefix(id, "payment:"); ok && !strings.HasPrefix(v, "paypal.me/") && !ibanValid(v) {
				t.Errorf("%s: IBAN %s", n.ID, v)
			}
		}
	}
}

func TestRFC3339AndEscaping(t *testing.T) {
	r := newTestRand()
	for range 10000 {
		u := r.Int64N(4_000_000_000) - 1_000_000_000
		got := string(appendRFC3339(nil, u))
		if want := time.Unix(u, 0).UTC().Format(time.RFC3339); got != want {
			t.Fatalf("%d: %s, want %s", u, got, want)
		}
	}
	for _, s := range []string{"plain", `quote " back \ slash`, "tab\tnl\ncr\r\x01\x1f", "٠٧٧٠٠ ۳۰۰۰ ጉዕዞ 🚤", "bad \xff byte", "\u2028"} {
		var back string
		enc := appendJSONString(nil, s)
		if err := json.Unmarshal(enc, &back); err != nil {
			t.Fatalf("%q encodes to invalid JSON %s", s, enc)
		}
		if want := strings.ToValidUTF8(s, "\uFFFD"); back != want {
			t.Fatalf("%q round-trips to %q", s, back)
		}
		if err := json.Unmarshal(appendJSONBytes(nil, []byte(s)), &back); err != nil || back != strings.ToValidUTF8(s, "\uFFFD") {
			t.Fatalf("bytes %q round-trips to %q (%v)", s, back, err)
		}
	}
}

func TestOptions(t *testing.T) {
	if _, err := Generate(io.Discard, nil, Options{}); err == nil {
		t.Error("zero accounts accepted")
	}
	calls := []int64{}
	st, err := Generate(io.Discard, nil, Options{Accounts: 40000, Seed: 9, Progress: func(n int64) { calls = append(calls, n) }})
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(calls)) != st.Records/100_000 || !slices.IsSorted(calls) {
		t.Errorf("progress calls %v for %d records", calls, st.Records)
	}
	// tiny scenarios still work and count exactly
	for _, a := range []int{1, 17, 150} {
		st, err := Generate(io.Discard, nil, Options{Accounts: a, Seed: 1})
		if err != nil || st.Accounts != int64(a) {
			t.Errorf("accounts %d: %+v %v", a, st, err)
		}
	}
	// a failing writer surfaces its error
	if _, err := Generate(failWriter{}, nil, Options{Accounts: 2000}); err == nil {
		t.Error("write error swallowed")
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("200k accounts")
	}
	runtime.GC()
	var peak uint64
	sample := func() {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapInuse)
	}
	bw := bufio.NewWriter(io.Discard)
	st, err := Generate(bw, io.Discard, Options{Accounts: 200_000, Seed: 5, Progress: func(int64) { sample() }})
	if err != nil {
		t.Fatal(err)
	}
	sample()
	if st.Accounts != 200_000 || st.Records < 1_000_000 {
		t.Fatalf("stats %+v", st)
	}
	if peak > 512<<20 {
		t.Errorf("heap in use reached %d MiB", peak>>20)
	}
	t.Logf("%d records, peak heap in use %d MiB", st.Records, peak>>20)
}

// BenchmarkGenerate reports records written per second into a bufio.Writer
// over io.Discard, at 100,000 and 1,000,000 accounts.
func BenchmarkGenerate(b *testing.B) {
	for _, accounts := range []int{100_000, 1_000_000} {
		b.Run("accounts="+strconv.Itoa(accounts), func(b *testing.B) {
			var records int64
			start := time.Now()
			for b.Loop() {
				bw := bufio.NewWriterSize(io.Discard, 1<<20)
				st, err := Generate(bw, nil, Options{Accounts: accounts, Seed: 1})
				if err != nil {
					b.Fatal(err)
				}
				bw.Flush()
				records += st.Records
			}
			b.ReportMetric(float64(records)/time.Since(start).Seconds(), "records/s")
			b.ReportMetric(float64(records)/float64(b.N)/float64(accounts), "records/account")
		})
	}
}

func newTestRand() *rand.Rand { return rand.New(rand.NewPCG(1, 2)) }
