// Package benchstore opens the embedded store that the comparison tools
// (bench/linkeddump, bench/searchdump) read: an existing directory, or a
// fresh one holding 20,000 generated accounts (seed 3), so that two builds
// given the same flags read the same data.
package benchstore

import (
	"bytes"
	"context"
	"io"
	"os"

	"github.com/takedown/takedown/generate"
	"github.com/takedown/takedown/graph/bolt"
	"github.com/takedown/takedown/graph/ingest"
)

// Open opens the store in dir, or, if dir is empty, generates one in a
// temporary directory. close closes the store and removes what Open made.
// The store's account ids are ranked before Open returns, or, if unranked,
// never (bolt.Options.NoIDRanks), so that walks order their ties by ranks
// or by ids throughout.
func Open(ctx context.Context, dir string, unranked bool) (s *bolt.Store, close func(), err error) {
	if dir != "" {
		if s, err = bolt.Open(dir, bolt.Options{NoIDRanks: unranked}); err != nil {
			return nil, nil, err
		}
		s.RankIDs()
		return s, func() { s.Close() }, nil
	}
	tmp, err := os.MkdirTemp("", "benchstore")
	if err != nil {
		return nil, nil, err
	}
	var buf bytes.Buffer
	if _, err := generate.Generate(&buf, nil, generate.Options{Accounts: 20000, Seed: 3}); err != nil {
		os.RemoveAll(tmp)
		return nil, nil, err
	}
	if s, err = bolt.Open(tmp, bolt.Options{NoSync: true, NoIDRanks: unranked}); err != nil {
		os.RemoveAll(tmp)
		return nil, nil, err
	}
	data := buf.Bytes()
	if _, err := ingest.File(ctx, s, func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }, ingest.Options{Region: "GB"}); err != nil {
		s.Close()
		os.RemoveAll(tmp)
		return nil, nil, err
	}
	s.RankIDs()
	return s, func() { s.Close(); os.RemoveAll(tmp) }, nil
}
