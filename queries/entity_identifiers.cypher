// The identifiers an entity uses, directly or in the posts it authored.
MATCH (n:Entity {id: $id})
CALL (n) {
  MATCH (n)-[r:USES]->(i:Identifier)
  RETURN i, '' AS via, r.seen AS seen
  UNION ALL
  MATCH (n)-[:AUTHORED]->(p:Entity)-[:USES]->(i:Identifier)
  RETURN i, p.id AS via, null AS seen
}
RETURN i.key AS key, i.kind AS kind, i.value AS value, i.valid AS valid, i.reason AS reason, via, seen
