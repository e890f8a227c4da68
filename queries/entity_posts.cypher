// An account's latest posts: newest first, posts without a time last.
MATCH (n:Entity {id: $id})-[:AUTHORED]->(p:Entity)
RETURN p {.id, .kind, .placeholder, .platform, .handle, .name, .url, .bio, .text, .author, .page,
          .followers, .members, .created_at, .posted_at, .status, .media, .props, .sources,
          .first_seen, .last_seen} AS e
ORDER BY p.posted_at IS NULL, p.posted_at DESC, p.id
LIMIT $limit
