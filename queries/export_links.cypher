// Every link of one type, streamed as flat columns.
MATCH (a:Entity)-[r:__REL__]->(b)
RETURN a.id AS from, coalesce(b.id, b.key) AS to, r.weight AS weight, r.count AS count,
       r.first_at AS first_at, r.last_at AS last_at, r.sources AS sources, r.seen AS seen
