MATCH (a:Audit)
WHERE a.seq > $after
  AND ($actor = '' OR a.actor = $actor)
  AND ($since IS NULL OR a.time >= $since)
RETURN a {.seq, .time, .actor, .role, .action, .entities, .outcome, .request, .prev_hash, .hash} AS e
ORDER BY a.seq
LIMIT $limit
