package rank

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// twoStars is two stars of four leaves whose centres a0 and b0 are joined
// through the bridge node x.
func twoStars() ([]string, []PlanEdge) {
	nodes := []string{"x", "a0", "a1", "a2", "a3", "a4", "b0", "b1", "b2", "b3", "b4"}
	idx := func(id string) int { return slices.Index(nodes, id) }
	var edges []PlanEdge
	for _, c := range []string{"a", "b"} {
		for i := 1; i <= 4; i++ {
			edges = append(edges, PlanEdge{U: idx(c + "0"), V: idx(c + strconv.Itoa(i)), W: 1})
		}
	}
	edges = append(edges, PlanEdge{U: idx("x"), V: idx("a0"), W: 1}, PlanEdge{U: idx("b0"), V: idx("x"), W: 2}, PlanEdge{U: idx("x"), V: idx("a0")})
	return nodes, edges
}

func TestPlanTwoStars(t *testing.T) {
	nodes, edges := twoStars()
	res := Plan(nodes, edges, nil, 5)
	if got, want := res.Removed, []string{"x", "a0", "b0"}; !slices.Equal(got, want) {
		t.Fatalf("removed %v, want %v", got, want)
	}
	wantLargest := []int{5, 5, 1}
	wantReach := []float64{10, 5, 0}
	for i, s := range res.Steps {
		if s.Step != i+1 || s.LargestAfter != wantLargest[i] || s.ReachAfter != wantReach[i] {
			t.Errorf("step %d: %+v, want largest %d reach %v after", i+1, s, wantLargest[i], wantReach[i])
		}
		if i > 0 && (s.LargestBefore != res.Steps[i-1].LargestAfter || s.ReachBefore != res.Steps[i-1].ReachAfter) {
			t.Errorf("step %d does not start where step %d ended", i+1, i)
		}
	}
	if res.LargestBefore != 11 || res.ReachBefore != 11 || res.LargestAfter != 1 || res.ReachAfter != 0 || res.Edges != 10 || res.K != 5 {
		t.Errorf("summary %+v", res)
	}

	// With followers, the tie after the bridge goes to the star with more
	// reach: its removal leaves less reach in place.
	reach := make([]float64, len(nodes))
	for i, id := range nodes {
		reach[i] = 10
		if strings.HasPrefix(id, "b") {
			reach[i] = 1000
		}
	}
	res = Plan(nodes, edges, reach, 2)
	if got, want := res.Removed, []string{"x", "b0"}; !slices.Equal(got, want) {
		t.Errorf("with reach: removed %v, want %v", got, want)
	}
	if res.ReachAfter != 50 {
		t.Errorf("with reach: remaining reach %v, want 50 (star a)", res.ReachAfter)
	}

	// Replay reports a given order the same way.
	rep := Replay(nodes, edges, nil, []string{"a1", "nobody", "a0", "a0"})
	if !slices.Equal(rep.Removed, []string{"a1", "a0"}) || rep.LargestAfter != 6 || rep.Steps[0].LargestAfter != 10 {
		t.Errorf("replay %+v", rep)
	}
	if _, err := json.Marshal(res); err != nil {
		t.Fatal(err)
	}
}

func TestIdentifiersToFlag(t *testing.T) {
	idents := []Identifier{
		{Key: "url:https://example.com/x", Kind: "url", Value: "https://example.com/x", Users: []string{"x"}},
		{Key: "phone:+447400123456", Kind: "phone", Value: "+447400123456", Users: []string{"a0", "a1", "a0"}, Public: true},
		{Key: "payment:paypal/boats", Kind: "payment", Value: "paypal/boats", Users: []string{"x", "a0", "b1"}},
		{Key: "phone:+33612345678", Kind: "phone", Value: "+33612345678", Users: []string{"b1", "b2"}},
	}
	got := IdentifiersToFlag([]string{"x", "a0"}, idents)
	var keys []string
	for _, f := range got {
		keys = append(keys, f.Key)
	}
	if want := []string{"payment:paypal/boats", "phone:+447400123456", "url:https://example.com/x"}; !slices.Equal(keys, want) {
		t.Fatalf("flagged %v, want %v", keys, want)
	}
	if f := got[0]; !f.Strong || !slices.Equal(f.RemovedUsers, []string{"a0", "x"}) || !slices.Equal(f.RemainingUsers, []string{"b1"}) {
		t.Errorf("payment flag %+v", f)
	}
	if f := got[1]; !f.Public || !slices.Equal(f.RemovedUsers, []string{"a0"}) || !slices.Equal(f.RemainingUsers, []string{"a1"}) {
		t.Errorf("phone flag %+v", f)
	}
	if got[2].Strong {
		t.Errorf("a url is not a strong identifier: %+v", got[2])
	}
}

// jjattArrest is one arrest of the JJATT Bali 2002 network.
type jjattArrest struct {
	id string
	at time.Time // the recorded date; an unknown day is the 15th, an unknown month July
}

// loadJJATT reads the JJATT Bali bombings 2002 network: every tie listed in
// any period, and the arrests in recorded order.
func loadJJATT(t *testing.T) (nodes []string, edges []PlanEdge, arrests []jjattArrest) {
	dir := filepath.Join("..", "..", "shared", "data", "jjatt-bali_bombings_2002")
	read := func(name string) [][]string {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Skipf("JJATT Bali 2002 data not available: %v", err)
		}
		defer f.Close()
		rows, err := csv.NewReader(f).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	nodeRows := read("Bali1_Nodes_Public_Version2.csv")
	relRows := read("Bali1_Relations_Public_Version2.csv")
	col := func(header []string, name string) int {
		i := slices.Index(header, name)
		if i < 0 {
			t.Fatalf("no column %s in %v", name, header)
		}
		return i
	}
	hID, hArrest := col(nodeRows[0], "ID"), col(nodeRows[0], "Arrest_Date")
	index := map[string]int{}
	for _, r := range nodeRows[1:] {
		index[r[hID]] = len(nodes)
		nodes = append(nodes, r[hID])
		if d := strings.TrimSpace(r[hArrest]); d != "" {
			parts := strings.Split(d, "/")
			if len(parts) != 3 {
				t.Fatalf("arrest date %q", d)
			}
			num := func(s string, unknown int) int {
				if s == "?" {
					return unknown
				}
				v, err := strconv.Atoi(s)
				if err != nil {
					t.Fatalf("arrest date %q: %v", d, err)
				}
				return v
			}
			at := time.Date(num(parts[2], 0), time.Month(num(parts[0], 7)), num(parts[1], 15), 0, 0, 0, 0, time.UTC)
			arrests = append(arrests, jjattArrest{r[hID], at})
		}
	}
	sort.SliceStable(arrests, func(i, j int) bool {
		if !arrests[i].at.Equal(arrests[j].at) {
			return arrests[i].at.Before(arrests[j].at)
		}
		return arrests[i].id < arrests[j].id
	})
	rID, rTie := col(relRows[0], "ID"), col(relRows[0], "Tie_ID")
	for _, r := range relRows[1:] {
		u, ok1 := index[r[rID]]
		v, ok2 := index[r[rTie]]
		if !ok1 || !ok2 {
			t.Fatalf("relation %v names an unknown node", r)
		}
		edges = append(edges, PlanEdge{U: u, V: v, W: 1}) // each tie is listed both ways; Plan merges them
	}
	return nodes, edges, arrests
}

func TestPlanJJATTBali2002(t *testing.T) {
	nodes, edges, arrests := loadJJATT(t)
	if len(nodes) != 27 || len(arrests) != 18 {
		t.Fatalf("read %d nodes and %d arrests, SOURCE.txt says 27 and 18", len(nodes), len(arrests))
	}
	order := make([]string, len(arrests))
	for i, a := range arrests {
		order[i] = a.id
	}
	real := Replay(nodes, edges, nil, order)
	if real.Edges != 158 {
		t.Fatalf("%d distinct ties, SOURCE.txt says 158", real.Edges)
	}
	// JJATT has no followers. Two plans: every person counting 1, so that
	// ties between equally fragmenting removals go by id; and each person's
	// number of ties standing in for reach, so that they go to the best
	// connected person.
	g := newFragGraph(nodes, edges, nil)
	degree := make([]float64, len(nodes))
	for i := range degree {
		degree[i] = float64(g.off[i+1] - g.off[i])
	}
	uniform := Plan(nodes, edges, nil, len(arrests))
	byDegree := Plan(nodes, edges, degree, len(arrests))
	t.Logf("JJATT Bali 2002: %d people, %d ties, largest component %d; %d arrests from %s to %s",
		real.Nodes, real.Edges, real.LargestBefore, len(arrests), arrests[0].at.Format("2006-01-02"), arrests[len(arrests)-1].at.Format("2006-01-02"))
	t.Logf("arrest order:          %s", strings.Join(order, " "))
	t.Logf("plan, uniform reach:   %s", strings.Join(uniform.Removed, " "))
	t.Logf("plan, degree as reach: %s", strings.Join(byDegree.Removed, " "))
	t.Logf("   k  arrested by   largest component left: real  plan(uniform)  plan(degree)")
	largestAfter := func(r PlanResult, k int) int {
		if k > len(r.Steps) { // the plan stopped: nothing left to fragment
			return r.LargestAfter
		}
		return r.Steps[k-1].LargestAfter
	}
	for k := 1; k <= len(arrests); k++ {
		rl, ul, dl := largestAfter(real, k), largestAfter(uniform, k), largestAfter(byDegree, k)
		t.Logf("  %2d  %s   %33d  %13d  %12d", k, arrests[k-1].at.Format("2006-01-02"), rl, ul, dl)
		if ul > rl || dl > rl {
			t.Errorf("k=%d: the plans leave a largest component of %d and %d, the real arrests %d", k, ul, dl, rl)
		}
	}
	byEnd2002 := 0
	for _, a := range arrests {
		if a.at.Year() <= 2002 {
			byEnd2002++
		}
	}
	for _, k := range []int{byEnd2002, len(arrests)} {
		t.Logf("k=%d (arrested by %s): the real arrests leave a largest component of %d, the plan %d (uniform reach) or %d (degree as reach)",
			k, arrests[k-1].at.Format("2006-01-02"), largestAfter(real, k), largestAfter(uniform, k), largestAfter(byDegree, k))
	}
	if d, r := largestAfter(byDegree, byEnd2002), largestAfter(real, byEnd2002); d*2 > r {
		t.Errorf("by the end of 2002 the degree plan leaves %d, not half the %d the arrests left", d, r)
	}
}

// referencePlan is the greedy plan computed the slow way: every node with a
// link left is removed in turn and the components recomputed from scratch.
func referencePlan(nodes []string, edges []PlanEdge, reach []float64, k int) []string {
	n := len(nodes)
	adj := make([][]int, n)
	for _, e := range edges {
		if e.U != e.V {
			adj[e.U] = append(adj[e.U], e.V)
			adj[e.V] = append(adj[e.V], e.U)
		}
	}
	alive := make([]bool, n)
	for i := range alive {
		alive[i] = true
	}
	measure := func() (int, float64) {
		seen := make([]bool, n)
		largest, rem := 0, 0.0
		for s := range n {
			if !alive[s] || seen[s] {
				continue
			}
			comp := []int{s}
			seen[s] = true
			for h := 0; h < len(comp); h++ {
				for _, u := range adj[comp[h]] {
					if alive[u] && !seen[u] {
						seen[u] = true
						comp = append(comp, u)
					}
				}
			}
			largest = max(largest, len(comp))
			if len(comp) >= 2 {
				for _, v := range comp {
					rem += reach[v]
				}
			}
		}
		return largest, rem
	}
	var out []string
	for len(out) < k {
		if l, _ := measure(); l < 2 {
			break
		}
		best, bl, br := -1, 0, 0.0
		for v := range n {
			linked := false
			for _, u := range adj[v] {
				linked = linked || alive[u]
			}
			if !alive[v] || !linked {
				continue
			}
			alive[v] = false
			l, r := measure()
			alive[v] = true
			if best < 0 || l < bl || (l == bl && r < br) || (l == bl && r == br && nodes[v] < nodes[best]) {
				best, bl, br = v, l, r
			}
		}
		alive[best] = false
		out = append(out, nodes[best])
	}
	return out
}

func TestPlanMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for trial := range 300 {
		n := 2 + rng.IntN(40)
		nodes := make([]string, n)
		for i := range nodes {
			nodes[i] = fmt.Sprintf("n%03d", rng.IntN(1000)*1000+i) // ids not in index order
		}
		var edges []PlanEdge
		p := rng.Float64() * 4 / float64(n)
		for u := range n {
			for v := u + 1; v < n; v++ {
				if rng.Float64() < p {
					edges = append(edges, PlanEdge{U: u, V: v})
				}
			}
		}
		reach := make([]float64, n)
		for i := range reach {
			reach[i] = float64(rng.IntN(4)) // small integers: many exact ties
		}
		got := Plan(nodes, edges, reach, n).Removed
		want := referencePlan(nodes, edges, reach, n)
		if !slices.Equal(got, want) {
			t.Fatalf("trial %d (n=%d, %d edges): plan %v, reference %v", trial, n, len(edges), got, want)
		}
	}
}
