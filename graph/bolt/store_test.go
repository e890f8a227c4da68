package bolt_test

import (
	"testing"

	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/graph/bolt"
	"github.com/takedown/takedown/graph/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) graph.Store {
		s, err := bolt.Open(t.TempDir(), bolt.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}
