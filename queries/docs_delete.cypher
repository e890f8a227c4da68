UNWIND $ids AS id
MATCH (x:Doc {coll: $coll, id: id})
DELETE x
