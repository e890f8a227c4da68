MATCH (x:Doc {coll: $coll, id: $id})
RETURN x.body AS body
