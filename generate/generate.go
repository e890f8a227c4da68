package generate

import (
	"encoding/json"
	"errors"
	"io"
	"math/rand/v2"
	"time"
)

// Options controls one generated scenario.
type Options struct {
	Accounts int                 // total accounts, background included
	Seed     int64               // random seed; equal options give byte-identical output
	Now      time.Time           // the scenario's "today"; zero means 2026-11-01T00:00:00Z
	Progress func(written int64) // optional, called about every 100,000 records
}

// Stats counts what Generate wrote.
type Stats struct {
	Records, Accounts, Pages, Posts, Links int64
}

// Truth is the ground truth of a scenario: the planted networks and decoys.
type Truth struct {
	Seed     int64     `json:"seed"`
	Accounts int       `json:"accounts"`
	Now      time.Time `json:"now"`
	Networks []Network `json:"networks"`
}

// Network is one planted smuggling network or decoy group.
type Network struct {
	ID           string            `json:"id"`
	Kind         string            `json:"kind"` // KindSmuggling or a decoy kind
	Size         int               `json:"size"` // len(Members): accounts and pages
	Platforms    []string          `json:"platforms"`
	ExpectedTier string            `json:"expected_tier"` // "top","high","medium","low"; "none" for decoys
	Members      []string          `json:"members"`       // account and page ids
	Removed      []string          `json:"removed"`       // accounts with status removed or suspended
	Successors   map[string]string `json:"successors"`    // removed account id -> re-emerged account id
	Identifiers  []string          `json:"identifiers"`   // shared identifiers, "kind:value" in canonical form
	Languages    []string          `json:"languages"`     // language codes of its texts
	Posts        int               `json:"posts"`         // posts written by members
	RecentPosts  int               `json:"recent_posts"`  // of which in the 30 days before Now
	LastPostAt   time.Time         `json:"last_post_at"`  // time of the latest post
	Dormant      bool              `json:"dormant"`       // no posts in the 90 days before Now
}

// Network kinds.
const (
	KindSmuggling    = "smuggling"
	KindCharity      = "charity"
	KindNews         = "news"
	KindTravelAgency = "travel_agency"
	KindCommunity    = "community"
)

// DefaultNow is the scenario's "today" when Options.Now is zero.
var DefaultNow = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

const (
	day       = int64(86400)
	blockSize = 4096
)

// Generate writes NDJSON records in the ingest format to w and, if truth is
// not nil, the ground truth as JSON to truth. Output is a function of opt
// alone. Records are streamed: memory depends on the planted networks, not on
// the number of background accounts.
func Generate(w io.Writer, truth io.Writer, opt Options) (Stats, error) {
	if opt.Accounts <= 0 {
		return Stats{}, errors.New("generate: Accounts must be positive")
	}
	if w == nil {
		return Stats{}, errors.New("generate: nil writer")
	}
	if opt.Now.IsZero() {
		opt.Now = DefaultNow
	}
	opt.Now = opt.Now.UTC().Truncate(time.Second)
	g := newGen(w, opt)
	g.plan()
	g.run()
	if err := g.o.flush(); err != nil {
		return g.o.stats, err
	}
	if truth != nil {
		t := g.truth()
		enc := json.NewEncoder(truth)
		enc.SetIndent("", "  ")
		if err := enc.Encode(t); err != nil {
			return g.o.stats, err
		}
	}
	return g.o.stats, nil
}

// Platforms.
const (
	platX = iota
	platTT
	platIG
	platFB
	platYT
	platTG
	nPlats
)

var (
	platNames   = [nPlats]string{"x", "tiktok", "instagram", "facebook", "youtube", "telegram"}
	platPrefix  = [nPlats]string{"x:", "tt:", "ig:", "fb:", "yt:", "tg:"}
	postPrefix  = [nPlats]string{"x:status/", "tt:video/", "ig:p/", "fb:post/", "yt:video/", "tg:post/"}
	acctURLBase = [nPlats]string{"https://x.com/", "https://www.tiktok.com/@", "https://www.instagram.com/", "https://www.facebook.com/", "https://www.youtube.com/@", "https://t.me/"}
)

// hasPages reports whether a platform has pages, groups or channels.
func hasPages(p int) bool { return p == platFB || p == platYT || p == platTG }

type gen struct {
	opt     Options
	r       *rand.Rand
	o       *out
	now     int64
	yearAgo int64
	hseed   uint64

	nBG       int // background accounts
	bgDone    int // background accounts written so far
	nPages    int // background pages
	pagesDone int
	nShops    int
	postSeq   int64

	reserved map[string]struct{} // ids of planned network and decoy accounts
	nets     []*network

	rings    [nPlats]postRing // recent background posts
	advRing  [nPlats]strRing  // recent network adverts, which background users sometimes answer
	netAccts [nPlats][]string // written network and decoy accounts
	popular  [nPlats][]string // written news and charity accounts, followed widely
	netPages [nPlats][]string // written network and decoy pages

	scratch []byte
	text    []byte
	slots   [26]string
	follows []int
	pgs     []int
	admins  []adminPair
}

func newGen(w io.Writer, opt Options) *gen {
	s := uint64(opt.Seed)
	g := &gen{
		opt:      opt,
		r:        rand.New(rand.NewPCG(s, s^0x5DEECE66D2545F49)),
		o:        newOut(w, opt.Progress),
		now:      opt.Now.Unix(),
		hseed:    mix64(s ^ 0xA0761D6478BD642F),
		reserved: map[string]struct{}{},
	}
	g.yearAgo = g.now - 365*day
	for p := range g.rings {
		g.rings[p].init(1024)
		g.advRing[p].init(128)
	}
	return g
}

// mix64 is the splitmix64 finaliser, used for attributes derived from an index.
func mix64(z uint64) uint64 {
	z += 0x9E3779B97F4A7C15
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

// between draws a time uniformly in [a, b].
func (g *gen) between(a, b int64) int64 {
	if b <= a {
		return a
	}
	return a + g.r.Int64N(b-a+1)
}

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

func (g *gen) pick(s []string) string { return s[g.r.IntN(len(s))] }

func (g *gen) nextPostNum() int64 {
	g.postSeq++
	return 7_300_000_000 + g.postSeq
}

// run writes the scenario: background blocks with the planned networks and
// decoys interleaved, so background accounts written later can follow them.
func (g *gen) run() {
	nBlocks := (g.nBG + blockSize - 1) / blockSize
	next := 0
	for b := 0; b < nBlocks; b++ {
		start := b * blockSize
		g.bgBlock(start, min(start+blockSize, g.nBG))
		for next < len(g.nets) && g.nets[next].slot <= b {
			g.emitNetwork(g.nets[next])
			next++
		}
	}
	for ; next < len(g.nets); next++ {
		g.emitNetwork(g.nets[next])
	}
}

func (g *gen) truth() Truth {
	t := Truth{Seed: g.opt.Seed, Accounts: g.opt.Accounts, Now: g.opt.Now, Networks: make([]Network, 0, len(g.nets))}
	for _, n := range g.nets {
		t.Networks = append(t.Networks, n.truth())
	}
	return t
}

// ---- rings of recent posts ----

type postRef struct {
	num  int64
	at   int64
	page string
}

type postRing struct {
	items []postRef
	n     int
}

func (r *postRing) init(n int) { r.items = make([]postRef, n) }

func (r *postRing) push(p postRef) {
	r.items[r.n%len(r.items)] = p
	r.n++
}

func (r *postRing) sample(rnd *rand.Rand) (postRef, bool) {
	m := min(r.n, len(r.items))
	if m == 0 {
		return postRef{}, false
	}
	return r.items[rnd.IntN(m)], true
}

type strRef struct {
	id string
	at int64
}

type strRing struct {
	items []strRef
	n     int
}

func (r *strRing) init(n int) { r.items = make([]strRef, n) }

func (r *strRing) push(id string, at int64) {
	r.items[r.n%len(r.items)] = strRef{id, at}
	r.n++
}

func (r *strRing) sample(rnd *rand.Rand) (strRef, bool) {
	m := min(r.n, len(r.items))
	if m == 0 {
		return strRef{}, false
	}
	return r.items[rnd.IntN(m)], true
}
