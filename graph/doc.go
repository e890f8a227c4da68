// Package graph is the domain of Takedown: the accounts, pages and posts
// that advertise crossings, the identifiers that tie them (phone numbers,
// messaging links, payment handles, crypto wallets, emails, URLs, image
// fingerprints) and the links between them, with the store interfaces that
// keep them and the one error type of the project.
//
// # Nodes
//
// An Entity is an account, a page (a page, group or channel) or a post. Each
// carries its platform status (active, removed, suspended, unknown) and its
// provenance: the sources that reported it and the first and last time it
// was seen. An entity named by a link before its own record arrives is a
// placeholder of the kind the link implies (LinkRules); its record later
// replaces the placeholder in place, keeping its links.
//
// Identifiers are nodes too, keyed by kind and normalised value
// ("phone:+447700900123"), so two spellings of one number are one node.
// Identifiers found in a bio, a name or a post's text are tied to the
// entity with a uses link that remembers where it was seen.
//
// # Merge rules
//
// A record whose id exists is merged into it (Entity.Merge): non-empty
// fields win, lists are unioned, status "unknown" never overwrites a known
// status. The same link (kind, from, to) is stored once; a repeat with a new
// observation (a different at, source or place seen) raises its count, and a
// replayed one changes nothing (LinkState.Observe). So replaying a file
// changes nothing.
//
// # Evidence
//
// Linked accounts are found by walking steps of evidence between accounts.
// From an account A, one step reaches an account B when:
//
//   - A and B are linked directly: follows, mentions, contact, same_as;
//   - A and B use the same identifier, on the account or in one of their
//     posts (shared_phone, shared_messaging, ... by identifier kind);
//   - A reposted, replied to or mentioned in a post a post of B, or B did so
//     to A (repost, reply, mention, with Reverse set when B acted);
//   - A and B administer the same page (co_admin), one administers a page
//     the other is a member of (page_member), or both are members
//     (co_member) of a page with no more links than the member limit
//     (DefaultMemberLimit): being in a large group together is not evidence.
//
// Identifiers and pages with more links than the hub limit are hubs (a
// charity's helpline, a popular domain): they are reported and not
// expanded, so one query cannot walk the whole graph.
//
// Each step has a strength from DefaultWeights (or a configured table). A
// path's strength is the product of its steps' strengths and a linked
// account's strength the noisy-or of its strongest shortest paths,
// 1 − Π(1 − s_path). Linked and ShortestPath implement the walk once, over
// any StepSource, so that every store answers alike. A store that numbers
// its nodes also implements RefSource: Linked then walks on the numbers and
// names only the accounts and steps it returns (ties are still ordered by
// id, so the answer is the same); for any other store Linked numbers the
// ids of its steps itself.
//
// # Errors
//
// Every error that reaches a user is an *Error with a code: ENOTFOUND,
// EINVALID, ECONFLICT, EUNAUTHORIZED, EFORBIDDEN, ETOOLARGE or EINTERNAL.
// Internal errors carry their cause for the log, never for the user.
//
// # Stores
//
// Store is the whole interface; graph/bolt (embedded, the default) and
// graph/neo4j implement it, and graph/storetest is the conformance suite
// both run.
package graph
