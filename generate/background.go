package generate

import (
	"math"
	"slices"
	"strconv"
)

// Background accounts are numbered 0..nBG-1. Their platform, handle, name and
// creation time are functions of the index (through a hash), so any earlier
// account can be named as a follow target without storing it.

func (g *gen) bgHash(i int) uint64 { return mix64(g.hseed + uint64(i)) }

func platOf(h uint64) int {
	switch v := h & 1023; {
	case v < 184:
		return platX
	case v < 389:
		return platTT
	case v < 614:
		return platIG
	case v < 870:
		return platFB
	case v < 942:
		return platYT
	default:
		return platTG
	}
}

func (g *gen) bgPlatform(i int) int { return platOf(g.bgHash(i)) }

// culture picks the naming culture (index into nameCultures) of an account.
func cultureOf(h uint64) int {
	if (h>>10)%100 < 55 {
		return 0
	}
	return 1 + int((h>>17)%uint64(len(nameCultures)-1))
}

// bgAppendID appends the id of background account i.
func (g *gen) bgAppendID(dst []byte, i int) []byte {
	h := g.bgHash(i)
	p := platOf(h)
	start := len(dst)
	dst = append(dst, platPrefix[p]...)
	c := &nameCultures[cultureOf(h)]
	dst = append(dst, c.first[(h>>24)%uint64(len(c.first))]...)
	switch (h >> 40) % 3 {
	case 1:
		if p == platX || p == platTG {
			dst = append(dst, '_')
		} else {
			dst = append(dst, '.')
		}
	case 2:
		dst = append(dst, '_')
	}
	dst = append(dst, c.last[(h>>32)%uint64(len(c.last))]...)
	dst = strconv.AppendInt(dst, int64(i+1), 10)
	for {
		if _, taken := g.reserved[string(dst[start:])]; !taken {
			break
		}
		dst = append(dst, 'x')
	}
	return dst
}

func (g *gen) bgID(i int) string {
	g.scratch = g.bgAppendID(g.scratch[:0], i)
	return string(g.scratch)
}

func (g *gen) bgPageID(k int) string {
	g.scratch = g.bgAppendPageID(g.scratch[:0], k)
	return string(g.scratch)
}

// bgCreated is when background account i was created: up to 11 years ago.
func (g *gen) bgCreated(i int) int64 {
	h := mix64(g.bgHash(i))
	return g.now - day - int64(h%uint64(11*365*day))
}

func (g *gen) celebrities() int { return max(5, g.nBG/400) }

// ---- pages ----

func (g *gen) pageHash(k int) uint64 { return mix64(g.hseed ^ 0x7A3E9B1C5D2F4E6B + uint64(k)) }

func pagePlatOf(h uint64) int {
	switch v := h % 100; {
	case v < 60:
		return platFB
	case v < 85:
		return platTG
	default:
		return platYT
	}
}

const b64url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// bgPageID appends the id of background page k.
func (g *gen) bgAppendPageID(dst []byte, k int) []byte {
	h := g.pageHash(k)
	switch pagePlatOf(h) {
	case platFB:
		if (h>>8)%10 < 7 {
			dst = append(dst, "fb:group/"...)
		} else {
			dst = append(dst, "fb:page/"...)
		}
		return strconv.AppendInt(dst, int64(1_000_000+k), 10)
	case platTG:
		dst = append(dst, "tg:channel/"...)
		return strconv.AppendInt(dst, int64(1_000_000+k), 10)
	default:
		dst = append(dst, "yt:channel/UC"...)
		x := mix64(h)
		for range 14 {
			dst = append(dst, b64url[x&63])
			x >>= 6
		}
		for s := 42; s >= 0; s -= 6 {
			dst = append(dst, b64url[(uint64(k)>>uint(s))&63])
		}
		return dst
	}
}

var (
	fbGroupNames = []string{"{b} Jobs & Housing", "{b} Buy & Sell", "{m} Fans", "Food Lovers {b}", "Kurds in {b}", "Afghans in {b}",
		"Vietnamese in {b}", "Albanians of {b}", "Eritreans in {b}", "Arabs in {b}", "Iranians in {b}", "Turks in {b}",
		"{b} Parents Group", "{b} Runners", "UK Jobs and Travel", "Europe Travel Tips"}
	tgChannelNames = []string{"{m} News", "{b} Deals", "Football Live", "Daily Recipes", "{b} Rooms to Rent", "Travel Deals Europe"}
	ytChannelNames = []string{"{m} Highlights", "Cooking {a}", "{b} Walks 4K", "Football Skills", "Travel Vlog {s}"}
)

func (g *gen) fillBgSlots(h uint64) {
	g.slots['a'-'a'] = foods[h%uint64(len(foods))]
	g.slots['b'-'a'] = cities[(h>>8)%uint64(len(cities))]
	g.slots['s'-'a'] = spots[(h>>16)%uint64(len(spots))]
	g.slots['m'-'a'] = teams[(h>>24)%uint64(len(teams))]
	g.slots['j'-'a'] = jobs[(h>>32)%uint64(len(jobs))]
	g.slots['d'-'a'] = days[(h>>40)%uint64(len(days))]
}

type adminPair struct {
	acct int
	page int
	id   string
}

func (g *gen) emitBgPage(k int) (plat int, id string) {
	h := g.pageHash(k)
	plat = pagePlatOf(h)
	id = g.bgPageID(k)
	g.fillBgSlots(mix64(h))
	var names []string
	switch plat {
	case platFB:
		names = fbGroupNames
	case platTG:
		names = tgChannelNames
	default:
		names = ytChannelNames
	}
	g.text = render(g.text[:0], names[(h>>20)%uint64(len(names))], &g.slots)
	o := g.o
	o.begin("page")
	o.str("id", id)
	o.str("platform", platNames[plat])
	o.strb("name", g.text)
	switch plat {
	case platFB:
		if id[3] == 'g' {
			o.str("url", "https://www.facebook.com/groups/"+id[len("fb:group/"):])
		} else {
			o.str("url", "https://www.facebook.com/"+id[len("fb:page/"):])
		}
	case platTG:
		o.str("url", "https://t.me/c/"+id[len("tg:channel/"):])
	default:
		o.str("url", "https://www.youtube.com/channel/"+id[len("yt:channel/"):])
	}
	o.num("members", int64(20+math.Exp(4+3*float64((h>>40)&1023)/1023)))
	o.str("status", "active")
	o.time("created_at", g.now-30*day-int64((h>>12)%uint64(8*365*day)))
	o.end()
	o.stats.Pages++
	return plat, id
}

// ---- shops and the hub number ----

var (
	shopAdj  = []string{"Golden", "Royal", "Sultan", "Happy", "Little", "Star", "Green", "Old Town", "Family", "Corner"}
	shopKind = []string{"Kebab House", "Kitchen", "Grill", "Bakery", "Cafe", "Pizza Express", "Barbers", "Mini Market", "Car Wash", "Phone Repair"}
)

func (g *gen) shopHash(s int) uint64 { return mix64(g.hseed ^ 0x51A3C5E7092B4D6F + uint64(s)) }

func (g *gen) shopName(s int) string {
	h := g.shopHash(s)
	return shopAdj[h%uint64(len(shopAdj))] + " " + shopKind[(h>>8)%uint64(len(shopKind))]
}

func (g *gen) shopPhone(s int) phone { return shopPhone(g.shopHash(s) >> 16) }

// hubPhone is a bank's fraud helpline that a large share of ordinary users
// mention or store: one identifier with a very high degree.
var hubPhone = fixedPhone("GB", "8000468520")

var hubTexts = []string{
	"Card blocked again?! Call the bank's fraud line {c} and be ready to wait",
	"If you get a text about your bank account, do not click, call {c}",
	"40 minutes on hold with {c} 😤",
	"Scam alert: check with your bank on {c} before paying anyone",
}

// popularURL appends a link to a very popular domain, sometimes with tracking
// parameters the ingest should strip.
func (g *gen) popularURL(dst []byte) []byte {
	r := g.r
	switch r.IntN(8) {
	case 0, 1:
		dst = append(dst, "https://www.youtube.com/watch?v="...)
		dst = appendToken(dst, r.Uint64(), 11)
	case 2:
		dst = append(dst, "https://youtu.be/"...)
		dst = appendToken(dst, r.Uint64(), 11)
	case 3:
		dst = append(dst, "https://www.bbc.co.uk/sport/football/"...)
		dst = strconv.AppendInt(dst, 60_000_000+r.Int64N(9_000_000), 10)
	case 4:
		dst = append(dst, "https://en.wikipedia.org/wiki/"...)
		dst = append(dst, []string{"Santorini", "Cappadocia", "Lake_District", "Dubrovnik", "Baklava", "Pho", "Premier_League"}[r.IntN(7)]...)
	case 5:
		dst = append(dst, "https://www.amazon.co.uk/dp/B0"...)
		dst = appendToken(dst, r.Uint64(), 8)
	case 6:
		dst = append(dst, "https://open.spotify.com/track/"...)
		dst = appendToken(dst, r.Uint64(), 10)
		dst = appendToken(dst, r.Uint64(), 12)
	default:
		dst = append(dst, "https://maps.google.com/?q="...)
		dst = append(dst, cities[r.IntN(len(cities))]...)
	}
	if r.IntN(4) == 0 {
		dst = append(dst, []string{"?utm_source=ig&utm_medium=social", "?si=share", "&utm_campaign=share"}[r.IntN(3)]...)
	}
	return dst
}

func appendToken(dst []byte, x uint64, n int) []byte {
	for i := 0; i < n; i++ {
		if i == 10 {
			x = mix64(x)
		}
		dst = append(dst, b64url[x&63])
		x >>= 6
	}
	return dst
}

func memeHash(k int) uint64 { return mix64(0xC0FFEE00 + uint64(k)) }

// ---- blocks ----

// bgBlock writes background accounts start..end-1: first the block's pages,
// then its accounts, then their links and posts.
func (g *gen) bgBlock(start, end int) {
	pEnd := int(int64(end) * int64(g.nPages) / int64(g.nBG))
	g.admins = g.admins[:0]
	for k := g.pagesDone; k < pEnd; k++ {
		plat, id := g.emitBgPage(k)
		h := g.pageHash(k)
		n := end - start
		j0 := int((h >> 30) % uint64(n))
		for t := 0; t < min(n, 64); t++ {
			j := start + (j0+t)%n
			if g.bgPlatform(j) == plat {
				g.admins = append(g.admins, adminPair{acct: j, page: k, id: id})
				break
			}
		}
	}
	g.pagesDone = pEnd
	for i := start; i < end; i++ {
		g.emitBgAccount(i)
	}
	g.bgDone = end
	slices.SortStableFunc(g.admins, func(a, b adminPair) int { return a.acct - b.acct })
	ai := 0
	for i := start; i < end; i++ {
		aj := ai
		for aj < len(g.admins) && g.admins[aj].acct == i {
			aj++
		}
		g.bgActivity(i, g.admins[ai:aj])
		ai = aj
	}
}

func (g *gen) emitBgAccount(i int) {
	h := g.bgHash(i)
	p := platOf(h)
	id := g.bgID(i)
	cu := &nameCultures[cultureOf(h)]
	o := g.o
	o.begin("account")
	o.str("id", id)
	o.str("platform", platNames[p])
	handle := id[len(platPrefix[p]):]
	o.str("handle", handle)
	h2 := mix64(h ^ 0x1234)
	shop := h2%1000 < 6 && g.nShops > 0
	var s int
	if shop {
		s = int((h2 >> 20) % uint64(g.nShops))
		o.str("name", g.shopName(s))
	} else {
		g.text = appendTitle(g.text[:0], cu.first[(h>>24)%uint64(len(cu.first))])
		g.text = append(g.text, ' ')
		g.text = appendTitle(g.text, cu.last[(h>>32)%uint64(len(cu.last))])
		o.strb("name", g.text)
	}
	o.str("url", acctURLBase[p]+handle)
	var followers int64
	if i < g.celebrities() {
		followers = 50_000 + g.r.Int64N(5_000_000)
	} else {
		followers = int64(math.Exp(4.5 + 1.4*g.r.NormFloat64()))
	}
	o.num("followers", followers)
	o.time("created_at", g.bgCreated(i))
	switch v := g.r.IntN(100); {
	case v < 97:
		o.str("status", "active")
	case v < 98:
		o.str("status", "suspended")
		o.time("removed_at", g.between(max(g.bgCreated(i), g.yearAgo), g.now))
	case v < 99:
		o.str("status", "removed")
		o.time("removed_at", g.between(max(g.bgCreated(i), g.yearAgo), g.now))
	default:
		o.str("status", "unknown")
	}
	switch {
	case shop:
		ph := g.shopPhone(s)
		g.text = g.text[:0]
		if g.r.IntN(3) == 0 {
			g.text = append(g.text, "Orders on WhatsApp "...)
			g.text = append(g.text, waLink(g.r, ph)...)
		} else {
			g.text = append(g.text, "Open 7 days. Call "...)
			g.text = append(g.text, spellPhone(g.r, ph, langEN)...)
		}
		o.strb("bio", g.text)
	case g.r.IntN(10) < 3:
		lang := cu.lang
		if g.r.IntN(3) == 0 {
			lang = langEN
		}
		g.fillBgSlots(g.r.Uint64())
		g.text = render(g.text[:0], g.pick(bgBios[lang]), &g.slots)
		o.strb("bio", g.text)
	}
	o.end()
	o.stats.Accounts++
}

func appendTitle(dst []byte, s string) []byte {
	if s == "" {
		return dst
	}
	c := s[0]
	if c >= 'a' && c <= 'z' {
		c -= 'a' - 'A'
	}
	return append(append(dst, c), s[1:]...)
}

// bgTarget picks an earlier background account on the same platform for a
// follow: popular accounts, neighbours (a local community) or anyone.
func (g *gen) bgTarget(i, plat int) int {
	if i == 0 {
		return -1
	}
	var j int
	switch v := g.r.IntN(100); {
	case v < 30:
		u := g.r.Float64()
		j = int(float64(min(i, g.celebrities()*20)) * u * u * u)
	case v < 75:
		j = i - 1 - g.r.IntN(min(i, 300))
	default:
		j = g.r.IntN(i)
	}
	for t := 0; t < 24 && j >= 0; t, j = t+1, j-1 {
		if g.bgPlatform(j) == plat {
			return j
		}
	}
	return -1
}

// bgPageFor picks a written background page on the platform, or -1.
func (g *gen) bgPageFor(plat int) int {
	if g.pagesDone == 0 {
		return -1
	}
	k := g.r.IntN(g.pagesDone)
	for t := 0; t < 24 && k >= 0; t, k = t+1, k-1 {
		if pagePlatOf(g.pageHash(k)) == plat {
			return k
		}
	}
	return -1
}

func (g *gen) bgActivity(i int, admins []adminPair) {
	r := g.r
	o := g.o
	h := g.bgHash(i)
	p := platOf(h)
	cu := &nameCultures[cultureOf(h)]
	id := g.bgID(i)
	created := g.bgCreated(i)
	from := max(created, g.yearAgo)

	for _, a := range admins {
		o.link("admin_of", id, a.id, g.between(created, g.now))
	}

	// follows
	nf := min(int(r.ExpFloat64()*3.6), 60)
	g.follows = g.follows[:0]
	for range nf {
		j := g.bgTarget(i, p)
		if j < 0 || j == i || slices.Contains(g.follows, j) {
			continue
		}
		g.follows = append(g.follows, j)
		o.link("follows", id, g.bgID(j), g.between(max(created, g.bgCreated(j)), g.now))
	}
	if l := g.popular[p]; len(l) > 0 && r.IntN(100) < 3 {
		o.link("follows", id, l[r.IntN(len(l))], g.between(from, g.now))
	}
	if l := g.netAccts[p]; len(l) > 0 && r.IntN(1000) < 15 {
		o.link("follows", id, l[r.IntN(len(l))], g.between(from, g.now))
	}

	// groups and channels
	g.pgs = g.pgs[:0]
	if hasPages(p) {
		nm := 0
		switch v := r.IntN(100); {
		case v < 35:
			nm = 1
		case v < 50:
			nm = 2
		}
		for range nm {
			if k := g.bgPageFor(p); k >= 0 && !slices.Contains(g.pgs, k) {
				g.pgs = append(g.pgs, k)
				o.link("member_of", id, g.bgPageID(k), g.between(from, g.now))
			}
		}
		if l := g.netPages[p]; len(l) > 0 && r.IntN(1000) < 5 {
			o.link("member_of", id, l[r.IntN(len(l))], g.between(from, g.now))
		}
	}

	// shared identifiers held in contact lists
	if r.IntN(1000) < 5 {
		o.uses(id, "phone", hubPhone.nationalGrouped(" "), "GB", "", 0)
	}
	if h2 := mix64(h ^ 0x1234); h2%1000 < 6 && g.nShops > 0 {
		s := int((h2 >> 20) % uint64(g.nShops))
		ph := g.shopPhone(s)
		o.uses(id, "phone", ph.nationalGrouped(" "), ph.c.region, "", 0)
	}

	// posts
	np := min(int(r.ExpFloat64()*2.2), 40)
	for range np {
		if ref, ok := g.rings[p].sample(r); ok && r.IntN(10) == 0 {
			o.link("reposts", id, g.postID(p, ref.num), g.between(max(ref.at, from), g.now))
			continue
		}
		g.bgPost(i, id, p, cu.lang, from, admins)
	}
}

func (g *gen) postID(p int, num int64) string {
	g.scratch = append(g.scratch[:0], postPrefix[p]...)
	g.scratch = strconv.AppendInt(g.scratch, num, 10)
	return string(g.scratch)
}

func (g *gen) appendPostURL(dst []byte, p int, handle string, num int64) []byte {
	switch p {
	case platX:
		dst = append(dst, "https://x.com/"...)
		dst = append(dst, handle...)
		dst = append(dst, "/status/"...)
	case platTT:
		dst = append(dst, "https://www.tiktok.com/@"...)
		dst = append(dst, handle...)
		dst = append(dst, "/video/"...)
	case platIG:
		dst = append(dst, "https://www.instagram.com/p/"...)
	case platFB:
		dst = append(dst, "https://www.facebook.com/"...)
		dst = append(dst, handle...)
		dst = append(dst, "/posts/"...)
	case platYT:
		dst = append(dst, "https://www.youtube.com/watch?v="...)
	default:
		dst = append(dst, "https://t.me/"...)
		dst = append(dst, handle...)
		dst = append(dst, '/')
	}
	return strconv.AppendInt(dst, num, 10)
}

func (g *gen) bgPost(i int, id string, p, lang int, from int64, admins []adminPair) {
	r := g.r
	o := g.o
	num := g.nextPostNum()
	pid := g.postID(p, num)
	at := g.between(from, g.now)
	var parent string
	var page string
	var mention int = -1
	g.text = g.text[:0]

	if ref, ok := g.rings[p].sample(r); ok && r.IntN(8) == 0 {
		parent = g.postID(p, ref.num)
		at = g.between(max(ref.at, from), g.now)
		g.text = append(g.text, g.pick(everydayReplies)...)
	} else if ref, ok := g.advRing[p].sample(r); ok && r.IntN(300) == 0 {
		parent = ref.id
		at = g.between(max(ref.at, from), g.now)
		g.text = append(g.text, g.pick(advertReplies)...)
	} else {
		if r.IntN(10) < 4 {
			lang = langEN
		}
		g.fillBgSlots(r.Uint64())
		g.text = render(g.text, g.pick(everydayTemplates[lang]), &g.slots)
		switch v := r.IntN(1000); {
		case v < 25 && g.nShops > 0:
			s := r.IntN(g.nShops)
			g.text = append(g.text, " — "...)
			g.text = append(g.text, g.shopName(s)...)
			g.text = append(g.text, ' ')
			g.text = append(g.text, spellPhone(r, g.shopPhone(s), langEN)...)
		case v < 30 && g.nShops > 0:
			g.text = append(g.text, " Order on WhatsApp "...)
			g.text = append(g.text, waLink(r, g.shopPhone(r.IntN(g.nShops)))...)
		case v < 45:
			g.slots['c'-'a'] = spellPhone(r, hubPhone, langEN)
			g.text = render(g.text[:0], g.pick(hubTexts), &g.slots)
		case v < 125:
			g.text = append(g.text, ' ')
			g.text = g.popularURL(g.text)
		case v < 126:
			_, addr := newWallet(r)
			g.text = append(g.text, " Tips welcome: "...)
			g.text = append(g.text, addr...)
		case v < 127:
			g.text = append(g.text, " Fundraiser for the school trip: paypal.me/"...)
			g.text = append(g.text, id[len(platPrefix[p]):]...)
		}
		if len(g.follows) > 0 && r.IntN(20) == 0 {
			mention = g.follows[r.IntN(len(g.follows))]
			mid := g.bgID(mention)
			g.text = append(g.text, " @"...)
			g.text = append(g.text, mid[len(platPrefix[p]):]...)
		}
	}

	switch p {
	case platTG:
		if len(admins) > 0 {
			page = admins[r.IntN(len(admins))].id
		} else if len(g.pgs) > 0 {
			page = g.bgPageID(g.pgs[r.IntN(len(g.pgs))])
		}
	case platFB, platYT:
		if len(admins) > 0 && r.IntN(2) == 0 {
			page = admins[r.IntN(len(admins))].id
		} else if len(g.pgs) > 0 && p == platFB && r.IntN(4) == 0 {
			page = g.bgPageID(g.pgs[r.IntN(len(g.pgs))])
		}
	}

	o.begin("post")
	o.str("id", pid)
	o.str("platform", platNames[p])
	o.str("author", id)
	o.str("page", page)
	o.strb("text", g.text)
	o.key("url")
	o.buf = append(o.buf, '"')
	o.buf = g.appendPostURL(o.buf, p, id[len(platPrefix[p]):], num)
	o.buf = append(o.buf, '"')
	o.time("posted_at", at)
	if r.IntN(50) == 0 {
		o.str("status", "removed")
	} else {
		o.str("status", "active")
	}
	if p == platIG || p == platTT || p == platYT || r.IntN(4) == 0 {
		var v uint64
		if r.IntN(20) == 0 {
			v = memeHash(r.IntN(200))
		} else {
			v = r.Uint64()
		}
		o.buf = append(o.buf, `,"media":["`...)
		o.buf = appendPhash(o.buf, v)
		o.buf = append(o.buf, '"', ']')
	}
	o.end()
	o.stats.Posts++
	if parent != "" {
		o.link("replies", pid, parent, at)
	}
	if mention >= 0 {
		o.link("mentions", pid, g.bgID(mention), at)
	}
	g.rings[p].push(postRef{num: num, at: at})
}
