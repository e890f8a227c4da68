package rank

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type wantHit struct {
	cat, text string // category and the original passage
	lang      string // expected language; "" to skip the check
}

// advertCases are short adverts as networks post them, one per language,
// with the passages the lexicon must find.
var advertCases = []struct {
	lang, text string
	want       []wantHit
}{
	{"en", "Boat from Calais to the UK this week 🚤 £2,500 per person. 100% safe, no passport needed. WhatsApp +44 7400 123456",
		[]wantHit{{CatRoute, "Calais", "en"}, {CatRoute, "UK", "en"}, {CatPrice, "£2,500", ""}, {CatGuarantee, "100% safe", "en"},
			{CatNoPapers, "no passport needed", "en"}, {CatBooking, "WhatsApp", LangMul}, {CatBooking, "+44 7400 123456", LangMul}}},
	{"fr", "Passage de Dunkerque vers l'Angleterre cette semaine, 2 500 € par personne. 100% sûr, sans papiers. Réservez au 06 12 34 56 78",
		[]wantHit{{CatRoute, "Dunkerque", "fr"}, {CatRoute, "Angleterre", "fr"}, {CatPrice, "2 500 €", ""}, {CatGuarantee, "100% sûr", "fr"},
			{CatNoPapers, "sans papiers", "fr"}, {CatBooking, "Réservez", "fr"}, {CatBooking, "06 12 34 56 78", LangMul}}},
	{"ar", "رحلة إلى إيطاليا ٢٥٠٠ يورو مضمونة بدون جواز سفر واتساب",
		[]wantHit{{CatRoute, "إيطاليا", "ar"}, {CatPrice, "٢٥٠٠ يورو", "ar"}, {CatGuarantee, "مضمونة", "ar"},
			{CatNoPapers, "بدون جواز سفر", "ar"}, {CatBooking, "واتساب", "ar"}}},
	{"fa", "سفر به انگلیس ۳۰۰۰ پوند تضمینی",
		[]wantHit{{CatRoute, "انگلیس", "fa"}, {CatPrice, "۳۰۰۰ پوند", "fa"}, {CatGuarantee, "تضمینی", "fa"}}},
	{"ckb", "گەشت لە کالێ بۆ بەریتانیا ئەم هەفتەیە، نرخ ٣٠٠٠ پاوەند. ١٠٠٪ گەرەنتی، پێویست بە پاسپۆرت ناکات. وەتسئاپ",
		[]wantHit{{CatRoute, "کالێ", "ckb"}, {CatRoute, "بەریتانیا", "ckb"}, {CatPrice, "٣٠٠٠ پاوەند", "ckb"}, {CatGuarantee, "گەرەنتی", "ckb"},
			{CatNoPapers, "پێویست بە پاسپۆرت ناکات", "ckb"}, {CatBooking, "وەتسئاپ", "ckb"}}},
	{"kmr", "Rêwîtî ji Calais bo Brîtanya vê hefteyê, biha 2800 pound. 100% garantî, pasaport ne pêwîst e. WhatsApp",
		[]wantHit{{CatRoute, "Calais", "kmr"}, {CatRoute, "Brîtanya", "kmr"}, {CatPrice, "2800 pound", "kmr"}, {CatGuarantee, "garantî", "kmr"},
			{CatNoPapers, "pasaport ne pêwîst e", "kmr"}, {CatBooking, "WhatsApp", LangMul}}},
	{"ps", "له کاله څخه انګلستان ته سفر، بیه ۲۵۰۰ پونډه. سل په سلو کې تضمین، پاسپورټ ته اړتیا نشته. واټساپ",
		[]wantHit{{CatRoute, "کاله", "ps"}, {CatRoute, "انګلستان", "ps"}, {CatPrice, "۲۵۰۰ پونډه", "ps"}, {CatGuarantee, "سل په سلو", "ps"},
			{CatNoPapers, "پاسپورټ ته اړتیا نشته", "ps"}, {CatBooking, "واټساپ", "ps"}}},
	{"sq", "Udhëtim nga Calais për në Angli këtë javë, çmimi 3000 paund. 100% e sigurt, pa pasaportë. WhatsApp",
		[]wantHit{{CatRoute, "Calais", "sq"}, {CatRoute, "Angli", "sq"}, {CatPrice, "3000 paund", "sq"}, {CatGuarantee, "100% e sigurt", "sq"},
			{CatNoPapers, "pa pasaportë", "sq"}}},
	{"tr", "İzmir çıkışlı Yunanistan geçişi, kişi başı 2.000 euro. %100 güvenli, garantili. Pasaport gerekmez. WhatsApp",
		[]wantHit{{CatRoute, "İzmir", "tr"}, {CatRoute, "Yunanistan", "tr"}, {CatPrice, "2.000 euro", "tr"}, {CatGuarantee, "%100 güvenli", "tr"},
			{CatGuarantee, "garanti", "tr"}, {CatNoPapers, "Pasaport gerekmez", "tr"}}},
	{"vi", "Đi Anh từ Calais tuần này, giá 3000 bảng. Bao an toàn 100%, không cần hộ chiếu. Liên hệ 0912 345 678",
		[]wantHit{{CatRoute, "Đi Anh", "vi"}, {CatRoute, "Calais", "vi"}, {CatPrice, "3000 bảng", "vi"}, {CatGuarantee, "Bao an toàn", "vi"},
			{CatNoPapers, "không cần hộ chiếu", "vi"}, {CatBooking, "Liên hệ", "vi"}, {CatBooking, "0912 345 678", LangMul}}},
	{"ti", "ጉዕዞ ካብ ሊብያ ናብ ኢጣልያ፣ ዋጋ 3000 ዶላር። 100% ውሑስ፣ ፓስፖርት ኣየድልን። ርክብ +218 91 2345678",
		[]wantHit{{CatRoute, "ሊብያ", "ti"}, {CatRoute, "ኢጣልያ", "ti"}, {CatPrice, "3000 ዶላር", "ti"}, {CatGuarantee, "ውሑስ", "ti"},
			{CatNoPapers, "ፓስፖርት ኣየድልን", "ti"}, {CatBooking, "ርክብ", "ti"}, {CatBooking, "+218 91 2345678", LangMul}}},
}

// checkHits asserts that every wanted passage is a hit and that every hit
// slices back to its phrase.
func checkHits(t *testing.T, text string, hits []Hit, want []wantHit) {
	t.Helper()
	for _, h := range hits {
		if h.Start < 0 || h.End > len(text) || h.Start >= h.End {
			t.Fatalf("hit %+v outside %q", h, text)
		}
		if !strings.HasPrefix(h.Phrase, "<") {
			if got, want := Normalize(text[h.Start:h.End]), Normalize(strings.Trim(h.Phrase, "*|")); got != want {
				t.Errorf("%q: hit %+v slices to %q, normalised %q, want the phrase %q", text, h, text[h.Start:h.End], got, want)
			}
		}
	}
	for _, w := range want {
		found := false
		for _, h := range hits {
			if h.Category == w.cat && text[h.Start:h.End] == w.text {
				found = true
				if w.lang != "" && h.Lang != w.lang {
					t.Errorf("%q: hit %q (%s) has language %q, want %q", text, w.text, w.cat, h.Lang, w.lang)
				}
			}
		}
		if !found {
			t.Errorf("%q: no %s hit on %q; hits: %s", text, w.cat, w.text, describe(text, hits))
		}
	}
}

func describe(text string, hits []Hit) string {
	var b strings.Builder
	for _, h := range hits {
		b.WriteString("\n\t" + h.Category + " " + h.Lang + " " + h.Phrase + " " + text[h.Start:h.End])
	}
	return b.String()
}

func TestLexiconAdvertsPerLanguage(t *testing.T) {
	lx := DefaultLexicon()
	langs := map[string]bool{}
	for _, c := range advertCases {
		langs[c.lang] = true
		t.Run(c.lang, func(t *testing.T) {
			hits := lx.Match(c.text)
			checkHits(t, c.text, hits, c.want)
			if a, disc := Classify(hits); disc || a == 0 {
				t.Errorf("advert %q classified as advert=%v discussion=%v", c.text, a, disc)
			}
		})
	}
	for _, l := range []string{"en", "fr", "ar", "ckb", "kmr", "fa", "ps", "sq", "tr", "vi", "ti"} {
		if !langs[l] {
			t.Errorf("no advert case for %s", l)
		}
		if !contains(lx.Languages(), l) {
			t.Errorf("embedded lexicon lacks %s", l)
		}
	}
}

func contains(s []string, x string) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

func TestNormalize(t *testing.T) {
	same := [][]string{
		{"كاليه", "کالیه", "كالىه"},              // Arabic and Persian kaf and yeh, alef maksura
		{"مدرسة", "مدرسه"},                       // teh marbuta
		{"أوروبا", "اوروبا", "إوروبا", "آوروبا"}, // hamza forms of alef
		{"مـضـمـون", "مضمون"},                    // tatweel
		{"مَضْمُونٌ", "مضمون"},                   // harakat
		{"ئیتاڵیا", "ئیتالیا"},                   // Kurdish lam with v
		{"انګلستان", "انگلستان"},                 // Pashto and Persian gaf
		{"SÉCURISÉ", "securise", "se\u0301curise\u0301"},
		{"İTALYA", "italya", "ıtalya"},
		{"Hộ Chiếu", "ho chieu"},
		{"Đức", "duc"},
		{"٢٥٠٠", "۲۵۰۰", "2500", "२५००"}, // Arabic-Indic, Persian, ASCII and Devanagari digits
		{"no   passport\u00a0needed", "no passport needed"},
		{"می\u200cگویند", "میگویند"}, // zero-width non-joiner
		{"ﻻ", "لا"},                  // presentation form
	}
	for _, group := range same {
		want := Normalize(group[0])
		for _, s := range group[1:] {
			if got := Normalize(s); got != want {
				t.Errorf("Normalize(%q) = %q, want %q as for %q", s, got, want, group[0])
			}
		}
	}
	if got := Normalize("٢٥٠٠ يورو"); !strings.HasPrefix(got, "2500 ") {
		t.Errorf("Arabic-Indic digits not folded: %q", got)
	}
}

func TestMatchVariantsAndOffsets(t *testing.T) {
	lx := DefaultLexicon()
	cases := []struct {
		text string
		want []wantHit
	}{
		// harakat and tatweel in the text; the hit covers them
		{"رِحْلَة إِلَى إِيطَالْيَا مَضْمُونَة", []wantHit{{CatRoute, "إِيطَالْيَا", "ar"}, {CatGuarantee, "مَضْمُونَة", "ar"}}},
		{"طريق مـضـمـون الى ايطاليا", []wantHit{{CatGuarantee, "مـضـمـون", "ar"}, {CatRoute, "ايطاليا", "ar"}}},
		// clitics attached in Arabic script
		{"رحلات لإيطاليا وبدون جواز", []wantHit{{CatRoute, "إيطاليا", "ar"}, {CatNoPapers, "بدون جواز", "ar"}}},
		// Persian written with Arabic kaf and yeh
		{"سفر امن به انگليس بدون مدرك", []wantHit{{CatRoute, "انگليس", "fa"}, {CatNoPapers, "بدون مدرك", "fa"}}},
		// decomposed accents in Latin text
		{"Passage garanti, sans passeport, Re\u0301servez", []wantHit{{CatGuarantee, "garanti", "fr"}, {CatNoPapers, "sans passeport", "fr"}, {CatBooking, "Re\u0301servez", "fr"}}},
		// capitals and the Turkish dotted I
		{"İNGİLTERE'YE GEÇİŞ, PASAPORT GEREKMEZ", []wantHit{{CatRoute, "İNGİLTERE", "tr"}, {CatNoPapers, "PASAPORT GEREKMEZ", "tr"}}},
		// prices in several forms
		{"Price $3000, or 2.5k euro, or EUR 2 800", []wantHit{{CatPrice, "$3000", ""}, {CatPrice, "2.5k euro", ""}, {CatPrice, "EUR 2 800", ""}}},
		{"قیمت ۳ هزار یورو", []wantHit{{CatPrice, "۳ هزار یورو", "fa"}}},
		{"contact t.me/calais_trips or trips@example.com or @uk_boats", []wantHit{{CatBooking, "t.me/calais_trips", LangMul}, {CatBooking, "trips@example.com", LangMul}, {CatBooking, "@uk_boats", LangMul}}},
	}
	for _, c := range cases {
		checkHits(t, c.text, lx.Match(c.text), c.want)
	}
	// Word boundaries in Latin scripts.
	for _, c := range []struct{ text, passage string }{
		{"Ukraine is not the UK", "UK"},
		{"safety first, stay safe", "safe"},
		{"Kosovo and Kos", "Kos"},
	} {
		hits := lx.Match(c.text)
		for _, h := range hits {
			if got := c.text[h.Start:h.End]; strings.EqualFold(got, c.passage) && h.Start != strings.LastIndex(c.text, c.passage) {
				t.Errorf("%q: %q matched inside a word at %d", c.text, got, h.Start)
			}
		}
		n := 0
		for _, h := range hits {
			if c.text[h.Start:h.End] == c.passage {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%q: %d hits on the word %q, want 1: %s", c.text, n, c.passage, describe(c.text, hits))
		}
	}
	// No price without a currency, no phone from a short number.
	for _, s := range []string{"Price for a family of 4?", "In 2025 3000 people crossed", "Arrived 100% happy"} {
		for _, h := range lx.Match(s) {
			if strings.HasPrefix(h.Phrase, "<") {
				t.Errorf("%q: unexpected pattern hit %+v (%q)", s, h, s[h.Start:h.End])
			}
		}
	}
}

func TestDiscussionIsNotAdvert(t *testing.T) {
	lx := DefaultLexicon()
	for _, s := range []string{
		"Do not get in the boats. Smugglers lie about safety. If you need help call our free helpline 0808 800 1234",
		"Smugglers ask £3,000 for a place in a dinghy from Calais to the UK. It is never '100% safe'. Talk to us first: 0808 800 1234",
		"Ne montez pas dans les bateaux. Les passeurs mentent. Aide gratuite : 0800 123 456",
		"لا تركبوا القوارب. المهربون يكذبون. للمساعدة المجانية اتصلوا 0808 800 1234",
		"سوار قایق نشوید. قاچاقچیان دروغ می‌گویند. خط کمک رایگان 0808 800 1234",
		"سوار بەلەم مەبن. قاچاخچییەکان درۆ دەکەن. هێڵی یارمەتی 0808 800 1234",
		"Nekevin qeyikan. Qaçaxçî derewan dikin. Alîkarî: 0808 800 1234",
		"کښتۍ ته مه ورځئ. قاچاقبر دروغ وايي. وړیا مرسته 0808 800 1234",
		"Mos hipni në gomone. Trafikantët gënjejnë. Ndihmë falas 0808 800 1234",
		"Botlara binmeyin. Kaçakçılar yalan söylüyor. Ücretsiz yardım hattı 0808 800 1234",
		"Đừng lên thuyền. Bọn buôn người nói dối. Đường dây hỗ trợ miễn phí 0808 800 1234",
		"ናብ ጀልባ ኣይትእተዉ። ኮንትሮባንዲስታት ይሕስዉ። ሓገዝ 0808 800 1234",
		"Smugglers are charging up to £6,000 per person for a Channel crossing from Dunkirk, our investigation found.",
		"Court hears smugglers promised 'no passport needed' trips to the UK for £4,000. Contact our newsroom +44 20 7946 0000",
		"Les passeurs demandent jusqu'à 3 000 € pour une traversée de la Manche depuis Calais, selon notre enquête.",
		"المهربون يطلبون ما يصل إلى ٥٠٠٠ يورو للشخص مقابل العبور من ليبيا، بحسب تحقيقنا.",
		"Afghan families: free legal advice session on asylum claims in the UK. Call 0207 946 0000",
	} {
		a, disc := Classify(lx.Match(s))
		if a != 0 || !disc {
			t.Errorf("%q: advert=%v discussion=%v, want 0 and discussion", s, a, disc)
		}
	}
	// Legitimate travel: prices and a phone, flight and hotel words.
	for _, s := range []string{
		"Flights London–Istanbul from £120, call +44 20 7946 0123",
		"Family trip to Greece, ferry + hotel from €899. 100% refund if cancelled. +44 20 7946 0123",
		"Summer deals: Antalya 7 nights from £499 per person. Best price guaranteed! Book: +44 20 7946 0123",
		"İstanbul–Londra uçuşları 150 £'dan başlayan fiyatlarla. Bilgi: +90 212 555 0123",
		"رحلات طيران أربيل–إسطنبول ابتداءً من ٣٠٠ دولار. للحجز +964 750 123 4567",
		"بلیط هواپیما تهران–استانبول از ۲۰۰ یورو. تماس +98 912 345 6789",
	} {
		if a, disc := Classify(lx.Match(s)); a != 0 || disc {
			t.Errorf("%q: advert=%v discussion=%v, want neither", s, a, disc)
		}
	}
}

func TestLoadLexicon(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "en.txt"), []byte("# test\nroute\tnarnia\nbooking\tring me\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	lx, err := LoadLexicon(dir)
	if err != nil {
		t.Fatal(err)
	}
	text := "Boat to Narnia, ring me. Ferry to Dover."
	hits := lx.Match(text)
	checkHits(t, text, hits, []wantHit{{CatRoute, "Narnia", "en"}, {CatBooking, "ring me", "en"}})
	for _, h := range hits {
		if text[h.Start:h.End] == "Dover" {
			t.Errorf("Dover (only in the embedded en.txt) still matches after en.txt was replaced")
		}
	}
	// other languages keep their embedded files
	checkHits(t, advertCases[2].text, lx.Match(advertCases[2].text), advertCases[2].want)

	if err := os.WriteFile(filepath.Join(dir, "xx.txt"), []byte("colour\tred\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadLexicon(dir); err == nil || !strings.Contains(err.Error(), "unknown category") {
		t.Errorf("LoadLexicon with a bad category: err = %v", err)
	}
	if _, err := LoadLexicon(t.TempDir()); err == nil {
		t.Error("LoadLexicon of an empty directory: no error")
	}
}

// TestFalseFriends checks words that contain, or are spelled like, an
// indicator of another category or language.
func TestFalseFriends(t *testing.T) {
	lx := DefaultLexicon()
	for _, s := range []string{
		// موتور (engine) contains تور (tour)
		"قایق بزرگ با موتور نو از کاله به انگلیس، ۲۵۰۰ یورو. رسیدن تضمینی. تماس +44 7400 123456",
		// تستغرق (takes, of time) contains غرق (drowning)
		"الرحلة تستغرق ساعتين من ليبيا إلى إيطاليا، السعر ٣٠٠٠ دولار، مضمونة. واتساب +218 91 2345678",
		// Persian مهربون (kind) is spelled like Arabic مهربون (smugglers)
		"ممنون از برادر مهربون. سفر به انگلیس ۲۵۰۰ پوند، بدون پاسپورت. تماس +44 7400 123456",
		// Vietnamese anh (brother) is not Anh (England)
		"Đi Đức không cần giấy tờ, 5000 euro, xuất phát biên giới Belarus. Cảm ơn anh, gọi ngay 0912 345 678",
	} {
		hits := lx.Match(s)
		if a, disc := Classify(hits); a != 1 || disc {
			t.Errorf("%q: advert=%v discussion=%v, want a full advert; hits: %s", s, a, disc, describe(s, hits))
		}
	}
	for _, c := range []struct{ text, passage string }{
		{"Hôm nay đã đến Đức, cảm ơn anh", "anh"},
		{"آپارتمان طبقه دوم", "طبق"},
	} {
		for _, h := range lx.Match(c.text) {
			if strings.EqualFold(c.text[h.Start:h.End], c.passage) || strings.Contains(strings.ToLower(c.text[h.Start:h.End]), "cảm") {
				t.Errorf("%q: unexpected hit %+v on %q", c.text, h, c.text[h.Start:h.End])
			}
		}
	}
}
