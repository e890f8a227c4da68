package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/graph/neo4j"
)

type neoFlags struct {
	uri, user, password, database string
}

func (m *Main) neoFlags(fs *flag.FlagSet, nf *neoFlags) {
	fs.StringVar(&nf.uri, "neo4j-uri", m.env("NEO4J_URI", "neo4j://127.0.0.1:7687"), "Neo4j URI, bolt:// or neo4j:// (env NEO4J_URI)")
	fs.StringVar(&nf.user, "neo4j-user", m.env("NEO4J_USER", "neo4j"), "Neo4j user (env NEO4J_USER)")
	nf.password = m.env("NEO4J_PASSWORD", "")
	fs.StringVar(&nf.database, "neo4j-database", m.env("NEO4J_DATABASE", "neo4j"), "Neo4j database (env NEO4J_DATABASE); the password comes from env NEO4J_PASSWORD only")
}

// openNeo4j opens the Neo4j store: one driver for the process, closed with
// the store.
func openNeo4j(ctx context.Context, nf *neoFlags) (graph.Store, string, error) {
	s, err := neo4j.Open(ctx, neo4j.Config{URI: nf.uri, User: nf.user, Password: nf.password, Database: nf.database})
	if err != nil {
		return nil, "", err
	}
	return s, fmt.Sprintf("Neo4j at %s (database %s, user %s)", nf.uri, nf.database, nf.user), nil
}
