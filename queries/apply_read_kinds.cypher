// The kinds and element ids of the entities a batch only links to.
CYPHER replan=skip
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id, n.kind AS kind, elementId(n) AS eid
