package neo4j

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/queries"
)

// Ids of the singleton nodes.
const (
	metaID  = "graph"
	auditID = "audit"
)

// Defaults.
const (
	DefaultFetchSize = 10000
	DefaultBatchRows = 10000
	// indexWait bounds the wait for indexes to come online at Open.
	indexWait = 300
)

// Config says which server to use and how.
type Config struct {
	// URI is bolt://host:port (one server) or neo4j://host:port (routing:
	// reads go to followers of a cluster).
	URI      string
	User     string
	Password string
	// Database is the database name; empty for the server's default.
	Database string
	// FetchSize is the number of records pulled at a time by Export
	// (default DefaultFetchSize).
	FetchSize int
	// BatchRows is the number of rows sent in one UNWIND statement by
	// Apply and WriteClusters (default DefaultBatchRows).
	BatchRows int
	// MaxConnectionPoolSize bounds the driver's connections (default 100).
	MaxConnectionPoolSize int
}

// ConfigFromEnv reads NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD and
// NEO4J_DATABASE (as printed by scripts/neo4j-test-server start), and
// NEO4J_FETCH_SIZE if set. User defaults to neo4j.
func ConfigFromEnv() Config {
	c := Config{
		URI:      os.Getenv("NEO4J_URI"),
		User:     os.Getenv("NEO4J_USER"),
		Password: os.Getenv("NEO4J_PASSWORD"),
		Database: os.Getenv("NEO4J_DATABASE"),
	}
	if c.User == "" {
		c.User = "neo4j"
	}
	if n, err := strconv.Atoi(os.Getenv("NEO4J_FETCH_SIZE")); err == nil {
		c.FetchSize = n
	}
	return c
}

// Store is the Neo4j store. It holds one driver, safe for concurrent use;
// every call opens its own session.
type Store struct {
	driver neo4j.DriverWithContext
	cfg    Config
}

var _ graph.Store = (*Store)(nil)

// Open connects, checks the server answers, creates the schema if needed
// (idempotent statements) and waits for the indexes to come online.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	if cfg.URI == "" {
		return nil, graph.Errorf(graph.EINVALID, "neo4j: no URI configured")
	}
	if cfg.FetchSize == 0 {
		cfg.FetchSize = DefaultFetchSize
	}
	if cfg.BatchRows <= 0 {
		cfg.BatchRows = DefaultBatchRows
	}
	d, err := neo4j.NewDriverWithContext(cfg.URI, neo4j.BasicAuth(cfg.User, cfg.Password, ""), func(c *neo4j.Config) {
		if cfg.MaxConnectionPoolSize > 0 {
			c.MaxConnectionPoolSize = cfg.MaxConnectionPoolSize
		}
	})
	if err != nil {
		return nil, graph.Internal(fmt.Errorf("neo4j: %w", err))
	}
	if err := d.VerifyConnectivity(ctx); err != nil {
		d.Close(context.Background())
		return nil, graph.Internal(fmt.Errorf("neo4j: connect to %s: %w", cfg.URI, err))
	}
	s := &Store{driver: d, cfg: cfg}
	if err := s.EnsureSchema(ctx); err != nil {
		d.Close(context.Background())
		return nil, err
	}
	return s, nil
}

// Close closes the driver. Every acknowledged write is committed on the
// server before it is acknowledged.
func (s *Store) Close() error {
	return s.driver.Close(context.Background())
}

// Driver is the store's driver, for tests and maintenance commands that
// run their own queries.
func (s *Store) Driver() neo4j.DriverWithContext { return s.driver }

// session opens a session. Sessions share the driver's bookmark manager,
// so that a read routed to a follower waits for the writes this store has
// made (read-your-writes within one API server).
func (s *Store) session(ctx context.Context, mode neo4j.AccessMode, fetch int) neo4j.SessionWithContext {
	return s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.cfg.Database, AccessMode: mode, FetchSize: fetch,
		BookmarkManager: s.driver.ExecuteQueryBookmarkManager()})
}

// EnsureSchema creates the constraints, the indexes and the singleton
// nodes if they do not exist, and waits for the indexes to be online.
// Running it again changes nothing.
func (s *Store) EnsureSchema(ctx context.Context) error {
	sess := s.session(ctx, neo4j.AccessModeWrite, 0)
	defer sess.Close(context.Background())
	for _, st := range queries.SchemaStatements() {
		if err := runAuto(ctx, sess, st, nil); err != nil {
			return graph.Internal(fmt.Errorf("neo4j: schema: %w", err))
		}
	}
	if err := runAuto(ctx, sess, queries.Get(queries.AwaitIndexes), map[string]any{"seconds": indexWait}); err != nil {
		return graph.Internal(fmt.Errorf("neo4j: waiting for indexes: %w", err))
	}
	return s.initSingletons(ctx)
}

func (s *Store) initSingletons(ctx context.Context) error {
	_, err := s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		return nil, run(ctx, tx, queries.Get(queries.InitSingletons), map[string]any{"meta": metaID, "audit": auditID})
	})
	return err
}

// Clear deletes every node and relationship, keeping the schema. It is
// for tests, so that each starts from an empty graph.
func (s *Store) Clear(ctx context.Context) error {
	sess := s.session(ctx, neo4j.AccessModeWrite, 0)
	defer sess.Close(context.Background())
	for _, q := range []queries.Name{queries.ClearLinks, queries.ClearNodes} {
		if err := runAuto(ctx, sess, queries.Get(q), nil); err != nil {
			return graph.Internal(fmt.Errorf("neo4j: clear: %w", err))
		}
	}
	return s.initSingletons(ctx)
}

// write runs work in a write transaction, retried by the driver on
// transient errors (work must be idempotent). Results are pulled whole
// (FetchAll): the writes read back up to BatchRows records per statement
// (Apply's reads and element ids), and pulling them 1,000 at a time would
// leave the server waiting on a round trip for each PULL while it holds
// the transaction's locks.
func (s *Store) write(ctx context.Context, work neo4j.ManagedTransactionWork) (any, error) {
	sess := s.session(ctx, neo4j.AccessModeWrite, neo4j.FetchAll)
	defer sess.Close(context.Background())
	v, err := sess.ExecuteWrite(ctx, work)
	return v, wrap(err)
}

// read runs work in a read transaction (routed to a follower in a
// cluster).
func (s *Store) read(ctx context.Context, work neo4j.ManagedTransactionWork) (any, error) {
	sess := s.session(ctx, neo4j.AccessModeRead, 0)
	defer sess.Close(context.Background())
	v, err := sess.ExecuteRead(ctx, work)
	return v, wrap(err)
}

// wrap keeps *graph.Error and context errors and hides the others behind
// EINTERNAL.
func wrap(err error) error {
	if err == nil {
		return nil
	}
	var ge *graph.Error
	if errors.As(err, &ge) {
		return ge
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return graph.Internal(err)
}

// runAuto executes a statement in an implicit (auto-commit) transaction
// and discards its records: for schema commands and CALL IN TRANSACTIONS.
func runAuto(ctx context.Context, sess neo4j.SessionWithContext, cypher string, params map[string]any) error {
	res, err := sess.Run(ctx, cypher, params)
	if err != nil {
		return err
	}
	_, err = res.Consume(ctx)
	return err
}

// run executes a statement in tx and discards its records.
func run(ctx context.Context, tx neo4j.ManagedTransaction, cypher string, params map[string]any) error {
	res, err := tx.Run(ctx, cypher, params)
	if err != nil {
		return err
	}
	_, err = res.Consume(ctx)
	return err
}

// each runs a statement in tx and calls fn for every record, as they come.
func each(ctx context.Context, tx neo4j.ManagedTransaction, cypher string, params map[string]any, fn func(*neo4j.Record) error) error {
	res, err := tx.Run(ctx, cypher, params)
	if err != nil {
		return err
	}
	for res.Next(ctx) {
		if err := fn(res.Record()); err != nil {
			return err
		}
	}
	return res.Err()
}

// chunks calls fn with successive slices of at most n rows.
func chunks[T any](rows []T, n int, fn func([]T) error) error {
	for len(rows) > 0 {
		k := min(n, len(rows))
		if err := fn(rows[:k]); err != nil {
			return err
		}
		rows = rows[k:]
	}
	return nil
}
