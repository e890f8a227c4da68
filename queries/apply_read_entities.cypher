// The stored state of the entities a batch names, with their element ids
// (the links of the batch find their ends by element id). One record of
// two aligned lists (neither value can be null), not a record per entity:
// a record costs the server and the driver a Bolt message each.
CYPHER replan=skip
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN collect(elementId(n)) AS eids,
       collect(n {.id, .kind, .placeholder, .platform, .handle, .name, .url, .bio, .text, .author, .page,
          .followers, .members, .created_at, .posted_at, .status, .media, .props, .sources,
          .first_seen, .last_seen}) AS es
