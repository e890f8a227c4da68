CYPHER replan=skip
UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row.a
MATCH (b) WHERE elementId(b) = row.b
CREATE (a)-[r:__REL__ {weight: row.weight, count: row.count, first_at: row.first_at, last_at: row.last_at,
  sources: row.sources, seen: row.seen, obs: row.obs}]->(b)
