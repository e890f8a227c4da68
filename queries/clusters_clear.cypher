// Removes the previous run's results from its members.
MATCH (:Cluster)<-[:IN_CLUSTER]-(n:Entity)
REMOVE n.cluster_id, n.cluster_rank, n.cluster_score, n.cluster_tier
