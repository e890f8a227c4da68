// The pages the accounts of $ids administer or are members of, one row
// per page: the accounts' roles and, unless the page is a hub (more links
// than $hub_limit), its admins and members. The caller ties each account
// to each other one by their roles (co_admin, page_member, co_member) and
// leaves out co-members of a page with more links than the member limit.
UNWIND $ids AS fid
MATCH (a:Entity {id: fid})
WHERE a:Account
MATCH (a)-[r:ADMIN_OF|MEMBER_OF]->(g:Entity)
WITH g, collect(DISTINCT {id: a.id, admin: type(r) = 'ADMIN_OF'}) AS roles
WITH g, roles, COUNT { (g)-[:__RELS__]-() } AS deg
RETURN g.id AS via, CASE WHEN g:Page THEN g.name END AS label, deg, roles,
  CASE WHEN deg > $hub_limit THEN null ELSE COLLECT {
    MATCH (g)<-[r2:ADMIN_OF|MEMBER_OF]-(x:Account)
    RETURN {id: x.id, platform: x.platform, handle: x.handle, status: x.status, admin: type(r2) = 'ADMIN_OF'}
  } END AS members
