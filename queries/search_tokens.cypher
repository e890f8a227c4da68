// Accounts whose search tokens (handle, handle parts, name, name words)
// have every word of the query as a prefix. The full-text index finds the
// candidates; the list check keeps the match exact whatever the analyzer.
// Results are ordered by the first token that matches the first word, then
// by id, which stays stable while accounts are added.
CALL db.index.fulltext.queryNodes('account_search', $lucene) YIELD node AS n
WITH n
WHERE n:Account
  AND ($platform = '' OR n.platform = $platform)
  AND ($status = '' OR n.status = $status)
  AND all(w IN $words WHERE any(t IN n.search_tokens WHERE t STARTS WITH w))
WITH n, [t IN n.search_tokens WHERE t STARTS WITH $words[0]][0] AS tok
WHERE tok > $after_token OR (tok = $after_token AND n.id > $after_id)
RETURN tok, n {.id, .kind, .placeholder, .platform, .handle, .name, .url, .bio, .text, .author, .page,
          .followers, .members, .created_at, .posted_at, .status, .media, .props, .sources,
          .first_seen, .last_seen} AS e
ORDER BY tok, n.id
LIMIT $limit
