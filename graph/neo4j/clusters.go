package neo4j

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/queries"
)

// ClusterResult is one cluster found by the analysis: its id, its rank in
// the run, its score and tier, and the ids of its member entities.
//
// It is an alias of an unnamed struct type, the same type as
// networks.ClusterResult, so that Store is a networks.ClusterWriter (a
// finished analysis run writes its clusters back through WriteClusters)
// without either package importing the other.
type ClusterResult = struct {
	ID      string
	Rank    int
	Score   float64
	Tier    string
	Members []string
}

// WriteClusters replaces the previous run's clusters with these, in one
// transaction: every :Cluster node and IN_CLUSTER relationship is deleted
// and the cluster properties (cluster_id, cluster_rank, cluster_score,
// cluster_tier) removed from the old members; then a :Cluster node is
// created for each result, and each member that exists is tied to it with
// (:Entity)-[:IN_CLUSTER]->(:Cluster) and given its cluster's properties.
// Members that are not in the graph are skipped. The graph's Version does not change: clusters are
// results about the graph, not part of it.
func (s *Store) WriteClusters(ctx context.Context, clusters []ClusterResult) error {
	seen := map[string]bool{}
	rows := make([]map[string]any, 0, len(clusters))
	var members []map[string]any
	for _, c := range clusters {
		if c.ID == "" {
			return graph.Errorf(graph.EINVALID, "cluster without id")
		}
		if seen[c.ID] {
			return graph.Errorf(graph.EINVALID, "cluster %q given twice", c.ID)
		}
		seen[c.ID] = true
		rows = append(rows, map[string]any{"id": c.ID, "rank": int64(c.Rank), "score": c.Score, "tier": c.Tier, "size": int64(len(c.Members))})
		for _, m := range c.Members {
			members = append(members, map[string]any{"cluster": c.ID, "id": m})
		}
	}
	_, err := s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		if err := run(ctx, tx, queries.Get(queries.ClustersClear), nil); err != nil {
			return nil, err
		}
		if err := run(ctx, tx, queries.Get(queries.ClustersDelete), nil); err != nil {
			return nil, err
		}
		if err := chunks(rows, s.cfg.BatchRows, func(part []map[string]any) error {
			return run(ctx, tx, queries.Get(queries.ClustersCreate), map[string]any{"rows": part})
		}); err != nil {
			return nil, err
		}
		return nil, chunks(members, s.cfg.BatchRows, func(part []map[string]any) error {
			return run(ctx, tx, queries.Get(queries.ClustersMembers), map[string]any{"rows": part})
		})
	})
	return err
}
