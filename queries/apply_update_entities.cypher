// Merged entities: a null property is removed; properties that are not the
// entity's own (cluster results) are kept.
CYPHER replan=skip
UNWIND $rows AS row
MATCH (n:Entity {id: row.id})
SET n += row.props
