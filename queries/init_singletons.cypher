// The counter node of Apply and the head of the audit chain. Both are the
// locks that serialise writers across API servers.
MERGE (m:Meta {id: $meta})
  ON CREATE SET m.stats = '{}', m.version = 0
MERGE (h:AuditHead {id: $audit})
  ON CREATE SET h.seq = 0, h.hash = ''
