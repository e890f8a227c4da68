package networks

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// lineageState is what a run leaves for the next one to match against:
// every cluster's id, age and members, and the id counter. It is the
// document stateDocID in graph.CollMeta.
type lineageState struct {
	Run      string      `json:"run"`
	NextID   int64       `json:"next_id"`
	Clusters []prevState `json:"clusters"`
}

type prevState struct {
	ID      string    `json:"id"`
	Since   time.Time `json:"since"`
	Runs    int       `json:"runs"`
	Members []string  `json:"members"`
}

// ClusterID formats the n-th cluster id: net-000123.
func ClusterID(n int64) string { return fmt.Sprintf("net-%06d", n) }

// lineageResult is the outcome of matching.
type lineageResult struct {
	ids       []string
	lineage   []Lineage
	dissolved []Dissolved // no continuation
	absorbed  []Dissolved // taken into a merged or split cluster
	nextID    int64
}

type overlap struct {
	i, j  int32 // new, previous
	inter int
	jac   float64
}

// matchLineage gives each new cluster (its members, sorted) an id, reusing
// the id of the previous cluster it continues. Pairs of a new and a
// previous cluster are ranked by the Jaccard similarity of their members,
// |C∩P|/|C∪P|, and matched greedily, best first, while both are free and
// the similarity is at least Match. Then, with "part" meaning that a new
// cluster holds at least 2 and at least Share of a previous cluster's
// members:
//
//   - a new cluster that is a part of two or more previous clusters is
//     "merged" (From lists them, best first);
//   - a matched cluster whose previous cluster has two or more parts is
//     "split", as is an unmatched part of such a cluster (with a new id);
//   - other matched clusters are "grown" or "shrunk" when their size
//     changed by more than Change (relative), else "continued";
//   - unmatched clusters are "new".
//
// Previous clusters left unmatched are dissolved, or absorbed when a new
// cluster counts them as a part. New ids are given in cluster order.
func matchLineage(prev *lineageState, members [][]string, cfg LineageConfig, now time.Time) lineageResult {
	nn := len(members)
	res := lineageResult{ids: make([]string, nn), lineage: make([]Lineage, nn), nextID: 1}
	var old []prevState
	if prev != nil {
		old = prev.Clusters
		if prev.NextID > 0 {
			res.nextID = prev.NextID
		}
	}
	prevOf := make(map[string]int32, 1024)
	for j, c := range old {
		for _, m := range c.Members {
			prevOf[m] = int32(j)
		}
	}
	var cands []overlap
	var js []int32
	for i, ms := range members {
		js = js[:0]
		for _, m := range ms {
			if j, ok := prevOf[m]; ok {
				js = append(js, j)
			}
		}
		slices.Sort(js)
		for a := 0; a < len(js); {
			b := a + 1
			for b < len(js) && js[b] == js[a] {
				b++
			}
			inter := b - a
			j := js[a]
			union := len(ms) + len(old[j].Members) - inter
			cands = append(cands, overlap{int32(i), j, inter, float64(inter) / float64(union)})
			a = b
		}
	}
	slices.SortFunc(cands, func(a, b overlap) int {
		if c := cmp.Compare(b.jac, a.jac); c != 0 {
			return c
		}
		if c := cmp.Compare(b.inter, a.inter); c != 0 {
			return c
		}
		if c := cmp.Compare(a.i, b.i); c != 0 {
			return c
		}
		return cmp.Compare(a.j, b.j)
	})
	matchNew := make([]int32, nn)
	for i := range matchNew {
		matchNew[i] = -1
	}
	matchOld := make([]int32, len(old))
	for j := range matchOld {
		matchOld[j] = -1
	}
	jacOf := make([]float64, nn)
	interOf := make([]int, nn)
	for _, c := range cands {
		if c.jac < cfg.Match {
			break
		}
		if matchNew[c.i] >= 0 || matchOld[c.j] >= 0 {
			continue
		}
		matchNew[c.i], matchOld[c.j] = c.j, c.i
		jacOf[c.i], interOf[c.i] = c.jac, c.inter
	}
	isPart := func(c overlap) bool {
		return c.inter >= 2 && float64(c.inter) >= cfg.Share*float64(len(old[c.j].Members))
	}
	parts := make([][]int32, len(old)) // previous → new clusters holding a part
	sources := make([][]overlap, nn)   // new → previous clusters it holds a part of
	for _, c := range cands {
		if isPart(c) {
			parts[c.j] = append(parts[c.j], c.i)
			sources[c.i] = append(sources[c.i], c)
		}
	}
	for i := range nn {
		l := &res.lineage[i]
		size := len(members[i])
		switch j := matchNew[i]; {
		case len(sources[i]) >= 2:
			l.Status = LineageMerged
			for _, s := range sources[i] {
				l.From = append(l.From, old[s.j].ID)
			}
			if j >= 0 && old[j].ID != l.From[0] {
				l.From = append([]string{old[j].ID}, slices.DeleteFunc(l.From, func(s string) bool { return s == old[j].ID })...)
			}
		case j >= 0 && len(parts[j]) >= 2:
			l.Status = LineageSplit
			l.From = []string{old[j].ID}
		case j >= 0:
			prevSize := len(old[j].Members)
			switch {
			case float64(size) > float64(prevSize)*(1+cfg.Change):
				l.Status = LineageGrown
			case float64(size) < float64(prevSize)*(1-cfg.Change):
				l.Status = LineageShrunk
			default:
				l.Status = LineageContinued
			}
			l.From = []string{old[j].ID}
		default:
			l.Status = LineageNew
			for _, s := range sources[i] {
				if len(parts[s.j]) >= 2 {
					l.Status = LineageSplit
					l.From = []string{old[s.j].ID}
					break
				}
			}
		}
		if j := matchNew[i]; j >= 0 {
			res.ids[i] = old[j].ID
			l.Since = old[j].Since
			l.Runs = old[j].Runs + 1
			l.Jaccard = round4(jacOf[i])
			l.Added = size - interOf[i]
			l.Removed = len(old[j].Members) - interOf[i]
		} else {
			res.ids[i] = ClusterID(res.nextID)
			res.nextID++
			l.Since = now
			l.Runs = 1
			l.Added = size
		}
	}
	for j, c := range old {
		if matchOld[j] >= 0 {
			continue
		}
		d := Dissolved{ID: c.ID, Size: len(c.Members)}
		if len(parts[j]) > 0 {
			for _, i := range parts[j] {
				d.Into = append(d.Into, res.ids[i])
			}
			slices.Sort(d.Into)
			res.absorbed = append(res.absorbed, d)
			continue
		}
		res.dissolved = append(res.dissolved, d)
	}
	slices.SortFunc(res.dissolved, func(a, b Dissolved) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(res.absorbed, func(a, b Dissolved) int { return strings.Compare(a.ID, b.ID) })
	return res
}
