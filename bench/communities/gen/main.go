// Command gen writes a planted-partition graph (analysis.PlantedPartition)
// as an edge list of integer node names 0..n-1, "u v" per line, and its
// planted communities as "node<TAB>community" lines.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"log"
	"os"
	"strconv"

	"github.com/takedown/takedown/analysis"
)

func main() {
	n := flag.Int("n", 100_000, "nodes")
	k := flag.Int("k", 0, "communities (0: n/1000)")
	degree := flag.Float64("degree", 20, "average degree")
	mixing := flag.Float64("mixing", 0.3, "fraction of each node's edges leaving its community")
	seed := flag.Int64("seed", 1, "random seed")
	edges := flag.String("edges", "", "edge list output file")
	truth := flag.String("truth", "", "planted membership output file (optional)")
	flag.Parse()
	if *edges == "" {
		log.Fatal("gen: -edges is required")
	}
	if *k == 0 {
		*k = max(1, *n/1000)
	}
	g, memb := analysis.PlantedPartition(*n, *k, *degree, *mixing, *seed)
	f, err := os.Create(*edges)
	if err != nil {
		log.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	var buf []byte
	g.Edges(func(u, v int32, _ float64) {
		buf = strconv.AppendInt(buf[:0], int64(u), 10)
		buf = append(buf, ' ')
		buf = strconv.AppendInt(buf, int64(v), 10)
		buf = append(buf, '\n')
		w.Write(buf)
	})
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
	if *truth != "" {
		t, err := os.Create(*truth)
		if err != nil {
			log.Fatal(err)
		}
		if err := analysis.WriteMembership(t, nil, memb); err != nil {
			log.Fatal(err)
		}
		if err := t.Close(); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Fprintf(os.Stderr, "gen: %d nodes, %d edges, %d communities\n", g.N(), g.NumEdges(), *k)
}
