// Accounts that use one of the identifiers (every normalised form of what
// was typed), directly or through a post they authored, in id order.
UNWIND $keys AS key
MATCH (i:Identifier {key: key})<-[:USES]-(x:Entity)
WITH DISTINCT CASE WHEN x:Post
  THEN head(COLLECT { MATCH (x)<-[:AUTHORED]-(w:Entity) RETURN w ORDER BY w.id LIMIT 1 })
  ELSE x END AS n
WHERE n:Account AND n.id > $after
  AND ($platform = '' OR n.platform = $platform)
  AND ($status = '' OR n.status = $status)
  AND all(w IN $words WHERE any(t IN n.search_tokens WHERE t STARTS WITH w))
RETURN n {.id, .kind, .placeholder, .platform, .handle, .name, .url, .bio, .text, .author, .page,
          .followers, .members, .created_at, .posted_at, .status, .media, .props, .sources,
          .first_seen, .last_seen} AS e
ORDER BY n.id
LIMIT $limit
