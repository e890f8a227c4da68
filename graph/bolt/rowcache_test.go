package bolt_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/graph/bolt"
)

// TestEntityCacheNeverStale writes new versions of a few accounts (their
// follower counts) while readers read them through Entity and
// SearchAccounts. A read that starts after a version was acknowledged must
// see that version or a later one, never an older one left in the cache.
func TestEntityCacheNeverStale(t *testing.T) {
	for _, size := range []int{0, 4 << 10} { // the default, and one small enough to evict
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			ctx := context.Background()
			s, err := bolt.Open(t.TempDir(), bolt.Options{NoSync: true, EntityCacheBytes: size})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			const accounts = 8
			id := func(i int) string { return fmt.Sprintf("x:cache%d", i) }
			write := func(v int64) {
				b := &graph.Batch{}
				for i := range accounts {
					b.Entities = append(b.Entities, graph.Entity{ID: id(i), Kind: graph.KindAccount, Platform: "x",
						Handle: fmt.Sprintf("cache%d", i), Name: "Cache Test", Followers: v})
				}
				if _, err := s.Apply(ctx, b); err != nil {
					t.Error(err)
				}
			}
			write(1)
			var acked atomic.Int64
			acked.Store(1)
			done := make(chan struct{})
			var wg sync.WaitGroup
			var reads atomic.Int64
			for r := range 4 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for n := 0; ; n++ {
						select {
						case <-done:
							return
						default:
						}
						floor := acked.Load()
						if r%2 == 0 {
							v, err := s.Entity(ctx, id(n%accounts))
							if err != nil {
								t.Error(err)
								return
							}
							if v.Entity.Followers < floor {
								t.Errorf("Entity read version %d after %d was acknowledged", v.Entity.Followers, floor)
								return
							}
						} else {
							page, err := s.SearchAccounts(ctx, graph.AccountQuery{Q: "cache test", Limit: 100})
							if err != nil {
								t.Error(err)
								return
							}
							if len(page.Items) != accounts {
								t.Errorf("search found %d accounts, want %d", len(page.Items), accounts)
								return
							}
							for _, e := range page.Items {
								if e.Followers < floor {
									t.Errorf("search read version %d after %d was acknowledged", e.Followers, floor)
									return
								}
							}
						}
						reads.Add(1)
					}
				}()
			}
			for v := int64(2); v <= 300 && !t.Failed(); v++ {
				write(v)
				acked.Store(v)
			}
			close(done)
			wg.Wait()
			if reads.Load() < 100 {
				t.Fatalf("only %d reads ran beside the writes", reads.Load())
			}
		})
	}
}
