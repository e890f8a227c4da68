// The kinds and element ids of the entities a batch only links to. The
// kind comes from the label, so no property is read.
CYPHER replan=skip
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN id, CASE WHEN n:Account THEN 'account' WHEN n:Post THEN 'post' WHEN n:Page THEN 'page' END AS kind,
       elementId(n) AS eid
