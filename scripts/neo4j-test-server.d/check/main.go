// Command check connects to the Neo4j server described by NEO4J_URI,
// NEO4J_USER, NEO4J_PASSWORD and NEO4J_DATABASE (as printed by
// scripts/neo4j-test-server start) with the Go driver and runs RETURN 1, over
// bolt:// and over the routing neo4j:// scheme against the same host:port. With -gds it also calls gds.version()
// (for a server started with --with-gds).
//
//	eval "$(scripts/neo4j-test-server start --port 17687)"
//	go run ./scripts/neo4j-test-server.d/check
package main

import (
	"context"
	"flag"
	"fmt"
	"net/url"
	"os"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

func main() {
	gds := flag.Bool("gds", false, "also check CALL gds.version()")
	flag.Parse()
	uri := getenv("NEO4J_URI", "bolt://127.0.0.1:7687")
	user := getenv("NEO4J_USER", "neo4j")
	password := getenv("NEO4J_PASSWORD", "takedown-test")
	database := getenv("NEO4J_DATABASE", "neo4j")

	u, err := url.Parse(uri)
	if err != nil {
		fail("bad NEO4J_URI %q: %v", uri, err)
	}
	ok := true
	for _, scheme := range []string{"bolt", "neo4j"} {
		target := scheme + "://" + u.Host
		start := time.Now()
		if err := returnOne(target, user, password, database); err != nil {
			fmt.Printf("FAIL %s: %v\n", target, err)
			ok = false
			continue
		}
		fmt.Printf("ok   %s: RETURN 1 = 1 (%s)\n", target, time.Since(start).Round(time.Millisecond))
	}
	if !ok {
		os.Exit(1)
	}
	if *gds {
		v, err := gdsVersion("bolt://"+u.Host, user, password, database)
		if err != nil {
			fmt.Printf("FAIL gds.version(): %v\n", err)
			os.Exit(1)
		}
		fmt.Printf("ok   CALL gds.version() = %s\n", v)
	}
	if err := printRoutingTable("bolt://"+u.Host, user, password, database); err != nil {
		fmt.Printf("routing table: %v\n", err)
	}
}

// printRoutingTable shows what the server hands to neo4j:// clients: the
// addresses in it must be reachable from the client.
func printRoutingTable(uri, user, password, database string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	driver, err := neo4j.NewDriverWithContext(uri, neo4j.BasicAuth(user, password, ""))
	if err != nil {
		return err
	}
	defer driver.Close(ctx)
	res, err := neo4j.ExecuteQuery(ctx, driver,
		"CALL dbms.routing.getRoutingTable({}, $db) YIELD ttl, servers RETURN ttl, servers",
		map[string]any{"db": database}, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase("system"))
	if err != nil {
		return err
	}
	for _, rec := range res.Records {
		ttl, _ := rec.Get("ttl")
		servers, _ := rec.Get("servers")
		fmt.Printf("routing table for %s: ttl=%v servers=%v\n", database, ttl, servers)
	}
	return nil
}

func returnOne(uri, user, password, database string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	driver, err := neo4j.NewDriverWithContext(uri, neo4j.BasicAuth(user, password, ""))
	if err != nil {
		return err
	}
	defer driver.Close(ctx)
	if err := driver.VerifyConnectivity(ctx); err != nil {
		return fmt.Errorf("verify connectivity: %w", err)
	}
	res, err := neo4j.ExecuteQuery(ctx, driver, "RETURN 1 AS one", nil,
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(database))
	if err != nil {
		return err
	}
	if len(res.Records) != 1 {
		return fmt.Errorf("got %d records", len(res.Records))
	}
	one, _ := res.Records[0].Get("one")
	if one != int64(1) {
		return fmt.Errorf("RETURN 1 gave %v", one)
	}
	return nil
}

func gdsVersion(uri, user, password, database string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	driver, err := neo4j.NewDriverWithContext(uri, neo4j.BasicAuth(user, password, ""))
	if err != nil {
		return "", err
	}
	defer driver.Close(ctx)
	res, err := neo4j.ExecuteQuery(ctx, driver, "CALL gds.version() YIELD gdsVersion RETURN gdsVersion", nil,
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(database))
	if err != nil {
		return "", err
	}
	if len(res.Records) != 1 {
		return "", fmt.Errorf("got %d records", len(res.Records))
	}
	v, _ := res.Records[0].Get("gdsVersion")
	return fmt.Sprint(v), nil
}

func getenv(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "check: "+format+"\n", args...)
	os.Exit(1)
}
