// Package analysis is the network-analysis core of Takedown: community
// detection and the structural measures investigators use to read a
// smuggling network, over a compact array-based graph.
//
// # Graph
//
// Graph is an undirected weighted graph in compressed sparse row form: one
// int64 offset and one float64 strength per node, one int32 neighbour and
// one float32 weight per arc (8 bytes per arc, 16 per edge; sums are taken
// in float64). It is built
// with NewGraph from a slice of edges, with a Builder that takes edges one
// at a time, or with ReadEdgeList from a "u v [weight]" text file with
// arbitrary node names (ReadGML reads the GML files of published data
// sets). Duplicate edges are summed. A self-loop of weight w is the
// adjacency entry A_uu = 2w, so that it adds 2w to the node's strength and
// w to the total weight m, the convention under which the modularity below
// matches networkx, igraph and gonum.
//
// # Community detection
//
// Leiden (Traag, Waltman & van Eck 2019, Sci. Rep. 9:5233) optimises
// modularity or the Constant Potts Model and guarantees connected
// communities; Louvain (Blondel et al. 2008, J. Stat. Mech. P10008) is the
// classic method it improves on. Both return a Partition whose communities
// are numbered by their lowest node. Modularity, CPM and NMI score
// partitions; PlantedPartition generates graphs with known communities for
// tests and benchmarks. Communities reads an edge list and runs a whole
// detection, as the "takedown communities" command does, and
// WriteMembership writes its "node<TAB>community" output.
//
// The implementation works on flat arrays reused across levels and
// iterations: the queue-based local moving visits only nodes whose
// neighbourhood changed, the two values it reads per candidate community
// share a cache line, rows are prefetched a few nodes ahead of use,
// aggregation builds each level's graph at its exact size in two passes
// into one of two reused buffers, and no map is touched in an inner loop.
// Refinement, aggregation, graph building, graph generation, PageRank and
// betweenness use two goroutines over fixed blocks of work, so results
// never depend on scheduling or on the number of cores.
//
// # Structure and centrality
//
// Components (connected components), KCore (core numbers, Batagelj &
// Zaversnik 2003), ArticulationPoints (Hopcroft & Tarjan 1973, iterative),
// PageRank (Page et al. 1999, weighted, dangling nodes jump uniformly),
// Betweenness and BetweennessWeighted (Brandes 2001; hops, or distance 1/w)
// and Subgraph (to run the quadratic measures on one community).
//
// # Randomness
//
// Every random choice comes from a generator seeded by the caller: a seed
// and an input give the same output on every run and machine.
package analysis
