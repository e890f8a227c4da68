CYPHER replan=skip
UNWIND $rows AS row
CREATE (i:Identifier {key: row.key, kind: row.kind, value: row.value, valid: row.valid, reason: row.reason})
RETURN row.key AS key, elementId(i) AS eid
