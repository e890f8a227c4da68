package generate

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// Decoys talk about crossings, prices and phone numbers without selling
// anything: refugee-support charities, newsrooms and journalists, a travel
// agency and diaspora community groups. Each is a dense, well-connected group.

var decoyNames = map[string][]string{
	KindCharity:      {"Harbour Light Refugee Aid", "Open Hands Migrant Support", "Northshore Welcome Network", "Bridges Refugee Help", "Lantern Aid Coast", "Shelter Line Europe"},
	KindNews:         {"Channel Observer", "Border Report", "Migration Desk", "The Crossing Review", "Coastline News", "Europe Frontline"},
	KindTravelAgency: {"Anatolia Sky Travel", "Bosphorus Wings Tours", "Erbil Star Travel", "Silk Road Flights", "Aegean Blue Holidays"},
	KindCommunity:    {"Kurdish Community Centre", "Eritrean Community Hub", "Afghan Families Association", "Vietnamese Community Hub", "Albanian Cultural Society", "Iranian Arts Circle"},
}

var decoyLangPool = map[string][]int{
	KindCharity:      {langFR, langAR, langFA, langCKB, langPS, langTI, langVI, langSQ, langKMR, langTR},
	KindNews:         {langFR, langAR, langFA, langTR, langCKB},
	KindTravelAgency: {langTR, langAR, langCKB, langFA},
	KindCommunity:    {langAR, langCKB, langKMR, langTI, langFA, langPS},
}

var staffBios = map[string]string{
	KindCharity:      "Volunteer at {o}. Helpline {c}",
	KindNews:         "Reporter at {o}. DMs open, tips: {c}",
	KindTravelAgency: "Sales team at {o} ✈️ {c}",
	KindCommunity:    "Coordinator at {o}. {c}",
}

var orgBios = map[string]string{
	KindCharity:      "{o}: free, confidential help for refugees and migrants. Helpline {c}",
	KindNews:         "{o}: independent reporting on migration and borders. Tips: {c}",
	KindTravelAgency: "{o} — flights, holidays & visa support since 2009. Call {c}",
	KindCommunity:    "{o}: classes, advice and football for the whole community. {c}",
}

func slugOf(s string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(s) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteRune(c)
		}
	}
	return b.String()
}

func (g *gen) planDecoy(n *network, idx int) {
	r := g.r
	n.used = map[string]bool{}
	n.tier = tierNone
	names := decoyNames[n.kind]
	ni := r.IntN(len(names))
	n.disp = names[ni]
	n.brand = slugOf(n.disp)
	if n.kind == KindCommunity {
		n.disp += " " + cities[r.IntN(6)]
	}
	n.brand += strconv.Itoa(idx + 1)

	n.plats = g.pickPlatforms(min(n.size, 2+r.IntN(3)))
	n.langs = []int{langEN}
	pool := append([]int{}, decoyLangPool[n.kind]...)
	r.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	extra := map[string]int{KindCharity: 2 + r.IntN(3), KindNews: 1 + r.IntN(2), KindTravelAgency: 1 + r.IntN(2), KindCommunity: 2 + r.IntN(2)}[n.kind]
	n.langs = append(n.langs, pool[:extra]...)

	n.start = g.yearAgo
	n.end = g.now - g.between(0, 3*day)

	switch n.kind {
	case KindCharity:
		if r.IntN(3) == 0 {
			n.phones = []phone{fixedPhone("FR", "800"+randDigits(r, 6))}
		} else {
			n.phones = []phone{fixedPhone("GB", "808"+randDigits(r, 7))}
		}
		n.urls = []string{"https://www." + n.brand + ".org/help"}
		n.emails = []string{"help@" + n.brand + ".org"}
		n.paypal = []string{n.brand}
		if r.IntN(2) == 0 {
			n.ibans = []string{newIBAN(r, "GB")}
		}
	case KindNews:
		n.phones = []phone{fixedPhone("GB", "207"+strconv.Itoa(2+r.IntN(7))+randDigits(r, 6))}
		n.urls = []string{"https://www." + n.brand + ".co.uk"}
		n.emails = []string{"tips@" + n.brand + ".co.uk"}
	case KindTravelAgency:
		n.phones = []phone{
			fixedPhone("GB", "208"+strconv.Itoa(2+r.IntN(7))+randDigits(r, 6)),
			newMobile(r, "GB"),
			fixedPhone("TR", "212"+strconv.Itoa(2+r.IntN(7))+randDigits(r, 6)),
		}
		n.wa = []bool{false, true, false}
		n.urls = []string{"https://www." + n.brand + ".com"}
		n.emails = []string{"info@" + n.brand + ".com"}
	default:
		n.phones = []phone{fixedPhone("GB", "161"+strconv.Itoa(2+r.IntN(7))+randDigits(r, 6))}
		n.emails = []string{"info@" + n.brand + ".org.uk"}
	}
	for len(n.wa) < len(n.phones) {
		n.wa = append(n.wa, false)
	}
	for range 2 + r.IntN(3) {
		n.images = append(n.images, r.Uint64())
	}

	g.planMembers(n, n.size, decoyMemberNames)
	for i := range n.members {
		n.members[i].contact = 0
		if n.kind == KindTravelAgency && r.IntN(2) == 0 {
			n.members[i].contact = 1
		}
	}
	g.planPages(n, idx)
	if n.kind == KindCommunity {
		g.planTelegram(n)
		if len(n.tg) == 0 {
			n.tg = []string{g.reserve(platTG, n.brand+"_group")}
		}
	}
}

func decoyMemberNames(g *gen, n *network, m *netMember, i int) {
	r := g.r
	if m.role == roleCore {
		var h string
		switch r.IntN(3) {
		case 0:
			h = n.brand
		case 1:
			h = joinHandle(m.plat, n.brand, []string{"uk", "fr", "official", "news", "team"}[r.IntN(5)], r.IntN(3))
		default:
			h = joinHandle(m.plat, n.brand, langCodes[m.lang], 2)
		}
		m.handle = g.reserve(m.plat, h)
		m.name = n.disp
		return
	}
	c := &nameCultures[r.IntN(len(nameCultures))]
	f := c.first[r.IntN(len(c.first))]
	l := c.last[r.IntN(len(c.last))]
	m.handle = g.reserve(m.plat, joinHandle(m.plat, f, l[:min(3, len(l))]+strconv.Itoa(1+r.IntN(99)), 2))
	m.name = string(appendTitle(nil, f)) + " " + string(appendTitle(nil, l))
}

// decoyContact writes how a decoy tells people to reach it.
func (g *gen) decoyContact(n *network, m *netMember, lang int) string {
	r := g.r
	v := r.IntN(100)
	switch n.kind {
	case KindCharity:
		switch {
		case v < 70:
			n.use(n.phones[0].canon())
			return spellPhone(r, n.phones[0], lang)
		case v < 85:
			n.use("email:" + n.emails[0])
			return n.emails[0]
		default:
			n.use("url:" + n.urls[0])
			return n.urls[0]
		}
	case KindNews:
		switch {
		case v < 40:
			n.use("email:" + n.emails[0])
			return n.emails[0]
		case v < 70:
			n.use(n.phones[0].canon())
			return spellPhone(r, n.phones[0], lang)
		default:
			n.use("url:" + n.urls[0])
			return n.urls[0]
		}
	case KindTravelAgency:
		switch {
		case v < 40:
			n.use(n.phones[0].canon())
			return spellPhone(r, n.phones[0], lang)
		case v < 80:
			n.use(waCanon(n.phones[1]))
			return waLink(r, n.phones[1])
		default:
			n.use(n.phones[2].canon())
			return spellPhone(r, n.phones[2], lang)
		}
	default:
		if v < 50 {
			n.use(n.phones[0].canon())
			return spellPhone(r, n.phones[0], lang)
		}
		h := n.tg[r.IntN(len(n.tg))]
		n.use(tgCanon(h))
		return tgLink(r, h)
	}
}

var decoyPlaces = []int{plCalais, plDunkirk, plLibya, plTurkey, plBelarus}

func (g *gen) emitDecoy(n *network) {
	r := g.r
	g.slots['o'-'a'] = n.disp
	g.emitNetAccounts(n, func(m *netMember) string {
		if m.role == roleReposter && r.IntN(2) == 0 {
			return ""
		}
		g.slots['c'-'a'] = g.decoyContact(n, m, langEN)
		g.slots['o'-'a'] = n.disp
		if m.role == roleCore {
			return string(render(nil, orgBios[n.kind], &g.slots))
		}
		return string(render(nil, staffBios[n.kind], &g.slots))
	})
	for _, m := range n.members {
		if m.role == roleCore && (n.kind == KindNews || n.kind == KindCharity) {
			g.popular[m.plat] = append(g.popular[m.plat], m.id)
		}
	}
	n.langUsed[langEN] = true
	g.emitMembership(n, 0.6)
	g.emitIdentifierLinks(n)

	type slot struct {
		at     int64
		author int
	}
	total := len(n.members)*4 + 1
	var plan []slot
	for range total {
		t := g.between(n.start, n.end)
		if a := g.pickAuthor(n, t, 0.3); a >= 0 {
			plan = append(plan, slot{t, a})
		}
	}
	slices.SortStableFunc(plan, func(a, b slot) int { return cmp.Compare(a.at, b.at) })
	byPlat := [nPlats][]int{}
	for _, s := range plan {
		m := &n.members[s.author]
		lang := n.langs[r.IntN(len(n.langs))]
		text := g.decoyText(n, m, lang)
		var media []uint64
		if r.IntN(2) == 0 {
			media = append(media, n.images[r.IntN(len(n.images))])
		}
		g.emitNetPost(n, m, g.postPage(n, m), text, s.at, "active", media)
		byPlat[m.plat] = append(byPlat[m.plat], len(n.written)-1)
	}
	g.emitReposts(n, byPlat, 0.8)
	if n.kind == KindNews {
		// reporters follow the sellers they investigate
		for i := range n.members {
			m := &n.members[i]
			l := g.netAccts[m.plat]
			if m.role != roleAdvertiser || len(l) == 0 || r.IntN(10) >= 3 {
				continue
			}
			for range 1 + r.IntN(3) {
				if t := l[r.IntN(len(l))]; t != m.id {
					g.o.link("follows", m.id, t, g.between(max(m.created, n.start), g.now))
				}
			}
		}
	}
	n.written = nil
}

func (g *gen) decoyText(n *network, m *netMember, lang int) []byte {
	r := g.r
	pl := decoyPlaces[r.IntN(len(decoyPlaces))]
	var tpl string
	switch n.kind {
	case KindCharity:
		g.slots['p'-'a'] = g.priceText(&routes[routeChannel], lang)
		tpl = g.pick(charityTemplates[lang])
		if len(n.paypal) > 0 && r.IntN(10) == 0 {
			n.use("payment:paypal.me/" + n.paypal[0])
			tpl = "Winter appeal: help us buy blankets and food. Donate paypal.me/" + n.paypal[0]
			lang = langEN
		} else if len(n.ibans) > 0 && r.IntN(20) == 0 {
			n.use("payment:" + n.ibans[0])
			tpl = "Donations by bank transfer: IBAN " + spellIBAN(r, n.ibans[0])
			lang = langEN
		}
	case KindNews:
		if len(newsTemplates[lang]) == 0 {
			lang = langEN
		}
		g.slots['p'-'a'] = g.priceText(&routes[r.IntN(nRoutes)], lang)
		g.slots['n'-'a'] = strconv.Itoa(40 + r.IntN(900))
		tpl = g.pick(newsTemplates[lang])
		if r.IntN(10) < 6 {
			n.use("url:" + n.urls[0])
			tpl += " " + n.urls[0] + "/news/" + strconv.Itoa(100000+r.IntN(900000))
		}
	case KindTravelAgency:
		var opts []int
		for i, t := range travelTemplates {
			if t.lang == lang {
				opts = append(opts, i)
			}
		}
		t := travelTemplates[opts[r.IntN(len(opts))]]
		cur := []int{curGBP, curUSD, curEUR}[r.IntN(3)]
		g.slots['p'-'a'] = g.formatPrice(90+10*r.IntN(40), cur, lang)
		tpl = t.text
	default:
		var opts []int
		for i, t := range communityTemplates {
			if t.lang == lang {
				opts = append(opts, i)
			}
		}
		tpl = communityTemplates[opts[r.IntN(len(opts))]].text
	}
	g.slots['f'-'a'] = placeNames[pl][lang]
	if n.kind == KindCommunity {
		g.slots['f'-'a'] = []string{"Calais", "Dover", "London", "Dunkirk"}[r.IntN(4)]
	}
	if strings.Contains(tpl, "{c}") {
		g.slots['c'-'a'] = g.decoyContact(n, m, lang)
	}
	n.langUsed[lang] = true
	return render(nil, tpl, &g.slots)
}
