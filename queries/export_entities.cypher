// Every account, page and post, streamed.
MATCH (n:Entity)
RETURN n {.id, .kind, .placeholder, .platform, .handle, .name, .url, .bio, .text, .author, .page,
          .followers, .members, .created_at, .posted_at, .status, .media, .props, .sources,
          .first_seen, .last_seen} AS e
