package graph

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"
)

// ChainAudit sets e.PrevHash to prev and e.Hash to the SHA-256 of prev and
// the entry's content, so that each entry commits to all before it.
func ChainAudit(prev string, e *AuditEntry) {
	e.PrevHash = prev
	e.Hash = auditHash(e)
}

func auditHash(e *AuditEntry) string {
	c := *e
	c.Hash = ""
	c.Time = c.Time.UTC().Truncate(time.Microsecond)
	b, _ := json.Marshal(c)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// VerifyAudit checks a contiguous run of the chain starting at prev (""
// for the first entry): every entry's hash matches its content and names
// the one before. It returns the Seq of the first broken entry.
func VerifyAudit(prev string, entries []AuditEntry) (uint64, error) {
	for i := range entries {
		e := &entries[i]
		if e.PrevHash != prev {
			return e.Seq, Errorf(ECONFLICT, "audit entry %d: previous hash does not match entry %d", e.Seq, e.Seq-1)
		}
		if h := auditHash(e); h != e.Hash {
			return e.Seq, Errorf(ECONFLICT, "audit entry %d: content does not match its hash", e.Seq)
		}
		prev = e.Hash
	}
	return 0, nil
}

// ValidateAudit checks the fields an entry must have before it is appended.
func ValidateAudit(e *AuditEntry) error {
	if e.Actor == "" || e.Action == "" {
		return fmt.Errorf("audit entry needs an actor and an action")
	}
	return nil
}
