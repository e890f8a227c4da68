// Every link, streamed as flat columns; a uses link carries its identifier.
MATCH (a:Entity)-[r:__RELS__]->(b)
RETURN type(r) AS type, a.id AS from, coalesce(b.id, b.key) AS to, r.weight AS weight, r.count AS count,
       r.first_at AS first_at, r.last_at AS last_at, r.sources AS sources, r.seen AS seen,
       b.kind AS ident_kind, b.value AS ident_value, b.valid AS ident_valid, b.reason AS ident_reason
