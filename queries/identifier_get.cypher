// An identifier and the entities that use it.
MATCH (i:Identifier {key: $key})
CALL (i) {
  OPTIONAL MATCH (i)<-[r:USES]-(n:Entity)
  RETURN collect(CASE WHEN n IS NOT NULL THEN
    {id: n.id, kind: n.kind, platform: n.platform, handle: n.handle, status: n.status, seen: r.seen} END) AS users
}
RETURN i.kind AS kind, i.value AS value, i.valid AS valid, i.reason AS reason, users
