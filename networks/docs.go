package networks

import (
	"time"

	"github.com/takedown/takedown/graph"
)

// Run statuses.
const (
	StatusQueued    = "queued"
	StatusRunning   = "running"
	StatusSucceeded = "succeeded"
	StatusFailed    = "failed"
)

// Phases of a run, in order, as reported to progress callbacks.
const (
	PhaseProjection = "projection"
	PhaseDetection  = "detection"
	PhaseKeyPlayers = "key_players"
	PhaseRanking    = "ranking"
	PhaseStore      = "store"
)

// Phases lists the phases in order.
var Phases = []string{PhaseProjection, PhaseDetection, PhaseKeyPlayers, PhaseRanking, PhaseStore}

// Roles of members in a cluster.
const (
	RoleKeyPlayer = "key player"
	RoleBridge    = "bridge"
	RoleMember    = "member"
)

// Lineage statuses of a cluster relative to the previous run.
const (
	LineageNew       = "new"
	LineageContinued = "continued"
	LineageGrown     = "grown"
	LineageShrunk    = "shrunk"
	LineageSplit     = "split"
	LineageMerged    = "merged"
	LineageDissolved = "dissolved"
)

// Run is the document of one analysis run, in graph.CollRuns.
type Run struct {
	ID       string    `json:"id"`
	Status   string    `json:"status"`
	Error    string    `json:"error,omitempty"`
	Queued   time.Time `json:"queued_at,omitzero"`
	Started  time.Time `json:"started_at,omitzero"`
	Finished time.Time `json:"finished_at,omitzero"`
	// Progress is the phase being run and its completion, while running.
	Progress *Progress `json:"progress,omitempty"`
	// Params are the configuration the run used.
	Params *Config `json:"params,omitempty"`
	// GraphVersion is Stats().Version when the run read the graph;
	// GraphChanged is set if the graph changed while it was read.
	GraphVersion uint64 `json:"graph_version"`
	GraphChanged bool   `json:"graph_changed,omitempty"`
	// Timings are the seconds spent in each phase.
	Timings map[string]float64 `json:"timings,omitempty"`
	Summary *RunSummary        `json:"summary,omitempty"`
}

// Progress is where a running analysis is.
type Progress struct {
	Phase   string  `json:"phase"`
	Percent float64 `json:"percent"`
}

// RunSummary is the outcome of a run.
type RunSummary struct {
	// Graph read.
	Entities   int                    `json:"entities"`
	Actors     int                    `json:"actors"` // accounts and pages
	Posts      int                    `json:"posts"`
	Links      int                    `json:"links"`
	Merged     int                    `json:"merged"` // actors folded into another by same_as
	Nodes      int                    `json:"nodes"`  // projection nodes
	Edges      int                    `json:"edges"`  // distinct projection edges
	EdgeCounts map[graph.Evidence]int `json:"edge_counts"`
	// Detection.
	Communities int     `json:"communities"`
	Modularity  float64 `json:"modularity"`
	Clusters    int     `json:"clusters"` // reported (size and signal cuts)
	Clustered   int     `json:"clustered"`
	// Hubs cut from the projection, largest first, at most MaxHubsListed;
	// HubsCut is their total count.
	HubsCut int   `json:"hubs_cut"`
	Hubs    []Hub `json:"hubs,omitempty"`
	// Coordination items dropped for having more than hub_cut actors.
	CoordinationHubs int `json:"coordination_hubs"`
	// Lineage against the previous run.
	PreviousRun string         `json:"previous_run,omitempty"`
	Lineage     map[string]int `json:"lineage"`
	Dissolved   []Dissolved    `json:"dissolved,omitempty"`
	// Absorbed lists previous clusters that no cluster continues but
	// whose members went, in part, into the clusters of Into.
	Absorbed []Dissolved `json:"absorbed,omitempty"`
	// AsOf is the date ranking measured recency from.
	AsOf time.Time `json:"as_of,omitzero"`
	// PeakHeapBytes is the largest Go heap seen at a phase boundary.
	PeakHeapBytes uint64 `json:"peak_heap_bytes"`
}

// MaxHubsListed bounds RunSummary.Hubs.
const MaxHubsListed = 200

// Hub is an identifier, page, domain or followed account cut as a hub.
type Hub struct {
	Key    string `json:"key"`
	Kind   string `json:"kind"` // identifier kind, "page", "domain" or "followed"
	Actors int    `json:"actors"`
}

// Dissolved is a previous cluster that no new cluster continues.
type Dissolved struct {
	ID   string `json:"id"`
	Size int    `json:"size"`
	// Into lists the clusters that took its members, if any.
	Into []string `json:"into,omitempty"`
}

// Cluster is the document of one detected network, in graph.CollClusters.
type Cluster struct {
	ID           string      `json:"id"`
	Run          string      `json:"run"`
	Rank         int         `json:"rank"`
	Score        float64     `json:"score"`
	Tier         string      `json:"tier"`
	Size         int         `json:"size"`
	Accounts     int         `json:"accounts"`
	Pages        int         `json:"pages"`
	Platforms    []string    `json:"platforms"`
	LastActivity time.Time   `json:"last_activity,omitzero"`
	Lineage      Lineage     `json:"lineage"`
	Members      []Member    `json:"members"`
	KeyPlayers   []KeyPlayer `json:"key_players"`
	// BetweennessSampled is set when betweenness was estimated from
	// sampled sources (clusters above key_players.betweenness_max).
	BetweennessSampled bool               `json:"betweenness_sampled,omitempty"`
	Identifiers        []SharedIdentifier `json:"identifiers"`
	// Signal is the internal weight of strong, medium and coordination
	// evidence; Evidence counts internal edges by evidence kind.
	Signal        float64                `json:"signal"`
	EvidenceCount map[graph.Evidence]int `json:"evidence_counts"`
	Explanation   any                    `json:"explanation,omitempty"`
	Evidence      any                    `json:"evidence,omitempty"`
	Graph         ClusterGraph           `json:"graph"`
}

// Member is one account or page of a cluster.
type Member struct {
	ID       string         `json:"id"`
	Kind     graph.NodeKind `json:"kind"`
	Platform string         `json:"platform,omitempty"`
	Handle   string         `json:"handle,omitempty"`
	Name     string         `json:"name,omitempty"`
	Status   graph.Status   `json:"status"`
	Role     string         `json:"role"`
	// SameAs is the representative of the same_as group this member was
	// merged into, if not itself.
	SameAs       string    `json:"same_as,omitempty"`
	LastActivity time.Time `json:"last_activity,omitzero"`
}

// KeyPlayer is a member singled out by centrality.
type KeyPlayer struct {
	ID           string  `json:"id"`
	Handle       string  `json:"handle,omitempty"`
	Role         string  `json:"role"`
	PageRank     float64 `json:"pagerank"`
	Betweenness  float64 `json:"betweenness"`
	Articulation bool    `json:"articulation"`
}

// SharedIdentifier is an identifier used by two or more members.
type SharedIdentifier struct {
	Key    string          `json:"key"`
	Kind   graph.IdentKind `json:"kind"`
	Value  string          `json:"value"`
	Count  int             `json:"count"` // members using it
	Public bool            `json:"public"`
}

// Lineage ties a cluster to the previous run's.
type Lineage struct {
	Status string `json:"status"`
	// From lists the previous clusters it continues, was split from or
	// merged from, best match first.
	From    []string  `json:"from,omitempty"`
	Jaccard float64   `json:"jaccard,omitempty"`
	Added   int       `json:"added"`
	Removed int       `json:"removed"`
	Since   time.Time `json:"since,omitzero"` // when the id was first given
	Runs    int       `json:"runs"`           // runs the id has been seen in
}

// ClusterGraph is a cluster drawn as nodes and edges.
type ClusterGraph struct {
	Nodes []GraphNode `json:"nodes"`
	Edges []GraphEdge `json:"edges"`
}

// GraphNode is a node of a drawn cluster.
type GraphNode struct {
	ID       string         `json:"id"`
	Kind     graph.NodeKind `json:"kind"`
	Platform string         `json:"platform,omitempty"`
	Label    string         `json:"label,omitempty"`
	Status   graph.Status   `json:"status"`
	Role     string         `json:"role"`
	PageRank float64        `json:"pagerank"`
	// Merged lists the ids folded into this node by same_as.
	Merged []string `json:"merged,omitempty"`
}

// GraphEdge is an edge of a drawn cluster with its evidence kinds.
type GraphEdge struct {
	Source   string           `json:"source"`
	Target   string           `json:"target"`
	Weight   float64          `json:"weight"`
	Evidence []graph.Evidence `json:"evidence"`
}

// ClusterSummary is a cluster as listed: GET /v1/clusters items.
type ClusterSummary struct {
	ID           string    `json:"id"`
	Rank         int       `json:"rank"`
	Score        float64   `json:"score"`
	Tier         string    `json:"tier"`
	Size         int       `json:"size"`
	Platforms    []string  `json:"platforms"`
	LastActivity time.Time `json:"last_activity,omitzero"`
	Lineage      string    `json:"lineage"`
}

// Summary returns the listing form of c.
func (c *Cluster) Summary() ClusterSummary {
	return ClusterSummary{ID: c.ID, Rank: c.Rank, Score: c.Score, Tier: c.Tier, Size: c.Size,
		Platforms: c.Platforms, LastActivity: c.LastActivity, Lineage: c.Lineage.Status}
}
