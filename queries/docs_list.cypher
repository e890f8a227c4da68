MATCH (x:Doc {coll: $coll})
WHERE x.id > $after
RETURN x.id AS id, x.body AS body
ORDER BY x.id
LIMIT $limit
