package neo4j_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/takedown/takedown/generate"
	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/graph/neo4j"
	"github.com/takedown/takedown/networks"
)

// The Neo4j store keeps analysis results on the graph: a finished run
// writes its clusters back through WriteClusters.
var _ networks.ClusterWriter = (*neo4j.Store)(nil)

// currentClusters reads the cluster documents of run from the store.
func currentClusters(t *testing.T, s *neo4j.Store, run string) map[string]networks.Cluster {
	t.Helper()
	out := map[string]networks.Cluster{}
	after := ""
	for {
		docs, err := s.ListDocs(context.Background(), graph.CollClusters, after, 500)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range docs {
			var c networks.Cluster
			if err := json.Unmarshal(d.Body, &c); err != nil {
				t.Fatalf("cluster %s: %v", d.ID, err)
			}
			if c.Run == run {
				out[c.ID] = c
			}
		}
		if len(docs) < 500 {
			return out
		}
		after = docs[len(docs)-1].ID
	}
}

// checkWrittenBack checks with Cypher that the graph holds exactly the
// run's clusters: one :Cluster node per cluster with its rank, score,
// tier and size, and every member node tied to it by IN_CLUSTER and
// carrying cluster_id, cluster_rank, cluster_score and cluster_tier.
func checkWrittenBack(t *testing.T, s *neo4j.Store, cfg neo4j.Config, want map[string]networks.Cluster) {
	t.Helper()
	nodes := map[string]string{}
	for _, r := range query(t, s, cfg, `MATCH (c:Cluster) RETURN c.id AS id, c.rank AS rank, c.score AS score, c.tier AS tier, c.size AS size`, nil) {
		v := r.AsMap()
		nodes[v["id"].(string)] = fmt.Sprint(v["rank"], " ", v["score"], " ", v["tier"], " ", v["size"])
	}
	wantNodes := map[string]string{}
	wantMembers := map[string]string{}
	for id, c := range want {
		wantNodes[id] = fmt.Sprint(int64(c.Rank), " ", c.Score, " ", c.Tier, " ", int64(len(c.Members)))
		for _, m := range c.Members {
			wantMembers[m.ID] = fmt.Sprint(id, " ", int64(c.Rank), " ", c.Score, " ", c.Tier)
		}
	}
	if fmt.Sprint(nodes) != fmt.Sprint(wantNodes) {
		t.Errorf("cluster nodes (id: rank score tier size)\n got %v\nwant %v", nodes, wantNodes)
	}
	members := map[string]string{}
	for _, r := range query(t, s, cfg, `MATCH (n:Entity) WHERE n.cluster_id IS NOT NULL
		OPTIONAL MATCH (n)-[:IN_CLUSTER]->(c:Cluster)
		RETURN n.id AS id, n.cluster_id AS cid, n.cluster_rank AS rank, n.cluster_score AS score, n.cluster_tier AS tier,
		       collect(c.id) AS tied`, nil) {
		v := r.AsMap()
		id := v["id"].(string)
		members[id] = fmt.Sprint(v["cid"], " ", v["rank"], " ", v["score"], " ", v["tier"])
		if tied := fmt.Sprint(v["tied"]); tied != fmt.Sprint([]any{v["cid"]}) {
			t.Errorf("member %s has cluster_id %v but IN_CLUSTER to %s", id, v["cid"], tied)
		}
	}
	if fmt.Sprint(members) != fmt.Sprint(wantMembers) {
		var missing, extra, wrong []string
		for id, w := range wantMembers {
			switch g, ok := members[id]; {
			case !ok:
				missing = append(missing, id)
			case g != w:
				wrong = append(wrong, id+": "+g+", want "+w)
			}
		}
		for id := range members {
			if _, ok := wantMembers[id]; !ok {
				extra = append(extra, id)
			}
		}
		slices.Sort(missing)
		slices.Sort(extra)
		slices.Sort(wrong)
		t.Errorf("member nodes: %d missing %v, %d not members %v, %d wrong %v", len(missing), missing, len(extra), extra, len(wrong), wrong)
	}
}

// TestAnalysisWritesClustersBack runs the analysis over a generated
// scenario in the Neo4j store and checks with Cypher, through the driver,
// that the member nodes carry their cluster's id, rank, score and tier
// and that the cluster nodes exist; then that a second run, on a changed
// graph, replaces them.
func TestAnalysisWritesClustersBack(t *testing.T) {
	cfg := serverConfig(t)
	s := openEmpty(t, cfg)
	ctx := context.Background()
	var buf bytes.Buffer
	if _, err := generate.Generate(&buf, nil, generate.Options{Accounts: 2000, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	ingestAll(t, s, buf.Bytes(), 1000)

	run, err := networks.Analyze(ctx, s, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("run %s: %d clusters, timings %v", run.ID, run.Summary.Clusters, run.Timings)
	if _, ok := run.Timings["store.graph"]; !ok {
		t.Errorf("timings %v: no store.graph, the results were not written back", run.Timings)
	}
	first := currentClusters(t, s, run.ID)
	if len(first) == 0 || len(first) != run.Summary.Clusters {
		t.Fatalf("%d cluster documents for run %s, summary says %d", len(first), run.ID, run.Summary.Clusters)
	}
	checkWrittenBack(t, s, cfg, first)
	if t.Failed() {
		return
	}

	// A second run, after the graph changed (a new account in contact
	// with members of two clusters), replaces the first run's results.
	var a, b string
	for _, c := range first {
		for _, m := range c.Members {
			if m.Kind != graph.KindAccount { // contact joins accounts only
				continue
			}
			if a == "" {
				a = m.ID
			} else if b == "" {
				b = m.ID
			}
			break
		}
	}
	if a == "" || b == "" {
		t.Fatal("fewer than two clusters with an account member")
	}
	ingestAll(t, s, []byte(fmt.Sprintf(`{"type":"account","id":"late:joiner","platform":"x","handle":"late_joiner"}
{"type":"link","kind":"contact","from":"late:joiner","to":%q}
{"type":"link","kind":"contact","from":"late:joiner","to":%q}`, a, b)), 10)
	run2, err := networks.Analyze(ctx, s, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	second := currentClusters(t, s, run2.ID)
	if len(second) == 0 {
		t.Fatal("no clusters in the second run")
	}
	checkWrittenBack(t, s, cfg, second)
}
