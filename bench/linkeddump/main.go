// Command linkeddump writes the answers of many linked-accounts walks, one
// JSON line per walk, so that two builds can be compared byte for byte: a
// change to the walk that should not change its answers is checked by
// running this before and after it and comparing the files.
//
//	go run ./bench/linkeddump -out before.txt          # a generated 20k-account store
//	go run ./bench/linkeddump -dir STORE -n 400 -out before.txt
//	git checkout NEW && go run ./bench/linkeddump -out after.txt && cmp before.txt after.txt
//
// Each of the first n accounts (by search order) is walked with seven
// option sets: depths 1 to 3, a limit and minimum strength, a kinds
// filter, tight size limits that truncate, and other weights and hub
// limits. The store's account ids are ranked first (or, with -unranked,
// never), so the two ways of ordering ties can be compared too.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"log"
	"os"

	"github.com/takedown/takedown/bench/internal/benchstore"
	"github.com/takedown/takedown/graph"
)

func main() {
	dir := flag.String("dir", "", "an existing store directory (default: generate 20,000 accounts, seed 3, into a temporary one)")
	out := flag.String("out", "linked.txt", "output file")
	n := flag.Int("n", 1500, "accounts walked from")
	unranked := flag.Bool("unranked", false, "leave the account ids unranked, so that walks order ties by reading ids")
	flag.Parse()
	ctx := context.Background()
	s, closeStore, err := benchstore.Open(ctx, *dir, *unranked)
	if err != nil {
		log.Fatal(err)
	}
	defer closeStore()
	page, err := s.SearchAccounts(ctx, graph.AccountQuery{Limit: *n})
	if err != nil {
		log.Fatal(err)
	}
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	w := bufio.NewWriter(f)
	opts := []graph.LinkedOptions{
		{Depth: 1}, {Depth: 2}, {Depth: 3},
		{Depth: 2, Limit: 7, MinStrength: 0.3},
		{Depth: 2, Kinds: []graph.Evidence{graph.EvPhone, graph.EvRepost, graph.EvCoAdmin}},
		{Depth: 3, MaxVisited: 40, MaxExpand: 6, MaxPaths: 1},
		{Depth: 2, MaxPaths: 5, HubLimit: 20, Weights: map[graph.Evidence]float64{graph.EvPhone: 0.5, graph.EvFollows: 0}},
	}
	for _, e := range page.Items {
		for i, o := range opts {
			r, err := graph.Linked(ctx, s, e.ID, o)
			if err != nil {
				fmt.Fprintf(w, "%s %d error %v\n", e.ID, i, err)
				continue
			}
			b, _ := r.AppendJSON(nil)
			fmt.Fprintf(w, "%s %d %s\n", e.ID, i, b)
		}
	}
	for _, id := range []string{"nobody", "x:nope"} {
		_, err := graph.Linked(ctx, s, id, graph.LinkedOptions{})
		fmt.Fprintf(w, "%s error %v\n", id, err)
	}
	w.Flush()
	f.Close()
}
