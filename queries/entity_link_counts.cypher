// An entity's links by type and direction. A link from the entity to
// itself counts once, as outgoing.
MATCH (n:Entity {id: $id})
CALL (n) {
  MATCH (n)-[r:__RELS__]->()
  RETURN type(r) AS type, true AS out, count(r) AS links
  UNION ALL
  MATCH (n)<-[r:__RELS__]-(m)
  WHERE m <> n
  RETURN type(r) AS type, false AS out, count(r) AS links
}
RETURN type, out, links
