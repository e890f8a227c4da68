package networks

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/takedown/takedown/graph"
)

// MaxQueued bounds the runs waiting behind the running one.
const MaxQueued = 8

// Runner executes analysis runs one at a time, in the order they were
// submitted, on its own goroutine. Runs are recorded in graph.CollRuns
// from submission on; a queued or running run's progress is kept in
// memory and shown by Get.
type Runner struct {
	st     Store
	cfg    *Config
	scorer Scorer
	log    *slog.Logger
	// OnDone, if set before the first Submit, is called after each run
	// ends, on the runner's goroutine.
	OnDone func(*Run)

	mu     sync.Mutex
	active map[string]*Run // queued and running runs
	queue  chan queued
	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}
	closed bool
}

type queued struct {
	id  string
	cfg *Config
}

// NewRunner starts a runner over st with the given default configuration
// (nil for the defaults) and scorer (nil for DefaultScorer). Runs that a
// previous process left queued or running are marked failed.
func NewRunner(st Store, cfg *Config, sc Scorer, log *slog.Logger) *Runner {
	if cfg == nil {
		cfg = DefaultConfig()
	}
	if log == nil {
		log = slog.Default()
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &Runner{st: st, cfg: cfg, scorer: sc, log: log, active: map[string]*Run{},
		queue: make(chan queued, MaxQueued), ctx: ctx, cancel: cancel, done: make(chan struct{})}
	r.recover()
	go r.loop()
	return r
}

// Config returns the runner's default configuration (a copy).
func (r *Runner) Config() *Config { return r.cfg.Clone() }

// recover marks runs left unfinished by an earlier process as failed.
func (r *Runner) recover() {
	after := ""
	for {
		docs, err := r.st.ListDocs(r.ctx, graph.CollRuns, after, 500)
		if err != nil {
			r.log.Warn("analysis runs: cannot list runs to recover", "error", err)
			return
		}
		for _, d := range docs {
			var run Run
			if json.Unmarshal(d.Body, &run) != nil {
				continue
			}
			if run.Status == StatusQueued || run.Status == StatusRunning {
				run.Status, run.Error, run.Progress = StatusFailed, "interrupted: the server stopped before the run ended", nil
				if run.Finished.IsZero() {
					run.Finished = time.Now().UTC()
				}
				if err := putRun(r.ctx, r.st, &run); err != nil {
					r.log.Warn("analysis runs: cannot mark interrupted run", "run", run.ID, "error", err)
				}
			}
		}
		if len(docs) < 500 {
			return
		}
		after = docs[len(docs)-1].ID
	}
}

// Submit queues a run with cfg (nil for the runner's configuration) and
// returns it with status queued. ECONFLICT if MaxQueued runs are waiting.
func (r *Runner) Submit(ctx context.Context, cfg *Config) (*Run, error) {
	if cfg == nil {
		cfg = r.cfg
	}
	if err := cfg.Validate(); err != nil {
		return nil, graph.Errorf(graph.EINVALID, "configuration: %v", err)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil, graph.Errorf(graph.ECONFLICT, "the analysis runner is stopped")
	}
	if len(r.queue) >= MaxQueued {
		return nil, graph.Errorf(graph.ECONFLICT, "%d analysis runs are already queued; try again when one has finished", MaxQueued)
	}
	id, err := allocateRunID(ctx, r.st)
	if err != nil {
		return nil, err
	}
	run := &Run{ID: id, Status: StatusQueued, Queued: time.Now().UTC(), Params: cfg.Clone()}
	if err := putRun(ctx, r.st, run); err != nil {
		return nil, err
	}
	r.active[id] = run
	r.queue <- queued{id: id, cfg: cfg.Clone()}
	c := *run
	return &c, nil
}

func (r *Runner) loop() {
	defer close(r.done)
	for {
		select {
		case <-r.ctx.Done():
			return
		case q := <-r.queue:
			if r.ctx.Err() != nil {
				return // Close marks it failed
			}
			r.execute(q)
		}
	}
}

func (r *Runner) execute(q queued) {
	r.mu.Lock()
	run := r.active[q.id]
	queuedAt := run.Queued
	run.Status = StatusRunning
	run.Started = time.Now().UTC()
	run.Progress = &Progress{Phase: PhaseProjection}
	r.mu.Unlock()
	res, err := AnalyzeWith(r.ctx, r.st, q.cfg, Options{
		Scorer: r.scorer, RunID: q.id, Queued: queuedAt,
		Progress: func(phase string, pct float64) {
			r.mu.Lock()
			run.Progress = &Progress{Phase: phase, Percent: round4(pct)}
			r.mu.Unlock()
		},
	})
	if err != nil {
		r.log.Error("analysis run failed", "run", q.id, "error", err)
	}
	r.mu.Lock()
	delete(r.active, q.id)
	r.mu.Unlock()
	if res != nil && r.OnDone != nil {
		r.OnDone(res)
	}
}

// Get returns a run: a queued or running one with its progress, or the
// stored document of a finished one. ENOTFOUND if unknown.
func (r *Runner) Get(ctx context.Context, id string) (*Run, error) {
	r.mu.Lock()
	if run, ok := r.active[id]; ok {
		c := *run
		if run.Progress != nil {
			pr := *run.Progress
			c.Progress = &pr
		}
		r.mu.Unlock()
		return &c, nil
	}
	r.mu.Unlock()
	var run Run
	if err := getJSON(ctx, r.st, graph.CollRuns, id, &run); err != nil {
		if graph.ErrorCode(err) == graph.ENOTFOUND {
			return nil, graph.Errorf(graph.ENOTFOUND, "analysis run %q not found", id)
		}
		return nil, err
	}
	// A run still marked running by the store but not active here is
	// either finishing its last write or was started by another process.
	return &run, nil
}

// List returns runs newest first, at most limit (≤ 0 means 50), starting
// after the run id `before` if given.
func (r *Runner) List(ctx context.Context, before string, limit int) ([]Run, error) {
	if limit <= 0 {
		limit = 50
	}
	var all []Run
	after := ""
	for {
		docs, err := r.st.ListDocs(ctx, graph.CollRuns, after, 1000)
		if err != nil {
			return nil, err
		}
		for _, d := range docs {
			var run Run
			if err := json.Unmarshal(d.Body, &run); err != nil {
				continue
			}
			all = append(all, run)
		}
		if len(docs) < 1000 {
			break
		}
		after = docs[len(docs)-1].ID
	}
	slices.Reverse(all)
	if before != "" {
		i := slices.IndexFunc(all, func(x Run) bool { return x.ID < before })
		if i < 0 {
			all = nil
		} else {
			all = all[i:]
		}
	}
	all = all[:min(limit, len(all))]
	r.mu.Lock()
	for i := range all {
		if a, ok := r.active[all[i].ID]; ok {
			all[i] = *a
		}
	}
	r.mu.Unlock()
	return all, nil
}

// Close stops the runner: a running analysis is cancelled (and recorded
// as failed) and queued ones are marked failed.
func (r *Runner) Close() error {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return nil
	}
	r.closed = true
	r.mu.Unlock()
	r.cancel()
	<-r.done
	var errs []error
	r.mu.Lock()
	defer r.mu.Unlock()
	for id, run := range r.active {
		run.Status, run.Error, run.Progress = StatusFailed, "cancelled: the runner stopped before the run started", nil
		run.Finished = time.Now().UTC()
		if err := putRun(context.Background(), r.st, run); err != nil {
			errs = append(errs, err)
		}
		delete(r.active, id)
	}
	return errors.Join(errs...)
}
