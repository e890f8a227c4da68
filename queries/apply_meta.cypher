CYPHER replan=skip
MATCH (m:Meta {id: $meta})
SET m.stats = $stats, m.version = $version
