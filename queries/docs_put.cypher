UNWIND $docs AS d
MERGE (x:Doc {coll: $coll, id: d.id})
SET x.body = d.body
