// The stored state of the entities a batch names, with their element ids
// (the links of the batch find their ends by element id).
CYPHER replan=skip
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN elementId(n) AS eid, n {.id, .kind, .placeholder, .platform, .handle, .name, .url, .bio, .text, .author, .page,
          .followers, .members, .created_at, .posted_at, .status, .media, .props, .sources,
          .first_seen, .last_seen} AS e
