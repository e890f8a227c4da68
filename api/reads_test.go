package api

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
)

// TestConcurrentReadsBounded checks that at most MaxConcurrentReads reads
// are worked on at once: with one slot held by a slow read, a second read
// waits its turn, and one that cannot get a turn before its deadline gets
// a timeout problem; once the slot is free, reads are answered again.
func TestConcurrentReadsBounded(t *testing.T) {
	release := make(chan struct{})
	entered := make(chan struct{}, 4)
	slow := Route{Method: "GET", Path: "/v1/slow", Role: Viewer, Summary: "a slow read", Response: map[string]string{},
		Handler: func(c *gin.Context) {
			entered <- struct{}{}
			<-release
			c.JSON(http.StatusOK, map[string]string{"ok": "yes"})
		}}
	e := newEnv(t, func(c *Config) { c.MaxConcurrentReads = 1; c.RequestTimeout = 300 * time.Millisecond }, slow)
	var wg sync.WaitGroup
	var first *resp
	wg.Add(1)
	go func() { defer wg.Done(); first = e.get("/v1/slow", viewerToken) }()
	<-entered
	// The only slot is taken: this read waits, then times out.
	r := e.get("/v1/stats", viewerToken)
	if r.status != http.StatusServiceUnavailable {
		t.Fatalf("read while the slot is held: status %d, want 503; body %s", r.status, r.body)
	}
	if p := r.problem(t); p.Code != CodeTimeout {
		t.Errorf("problem code %q, want %q", p.Code, CodeTimeout)
	}
	select {
	case <-entered:
		t.Fatal("a second read ran while the only slot was held")
	default:
	}
	close(release)
	wg.Wait()
	if first.status != http.StatusOK {
		t.Fatalf("slow read: status %d", first.status)
	}
	if r := e.get("/v1/stats", viewerToken); r.status != http.StatusOK {
		t.Fatalf("read after the slot was freed: status %d; body %s", r.status, r.body)
	}
}
