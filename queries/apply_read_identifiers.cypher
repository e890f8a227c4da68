// The element ids of the identifiers a batch names: one record of two
// aligned lists.
CYPHER replan=skip
UNWIND $keys AS key
MATCH (i:Identifier {key: key})
RETURN collect(key) AS keys, collect(elementId(i)) AS eids
