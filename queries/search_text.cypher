// Free-text search over handle, name, bio and text (Lucene syntax).
CALL db.index.fulltext.queryNodes('entity_text', $q, {limit: $limit}) YIELD node AS n, score
RETURN score, n {.id, .kind, .placeholder, .platform, .handle, .name, .url, .bio, .text, .author, .page,
          .followers, .members, .created_at, .posted_at, .status, .media, .props, .sources,
          .first_seen, .last_seen} AS e
ORDER BY score DESC, n.id
