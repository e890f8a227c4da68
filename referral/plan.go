package referral

import (
	"context"
	"slices"

	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/rank"
)

// Plan limits.
const (
	DefaultPlanK = 5
	MaxPlanK     = 500
)

// Reach sources of a plan node.
const (
	ReachFollowers = "followers" // followers plus page members
	ReachDegree    = "degree"    // no audience known: its links in the cluster graph
)

// TakedownPlan is the answer of GET /v1/clusters/{id}/plan: the members
// whose removal most fragments the network, and what each removal does.
type TakedownPlan struct {
	Cluster string `json:"cluster"`
	Run     string `json:"run,omitempty"`
	K       int    `json:"k"`
	// Nodes and Edges count the live graph planned over: the cluster's
	// graph without the members already removed or suspended.
	Nodes int `json:"nodes"`
	Edges int `json:"edges"`
	// Recommended lists the members to refer, in the order of removal.
	Recommended []PlanNode `json:"recommended"`
	// Steps is the simulated effect of each removal: the largest connected
	// component and the remaining reach before and after it.
	Steps         []rank.PlanStep `json:"steps"`
	LargestBefore int             `json:"largest_before"`
	LargestAfter  int             `json:"largest_after"`
	ReachBefore   float64         `json:"reach_before"`
	ReachAfter    float64         `json:"reach_after"`
	// Flag lists the identifiers the recommended accounts use: they stay
	// in place after a takedown and let the network regrow, so they are
	// reported to the platforms with the accounts.
	Flag []rank.IdentifierFlag `json:"flag"`
	// AlreadyDown lists the members already removed or suspended, left
	// out of the plan.
	AlreadyDown []string `json:"already_down"`
}

// PlanNode is a member of a plan.
type PlanNode struct {
	Step     int            `json:"step"`
	ID       string         `json:"id"`
	Kind     graph.NodeKind `json:"kind,omitempty"`
	Platform string         `json:"platform,omitempty"`
	Handle   string         `json:"handle,omitempty"`
	Role     string         `json:"role,omitempty"`
	Reach    float64        `json:"reach"`
	// ReachFrom is "followers" or "degree".
	ReachFrom string `json:"reach_from"`
	// Merged lists the same_as accounts that go with it.
	Merged []string `json:"merged,omitempty"`
}

// Plan recommends up to k members of a network to take down (rank.Plan
// over the cluster graph, members already down left out), with each
// node's followers and page members as its reach, or its degree when its
// audience is unknown, and the identifiers to flag with them.
func (s *Service) Plan(ctx context.Context, clusterID string, k int) (*TakedownPlan, error) {
	if k <= 0 {
		k = DefaultPlanK
	}
	c, err := LoadCluster(ctx, s.st, clusterID)
	if err != nil {
		return nil, err
	}
	n, err := loadNetwork(ctx, s.st, c)
	if err != nil {
		return nil, err
	}
	return n.plan(k), nil
}

func (n *network) plan(k int) *TakedownPlan {
	c := n.c
	out := &TakedownPlan{Cluster: c.ID, Run: c.Run, K: k, Recommended: []PlanNode{}, Steps: []rank.PlanStep{},
		Flag: []rank.IdentifierFlag{}, AlreadyDown: []string{}}
	// The nodes: the graph's, and any member it does not draw.
	type node struct {
		PlanNode
		followers int64
		known     bool
		live      bool
		listed    int
	}
	var nodes []*node
	index := map[string]int{}
	addNode := func(id string) *node {
		if i, ok := index[id]; ok {
			return nodes[i]
		}
		nd := &node{PlanNode: PlanNode{ID: id}}
		index[id] = len(nodes)
		nodes = append(nodes, nd)
		return nd
	}
	for _, gn := range c.Graph.Nodes {
		nd := addNode(gn.ID)
		nd.Kind, nd.Platform, nd.Role = gn.Kind, gn.Platform, gn.Role
		nd.Merged = gn.Merged
	}
	for i := range c.Members {
		m := &c.Members[i]
		nd := addNode(n.node[m.ID])
		if nd.ID == m.ID {
			nd.Kind, nd.Platform, nd.Handle = m.Kind, m.Platform, m.Handle
			if nd.Role == "" {
				nd.Role = m.Role
			}
		} else if !slices.Contains(nd.Merged, m.ID) {
			nd.Merged = append(nd.Merged, m.ID)
		}
		nd.listed++
		if !down(n.status(m)) {
			nd.live = true
		} else {
			out.AlreadyDown = append(out.AlreadyDown, m.ID)
		}
		if v := n.views[m.ID]; v != nil {
			if f := v.Followers + v.Members; f > 0 {
				nd.followers += f
				nd.known = true
			}
		}
	}
	slices.Sort(out.AlreadyDown)
	// A node with no member listed (a drawing without members) is live.
	for _, nd := range nodes {
		if nd.listed == 0 {
			nd.live = true
		}
	}
	// The live graph.
	var ids []string
	live := map[string]int{}
	for _, nd := range nodes {
		if nd.live {
			live[nd.ID] = len(ids)
			ids = append(ids, nd.ID)
		}
	}
	var edges []rank.PlanEdge
	degree := make([]int, len(ids))
	seen := map[[2]int]bool{}
	for _, e := range c.Graph.Edges {
		u, ok1 := live[e.Source]
		v, ok2 := live[e.Target]
		if !ok1 || !ok2 || u == v {
			continue
		}
		p := [2]int{min(u, v), max(u, v)}
		if seen[p] {
			continue
		}
		seen[p] = true
		degree[u]++
		degree[v]++
		edges = append(edges, rank.PlanEdge{U: u, V: v, W: e.Weight})
	}
	reach := make([]float64, len(ids))
	for i, id := range ids {
		nd := nodes[index[id]]
		if nd.known {
			nd.Reach, nd.ReachFrom = float64(nd.followers), ReachFollowers
		} else {
			nd.Reach, nd.ReachFrom = float64(degree[i]), ReachDegree
		}
		reach[i] = nd.Reach
	}
	res := rank.Plan(ids, edges, reach, k)
	out.Nodes, out.Edges = res.Nodes, res.Edges
	out.Steps = append(out.Steps, res.Steps...)
	out.LargestBefore, out.LargestAfter, out.ReachBefore, out.ReachAfter = res.LargestBefore, res.LargestAfter, res.ReachBefore, res.ReachAfter
	for _, st := range res.Steps {
		nd := nodes[index[st.Node]]
		pn := nd.PlanNode
		pn.Step = st.Step
		out.Recommended = append(out.Recommended, pn)
	}
	// Identifiers to flag: those the recommended nodes use, by node.
	var idents []rank.Identifier
	keys := make([]string, 0, len(n.shared))
	for k := range n.shared {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		var users []string
		for _, m := range n.shared[k] {
			if u := n.node[m]; !slices.Contains(users, u) {
				users = append(users, u)
			}
		}
		id, public := n.identifier(k)
		idents = append(idents, rank.Identifier{Key: k, Kind: string(id.Kind), Value: id.Value, Users: users, Public: public})
	}
	if f := rank.IdentifiersToFlag(res.Removed, idents); len(f) > 0 {
		out.Flag = f
	}
	return out
}

// identifier returns an identifier used by members, and whether any of
// them advertised it.
func (n *network) identifier(key string) (graph.Identifier, bool) {
	var id graph.Identifier
	public := false
	for _, m := range n.shared[key] {
		v := n.views[m]
		if v == nil {
			continue
		}
		for i := range v.Identifiers {
			u := &v.Identifiers[i]
			if u.Key() == key {
				id = u.Identifier
				public = public || publicUse(u)
			}
		}
	}
	return id, public
}
