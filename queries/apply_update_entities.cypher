// Merged entities: a null property is removed; properties that are not the
// entity's own (cluster results) are kept. Each property is set by name,
// never id: a SET of a whole map (n += row) could change the id the next
// row seeks, which makes the planner buffer every row first (Eager).
CYPHER replan=skip
UNWIND $rows AS row
MATCH (n:Entity {id: row.id})
SET n.kind = row.kind, n.placeholder = row.placeholder, n.platform = row.platform, n.handle = row.handle,
    n.name = row.name, n.url = row.url, n.bio = row.bio, n.text = row.text, n.author = row.author,
    n.page = row.page, n.followers = row.followers, n.members = row.members, n.created_at = row.created_at,
    n.posted_at = row.posted_at, n.status = row.status, n.media = row.media, n.props = row.props,
    n.sources = row.sources, n.first_seen = row.first_seen, n.last_seen = row.last_seen,
    n.search_tokens = row.search_tokens
