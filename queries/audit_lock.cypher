// Takes the write lock of the head of the audit chain and reads it, so
// appends from several servers are chained one after the other.
MATCH (h:AuditHead {id: $audit})
SET h.locked = true
RETURN h.seq AS seq, h.hash AS hash
