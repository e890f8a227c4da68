// One step of evidence from each account of $ids (the rules of the graph
// package's documentation, "Evidence"). Each row is a step (to is set), a
// hub met on the way and not expanded (ev = 'hub', via and deg set), or a
// requested id that is not an account (ev = 'unknown').
// author(p), the account that wrote post p, is the first AUTHORED link by
// author id.
UNWIND $ids AS fid
OPTIONAL MATCH (a:Entity {id: fid})
WITH fid, a
WHERE a IS NULL OR NOT a:Account
RETURN fid AS from, null AS to, null AS platform, null AS handle, null AS status,
       'unknown' AS ev, null AS via, null AS via_label, false AS rev, 0 AS deg

UNION ALL

UNWIND $ids AS fid
MATCH (a:Entity {id: fid})
WHERE a:Account
CALL (a) {
  // Direct links: follows and mentions both ways, contact, same_as.
  MATCH (a)-[:FOLLOWS]->(b:Account)
  RETURN b AS to, 'follows' AS ev, null AS via, false AS rev, 0 AS deg
  UNION ALL
  MATCH (a)<-[:FOLLOWS]-(b:Account)
  RETURN b AS to, 'follows' AS ev, null AS via, true AS rev, 0 AS deg
  UNION ALL
  MATCH (a)-[:MENTIONS]->(b:Account)
  RETURN b AS to, 'mention' AS ev, null AS via, false AS rev, 0 AS deg
  UNION ALL
  MATCH (a)<-[:MENTIONS]-(b:Account)
  RETURN b AS to, 'mention' AS ev, null AS via, true AS rev, 0 AS deg
  UNION ALL
  MATCH (a)-[:CONTACT]-(b:Account)
  RETURN b AS to, 'contact' AS ev, null AS via, false AS rev, 0 AS deg
  UNION ALL
  MATCH (a)-[:SAME_AS]-(b:Account)
  RETURN b AS to, 'same_as' AS ev, null AS via, false AS rev, 0 AS deg
  UNION ALL

  // A post that mentions the account: its author mentioned it.
  MATCH (a)-[:MENTIONS]-(p:Post)
  WITH p, head(COLLECT { MATCH (p)<-[:AUTHORED]-(w:Entity) RETURN w ORDER BY w.id LIMIT 1 }) AS w
  WHERE w:Account
  RETURN w AS to, 'mention' AS ev, p AS via, true AS rev, 0 AS deg
  UNION ALL

  // The account reposted a post (itself or through one of its posts).
  MATCH (a)-[:REPOSTS]->(q:Entity)
  WITH q, head(COLLECT { MATCH (q)<-[:AUTHORED]-(w:Entity) RETURN w ORDER BY w.id LIMIT 1 }) AS w
  WHERE w:Account
  RETURN w AS to, 'repost' AS ev, q AS via, false AS rev, 0 AS deg
  UNION ALL
  MATCH (a)-[:AUTHORED]->(:Entity)-[:REPOSTS]->(q:Entity)
  WITH q, head(COLLECT { MATCH (q)<-[:AUTHORED]-(w:Entity) RETURN w ORDER BY w.id LIMIT 1 }) AS w
  WHERE w:Account
  RETURN w AS to, 'repost' AS ev, q AS via, false AS rev, 0 AS deg
  UNION ALL

  // A post of the account was reposted by an account or by a post.
  MATCH (a)-[:AUTHORED]->(p:Entity)<-[:REPOSTS]-(x:Entity)
  WITH p, CASE WHEN x:Account THEN x
    ELSE head(COLLECT { MATCH (x)<-[:AUTHORED]-(w:Entity) RETURN w ORDER BY w.id LIMIT 1 }) END AS w
  WHERE w:Account
  RETURN w AS to, 'repost' AS ev, p AS via, true AS rev, 0 AS deg
  UNION ALL

  // Replies both ways between the account's posts and others'.
  MATCH (a)-[:AUTHORED]->(:Entity)-[:REPLIES]->(q:Entity)
  WITH q, head(COLLECT { MATCH (q)<-[:AUTHORED]-(w:Entity) RETURN w ORDER BY w.id LIMIT 1 }) AS w
  WHERE w:Account
  RETURN w AS to, 'reply' AS ev, q AS via, false AS rev, 0 AS deg
  UNION ALL
  MATCH (a)-[:AUTHORED]->(p:Entity)<-[:REPLIES]-(q:Entity)
  WITH p, head(COLLECT { MATCH (q)<-[:AUTHORED]-(w:Entity) RETURN w ORDER BY w.id LIMIT 1 }) AS w
  WHERE w:Account
  RETURN w AS to, 'reply' AS ev, p AS via, true AS rev, 0 AS deg
  UNION ALL

  // The account's posts mention an account.
  MATCH (a)-[:AUTHORED]->(p:Entity)-[:MENTIONS]->(b:Account)
  RETURN b AS to, 'mention' AS ev, p AS via, false AS rev, 0 AS deg
  UNION ALL

  // Shared identifiers, on the account or in its posts; hubs not expanded.
  CALL (a) {
    MATCH (a)-[:USES]->(i:Identifier)
    RETURN i
    UNION
    MATCH (a)-[:AUTHORED]->(:Entity)-[:USES]->(i:Identifier)
    RETURN i
  }
  WITH i, COUNT { (i)-[:__RELS__]-() } AS deg
  CALL (i, deg) {
    WITH i, deg
    WHERE deg > $hub_limit
    RETURN null AS to, 'hub' AS ev
    UNION ALL
    WITH i, deg
    WHERE deg <= $hub_limit
    MATCH (i)<-[:USES]-(x:Entity)
    WITH i, CASE WHEN x:Post
      THEN head(COLLECT { MATCH (x)<-[:AUTHORED]-(w:Entity) RETURN w ORDER BY w.id LIMIT 1 })
      ELSE x END AS w
    WHERE w:Account
    RETURN w AS to, 'shared_' + i.kind AS ev
  }
  RETURN to, ev, i AS via, false AS rev, deg
  UNION ALL

  // Pages the account administers or is a member of; hubs not expanded.
  MATCH (a)-[r:ADMIN_OF|MEMBER_OF]->(g:Entity)
  WITH g, type(r) = 'ADMIN_OF' AS admin, COUNT { (g)-[:__RELS__]-() } AS deg
  CALL (g, admin, deg) {
    WITH g, deg
    WHERE deg > $hub_limit
    RETURN null AS to, 'hub' AS ev, false AS rev
    UNION ALL
    WITH g, admin, deg
    WHERE deg <= $hub_limit
    MATCH (g)<-[r2:ADMIN_OF|MEMBER_OF]-(x:Account)
    WITH x, admin, type(r2) = 'ADMIN_OF' AS other
    RETURN x AS to,
           CASE WHEN admin AND other THEN 'co_admin' WHEN admin OR other THEN 'page_member' ELSE 'co_member' END AS ev,
           (other AND NOT admin) AS rev
  }
  RETURN to, ev, g AS via, rev, deg
}
WITH a, to, ev, via, rev, deg
WHERE to IS NULL OR to <> a
RETURN a.id AS from, to.id AS to, to.platform AS platform, to.handle AS handle, to.status AS status,
       ev, coalesce(via.id, via.key) AS via,
       CASE WHEN via:Identifier THEN via.value WHEN via:Page THEN via.name ELSE null END AS via_label,
       rev, deg
