package referral

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/takedown/takedown/graph"
	"github.com/takedown/takedown/networks"
)

// OutcomeStats are the outcomes of the referrals: what was referred and
// taken down per platform and per month, how long platforms took, and how
// much of each referred network is down.
type OutcomeStats struct {
	Referrals int            `json:"referrals"`
	ByStatus  map[Status]int `json:"by_status"`
	// Totals counts the items of submitted and actioned referrals.
	Totals OutcomeCounts `json:"totals"`
	// TimeToAction is from a referral's submission to each outcome.
	TimeToAction Durations          `json:"time_to_action"`
	Platforms    []PlatformOutcomes `json:"platforms"`
	Months       []MonthOutcomes    `json:"months"`
	Networks     []NetworkOutcome   `json:"networks"`
}

// OutcomeCounts counts referred items by outcome. TakenDown is removed
// plus suspended, TakedownRate TakenDown / Referred.
type OutcomeCounts struct {
	Referred     int     `json:"referred"`
	Pending      int     `json:"pending"`
	Removed      int     `json:"removed"`
	Suspended    int     `json:"suspended"`
	NoAction     int     `json:"no_action"`
	Rejected     int     `json:"rejected"`
	TakenDown    int     `json:"taken_down"`
	TakedownRate float64 `json:"takedown_rate"`
}

func (c *OutcomeCounts) add(o Outcome) {
	c.Referred++
	switch o {
	case "":
		c.Pending++
	case OutcomeRemoved:
		c.Removed++
	case OutcomeSuspended:
		c.Suspended++
	case OutcomeNoAction:
		c.NoAction++
	case OutcomeRejected:
		c.Rejected++
	}
}

func (c *OutcomeCounts) finish() {
	c.TakenDown = c.Removed + c.Suspended
	if c.Referred > 0 {
		c.TakedownRate = round4(float64(c.TakenDown) / float64(c.Referred))
	}
}

// PlatformOutcomes are the outcomes on one platform.
type PlatformOutcomes struct {
	Platform string `json:"platform"`
	OutcomeCounts
	TimeToAction Durations `json:"time_to_action"`
}

// MonthOutcomes are one calendar month (UTC): Referred counts the items
// submitted in it, the outcomes those the platforms acted on in it.
type MonthOutcomes struct {
	Month     string `json:"month"` // 2026-10
	Referred  int    `json:"referred"`
	Removed   int    `json:"removed"`
	Suspended int    `json:"suspended"`
	NoAction  int    `json:"no_action"`
	Rejected  int    `json:"rejected"`
	TakenDown int    `json:"taken_down"`
}

// Durations summarises times to action, in hours.
type Durations struct {
	Count       int     `json:"count"`
	MedianHours float64 `json:"median_hours"`
	MeanHours   float64 `json:"mean_hours"`
}

func durations(h []float64) Durations {
	d := Durations{Count: len(h)}
	if len(h) == 0 {
		return d
	}
	s := slices.Clone(h)
	slices.Sort(s)
	sum := 0.0
	for _, x := range s {
		sum += x
	}
	d.MeanHours = round4(sum / float64(len(s)))
	if m := len(s) / 2; len(s)%2 == 1 {
		d.MedianHours = round4(s[m])
	} else {
		d.MedianHours = round4((s[m-1] + s[m]) / 2)
	}
	return d
}

// NetworkOutcome is how much of a referred network is down: its members
// removed or suspended (by a referral's outcome, or as the graph or the
// analysis knows them) over its members.
type NetworkOutcome struct {
	Cluster   string   `json:"cluster"`
	Members   int      `json:"members"`
	TakenDown int      `json:"taken_down"`
	Share     float64  `json:"share"`
	Referrals int      `json:"referrals"`
	Platforms []string `json:"platforms"`
	// Current is false when the network's document is gone (a later
	// analysis dissolved it): the figures are then those the referrals
	// recorded.
	Current bool `json:"current"`
}

// Outcomes computes the outcome statistics from the documents alone: the
// referrals, and the networks they refer to (graph.CollClusters). A
// member counts as down when a referral recorded its removal or
// suspension, or when its network's document shows it down.
func Outcomes(ctx context.Context, docs graph.DocStore) (*OutcomeStats, error) {
	return outcomes(ctx, docs, nil)
}

// Outcomes is the package's Outcomes, with members' statuses read from
// the graph as well.
func (s *Service) Outcomes(ctx context.Context) (*OutcomeStats, error) {
	return outcomes(ctx, s.st, func(ids []string) (map[string]graph.Status, error) {
		views, err := readEntities(ctx, s.st, ids)
		if err != nil {
			return nil, err
		}
		out := make(map[string]graph.Status, len(views))
		for id, v := range views {
			out[id] = v.Status
		}
		return out, nil
	})
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

type statusFunc func(ids []string) (map[string]graph.Status, error)

func outcomes(ctx context.Context, docs graph.DocStore, status statusFunc) (*OutcomeStats, error) {
	out := &OutcomeStats{ByStatus: map[Status]int{}, Platforms: []PlatformOutcomes{}, Months: []MonthOutcomes{}, Networks: []NetworkOutcome{}}
	plats := map[string]*PlatformOutcomes{}
	platHours := map[string][]float64{}
	months := map[string]*MonthOutcomes{}
	month := func(t time.Time) *MonthOutcomes {
		k := t.UTC().Format("2006-01")
		m := months[k]
		if m == nil {
			m = &MonthOutcomes{Month: k}
			months[k] = m
		}
		return m
	}
	var hours []float64
	type netAcc struct {
		referrals int
		platforms []string
		snapshot  NetworkSnapshot
		items     map[string]bool // accounts and pages taken down by referrals
	}
	nets := map[string]*netAcc{}
	var netOrder []string
	downByReferral := map[string]bool{}
	err := eachDoc(ctx, docs, graph.CollReferrals, func(d graph.Doc) error {
		var r Referral
		if err := json.Unmarshal(d.Body, &r); err != nil {
			return graph.Internal(fmt.Errorf("referral %s: %w", d.ID, err))
		}
		out.Referrals++
		out.ByStatus[r.Status]++
		na := nets[r.Cluster]
		if na == nil {
			na = &netAcc{items: map[string]bool{}}
			nets[r.Cluster] = na
			netOrder = append(netOrder, r.Cluster)
		}
		na.referrals++
		na.snapshot = r.Network
		if !slices.Contains(na.platforms, r.Platform) {
			na.platforms = append(na.platforms, r.Platform)
		}
		for _, it := range r.Items {
			if it.Outcome.takenDown() && it.Kind != graph.KindPost {
				na.items[it.ID] = true
				downByReferral[it.ID] = true
			}
		}
		if r.Status == StatusDraft {
			return nil
		}
		p := plats[r.Platform]
		if p == nil {
			p = &PlatformOutcomes{Platform: r.Platform}
			plats[r.Platform] = p
		}
		for _, it := range r.Items {
			out.Totals.add(it.Outcome)
			p.add(it.Outcome)
			month(r.SubmittedAt).Referred++
			if it.Outcome == "" {
				continue
			}
			m := month(it.OutcomeAt)
			switch it.Outcome {
			case OutcomeRemoved:
				m.Removed++
			case OutcomeSuspended:
				m.Suspended++
			case OutcomeNoAction:
				m.NoAction++
			case OutcomeRejected:
				m.Rejected++
			}
			if !r.SubmittedAt.IsZero() {
				h := max(it.OutcomeAt.Sub(r.SubmittedAt).Hours(), 0)
				hours = append(hours, h)
				platHours[r.Platform] = append(platHours[r.Platform], h)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out.Totals.finish()
	out.TimeToAction = durations(hours)
	for _, p := range plats {
		p.finish()
		p.TimeToAction = durations(platHours[p.Platform])
		out.Platforms = append(out.Platforms, *p)
	}
	slices.SortFunc(out.Platforms, func(a, b PlatformOutcomes) int { return cmp.Compare(a.Platform, b.Platform) })
	for _, m := range months {
		m.TakenDown = m.Removed + m.Suspended
		out.Months = append(out.Months, *m)
	}
	slices.SortFunc(out.Months, func(a, b MonthOutcomes) int { return cmp.Compare(a.Month, b.Month) })

	for _, id := range netOrder {
		na := nets[id]
		slices.Sort(na.platforms)
		no := NetworkOutcome{Cluster: id, Referrals: na.referrals, Platforms: na.platforms}
		var c networks.Cluster
		err := getJSON(ctx, docs, graph.CollClusters, id, &c)
		switch {
		case err == nil:
			no.Current = true
			no.Members = len(c.Members)
			var st map[string]graph.Status
			if status != nil {
				ids := make([]string, len(c.Members))
				for i, m := range c.Members {
					ids[i] = m.ID
				}
				if st, err = status(ids); err != nil {
					return nil, err
				}
			}
			for _, m := range c.Members {
				s, ok := st[m.ID]
				if !ok {
					s = m.Status
				}
				if downByReferral[m.ID] || down(s) {
					no.TakenDown++
				}
			}
		case graph.ErrorCode(err) == graph.ENOTFOUND:
			no.Members = na.snapshot.Members
			no.TakenDown = min(na.snapshot.Down+len(na.items), no.Members)
		default:
			return nil, err
		}
		if no.Members > 0 {
			no.Share = round4(float64(no.TakenDown) / float64(no.Members))
		}
		out.Networks = append(out.Networks, no)
	}
	slices.SortFunc(out.Networks, func(a, b NetworkOutcome) int {
		return cmp.Or(cmp.Compare(b.Share, a.Share), cmp.Compare(a.Cluster, b.Cluster))
	})
	return out, nil
}
