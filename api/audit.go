package api

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/takedown/takedown/graph"
)

// auditRecord gathers what a handler read or wrote, for the audit entry.
type auditRecord struct {
	ids   []string
	total int
}

// Audit records entity ids that the request read or wrote. The first
// MaxAuditIDs are listed in the audit entry and the others counted.
func Audit(c *gin.Context, ids ...string) {
	r := record(c)
	if r == nil {
		return
	}
	for _, id := range ids {
		if len(r.ids) < MaxAuditIDs {
			r.ids = append(r.ids, id)
		}
		r.total++
	}
}

// AuditMore counts n more entities without listing them (the accounts
// of a linked query, the records of an ingest beyond the first ids).
func AuditMore(c *gin.Context, n int) {
	if r := record(c); r != nil && n > 0 {
		r.total += n
	}
}

func record(c *gin.Context) *auditRecord {
	v, ok := c.Get(ctxAudit)
	if !ok {
		return nil
	}
	return v.(*auditRecord)
}

// entities is the list of the audit entry: the ids, then "+N more".
func (r *auditRecord) entities() []string {
	if r == nil || r.total == 0 {
		return nil
	}
	out := r.ids
	if more := r.total - len(r.ids); more > 0 {
		out = append(out[:len(out):len(out)], "+"+strconv.Itoa(more)+" more")
	}
	return out
}

// auditTimeout bounds the append of one entry; it does not depend on the
// request's own deadline, so that a timed-out request is audited too.
const auditTimeout = 10 * time.Second

// audit appends an entry to the audit log for every request except those
// of public routes: who (key name, never the token), the role, the route
// template, the entities and the status. The response is held until the
// entry is durable; if it cannot be written, the answer is a 500 problem
// instead, so that nothing is served without a record.
func (s *Server) audit(c *gin.Context) {
	if rt := s.routeFor(c); rt != nil && rt.Role == Public {
		c.Next()
		return
	}
	start := time.Now().UTC()
	inner := c.Writer
	base := map[string]bool{}
	for k := range inner.Header() {
		base[k] = true
	}
	bw := &heldWriter{ResponseWriter: inner, status: inner.Status()}
	rec := &auditRecord{}
	c.Writer = bw
	c.Set(ctxAudit, rec)
	defer func() { c.Writer = inner }()
	c.Next()

	e := &graph.AuditEntry{Time: start, Actor: "anonymous", Action: c.Request.Method + " " + c.FullPath(),
		Entities: rec.entities(), Outcome: strconv.Itoa(bw.status), Request: RequestID(c)}
	if c.FullPath() == "" {
		e.Action = c.Request.Method + " (no route)"
	}
	if k, ok := CallerOf(c); ok {
		e.Actor, e.Role = k.Name, k.Role.String()
	}
	t0 := time.Now()
	err := s.appendAudit(c.Request.Context(), e)
	s.metrics.auditAppend.Observe(time.Since(t0).Seconds())
	c.Writer = inner
	if err != nil {
		s.metrics.auditFailures.Inc()
		logger(c).Error("audit append failed; answer withheld", slog.String("route", routeOf(c)),
			slog.Int("status", bw.status), slog.String("error", err.Error()))
		for k := range inner.Header() {
			if !base[k] {
				inner.Header().Del(k)
			}
		}
		c.Errors = c.Errors[:0]
		WriteProblem(c, Problem{Code: graph.EINTERNAL, Detail: "the request could not be audited, so it was not answered"})
		bw.release()
		return
	}
	bw.commit()
}

// appendAudit appends e, outside the request's deadline; a panicking
// store is an error like any other.
func (s *Server) appendAudit(ctx context.Context, e *graph.AuditEntry) (err error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), auditTimeout)
	defer cancel()
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("audit append panicked: %v", p)
		}
	}()
	return s.store.AppendAudit(ctx, e)
}

// heldWriter holds a response until it is released by commit.
type heldWriter struct {
	gin.ResponseWriter
	status  int
	written bool
	buf     bytes.Buffer
	owned   *[]byte // a whole body handed over by own, sent instead of buf
}

// bodies keeps answer buffers for the next answers (JSON): a linked-accounts
// answer is tens of kilobytes.
var bodies = sync.Pool{New: func() any { b := make([]byte, 0, 64<<10); return &b }}

// maxPooledBody is the largest buffer bodies keeps.
const maxPooledBody = 1 << 20

func putBody(b *[]byte) {
	if cap(*b) <= maxPooledBody {
		*b = (*b)[:0]
		bodies.Put(b)
	}
}

// own takes b as the whole body without copying it; the caller gives it
// up, and has checked that nothing was written yet.
func (w *heldWriter) own(b *[]byte) {
	w.written, w.owned = true, b
}

func (w *heldWriter) body() []byte {
	if w.owned != nil {
		return *w.owned
	}
	return w.buf.Bytes()
}

// unown moves an owned body into buf, before more is written.
func (w *heldWriter) unown() {
	if w.owned != nil {
		w.buf.Write(*w.owned)
		putBody(w.owned)
		w.owned = nil
	}
}

func (w *heldWriter) WriteHeader(code int) {
	if code > 0 && !w.written {
		w.status = code
	}
}

func (w *heldWriter) WriteHeaderNow() { w.written = true }

func (w *heldWriter) Write(b []byte) (int, error) {
	w.written = true
	w.unown()
	return w.buf.Write(b)
}

func (w *heldWriter) WriteString(s string) (int, error) {
	w.written = true
	w.unown()
	return w.buf.WriteString(s)
}

func (w *heldWriter) Status() int { return w.status }

func (w *heldWriter) Size() int {
	if !w.written {
		return -1
	}
	return len(w.body())
}

func (w *heldWriter) Written() bool { return w.written }

// Flush does nothing: the response is held until it is audited.
func (w *heldWriter) Flush() {}

func (w *heldWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return nil, nil, errors.New("api: an audited response cannot be hijacked")
}

func (w *heldWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// commit sends the held response.
func (w *heldWriter) commit() {
	body := w.body()
	if h := w.ResponseWriter.Header(); len(body) > 0 && h.Get("Content-Length") == "" {
		h.Set("Content-Length", strconv.Itoa(len(body))) // the whole body is here: no chunked encoding
	}
	w.ResponseWriter.WriteHeader(w.status)
	if !w.written && len(body) == 0 {
		w.ResponseWriter.WriteHeaderNow()
		return
	}
	_, _ = w.ResponseWriter.Write(body)
	w.release()
}

// release gives an owned body back to the pool once it is sent or dropped.
func (w *heldWriter) release() {
	if w.owned != nil {
		putBody(w.owned)
		w.owned = nil
	}
}

// AuditHeader is implemented by an audit log that can tell its last entry
// (its sequence number and hash); VerifyChain then also detects entries
// removed from the end.
type AuditHeader interface {
	AuditHead(ctx context.Context) (seq uint64, hash string, err error)
}

// verifyPage is how many entries VerifyChain reads at a time.
const verifyPage = 1000

// VerifyChain walks the whole audit log in pages and checks its hash
// chain (graph.VerifyAudit): every entry's hash matches its content and
// names the entry before, and no sequence number is missing. If the log
// is an AuditHeader, it also checks that the log reaches the head read
// before the walk, with the same hash (entries appended during the walk
// do not matter). It returns how many entries were checked and, if the
// chain is broken, an ECONFLICT error naming the first broken entry.
func VerifyChain(ctx context.Context, a Auditor) (checked int, err error) {
	var headSeq uint64
	var headHash string
	h, hasHead := a.(AuditHeader)
	if hasHead {
		if headSeq, headHash, err = h.AuditHead(ctx); err != nil {
			return 0, err
		}
	}
	prev := ""
	var after uint64
	atHead := headSeq == 0
	for {
		page, err := a.Audit(ctx, graph.AuditQuery{After: after, Limit: verifyPage})
		if err != nil {
			return checked, err
		}
		if len(page) == 0 {
			break
		}
		for i := range page {
			if want := after + uint64(i) + 1; page[i].Seq != want {
				return checked + i, graph.Errorf(graph.ECONFLICT, "audit entry %d is missing (next entry is %d)", want, page[i].Seq)
			}
		}
		if bad, err := graph.VerifyAudit(prev, page); err != nil {
			return checked + int(bad-after-1), err
		}
		if !atHead && page[len(page)-1].Seq >= headSeq {
			e := page[headSeq-after-1]
			if e.Hash != headHash {
				return checked + int(headSeq-after-1), graph.Errorf(graph.ECONFLICT, "audit entry %d is not the one recorded as the log's head", headSeq)
			}
			atHead = true
		}
		checked += len(page)
		prev = page[len(page)-1].Hash
		after = page[len(page)-1].Seq
	}
	if !atHead {
		return checked, graph.Errorf(graph.ECONFLICT, "audit log ends at entry %d but its head is entry %d: entries were removed from its end", after, headSeq)
	}
	return checked, nil
}
