package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/graph/bolt"
)

// storeFlags are the flags every data command shares.
type storeFlags struct {
	data  string
	store string
	neo   neoFlags
	// auditCheck opens an embedded store whose audit log has lost entries
	// from its end, so that audit verify can report it.
	auditCheck bool
}

func (m *Main) storeFlags(fs *flag.FlagSet) *storeFlags {
	sf := &storeFlags{}
	fs.StringVar(&sf.data, "data", m.env("TAKEDOWN_DATA", defaultDataDir()), "data directory of the embedded store (env TAKEDOWN_DATA)")
	fs.StringVar(&sf.store, "store", m.env("TAKEDOWN_STORE", "embedded"), "store: embedded, neo4j, or a bolt:// or neo4j:// URI (env TAKEDOWN_STORE)")
	m.neoFlags(fs, &sf.neo)
	return sf
}

func defaultDataDir() string {
	if d, err := os.UserHomeDir(); err == nil && d != "" {
		return filepath.Join(d, ".local", "share", "takedown")
	}
	return "takedown-data"
}

// open opens the configured store and says where the data lives.
func (sf *storeFlags) open(ctx context.Context) (graph.Store, string, error) {
	switch {
	case sf.store == "" || sf.store == "embedded" || sf.store == "bolt-file":
		s, err := bolt.Open(sf.data, bolt.Options{AuditCheck: sf.auditCheck})
		if err != nil {
			return nil, "", err
		}
		return s, fmt.Sprintf("embedded store in %s (opened in %s)", sf.data, s.OpenTime().Round(1e6)), nil
	case sf.store == "neo4j" || strings.Contains(sf.store, "://"):
		if strings.Contains(sf.store, "://") {
			sf.neo.uri = sf.store
		}
		return openNeo4j(ctx, &sf.neo)
	}
	return nil, "", graph.Errorf(graph.EINVALID, "unknown store %q (want embedded, neo4j or a URI)", sf.store)
}
