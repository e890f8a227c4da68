package main

import (
	"context"
	"flag"

	"github.com/takedown/takedown/graph"
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

func openNeo4j(ctx context.Context, nf *neoFlags) (graph.Store, string, error) {
	return nil, "", graph.Errorf(graph.EINVALID, "the Neo4j store is not built into this binary yet")
}
