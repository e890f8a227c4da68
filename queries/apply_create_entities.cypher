// New entities of one kind, with their element ids for the links that
// follow in the same transaction, as one record of two aligned lists. A
// null (absent) property is not set.
CYPHER replan=skip
UNWIND $rows AS row
CREATE (n:Entity:__LABEL__ {id: row.id, kind: row.kind, placeholder: row.placeholder, platform: row.platform,
  handle: row.handle, name: row.name, url: row.url, bio: row.bio, text: row.text, author: row.author,
  page: row.page, followers: row.followers, members: row.members, created_at: row.created_at,
  posted_at: row.posted_at, status: row.status, media: row.media, props: row.props, sources: row.sources,
  first_seen: row.first_seen, last_seen: row.last_seen, search_tokens: row.search_tokens})
RETURN collect(row.id) AS ids, collect(elementId(n)) AS eids
