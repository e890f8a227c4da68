// Package bolt is the embedded store: the whole graph in one data
// directory, with no server to run. It implements graph.Store and passes
// the conformance suite in graph/storetest.
//
// # On disk
//
// One Pebble database (a log-structured key-value store; the package name
// comes from bbolt, the B+tree store it replaced after measuring it at
// 3,700 records/s). Every Apply is one Pebble batch, fsynced before it
// returns: a batch is all there or not there, after kill -9 or power loss.
// Keys are grouped in buckets (a bucket is a key prefix):
//
//	ent   id → entity, binary (entcodec.go)
//	lnk   link kind and the node numbers of its ends → link state (linkcodec.go)
//	idn   identifier key ("phone:+447700900123") → identifier JSON
//	tok   search token, 0, account id → the account's node number (4 bytes;
//	      stores written before it was kept have it filled in at their
//	      next Open, once): account search
//	jrn   store version → index journal entry (journal.go)
//	meta  counts, version and format, the audit chain's head
//	doc   collections of JSON documents (referrals, runs, alerts)
//
// The audit trail is kept apart, in append-only files under DIR/audit
// (auditlog.go): one hash-chained entry a line, as JSON, in segments named
// by their first entry's sequence number (256 KiB for a store's first,
// doubling to 64 MiB); each group of concurrent appends is one write and
// one fdatasync, over the zeros the segment was filled with beforehand so
// that the fdatasync need not commit the file system's journal. The head of the chain
// is also recorded in meta, and Open refuses a log that does not reach it
// (Options.AuditCheck opens it for checking). Stores that kept the trail in
// an aud bucket have it moved to the files at their first Open.
//
// # In memory
//
// The index (index.go) holds every node's id and summary (kind, status,
// platform, handle, name) and both directions of every link, so that
// evidence walks never touch the disk. Node numbers are fixed when a node
// is created; links on disk are keyed by them. At open the index is
// rebuilt from the journal, one entry per batch, read on two cores (the
// node summaries on one, the links on the other). The index holds no Go
// pointer per node, so a large graph costs the garbage collector almost
// nothing to keep. The store is a graph.RefSource: its refs are node
// numbers plus one, so linked-accounts walks run on numbers. The account
// ids are ranked in id order in the background (rank.go), so that walks
// order tied accounts by comparing numbers rather than ids.
//
// Recently read entities are kept in a row cache (rowcache.go,
// Options.EntityCacheBytes), which a write empties of what it writes before
// and after its commit, so no read sees a value older than its snapshot.
//
// # Concurrency
//
// One writer at a time (Apply holds a mutex); reads run concurrently on
// Pebble snapshots and under the index's read lock. A batch's nodes and
// links enter the index after its commit.
package bolt
