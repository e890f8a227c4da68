// Package neo4j is the graph.Store on a Neo4j 5 server (or cluster), for
// deployments that outgrow the embedded store or want to query the graph
// with Cypher. It passes the same conformance suite as graph/bolt
// (graph/storetest) and answers every question the same way.
//
// # Connecting
//
// Open takes a Config (ConfigFromEnv reads NEO4J_URI, NEO4J_USER,
// NEO4J_PASSWORD and NEO4J_DATABASE) and makes one driver for the Store;
// Close closes it. A bolt:// URI talks to one server; a neo4j:// URI
// routes, so that reads (run with ExecuteRead) spread over the followers
// of a cluster and writes go to the leader. Sessions share the driver's
// bookmark manager, so a read waits for the writes the same Store made.
// At Open the schema is created by idempotent statements (uniqueness
// constraints, range and full-text indexes) and Open waits for the
// indexes to be online.
//
// # Model
//
//	(:Entity:Account|Page|Post {id, kind, platform, handle, name, ...})
//	(:Identifier {key, kind, value, valid, reason})
//	(:Entity)-[:FOLLOWS|MENTIONS|REPOSTS|REPLIES|ADMIN_OF|MEMBER_OF|CONTACT|SAME_AS|AUTHORED|POSTED_IN]->(:Entity)
//	(:Entity)-[:USES]->(:Identifier)
//	(:Meta {id: "graph"})                 counts and version; the lock of Apply
//	(:AuditHead), (:Audit)                the hash-chained audit trail
//	(:Doc {coll, id, body})               documents
//	(:Entity)-[:IN_CLUSTER]->(:Cluster)   analysis results (WriteClusters)
//
// Relationship types are the link kinds in upper case (queries.RelType)
// and labels the entity kinds; both only ever come from the domain's
// closed sets. Entity fields are properties, empty ones absent; Props is
// a JSON string; lists (media, sources, a link's sources and places seen)
// are lists of strings; times are datetimes. A link keeps weight, count,
// first_at, last_at, sources and seen, and obs, its observations, when it
// has more than one (one observation is spelt by the others). Accounts
// carry search_tokens, the embedded store's search tokens, indexed by the
// account_search full-text index (keyword analyzer); entity_text indexes
// handle, name, bio and text for SearchText and is eventually consistent,
// to keep Lucene off the commit path of Apply.
//
// # Writing
//
// Apply writes a batch in one transaction under ExecuteWrite. It locks
// the :Meta node first, so batches from several API servers are applied
// one at a time; reads the stored state of everything the batch names
// with UNWIND queries; merges in Go with Entity.Merge and
// LinkState.Observe, record by record as the embedded store does (same
// placeholders, conflicts and counts); and writes back only what changed
// with UNWIND statements grouped by label and relationship type, links
// finding their ends by element id. Statements that read back (the reads,
// and the element ids of created nodes) return one record of collected
// lists rather than a record per row, and write sessions pull results
// whole: a record is a Bolt message for the server to send and the driver
// to decode, which cost more than the index seek behind it. Stats are
// exact on the :Meta node and its version rises with every change.
// AppendAudit locks the :AuditHead node the same way, so the chain stays
// one chain.
//
// # Analysis results
//
// Store is a networks.ClusterWriter: an analysis run over it calls
// WriteClusters as it stores its results (before its cluster documents),
// which replaces the previous run's results in one transaction. Each member node then carries cluster_id, cluster_rank,
// cluster_score and cluster_tier, and is tied to its (:Cluster {id, rank,
// score, tier, size}) node by IN_CLUSTER, for Cypher and Neo4j Bloom:
//
//	MATCH (c:Cluster)<-[:IN_CLUSTER]-(n:Account) WHERE c.tier IN ['top', 'high']
//	RETURN c.id, c.rank, collect(n.handle) ORDER BY c.rank
//
// Clusters are results about the graph, not part of it: they change
// neither Stats nor Version, are not exported, and a later Apply merging
// into a member keeps its cluster properties.
//
// # Reading
//
// Steps runs three queries in one read transaction (queries/steps*.cypher)
// with the evidence rules of the graph package, so graph.Linked and
// graph.ShortestPath work over this store as over the embedded one.
// SearchAccounts goes through the account_search full-text index with an
// exact prefix check, ordered by the first matching token and then id, so
// cursors stay stable while data is added. Export streams with the
// configured fetch size and holds only the identifiers in memory.
//
// # Tuning
//
// Apply's transactions hold up to BatchRows records each (10,000 by
// default, with their parameters and transaction state on the server's
// heap): with a 2 GB heap the garbage collector took about a sixth of
// the server's CPU during a 100,000-account ingest, with 4 GB under 2%
// (bench/RESULTS-neo4j.md).
//
// When the server sends the connection.recv_timeout_seconds hint (the
// default, from server.bolt.connection_keep_alive_for_requests), the Go
// driver starts a goroutine for every read from the socket, which costs
// the client about four times the CPU of a large Export or Steps; setting
// it to OFF on the server removes that cost.
//
// The Cypher itself lives in the queries package, one file per statement.
package neo4j
