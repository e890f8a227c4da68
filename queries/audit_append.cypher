MATCH (h:AuditHead {id: $audit})
SET h.seq = $entry.seq, h.hash = $entry.hash
CREATE (a:Audit)
SET a = $entry
