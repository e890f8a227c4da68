// Command searchdump writes the pages of many account searches, one JSON
// line per page, so that two builds can be compared byte for byte (as
// bench/linkeddump does for linked accounts):
//
//	go run ./bench/searchdump -out before.txt          # a generated 20k-account store
//	go run ./bench/searchdump -dir STORE -prefixes prefixes.txt -out before.txt
//	git checkout NEW && go run ./bench/searchdump -out after.txt && cmp before.txt after.txt
//
// Each prefix (one a line in -prefixes; by default the three-letter
// prefixes of the first 500 accounts' handles) is searched three ways: alone
// (7 a page), with the first letter of the next prefix as a second word (5
// a page), and its first two letters on one platform (50 a page); each
// search is followed through at most four pages by its cursor.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/takedown/takedown/bench/internal/benchstore"
	"github.com/takedown/takedown/graph"
)

func main() {
	dir := flag.String("dir", "", "an existing store directory (default: generate 20,000 accounts, seed 3, into a temporary one)")
	prefixes := flag.String("prefixes", "", "a file of search prefixes, one a line (default: from the store's first 500 handles)")
	out := flag.String("out", "search.txt", "output file")
	flag.Parse()
	ctx := context.Background()
	s, closeStore, err := benchstore.Open(ctx, *dir, false)
	if err != nil {
		log.Fatal(err)
	}
	defer closeStore()
	var qs []string
	if *prefixes != "" {
		b, err := os.ReadFile(*prefixes)
		if err != nil {
			log.Fatal(err)
		}
		qs = strings.Fields(string(b))
	} else {
		page, err := s.SearchAccounts(ctx, graph.AccountQuery{Limit: 500})
		if err != nil {
			log.Fatal(err)
		}
		for _, e := range page.Items {
			if h := strings.TrimPrefix(e.Handle, "@"); len(h) >= 3 {
				qs = append(qs, strings.ToLower(h[:3]))
			}
		}
	}
	if len(qs) == 0 {
		log.Fatal("no prefixes")
	}
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	w := bufio.NewWriter(f)
	for i, p := range qs {
		next := qs[(i+1)%len(qs)]
		for _, q := range []graph.AccountQuery{{Q: p, Limit: 7}, {Q: p + " " + next[:1], Limit: 5}, {Q: p[:min(2, len(p))], Limit: 50, Platform: "x"}} {
			for page := 0; page < 4; page++ {
				r, err := s.SearchAccounts(ctx, q)
				if err != nil {
					fmt.Fprintf(w, "%q %d error %v\n", q.Q, page, err)
					break
				}
				b, err := r.AppendJSON(nil)
				if err != nil {
					log.Fatal(err)
				}
				fmt.Fprintf(w, "%q %d %s\n", q.Q, page, b)
				if r.Next == "" {
					break
				}
				q.Cursor = r.Next
			}
		}
	}
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}
