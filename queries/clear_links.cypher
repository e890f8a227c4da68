// Deletes every relationship (tests only), in bounded transactions:
// relationships first, so that no transaction holds a hub and all its
// links. Runs in an implicit transaction.
MATCH ()-[r]->()
CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS
