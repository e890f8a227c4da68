// A placeholder that became an entity of another kind.
CYPHER replan=skip
UNWIND $ids AS id
MATCH (n:Entity {id: id})
REMOVE n:__LABELS__
SET n:__LABEL__
