package ingest

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"sync/atomic"
	"time"

	"github.com/takedown/takedown/graph"
)

// Defaults.
const (
	DefaultBatchSize    = 10000
	DefaultMaxLineBytes = 1 << 20
	DefaultMaxProblems  = 100
)

// Options configure an ingest.
type Options struct {
	Region       string // default region for national phone numbers
	BatchSize    int    // records per transaction
	MaxLineBytes int    // longer lines are rejected
	MaxProblems  int    // problems reported; counting goes on past it
	// SkipInvalid writes the valid lines and reports the others, instead
	// of writing nothing when any line is invalid.
	SkipInvalid bool
	Progress    func(Progress)
}

func (o *Options) defaults() {
	if o.BatchSize <= 0 {
		o.BatchSize = DefaultBatchSize
	}
	if o.MaxLineBytes <= 0 {
		o.MaxLineBytes = DefaultMaxLineBytes
	}
	if o.MaxProblems <= 0 {
		o.MaxProblems = DefaultMaxProblems
	}
}

// Progress is reported during an ingest.
type Progress struct {
	Phase   string // "validate" or "write"
	Bytes   int64  // bytes read so far in this phase
	Lines   int64
	Records int64
}

// Summary is the outcome of an ingest.
type Summary struct {
	Lines    int64             `json:"lines"`
	Records  int64             `json:"records"`
	Invalid  int64             `json:"invalid"`
	Problems []graph.Problem   `json:"problems,omitempty"`
	Written  graph.ApplyResult `json:"written"`
	Seconds  float64           `json:"seconds"`
}

// RecordsPerSecond is the write rate of the whole ingest.
func (s *Summary) RecordsPerSecond() float64 {
	if s.Seconds == 0 {
		return 0
	}
	return float64(s.Records) / s.Seconds
}

type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

func (c *countingReader) bytes() int64 { return c.n.Load() }

// chunk is a run of lines converted by one worker.
type chunk struct {
	first int64 // line number of lines[0]
	lines [][]byte
	long  []int64 // lines over the limit, reported without parsing
	items []*Items
	probs []graph.Problem
	done  chan struct{}
}

const chunkLines = 512

// scan streams the lines of r through the converter, converting chunks of
// lines on every core and handing the results over in input order. fn
// receives each valid line's items; bad receives each invalid line.
func scan(ctx context.Context, r io.Reader, c *Converter, opt *Options, phase string,
	fn func(*Items) error, bad func(graph.Problem)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	cr := &countingReader{r: r}
	br := bufio.NewReaderSize(cr, opt.MaxLineBytes+1)
	workers := max(1, runtime.GOMAXPROCS(0))
	work := make(chan *chunk, workers*2)
	ordered := make(chan *chunk, workers*4)
	var readErr error
	go func() { // reader
		defer close(work)
		defer close(ordered)
		var n int64
		cur := &chunk{first: 1, done: make(chan struct{})}
		send := func() bool {
			select {
			case work <- cur:
			case <-ctx.Done():
				return false
			}
			select {
			case ordered <- cur:
			case <-ctx.Done():
				return false
			}
			cur = &chunk{first: n + 1, done: make(chan struct{})}
			return true
		}
		for {
			line, err := br.ReadSlice('\n')
			if errors.Is(err, bufio.ErrBufferFull) {
				n++
				cur.long = append(cur.long, n)
				cur.lines = append(cur.lines, nil)
				for errors.Is(err, bufio.ErrBufferFull) {
					_, err = br.ReadSlice('\n')
				}
			} else if len(line) > 0 {
				n++
				cur.lines = append(cur.lines, append([]byte(nil), line...))
			}
			if len(cur.lines) >= chunkLines {
				if !send() {
					return
				}
			}
			if err == io.EOF {
				break
			} else if err != nil {
				readErr = err
				break
			}
		}
		if len(cur.lines) > 0 {
			send()
		}
	}()
	for range workers {
		go func() {
			for ch := range work {
				ch.items = make([]*Items, len(ch.lines))
				for i, line := range ch.lines {
					if line == nil {
						continue
					}
					items, p := c.Line(line, ch.first+int64(i))
					if p != nil {
						ch.probs = append(ch.probs, *p)
					}
					ch.items[i] = items
				}
				close(ch.done)
			}
		}()
	}
	var lines, records int64
	for ch := range ordered {
		<-ch.done
		for _, l := range ch.long {
			ch.probs = append(ch.probs, graph.Problem{Line: l, Reason: fmt.Sprintf("line longer than the limit of %d bytes", opt.MaxLineBytes)})
		}
		slices.SortFunc(ch.probs, func(a, b graph.Problem) int { return cmp.Compare(a.Line, b.Line) })
		for _, p := range ch.probs {
			bad(p)
		}
		for _, it := range ch.items {
			if it != nil {
				records++
				if err := fn(it); err != nil {
					return err
				}
			}
		}
		prev := lines
		lines = ch.first + int64(len(ch.lines)) - 1
		if prev/50000 != lines/50000 {
			if err := ctx.Err(); err != nil {
				return err
			}
			if opt.Progress != nil {
				opt.Progress(Progress{Phase: phase, Bytes: cr.bytes(), Lines: lines, Records: records})
			}
		}
	}
	if readErr != nil {
		return graph.Internal(readErr)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if opt.Progress != nil {
		opt.Progress(Progress{Phase: phase, Bytes: cr.bytes(), Lines: lines, Records: records})
	}
	return nil
}

// Validate reads r in full and reports its invalid lines without writing.
func Validate(ctx context.Context, r io.Reader, opt Options) (*Summary, error) {
	opt.defaults()
	sum := &Summary{}
	c := &Converter{Region: opt.Region}
	err := scan(ctx, r, c, &opt, "validate", func(*Items) error { sum.Records++; return nil }, sum.problem(&opt))
	return sum, err
}

func (s *Summary) problem(opt *Options) func(graph.Problem) {
	return func(p graph.Problem) {
		s.Invalid++
		if len(s.Problems) < opt.MaxProblems {
			s.Problems = append(s.Problems, p)
		}
	}
}

// InvalidError is the error of an ingest refused for invalid lines.
func InvalidError(s *Summary) *graph.Error {
	return &graph.Error{Code: graph.EINVALID, Problems: s.Problems,
		Message: fmt.Sprintf("%d invalid line(s); nothing was written", s.Invalid)}
}

// File ingests a file that can be read twice: open is called once to
// validate the whole file, and again to write it in batches. With
// SkipInvalid the first pass is skipped and invalid lines are reported.
// Each batch is one transaction; the ingest is idempotent, so an
// interrupted run is finished by running it again.
func File(ctx context.Context, w graph.Writer, open func() (io.ReadCloser, error), opt Options) (*Summary, error) {
	opt.defaults()
	t0 := time.Now()
	if !opt.SkipInvalid {
		rc, err := open()
		if err != nil {
			return nil, err
		}
		v, err := Validate(ctx, rc, opt)
		rc.Close()
		if err != nil {
			return nil, err
		}
		if v.Invalid > 0 {
			v.Seconds = time.Since(t0).Seconds()
			return v, InvalidError(v)
		}
	}
	rc, err := open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	sum := &Summary{}
	c := &Converter{Region: opt.Region}
	// Batches are written by their own goroutine, so the next batch is
	// parsed while the previous one commits. One batch waits at most.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	queue := make(chan *graph.Batch, 1)
	written := make(chan error, 1)
	go func() {
		var werr error
		for b := range queue {
			if werr != nil {
				continue
			}
			res, err := w.Apply(ctx, b)
			if err != nil {
				werr = err
				cancel()
				continue
			}
			sum.Written.Add(res)
		}
		written <- werr
	}()
	batch := &graph.Batch{}
	records := 0
	flush := func() error {
		if records == 0 {
			return nil
		}
		select {
		case queue <- batch:
		case <-ctx.Done():
			return ctx.Err()
		}
		batch, records = &graph.Batch{Entities: make([]graph.Entity, 0, len(batch.Entities)), Links: make([]graph.Link, 0, len(batch.Links))}, 0
		return nil
	}
	err = scan(ctx, rc, c, &opt, "write", func(it *Items) error {
		sum.Records++
		batch.Entities = append(batch.Entities, it.Entities...)
		batch.Links = append(batch.Links, it.Links...)
		records++
		if records >= opt.BatchSize {
			return flush()
		}
		return nil
	}, sum.problem(&opt))
	if err == nil {
		err = flush()
	}
	close(queue)
	if werr := <-written; werr != nil {
		err = werr // the write error is the cause of any cancellation
	}
	sum.Seconds = time.Since(t0).Seconds()
	return sum, err
}

// Reader ingests all of r as one batch, in one transaction: all of it or
// nothing. It is for bounded inputs such as an HTTP request body.
func Reader(ctx context.Context, w graph.Writer, r io.Reader, opt Options) (*Summary, error) {
	opt.defaults()
	t0 := time.Now()
	sum := &Summary{}
	c := &Converter{Region: opt.Region}
	batch := &graph.Batch{}
	err := scan(ctx, r, c, &opt, "write", func(it *Items) error {
		sum.Records++
		batch.Entities = append(batch.Entities, it.Entities...)
		batch.Links = append(batch.Links, it.Links...)
		return nil
	}, sum.problem(&opt))
	if err != nil {
		return sum, err
	}
	if sum.Invalid > 0 && !opt.SkipInvalid {
		return sum, InvalidError(sum)
	}
	if batch.Len() > 0 {
		res, err := w.Apply(ctx, batch)
		if err != nil {
			return sum, err
		}
		sum.Written = res
	}
	sum.Seconds = time.Since(t0).Seconds()
	return sum, nil
}
