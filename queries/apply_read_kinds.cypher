// The kinds and element ids of the entities a batch only links to. The
// kind comes from the label, so no property is read. One record of three
// aligned lists (no value is null: an entity has one of the labels).
CYPHER replan=skip
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN collect(id) AS ids,
       collect(CASE WHEN n:Account THEN 'account' WHEN n:Post THEN 'post' WHEN n:Page THEN 'page' ELSE '' END) AS kinds,
       collect(elementId(n)) AS eids
