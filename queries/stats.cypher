MATCH (m:Meta {id: $meta})
RETURN m.stats AS stats, m.version AS version
