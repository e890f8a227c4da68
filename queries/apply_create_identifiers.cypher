// New identifiers, with their element ids: one record of two aligned lists.
CYPHER replan=skip
UNWIND $rows AS row
CREATE (i:Identifier {key: row.key, kind: row.kind, value: row.value, valid: row.valid, reason: row.reason})
RETURN collect(row.key) AS keys, collect(elementId(i)) AS eids
