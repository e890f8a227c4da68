// The schema of the Neo4j store, one statement per ";"-terminated block.
// Every statement is idempotent (IF NOT EXISTS), so Open runs them all on
// every start. entity_text, for free-text search, is eventually consistent
// so that its Lucene updates stay off the commit path of Apply;
// account_search, behind SearchAccounts, is updated on commit.
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT identifier_key IF NOT EXISTS FOR (i:Identifier) REQUIRE i.key IS UNIQUE;
CREATE CONSTRAINT meta_id IF NOT EXISTS FOR (m:Meta) REQUIRE m.id IS UNIQUE;
CREATE CONSTRAINT audit_head_id IF NOT EXISTS FOR (h:AuditHead) REQUIRE h.id IS UNIQUE;
CREATE CONSTRAINT audit_seq IF NOT EXISTS FOR (a:Audit) REQUIRE a.seq IS UNIQUE;
CREATE CONSTRAINT doc_coll_id IF NOT EXISTS FOR (d:Doc) REQUIRE (d.coll, d.id) IS UNIQUE;
CREATE CONSTRAINT cluster_id IF NOT EXISTS FOR (c:Cluster) REQUIRE c.id IS UNIQUE;
CREATE INDEX account_platform IF NOT EXISTS FOR (n:Account) ON (n.platform);
CREATE INDEX account_handle IF NOT EXISTS FOR (n:Account) ON (n.handle);
CREATE INDEX identifier_kind_value IF NOT EXISTS FOR (i:Identifier) ON (i.kind, i.value);
CREATE INDEX audit_actor IF NOT EXISTS FOR (a:Audit) ON (a.actor);
CREATE FULLTEXT INDEX entity_text IF NOT EXISTS FOR (n:Entity) ON EACH [n.handle, n.name, n.bio, n.text]
  OPTIONS {indexConfig: {`fulltext.eventually_consistent`: true}};
CREATE FULLTEXT INDEX account_search IF NOT EXISTS FOR (n:Account) ON EACH [n.search_tokens]
  OPTIONS {indexConfig: {`fulltext.analyzer`: 'keyword'}};
