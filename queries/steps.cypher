// One step of evidence from each account of $ids (the rules of the graph
// package's documentation, "Evidence"): the direct links and the ties
// through posts. Shared identifiers and pages are steps_identifiers and
// steps_pages. Each row is a step, or a requested id that is not an
// account (ev = 'unknown'). Rows may repeat; the caller keeps each step
// once.
// author(p), the account that wrote post p, is the first AUTHORED link by
// author id.
UNWIND $ids AS fid
OPTIONAL MATCH (a:Entity {id: fid})
WITH fid, a
WHERE a IS NULL OR NOT a:Account
RETURN fid AS from, null AS to, null AS platform, null AS handle, null AS status,
       'unknown' AS ev, null AS via, null AS via_label, false AS rev

UNION ALL

UNWIND $ids AS fid
MATCH (a:Entity {id: fid})
WHERE a:Account
CALL (a) {
  // Direct links: follows and mentions both ways, contact, same_as.
  MATCH (a)-[:FOLLOWS]->(b:Account)
  RETURN b AS to, 'follows' AS ev, null AS via, false AS rev
  UNION ALL
  MATCH (a)<-[:FOLLOWS]-(b:Account)
  RETURN b AS to, 'follows' AS ev, null AS via, true AS rev
  UNION ALL
  MATCH (a)-[:MENTIONS]->(b:Account)
  RETURN b AS to, 'mention' AS ev, null AS via, false AS rev
  UNION ALL
  MATCH (a)<-[:MENTIONS]-(b:Account)
  RETURN b AS to, 'mention' AS ev, null AS via, true AS rev
  UNION ALL
  MATCH (a)-[:CONTACT]-(b:Account)
  RETURN b AS to, 'contact' AS ev, null AS via, false AS rev
  UNION ALL
  MATCH (a)-[:SAME_AS]-(b:Account)
  RETURN b AS to, 'same_as' AS ev, null AS via, false AS rev
  UNION ALL

  // A post that mentions the account: its author mentioned it.
  MATCH (a)-[:MENTIONS]-(p:Post)
  WITH p, head(COLLECT { MATCH (p)<-[:AUTHORED]-(w:Entity) RETURN w ORDER BY w.id LIMIT 1 }) AS w
  WHERE w:Account
  RETURN w AS to, 'mention' AS ev, p AS via, true AS rev
  UNION ALL

  // The account reposted a post (itself or through one of its posts).
  MATCH (a)-[:REPOSTS]->(q:Entity)
  WITH q, head(COLLECT { MATCH (q)<-[:AUTHORED]-(w:Entity) RETURN w ORDER BY w.id LIMIT 1 }) AS w
  WHERE w:Account
  RETURN w AS to, 'repost' AS ev, q AS via, false AS rev
  UNION ALL
  MATCH (a)-[:AUTHORED]->(:Entity)-[:REPOSTS]->(q:Entity)
  WITH q, head(COLLECT { MATCH (q)<-[:AUTHORED]-(w:Entity) RETURN w ORDER BY w.id LIMIT 1 }) AS w
  WHERE w:Account
  RETURN w AS to, 'repost' AS ev, q AS via, false AS rev
  UNION ALL

  // A post of the account was reposted by an account or by a post.
  MATCH (a)-[:AUTHORED]->(p:Entity)<-[:REPOSTS]-(x:Entity)
  WITH p, CASE WHEN x:Account THEN x
    ELSE head(COLLECT { MATCH (x)<-[:AUTHORED]-(w:Entity) RETURN w ORDER BY w.id LIMIT 1 }) END AS w
  WHERE w:Account
  RETURN w AS to, 'repost' AS ev, p AS via, true AS rev
  UNION ALL

  // Replies both ways between the account's posts and others'.
  MATCH (a)-[:AUTHORED]->(:Entity)-[:REPLIES]->(q:Entity)
  WITH q, head(COLLECT { MATCH (q)<-[:AUTHORED]-(w:Entity) RETURN w ORDER BY w.id LIMIT 1 }) AS w
  WHERE w:Account
  RETURN w AS to, 'reply' AS ev, q AS via, false AS rev
  UNION ALL
  MATCH (a)-[:AUTHORED]->(p:Entity)<-[:REPLIES]-(q:Entity)
  WITH p, head(COLLECT { MATCH (q)<-[:AUTHORED]-(w:Entity) RETURN w ORDER BY w.id LIMIT 1 }) AS w
  WHERE w:Account
  RETURN w AS to, 'reply' AS ev, p AS via, true AS rev
  UNION ALL

  // The account's posts mention an account.
  MATCH (a)-[:AUTHORED]->(p:Entity)-[:MENTIONS]->(b:Account)
  RETURN b AS to, 'mention' AS ev, p AS via, false AS rev
}
WITH DISTINCT a, to, ev, via, rev
WHERE to <> a
RETURN a.id AS from, to.id AS to, to.platform AS platform, to.handle AS handle, to.status AS status,
       ev, via.id AS via, CASE WHEN via:Page THEN via.name END AS via_label, rev
