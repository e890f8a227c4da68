package rank

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var testNow = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

// spec describes a synthetic cluster.
type spec struct {
	id        string
	members   int
	platforms []string
	followers int64
	posts     []string // post texts, cycled over members and time
	bios      []string
	perMember int // posts per member
	spanDays  int // posts spread evenly over the days before testNow
	phone     string
	removed   int // members removed, each with a successor created later that reuses the phone
}

func build(s spec) *Input {
	in := &Input{ClusterID: s.id, AsOf: testNow}
	created := testNow.AddDate(-1, 0, 0)
	for i := range s.members {
		m := Member{
			ID: fmt.Sprintf("%s:%02d", s.id, i), Kind: "account", Platform: s.platforms[i%len(s.platforms)],
			Handle: fmt.Sprintf("%s_%d", s.id, i), Status: "active", Followers: s.followers, CreatedAt: created,
		}
		if len(s.bios) > 0 {
			m.Bio = s.bios[i%len(s.bios)]
		}
		in.Members = append(in.Members, m)
	}
	total := s.members * s.perMember
	for k := range total {
		author := in.Members[k%s.members].ID
		at := testNow.Add(-time.Duration(float64(s.spanDays*24)*float64(k+1)/float64(total+1)) * time.Hour)
		in.Posts = append(in.Posts, Post{ID: fmt.Sprintf("%s:p%03d", s.id, k), Author: author, Platform: in.Members[k%s.members].Platform,
			Text: s.posts[k%len(s.posts)], Status: "active", PostedAt: at})
	}
	var users []string
	for _, m := range in.Members {
		users = append(users, m.ID)
	}
	for r := range s.removed {
		old := fmt.Sprintf("%s:gone%d", s.id, r)
		in.Members = append(in.Members, Member{ID: old, Kind: "account", Platform: s.platforms[0], Status: "removed", CreatedAt: created.AddDate(0, -6, 0)})
		in.Posts = append(in.Posts, Post{ID: old + ":p", Author: old, Platform: s.platforms[0], Text: s.posts[0], Status: "removed", PostedAt: created.AddDate(0, 0, 10)})
		succ := fmt.Sprintf("%s:new%d", s.id, r)
		in.Members = append(in.Members, Member{ID: succ, Kind: "account", Platform: s.platforms[0], Status: "active", CreatedAt: created.AddDate(0, 1, 0), Bio: s.bios[0]})
		users = append(users, old, succ)
	}
	if s.phone != "" {
		in.Identifiers = append(in.Identifiers, Identifier{Key: "phone:" + s.phone, Kind: "phone", Value: s.phone, Users: users, Public: true})
	}
	return in
}

var (
	smugglingPosts = []string{
		"Boat from Calais to the UK this week 🚤 £2,500 per person. 100% safe, no passport needed. WhatsApp +44 7400 123456",
		"رحلة من ليبيا إلى إيطاليا هذا الأسبوع، السعر ٣٥٠٠ دولار للشخص. مضمونة ١٠٠٪ وبدون جواز سفر. واتساب +44 7400 123456",
		"گەشت لە کالێ بۆ بەریتانیا ئەم هەفتەیە، نرخ ٣٠٠٠ پاوەند. ١٠٠٪ گەرەنتی، پێویست بە پاسپۆرت ناکات. وەتسئاپ +44 7400 123456",
		"Rêwîtî ji Calais bo Brîtanya vê hefteyê, biha 2800 pound. 100% garantî, pasaport ne pêwîst e. WhatsApp +44 7400 123456",
		"سفر از ترکیه به یونان این هفته، قیمت ۲۵۰۰ یورو برای هر نفر. ۱۰۰٪ تضمینی، بدون پاسپورت. واتساپ +44 7400 123456",
		"Arrived in the UK today, thank you brother 🙏 Trust only +44 7400 123456",
		"Taxi + boat Dunkirk to UK. Price £2000. Only serious people. Telegram t.me/channel_trips",
		"Still available? Price for a family of 4?",
	}
	smugglingBios = []string{"Travel to UK safe & fast | WhatsApp +44 7400 123456", "🚤 UK trips every week. DM or +44 7400 123456"}

	charityPosts = []string{
		"Do not get in the boats. Smugglers lie about safety. If you need help call our free helpline 0808 800 1234",
		"Ne montez pas dans les bateaux. Les passeurs mentent. Aide gratuite : 0808 800 1234",
		"لا تركبوا القوارب. المهربون يكذبون. للمساعدة المجانية اتصلوا 0808 800 1234",
		"سوار قایق نشوید. قاچاقچیان دروغ می‌گویند. خط کمک رایگان 0808 800 1234",
		"Smugglers ask £3,000 for a place in an overcrowded dinghy from Calais to the UK. It is never '100% safe'. Talk to us first: 0808 800 1234",
		"Botlara binmeyin. Kaçakçılar yalan söylüyor. Ücretsiz yardım hattı 0808 800 1234",
		"Our volunteers in Calais are handing out food and blankets tonight. Helpline 0808 800 1234",
		"Vigil tonight in Calais for those lost in the Channel. 🕯️",
	}
	charityBios = []string{"Refugee support charity. Free confidential helpline 0808 800 1234"}

	newsPosts = []string{
		"Smugglers are charging up to £6,000 per person for a Channel crossing from Dunkirk, our investigation found.",
		"Police in Calais dismantle a network that advertised crossings to the UK on social media at €2,500 a seat.",
		"Court hears smugglers promised 'no passport needed' trips to the UK for £4,000.",
		"Les passeurs demandent jusqu'à 3 000 € pour une traversée de la Manche depuis Calais, selon notre enquête.",
		"المهربون يطلبون ما يصل إلى ٥٠٠٠ يورو للشخص مقابل العبور من ليبيا إلى إيطاليا، بحسب تحقيقنا.",
		"'They said it was 100% safe': survivors describe the crossing from Libya to Italy. Share your story: +44 20 7946 0000",
		"520 people reached the UK by small boat yesterday, official figures show.",
	}
	newsBios = []string{"Investigative journalism on migration. Tips: +44 20 7946 0000"}

	travelPosts = []string{
		"Flights London–Istanbul from £120, call +44 20 7946 0123",
		"Erbil–Istanbul–London flights from £350. Visa support, all documents checked. WhatsApp +44 20 7946 0123",
		"Summer deals: Antalya 7 nights from £499 per person. Best price guaranteed! Book: +44 20 7946 0123",
		"Family trip to Greece, ferry + hotel from €899. 100% refund if cancelled. +44 20 7946 0123",
		"İstanbul–Londra uçuşları 150 £'dan başlayan fiyatlarla. Bilgi: +44 20 7946 0123",
		"رحلات طيران أربيل–إسطنبول ابتداءً من ٣٠٠ دولار. للحجز +44 20 7946 0123",
	}
	travelBios = []string{"Family-run travel agency since 1998. Flights, hotels, holidays. Call +44 20 7946 0123"}
)

// sameShape gives decoys and a smuggling cluster the same size, platforms,
// reach, activity and shared public phone, so only their content differs.
func sameShape(id string, posts, bios []string, phone string) spec {
	return spec{id: id, members: 8, platforms: []string{"facebook", "tiktok"}, followers: 2000, posts: posts, bios: bios,
		perMember: 3, spanDays: 60, phone: phone}
}

func checkSum(t *testing.T, r Result) {
	t.Helper()
	sum := 0.0
	for _, f := range r.Factors {
		sum += f.Contribution
		if f.Name != FactorAdvertGate && (f.Normalized < 0 || f.Normalized > 1) {
			t.Errorf("%s: factor %s normalised to %v outside [0,1]", r.ClusterID, f.Name, f.Normalized)
		}
		if d := f.Contribution - f.Weight*f.Normalized; math.Abs(d) > 1e-12 {
			t.Errorf("%s: factor %s contribution %v != weight %v × normalised %v", r.ClusterID, f.Name, f.Contribution, f.Weight, f.Normalized)
		}
	}
	if math.Abs(sum-r.Score) > 1e-9 {
		t.Errorf("%s: contributions sum to %.12f, score is %.12f", r.ClusterID, sum, r.Score)
	}
}

func factor(r Result, name string) Factor {
	for _, f := range r.Factors {
		if f.Name == name {
			return f
		}
	}
	panic("no factor " + name)
}

func logResult(t *testing.T, r Result) {
	t.Helper()
	t.Logf("%s: score %.3f tier %s advert %v", r.ClusterID, r.Score, r.Tier, r.Advert)
	for _, f := range r.Factors {
		t.Logf("    %-16s raw %10.2f norm %.3f weight %+.3f contrib %+.4f  %s", f.Name, f.Raw, f.Normalized, f.Weight, f.Contribution, f.Note)
	}
}

func TestSeparation(t *testing.T) {
	cfg := DefaultConfig()
	smug := Score(build(sameShape("smuggling", smugglingPosts, smugglingBios, "+447400123456")), cfg)
	logResult(t, smug)
	checkSum(t, smug)
	if !smug.Advert || (smug.Tier != TierHigh && smug.Tier != TierMedium) {
		t.Errorf("smuggling cluster of 8 on 2 platforms: advert %v tier %s, want an advertising cluster, high or medium", smug.Advert, smug.Tier)
	}
	decoys := []spec{
		sameShape("charity", charityPosts, charityBios, "+448088001234"),
		sameShape("news", newsPosts, newsBios, "+442079460000"),
		sameShape("travel", travelPosts, travelBios, "+442079460123"),
	}
	for _, d := range decoys {
		r := Score(build(d), cfg)
		logResult(t, r)
		checkSum(t, r)
		if r.Score >= smug.Score {
			t.Errorf("%s scores %.3f, not below the smuggling cluster's %.3f", d.id, r.Score, smug.Score)
		}
		if r.Tier != TierLow && r.Tier != TierMedium {
			t.Errorf("%s: tier %s, want low or medium", d.id, r.Tier)
		}
		if r.Advert {
			t.Errorf("%s: flagged as advertising crossings", d.id)
		}
		if a := factor(r, FactorAdvert); a.Normalized > 0.05 {
			t.Errorf("%s: advert factor %.3f, want about 0", d.id, a.Normalized)
		}
		if g := factor(r, FactorAdvertGate); g.Contribution >= 0 {
			t.Errorf("%s: no discussion penalty (gate contribution %v)", d.id, g.Contribution)
		}
	}
	// A charity with ten times the members and reach still ranks low.
	big := sameShape("big-charity", charityPosts, charityBios, "+448088001234")
	big.members, big.followers, big.platforms = 80, 50000, []string{"facebook", "x", "instagram", "tiktok", "youtube"}
	if r := Score(build(big), cfg); r.Tier != TierLow || r.Score >= smug.Score {
		logResult(t, r)
		t.Errorf("big charity: score %.3f tier %s, want low and below the smuggling cluster", r.Score, r.Tier)
	}
}

func TestTopTier(t *testing.T) {
	s := spec{id: "top", members: 40, platforms: []string{"facebook", "tiktok", "instagram", "telegram", "x"}, followers: 5000,
		posts: smugglingPosts, bios: smugglingBios, perMember: 3, spanDays: 45, phone: "+447400123456", removed: 3}
	in := build(s)
	in.CoAdminPairs, in.RepostPairs = 12, 30
	r := Score(in, nil)
	logResult(t, r)
	checkSum(t, r)
	if r.Tier != TierTop {
		t.Errorf("large active cross-platform advertising cluster: tier %s (score %.3f), want top", r.Tier, r.Score)
	}
	if f := factor(r, FactorReemergence); f.Raw != 6 || f.Normalized < 0.99 {
		t.Errorf("re-emergence raw %v normalised %v, want 3 removed + 3 successors and a full factor", f.Raw, f.Normalized)
	}
	if len(r.Evidence.Posts) == 0 || !r.Evidence.Posts[0].Advert {
		t.Fatalf("evidence does not start with an advert: %+v", r.Evidence.Posts)
	}
	for _, p := range r.Evidence.Posts {
		for _, h := range p.Hits {
			if h.End > len(p.Text) || h.Start >= h.End {
				t.Errorf("evidence hit %+v outside %q", h, p.Text)
			}
		}
	}
	if len(r.Evidence.Identifiers) != 1 || r.Evidence.Identifiers[0].Users != 46 || !r.Evidence.Identifiers[0].Public {
		t.Errorf("identifier evidence %+v, want the shared public phone with 46 users", r.Evidence.Identifiers)
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"normalized"`, `"contribution"`, `"post_id"`, `"category"`, `"evidence"`} {
		if !strings.Contains(string(b), key) {
			t.Errorf("JSON lacks %s", key)
		}
	}
}

func TestAsOf(t *testing.T) {
	in := build(sameShape("asof", smugglingPosts, smugglingBios, "+447400123456"))
	now := Score(in, nil)
	in.AsOf = testNow.AddDate(1, 0, 0)
	later := Score(in, nil)
	checkSum(t, later)
	a, b := factor(now, FactorActivity), factor(later, FactorActivity)
	t.Logf("activity at %s: %.3f (%s); a year later: %.3f (%s)", testNow.Format("2006-01-02"), a.Normalized, a.Note, b.Normalized, b.Note)
	if !(b.Normalized < a.Normalized) || b.Raw != 0 {
		t.Errorf("activity a year later %.3f (raw %v), want below %.3f and no recent posts", b.Normalized, b.Raw, a.Normalized)
	}
	if later.Score >= now.Score {
		t.Errorf("score a year later %.3f, want below %.3f", later.Score, now.Score)
	}
	// Posts after AsOf do not exist yet.
	in.AsOf = testNow.AddDate(0, -3, 0)
	early := Score(in, nil)
	if f := factor(early, FactorActivity); f.Raw != 0 {
		t.Errorf("posts after AsOf counted: %s", f.Note)
	}
}

func TestTrend(t *testing.T) {
	// The same 24 posts, bunched into the last month or into the month two
	// months ago: a rising cluster scores more activity.
	rising := build(sameShape("rising", smugglingPosts, smugglingBios, ""))
	falling := build(sameShape("falling", smugglingPosts, smugglingBios, ""))
	for i := range rising.Posts {
		rising.Posts[i].PostedAt = testNow.Add(-time.Duration(i+1) * 24 * time.Hour)
		falling.Posts[i].PostedAt = testNow.Add(-time.Duration(60+i) * 24 * time.Hour)
	}
	r, f := factor(Score(rising, nil), FactorActivity), factor(Score(falling, nil), FactorActivity)
	if !(r.Normalized > f.Normalized) {
		t.Errorf("rising activity %.3f (%s) not above falling %.3f (%s)", r.Normalized, r.Note, f.Normalized, f.Note)
	}
}

func TestMixedContentGate(t *testing.T) {
	// A cluster posting mostly warnings and a few adverts: the discussion
	// ratio drives the advert factor towards zero.
	posts := append(append([]string{}, charityPosts...), smugglingPosts[0])
	r := Score(build(sameShape("mixed", posts, charityBios, "")), nil)
	checkSum(t, r)
	pure := Score(build(sameShape("pure", smugglingPosts[:1], smugglingBios, "")), nil)
	if a, p := factor(r, FactorAdvert).Normalized, factor(pure, FactorAdvert).Normalized; !(a < 0.1 && p == 1) {
		t.Errorf("advert factor mixed %.3f, pure %.3f; want < 0.1 and 1", a, p)
	}
}

func TestEmptyCluster(t *testing.T) {
	r := Score(&Input{ClusterID: "empty", AsOf: testNow}, nil)
	checkSum(t, r)
	if r.Score != 0 || r.Tier != TierLow || r.Advert {
		t.Errorf("empty cluster: %+v", r)
	}
}

func TestConfig(t *testing.T) {
	def := DefaultConfig()
	sum := 0.0
	for _, name := range FactorNames {
		w, ok := def.Weights[name]
		if !ok {
			t.Errorf("no default weight for %s", name)
		}
		sum += w
	}
	if math.Abs(sum-1) > 1e-9 {
		t.Errorf("default weights sum to %v, want 1", sum)
	}
	shipped, err := LoadConfig("weights.default.json")
	if err != nil {
		t.Fatal(err)
	}
	for name, w := range def.Weights {
		if shipped.Weights[name] != w {
			t.Errorf("weights.default.json %s = %v, DefaultConfig has %v", name, shipped.Weights[name], w)
		}
	}
	if shipped.Tiers != def.Tiers || shipped.Gate != def.Gate {
		t.Errorf("weights.default.json tiers/gate %+v %+v, DefaultConfig %+v %+v", shipped.Tiers, shipped.Gate, def.Tiers, def.Gate)
	}

	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "lex"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "lex", "en.txt"), []byte("route\tnarnia\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	write := func(s string) string {
		p := filepath.Join(dir, "cfg.json")
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cfg, err := LoadConfig(write(`{"weights": {"advert": 0.5, "reach": 0}, "tiers": {"top": 0.7}, "lexicon": "lex"}`))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Weights[FactorAdvert] != 0.5 || cfg.Weights[FactorReach] != 0 || cfg.Weights[FactorSize] != def.Weights[FactorSize] {
		t.Errorf("weights not overridden: %v", cfg.Weights)
	}
	if cfg.Tiers.Top != 0.7 || cfg.Tiers.High != def.Tiers.High {
		t.Errorf("tiers %+v", cfg.Tiers)
	}
	if hits := cfg.Lexicon.Match("boat to Narnia"); len(hits) != 1 || hits[0].Category != CatRoute {
		t.Errorf("config lexicon not loaded: %+v", hits)
	}
	r := Score(build(sameShape("cfg", smugglingPosts, smugglingBios, "")), cfg)
	checkSum(t, r)
	want := 0.5 / (1 - def.Weights[FactorReach] - def.Weights[FactorAdvert] + 0.5)
	if w := factor(r, FactorAdvert).Weight; math.Abs(w-want) > 1e-12 {
		t.Errorf("effective advert weight %v, want the configured weight over the sum", w)
	}
	for _, bad := range []string{
		`{"weights": {"adverts": 1}}`,
		`{"weight": {}}`,
		`{"tiers": {"top": 0.3, "high": 0.5}}`,
		`{"weights": {"size": -1}}`,
		`{"gate": {"full": 0}}`,
	} {
		if _, err := LoadConfig(write(bad)); err == nil {
			t.Errorf("LoadConfig(%s): no error", bad)
		}
	}
}

// TestAmbiguousTravelAgency: a travel agency whose posts include one that
// reads like an advert ("Turkey to UK ... guaranteed ... book now") among
// its flights and hotels, repeated across its accounts, stays out of the
// high and top tiers.
func TestAmbiguousTravelAgency(t *testing.T) {
	amb := "Turkey to UK from £250, guaranteed seats, book now +44 20 7946 0123"
	posts := append([]string{amb, travelPosts[0], amb, travelPosts[1], amb, travelPosts[2]}, travelPosts[3:]...)
	r := Score(build(sameShape("ambiguous-travel", posts, travelBios, "+442079460123")), DefaultConfig())
	logResult(t, r)
	checkSum(t, r)
	if r.Tier == TierHigh || r.Tier == TierTop {
		t.Errorf("travel agency with one ambiguous post: score %.3f tier %s, want low or medium", r.Score, r.Tier)
	}
}
