package bolt_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/graph/bolt"
)

const crashBatch = 40 // accounts per batch

func crashBatchOf(i int) *graph.Batch {
	b := &graph.Batch{}
	for j := range crashBatch {
		id := fmt.Sprintf("b%05d-%02d", i, j)
		b.Entities = append(b.Entities, graph.Entity{ID: id, Kind: graph.KindAccount, Platform: "x", Handle: id, Status: graph.StatusActive})
		if j > 0 {
			b.Links = append(b.Links, graph.Link{Kind: graph.LinkFollows, From: id, To: fmt.Sprintf("b%05d-%02d", i, j-1)})
		}
	}
	return b
}

// TestCrashChild is the child process of TestCrash: it applies batches and
// reports each one acknowledged, until it is killed.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv("TAKEDOWN_CRASH_DIR")
	if dir == "" {
		t.Skip("child of TestCrash only")
	}
	start, _ := strconv.Atoi(os.Getenv("TAKEDOWN_CRASH_START"))
	s, err := bolt.Open(dir, bolt.Options{})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(2)
	}
	for i := start; ; i++ {
		if _, err := s.Apply(context.Background(), crashBatchOf(i)); err != nil {
			fmt.Println("error", err)
			os.Exit(2)
		}
		fmt.Printf("ack %d\n", i)
	}
}

// killChild runs the test named child in a child process with env added,
// passes what follows "ack " on each of its lines to ack, and kills it with
// SIGKILL after acks of them. It returns how many acks it read.
func killChild(t *testing.T, child string, acks int, ack func(string), env ...string) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+child+"$", "-test.v")
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	sc := bufio.NewScanner(out)
	seen := 0
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "error") {
			_ = cmd.Process.Kill()
			t.Fatalf("child: %s", line)
		}
		if n, ok := strings.CutPrefix(line, "ack "); ok {
			ack(n)
			if seen++; seen == acks {
				_ = cmd.Process.Signal(syscall.SIGKILL)
				break
			}
		}
	}
	return seen
}

// TestCrash kills a writing child with SIGKILL at random points and checks
// that every acknowledged batch is present in full and no batch in part.
func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test skipped in -short mode")
	}
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(7, 11))
	next, acked := 0, -1
	for round := range 5 {
		seen := killChild(t, "TestCrashChild", 3+rng.IntN(40), func(n string) { acked, _ = strconv.Atoi(n) },
			"TAKEDOWN_CRASH_DIR="+dir, "TAKEDOWN_CRASH_START="+strconv.Itoa(next))
		s, err := bolt.Open(dir, bolt.Options{})
		if err != nil {
			t.Fatalf("round %d: reopen after kill: %v", round, err)
		}
		// Batches run in order, so all up to the last acknowledged one
		// must be whole, the one in flight whole or absent, none after it.
		for i := 0; i <= acked+1; i++ {
			present := 0
			for j := range crashBatch {
				if _, err := s.Entity(context.Background(), fmt.Sprintf("b%05d-%02d", i, j)); err == nil {
					present++
				}
			}
			switch {
			case i <= acked && present != crashBatch:
				t.Errorf("round %d: acknowledged batch %d has %d of %d accounts", round, i, present, crashBatch)
			case present != 0 && present != crashBatch:
				t.Errorf("round %d: batch %d is present in part (%d of %d)", round, i, present, crashBatch)
			}
			if i == acked+1 && present == crashBatch {
				acked++ // written but killed before its ack was read
			}
		}
		st, _ := s.Stats(context.Background())
		if st.Accounts != (acked+1)*crashBatch {
			t.Errorf("round %d: %d accounts, want %d", round, st.Accounts, (acked+1)*crashBatch)
		}
		s.Close()
		t.Logf("round %d: killed after %d acks, %d batches durable", round, seen, acked+1)
		next = acked + 1
	}
}

// TestAuditCrashChild is the child process of TestAuditCrash: eight
// goroutines append audit entries and report each one acknowledged, until
// the process is killed.
func TestAuditCrashChild(t *testing.T) {
	dir := os.Getenv("TAKEDOWN_AUDIT_CRASH_DIR")
	if dir == "" {
		t.Skip("child of TestAuditCrash only")
	}
	s, err := bolt.Open(dir, bolt.Options{})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(2)
	}
	acks := make(chan uint64, 64)
	for g := range 8 {
		go func() {
			for i := 0; ; i++ {
				e := &graph.AuditEntry{Actor: fmt.Sprintf("g%d", g), Action: "GET /v1/accounts/:id", Entities: []string{fmt.Sprint(i)}, Outcome: "200"}
				if err := s.AppendAudit(context.Background(), e); err != nil {
					fmt.Println("error", err)
					os.Exit(2)
				}
				acks <- e.Seq
			}
		}()
	}
	for seq := range acks {
		fmt.Printf("ack %d\n", seq)
	}
}

// TestAuditCrash kills an appending child with SIGKILL at random points
// and checks that every acknowledged audit entry is there, the chain is
// whole, and appends go on after it.
func TestAuditCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test skipped in -short mode")
	}
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(3, 5))
	var acked uint64
	for round := range 5 {
		seen := killChild(t, "TestAuditCrashChild", 50+rng.IntN(2000), func(n string) {
			seq, _ := strconv.ParseUint(n, 10, 64)
			acked = max(acked, seq)
		}, "TAKEDOWN_AUDIT_CRASH_DIR="+dir)
		s, err := bolt.Open(dir, bolt.Options{})
		if err != nil {
			t.Fatalf("round %d: reopen after kill: %v", round, err)
		}
		var all []graph.AuditEntry
		for after := uint64(0); ; {
			page, err := s.Audit(context.Background(), graph.AuditQuery{After: after, Limit: 1000})
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			all = append(all, page...)
			after = page[len(page)-1].Seq
		}
		if uint64(len(all)) < acked {
			t.Fatalf("round %d: %d entries, but entry %d was acknowledged", round, len(all), acked)
		}
		if bad, err := graph.VerifyAudit("", all); err != nil {
			t.Fatalf("round %d: chain broken at %d: %v", round, bad, err)
		}
		for i, e := range all {
			if e.Seq != uint64(i+1) {
				t.Fatalf("round %d: entry %d has seq %d", round, i+1, e.Seq)
			}
		}
		seq, hash, err := s.AuditHead(context.Background())
		if err != nil || seq != uint64(len(all)) || hash != all[len(all)-1].Hash {
			t.Fatalf("round %d: head %d %q %v, want the last of %d entries", round, seq, hash, err, len(all))
		}
		s.Close()
		t.Logf("round %d: killed after %d acks, %d entries durable", round, seen, len(all))
		acked = uint64(len(all))
	}
}
