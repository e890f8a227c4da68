package api

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/graph/ingest"
)

// IngestResult is the answer of a successful ingest: what was written per
// kind, and the lines and records read.
type IngestResult struct {
	graph.ApplyResult
	Lines   int64 `json:"lines"`
	Records int64 `json:"records"`
	// Invalid and Problems report the lines skipped with skip_invalid.
	Invalid  int64           `json:"invalid"`
	Problems []graph.Problem `json:"problems,omitempty"`
}

// NDJSON is the media type of an ingest body.
const NDJSON = "application/x-ndjson"

func (s *Server) ingest(c *gin.Context) {
	if err := RequireContentType(c, NDJSON); err != nil {
		Error(c, err)
		return
	}
	skip, err := QueryBool(c, "skip_invalid")
	if err != nil {
		Error(c, err)
		return
	}
	region, err := s.Region(c)
	if err != nil {
		Error(c, err)
		return
	}
	w := &auditedWriter{w: s.store, c: c}
	body := &lineCounter{r: c.Request.Body}
	sum, err := ingest.Reader(c.Request.Context(), w, body, ingest.Options{Region: region, SkipInvalid: skip})
	if sum != nil && sum.Lines == 0 {
		sum.Lines = body.lines()
	}
	if sum != nil {
		s.metrics.ingestInvalid.Add(float64(sum.Invalid))
	}
	if err != nil {
		s.metrics.ingestReject.Inc()
		var ge *graph.Error
		if codeOf(err) == graph.EINVALID && errors.As(err, &ge) && sum != nil {
			WriteProblem(c, Problem{Code: graph.EINVALID, Detail: ge.Message, Problems: ge.Problems, Invalid: sum.Invalid})
			return
		}
		Error(c, err)
		return
	}
	s.metrics.ingestRecords.Add(float64(sum.Records))
	if r := record(c); r != nil {
		r.total = max(int(sum.Records), len(r.ids)) // "+N more" counts records
	}
	if w.applied {
		s.metrics.ingestBatches.Inc()
	}
	JSON(c, http.StatusOK, IngestResult{ApplyResult: sum.Written, Lines: sum.Lines, Records: sum.Records,
		Invalid: sum.Invalid, Problems: sum.Problems})
}

// auditedWriter records the ids of a batch in the audit entry before
// writing it.
type auditedWriter struct {
	w       graph.Writer
	c       *gin.Context
	applied bool
}

func (a *auditedWriter) Apply(ctx context.Context, b *graph.Batch) (graph.ApplyResult, error) {
	r := record(a.c)
	if r != nil {
		// List the first ids written (records first, then the ends of
		// links), and count every record.
		seen := map[string]bool{}
		list := func(id string) {
			if len(r.ids) < MaxAuditIDs && !seen[id] {
				seen[id] = true
				r.ids = append(r.ids, id)
			}
		}
		for i := range b.Entities {
			list(b.Entities[i].ID)
		}
		for i := range b.Links {
			if l := &b.Links[i]; l.Kind != graph.LinkUses {
				list(l.From)
				list(l.To)
			}
		}
		r.total = max(r.total+b.Len(), len(r.ids))
	}
	res, err := a.w.Apply(ctx, b)
	if err == nil {
		a.applied = true
	}
	return res, err
}

// lineCounter counts the lines of a body as it is read.
type lineCounter struct {
	r        io.Reader
	newlines int64
	last     byte
	any      bool
}

func (l *lineCounter) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	if n > 0 {
		l.newlines += int64(bytes.Count(p[:n], []byte{'\n'}))
		l.last, l.any = p[n-1], true
	}
	return n, err
}

// lines is the number of lines read, a last line without a newline
// included.
func (l *lineCounter) lines() int64 {
	if l.any && l.last != '\n' {
		return l.newlines + 1
	}
	return l.newlines
}
