// Command report turns the outputs of bench/communities/run.sh into the
// markdown of bench/RESULTS-communities.md. Every partition's modularity
// and its NMI against the planted communities are recomputed here with
// analysis.Modularity and analysis.NMI, so all tools are scored alike.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/takedown/takedown/analysis"
)

type run struct {
	Tool        string  `json:"tool"`
	Communities int     `json:"communities"`
	Modularity  float64 `json:"modularity"`
	Load        float64 `json:"load_seconds"`
	Detect      float64 `json:"detect_seconds"`
	LoadCPU     float64 `json:"load_cpu_seconds"`
	DetectCPU   float64 `json:"detect_cpu_seconds"`
	GraphBytes  int64   `json:"graph_bytes"`

	name    string
	status  string
	rssKB   int64
	q, nmi  float64
	scored  bool
	ncomm   int
	wallAll float64
}

// Display order and labels.
var tools = []struct{ file, label string }{
	{"takedown-leiden", "**takedown Leiden** (until stable; CLI default)"},
	{"takedown-leiden-2it", "takedown Leiden, 2 iterations"},
	{"takedown-louvain", "takedown Louvain"},
	{"igraph-multilevel", "igraph `community_multilevel`"},
	{"igraph-leiden", "igraph `community_leiden` (modularity, 2 iterations)"},
	{"networkx-louvain", "networkx `louvain_communities`"},
	{"gonum-modularize", "gonum `community.Modularize`"},
}

func main() {
	dir := flag.String("dir", "", "results directory (one subdirectory per size)")
	cmd := flag.String("cmd", "bench/communities/run.sh", "command line to quote")
	flag.Parse()
	sizes, err := filepath.Glob(filepath.Join(*dir, "n[0-9]*"))
	if err != nil || len(sizes) == 0 {
		log.Fatalf("no results under %s", *dir)
	}
	sort.Slice(sizes, func(i, j int) bool { return nOf(sizes[i]) < nOf(sizes[j]) })
	var b strings.Builder
	meta := readFile(filepath.Join(*dir, "meta.txt"))
	fmt.Fprintf(&b, "# Community detection: takedown against igraph, networkx and gonum\n\n")
	fmt.Fprintf(&b, "Produced by `%s`, which generates the graphs, runs every tool as its own process under `/usr/bin/time -v` and writes this file with `bench/communities/report`.\n\n", *cmd)
	fmt.Fprintf(&b, "%s\n", strings.TrimSpace(meta))
	fmt.Fprintf(&b, "\nGraphs: planted partitions (`analysis.PlantedPartition`, `go run ./bench/communities/gen`), communities of 1000 nodes, average degree 20, mixing 0.3, written as integer edge lists. *Load* is reading the edge list into the tool's graph; *detect* is community detection alone, wall time and the process's CPU time (user + system) over the same span. *Peak RSS* is the whole process's maximum resident set (`/usr/bin/time -v`), loading included. *Q* is modularity (γ = 1) and *NMI* the normalised mutual information (arithmetic mean) against the planted communities, both recomputed by `bench/communities/report` from each tool's membership. Ratios are takedown Leiden (until stable) over the peer: below 1 means takedown is faster or smaller.\n")
	var targets []string
	for si, sd := range sizes {
		n := nOf(sd)
		g, names := load(filepath.Join(sd, "edges.txt"))
		index := make(map[string]int32, len(names))
		for i, s := range names {
			index[s] = int32(i)
		}
		truth := readMembership(filepath.Join(sd, "truth.tsv"), index, g.N())
		var runs []*run
		for _, t := range tools {
			r := &run{name: t.label, Tool: t.file}
			base := filepath.Join(sd, t.file)
			if st := strings.TrimSpace(readFile(base + ".status")); st != "" {
				r.status = st
			}
			if data := readFile(base + ".json"); data != "" {
				if err := json.Unmarshal([]byte(lastLine(data)), r); err != nil {
					log.Fatalf("%s.json: %v", base, err)
				}
				r.rssKB, r.wallAll = parseTime(readFile(base + ".time"))
				if _, err := os.Stat(base + ".tsv"); err == nil {
					memb := readMembership(base+".tsv", index, g.N())
					r.q = analysis.Modularity(g, memb, 1)
					r.nmi = analysis.NMI(memb, truth)
					r.scored = true
				}
			} else if r.status == "" {
				continue
			}
			runs = append(runs, r)
		}
		fmt.Fprintf(&b, "\n## %s nodes, %s edges (%d arcs)\n\n", human(n), human(g.NumEdges()), g.Arcs())
		fmt.Fprintf(&b, "| tool | load s | detect s | detect CPU s | peak RSS MiB | Q | NMI | communities | detect time ÷ | peak RSS ÷ |\n")
		fmt.Fprintf(&b, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
		var ours *run
		for _, r := range runs {
			if r.Tool == "takedown-leiden" && r.status == "" {
				ours = r
			}
		}
		for _, r := range runs {
			if r.status != "" && r.scored == false {
				fmt.Fprintf(&b, "| %s | – | – | – | – | – | – | – | – | – |\n", r.name+": "+r.status)
				continue
			}
			ratioT, ratioM := "", ""
			if ours != nil && r != ours {
				ratioT = fmt.Sprintf("%.2f", ours.Detect/r.Detect)
				ratioM = fmt.Sprintf("%.2f", float64(ours.rssKB)/float64(r.rssKB))
			}
			fmt.Fprintf(&b, "| %s | %.2f | %.2f | %.2f | %.0f | %.4f | %.4f | %d | %s | %s |\n",
				r.name, r.Load, r.Detect, r.DetectCPU, float64(r.rssKB)/1024, r.q, r.nmi, r.Communities, ratioT, ratioM)
		}
		if ours != nil {
			floor := 16 * float64(g.Arcs())
			fmt.Fprintf(&b, "\nTakedown's graph holds %.0f MiB (%.1f bytes per arc); the 16 bytes-per-arc floor is %.0f MiB, so its peak RSS is %.2f× the floor.\n",
				float64(ours.GraphBytes)/(1<<20), float64(ours.GraphBytes)/float64(g.Arcs()), floor/(1<<20), float64(ours.rssKB)*1024/floor)
			for _, r := range runs {
				if si == len(sizes)-1 && r.Tool == "igraph-multilevel" && r.scored {
					okT := ours.Detect <= r.Detect
					okQ := ours.q >= r.q-0.005
					okM := float64(ours.rssKB)*1024 <= 2*floor
					targets = append(targets, fmt.Sprintf("- %s nodes, time: takedown Leiden (until stable) detects in %.2f s against igraph `community_multilevel`'s %.2f s (%s; CPU %.1f s against %.1f s).\n- %s nodes, quality: Q %.4f against %.4f (%s; the target is igraph's Q − 0.005 or better).\n- %s nodes, memory: peak RSS %.0f MiB against 2 × 16 bytes per arc = %.0f MiB (%s).",
						human(n), ours.Detect, r.Detect, mark(okT), ours.DetectCPU, r.DetectCPU, human(n), ours.q, r.q, mark(okQ), human(n), float64(ours.rssKB)/1024, 2*floor/(1<<20), mark(okM)))
				}
			}
		}
	}
	if len(targets) > 0 {
		fmt.Fprintf(&b, "\n## Targets (largest graph)\n\n%s\n", strings.Join(targets, "\n"))
	}
	if notes := readFile(filepath.Join(*dir, "notes.md")); notes != "" {
		fmt.Fprintf(&b, "\n%s", notes)
	}
	fmt.Print(b.String())
}

func mark(ok bool) string {
	if ok {
		return "met"
	}
	return "**not met**"
}

func nOf(dir string) int {
	n, _ := strconv.Atoi(strings.TrimPrefix(filepath.Base(dir), "n"))
	return n
}

func human(n int) string {
	switch {
	case n >= 1_000_000 && n%100_000 == 0:
		return strconv.FormatFloat(float64(n)/1e6, 'f', -1, 64) + "M"
	case n >= 1000 && n%1000 == 0:
		return strconv.Itoa(n/1000) + "k"
	}
	return strconv.Itoa(n)
}

func load(path string) (*analysis.Graph, []string) {
	f, err := os.Open(path)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	g, names, err := analysis.ReadEdgeList(f)
	if err != nil {
		log.Fatal(err)
	}
	return g, names
}

// readMembership reads "node<TAB>community" lines; nodes the file does not
// name get a community of their own.
func readMembership(path string, index map[string]int32, n int) []int32 {
	f, err := os.Open(path)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	memb := make([]int32, n)
	for i := range memb {
		memb[i] = -1
	}
	labels := map[string]int32{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) != 2 {
			continue
		}
		u, ok := index[fs[0]]
		if !ok {
			continue // an isolated node the edge list does not hold
		}
		c, ok := labels[fs[1]]
		if !ok {
			c = int32(len(labels))
			labels[fs[1]] = c
		}
		memb[u] = c
	}
	next := int32(len(labels))
	for i, c := range memb {
		if c < 0 {
			memb[i] = next
			next++
		}
	}
	return memb
}

var (
	rssRe  = regexp.MustCompile(`Maximum resident set size \(kbytes\): (\d+)`)
	wallRe = regexp.MustCompile(`Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)`)
)

func parseTime(s string) (rssKB int64, wall float64) {
	if m := rssRe.FindStringSubmatch(s); m != nil {
		rssKB, _ = strconv.ParseInt(m[1], 10, 64)
	}
	if m := wallRe.FindStringSubmatch(s); m != nil {
		parts := strings.Split(m[1], ":")
		for _, p := range parts {
			x, _ := strconv.ParseFloat(p, 64)
			wall = wall*60 + x
		}
	}
	return rssKB, wall
}

func readFile(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return string(b)
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
