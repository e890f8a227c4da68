// The stored state of links of one type between nodes that exist, found
// by the element ids of their ends (read in the same transaction). One
// record with a list of maps (a map keeps its null properties, where a
// collect of the property itself would drop them).
CYPHER replan=skip
UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row.a
MATCH (b) WHERE elementId(b) = row.b
MATCH (a)-[r:__REL__]->(b)
RETURN collect(r {i: row.i, .weight, .count, .first_at, .last_at, .sources, .seen, .obs}) AS links
