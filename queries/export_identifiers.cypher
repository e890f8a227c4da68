// Every identifier, for the uses links of the export.
MATCH (i:Identifier)
RETURN i.key AS key, i.kind AS kind, i.value AS value, i.valid AS valid, i.reason AS reason
