package networks

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/takedown/takedown/graph"
)

// Store is what an analysis needs of the graph store: the export, the
// counts and version, and the documents. graph.Store satisfies it.
type Store interface {
	graph.Exporter
	graph.DocStore
	Stats(ctx context.Context) (*graph.Stats, error)
}

// Documents of graph.CollMeta kept by this package.
const (
	stateDocID  = "networks.state"   // lineageState: previous clusters and the id counter
	indexDocID  = "networks.index"   // clusterIndex: the current run's clusters in rank order
	runSeqDocID = "networks.run_seq" // runSeq: the run id counter
)

// clusterIndex is the listing of the current run's clusters, in rank order.
type clusterIndex struct {
	Run   string           `json:"run"`
	Items []ClusterSummary `json:"items"`
	// Retired maps ids of the previous run that no cluster continues to
	// what became of them.
	Retired map[string]Dissolved `json:"retired,omitempty"`
}

type runSeq struct {
	Next int64 `json:"next"`
}

// RunID formats the n-th run id: run-000042.
func RunID(n int64) string { return fmt.Sprintf("run-%06d", n) }

// Options are the optional inputs of AnalyzeWith.
type Options struct {
	// Scorer ranks clusters; nil means DefaultScorer.
	Scorer Scorer
	// Progress is called with the phase and the percent of the whole run
	// done.
	Progress func(phase string, pct float64)
	// RunID is the id to record the run under; empty allocates the next.
	RunID string
	// Queued is when the run was asked for (the Runner's submit time).
	Queued time.Time
}

// DefaultScorer is the scorer of runs that name none.
var DefaultScorer Scorer = defaultScorer()

// Analyze projects the stored graph, detects its networks, finds their
// key players, ranks them, matches them to the previous run's and stores
// the run (graph.CollRuns) and its clusters (graph.CollClusters, replacing
// the previous run's). progress, if not nil, is called with each phase
// and the percent of the whole run done. A nil cfg means the defaults.
func Analyze(ctx context.Context, st Store, cfg *Config, progress func(phase string, pct float64)) (*Run, error) {
	return AnalyzeWith(ctx, st, cfg, Options{Progress: progress})
}

// phase spans of the whole run's percent.
var phaseSpan = map[string][2]float64{
	PhaseProjection: {0, 55}, PhaseDetection: {55, 75}, PhaseKeyPlayers: {75, 85},
	PhaseRanking: {85, 93}, PhaseStore: {93, 100},
}

// AnalyzeWith is Analyze with options.
func AnalyzeWith(ctx context.Context, st Store, cfg *Config, opt Options) (*Run, error) {
	if cfg == nil {
		cfg = DefaultConfig()
	}
	if err := cfg.Validate(); err != nil {
		return nil, graph.Errorf(graph.EINVALID, "configuration: %v", err)
	}
	sc := opt.Scorer
	if sc == nil {
		sc = DefaultScorer
	}
	id := opt.RunID
	if id == "" {
		var err error
		if id, err = allocateRunID(ctx, st); err != nil {
			return nil, err
		}
	}
	run := &Run{ID: id, Status: StatusRunning, Queued: opt.Queued, Started: time.Now().UTC(), Params: cfg.Clone(),
		Timings: map[string]float64{}}
	if run.Queued.IsZero() {
		run.Queued = run.Started
	}
	if err := putRun(ctx, st, run); err != nil {
		return nil, err
	}
	a := &job{ctx: ctx, st: st, cfg: cfg, sc: sc, run: run, progress: opt.Progress}
	err := a.execute()
	run.Finished = time.Now().UTC()
	run.Progress = nil
	if err != nil {
		run.Status = StatusFailed
		run.Error = graph.ErrorMessage(err)
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			run.Error = "the run was cancelled"
		}
		// The failure is recorded even when ctx is done.
		if perr := putRun(context.WithoutCancel(ctx), st, run); perr != nil {
			return run, errors.Join(err, perr)
		}
		return run, err
	}
	run.Status = StatusSucceeded
	if err := putRun(ctx, st, run); err != nil {
		return run, err
	}
	return run, nil
}

func putRun(ctx context.Context, st graph.DocStore, run *Run) error {
	b, err := json.Marshal(run)
	if err != nil {
		return graph.Internal(err)
	}
	return st.PutDocs(ctx, graph.CollRuns, []graph.Doc{{ID: run.ID, Body: b}})
}

// allocateRunID takes the next run id from the counter in CollMeta.
func allocateRunID(ctx context.Context, st graph.DocStore) (string, error) {
	var seq runSeq
	if err := getJSON(ctx, st, graph.CollMeta, runSeqDocID, &seq); err != nil && graph.ErrorCode(err) != graph.ENOTFOUND {
		return "", err
	}
	if seq.Next < 1 {
		seq.Next = 1
	}
	// Skip ids taken by runs the counter does not know of.
	for {
		if _, err := st.GetDoc(ctx, graph.CollRuns, RunID(seq.Next)); graph.ErrorCode(err) == graph.ENOTFOUND {
			break
		} else if err != nil {
			return "", err
		}
		seq.Next++
	}
	id := RunID(seq.Next)
	seq.Next++
	if err := putJSON(ctx, st, graph.CollMeta, runSeqDocID, &seq); err != nil {
		return "", err
	}
	return id, nil
}

func getJSON(ctx context.Context, st graph.DocStore, coll graph.Collection, id string, v any) error {
	d, err := st.GetDoc(ctx, coll, id)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(d.Body, v); err != nil {
		return graph.Internal(fmt.Errorf("document %s/%s: %w", coll, id, err))
	}
	return nil
}

func putJSON(ctx context.Context, st graph.DocStore, coll graph.Collection, id string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return graph.Internal(err)
	}
	return st.PutDocs(ctx, coll, []graph.Doc{{ID: id, Body: b}})
}

// job is one run in progress.
type job struct {
	ctx      context.Context
	st       Store
	cfg      *Config
	sc       Scorer
	run      *Run
	progress func(string, float64)
	t0       time.Time
	lastStep time.Time
	peak     uint64
}

// step records the time since the previous step under name, a finer
// timing within a phase ("projection.read").
func (a *job) step(name string) {
	now := time.Now()
	a.run.Timings[name] = round4(now.Sub(a.lastStep).Seconds())
	a.lastStep = now
}

func (a *job) report(phase string, frac float64) {
	if a.progress == nil {
		return
	}
	s := phaseSpan[phase]
	frac = min(max(frac, 0), 1)
	a.progress(phase, s[0]+(s[1]-s[0])*frac)
}

// phaseDone records the phase's time and the heap.
func (a *job) phaseDone(phase string) {
	a.run.Timings[phase] = round4(time.Since(a.t0).Seconds())
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	a.peak = max(a.peak, ms.HeapInuse)
	a.report(phase, 1)
	a.t0 = time.Now()
	a.lastStep = a.t0
}

func (a *job) execute() error {
	ctx, cfg := a.ctx, a.cfg
	sum := &RunSummary{EdgeCounts: map[graph.Evidence]int{}, Lineage: map[string]int{}}
	a.run.Summary = sum
	stats, err := a.st.Stats(ctx)
	if err != nil {
		return err
	}
	a.run.GraphVersion = stats.Version
	total := stats.Accounts + stats.Pages + stats.Posts + stats.Links
	a.t0 = time.Now()
	a.lastStep = a.t0
	start := a.t0

	// Projection.
	a.report(PhaseProjection, 0)
	r, err := readStore(ctx, a.st, cfg, stats.Accounts+stats.Pages+stats.Posts, func(done int) {
		if total > 0 {
			a.report(PhaseProjection, 0.9*float64(done)/float64(total))
		}
	})
	if err != nil {
		return err
	}
	a.step("projection.read")
	p := project(r, cfg, a.step)
	sum.Entities, sum.Actors, sum.Posts, sum.Links = r.entities, len(r.actors), len(r.postID), r.links
	sum.Nodes, sum.Edges, sum.Merged = p.n, p.g.NumEdges(), len(r.actors)-p.n
	for e, n := range p.edgeCounts {
		if n > 0 {
			sum.EdgeCounts[evidence(e).name()] = n
		}
	}
	sum.HubsCut = len(p.hubs)
	sum.Hubs = p.hubs[:min(len(p.hubs), MaxHubsListed)]
	sum.CoordinationHubs = p.coordHubs
	r.ids = nil // the id map is not needed past the projection
	a.phaseDone(PhaseProjection)
	if err := ctx.Err(); err != nil {
		return err
	}

	// Detection.
	d := detect(p, cfg, func(f float64) { a.report(PhaseDetection, f) }, a.step)
	sum.Communities, sum.Modularity, sum.Clusters = d.communities, round4(d.modularity), len(d.clusters)
	for _, s := range d.size {
		sum.Clustered += s
	}
	a.phaseDone(PhaseDetection)
	if err := ctx.Err(); err != nil {
		return err
	}

	// Key players.
	kp := keyPlayers(p, d, cfg, func(f float64) { a.report(PhaseKeyPlayers, f) })
	a.phaseDone(PhaseKeyPlayers)
	if err := ctx.Err(); err != nil {
		return err
	}

	// Lineage (ids), then ranking.
	var prev lineageState
	if err := getJSON(ctx, a.st, graph.CollMeta, stateDocID, &prev); err != nil && graph.ErrorCode(err) != graph.ENOTFOUND {
		return err
	}
	members := make([][]string, len(d.clusters))
	for x, nodes := range d.clusters {
		var ms []string
		for _, v := range nodes {
			for _, act := range p.actorsOf(v) {
				ms = append(ms, r.actorName(act))
			}
		}
		slices.Sort(ms)
		members[x] = ms
	}
	lin := matchLineage(&prev, members, cfg.Lineage, a.run.Started)
	sum.PreviousRun = prev.Run
	sum.Dissolved, sum.Absorbed = lin.dissolved, lin.absorbed
	ds := newDescriber(p, d, kp, cfg)
	sum.AsOf = ds.asOf
	bs := ds.describeAll(a.sc, lin.ids, func(f float64) { a.report(PhaseRanking, f) })
	for x := range bs {
		bs[x].doc.Lineage = lin.lineage[x]
		bs[x].doc.Run = a.run.ID
		sum.Lineage[lin.lineage[x].Status]++
	}
	if n := len(lin.dissolved); n > 0 {
		sum.Lineage[LineageDissolved] = n
	}
	slices.SortStableFunc(bs, func(x, y built) int {
		if c := cmp.Compare(y.score, x.score); c != 0 {
			return c
		}
		if c := cmp.Compare(y.doc.Size, x.doc.Size); c != 0 {
			return c
		}
		return strings.Compare(x.first, y.first)
	})
	for i := range bs {
		bs[i].doc.Rank = i + 1
	}
	a.phaseDone(PhaseRanking)
	if err := ctx.Err(); err != nil {
		return err
	}

	// Store.
	if err := a.store(bs, members, lin, &prev); err != nil {
		return err
	}
	sum.PeakHeapBytes = a.peak
	after, err := a.st.Stats(ctx)
	if err == nil && after.Version != a.run.GraphVersion {
		a.run.GraphChanged = true
	}
	a.phaseDone(PhaseStore)
	sum.PeakHeapBytes = a.peak
	a.run.Timings["total"] = round4(time.Since(start).Seconds())
	return nil
}

// store writes the results on the graph (when the store is a
// ClusterWriter), then the cluster documents, then the index and lineage
// state that make them current, then removes the previous run's clusters
// that no longer exist. Readers go through the index, so they see one run
// or the other.
func (a *job) store(bs []built, members [][]string, lin lineageResult, prev *lineageState) error {
	ctx := a.ctx
	docs := make([]graph.Doc, len(bs))
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(bs); i += 2 {
				b, err := json.Marshal(bs[i].doc)
				if err != nil {
					errs[w] = err
					return
				}
				docs[i] = graph.Doc{ID: bs[i].doc.ID, Body: b}
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return graph.Internal(err)
	}
	a.report(PhaseStore, 0.3)
	// A store that keeps the results on the graph gets them first, in one
	// transaction: if that fails, the run fails with nothing written, and
	// the previous run stays current in the documents and on the graph.
	if cw, ok := a.st.(ClusterWriter); ok {
		t0 := time.Now()
		if err := cw.WriteClusters(ctx, clusterResults(bs)); err != nil {
			return err
		}
		a.run.Timings["store.graph"] = round4(time.Since(t0).Seconds())
		a.report(PhaseStore, 0.4)
	}
	const chunk = 20000
	for i := 0; i < len(docs); i += chunk {
		if err := a.st.PutDocs(ctx, graph.CollClusters, docs[i:min(i+chunk, len(docs))]); err != nil {
			return err
		}
	}
	a.report(PhaseStore, 0.7)
	idx := clusterIndex{Run: a.run.ID, Items: make([]ClusterSummary, len(bs))}
	for i := range bs {
		idx.Items[i] = bs[i].doc.Summary()
	}
	if len(lin.dissolved)+len(lin.absorbed) > 0 {
		idx.Retired = map[string]Dissolved{}
		for _, d := range lin.dissolved {
			idx.Retired[d.ID] = d
		}
		for _, d := range lin.absorbed {
			idx.Retired[d.ID] = d
		}
	}
	state := lineageState{Run: a.run.ID, NextID: lin.nextID, Clusters: make([]prevState, len(bs))}
	byID := map[string]int{}
	for i := range bs {
		byID[bs[i].doc.ID] = i
	}
	for x, id := range lin.ids {
		l := lin.lineage[x]
		state.Clusters[byID[id]] = prevState{ID: id, Since: l.Since, Runs: l.Runs, Members: members[x]}
	}
	ib, err := json.Marshal(&idx)
	if err != nil {
		return graph.Internal(err)
	}
	sb, err := json.Marshal(&state)
	if err != nil {
		return graph.Internal(err)
	}
	cb, _ := json.Marshal(currentDoc{Run: a.run.ID})
	if err := a.st.PutDocs(ctx, graph.CollMeta, []graph.Doc{{ID: indexDocID, Body: ib}, {ID: stateDocID, Body: sb}, {ID: currentDocID, Body: cb}}); err != nil {
		return err
	}
	var stale []string
	for _, c := range prev.Clusters {
		if _, ok := byID[c.ID]; !ok {
			stale = append(stale, c.ID)
		}
	}
	if len(stale) > 0 {
		if err := a.st.DeleteDocs(ctx, graph.CollClusters, stale); err != nil {
			return err
		}
	}
	return nil
}
