// Package neo4j is the graph.Store on a Neo4j 5 server (or cluster), for
// deployments that outgrow the embedded store or want to query the graph
// with Cypher. It passes the same conformance suite as graph/bolt
// (graph/storetest) and answers every question the same way.
//
// # Connecting
//
// Open takes a Config (ConfigFromEnv reads NEO4J_URI, NEO4J_USER,
// NEO4J_PASSWORD and NEO4J_DATABASE) and makes one driver for the Store.
// A bolt:// URI talks to one server; a neo4j:// URI routes, so that reads
// (run with ExecuteRead) spread over the followers of a cluster and
// writes go to the leader. At Open the schema is created by idempotent
// statements (constraints, range and full-text indexes) and Open waits
// for the indexes to be online.
//
// # Model
//
//	(:Entity:Account|Page|Post {id, kind, platform, handle, name, ...})
//	(:Identifier {key, kind, value, valid, reason})
//	(:Entity)-[:FOLLOWS|MENTIONS|REPOSTS|REPLIES|ADMIN_OF|MEMBER_OF|CONTACT|SAME_AS|AUTHORED|POSTED_IN]->(:Entity)
//	(:Entity)-[:USES]->(:Identifier)
//	(:Meta {id: "graph"})        counts and version, the lock of Apply
//	(:AuditHead), (:Audit)       the hash-chained audit trail
//	(:Doc {coll, id, body})      documents
//	(:Entity)-[:IN_CLUSTER]->(:Cluster)   analysis results (WriteClusters)
//
// Relationship types are the link kinds in upper case (queries.RelType);
// labels and types only ever come from the domain's closed sets. Entity
// fields are properties, empty ones absent; Props is a JSON string, lists
// (media, sources, a link's sources, seen and observations) are lists of
// strings, times are datetimes. Accounts also carry search_tokens, the
// embedded store's search tokens, indexed by the account_search
// full-text index; entity_text indexes handle, name, bio and text for
// SearchText.
//
// # Writing
//
// Apply writes a batch in one transaction under ExecuteWrite. It locks
// the :Meta node first, so batches from several API servers are applied
// one at a time; reads the stored state of everything the batch names
// with UNWIND queries; merges in Go with Entity.Merge and
// LinkState.Observe, exactly as the embedded store does (same
// placeholders, conflicts and counts); and writes back only what changed
// with UNWIND statements grouped by label and relationship type. Stats are
// kept exact on the :Meta node and its version rises with every change.
//
// # Reading
//
// Steps is one Cypher query (queries/steps.cypher) that gives the
// evidence steps of a set of accounts with the rules of the graph
// package, so graph.Linked and graph.ShortestPath work over this store as
// over the embedded one. SearchAccounts goes through the account_search
// full-text index with an exact prefix check, ordered by the first
// matching token and id so that cursors stay stable while data is added.
// Export streams with a tuned fetch size and never holds the graph in
// memory.
//
// The Cypher itself lives in the queries package, one file per statement.
package neo4j
