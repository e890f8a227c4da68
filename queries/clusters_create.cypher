UNWIND $rows AS row
CREATE (c:Cluster {id: row.id, rank: row.rank, score: row.score, tier: row.tier, size: row.size})
