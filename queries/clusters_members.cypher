// Ties members to their cluster and copies the cluster's results onto them.
UNWIND $rows AS row
MATCH (c:Cluster {id: row.cluster})
MATCH (n:Entity {id: row.id})
SET n.cluster_id = c.id, n.cluster_rank = c.rank, n.cluster_score = c.score, n.cluster_tier = c.tier
CREATE (n)-[:IN_CLUSTER]->(c)

