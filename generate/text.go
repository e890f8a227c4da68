package generate

// Languages of the scenario's texts.
const (
	langEN = iota
	langFR
	langAR
	langCKB // Central Kurdish (Sorani), Arabic script
	langKMR // Northern Kurdish (Kurmanji), Latin script
	langFA
	langPS
	langSQ
	langTR
	langVI
	langTI
	nLangs
)

var langCodes = [nLangs]string{"en", "fr", "ar", "ckb", "kmr", "fa", "ps", "sq", "tr", "vi", "ti"}

// Places named in adverts, warnings and news, per language.
const (
	plCalais = iota
	plDunkirk
	plLibya
	plTurkey
	plIzmir
	plBelarus
	plFrance
	plUK
	plItaly
	plGreece
	plGermany
	nPlaces
)

var placeNames = [nPlaces][nLangs]string{
	plCalais:  {"Calais", "Calais", "كاليه", "کالێ", "Calais", "کاله", "کاله", "Kale", "Calais", "Calais", "ካሌ"},
	plDunkirk: {"Dunkirk", "Dunkerque", "دنكيرك", "دەنکرک", "Dunkirk", "دانکرک", "ډنکرک", "Dunkerk", "Dunkirk", "Dunkirk", "ዳንኪርክ"},
	plLibya:   {"Libya", "la Libye", "ليبيا", "لیبیا", "Lîbya", "لیبی", "لیبیا", "Libia", "Libya", "Libya", "ሊብያ"},
	plTurkey:  {"Turkey", "la Turquie", "تركيا", "تورکیا", "Tirkiye", "ترکیه", "ترکیه", "Turqia", "Türkiye", "Thổ Nhĩ Kỳ", "ቱርኪ"},
	plIzmir:   {"Izmir", "Izmir", "إزمير", "ئیزمیر", "Îzmîr", "ازمیر", "ازمیر", "Izmir", "İzmir", "Izmir", "ኢዝሚር"},
	plBelarus: {"the Belarus border", "la frontière biélorusse", "حدود بيلاروسيا", "سنووری بیلاڕووسیا", "sînorê Belarûsê", "مرز بلاروس", "د بیلاروس پوله", "kufiri i Bjellorusisë", "Belarus sınırı", "biên giới Belarus", "ዶብ ቤላሩስ"},
	plFrance:  {"France", "la France", "فرنسا", "فەڕەنسا", "Fransa", "فرانسه", "فرانسه", "Franca", "Fransa", "Pháp", "ፈረንሳ"},
	plUK:      {"the UK", "l'Angleterre", "بريطانيا", "بەریتانیا", "Brîtanya", "انگلیس", "انګلستان", "Angli", "İngiltere", "Anh", "እንግሊዝ"},
	plItaly:   {"Italy", "l'Italie", "إيطاليا", "ئیتاڵیا", "Îtalya", "ایتالیا", "ایټالیا", "Itali", "İtalya", "Ý", "ኢጣልያ"},
	plGreece:  {"Greece", "la Grèce", "اليونان", "یۆنان", "Yewnanistan", "یونان", "یونان", "Greqi", "Yunanistan", "Hy Lạp", "ግሪኽ"},
	plGermany: {"Germany", "l'Allemagne", "ألمانيا", "ئەڵمانیا", "Almanya", "آلمان", "آلمان", "Gjermani", "Almanya", "Đức", "ጀርመን"},
}

// Routes a smuggling network sells.
const (
	routeChannel    = iota // France to the UK, by small boat or lorry
	routeAegean            // Turkey to Greece
	routeCentralMed        // Libya to Italy
	routeBelarus           // Belarus border to Germany
	nRoutes
)

type route struct {
	name     string
	from     []int
	to       int
	minPrice int
	maxPrice int
	currency []int
	langs    []int
	phones   []string // regions whose numbers the route's sellers use
}

const (
	curGBP = iota
	curEUR
	curUSD
)

var routes = [nRoutes]route{
	routeChannel: {name: "channel", from: []int{plCalais, plDunkirk, plFrance}, to: plUK, minPrice: 1500, maxPrice: 7000,
		currency: []int{curGBP, curGBP, curEUR}, langs: []int{langCKB, langKMR, langAR, langFA, langPS, langSQ, langVI, langEN, langTI, langFR},
		phones: []string{"GB", "FR", "IQ", "DE"}},
	routeAegean: {name: "aegean", from: []int{plTurkey, plIzmir}, to: plGreece, minPrice: 800, maxPrice: 3500,
		currency: []int{curEUR, curUSD}, langs: []int{langAR, langFA, langPS, langTR, langKMR, langEN},
		phones: []string{"TR", "GR", "IR", "AF"}},
	routeCentralMed: {name: "central_med", from: []int{plLibya}, to: plItaly, minPrice: 1500, maxPrice: 5000,
		currency: []int{curUSD, curEUR}, langs: []int{langAR, langTI, langFR, langEN},
		phones: []string{"LY", "IT", "ER"}},
	routeBelarus: {name: "belarus", from: []int{plBelarus}, to: plGermany, minPrice: 3000, maxPrice: 12000,
		currency: []int{curUSD, curEUR}, langs: []int{langCKB, langKMR, langAR, langFA, langEN},
		phones: []string{"IQ", "DE", "TR"}},
}

// langPhone is the country whose numbers speakers of a language often use.
var langPhone = [nLangs]string{"GB", "FR", "IQ", "IQ", "TR", "IR", "AF", "AL", "TR", "VN", "ER"}

// Currency words per language, "%" standing for the amount.
var currencyForms = [3][nLangs][]string{
	curGBP: {
		{"£%", "% £", "% GBP"}, {"% livres", "% £"}, {"% باوند", "% جنيه إسترليني"}, {"% پاوەند"}, {"% pound", "£%"},
		{"% پوند"}, {"% پونډه"}, {"% paund", "£%"}, {"% sterlin", "% £"}, {"% bảng", "£%"}, {"% ፓውንድ"},
	},
	curEUR: {
		{"€%", "% euro", "% EUR"}, {"% €", "% euros"}, {"% يورو"}, {"% یۆرۆ"}, {"% euro"},
		{"% یورو"}, {"% یورو"}, {"% euro", "% €"}, {"% euro", "% €"}, {"% euro"}, {"% ዩሮ"},
	},
	curUSD: {
		{"$%", "% USD"}, {"% dollars", "% $"}, {"% دولار"}, {"% دۆلار"}, {"% dolar"},
		{"% دلار"}, {"% ډالره"}, {"% dollarë"}, {"% dolar", "% $"}, {"% đô"}, {"% ዶላር"},
	},
}

// Advert templates: {f} departure, {t} destination, {p} price, {c} contact.
var advertTemplates = [nLangs][]string{
	langEN: {
		"Boat from {f} to {t} this week 🚤 {p} per person. 100% safe, no passport needed. WhatsApp {c}",
		"Guaranteed trip to {t} from {f}, {p}. Kids half price. No papers needed. Call {c}",
		"New dates! {f} → {t}, {p}, big boat, good engine, guaranteed arrival. Book now {c}",
		"Lorry to {t} from {f}, {p}, safe and fast, no documents needed. Contact {c}",
		"Taxi + boat {f} to {t}. Price {p}. Only serious people. Telegram {c}",
	},
	langFR: {
		"Passage de {f} vers {t} cette semaine, {p} par personne. 100% sûr, sans papiers. WhatsApp {c}",
		"Bateau pour {t} garanti, départ de {f}, {p}. Pas besoin de passeport. Appelez {c}",
		"Nouveau départ {f} → {t}, {p}, arrivée garantie. Réservez au {c}",
		"Camion pour {t} depuis {f}, {p}, rapide et sûr. Contact {c}",
	},
	langAR: {
		"رحلة من {f} إلى {t} هذا الأسبوع، السعر {p} للشخص. مضمونة ١٠٠٪ وبدون جواز سفر. واتساب {c}",
		"قارب كبير ومحرك جديد من {f} إلى {t}، {p}. الوصول مضمون. للحجز {c}",
		"طريق آمن إلى {t} بدون أوراق، الانطلاق من {f}، {p}. تواصل {c}",
		"مواعيد جديدة {f} ← {t}، {p}، الأطفال نصف السعر. للتواصل {c}",
	},
	langCKB: {
		"گەشت لە {f} بۆ {t} ئەم هەفتەیە، نرخ {p}. ١٠٠٪ گەرەنتی، پێویست بە پاسپۆرت ناکات. وەتسئاپ {c}",
		"بەلەمی گەورە لە {f} بۆ {t}، {p}. گەیشتن گەرەنتییە. پەیوەندی بکە {c}",
		"ڕێگای سەلامەت بۆ {t} بێ بەڵگەنامە، {p}. تەلەگرام {c}",
	},
	langKMR: {
		"Rêwîtî ji {f} bo {t} vê hefteyê, biha {p}. 100% garantî, pasaport ne pêwîst e. WhatsApp {c}",
		"Qeyika mezin ji {f} ber bi {t}, {p}. Gihîştin garantî ye. Têkilî {c}",
		"Rêya ewle bo {t} bê belge, {p}. Telegram {c}",
	},
	langFA: {
		"سفر از {f} به {t} این هفته، قیمت {p} برای هر نفر. ۱۰۰٪ تضمینی، بدون پاسپورت. واتساپ {c}",
		"قایق بزرگ با موتور نو از {f} به {t}، {p}. رسیدن تضمینی. تماس {c}",
		"راه امن به {t} بدون مدرک، حرکت از {f}، {p}. تلگرام {c}",
	},
	langPS: {
		"له {f} څخه {t} ته سفر، بیه {p}. سل په سلو کې تضمین، پاسپورټ ته اړتیا نشته. واټساپ {c}",
		"خوندي لاره {t} ته، {p}، له {f} څخه. اړیکه {c}",
	},
	langSQ: {
		"Udhëtim nga {f} për në {t} këtë javë, çmimi {p}. 100% e sigurt, pa pasaportë. WhatsApp {c}",
		"Me gomone nga {f} në {t}, {p}. Mbërritje e garantuar. Kontakt {c}",
		"Pa letra për në {t}, {p}, nisja nga {f}. Telegram {c}",
	},
	langTR: {
		"{f} çıkışlı {t} geçişi, kişi başı {p}. %100 güvenli, garantili. Pasaport gerekmez. WhatsApp {c}",
		"Yeni sefer: {f} → {t}, {p}, büyük tekne. İletişim {c}",
		"{t} yolculuğu, belge gerekmez, {p}. Telegram {c}",
	},
	langVI: {
		"Đi {t} từ {f} tuần này, giá {p}. Bao an toàn 100%, không cần hộ chiếu. Liên hệ {c}",
		"Xe sang {t} từ {f}, {p}, đảm bảo đến nơi. Zalo/WhatsApp {c}",
		"Đi {t} không cần giấy tờ, {p}, xuất phát {f}. Gọi {c}",
	},
	langTI: {
		"ጉዕዞ ካብ {f} ናብ {t}፣ ዋጋ {p}። 100% ውሑስ፣ ፓስፖርት ኣየድልን። ርክብ {c}",
		"ብጀልባ ካብ {f} ናብ {t}፣ {p}። ምብጻሕ ውሑስ እዩ። ቴሌግራም {c}",
	},
}

// Testimonials posted by networks: {t} destination, {c} contact.
var testimonialTemplates = [nLangs][]string{
	langEN:  {"Arrived in {t} today, thank you brother 🙏 Trust only {c}", "Another group arrived safely ✅✅ Next trip soon, {c}"},
	langFR:  {"Bien arrivés en {t} aujourd'hui, merci frère 🙏 {c}", "Encore un groupe arrivé ✅ Prochain départ bientôt {c}"},
	langAR:  {"وصلنا إلى {t} اليوم الحمد لله، شكراً أخي 🙏 {c}", "وصلت مجموعة جديدة بأمان ✅ الرحلة القادمة قريباً {c}"},
	langCKB: {"ئەمڕۆ گەیشتینە {t}، سوپاس برا 🙏 {c}"},
	langKMR: {"Îro gihîştin {t}, spas bira 🙏 {c}"},
	langFA:  {"امروز رسیدیم {t}، ممنون برادر 🙏 {c}"},
	langPS:  {"نن ورځ {t} ته ورسیدو، مننه ورور 🙏 {c}"},
	langSQ:  {"Mbërritëm sot në {t}, faleminderit vëlla 🙏 {c}"},
	langTR:  {"Bugün {t} vardık, sağ ol kardeşim 🙏 {c}"},
	langVI:  {"Hôm nay đã đến {t}, cảm ơn anh 🙏 {c}"},
	langTI:  {"ሎሚ {t} በጺሕና፣ የቐንየለይ ሓወይ 🙏 {c}"},
}

// Bios of network accounts: {t} destination, {c} contact.
var netBioTemplates = [nLangs][]string{
	langEN:  {"Travel to {t} safe & fast | WhatsApp {c}", "Help with travel to Europe. Serious only. {c}", "🚤 {t} trips every week. DM or {c}"},
	langFR:  {"Voyages vers {t} | {c}", "Aide pour voyager en Europe, sérieux uniquement {c}"},
	langAR:  {"سفر إلى أوروبا بأمان | واتساب {c}", "رحلات أسبوعية إلى {t} {c}"},
	langCKB: {"گەشت بۆ ئەوروپا | {c}"},
	langKMR: {"Rêwîtî bo Ewropayê | {c}"},
	langFA:  {"سفر امن به اروپا | {c}"},
	langPS:  {"اروپا ته خوندي سفر | {c}"},
	langSQ:  {"Udhëtime për në {t} | {c}"},
	langTR:  {"Avrupa'ya güvenli yolculuk | {c}"},
	langVI:  {"Đi châu Âu an toàn | {c}"},
	langTI:  {"ጉዕዞ ናብ ኤውሮጳ | {c}"},
}

// Short replies by members under their own network's adverts.
var memberReplies = []string{
	"Inbox 📩", "DM sent", "Places left this week ✅", "Available, contact", "✅✅", "راسلني خاص", "پیام خصوصی بدید",
	"نامە بنێرە", "Peyamê bişîne", "Inbox em nhé", "Shkruaj në privat", "Özelden yaz", "Booked, thank you",
}

// Short replies under adverts by people asking.
var advertReplies = []string{
	"Still available?", "Price for a family of 4?", "DM sent", "Inbox", "✅✅", "Booked, thank you",
	"كم السعر؟", "وين الموعد؟", "چند؟", "کەی؟", "Kengê?", "Sa kushton?", "Ne zaman?", "Bao nhiêu?", "Is it safe for kids?",
}

// ---- decoys ----

// Charity warnings: {f} place, {p} price, {c} helpline.
var charityTemplates = [nLangs][]string{
	langEN: {
		"Do not get in the boats. Smugglers lie about safety. If you need help call our free helpline {c}",
		"Warning: smugglers lie. Crossings from {f} have killed people this year. Free confidential advice: {c}",
		"Smugglers ask {p} for a place in an overcrowded dinghy. It is never '100% safe'. Talk to us first: {c}",
		"Our volunteers in {f} are handing out food and blankets tonight. Helpline {c}",
	},
	langFR:  {"Ne montez pas dans les bateaux. Les passeurs mentent. Aide gratuite : {c}", "Attention : les passeurs mentent, la traversée depuis {f} tue. Conseils gratuits {c}"},
	langAR:  {"لا تركبوا القوارب. المهربون يكذبون. للمساعدة المجانية اتصلوا {c}", "تحذير: المهربون يطلبون {p} ويكذبون بشأن الأمان. خط المساعدة {c}"},
	langCKB: {"سوار بەلەم مەبن. قاچاخچییەکان درۆ دەکەن. هێڵی یارمەتی {c}"},
	langKMR: {"Nekevin qeyikan. Qaçaxçî derewan dikin. Alîkarî: {c}"},
	langFA:  {"سوار قایق نشوید. قاچاقچیان دروغ می‌گویند. خط کمک رایگان {c}"},
	langPS:  {"کښتۍ ته مه ورځئ. قاچاقبر دروغ وايي. وړیا مرسته {c}"},
	langSQ:  {"Mos hipni në gomone. Trafikantët gënjejnë. Ndihmë falas {c}"},
	langTR:  {"Botlara binmeyin. Kaçakçılar yalan söylüyor. Ücretsiz yardım hattı {c}"},
	langVI:  {"Đừng lên thuyền. Bọn buôn người nói dối. Đường dây hỗ trợ miễn phí {c}"},
	langTI:  {"ናብ ጀልባ ኣይትእተዉ። ኮንትሮባንዲስታት ይሕስዉ። ሓገዝ {c}"},
}

// News reports: {f} place, {p} price, {n} a number, {c} tip line.
var newsTemplates = [nLangs][]string{
	langEN: {
		"Smugglers are charging up to {p} per person for a Channel crossing from {f}, our investigation found.",
		"{n} people reached the UK by small boat yesterday, official figures show.",
		"Police in {f} dismantle a network that advertised crossings on social media at {p} a seat.",
		"'They said it was 100% safe': survivors describe the crossing from {f}. Share your story: {c}",
		"Court hears smugglers promised 'no passport needed' trips for {p}.",
	},
	langFR:  {"Les passeurs demandent jusqu'à {p} pour une traversée de la Manche depuis {f}, selon notre enquête.", "{n} personnes ont traversé la Manche hier, selon les chiffres officiels."},
	langAR:  {"المهربون يطلبون ما يصل إلى {p} للشخص مقابل العبور من {f}، بحسب تحقيقنا.", "وصول {n} شخصاً إلى بريطانيا بالقوارب الصغيرة أمس."},
	langFA:  {"قاچاقچیان برای عبور از {f} تا {p} می‌گیرند، طبق تحقیق ما."},
	langTR:  {"Kaçakçılar {f} çıkışlı geçiş için kişi başı {p} istiyor, araştırmamız ortaya koydu."},
	langCKB: {"قاچاخچییەکان تا {p} وەردەگرن بۆ پەڕینەوە لە {f}، بەپێی لێکۆڵینەوەکەمان."},
}

// Travel agency offers: {p} price, {c} contact.
var travelTemplates = []struct {
	lang int
	text string
}{
	{langEN, "Flights London–Istanbul from {p}, call {c}"},
	{langEN, "Erbil–Istanbul–London flights from {p}. Visa support, all documents checked. WhatsApp {c}"},
	{langEN, "Summer deals: Antalya 7 nights from {p} per person. Best price guaranteed! Book: {c}"},
	{langEN, "Family trip to Greece, ferry + hotel from {p}. 100% refund if cancelled. {c}"},
	{langTR, "İstanbul–Londra uçuşları {p}'dan başlayan fiyatlarla. Bilgi: {c}"},
	{langAR, "رحلات طيران أربيل–إسطنبول ابتداءً من {p}. للحجز {c}"},
	{langCKB, "گەشتی فڕۆکە هەولێر–ئەستەنبوڵ لە {p}. {c}"},
	{langFA, "بلیط هواپیما تهران–استانبول از {p}. تماس {c}"},
}

// Community posts: {f} place, {c} contact.
var communityTemplates = []struct {
	lang int
	text string
}{
	{langEN, "Kurdish community centre: free ESOL classes every Tuesday. Info {c}"},
	{langEN, "Vigil tonight in {f} for those lost in the Channel. 🕯️"},
	{langEN, "Eritrean community football tournament this Saturday ⚽ Join our group {c}"},
	{langEN, "Afghan families: free legal advice session on asylum claims. Call {c}"},
	{langEN, "Lost contact with a relative after a crossing? A family tracing service can help, ask us: {c}"},
	{langAR, "مركز الجالية: دروس لغة إنجليزية مجانية كل ثلاثاء. للاستفسار {c}"},
	{langCKB, "ناوەندی کۆمەڵگای کوردی: وانەی ئینگلیزی هەموو سێشەممەیەک. {c}"},
	{langKMR, "Navenda civaka kurd: dersên îngilîzî her sêşemê. {c}"},
	{langTI, "ማሕበረሰብ ኤርትራ፡ ውድድር ኩዕሶ እግሪ ቀዳም። ርክብ {c}"},
	{langFA, "جلسه رایگان مشاوره حقوقی برای خانواده‌های افغان. تماس {c}"},
	{langPS, "د افغان کورنیو لپاره وړیا حقوقي مشوره. اړیکه {c}"},
}

// ---- background ----

var (
	foods  = []string{"pizza", "kebab", "biryani", "pho", "sushi", "burger", "curry", "baklava", "falafel", "tacos", "fish and chips", "dolma"}
	cities = []string{"London", "Manchester", "Birmingham", "Leeds", "Glasgow", "Bristol", "Paris", "Lyon", "Berlin", "Hamburg", "Istanbul", "Milan", "Rome", "Brussels"}
	spots  = []string{"Santorini", "Cappadocia", "the Lake District", "Barcelona", "Dubrovnik", "Lisbon", "Amalfi", "Cornwall", "Edinburgh", "Antalya", "Ha Long Bay", "Tirana"}
	teams  = []string{"Arsenal", "Liverpool", "Man City", "Chelsea", "Galatasaray", "Fenerbahçe", "PSG", "Marseille", "Bayern", "Juventus", "Real Madrid", "Barcelona"}
	jobs   = []string{"delivery driver", "barber", "chef", "warehouse operative", "care assistant", "cleaner", "carpenter", "waiter"}
	days   = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
)

// Everyday posts: {a} food, {b} city, {s} spot, {m} team, {j} job, {d} day.
var everydayTemplates = [nLangs][]string{
	langEN: {
		"Best {a} in {b} tonight 😋", "What a match! {m} deserved that win ⚽", "Sunset in {s} 🌅 #travel",
		"We're hiring: {j} in {b}. DM for details", "Rainy {d} again in {b} ☔", "Happy birthday to my little sister ❤️",
		"Lovely holiday in {s}, highly recommend!", "Anyone know a good mechanic in {b}?", "Booked flights to Istanbul for the summer ✈️",
		"Boat trip around {s} was amazing 🚤", "Ferry from Calais to Dover this morning, smooth crossing ⛴️", "Homemade {a} for the family today",
		"Can't believe {m} lost again 🤦", "First day at my new job as a {j}!", "Looking for a room in {b}, any leads?",
	},
	langFR:  {"Meilleur {a} de {b} ce soir 😋", "Quel match ! Allez {m} ⚽", "Coucher de soleil à {s} 🌅", "On recrute : {j} à {b}, envoyez vos CV", "Encore la pluie ce {d} à {b}"},
	langAR:  {"أطيب أكلة الليلة 😋", "مباراة رائعة! مبروك {m} ⚽", "غروب الشمس في {s} 🌅", "مطلوب عامل في {b}، للتواصل بالخاص", "عيد ميلاد سعيد يا أمي ❤️"},
	langCKB: {"خواردنی خۆش ئەمشەو 😋", "یارییەکی نایاب! {m} ⚽", "خۆرئاوابوون لە {s} 🌅", "ڕۆژی هەینی خۆش بێت"},
	langKMR: {"Xwarina xweş îşev 😋", "Lîstikeke xweş! {m} ⚽", "Rojava li {s} 🌅", "Roja te pîroz be dayê ❤️"},
	langFA:  {"شام امشب خیلی خوشمزه بود 😋", "چه بازی‌ای! آفرین {m} ⚽", "غروب در {s} 🌅", "استخدام کارگر در {b}"},
	langPS:  {"نن شپه ډېر خوندور خواړه 😋", "ښه لوبه! {m} ⚽", "د {s} لمر لوېده 🌅"},
	langSQ:  {"Darka më e mirë sonte 😋", "Çfarë ndeshje! Forca {m} ⚽", "Perëndimi i diellit në {s} 🌅", "Kërkojmë punëtor në {b}"},
	langTR:  {"Bu akşam {a} keyfi 😋", "Harika maç! Helal olsun {m} ⚽", "{s} gün batımı 🌅", "Eleman aranıyor: {b}", "Yaz tatili için bilet aldık ✈️"},
	langVI:  {"Tối nay ăn {a} ngon quá 😋", "Trận đấu tuyệt vời! {m} ⚽", "Hoàng hôn ở {s} 🌅", "Tuyển nhân viên tại {b}, inbox nhé"},
	langTI:  {"ጽቡቕ ምግቢ ሎሚ ምሸት 😋", "ጽቡቕ ጸወታ! {m} ⚽", "ዕለተ ልደት ብሩኽ ❤️"},
}

var everydayReplies = []string{
	"Congrats! 🎉", "Looks delicious 😍", "Where is this?", "😂😂", "So true", "Miss you!", "Amazing 🔥", "Thanks for sharing",
	"👏👏", "Agreed", "مبروك", "Bravo !", "Çok güzel", "Tuyệt vời", "Pîroz be",
}

var bgBios = [nLangs][]string{
	langEN:  {"Living in {b} | {m} fan", "Coffee, football and travel", "Dad. {j}. {m} till I die", "Food lover 🍕 {b}", "Photographer based in {b}"},
	langFR:  {"Paris ❤️ {m}", "Cuisine et voyages"},
	langAR:  {"الحمد لله دائماً", "{m} ❤️"},
	langCKB: {"کوردستان ❤️"},
	langKMR: {"Kurdistan ❤️ {m}"},
	langFA:  {"عاشق سفر و عکاسی"},
	langPS:  {"افغانستان ❤️"},
	langSQ:  {"Shqipëri ❤️ {m}"},
	langTR:  {"{m} ❤️ {b}"},
	langVI:  {"Yêu đời ❤️ {b}"},
	langTI:  {"ኤርትራ ❤️"},
}

// Names of people by culture, as Latin handles and display names.
var nameCultures = []struct {
	lang  int
	first []string
	last  []string
}{
	{langEN, []string{"james", "oliver", "harry", "jack", "george", "sophie", "emily", "olivia", "amelia", "jessica", "daniel", "thomas", "chloe", "lucy", "ryan", "megan"},
		[]string{"smith", "jones", "taylor", "brown", "williams", "wilson", "evans", "walker", "wright", "robinson", "thompson", "hughes", "clarke", "hall"}},
	{langFR, []string{"lucas", "hugo", "louis", "camille", "manon", "lea", "chloe", "jules", "ines", "theo"},
		[]string{"martin", "bernard", "dubois", "thomas", "robert", "richard", "petit", "durand", "leroy", "moreau"}},
	{langAR, []string{"mohammed", "ahmed", "omar", "youssef", "fatima", "aisha", "mariam", "khaled", "hassan", "layla"},
		[]string{"alali", "hassan", "ibrahim", "mansour", "haddad", "saleh", "nasser", "khalil", "aziz"}},
	{langTR, []string{"mehmet", "mustafa", "emre", "burak", "elif", "zeynep", "ayse", "can", "deniz", "selin"},
		[]string{"yilmaz", "kaya", "demir", "sahin", "celik", "yildiz", "aydin", "ozturk", "arslan"}},
	{langFA, []string{"reza", "ali", "sara", "maryam", "hossein", "neda", "amir", "shirin", "dariush"},
		[]string{"rezaei", "mohammadi", "hosseini", "karimi", "ahmadi", "jafari", "rahimi", "moradi"}},
	{langVI, []string{"minh", "anh", "linh", "huong", "tuan", "thao", "duc", "lan", "hieu"},
		[]string{"nguyen", "tran", "le", "pham", "hoang", "phan", "vu", "dang", "bui"}},
	{langSQ, []string{"arben", "besnik", "elira", "dritan", "ermal", "jonida", "klodian", "mirela", "genti"},
		[]string{"hoxha", "shehu", "dervishi", "gashi", "krasniqi", "berisha", "leka", "cela"}},
	{langKMR, []string{"rojda", "baran", "berfin", "delal", "azad", "hevi", "serhat", "zilan"},
		[]string{"bozkurt", "zana", "amed", "botan", "cudi", "dersim"}},
	{langCKB, []string{"karwan", "shilan", "hawre", "dilan", "rebwar", "nask", "aram", "shadan"},
		[]string{"abdullah", "rasul", "kareem", "salih", "othman", "mahmood"}},
	{langPS, []string{"ahmad", "wahid", "farhad", "zarmina", "nasrin", "gul", "jawad", "hamid"},
		[]string{"khan", "ahmadzai", "popal", "safi", "wardak", "noori"}},
	{langTI, []string{"yonas", "senait", "merhawi", "helen", "dawit", "selam", "tesfay", "rahel"},
		[]string{"tesfamariam", "gebre", "haile", "kidane", "berhane", "weldu"}},
}
