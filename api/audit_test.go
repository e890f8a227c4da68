package api

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/graph/bolt"
)

func TestAuditEntriesNameWhatWasRead(t *testing.T) {
	e := newEnv(t, nil)
	e.seed(scenario...)
	e.get("/v1/accounts/fb%3Ad", viewerToken)
	e.get("/v1/accounts/x%3Aa/linked?depth=3", analystToken)
	var lines []string
	for i := range 30 {
		lines = append(lines, fmt.Sprintf(`{"type":"account","id":"bulk:%02d","platform":"x","handle":"b%d"}`, i, i))
	}
	e.ingestHTTP(analystToken, strings.Join(lines, "\n"), "")
	log := e.auditLog()
	if len(log) != 3 {
		t.Fatalf("%d entries, want 3: %+v", len(log), log)
	}
	if a := log[0]; a.Actor != "env-viewer" || a.Role != "viewer" || a.Action != "GET /v1/accounts/:id" ||
		a.Outcome != "200" || strings.Join(a.Entities, ",") != "fb:d" {
		t.Errorf("read entry %+v", a)
	}
	if a := log[1]; a.Action != "GET /v1/accounts/:id/linked" || strings.Join(a.Entities, ",") != "x:a,+4 more" {
		t.Errorf("linked entry %+v, want the account and the count of the 4 linked", a)
	}
	a := log[2]
	if a.Action != "POST /v1/ingest" || len(a.Entities) != MaxAuditIDs+1 || a.Entities[0] != "bulk:00" ||
		a.Entities[MaxAuditIDs] != fmt.Sprintf("+%d more", 30-MaxAuditIDs) {
		t.Errorf("ingest entry %+v, want the first %d ids and a count", a, MaxAuditIDs)
	}
	if a.Time.IsZero() || a.Hash == "" || a.PrevHash != log[1].Hash {
		t.Errorf("entry not chained: %+v", a)
	}
}

func TestVerifyChainDetectsAnEditedEntry(t *testing.T) {
	e := newEnv(t, nil)
	e.seed(scenario...)
	for range 7 {
		e.get("/v1/accounts/x%3Aa", viewerToken)
	}
	e.get("/v1/stats", "")
	ctx := context.Background()
	n, err := VerifyChain(ctx, e.store)
	if err != nil || n != 8 {
		t.Fatalf("intact chain: %d checked, %v", n, err)
	}
	log := e.auditLog()
	edited := log[4] // entry 5
	edited.Actor = "someone-else"
	if err := e.store.TamperAudit(edited); err != nil {
		t.Fatal(err)
	}
	n, err = VerifyChain(ctx, e.store)
	if err == nil || graph.ErrorCode(err) != graph.ECONFLICT {
		t.Fatalf("edited chain verified: %d %v", n, err)
	}
	if !strings.Contains(err.Error(), "audit entry 5") || n != 4 {
		t.Errorf("error %q after %d entries, want it to name entry 5 after 4", err, n)
	}
}

func TestVerifyChainDetectsARecomputedEntry(t *testing.T) {
	e := newEnv(t, nil)
	for range 3 {
		e.get("/v1/stats", viewerToken)
	}
	log := e.auditLog()
	// An editor who recomputes the entry's own hash still breaks the link
	// from the next entry.
	edited := log[1]
	edited.Outcome = "403"
	graph.ChainAudit(edited.PrevHash, &edited)
	if err := e.store.TamperAudit(edited); err != nil {
		t.Fatal(err)
	}
	_, err := VerifyChain(context.Background(), e.store)
	if err == nil || !strings.Contains(err.Error(), "audit entry 3") {
		t.Errorf("recomputed entry 2: %v, want entry 3 named", err)
	}
}

func TestVerifyChainPages(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	for i := range verifyPage + 5 {
		if err := e.store.AppendAudit(ctx, &graph.AuditEntry{Actor: "bench", Action: "GET /x", Outcome: fmt.Sprint(i)}); err != nil {
			t.Fatal(err)
		}
	}
	n, err := VerifyChain(ctx, e.store)
	if err != nil || n != verifyPage+5 {
		t.Errorf("%d checked, %v", n, err)
	}
	last := e.auditLog()[verifyPage+2]
	last.Outcome = "edited"
	if err := e.store.TamperAudit(last); err != nil {
		t.Fatal(err)
	}
	if _, err := VerifyChain(ctx, e.store); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("audit entry %d", verifyPage+3)) {
		t.Errorf("an entry on the second page: %v", err)
	}
}

func TestAuditRoute(t *testing.T) {
	e := newEnv(t, nil)
	for range 3 {
		e.get("/v1/stats", viewerToken)
	}
	e.get("/v1/stats", analystToken)
	var page AuditPage
	e.get("/v1/audit?actor=env-viewer&limit=2", adminToken).json(t, &page)
	if len(page.Items) != 2 || page.Next != "2" || page.Items[0].Actor != "env-viewer" {
		t.Fatalf("first page %+v", page)
	}
	var next AuditPage
	e.get("/v1/audit?actor=env-viewer&limit=2&after="+page.Next, adminToken).json(t, &next)
	if len(next.Items) != 1 || next.Items[0].Seq != 3 || next.Next != "" {
		t.Errorf("second page %+v", next)
	}
}

// headAt is the store with another head: what a log with entries removed
// from its end, or one read while others append, looks like.
type headAt struct {
	*bolt.Store
	seq  uint64
	hash string
}

func (h headAt) AuditHead(context.Context) (uint64, string, error) { return h.seq, h.hash, nil }

func TestVerifyChainChecksTheHead(t *testing.T) {
	e := newEnv(t, nil)
	for range 6 {
		e.get("/v1/stats", viewerToken)
	}
	ctx := context.Background()
	log := e.auditLog()
	if seq, hash, err := e.store.AuditHead(ctx); err != nil || seq != 6 || hash != log[5].Hash {
		t.Fatalf("head %d %q %v", seq, hash, err)
	}
	// A head read before the last entries were appended: still intact.
	if n, err := VerifyChain(ctx, headAt{e.store, 4, log[3].Hash}); err != nil || n != 6 {
		t.Errorf("earlier head: %d %v", n, err)
	}
	_, err := VerifyChain(ctx, headAt{e.store, 9, "feed"})
	if err == nil || !strings.Contains(err.Error(), "ends at entry 6 but its head is entry 9") {
		t.Errorf("head past the end: %v", err)
	}
	n, err := VerifyChain(ctx, headAt{e.store, 3, log[2].Hash[1:] + "0"})
	if err == nil || !strings.Contains(err.Error(), "audit entry 3 is not the one recorded") || n != 2 {
		t.Errorf("head with another hash: %d %v", n, err)
	}
}
