// Accounts by platform and status in id order, after the cursor id.
MATCH (n:Entity)
WHERE n.id > $after AND n:Account
  AND ($platform = '' OR n.platform = $platform)
  AND ($status = '' OR n.status = $status)
RETURN n {.id, .kind, .placeholder, .platform, .handle, .name, .url, .bio, .text, .author, .page,
          .followers, .members, .created_at, .posted_at, .status, .media, .props, .sources,
          .first_seen, .last_seen} AS e
ORDER BY n.id
LIMIT $limit
