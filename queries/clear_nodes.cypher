// Deletes every node (tests only), after clear_links. Runs in an implicit
// transaction.
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
