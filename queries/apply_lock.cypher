// Takes the write lock of the counter node (setting a property locks it)
// and reads the counts. Every Apply starts here, so batches from several
// servers are applied one after the other.
CYPHER replan=skip
MATCH (m:Meta {id: $meta})
SET m.locked = true
RETURN m.stats AS stats, m.version AS version
