// Package ident normalises and extracts the identifiers that tie accounts,
// pages and posts together: phone numbers, emails, URLs, messaging links,
// payment handles, crypto wallet addresses and image fingerprints.
//
// Everything here is a pure function of its arguments, safe for concurrent
// use. Normalize canonicalises one declared identifier (an ingest "uses"
// link), Extract finds identifiers in free text (bios, names, post text),
// Candidates turns an investigator's search string into the identifiers to
// look up, and Handle canonicalises platform handles.
//
// # Canonical values
//
// Two spellings of one identifier normalise to one value:
//
//	phone       E.164: +447700900123
//	email       trimmed, lower-case: someone@example.com
//	url         https://host[:port]/path[?query]
//	messaging   wa.me/447700900123, t.me/username, t.me/+InviteCode,
//	            chat.whatsapp.com/Code, signal.me/#p/+447700900123, m.me/name
//	payment     paypal.me/name, revolut.me/name, cash.app/$tag, or an IBAN
//	            (GB82WEST12345698765432)
//	crypto      the address; bech32 and Ethereum addresses lower-case
//	image_hash  phash: and 16 lower-case hex digits
//
// URLs always carry a scheme; http and https are one scheme, written https.
// The host is lower-case, without "www." and "m." and with platform aliases
// applied (twitter.com is x.com, fb.com is facebook.com, telegram.me is
// t.me); the ports 80 and 443, the fragment, user info, tracking parameters
// (utm_*, fbclid, gclid, igshid, igsh, si, mc_cid, mc_eid, ref_src, _ga,
// yclid, msclkid and a few more) and trailing slashes are removed; the
// remaining query parameters are sorted; percent escapes are normalised.
// The path keeps its case, except the handle segment on platforms whose
// handles are case-insensitive (x.com/Name, instagram.com/Name,
// tiktok.com/@Name, youtube.com/@Name, facebook.com/Name): post codes,
// video and channel ids and share codes there are case-sensitive, so only
// the handle is lower-cased. A URL on a messaging or payment service is
// that kind of identifier, not a URL, and its value has no scheme.
//
// # Phone validity
//
// Phones are parsed with github.com/nyaruka/phonenumbers after folding
// digits of any script to ASCII. Its metadata does not count the UK ranges
// reserved for drama and examples as valid (07700 900123 parses to
// +447700900123 but IsValidNumber is false), and it lags newly allocated
// ranges. So a declared phone (an identifier of kind phone, the number of a
// wa.me or signal.me link, a search string) is valid when the metadata
// knows it as valid or when its length is possible for its country
// (IsPossibleNumberWithReason is IS_POSSIBLE) and its national number has
// no leading zero (whether such zeros are a national prefix only the
// metadata can tell, and guessing would make normalisation unstable).
// A declared number without
// "+" that does not parse in the region is also tried as an international
// number missing its "+", and taken only if that is a valid number.
//
// A run of digits in free text needs more evidence, since order numbers,
// dates and prices are digit runs too: the number must be valid in the
// metadata, or in one of the Ofcom drama ranges, or written with "+" or "00"
// and of a possible length; and a number written nationally must carry its
// national prefix when its country writes one (the 0 of 07700 900123).
//
// Parsing a number costs tens of microseconds, so recent parses are
// remembered in a small bounded memo; it changes no result.
//
// Values that cannot be normalised are returned with Valid false and a
// Reason, and the input (trimmed; for phones with digits folded) as Value, so
// that the caller can keep what it was given.
package ident
