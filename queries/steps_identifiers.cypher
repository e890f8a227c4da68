// The identifiers the accounts of $ids use, on the account or in its
// posts, one row per identifier: the accounts that reached it and, unless
// it is a hub (more links than $hub_limit), the accounts that use it
// directly or through a post they authored (author(p) is the first
// AUTHORED link by author id). The caller ties each account to each user.
UNWIND $ids AS fid
MATCH (a:Entity {id: fid})
WHERE a:Account
CALL (a) {
  MATCH (a)-[:USES]->(i:Identifier)
  RETURN i
  UNION
  MATCH (a)-[:AUTHORED]->(:Entity)-[:USES]->(i:Identifier)
  RETURN i
}
WITH i, collect(a.id) AS accounts
WITH i, accounts, COUNT { (i)-[:__RELS__]-() } AS deg
RETURN i.key AS via, i.kind AS kind, i.value AS label, deg, accounts,
  CASE WHEN deg > $hub_limit THEN null ELSE COLLECT {
    MATCH (i)<-[:USES]-(x:Entity)
    WITH DISTINCT CASE WHEN x:Post
      THEN head(COLLECT { MATCH (x)<-[:AUTHORED]-(w:Entity) RETURN w ORDER BY w.id LIMIT 1 })
      ELSE x END AS w
    WHERE w:Account
    RETURN {id: w.id, platform: w.platform, handle: w.handle, status: w.status}
  } END AS users
