package generate

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

const (
	tierTop = iota
	tierHigh
	tierMedium
	tierLow
	tierNone // decoys
)

var tierNames = [...]string{"top", "high", "medium", "low", "none"}

const (
	roleCore       = iota // organisers: admins, numbers in bios, most adverts
	roleAdvertiser        // sellers and recruiters
	roleReposter          // amplifiers: reposts, few posts of their own
)

type netMember struct {
	id, handle, name string
	plat, role, lang int
	created          int64
	removedAt        int64 // 0 unless removed or suspended
	status           string
	pred, succ       int // indices of predecessor / successor, -1 if none
	contact          int // index into network.phones of the member's number
	followers        int64
	adminOf          []int // indices into network.pages
	memberOf         []int
	bgGroups         []string // background groups the member joined
}

type netPage struct {
	id, name, url, handle string
	plat                  int
	admins                []int
	created               int64
}

type wallet struct{ label, addr string }

type netPost struct {
	id   string
	plat int
	at   int64
}

type network struct {
	id      string
	kind    string
	tier    int
	dormant bool
	slot    int
	size    int // member accounts (pages excluded)

	plats  []int
	langs  []int
	routes []int
	brand  string
	disp   string

	members []netMember
	pages   []netPage

	phones  []phone
	wa      []bool
	tg      []string
	paypal  []string
	ibans   []string
	wallets []wallet
	emails  []string
	urls    []string
	images  []uint64

	start, end, removal int64
	device              bool

	// filled while writing
	used      map[string]bool
	usedOrder []string
	langUsed  [nLangs]bool
	posts     int
	recent    int
	last      int64
	written   []netPost
}

func (n *network) use(canon string) {
	if !n.used[canon] {
		n.used[canon] = true
		n.usedOrder = append(n.usedOrder, canon)
	}
}

func (n *network) truth() Network {
	t := Network{
		ID: n.id, Kind: n.kind, ExpectedTier: tierNames[n.tier],
		Successors: map[string]string{}, Removed: []string{},
		Posts: n.posts, RecentPosts: n.recent, Dormant: n.dormant,
	}
	if n.last > 0 {
		t.LastPostAt = time.Unix(n.last, 0).UTC()
	}
	for _, p := range n.plats {
		t.Platforms = append(t.Platforms, platNames[p])
	}
	for _, m := range n.members {
		t.Members = append(t.Members, m.id)
		if m.removedAt != 0 {
			t.Removed = append(t.Removed, m.id)
		}
		if m.succ >= 0 {
			t.Successors[m.id] = n.members[m.succ].id
		}
	}
	for _, p := range n.pages {
		t.Members = append(t.Members, p.id)
	}
	t.Size = len(t.Members)
	t.Identifiers = append([]string{}, n.usedOrder...)
	for _, l := range n.langs {
		if n.langUsed[l] {
			t.Languages = append(t.Languages, langCodes[l])
		}
	}
	return t
}

// ---- planning ----

// plan decides every network and decoy up front (they are small), reserves
// their ids and derives the number of background accounts.
func (g *gen) plan() {
	A := g.opt.Accounts
	r := g.r

	// smuggling networks: count, sizes and tiers
	nSmug := 5 + A/2500
	budget := A / 4
	if nSmug*4 > budget {
		nSmug = budget / 4
	}
	tiers := tierCounts(nSmug)
	var sizes []int
	for t, c := range tiers {
		for range c {
			u := r.Float64()
			switch t {
			case tierTop:
				sizes = append(sizes, 100+int(200*u*u))
			case tierHigh:
				sizes = append(sizes, 30+int(70*u))
			case tierMedium:
				sizes = append(sizes, 10+int(20*u))
			default:
				sizes = append(sizes, 4+int(6*u))
			}
		}
	}
	fitBudget(sizes, budget)
	slices.SortFunc(sizes, func(a, b int) int { return b - a })
	var nets []*network
	k := 0
	lastQuiet := -1
	anyDormant := false
	for t, c := range tiers {
		for range c {
			n := &network{kind: KindSmuggling, tier: t, size: sizes[k]}
			switch t {
			case tierMedium:
				n.dormant = r.IntN(100) < 35
				lastQuiet = len(nets)
			case tierLow:
				n.dormant = r.IntN(100) < 60
				lastQuiet = len(nets)
			}
			anyDormant = anyDormant || n.dormant
			nets = append(nets, n)
			k++
		}
	}
	if !anyDormant && lastQuiet >= 0 {
		// recency must matter: at least one network has gone quiet
		nets[lastQuiet].dormant = true
	}

	// decoys: one of each kind at least, then about one per two networks
	nDec := max(4, nSmug/2)
	dBudget := A / 10
	if nDec*4 > dBudget {
		nDec = dBudget / 4
	}
	kinds := []string{KindCharity, KindNews, KindTravelAgency, KindCommunity}
	var dsizes []int
	for i := range nDec {
		u := r.Float64()
		switch kinds[i%4] {
		case KindCharity, KindCommunity:
			dsizes = append(dsizes, 6+int(34*u))
		case KindNews:
			dsizes = append(dsizes, 8+int(50*u))
		default:
			dsizes = append(dsizes, 4+int(11*u))
		}
	}
	fitBudget(dsizes, dBudget)
	for i, s := range dsizes {
		nets = append(nets, &network{kind: kinds[i%4], tier: tierNone, size: s})
	}

	// ids and positions in the stream do not reveal kind or tier
	r.Shuffle(len(nets), func(i, j int) { nets[i], nets[j] = nets[j], nets[i] })
	used := 0
	for i, n := range nets {
		n.id = "net-" + pad4(i+1)
		used += n.size
	}
	g.nBG = A - used
	g.nPages = g.nBG / 100
	if g.nBG > 0 {
		g.nShops = max(10, g.nBG/200)
	}
	nBlocks := (g.nBG + blockSize - 1) / blockSize
	for i, n := range nets {
		n.slot = (i + 1) * nBlocks / (len(nets) + 1)
		if n.kind == KindSmuggling {
			g.planSmuggling(n, i)
		} else {
			g.planDecoy(n, i)
		}
	}
	g.nets = nets
}

func pad4(i int) string {
	s := strconv.Itoa(i)
	for len(s) < 4 {
		s = "0" + s
	}
	return s
}

// tierCounts splits n networks into top, high, medium and low tiers.
func tierCounts(n int) [4]int {
	var c [4]int
	if n <= 0 {
		return c
	}
	c[tierTop] = max(1, n/10)
	if n >= 2 {
		c[tierHigh] = max(1, n/5)
	}
	if n >= 3 {
		c[tierMedium] = max(1, 3*n/10)
	}
	c[tierLow] = n - c[0] - c[1] - c[2]
	return c
}

// fitBudget shrinks sizes proportionally (to at least 4) until their sum fits.
func fitBudget(sizes []int, budget int) {
	sum := 0
	for _, s := range sizes {
		sum += s
	}
	if sum <= budget || sum == 0 {
		return
	}
	f := float64(budget) / float64(sum)
	sum = 0
	for i, s := range sizes {
		sizes[i] = max(4, int(float64(s)*f))
		sum += sizes[i]
	}
	for sum > budget {
		bi := 0
		for i, s := range sizes {
			if s > sizes[bi] {
				bi = i
			}
		}
		if sizes[bi] <= 4 {
			return
		}
		sizes[bi]--
		sum--
	}
}

// reserve claims an account id for a planned account; on a clash it varies
// the handle with digits.
func (g *gen) reserve(plat int, handle string) string {
	h := handle
	for t := 0; ; t++ {
		id := platPrefix[plat] + h
		if _, taken := g.reserved[id]; !taken && (plat != platTG || len(h) >= 5) {
			g.reserved[id] = struct{}{}
			return h
		}
		h = handle + strconv.Itoa(10+g.r.IntN(90*(t+1)))
	}
}

var (
	brandA = []string{"safe", "fast", "vip", "euro", "europa", "golden", "royal", "star", "happy", "express", "smart", "sky", "blue", "best", "top", "king", "boss", "easy", "dream", "lucky"}
	brandB = []string{"trip", "travel", "road", "journey", "tours", "way", "line", "transfer", "route", "trans", "rewiti", "safar", "sefer", "yol", "rruga", "dulich", "gezi", "gate"}
	sfx    = []string{"official", "uk", "eu", "24", "team", "vip", "info", "agent", "boss", "service", "group", "new", "line", "365", "online"}
)

func joinHandle(plat int, a, b string, sep int) string {
	switch sep % 3 {
	case 0:
		return a + b
	case 1:
		if plat == platX || plat == platTG {
			return a + "_" + b
		}
		return a + "." + b
	default:
		return a + "_" + b
	}
}

// routeWeights: Channel routes dominate, as in the advertising seen on these platforms.
func (g *gen) pickRoute() int {
	switch v := g.r.IntN(100); {
	case v < 45:
		return routeChannel
	case v < 70:
		return routeAegean
	case v < 85:
		return routeCentralMed
	default:
		return routeBelarus
	}
}

// pickPlatforms chooses c platforms, one of them with pages or channels.
func (g *gen) pickPlatforms(c int) []int {
	r := g.r
	first := []int{platTG, platTG, platFB, platFB, platFB, platYT}[r.IntN(6)]
	ps := []int{first}
	weights := [nPlats]int{platX: 10, platTT: 25, platIG: 20, platFB: 20, platYT: 10, platTG: 15}
	for len(ps) < c {
		tot := 0
		for p, w := range weights {
			if !slices.Contains(ps, p) {
				tot += w
			}
		}
		v := r.IntN(tot)
		for p, w := range weights {
			if slices.Contains(ps, p) {
				continue
			}
			if v < w {
				ps = append(ps, p)
				break
			}
			v -= w
		}
	}
	slices.Sort(ps)
	return ps
}

func (g *gen) pickLangs(routesIdx []int, c int) []int {
	var pool []int
	for _, ri := range routesIdx {
		for _, l := range routes[ri].langs {
			if !slices.Contains(pool, l) {
				pool = append(pool, l)
			}
		}
	}
	var ls []int
	for len(ls) < min(c, len(pool)) {
		// earlier languages of a route are more common
		u := g.r.Float64()
		l := pool[int(u*u*float64(len(pool)))]
		if !slices.Contains(ls, l) {
			ls = append(ls, l)
		}
	}
	return ls
}

func (g *gen) planSmuggling(n *network, idx int) {
	r := g.r
	n.used = map[string]bool{}
	S := n.size
	var nPlat, nLang int
	switch n.tier {
	case tierTop:
		nPlat, nLang = 4+r.IntN(2), 3+r.IntN(2)
	case tierHigh:
		nPlat, nLang = 3+r.IntN(2), 2+r.IntN(2)
	case tierMedium:
		nPlat, nLang = 2+r.IntN(2), 1+r.IntN(2)
	default:
		nPlat, nLang = 2, 1+r.IntN(2)
	}
	n.plats = g.pickPlatforms(min(nPlat, S))
	n.routes = []int{g.pickRoute()}
	if n.tier == tierTop && r.IntN(10) < 4 {
		if ro := g.pickRoute(); ro != n.routes[0] {
			n.routes = append(n.routes, ro)
		}
	}
	n.langs = g.pickLangs(n.routes, nLang)

	// activity window
	switch {
	case n.dormant:
		n.end = g.now - g.between(95*day, 270*day)
	case n.tier == tierTop:
		n.end = g.now - g.between(0, 2*day)
	case n.tier == tierHigh:
		n.end = g.now - g.between(0, 14*day)
	case n.tier == tierMedium:
		n.end = g.now - g.between(0, 45*day)
	default:
		n.end = g.now - g.between(0, 60*day)
	}
	if n.tier <= tierHigh {
		n.start = g.yearAgo + g.between(0, 120*day)
	} else {
		n.start = max(g.yearAgo, n.end-g.between(60*day, 240*day))
	}

	// identity
	n.brand = brandA[r.IntN(len(brandA))] + brandB[r.IntN(len(brandB))]
	n.disp = displayBrand(n.brand)

	// shared identifiers
	regions := append([]string{}, routes[n.routes[0]].phones...)
	for _, l := range n.langs {
		regions = append(regions, langPhone[l])
	}
	nPh := map[int]int{tierTop: 3 + r.IntN(4), tierHigh: 2 + r.IntN(3), tierMedium: 1 + r.IntN(3), tierLow: 1 + r.IntN(2)}[n.tier]
	for range nPh {
		n.phones = append(n.phones, newMobile(r, regions[r.IntN(len(regions))]))
		n.wa = append(n.wa, r.IntN(10) < 8)
	}
	pPay := [4]float64{.6, .4, .3, .2}[n.tier]
	if g.chance(pPay) {
		n.paypal = append(n.paypal, n.brand+strconv.Itoa(10+r.IntN(990)))
	}
	if g.chance([4]float64{.5, .35, .2, .1}[n.tier]) {
		cc := map[int]string{routeChannel: "GB", routeBelarus: "DE", routeAegean: "TR", routeCentralMed: "TR"}[n.routes[0]]
		n.ibans = append(n.ibans, newIBAN(r, cc))
	}
	nW := 0
	switch n.tier {
	case tierTop:
		nW = 1 + r.IntN(2)
	case tierHigh:
		nW = b2i(g.chance(.6))
	case tierMedium:
		nW = b2i(g.chance(.3))
	default:
		nW = b2i(g.chance(.1))
	}
	for range nW {
		l, a := newWallet(r)
		n.wallets = append(n.wallets, wallet{l, a})
	}
	if g.chance(.3) {
		n.emails = append(n.emails, n.brand+strconv.Itoa(100+r.IntN(9900))+"@gmail.com")
	}
	for range 2 + r.IntN(4) + b2i(n.tier == tierTop)*2 {
		n.images = append(n.images, r.Uint64())
	}
	n.device = g.chance([4]float64{.9, .6, .3, .15}[n.tier])

	// removals and successors
	nRem, nSucc := 0, 0
	if g.chance([4]float64{1, .6, .35, .2}[n.tier]) {
		nRem = max(1, int(float64(S)*(0.1+0.15*r.Float64())))
		if n.dormant {
			n.removal = n.end
		} else {
			n.removal = n.start + int64(float64(n.end-n.start)*(0.35+0.35*r.Float64()))
			for range nRem {
				if r.IntN(4) != 0 {
					nSucc++
				}
			}
			if n.tier == tierTop {
				nSucc = max(nSucc, 1)
			}
			nSucc = min(nSucc, S-nRem-1)
		}
	}
	base := S - max(nSucc, 0)

	g.planMembers(n, base, netMemberNames)
	g.planRemovals(n, nRem, nSucc)
	g.planPages(n, idx)
	g.planTelegram(n)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func displayBrand(b string) string {
	best := ""
	for _, a := range brandA {
		if strings.HasPrefix(b, a) && len(a) > len(best) && len(a) < len(b) {
			best = a
		}
	}
	if best == "" {
		return b
	}
	rest := b[len(best):]
	return strings.ToUpper(best[:1]) + best[1:] + " " + strings.ToUpper(rest[:1]) + rest[1:]
}

// netMemberNames gives a member a handle and display name.
func netMemberNames(g *gen, n *network, m *netMember, i int) {
	r := g.r
	if m.role == roleReposter || (m.role == roleAdvertiser && r.IntN(3) == 0) {
		// personal-looking accounts
		var c = &nameCultures[0]
		for _, nc := range nameCultures {
			if nc.lang == m.lang {
				c = &nc
				break
			}
		}
		f := c.first[r.IntN(len(c.first))]
		l := c.last[r.IntN(len(c.last))]
		m.handle = g.reserve(m.plat, f+"_"+l[:1]+strconv.Itoa(10+r.IntN(90)))
		m.name = string(appendTitle(nil, f)) + " " + strings.ToUpper(l[:1]) + "."
		return
	}
	var h string
	if r.IntN(2) == 0 {
		h = joinHandle(m.plat, n.brand, sfx[r.IntN(len(sfx))], r.IntN(3))
	} else {
		h = joinHandle(m.plat, sfx[r.IntN(len(sfx))], n.brand, r.IntN(3))
	}
	m.handle = g.reserve(m.plat, h)
	m.name = n.disp
	if r.IntN(3) == 0 {
		m.name += " " + strings.ToUpper(sfx[r.IntN(len(sfx))])
	}
}

// planMembers creates the base accounts: roles, platforms, languages,
// numbers and creation times.
func (g *gen) planMembers(n *network, base int, names func(*gen, *network, *netMember, int)) {
	r := g.r
	nCore := max(1, base/8)
	nAdv := max(1, base*45/100)
	if nCore+nAdv > base {
		nAdv = base - nCore
	}
	for i := range base {
		m := netMember{pred: -1, succ: -1}
		switch {
		case i < nCore:
			m.role = roleCore
		case i < nCore+nAdv:
			m.role = roleAdvertiser
		default:
			m.role = roleReposter
		}
		if i < len(n.plats) {
			m.plat = n.plats[i]
		} else {
			m.plat = n.plats[r.IntN(len(n.plats))]
		}
		m.lang = n.langs[r.IntN(len(n.langs))]
		if len(n.phones) > 0 {
			// the first numbers are the busiest
			u := r.Float64()
			m.contact = int(u * u * float64(len(n.phones)))
		}
		if r.IntN(10) < 7 {
			m.created = n.start - g.between(day, 700*day)
		} else {
			m.created = g.between(n.start-30*day, n.start+(n.end-n.start)/3)
		}
		m.status = "active"
		names(g, n, &m, i)
		m.followers = memberFollowers(g, n, m.role)
		n.members = append(n.members, m)
	}
}

func memberFollowers(g *gen, n *network, role int) int64 {
	r := g.r
	switch n.kind {
	case KindNews:
		if role == roleCore {
			return 50_000 + r.Int64N(2_000_000)
		}
	case KindCharity:
		if role == roleCore {
			return 5_000 + r.Int64N(200_000)
		}
	case KindSmuggling:
		if role == roleCore && n.tier <= tierHigh {
			return 2_000 + r.Int64N(80_000)
		}
	}
	return int64(math.Exp(5 + 1.3*r.NormFloat64()))
}

var succSuffix = []string{"2", "_2", "new", "_new", "official", "_back", "3", "_real"}

// planRemovals marks accounts removed or suspended at the network's removal
// time and creates successors: new accounts on the same platform, created
// after the removal, that reuse the predecessor's number.
func (g *gen) planRemovals(n *network, nRem, nSucc int) {
	if nRem == 0 {
		return
	}
	r := g.r
	var cand []int
	for i, m := range n.members {
		if m.role != roleReposter {
			cand = append(cand, i)
		}
	}
	r.Shuffle(len(cand), func(i, j int) { cand[i], cand[j] = cand[j], cand[i] })
	for i := range n.members {
		if n.members[i].role == roleReposter {
			cand = append(cand, i)
		}
	}
	nRem = min(nRem, len(cand))
	for k := range nRem {
		m := &n.members[cand[k]]
		m.removedAt = max(m.created+day, n.removal-g.between(0, 5*day))
		if m.removedAt > n.removal {
			m.removedAt = n.removal
		}
		if m.created >= m.removedAt {
			m.created = m.removedAt - 30*day
		}
		if r.IntN(10) < 6 {
			m.status = "removed"
		} else {
			m.status = "suspended"
		}
	}
	for k := range min(nSucc, nRem) {
		pi := cand[k]
		p := n.members[pi]
		s := netMember{pred: pi, succ: -1, plat: p.plat, role: p.role, lang: p.lang, contact: p.contact, status: "active", name: p.name}
		s.created = min(n.removal+g.between(day, 20*day), n.end-day)
		if s.created <= p.created {
			s.created = p.created + day
		}
		base := strings.TrimRight(p.handle, "0123456789")
		suffix := succSuffix[r.IntN(len(succSuffix))]
		for t := 0; t < 8 && strings.Contains(base, strings.Trim(suffix, "_")); t++ {
			suffix = succSuffix[r.IntN(len(succSuffix))]
		}
		s.handle = g.reserve(p.plat, base+suffix)
		s.followers = int64(math.Exp(4 + 1.2*r.NormFloat64()))
		n.members = append(n.members, s)
		n.members[pi].succ = len(n.members) - 1
	}
}

var (
	netGroupNames = []string{"UK Jobs and Travel", "Europe Travel Help", "Work in UK 🇬🇧", "Travel to Europe 2026", "سفر إلى أوروبا", "Rêwîtî Ewropa", "گەشت بۆ ئەوروپا", "سفر به اروپا", "Udhëtime Angli", "Đi Anh Quốc"}
)

// planPages creates the network's groups, channels and their admins.
func (g *gen) planPages(n *network, idx int) {
	r := g.r
	var pp []int
	for _, p := range n.plats {
		if hasPages(p) {
			pp = append(pp, p)
		}
	}
	if len(pp) == 0 {
		return
	}
	np := min(6, 1+len(n.members)/50)
	for k := range np {
		p := pp[k%len(pp)]
		pg := netPage{plat: p, created: n.start - g.between(0, 200*day)}
		seq := idx*8 + k
		switch p {
		case platFB:
			pg.id = "fb:group/" + strconv.Itoa(5_000_000_000+seq)
			pg.url = "https://www.facebook.com/groups/" + pg.id[len("fb:group/"):]
			pg.name = netGroupNames[r.IntN(len(netGroupNames))]
			if n.kind != KindSmuggling {
				pg.name = n.disp
			}
		case platTG:
			pg.handle = g.reserveChannel(joinHandle(platTG, n.brand, sfx[r.IntN(len(sfx))], 2))
			pg.id = "tg:channel/" + pg.handle
			pg.url = "https://t.me/" + pg.handle
			pg.name = n.disp
		default:
			b := []byte("yt:channel/UC")
			b = appendToken(b, r.Uint64(), 14)
			b = append(b, 'N')
			for s := 36; s >= 0; s -= 6 {
				b = append(b, b64url[(uint64(seq)>>uint(s))&63])
			}
			pg.id = string(b)
			pg.url = "https://www.youtube.com/channel/" + pg.id[len("yt:channel/"):]
			pg.name = n.disp + " TV"
		}
		// co-administrators: up to four organisers or sellers on the platform
		var cand []int
		for i, m := range n.members {
			if m.plat == p && m.role != roleReposter && m.pred < 0 {
				cand = append(cand, i)
			}
		}
		if len(cand) == 0 {
			for i, m := range n.members {
				if m.plat == p && m.pred < 0 {
					cand = append(cand, i)
				}
			}
		}
		r.Shuffle(len(cand), func(i, j int) { cand[i], cand[j] = cand[j], cand[i] })
		for _, a := range cand[:min(len(cand), 2+r.IntN(3))] {
			pg.admins = append(pg.admins, a)
			n.members[a].adminOf = append(n.members[a].adminOf, len(n.pages))
			if s := n.members[a].succ; s >= 0 {
				// a successor takes over the predecessor's groups
				pg.admins = append(pg.admins, s)
				n.members[s].adminOf = append(n.members[s].adminOf, len(n.pages))
			}
		}
		n.pages = append(n.pages, pg)
	}
}

func (g *gen) reserveChannel(h string) string {
	base := h
	for t := 0; ; t++ {
		if _, taken := g.reserved["tg:channel/"+h]; !taken {
			g.reserved["tg:channel/"+h] = struct{}{}
			return h
		}
		h = base + strconv.Itoa(10+g.r.IntN(90*(t+1)))
	}
}

// planTelegram picks the Telegram handles the network advertises: its
// channels, its organisers' Telegram accounts, or handles outside the data.
func (g *gen) planTelegram(n *network) {
	for _, p := range n.pages {
		if p.plat == platTG {
			n.tg = append(n.tg, p.handle)
		}
	}
	for _, m := range n.members {
		if m.plat == platTG && m.role == roleCore && len(n.tg) < 3 {
			n.tg = append(n.tg, m.handle)
		}
	}
	if len(n.tg) == 0 && g.chance(.7) {
		n.tg = append(n.tg, g.reserve(platTG, joinHandle(platTG, n.brand, sfx[g.r.IntN(len(sfx))], 2)))
	}
}

// ---- writing ----

func (g *gen) emitNetwork(n *network) {
	if n.kind == KindSmuggling {
		g.emitSmuggling(n)
	} else {
		g.emitDecoy(n)
	}
}

const (
	wantAny   = iota
	wantPhone // the text says WhatsApp or call
	wantTG    // the text says Telegram
)

var (
	tgWords    = []string{"Telegram", "تلگرام", "تەلەگرام", "ቴሌግራም"}
	phoneWords = []string{"WhatsApp", "واتساب", "وەتسئاپ", "واتساپ", "واټساپ", "Call", "Appelez", "Gọi", "Zalo"}
)

// contactWant tells which kind of contact a template's wording announces.
func contactWant(tpl string) int {
	for _, w := range tgWords {
		if strings.Contains(tpl, w) {
			return wantTG
		}
	}
	for _, w := range phoneWords {
		if strings.Contains(tpl, w) {
			return wantPhone
		}
	}
	return wantAny
}

// contactText writes how a member tells buyers to reach the network.
func (g *gen) contactText(n *network, m *netMember, want int) string {
	r := g.r
	ph := func() phone {
		if len(n.phones) == 0 {
			return phone{}
		}
		if r.IntN(4) == 0 {
			return n.phones[r.IntN(len(n.phones))]
		}
		return n.phones[m.contact]
	}
	v := r.IntN(100)
	switch want {
	case wantPhone:
		v = r.IntN(60)
	case wantTG:
		v = 60 + r.IntN(25)
	}
	if len(n.phones) == 0 {
		if len(n.tg) == 0 {
			return ""
		}
		v = 70
	}
	if v >= 60 && v < 85 && len(n.tg) == 0 {
		v = 0
	}
	switch {
	case v < 40:
		p := ph()
		n.use(p.canon())
		return spellPhone(r, p, m.lang)
	case v < 60:
		i := m.contact
		if r.IntN(4) == 0 {
			i = r.IntN(len(n.phones))
		}
		p := n.phones[i]
		if !n.wa[i] {
			n.use(p.canon())
			return spellPhone(r, p, m.lang)
		}
		n.use(waCanon(p))
		return waLink(r, p)
	case v < 85:
		h := n.tg[r.IntN(len(n.tg))]
		n.use(tgCanon(h))
		return tgLink(r, h)
	default:
		p := ph()
		n.use(p.canon())
		s := spellPhone(r, p, m.lang)
		if len(n.tg) > 0 {
			h := n.tg[r.IntN(len(n.tg))]
			n.use(tgCanon(h))
			s += " / " + tgLink(r, h)
		}
		return s
	}
}

// priceText writes a price in the language's way: currency word or sign,
// thousands separators and digit script.
func (g *gen) priceText(ro *route, lang int) string {
	r := g.r
	amount := ro.minPrice + r.IntN((ro.maxPrice-ro.minPrice)/50+1)*50
	return g.formatPrice(amount, ro.currency[r.IntN(len(ro.currency))], lang)
}

func (g *gen) formatPrice(amount, cur, lang int) string {
	r := g.r
	s := strconv.Itoa(amount)
	if amount >= 1000 {
		switch r.IntN(4) {
		case 1:
			s = s[:len(s)-3] + "," + s[len(s)-3:]
		case 2:
			s = s[:len(s)-3] + "." + s[len(s)-3:]
		}
	}
	if z := digitScript(r, lang); z != 0 {
		s = toScript(s, z)
	}
	forms := currencyForms[cur][lang]
	return strings.Replace(forms[r.IntN(len(forms))], "%", s, 1)
}

// paymentText writes a payment instruction, or "" when the network has none.
func (g *gen) paymentText(n *network) string {
	r := g.r
	var opts []func() string
	for _, p := range n.paypal {
		opts = append(opts, func() string { n.use("payment:paypal.me/" + strings.ToLower(p)); return "paypal.me/" + p })
	}
	for _, ib := range n.ibans {
		opts = append(opts, func() string { n.use("payment:" + ib); return "IBAN " + spellIBAN(r, ib) })
	}
	for _, w := range n.wallets {
		opts = append(opts, func() string { n.use("crypto:" + w.addr); return w.label + ": " + w.addr })
	}
	if len(opts) == 0 {
		return ""
	}
	return opts[r.IntN(len(opts))]()
}

func (n *network) alive(m *netMember, t int64) bool {
	return m.created+3600 <= t && (m.removedAt == 0 || t < m.removedAt)
}

// pickAuthor draws a member alive at t, favouring organisers and sellers.
func (g *gen) pickAuthor(n *network, t int64, reposterWeight float64) int {
	for range 40 {
		i := g.r.IntN(len(n.members))
		m := &n.members[i]
		if m.role == roleReposter && g.r.Float64() > reposterWeight {
			continue
		}
		if n.alive(m, t) {
			return i
		}
	}
	return -1
}

func (g *gen) emitNetAccounts(n *network, bio func(m *netMember) string) {
	o := g.o
	for i := range n.members {
		m := &n.members[i]
		m.id = platPrefix[m.plat] + m.handle
		o.begin("account")
		o.str("id", m.id)
		o.str("platform", platNames[m.plat])
		o.str("handle", m.handle)
		o.str("name", m.name)
		o.str("url", acctURLBase[m.plat]+m.handle)
		o.num("followers", m.followers)
		o.time("created_at", m.created)
		o.str("status", m.status)
		if m.removedAt != 0 {
			o.time("removed_at", m.removedAt)
		}
		o.str("bio", bio(m))
		o.end()
		o.stats.Accounts++
		g.netAccts[m.plat] = append(g.netAccts[m.plat], m.id)
	}
	for i := range n.pages {
		p := &n.pages[i]
		o.begin("page")
		o.str("id", p.id)
		o.str("platform", platNames[p.plat])
		o.str("name", p.name)
		o.str("url", p.url)
		o.num("members", int64(50+g.r.IntN(20*len(n.members)+500)))
		o.str("status", "active")
		o.time("created_at", p.created)
		o.end()
		o.stats.Pages++
		g.netPages[p.plat] = append(g.netPages[p.plat], p.id)
	}
}

// emitMembership writes admin_of and member_of links and the follows among
// members and towards background accounts.
func (g *gen) emitMembership(n *network, followShare float64) {
	r := g.r
	o := g.o
	for _, p := range n.pages {
		for _, a := range p.admins {
			m := &n.members[a]
			o.link("admin_of", m.id, p.id, max(m.created, p.created)+g.between(0, 10*day))
		}
	}
	for i := range n.members {
		m := &n.members[i]
		for k, p := range n.pages {
			if p.plat == m.plat && !slices.Contains(m.adminOf, k) && r.IntN(10) < 6 {
				m.memberOf = append(m.memberOf, k)
				o.link("member_of", m.id, p.id, max(m.created, p.created)+g.between(0, 30*day))
			}
		}
		if hasPages(m.plat) && r.IntN(10) < 4 {
			for range 1 + r.IntN(2) {
				if k := g.bgPageFor(m.plat); k >= 0 {
					pid := g.bgPageID(k)
					if !slices.Contains(m.bgGroups, pid) {
						m.bgGroups = append(m.bgGroups, pid)
						o.link("member_of", m.id, pid, m.created+g.between(0, 30*day))
					}
				}
			}
		}
	}
	// follows: members of one platform follow each other, organisers most
	for i := range n.members {
		m := &n.members[i]
		var same []int
		for j := range n.members {
			if j != i && n.members[j].plat == m.plat {
				same = append(same, j)
			}
		}
		for _, j := range same {
			if m.removedAt != 0 && n.members[j].created >= m.removedAt {
				continue
			}
			w := followShare
			if n.members[j].role == roleCore {
				w = min(1, followShare*2)
			}
			if r.Float64() < w {
				t := max(m.created, n.members[j].created) + g.between(0, 20*day)
				if m.removedAt != 0 {
					t = min(t, m.removedAt-1)
				}
				o.link("follows", m.id, n.members[j].id, min(t, g.now))
			}
		}
		for range r.IntN(4) {
			if g.bgDone == 0 {
				break
			}
			if j := g.bgTarget(g.bgDone, m.plat); j >= 0 {
				o.link("follows", m.id, g.bgID(j), min(g.now, max(m.created, g.bgCreated(j))+g.between(0, 60*day)))
			}
		}
	}
}

func (g *gen) emitSmuggling(n *network) {
	r := g.r
	o := g.o
	ro := &routes[n.routes[0]]
	g.emitNetAccounts(n, func(m *netMember) string {
		p := 0.1
		switch {
		case m.pred >= 0:
			p = 0.9
		case m.role == roleCore:
			p = 0.75
		case m.role == roleAdvertiser:
			p = 0.5
		}
		if !g.chance(p) {
			if m.role == roleReposter && r.IntN(2) == 0 {
				return "Travel | Jobs | Life 🌍"
			}
			return ""
		}
		g.slots['t'-'a'] = placeNames[ro.to][m.lang]
		tpl := g.pick(netBioTemplates[m.lang])
		g.slots['c'-'a'] = g.contactText(n, m, contactWant(tpl))
		n.langUsed[m.lang] = true
		return string(render(nil, tpl, &g.slots))
	})
	g.emitMembership(n, 0.35)
	g.emitIdentifierLinks(n)

	// posts, in time order so that replies follow what they answer
	type slot struct {
		at     int64
		author int
	}
	rate := [4]float64{6, 4, 3, 2.5}[n.tier]
	recentShare := [4]float64{.4, .25, .15, .1}[n.tier]
	total := int(float64(len(n.members))*rate) + 1
	var plan []slot
	for range total {
		var t int64
		if !n.dormant && n.end > g.now-30*day && g.chance(recentShare) {
			t = g.between(max(g.now-30*day, n.start), n.end)
		} else {
			t = g.between(n.start, n.end)
		}
		if a := g.pickAuthor(n, t, 0.2); a >= 0 {
			plan = append(plan, slot{t, a})
		}
	}
	slices.SortStableFunc(plan, func(a, b slot) int { return cmp.Compare(a.at, b.at) })
	byPlat := [nPlats][]int{}
	for _, s := range plan {
		m := &n.members[s.author]
		var parent string
		v := r.IntN(100)
		if l := byPlat[m.plat]; v < 15 && len(l) > 0 {
			parent = n.written[l[r.IntN(len(l))]].id
		}
		g.slots['f'-'a'] = placeNames[ro.from[r.IntN(len(ro.from))]][m.lang]
		g.slots['t'-'a'] = placeNames[ro.to][m.lang]
		g.slots['p'-'a'] = g.priceText(ro, m.lang)
		var tpl string
		switch {
		case parent != "":
		case v < 27:
			tpl = g.pick(testimonialTemplates[m.lang])
		default:
			tpl = g.pick(advertTemplates[m.lang])
		}
		var text []byte
		var media []uint64
		if parent == "" {
			g.slots['c'-'a'] = g.contactText(n, m, contactWant(tpl))
			n.langUsed[m.lang] = true
		}
		switch {
		case parent != "":
			text = append(text, g.pick(memberReplies)...)
			if r.IntN(3) == 0 {
				text = append(text, ' ')
				text = append(text, g.contactText(n, m, wantAny)...)
			}
		case v < 27:
			text = render(text, tpl, &g.slots)
			if r.IntN(10) < 9 {
				if r.IntN(5) < 2 {
					media = append(media, n.images[r.IntN(len(n.images))])
				} else {
					media = append(media, r.Uint64())
				}
			}
		default:
			text = render(text, tpl, &g.slots)
			if r.IntN(100) < 12 {
				if pay := g.paymentText(n); pay != "" {
					text = append(text, " — "...)
					text = append(text, pay...)
				}
			}
			if len(n.emails) > 0 && r.IntN(100) < 8 {
				n.use("email:" + n.emails[0])
				text = append(text, " Email: "...)
				text = append(text, n.emails[0]...)
			}
			if r.IntN(10) < 7 {
				media = append(media, n.images[r.IntN(len(n.images))])
				if r.IntN(3) == 0 {
					media = append(media, n.images[r.IntN(len(n.images))])
				}
			}
		}
		mention := -1
		if parent == "" && r.IntN(10) == 0 {
			for range 6 {
				j := r.IntN(len(n.members))
				if j != s.author && n.members[j].plat == m.plat && n.members[j].created < s.at {
					mention = j
					text = append(text, " @"...)
					text = append(text, n.members[j].handle...)
					break
				}
			}
		}
		status := "active"
		if m.removedAt != 0 || r.IntN(100) < 6 {
			status = "removed"
		}
		page := g.postPage(n, m)
		id := g.emitNetPost(n, m, page, text, s.at, status, media)
		if parent != "" {
			o.link("replies", id, parent, s.at)
		}
		if mention >= 0 {
			o.link("mentions", id, n.members[mention].id, s.at)
		}
		byPlat[m.plat] = append(byPlat[m.plat], len(n.written)-1)
		if parent == "" {
			g.advRing[m.plat].push(id, s.at)
		}
	}

	g.emitReposts(n, byPlat, 0.3)
	g.emitContacts(n)
	for i := range n.members {
		m := &n.members[i]
		if m.succ >= 0 && r.IntN(10) < 4 {
			o.begin("link")
			o.str("kind", "same_as")
			o.str("from", m.id)
			o.str("to", n.members[m.succ].id)
			o.time("at", min(g.now, n.members[m.succ].created+g.between(day, 30*day)))
			o.str("source", "analyst")
			o.end()
			o.stats.Links++
		}
	}
	n.written = nil
}

// postPage chooses where a member posts: a page it runs, a group it joined, or
// its own profile.
func (g *gen) postPage(n *network, m *netMember) string {
	r := g.r
	switch {
	case len(m.adminOf) > 0 && (m.plat == platTG || r.IntN(2) == 0):
		return n.pages[m.adminOf[r.IntN(len(m.adminOf))]].id
	case len(m.memberOf) > 0 && r.IntN(5) == 0:
		return n.pages[m.memberOf[r.IntN(len(m.memberOf))]].id
	case len(m.bgGroups) > 0 && r.IntN(4) == 0:
		return m.bgGroups[r.IntN(len(m.bgGroups))]
	}
	return ""
}

func (g *gen) emitNetPost(n *network, m *netMember, page string, text []byte, at int64, status string, media []uint64) string {
	o := g.o
	num := g.nextPostNum()
	id := g.postID(m.plat, num)
	o.begin("post")
	o.str("id", id)
	o.str("platform", platNames[m.plat])
	o.str("author", m.id)
	o.str("page", page)
	o.strb("text", text)
	o.key("url")
	o.buf = append(o.buf, '"')
	o.buf = g.appendPostURL(o.buf, m.plat, m.handle, num)
	o.buf = append(o.buf, '"')
	o.time("posted_at", at)
	o.str("status", status)
	if len(media) > 0 {
		o.buf = append(o.buf, `,"media":[`...)
		for k, v := range media {
			if k > 0 {
				o.buf = append(o.buf, ',')
			}
			o.buf = append(o.buf, '"')
			o.buf = appendPhash(o.buf, v)
			o.buf = append(o.buf, '"')
			if slices.Contains(n.images, v) {
				n.use("image_hash:" + phash(v))
			}
		}
		o.buf = append(o.buf, ']')
	}
	o.end()
	o.stats.Posts++
	n.written = append(n.written, netPost{id: id, plat: m.plat, at: at})
	n.posts++
	if at >= g.now-30*day {
		n.recent++
	}
	n.last = max(n.last, at)
	return id
}

// emitReposts: amplifiers repost the network's posts on their platform.
func (g *gen) emitReposts(n *network, byPlat [nPlats][]int, advShare float64) {
	r := g.r
	for i := range n.members {
		m := &n.members[i]
		if m.role == roleCore || (m.role == roleAdvertiser && !g.chance(advShare)) {
			continue
		}
		l := byPlat[m.plat]
		if len(l) == 0 {
			continue
		}
		seen := map[int]bool{}
		for range 2 + r.IntN(6) {
			k := l[r.IntN(len(l))]
			p := n.written[k]
			if seen[k] {
				continue
			}
			at := p.at + g.between(0, 3*day)
			at = max(at, m.created+3600)
			if !n.alive(m, at) || at > g.now {
				continue
			}
			seen[k] = true
			g.o.link("reposts", m.id, p.id, at)
		}
	}
}

// emitContacts writes calls and messages found on seized phones: the
// organisers' devices list the network's members across platforms.
func (g *gen) emitContacts(n *network) {
	if !n.device {
		return
	}
	r := g.r
	o := g.o
	var owners []int
	for i, m := range n.members {
		if m.role == roleCore {
			owners = append(owners, i)
		}
	}
	r.Shuffle(len(owners), func(i, j int) { owners[i], owners[j] = owners[j], owners[i] })
	owners = owners[:min(len(owners), 1+r.IntN(3))]
	src := "device-extraction-" + n.id[len("net-"):]
	seen := map[[2]int]bool{}
	for _, a := range owners {
		share := 0.3 + 0.4*r.Float64()
		for b := range n.members {
			if b == a || seen[[2]int{a, b}] {
				continue
			}
			w := share
			if n.members[b].role == roleReposter {
				w /= 4
			}
			if r.Float64() >= w {
				continue
			}
			seen[[2]int{a, b}] = true
			o.begin("link")
			o.str("kind", "contact")
			o.str("from", n.members[a].id)
			o.str("to", n.members[b].id)
			o.time("at", g.between(max(n.start, n.members[b].created), n.end))
			o.num("weight", int64(1+r.IntN(60)))
			o.str("source", src)
			o.end()
			o.stats.Links++
		}
	}
}

// emitIdentifierLinks writes `uses` links for about half of the network's
// identifiers; the rest appear only inside bios and posts.
func (g *gen) emitIdentifierLinks(n *network) {
	r := g.r
	o := g.o
	holders := func(match func(m *netMember) bool) []int {
		var hs []int
		for i := range n.members {
			if match(&n.members[i]) {
				hs = append(hs, i)
			}
		}
		return hs
	}
	emit := func(hs []int, kind, value, region, canon string) {
		if len(hs) == 0 || r.IntN(10) >= 6 {
			return
		}
		n.use(canon)
		for range 1 + r.IntN(3) {
			m := &n.members[hs[r.IntN(len(hs))]]
			o.uses(m.id, kind, value, region, "", max(m.created, n.start)+g.between(0, 30*day))
		}
	}
	for i, p := range n.phones {
		hs := holders(func(m *netMember) bool { return m.contact == i && m.role != roleReposter })
		val := p.nationalGrouped(" ")
		if r.IntN(3) == 0 {
			val = p.c.trunk + p.nsn
		}
		emit(hs, "phone", val, p.c.region, p.canon())
		if n.wa[i] {
			emit(hs, "messaging", "wa.me/"+p.digits(), "", waCanon(p))
		}
	}
	core := holders(func(m *netMember) bool { return m.role == roleCore })
	for _, h := range n.tg {
		emit(core, "messaging", "t.me/"+h, "", tgCanon(h))
	}
	for _, p := range n.paypal {
		emit(core, "payment", "paypal.me/"+p, "", "payment:paypal.me/"+strings.ToLower(p))
	}
	for _, ib := range n.ibans {
		emit(core, "payment", ib, "", "payment:"+ib)
	}
	for _, w := range n.wallets {
		emit(core, "crypto", w.addr, "", "crypto:"+w.addr)
	}
	for _, e := range n.emails {
		emit(core, "email", e, "", "email:"+e)
	}
	for _, u := range n.urls {
		emit(core, "url", u, "", "url:"+u)
	}
}
