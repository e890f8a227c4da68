// Reads the head of the audit chain: the last entry's sequence number and
// hash (0 and empty before the first entry).
MATCH (h:AuditHead {id: $audit})
RETURN coalesce(h.seq, 0) AS seq, coalesce(h.hash, '') AS hash
