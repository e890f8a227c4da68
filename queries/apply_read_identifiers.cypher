CYPHER replan=skip
UNWIND $keys AS key
MATCH (i:Identifier {key: key})
RETURN i.key AS key, elementId(i) AS eid
