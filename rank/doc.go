// Package rank scores a cluster of accounts and pages for referral to the
// platforms, explains the score, and plans a takedown. It is made of pure
// functions over the values it is given: it reads no store, and it depends
// only on the standard library, golang.org/x/text and the domain types of
// package graph, so any package, the analysis pipeline included, can call
// it. An analysis pipeline builds one Input per cluster and calls Score.
//
// Networks that are large, active and on several platforms and that
// advertise crossings come first. A cluster that discusses crossings —
// refugee-support charities, journalists, lawyers — or sells ordinary
// travel must rank low: referring a charity to a platform does real harm.
//
// # Score
//
// Score computes eight factors, each normalised to [0, 1]:
//
//   - size: the distinct active actors, members whose status is not
//     removed or suspended (plus post authors the cluster does not list).
//     Normalised as ln(1+n)/ln(1+50), capped at 1.
//   - cross_platform: the distinct platforms of the active members, p.
//     Normalised as (p−1)/3, capped at 1: one platform 0, four or more 1.
//   - reach: the followers plus page members of the active members, R.
//     Normalised as log10(1+R)/6, capped at 1 (a million reaches 1).
//   - activity: posts in the 30 days (a30) and in the 90 days (a90) before
//     AsOf; posts after AsOf are ignored. With s(x) = min(1,
//     ln(1+x)/ln(31)), the level is 0.6·s(a30) + 0.4·s(a90/3). The trend
//     t = (a30−p)/(a30+p), where p = (a90−a30)/2 is the monthly rate of the
//     60 days before, lies in [−1, 1]; the factor is level·(1 + 0.25·t),
//     capped at 1. Raw is a30. (Posts dated after AsOf are left out of
//     every factor: scored as of a past date, a cluster is what it was then.)
//   - advert: the share a of the cluster's posts and bios that advertise a
//     crossing (a full advert counts 1, a partial one 0.5, see below), and
//     the share d of texts that discuss crossings. With the discussion ratio
//     r = d/(a+d) (0 when both are 0), the factor is
//     min(1, a/0.4)·(1−r)²: a cluster whose content is mostly discussion
//     has its advert factor driven to about 0. Raw is a.
//   - coordination: links explained by coordination, c = Σ(u−1) over strong
//     identifiers (phone, messaging, payment, crypto, e-mail;
//     graph.StrongIdent) shared by u ≥ 2 members, plus 0.25·Σ(u−1) over
//     shared weak identifiers (url, image hash), plus co-admin pairs, plus
//     0.5 × (repost pairs + contact pairs). Normalised as c/(m−1), capped at
//     1, for m listed members: 1 when coordination alone connects them all.
//   - reemergence: R members removed or suspended and S successors — active
//     members created (or, with no creation time, first seen) at or after a
//     removed member's last known activity (its latest post, creation or
//     first sighting) that use one of its strong identifiers or image
//     hashes. Normalised as 0.4·min(1, R/3) + 0.6·min(1, S/2). Raw is R+S.
//   - public_contacts: the distinct strong identifiers used by members and
//     seen in a bio or a post text (Identifier.Public), k. Normalised as
//     min(1, k/3).
//
// With configured weights w_i, each factor's effective weight is
// W_i = w_i/Σw and its contribution W_i·N_i; their sum is the base score.
// The discussion penalty, the factor advert_gate, multiplies the base by the
// gate G = floor + (1−floor)·min(1, advert/full), advert being the
// normalised advert factor: a cluster without adverts, or whose content is
// mostly discussion, keeps a fifth of its base score. It is reported as a
// factor with Raw G, Normalized 1−G, Weight −base and Contribution
// −base·(1−G), so that Contribution = Weight × Normalized holds for every
// factor and the contributions add up to Score exactly.
//
// Default weights (rank/weights.default.json):
//
//	size 0.18, cross_platform 0.15, reach 0.10, activity 0.20,
//	advert 0.12, coordination 0.09, reemergence 0.08, public_contacts 0.08
//
// Gate: floor 0.20, full 0.50. Tiers, by score: top ≥ 0.70, high ≥ 0.50,
// medium ≥ 0.30, low below. With the floor at 0.20 a cluster without
// adverts scores at most 0.20 × (1 − 0.12) = 0.176 and is always low.
//
// Result.Advert is true when the cluster has at least one full advert and
// its advert factor is at least 0.10.
//
// Evidence lists up to MaxEvidence texts with hits — full adverts first,
// then partial adverts, then discussion, then the rest, each by the number
// of categories hit, then newest — and up to MaxEvidence identifiers,
// strong ones first, then by users and publicity. Bios appear with Bio set
// and an empty PostID.
//
// # Adverts and discussion
//
// Each post text and bio is matched against the lexicon. A text with a
// warning, news, legal or helpline hit is discussion and never an advert,
// whatever else it contains ("smugglers ask £3,000 ... it is never 100%
// safe"). Otherwise, among route, price, guarantee and no_papers, let o be
// the number of categories hit:
//
//   - a text with a travel hit (flights, hotels, tourist visas, ferries) and
//     no no_papers hit is legitimate travel, not an advert;
//   - a text with neither a route nor a no_papers hit is not an advert;
//   - a full advert has a booking hit and o ≥ 2 ("Calais to the UK, £2,500,
//     WhatsApp ...");
//   - a partial advert (0.5) has o ≥ 2, or a booking hit and o ≥ 1 (a bio
//     "UK trips every week, DM"; a testimonial "arrived in the UK, trust
//     only +44...").
//
// Classify applies these rules to a list of hits.
//
// # Lexicon
//
// The lexicon is one file per language, embedded from rank/lexicon:
// English (en), French (fr), Arabic (ar), Central Kurdish or Sorani (ckb,
// Arabic script), Northern Kurdish or Kurmanji (kmr, Latin script), Persian
// (fa), Pashto (ps), Albanian (sq), Turkish (tr), Vietnamese (vi),
// Tigrinya (ti), and mul for language-neutral entries (currency symbols and
// codes, messaging applications). Each line is "category<TAB>phrase";
// blank lines and lines starting with "#" are ignored. Categories are
// those of hits — route, price, guarantee, no_papers, booking, warning,
// news, legal, helpline, and travel (legitimate travel, a counter-signal)
// — plus two used only by the price matcher: currency (a currency word or
// symbol) and multiplier (a word such as "k", "bin" or "هزار" between an
// amount and its currency).
//
// LoadLexicon(dir) loads the LANG.txt files of a directory over the
// embedded ones: a file replaces the embedded file of its language, a new
// language is added, an empty file removes a language.
//
// Matching works on a normalised copy of the text (Normalize): NFKD
// decomposition with nonspacing marks dropped (accents, Arabic harakat),
// lower case (with the Turkish dotless ı, đ, ł and ø folded to i, d, l, o),
// Arabic-script variants unified (ي ى ی ې ۍ ێ → ي; ك → ک; ة ە ھ ہ → ه;
// hamza forms and ٱ → ا, و, ي; Kurdish ۆ ڕ ڵ → و ر ل; Pashto ګ → گ),
// tatweel, zero-width and direction characters removed, digits of every
// script (Arabic-Indic, Persian, Devanagari...) turned into ASCII digits,
// Arabic percent and separators into % . , and runs of white space into one
// space. An offset map keeps, for every byte of the normalised text, the
// span of the original that produced it, so each Hit's Start and End are
// byte offsets into the original text: text[Start:End] is the passage to
// highlight, marks included.
//
// A phrase in a space-separated script (Latin, Greek, Cyrillic, digits)
// must start and end at word boundaries: "uk" does not match "Ukraine".
// Phrases in Arabic and Ge'ez script may be attached to clitics ("لإيطاليا",
// "وبدون جواز"). In the file, a phrase starting or ending with "*" may
// continue inside a word on that side ("guarant*" matches "guaranteed"),
// and one starting or ending with "|" must be at a word boundary on that
// side even in Arabic script ("|امن|"). A hit inside a longer hit of the
// same category is dropped. A phrase found in several languages' files is
// given the language the text's other hits point to.
//
// Two pattern matchers complete the lexicon. The price matcher finds an
// amount (digits in any script, with thousands groups, decimals or a "k")
// next to a currency entry on either side, with at most one space and one
// multiplier word between them: "£2,500", "2 500 €", "٢٥٠٠ يورو",
// "۳ هزار یورو". Its hits have the phrase "<price>" and the currency's
// language. The contact matcher finds booking contacts: phone numbers (8 to
// 15 digits starting with + or 0, or 10 or more digits), messaging links
// (wa.me, t.me ...), e-mail addresses and @handles, with the phrases
// "<phone>", "<messaging link>", "<email>" and "<handle>" and the language
// mul.
//
// # Configuration
//
// DefaultConfig returns the embedded weights, tiers, gate and lexicon.
// LoadConfig reads a JSON file in the format of rank/weights.default.json:
//
//	{
//	  "weights": {"size": 0.18, "advert": 0.12, ...},
//	  "tiers":   {"top": 0.70, "high": 0.50, "medium": 0.30},
//	  "gate":    {"floor": 0.20, "full": 0.50},
//	  "lexicon": "path/to/lexicon/dir"
//	}
//
// Every part is optional and overrides the defaults; a weight not listed
// keeps its default. Weights need not sum to 1 (they are divided by their
// sum). The lexicon directory, relative to the JSON file, is loaded with
// LoadLexicon. Unknown fields or factor names, negative weights, tiers not
// ordered 0 ≤ medium ≤ high ≤ top ≤ 1 and a gate outside 0 ≤ floor ≤ 1,
// full > 0 are errors.
//
// # Takedown plan
//
// Plan takes a cluster's evidence graph (node ids, undirected edges,
// followers per node) and a budget k, and recommends the k nodes whose
// removal most fragments it, by greedy critical-node selection: each step
// removes the node that leaves the smallest largest connected component;
// ties go to the smallest remaining reach — the followers of the nodes still
// in components of two nodes or more — then to the smallest id. Edge weights
// are not used. The plan stops early once no component of two nodes is
// left. Each step reports the removed node and the largest component and
// remaining reach before and after it. Without followers (reach nil) every
// node counts 1 and ties among removals that split nothing go by id; in a
// dense network, passing each node's degree as its reach makes those ties go
// to the best-connected node. Replay reports a given removal order the same
// way, to compare a plan with what was done.
//
// On the JJATT Bali 2002 network (27 people, 158 ties), replaying the 18
// recorded arrests in date order leaves a largest component of 16 after the
// 11 arrests of 2002 and of 9 after all 18: each arrest removed one person
// without splitting the network. The greedy plan with the same budgets
// leaves 15 and 5 with uniform reach, and 5 and 2 with degrees as reach.
//
// IdentifiersToFlag lists the identifiers (phones, messaging and payment
// handles...) that the removed accounts used, with the users left holding
// them: they outlive the accounts and let the network regrow, so the plan
// names them for the platforms (PlanResult.Flag).
package rank
