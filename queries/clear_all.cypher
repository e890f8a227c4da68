// Deletes every node and relationship (tests only). Runs in an implicit
// transaction.
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
