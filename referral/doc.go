// Package referral is the referral workflow of Takedown: what to take
// down first in a network, the referral of a network to each platform and
// what the platform did with it, the statistics of those outcomes, and
// alerts when removed accounts come back.
//
// It works on the networks of the analysis pipeline (networks.Cluster
// documents in graph.CollClusters), reads the graph through the store
// (graph.Store), keeps its own documents in graph.CollReferrals and
// graph.CollAlerts (and a counter in graph.CollMeta, "referral.seq"), and
// serves them through the API with Mount:
//
//	if err := referral.Mount(srv, store); err != nil { ... }
//
// # Takedown plan
//
// GET /v1/clusters/{id}/plan?k= (viewer) recommends the k members (5 by
// default, at most 500) whose removal most fragments the network: the
// greedy critical-node selection of rank.Plan over the cluster graph's
// nodes and edges, without the members already removed or suspended
// (listed as already_down). A node's reach is the followers plus page
// members of its accounts and pages (same_as accounts merged into it
// included), or its degree in the cluster graph when no audience is known
// (reach_from says which). Each step reports the largest connected
// component and the remaining reach before and after the removal. flag is
// rank.IdentifiersToFlag of the recommended nodes: the identifiers they use
// (phones, messaging and payment handles first) with the users left
// holding them — identifiers outlive the accounts and let the network
// regrow, so they go to the platforms with the accounts.
//
// # Referrals
//
// POST /v1/referrals (analyst) with {"cluster", "platform"} builds a draft
// referral of a network to one platform. Its items are the network's
// accounts and pages on that platform that are not removed or suspended,
// then their posts on that platform (from the account's latest posts) that
// advertise a crossing or carry an identifier other members use, each
// with its URL (the record's, or one derived from the platform's address
// conventions) and its evidence: the identifiers it shares with other
// members and how many use them, its role in the network, and the
// lexicon's indicator hits (rank.Lexicon) on its bio or text, with a
// one-sentence summary for the platform's reviewer. Items are capped at
// MaxItems.
//
// A referral records the network as it was (size, members already down,
// platforms) and its assessment: rank.Score with its factors, and whether
// the network is referable — it advertises crossings (rank.Result.Advert:
// full adverts that discussion does not outweigh) and its adverts
// outnumber its legitimate-travel texts (flights, hotels, tourist visas).
// Referring a charity, a newsroom or a travel agency does real harm, so a
// network that is not referable can only be submitted with an
// override_reason, which the referral keeps. One referral per network and
// platform may be open (draft or submitted) at a time.
//
// The lifecycle is draft → submitted → actioned, moved on with PATCH
// /v1/referrals/{id} {"status"}. Outcomes are recorded with {"items":
// [{"id", "outcome", "at", "note"}]} once the referral is submitted: each
// item's outcome is removed, suspended, no_action or rejected, with the
// time the platform acted (at, default now; not before the submission nor
// in the future), the time it was recorded and the actor. Outcomes are
// final. Recording the last one moves a submitted referral to actioned; an
// analyst may also close it with {"status": "actioned"} and record late
// outcomes afterwards. Any other transition — backwards, skipping a
// step, repeating one, an outcome on a draft or a second outcome for an
// item — is ECONFLICT (409); malformed changes are EINVALID (400). A
// removal or suspension is also written to the graph: the entity's status,
// a removed_at property and the source "referral:ID", applied as one
// graph.Batch, so that statistics, rankings and re-emergence see it. Each
// change is appended to the referral's history and audited with the
// referral's, the network's and the items' ids (api.Audit).
//
// GET /v1/referrals (viewer) lists referrals oldest first, filtered by
// cluster, platform and status, paginated by an opaque cursor; GET
// /v1/referrals/{id} returns one; GET /v1/referrals/{id}/export?format=
// csv|json downloads it as an attachment. The CSV (RFC 4180) has a header
// row (CSVHeader) and one row per item; cells that a spreadsheet would
// evaluate (starting with =, +, -, @, a tab or a carriage return) are
// prefixed with an apostrophe, because names, bios and texts come from the
// accounts referred. The JSON export is Export: the items and their
// outcomes without the workflow's history.
//
// # Outcome statistics
//
// GET /v1/stats/outcomes (viewer) and Outcomes report, over the items of
// submitted and actioned referrals: counts by outcome per platform, per
// calendar month (items referred by the month of submission, outcomes by
// the month the platform acted), the median and mean hours from submission
// to outcome overall and per platform, and for each referred network the
// share of its members taken down — by a referral's outcome, or as the
// graph (Service.Outcomes) or the network's document (Outcomes, which
// reads documents only) shows them. A network whose document a later
// analysis removed keeps the figures its referrals recorded.
//
// # Re-emergence alerts
//
// Detect (POST /v1/alerts/detect, analyst) reads the whole graph once
// (graph.Exporter) and raises an alert for every account, active or of
// unknown status, first known — the earlier of its FirstSeen and
// CreatedAt — at or after the removal of a removed or suspended account
// with which it shares a strong identifier (graph.StrongIdent: phone,
// messaging, payment, crypto, e-mail), used on the account or in its
// posts. The removal time is the account's removed_at property (written
// with a referral's outcome, or given by the intelligence) or, failing
// that, its last known activity (latest post, sighting or creation).
// Identifiers used by more accounts than the hub limit (DefaultHubLimit) —
// a helpline, a bank's fraud line — are left out. Each alert carries its
// evidence: the new account, each removed account it matches with its
// removal time, where that time came from, the days between and the shared
// identifiers, and the networks involved. Alerts are stored in
// graph.CollAlerts under AlertID of the new account, so detecting again
// updates the evidence of the same alert and keeps its status. GET
// /v1/alerts?status=open|acknowledged (viewer) lists them; POST
// /v1/alerts/{id}/ack (analyst, optional {"note"}) acknowledges one with
// the actor and time, once (ECONFLICT after).
//
// # Ranking input
//
// RankInput builds rank's input for a network from its document and the
// store (members' current status, bio, audience and dates; their latest
// posts; the identifiers they use, hubs left out; the co-admin, repost and
// contact pairs of its graph; the run's as-of date). Service.Score and
// Service.Assess score it; the referral gate uses Assess, so the decision
// to refer rests on the graph as it is when the referral is built.
package referral
