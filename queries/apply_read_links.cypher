// The stored state of links of one type between nodes that exist, found
// by the element ids of their ends (read in the same transaction).
CYPHER replan=skip
UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row.a
MATCH (b) WHERE elementId(b) = row.b
MATCH (a)-[r:__REL__]->(b)
RETURN row.i AS i, r.weight AS weight, r.count AS count, r.first_at AS first_at,
       r.last_at AS last_at, r.sources AS sources, r.seen AS seen, r.obs AS obs
