package neo4j_test

import (
	"context"
	"os"
	"strings"
	"testing"

	neo4jdriver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/graph/neo4j"
	"github.com/takedown/takedown/graph/storetest"
	"github.com/takedown/takedown/queries"
)

// serverConfig is the configuration of the test server, from the
// environment. Without NEO4J_URI the test is skipped, unless
// TAKEDOWN_REQUIRE_NEO4J=1 (as in CI), when it fails.
func serverConfig(t *testing.T) neo4j.Config {
	t.Helper()
	cfg := neo4j.ConfigFromEnv()
	if cfg.URI == "" {
		if os.Getenv("TAKEDOWN_REQUIRE_NEO4J") == "1" {
			t.Fatal("NEO4J_URI not set but TAKEDOWN_REQUIRE_NEO4J=1: start scripts/neo4j-test-server and export its NEO4J_* lines")
		}
		t.Skip("NEO4J_URI not set: start scripts/neo4j-test-server")
	}
	return cfg
}

// openEmpty opens the test server's store and clears it. The store is
// closed when the test ends (Close twice is harmless).
func openEmpty(t *testing.T, cfg neo4j.Config) *neo4j.Store {
	t.Helper()
	s, err := neo4j.Open(context.Background(), cfg)
	if err != nil {
		t.Fatalf("open %s: %v", cfg.URI, err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Clear(context.Background()); err != nil {
		t.Fatalf("clear: %v", err)
	}
	return s
}

func TestConformance(t *testing.T) {
	cfg := serverConfig(t)
	storetest.Run(t, func(t *testing.T) graph.Store { return openEmpty(t, cfg) })
}

// eagerOperators lists the Eager operators of a plan: they buffer every
// row before the next operator sees one (an aggregation, which must, is
// not counted).
func eagerOperators(p neo4jdriver.Plan) []string {
	var out []string
	op := p.Operator()
	if strings.HasPrefix(op, "Eager") && !strings.HasPrefix(op, "EagerAggregation") {
		det, _ := p.Arguments()["Details"].(string)
		out = append(out, op+" ("+det+")")
	}
	for _, c := range p.Children() {
		out = append(out, eagerOperators(c)...)
	}
	return out
}

// TestQueriesExplain plans every statement of the queries package on the
// server: a syntax error, an unknown procedure or a misspelt index fails
// here rather than in production. The statements of Apply must plan no
// Eager operator, which would hold a whole batch's rows at once.
func TestQueriesExplain(t *testing.T) {
	cfg := serverConfig(t)
	s := openEmpty(t, cfg)
	ctx := context.Background()
	all := queries.All()
	if len(all) < len(queries.Names) {
		t.Fatalf("%d statements for %d names", len(all), len(queries.Names))
	}
	planned := map[queries.Name]bool{}
	for _, st := range all {
		sess := s.Driver().NewSession(ctx, neo4jdriver.SessionConfig{DatabaseName: cfg.Database})
		res, err := sess.Run(ctx, "EXPLAIN "+st.Text, nil)
		if err == nil {
			var sum neo4jdriver.ResultSummary
			sum, err = res.Consume(ctx)
			if err == nil && sum.Plan() == nil {
				t.Errorf("%s %s: EXPLAIN returned no plan", st.Name, st.Variant)
			}
			if err == nil && sum.Plan() != nil && strings.HasPrefix(string(st.Name), "apply_") {
				if e := eagerOperators(sum.Plan()); len(e) > 0 {
					t.Errorf("%s %s plans %v", st.Name, st.Variant, e)
				}
			}
		}
		sess.Close(ctx)
		if err != nil {
			t.Errorf("%s %s: %v\n%s", st.Name, st.Variant, err, st.Text)
			continue
		}
		planned[st.Name] = true
	}
	for _, n := range queries.Names {
		if !planned[n] {
			t.Errorf("%s: no statement planned", n)
		}
	}
}

// schemaNames lists the constraints and indexes of the database.
func schemaNames(t *testing.T, s *neo4j.Store, cfg neo4j.Config) string {
	t.Helper()
	ctx := context.Background()
	var names []string
	for _, q := range []string{"SHOW CONSTRAINTS YIELD name RETURN name ORDER BY name", "SHOW INDEXES YIELD name, state RETURN name + ' ' + state AS name ORDER BY name"} {
		res, err := neo4jdriver.ExecuteQuery(ctx, s.Driver(), q, nil, neo4jdriver.EagerResultTransformer, neo4jdriver.ExecuteQueryWithDatabase(cfg.Database))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range res.Records {
			n, _ := r.Get("name")
			names = append(names, n.(string))
		}
	}
	return strings.Join(names, "\n")
}

func TestSchemaIdempotent(t *testing.T) {
	cfg := serverConfig(t)
	s := openEmpty(t, cfg)
	ctx := context.Background()
	before := schemaNames(t, s, cfg)
	for _, want := range []string{"entity_id", "identifier_key", "account_search ONLINE", "entity_text ONLINE", "identifier_kind_value ONLINE"} {
		if !strings.Contains(before, want) {
			t.Errorf("schema lacks %q:\n%s", want, before)
		}
	}
	// Every schema statement run again adds nothing.
	for _, st := range queries.SchemaStatements() {
		res, err := neo4jdriver.ExecuteQuery(ctx, s.Driver(), st, nil, neo4jdriver.EagerResultTransformer, neo4jdriver.ExecuteQueryWithDatabase(cfg.Database))
		if err != nil {
			t.Fatalf("%s: %v", st, err)
		}
		c := res.Summary.Counters()
		if c.ConstraintsAdded() != 0 || c.IndexesAdded() != 0 {
			t.Errorf("%s run again added %d constraints and %d indexes", st, c.ConstraintsAdded(), c.IndexesAdded())
		}
	}
	if err := s.EnsureSchema(ctx); err != nil {
		t.Fatalf("schema twice: %v", err)
	}
	if after := schemaNames(t, s, cfg); after != before {
		t.Errorf("schema changed when created again:\nbefore\n%s\nafter\n%s", before, after)
	}
	// A second Open on a store with data keeps its data and counts.
	storetest.Ingest(t, s, `{"type":"account","id":"kept","platform":"x","handle":"kept"}`)
	s2, err := neo4j.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	st, err := s2.Stats(ctx)
	if err != nil || st.Accounts != 1 || st.Version == 0 {
		t.Errorf("after a second Open: %+v %v, want the account and a version", st, err)
	}
}

// TestRoutingURI connects with the routing scheme (neo4j://) to the same
// single server.
func TestRoutingURI(t *testing.T) {
	cfg := serverConfig(t)
	_, hostPort, ok := strings.Cut(cfg.URI, "://")
	if !ok {
		t.Fatalf("NEO4J_URI %q has no scheme", cfg.URI)
	}
	cfg.URI = "neo4j://" + hostPort
	s := openEmpty(t, cfg)
	storetest.Ingest(t, s, `{"type":"account","id":"x:routed","platform":"x","handle":"routed"}`,
		`{"type":"account","id":"x:other","platform":"x","handle":"other"}`,
		`{"type":"link","kind":"contact","from":"x:routed","to":"x:other"}`)
	v, err := s.Entity(context.Background(), "x:routed")
	if err != nil {
		t.Fatalf("read over %s: %v", cfg.URI, err)
	}
	if v.Handle != "routed" || v.LinkCounts[graph.LinkContact].Out != 1 {
		t.Errorf("over %s: %+v", cfg.URI, v)
	}
	r, err := graph.Linked(context.Background(), s, "x:routed", graph.LinkedOptions{Depth: 1})
	if err != nil || len(r.Accounts) != 1 || r.Accounts[0].ID != "x:other" {
		t.Errorf("linked over %s: %+v %v", cfg.URI, r, err)
	}
}

func TestConfigFromEnv(t *testing.T) {
	t.Setenv("NEO4J_URI", "neo4j://db.example:7687")
	t.Setenv("NEO4J_USER", "")
	t.Setenv("NEO4J_PASSWORD", "secret")
	t.Setenv("NEO4J_DATABASE", "takedown")
	t.Setenv("NEO4J_FETCH_SIZE", "500")
	c := neo4j.ConfigFromEnv()
	if c.URI != "neo4j://db.example:7687" || c.User != "neo4j" || c.Password != "secret" || c.Database != "takedown" || c.FetchSize != 500 {
		t.Errorf("config %+v", c)
	}
	if _, err := neo4j.Open(context.Background(), neo4j.Config{}); graph.ErrorCode(err) != graph.EINVALID {
		t.Errorf("open without a URI: %v, want invalid", err)
	}
}
