package analysis

import (
	"fmt"
	"io"
	"time"
)

// CommunitiesOptions configures Communities.
type CommunitiesOptions struct {
	// Algorithm is "leiden" (the default when empty) or "louvain".
	Algorithm string
	// Resolution γ of modularity; 0 means 1.
	Resolution float64
	// Seed fixes the result: equal seeds give equal partitions.
	Seed int64
}

// Summary describes a community detection run.
type Summary struct {
	Nodes       int     `json:"nodes"`
	Edges       int     `json:"edges"`       // distinct undirected edges
	Communities int     `json:"communities"` // number of communities found
	Modularity  float64 `json:"modularity"`  // Q at the run's resolution
	Seconds     float64 `json:"seconds"`     // detection wall time, excluding reading
}

// Communities reads an edge list (see ReadEdgeList) and partitions it by
// modularity with Leiden (until stable) or Louvain. It returns the summary,
// the node names and each node's community (numbered by lowest node).
func Communities(r io.Reader, opts CommunitiesOptions) (Summary, []string, []int32, error) {
	gamma := opts.Resolution
	if gamma == 0 {
		gamma = 1
	}
	if gamma < 0 {
		return Summary{}, nil, nil, fmt.Errorf("analysis: resolution must be positive, got %v", opts.Resolution)
	}
	algo := opts.Algorithm
	if algo == "" {
		algo = "leiden"
	}
	if algo != "leiden" && algo != "louvain" {
		return Summary{}, nil, nil, fmt.Errorf("analysis: unknown algorithm %q (want leiden or louvain)", opts.Algorithm)
	}
	g, names, err := ReadEdgeList(r)
	if err != nil {
		return Summary{}, nil, nil, err
	}
	start := time.Now()
	var p Partition
	if algo == "leiden" {
		p = Leiden(g, LeidenOptions{Resolution: gamma, Seed: opts.Seed})
	} else {
		p = Louvain(g, LouvainOptions{Resolution: gamma, Seed: opts.Seed})
	}
	s := Summary{
		Nodes:       g.N(),
		Edges:       g.NumEdges(),
		Communities: p.Communities,
		Modularity:  p.Quality,
		Seconds:     time.Since(start).Seconds(),
	}
	return s, names, p.Membership, nil
}
