// Package generate writes a synthetic social-media scenario in the Takedown
// ingest format (NDJSON, version 1) together with its ground truth, for tests,
// demos and benchmarks of detection and prioritisation.
//
//	st, err := generate.Generate(bufio.NewWriter(f), truthFile, generate.Options{Accounts: 100_000, Seed: 1})
//
// # Determinism and scale
//
// The output is a function of Options alone: one math/rand/v2 PCG stream
// seeded from Seed drives every choice, attributes of background accounts are
// derived from a hash of their index, and no Go map is iterated for output
// order, so equal options give byte-identical records and truth. Options.Now
// defaults to 2026-11-01T00:00:00Z for the same reason.
//
// Records are streamed: background accounts are written in blocks of 4096
// and referenced later only through their index, so memory does not grow with
// the number of background accounts. What is held in memory is the plan of the
// planted networks and decoys (about 2% of the accounts) and small rings of
// recent posts. Records are encoded by hand into a 256 KiB buffer; a million
// accounts (about 6.5 million records) take a few seconds.
//
// # Records
//
// Account ids are the platform prefix and the handle: "x:", "tt:" (tiktok),
// "ig:" (instagram), "fb:" (facebook), "yt:" (youtube), "tg:" (telegram).
// Pages are "fb:group/N", "fb:page/N", "tg:channel/NAME-or-N" and
// "yt:channel/UC…"; posts are "x:status/N", "tt:video/N", "ig:p/N",
// "fb:post/N", "yt:video/N", "tg:post/N" with N unique across the file. Every
// record a link or post names is written before it. Accounts that are removed
// or suspended carry an extra "removed_at" time. Contact links carry a
// "weight" (number of calls and messages) and a "source" naming the seized
// device; analysts' same_as links have source "analyst".
//
// Records per account is about 6.5 at large sizes (a little more for small
// scenarios, where the planted networks weigh more).
//
// # Background
//
// Most accounts are ordinary users spread over the six platforms, named in
// eleven naming cultures, posting about food, football, holidays, jobs and
// family in several languages, with follows (to popular accounts, to
// neighbours and at random), replies, reposts, mentions, Facebook groups,
// Telegram channels and YouTube channels with admins and members. Some posts
// carry identifiers that mean nothing: shops' landline numbers and WhatsApp
// links, links to very popular domains (sometimes with tracking parameters),
// the odd tip-jar wallet or fundraiser, and one hub number (a bank fraud
// helpline, +44 800 046 8520) mentioned or stored by a large share of
// accounts. A few background posts mention Calais ferries or Greek boat trips,
// and a few background users answer smugglers' adverts ("how much?") or follow
// and join network accounts and groups.
//
// # Smuggling networks
//
// There are 5 + Accounts/2500 networks, fewer if they would not fit in a
// quarter of the accounts with at least 4 member accounts each. Each sells one
// or two routes (Channel crossings from Calais, Dunkirk or France to the UK;
// Turkey to Greece; Libya to Italy; the Belarus border to Germany) in one to
// four of English, French, Arabic, Sorani (ckb), Kurmanji (kmr), Persian,
// Pashto, Albanian, Turkish, Vietnamese and Tigrinya, with prices in pounds,
// euros or dollars written with local currency words, separators and digit
// scripts, guarantees ("100% safe") and "no passport needed".
//
// Members are organisers, sellers and amplifiers across 2–5 platforms. They
// are tied by shared mobile numbers (GB, FR, DE, IT, GR, TR, IQ, IR, AF, AL,
// VN, ER, LY ranges that libphonenumber accepts as mobile) spelled in many ways
// ("+44 7400 123456", "07400123456", "0044 7400-123456", Arabic-Indic and
// Persian digits), WhatsApp links (wa.me/…, api.whatsapp.com/send?phone=…),
// Telegram links to their channels and accounts, PayPal handles, IBANs with
// valid check digits, wallet addresses (Bitcoin and TRON in base58check with
// valid checksums, Ethereum in lower case), e-mail addresses and reused image
// fingerprints in posts' media. About 60% of identifiers also appear as `uses`
// links (phones with their region); the rest appear only in bios and texts.
// Members co-administer groups and channels, follow each other, repost and
// answer each other's adverts, mention each other, and in many networks call
// each other (contact links from a seized device). Some networks also post in
// background groups.
//
// Re-emergence: in some networks a share of the organisers and sellers are
// removed or suspended at one moment; most of them come back as new accounts
// on the same platform, created 1–20 days later, reusing the same numbers and
// taking over the same groups. Successors are listed in the truth and some
// pairs carry an analyst's same_as link. Networks whose removals left them
// dormant have removed accounts without successors.
//
// # Expected tier
//
// Networks are ranked by a planned size, then split by share: top is the
// largest tenth (at least one), high the next fifth, medium the next three
// tenths, low the rest. The tier determines the network's shape:
//
//	tier    member accounts   platforms  activity
//	top     100–299           4–5        last post within 2 days of Now; ~40% of posts in the last 30 days;
//	                                     always has removed accounts with successors
//	high    30–99             3–4        last post within 14 days
//	medium  10–29             2–3        last post within 45 days, or dormant (35%)
//	low     4–9               2          last post within 60 days, or dormant (60%)
//
// Dormant means no post in the 90 days before Now (the last one is 95–270 days
// old); when there are medium or low networks, at least one is dormant. When the accounts are too few, sizes
// shrink in proportion, but a network of a higher tier is never smaller than
// one of a lower tier. Decoys have tier "none".
//
// # Decoys
//
// About one decoy group per two networks (at least one of each kind) talks
// about the same things without selling them, each a dense group with its own
// pages, follows and reposts:
//   - charity: refugee-support organisations and volunteers sharing one
//     helpline (UK 0808 or French 0 800), warning in many languages ("Do not
//     get in the boats", "smugglers lie", prices smugglers ask), with a
//     website, e-mail, PayPal donations and sometimes an IBAN;
//   - news: outlets and journalists reporting crossings with prices, a tip
//     line, e-mail and article URLs; journalists follow some sellers;
//   - travel_agency: flights and holidays with prices, "best price
//     guaranteed", London and Istanbul landlines and a WhatsApp number;
//   - community: diaspora centres (classes, legal advice, football, vigils for
//     those lost in the Channel) with a landline and a Telegram group.
//
// # Truth
//
// The truth is one JSON object (see Truth and Network for field names):
//
//	{"seed":1,"accounts":5000,"now":"2026-11-01T00:00:00Z","networks":[
//	  {"id":"net-0011","kind":"smuggling","size":171,"platforms":["x","tiktok",…],
//	   "expected_tier":"top","members":["tt:eurotransfer24",…,"tg:channel/eurotransfer_365"],
//	   "removed":["…"],"successors":{"tt:eurotransfer.uk":"tt:eurotransfer.uk_2"},
//	   "identifiers":["phone:+9647704955728","messaging:wa.me/9647704955728",
//	     "messaging:t.me/eurotransfer24","payment:paypal.me/eurotransfer123",
//	     "payment:GB29…","crypto:T…","email:…@gmail.com","url:https://…",
//	     "image_hash:phash:59a729c23b662c43"],
//	   "languages":["ar","ckb","fa"],"posts":1024,"recent_posts":410,
//	   "last_post_at":"2026-10-31T21:04:11Z","dormant":false}, …]}
//
// Network ids do not reveal kind or tier (networks and decoys are shuffled).
// Members are account ids then page ids; Size is their count. Identifiers are
// "kind:value" with the kinds of the ingest format, in normalised form: phones
// in E.164, WhatsApp as wa.me/DIGITS, Telegram as t.me/handle in lower case,
// IBANs compact, PayPal as paypal.me/handle in lower case, images as their
// phash. Only identifiers actually written somewhere in the members' records
// are listed. Languages are those the members actually wrote in.
package generate
