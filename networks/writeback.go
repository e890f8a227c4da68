package networks

import (
	"context"
)

// ClusterResult is one cluster of a run as a store keeps it on the graph:
// its id, rank, score and tier, and the ids of its members (every account
// and page of Cluster.Members, same_as-merged ones included).
//
// It is an alias of an unnamed struct type, so that a store can declare
// the same type (graph/neo4j does: neo4j.ClusterResult) and satisfy
// ClusterWriter without importing this package, and this package needs no
// store's driver.
type ClusterResult = struct {
	ID      string
	Rank    int
	Score   float64
	Tier    string
	Members []string
}

// ClusterWriter is a store that can also keep the analysis results on the
// graph itself, for people who query it directly (the Neo4j store: each
// member node gets cluster_id, cluster_rank, cluster_score and
// cluster_tier, and each cluster a :Cluster node, for Cypher and Neo4j
// Bloom). A run whose store is a ClusterWriter calls WriteClusters with
// all its clusters before it writes their documents; WriteClusters
// replaces the previous run's results, all or nothing. If it fails, so
// does the run, and the previous run stays current everywhere. The
// embedded store is not one: its clusters are the documents.
type ClusterWriter interface {
	WriteClusters(ctx context.Context, clusters []ClusterResult) error
}

// clusterResults is what a run writes back to a ClusterWriter.
func clusterResults(bs []built) []ClusterResult {
	out := make([]ClusterResult, len(bs))
	for i := range bs {
		c := bs[i].doc
		ms := make([]string, len(c.Members))
		for j := range c.Members {
			ms[j] = c.Members[j].ID
		}
		out[i] = ClusterResult{ID: c.ID, Rank: c.Rank, Score: c.Score, Tier: c.Tier, Members: ms}
	}
	return out
}
