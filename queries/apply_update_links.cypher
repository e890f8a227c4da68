CYPHER replan=skip
UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row.a
MATCH (b) WHERE elementId(b) = row.b
MATCH (a)-[r:__REL__]->(b)
SET r.weight = row.weight, r.count = row.count, r.first_at = row.first_at, r.last_at = row.last_at,
    r.sources = row.sources, r.seen = row.seen, r.obs = row.obs
