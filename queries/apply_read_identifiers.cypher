CYPHER replan=skip
UNWIND $keys AS key
MATCH (i:Identifier {key: key})
RETURN key, elementId(i) AS eid
