package referral

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/takedown/takedown/generate"
	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/networks"
	"github.com/takedown/takedown/rank"
)

var resultsFile = flag.String("ranking.results", "", "write the ranking-quality figures as Markdown to this file")

// rankingReport gathers the figures of the ranking tests, in the order
// the tests ran.
var (
	reportMu sync.Mutex
	report   []string
)

func addReport(s string) {
	reportMu.Lock()
	defer reportMu.Unlock()
	report = append(report, s)
}

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if *resultsFile != "" && len(report) > 0 {
		head := "# Ranking quality\n\n" +
			"Written by the ranking-quality tests of package referral, from the repository root:\n\n" +
			"    go test ./referral -run 'TestRanking' -v -ranking.results=$PWD/bench/RESULTS-ranking.md\n\n" +
			"Each scenario is ingested into the embedded store (graph/bolt) and analysed by `networks.Analyze` with its " +
			"default configuration, which ranks clusters with `rank.Score` (networks.RankScorer): the main column is that " +
			"run's order. The same clusters are also scored with `rank.Score` on the input `referral.RankInput` builds " +
			"from the cluster document and the store (what the referral gate uses), and ordered by a second run with " +
			"`networks.SizeScorer` as a baseline. Each cluster is mapped to the truth network (planted network or decoy " +
			"group) whose members it matches with the highest F1, if most of its members belong to it.\n\n" +
			"Precision@k is the share of the top k clusters that match a distinct planted smuggling network (a second " +
			"cluster matching the same network counts as a miss); \"best possible\" is min(k, networks)/k.\n\n" +
			"The tests assert, for both scorings, that no decoy cluster reaches tier high or top and that every decoy " +
			"ranks below every planted smuggling network of comparable size (half to twice its members); for the " +
			"generated scenario, that every top-tier network scores in tier top within the first clusters; for the hard " +
			"cases, that every group is detected, that no smuggling network is tier low, and that the referral gate " +
			"(Assessment.Referable) lets every smuggling network through and refuses every decoy without an override. " +
			"Expected tiers of the generator follow planned size; rank's tiers follow the score, so networks expected " +
			"low or medium may score high.\n\n"
		if err := os.WriteFile(*resultsFile, []byte(head+strings.Join(report, "\n")), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "ranking results:", err)
			code = 1
		}
	}
	os.Exit(code)
}

// scenario is a ranked scenario: its clusters ranked three ways.
type scenario struct {
	// pipeline is the order of a run of the analysis with its default
	// scorer (rank.Score through networks.RankScorer).
	pipeline []ranked
	// viaInput ranks the same clusters by rank.Score on the input
	// RankInput builds from their documents and the store (what the
	// referral gate scores).
	viaInput []ranked
	// bySize is the order of a second run scoring with
	// networks.SizeScorer, the baseline.
	bySize []ranked
	svc    *Service
}

// docOrder ranks a run's clusters in the order the run gave them.
func docOrder(t *testing.T, st graph.DocStore, run string, nets []truthNet) []ranked {
	owner := owners(nets)
	var out []ranked
	for _, c := range allClusters(t, st) {
		if c.Run == run {
			out = append(out, ranked{c: c, score: c.Score, tier: c.Tier, m: bestMatch(&c, nets, owner)})
		}
	}
	slices.SortFunc(out, func(a, b ranked) int { return a.c.Rank - b.c.Rank })
	return out
}

// rankScenario ingests ndjson, analyses it and ranks its clusters.
func rankScenario(t *testing.T, ndjson []byte, nets []truthNet) scenario {
	t.Helper()
	ctx := context.Background()
	st := openStore(t)
	t0 := time.Now()
	ingestBytes(t, st, ndjson)
	t1 := time.Now()
	run, err := networks.Analyze(ctx, st, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	t2 := time.Now()
	sc := scenario{svc: New(st)}
	sc.pipeline = docOrder(t, st, run.ID, nets)
	for _, r := range sc.pipeline {
		res, err := sc.svc.Score(ctx, &r.c)
		if err != nil {
			t.Fatal(err)
		}
		sc.viaInput = append(sc.viaInput, ranked{c: r.c, score: res.Score, tier: res.Tier, m: r.m})
	}
	sortRanked(sc.viaInput)
	t3 := time.Now()
	// The baseline runs last: it replaces the first run's documents.
	run2, err := networks.AnalyzeWith(ctx, st, nil, networks.Options{Scorer: networks.SizeScorer{}})
	if err != nil {
		t.Fatal(err)
	}
	sc.bySize = docOrder(t, st, run2.ID, nets)
	t.Logf("ingest %v, analysis %v (%d clusters), scoring on RankInput %v", t1.Sub(t0).Round(time.Millisecond), t2.Sub(t1).Round(time.Millisecond),
		len(sc.pipeline), t3.Sub(t2).Round(time.Millisecond))
	return sc
}

// quality are the figures of a ranking against the truth.
type quality struct {
	precision map[int]float64
	ks        []int
	// per truth network: the best rank of a cluster matching it (0 if
	// none), its score and tier
	best []netRank
	// topInTop: every top-tier network ranks in the top tier and within
	// the first len(top) clusters
	topTier, topInTop, topInFirst int
	smuggling                     int
}

type netRank struct {
	rank  int
	score float64
	tier  string
	f1    float64
	size  int
}

func measure(rs []ranked, nets []truthNet) quality {
	q := quality{precision: map[int]float64{}}
	nTop := 0
	for _, n := range nets {
		if n.Kind == generate.KindSmuggling && n.Tier == rank.TierTop {
			nTop++
		}
	}
	nSmuggling := 0
	for _, n := range nets {
		if n.Kind == generate.KindSmuggling {
			nSmuggling++
		}
	}
	q.smuggling = nSmuggling
	q.ks = []int{5, 10, 20}
	for _, k := range []int{nTop, nSmuggling} {
		if k > 0 && !slices.Contains(q.ks, k) {
			q.ks = append(q.ks, k)
		}
	}
	slices.Sort(q.ks)
	for _, k := range q.ks {
		hit := map[int]bool{}
		for _, r := range rs[:min(k, len(rs))] {
			if r.m.net >= 0 && nets[r.m.net].Kind == generate.KindSmuggling {
				hit[r.m.net] = true
			}
		}
		q.precision[k] = float64(len(hit)) / float64(k)
	}
	q.best = make([]netRank, len(nets))
	for i, r := range rs {
		if r.m.net < 0 {
			continue
		}
		b := &q.best[r.m.net]
		if b.rank == 0 {
			*b = netRank{rank: i + 1, score: r.score, tier: r.tier, f1: r.m.f1, size: r.c.Size}
		}
	}
	q.topTier = nTop
	for i, n := range nets {
		if n.Kind == generate.KindSmuggling && n.Tier == rank.TierTop {
			if q.best[i].tier == rank.TierTop {
				q.topInTop++
			}
			if q.best[i].rank > 0 && q.best[i].rank <= nTop {
				q.topInFirst++
			}
		}
	}
	return q
}

// markdown renders the figures of the main ranking, with the precision
// of the other orders alongside.
func (q quality) markdown(title string, sc scenario, nets []truthNet) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## %s\n\n", title)
	fmt.Fprintf(&b, "%d clusters ranked; %d planted smuggling networks, %d decoy groups.\n\n", len(sc.pipeline), q.smuggling, len(nets)-q.smuggling)
	size, via := measure(sc.bySize, nets), measure(sc.viaInput, nets)
	b.WriteString("| k | best possible | precision@k: analysis run (rank.Score) | rank.Score on referral.RankInput | baseline: SizeScorer |\n|---|---|---|---|---|\n")
	for _, k := range q.ks {
		var notes []string
		if k == q.topTier {
			notes = append(notes, "top-tier networks")
		}
		if k == q.smuggling {
			notes = append(notes, "smuggling networks")
		}
		label := fmt.Sprint(k)
		if len(notes) > 0 {
			label += " (" + strings.Join(notes, ", ") + ")"
		}
		fmt.Fprintf(&b, "| %s | %.2f | %.2f | %.2f | %.2f |\n", label, float64(min(k, q.smuggling))/float64(k), q.precision[k], via.precision[k], size.precision[k])
	}
	if q.topTier > 0 {
		fmt.Fprintf(&b, "\nTop-tier networks (expected tier top) scored in tier top: %d of %d; ranked within the first %d clusters: %d of %d.\n",
			q.topInTop, q.topTier, q.topTier, q.topInFirst, q.topTier)
	}
	b.WriteString("\nEach truth network's best-ranked cluster in the analysis run, with the score of referral.RankInput alongside:\n\n")
	b.WriteString("| network | kind | expected tier | members | rank | cluster size | F1 | score | tier | RankInput rank | RankInput score | RankInput tier |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	order := make([]int, len(nets))
	for i := range order {
		order[i] = i
	}
	kindOrder := func(k string) int {
		if k == generate.KindSmuggling {
			return 0
		}
		return 1
	}
	rankOf := func(i int) int {
		if r := q.best[i].rank; r > 0 {
			return r
		}
		return 1 << 30
	}
	slices.SortStableFunc(order, func(a, c int) int {
		if d := kindOrder(nets[a].Kind) - kindOrder(nets[c].Kind); d != 0 {
			return d
		}
		return rankOf(a) - rankOf(c)
	})
	for _, i := range order {
		n, br := nets[i], q.best[i]
		tier := n.Tier
		if tier == "" {
			tier = "-"
		}
		if br.rank == 0 {
			fmt.Fprintf(&b, "| %s | %s | %s | %d | not detected | | | | | | | |\n", n.ID, n.Kind, tier, len(n.Members))
			continue
		}
		vr := via.best[i]
		fmt.Fprintf(&b, "| %s | %s | %s | %d | %d | %d | %.2f | %.3f | %s | %d | %.3f | %s |\n", n.ID, n.Kind, tier, len(n.Members), br.rank, br.size, br.f1, br.score, br.tier,
			vr.rank, vr.score, vr.tier)
	}
	b.WriteString("\n")
	return b.String()
}

// logRanking logs the head of a ranking.
func logRanking(t *testing.T, rs []ranked, nets []truthNet, n int) {
	for i, r := range rs[:min(n, len(rs))] {
		what := "background"
		if r.m.net >= 0 {
			what = fmt.Sprintf("%s %s/%s f1 %.2f", nets[r.m.net].ID, nets[r.m.net].Kind, nets[r.m.net].Tier, r.m.f1)
		}
		t.Logf("%3d %-12s size %4d score %.3f %-6s %s", i+1, r.c.ID, r.c.Size, r.score, r.tier, what)
	}
}

func truthNets(tr generate.Truth) []truthNet {
	out := make([]truthNet, len(tr.Networks))
	for i, n := range tr.Networks {
		out[i] = truthNet{ID: n.ID, Kind: n.Kind, Tier: n.ExpectedTier, Members: n.Members}
	}
	return out
}

func isDecoy(kind string) bool { return kind != generate.KindSmuggling }

// TestRankingGenerated ranks the networks of a generated scenario of 20,000
// accounts (seed 1) against its ground truth.
func TestRankingGenerated(t *testing.T) {
	if testing.Short() {
		t.Skip("generates, ingests and analyses 20,000 accounts")
	}
	var out, truthBuf bytes.Buffer
	if _, err := generate.Generate(&out, &truthBuf, generate.Options{Accounts: 20000, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	var tr generate.Truth
	if err := json.Unmarshal(truthBuf.Bytes(), &tr); err != nil {
		t.Fatal(err)
	}
	nets := truthNets(tr)
	sc := rankScenario(t, out.Bytes(), nets)
	logRanking(t, sc.pipeline, nets, 40)
	q := measure(sc.pipeline, nets)
	md := q.markdown("Generated scenario: 20,000 accounts, seed 1", sc, nets)
	t.Log("\n" + md)
	addReport(md)
	checkDecoys(t, sc.pipeline, nets, q)
	checkDecoys(t, sc.viaInput, nets, measure(sc.viaInput, nets))
	checkTop(t, q)
}

// checkTop asserts that every top-tier network is scored in tier top and
// ranks among the first clusters.
func checkTop(t *testing.T, q quality) {
	t.Helper()
	if q.topInTop != q.topTier || q.topInFirst != q.topTier {
		t.Errorf("of %d top-tier networks, %d score in tier top and %d rank within the first %d", q.topTier, q.topInTop, q.topInFirst, q.topTier)
	}
}

// checkDecoys asserts that no decoy group reaches tier high or top, and
// that each ranks below every planted smuggling network of comparable
// size (half to twice its members).
func checkDecoys(t *testing.T, rs []ranked, nets []truthNet, q quality) {
	t.Helper()
	for i, r := range rs {
		if r.m.net < 0 || !isDecoy(nets[r.m.net].Kind) {
			continue
		}
		if r.tier == rank.TierHigh || r.tier == rank.TierTop {
			t.Errorf("cluster %s (rank %d) of decoy %s (%s) reaches tier %s with score %.3f", r.c.ID, i+1, nets[r.m.net].ID, nets[r.m.net].Kind, r.tier, r.score)
		}
	}
	for d, dn := range nets {
		if !isDecoy(dn.Kind) || q.best[d].rank == 0 {
			continue
		}
		for s, sn := range nets {
			if isDecoy(sn.Kind) || q.best[s].rank == 0 {
				continue
			}
			a, b := len(dn.Members), len(sn.Members)
			if 2*a < b || 2*b < a {
				continue
			}
			if q.best[d].rank < q.best[s].rank {
				t.Errorf("decoy %s (%s, %d members) ranks %d, above smuggling network %s (%d members) at %d",
					dn.ID, dn.Kind, a, q.best[d].rank, sn.ID, b, q.best[s].rank)
			}
		}
	}
}

// hardTruth reads the "// truth ID KIND MEMBERS" lines of a scenario.
func hardTruth(t *testing.T, ndjson []byte) []truthNet {
	t.Helper()
	var nets []truthNet
	for _, line := range strings.Split(string(ndjson), "\n") {
		rest, ok := strings.CutPrefix(line, "// truth ")
		if !ok {
			continue
		}
		f := strings.Fields(rest)
		if len(f) != 3 {
			t.Fatalf("bad truth line %q", line)
		}
		tier := "none"
		if f[1] == generate.KindSmuggling {
			tier = ""
		}
		nets = append(nets, truthNet{ID: f[0], Kind: f[1], Tier: tier, Members: strings.Split(f[2], ",")})
	}
	if len(nets) == 0 {
		t.Fatal("no truth lines")
	}
	return nets
}

// TestRankingHardCases ranks the hand-written hard cases: charities with a
// shared helpline that warn against crossings and quote smugglers'
// prices, news outlets, a travel agency with prices and phone numbers,
// adverts in Arabic, Persian and Pashto with numerals in those scripts,
// and networks that lost accounts and came back.
func TestRankingHardCases(t *testing.T) {
	ndjson, err := os.ReadFile("testdata/hard.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	nets := hardTruth(t, ndjson)
	sc := rankScenario(t, ndjson, nets)
	rs, svc := sc.pipeline, sc.svc
	logRanking(t, rs, nets, len(rs))
	q := measure(rs, nets)
	md := q.markdown("Hard cases: referral/testdata/hard.ndjson", sc, nets)
	t.Log("\n" + md)
	addReport(md)
	for i, n := range nets {
		if q.best[i].rank == 0 {
			t.Errorf("%s (%s) is not detected as a network", n.ID, n.Kind)
		}
		if n.Kind == generate.KindSmuggling && q.best[i].tier == rank.TierLow {
			t.Errorf("smuggling network %s scores %.3f, tier low", n.ID, q.best[i].score)
		}
	}
	checkDecoys(t, rs, nets, q)
	checkDecoys(t, sc.viaInput, nets, measure(sc.viaInput, nets))
	checkReferable(t, svc, rs, nets)

	// The agency again, with the post that reads like an advert on every
	// one of its accounts: rank.Score lets it climb, the referral gate
	// still refuses to submit it.
	var variant bytes.Buffer
	variant.Write(ndjson)
	for i, n := range nets {
		if n.Kind != generate.KindTravelAgency {
			continue
		}
		for j, m := range n.Members {
			plat, ok := prefixPlatform[strings.SplitN(m, ":", 2)[0]]
			if !ok || strings.Contains(m, "/") {
				continue // a page
			}
			fmt.Fprintf(&variant, `{"type":"post","id":"%s:ambiguous/%d-%d","platform":"%s","author":"%s","text":"Turkey to UK from £250, guaranteed seats, book now +44 20 7123 4567","posted_at":"2026-10-30T10:00:00Z","status":"active"}`+"\n",
				strings.SplitN(m, ":", 2)[0], i, j, plat, m)
		}
	}
	vsc := rankScenario(t, variant.Bytes(), nets)
	vrs, vsvc := vsc.pipeline, vsc.svc
	vq := measure(vrs, nets)
	for i, n := range nets {
		if n.Kind == generate.KindTravelAgency {
			b := vq.best[i]
			line := fmt.Sprintf("**Sensitivity.** With the ambiguous post (\"Turkey to UK from £250, guaranteed seats, book now\") on every account of %s "+
				"instead of one, rank.Score gives the agency %.3f (tier %s, rank %d); the referral gate still refuses to submit it (more legitimate-travel texts than adverts).\n",
				n.ID, b.score, b.tier, b.rank)
			t.Log(line)
			addReport(line)
		}
	}
	checkReferable(t, vsvc, vrs, nets)
}

var prefixPlatform = map[string]string{"x": "x", "tt": "tiktok", "ig": "instagram", "fb": "facebook", "yt": "youtube", "tg": "telegram"}

// checkReferable asserts that the referral gate lets every cluster of a
// planted smuggling network be submitted and refuses every decoy's
// without an override reason.
func checkReferable(t *testing.T, svc *Service, rs []ranked, nets []truthNet) {
	t.Helper()
	ctx := context.Background()
	for _, r := range rs {
		if r.m.net < 0 {
			continue
		}
		n := nets[r.m.net]
		as, err := svc.Assess(ctx, &r.c)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s (%s): score %.3f tier %s referable %v: %s", n.ID, n.Kind, as.Score, as.Tier, as.Referable, as.Reason)
		if want := n.Kind == generate.KindSmuggling; as.Referable != want {
			t.Errorf("%s (%s): referable %v, want %v: %s", n.ID, n.Kind, as.Referable, want, as.Reason)
		}
		if isDecoy(n.Kind) {
			ref, err := svc.Create(ctx, CreateRequest{Cluster: r.c.ID, Platform: r.c.Members[0].Platform}, "test")
			if err != nil {
				t.Fatalf("%s: draft referral: %v", n.ID, err)
			}
			_, err = svc.Update(ctx, ref.ID, UpdateRequest{Status: StatusSubmitted}, "test")
			if graph.ErrorCode(err) != graph.ECONFLICT {
				t.Errorf("%s (%s): submitting its referral gave %v, want a conflict", n.ID, n.Kind, err)
			}
		}
	}
}
