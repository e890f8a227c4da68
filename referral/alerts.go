package referral

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/takedown/takedown/graph"
)

// AlertStatus is where an alert is: open until an analyst acknowledges it.
type AlertStatus string

const (
	AlertOpen         AlertStatus = "open"
	AlertAcknowledged AlertStatus = "acknowledged"
)

// Sources of a removal time.
const (
	// RemovedAtRecorded: the account's removed_at (recorded with a
	// referral's outcome, or given by the intelligence).
	RemovedAtRecorded = "removed_at"
	// RemovedAtLastActivity: no removal time is known; its last known
	// activity (latest post, sighting or creation) stands for it.
	RemovedAtLastActivity = "last_activity"
)

// Alert is the document of one re-emergence alert, in graph.CollAlerts: a
// new account that uses strong identifiers (phone, messaging, payment,
// crypto, e-mail) of accounts removed or suspended before it appeared.
// Its id is derived from the account's, so detecting it again updates the
// same alert.
type Alert struct {
	ID      string       `json:"id"`
	Status  AlertStatus  `json:"status"`
	Account AlertAccount `json:"account"`
	// Removed lists the removed or suspended accounts it shares strong
	// identifiers with, most shared identifiers first.
	Removed []RemovedMatch `json:"removed"`
	// Identifiers are all the strong identifiers it shares with them.
	Identifiers []AlertIdentifier `json:"identifiers"`
	// Clusters are the networks of the removed accounts (and its own).
	Clusters   []string  `json:"clusters"`
	DetectedAt time.Time `json:"detected_at"`
	UpdatedAt  time.Time `json:"updated_at"`
	AckBy      string    `json:"acknowledged_by,omitempty"`
	AckAt      time.Time `json:"acknowledged_at,omitzero"`
	AckNote    string    `json:"note,omitempty"`
}

// AlertAccount is the new account of an alert.
type AlertAccount struct {
	ID        string       `json:"id"`
	Platform  string       `json:"platform,omitempty"`
	Handle    string       `json:"handle,omitempty"`
	Name      string       `json:"name,omitempty"`
	URL       string       `json:"url,omitempty"`
	Status    graph.Status `json:"status"`
	CreatedAt time.Time    `json:"created_at,omitzero"`
	FirstSeen time.Time    `json:"first_seen,omitzero"`
	// Since is when it is first known to exist: the earlier of its first
	// sighting and its creation.
	Since time.Time `json:"since"`
}

// RemovedMatch is a removed or suspended account a new account shares
// strong identifiers with.
type RemovedMatch struct {
	ID       string       `json:"id"`
	Platform string       `json:"platform,omitempty"`
	Handle   string       `json:"handle,omitempty"`
	Status   graph.Status `json:"status"`
	// RemovedAt is when it was taken down, or its last activity
	// (RemovedAtFrom says which).
	RemovedAt     time.Time `json:"removed_at"`
	RemovedAtFrom string    `json:"removed_at_from"`
	// DaysAfter is how long after RemovedAt the new account appeared.
	DaysAfter   float64  `json:"days_after"`
	Identifiers []string `json:"identifiers"`
	Clusters    []string `json:"clusters,omitempty"`
}

// AlertIdentifier is a shared strong identifier.
type AlertIdentifier struct {
	Key   string          `json:"key"`
	Kind  graph.IdentKind `json:"kind"`
	Value string          `json:"value"`
}

// AlertID is the id of the alert of a new account.
func AlertID(account string) string {
	h := sha256.Sum256([]byte(account))
	return "alert-" + hex.EncodeToString(h[:8])
}

// AlertStore is what detection needs: the export of the graph and the
// documents. graph.Store satisfies it.
type AlertStore interface {
	graph.Exporter
	graph.DocStore
}

// DetectResult is the answer of POST /v1/alerts/detect.
type DetectResult struct {
	Alerts []Alert `json:"alerts"`
	// New counts alerts raised for the first time, Updated those whose
	// evidence changed; Unchanged the others.
	New       int `json:"new"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
}

// Detect finds re-emerged accounts over the whole graph with the default
// hub limit and stores their alerts (see Service.Detect).
func Detect(ctx context.Context, st AlertStore) ([]Alert, error) {
	res, err := detect(ctx, st, DefaultHubLimit, func() time.Time { return time.Now().UTC().Truncate(time.Millisecond) })
	if err != nil {
		return nil, err
	}
	return res.Alerts, nil
}

// Detect finds accounts, active or of unknown status, first known (the
// earlier of FirstSeen and CreatedAt) at or after the removal of a
// removed or suspended account with which they share a strong identifier
// (graph.StrongIdent), directly or through their posts. Identifiers used
// by more accounts than the hub limit are left out. The removal time is
// the account's removed_at property (written when a referral records a
// takedown) or else its last known activity. Alerts are stored in
// graph.CollAlerts under AlertID of the new account: detecting again
// updates their evidence and keeps their status.
func (s *Service) Detect(ctx context.Context) (*DetectResult, error) {
	s.alertMu.Lock()
	defer s.alertMu.Unlock()
	return detect(ctx, s.st, s.hubLimit, s.clock)
}

type acct struct {
	id, platform, handle, name, url string
	status                          graph.Status
	created, first, last            time.Time
	removedAt                       time.Time
	placeholder                     bool
}

func detect(ctx context.Context, st AlertStore, hubLimit int, now func() time.Time) (*DetectResult, error) {
	var accts []acct
	index := map[string]int32{}
	postAuthor := map[string]string{}
	type use struct{ from, key string }
	var uses []use
	idents := map[string]graph.Identifier{}
	lastPost := map[string]time.Time{}
	err := st.Export(ctx, func(e *graph.Entity) error {
		switch e.Kind {
		case graph.KindAccount:
			a := acct{id: e.ID, platform: e.Platform, handle: e.Handle, name: e.Name, url: entityURL(e), status: e.Status,
				created: e.CreatedAt, first: e.FirstSeen, last: e.LastSeen, placeholder: e.Placeholder}
			if v, ok := e.Props["removed_at"].(string); ok {
				if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
					a.removedAt = t.UTC()
				}
			}
			index[e.ID] = int32(len(accts))
			accts = append(accts, a)
		case graph.KindPost:
			if e.Author != "" {
				postAuthor[e.ID] = e.Author
				if t := e.PostedAt; t.After(lastPost[e.Author]) {
					lastPost[e.Author] = t
				}
			}
		}
		return nil
	}, func(l *graph.LinkState, id *graph.Identifier) error {
		if l.Kind != graph.LinkUses || id == nil || !graph.StrongIdent(id.Kind) {
			return nil
		}
		idents[l.To] = *id
		uses = append(uses, use{l.From, l.To})
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Accounts per identifier, posts standing for their authors.
	users := map[string][]int32{}
	for _, u := range uses {
		from := u.from
		if a, ok := postAuthor[from]; ok {
			from = a
		}
		i, ok := index[from]
		if !ok {
			continue // a page
		}
		if !slices.Contains(users[u.key], i) {
			users[u.key] = append(users[u.key], i)
		}
	}
	uses = nil
	removal := func(a *acct) (time.Time, string) {
		if !a.removedAt.IsZero() {
			return a.removedAt, RemovedAtRecorded
		}
		t := a.last
		for _, x := range []time.Time{a.created, a.first, lastPost[a.id]} {
			if x.After(t) {
				t = x
			}
		}
		return t, RemovedAtLastActivity
	}
	since := func(a *acct) time.Time {
		switch {
		case a.first.IsZero():
			return a.created
		case a.created.IsZero() || a.first.Before(a.created):
			return a.first
		}
		return a.created
	}
	type match struct {
		removed int32
		keys    []string
	}
	found := map[int32][]match{}
	keys := make([]string, 0, len(users))
	for k := range users {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		us := users[k]
		if len(us) < 2 || len(us) > hubLimit {
			continue
		}
		for _, r := range us {
			ra := &accts[r]
			if !down(ra.status) {
				continue
			}
			rt, _ := removal(ra)
			if rt.IsZero() {
				continue
			}
			for _, l := range us {
				la := &accts[l]
				if l == r || down(la.status) || la.placeholder {
					continue
				}
				s := since(la)
				if s.IsZero() || s.Before(rt) {
					continue
				}
				ms := found[l]
				j := slices.IndexFunc(ms, func(m match) bool { return m.removed == r })
				if j < 0 {
					ms = append(ms, match{removed: r})
					j = len(ms) - 1
				}
				ms[j].keys = append(ms[j].keys, k)
				found[l] = ms
			}
		}
	}
	clusters, err := memberClusters(ctx, st)
	if err != nil {
		return nil, err
	}
	t := now()
	var alerts []Alert
	for l, ms := range found {
		la := &accts[l]
		a := Alert{ID: AlertID(la.id), Status: AlertOpen, DetectedAt: t, UpdatedAt: t,
			Account: AlertAccount{ID: la.id, Platform: la.platform, Handle: la.handle, Name: la.name, URL: la.url, Status: la.status,
				CreatedAt: la.created, FirstSeen: la.first, Since: since(la)},
			Identifiers: []AlertIdentifier{}, Clusters: []string{}}
		seenKey := map[string]bool{}
		for _, m := range ms {
			ra := &accts[m.removed]
			rt, from := removal(ra)
			slices.Sort(m.keys)
			rm := RemovedMatch{ID: ra.id, Platform: ra.platform, Handle: ra.handle, Status: ra.status, RemovedAt: rt, RemovedAtFrom: from,
				DaysAfter: round4(a.Account.Since.Sub(rt).Hours() / 24), Identifiers: m.keys, Clusters: clusters[ra.id]}
			a.Removed = append(a.Removed, rm)
			for _, k := range m.keys {
				if !seenKey[k] {
					seenKey[k] = true
					id := idents[k]
					a.Identifiers = append(a.Identifiers, AlertIdentifier{Key: k, Kind: id.Kind, Value: id.Value})
				}
			}
			a.Clusters = append(a.Clusters, rm.Clusters...)
		}
		a.Clusters = append(a.Clusters, clusters[la.id]...)
		slices.Sort(a.Clusters)
		a.Clusters = slices.Compact(a.Clusters)
		slices.SortFunc(a.Removed, func(x, y RemovedMatch) int {
			return cmp.Or(cmp.Compare(len(y.Identifiers), len(x.Identifiers)), y.RemovedAt.Compare(x.RemovedAt), cmp.Compare(x.ID, y.ID))
		})
		slices.SortFunc(a.Identifiers, func(x, y AlertIdentifier) int { return cmp.Compare(x.Key, y.Key) })
		alerts = append(alerts, a)
	}
	slices.SortFunc(alerts, func(x, y Alert) int {
		return cmp.Or(y.Account.Since.Compare(x.Account.Since), cmp.Compare(x.ID, y.ID))
	})

	// Merge with the stored alerts: keep status, acknowledgement and the
	// first detection; write what changed.
	res := &DetectResult{Alerts: alerts}
	var put []graph.Doc
	for i := range alerts {
		a := &alerts[i]
		var old Alert
		err := getJSON(ctx, st, graph.CollAlerts, a.ID, &old)
		switch {
		case err == nil:
			a.Status, a.AckBy, a.AckAt, a.AckNote, a.DetectedAt = old.Status, old.AckBy, old.AckAt, old.AckNote, old.DetectedAt
			if sameEvidence(&old, a) {
				a.UpdatedAt = old.UpdatedAt
				res.Unchanged++
				continue
			}
			res.Updated++
		case graph.ErrorCode(err) == graph.ENOTFOUND:
			res.New++
		default:
			return nil, err
		}
		b, err := json.Marshal(a)
		if err != nil {
			return nil, graph.Internal(err)
		}
		put = append(put, graph.Doc{ID: a.ID, Body: b})
	}
	for i := 0; i < len(put); i += 500 {
		if err := st.PutDocs(ctx, graph.CollAlerts, put[i:min(i+500, len(put))]); err != nil {
			return nil, err
		}
	}
	if res.Alerts == nil {
		res.Alerts = []Alert{}
	}
	return res, nil
}

// sameEvidence reports whether two alerts of one account say the same.
func sameEvidence(a, b *Alert) bool {
	ev := func(x *Alert) string {
		b, _ := json.Marshal([]any{x.Account, x.Removed, x.Identifiers, x.Clusters})
		return string(b)
	}
	return ev(a) == ev(b)
}

// memberClusters maps accounts and pages to the networks listing them.
func memberClusters(ctx context.Context, docs graph.DocStore) (map[string][]string, error) {
	out := map[string][]string{}
	err := eachDoc(ctx, docs, graph.CollClusters, func(d graph.Doc) error {
		var c struct {
			ID      string `json:"id"`
			Members []struct {
				ID string `json:"id"`
			} `json:"members"`
		}
		if err := json.Unmarshal(d.Body, &c); err != nil {
			return graph.Internal(fmt.Errorf("cluster %s: %w", d.ID, err))
		}
		for _, m := range c.Members {
			if !slices.Contains(out[m.ID], d.ID) {
				out[m.ID] = append(out[m.ID], d.ID)
			}
		}
		return nil
	})
	return out, err
}

// Alert reads an alert.
func (s *Service) Alert(ctx context.Context, id string) (*Alert, error) {
	var a Alert
	if err := getJSON(ctx, s.st, graph.CollAlerts, id, &a); err != nil {
		if graph.ErrorCode(err) == graph.ENOTFOUND {
			return nil, graph.Errorf(graph.ENOTFOUND, "alert %q not found", id)
		}
		return nil, err
	}
	return &a, nil
}

// Acknowledge marks an alert as seen by an analyst, with a note;
// ECONFLICT if it is already acknowledged.
func (s *Service) Acknowledge(ctx context.Context, id, actor, note string) (*Alert, error) {
	if len(note) > maxNote {
		return nil, graph.Errorf(graph.EINVALID, "note is limited to %d bytes", maxNote)
	}
	s.alertMu.Lock()
	defer s.alertMu.Unlock()
	a, err := s.Alert(ctx, id)
	if err != nil {
		return nil, err
	}
	if a.Status == AlertAcknowledged {
		return nil, graph.Errorf(graph.ECONFLICT, "alert %s was already acknowledged by %s at %s", a.ID, a.AckBy, a.AckAt.Format(time.RFC3339))
	}
	now := s.clock()
	a.Status, a.AckBy, a.AckAt, a.AckNote, a.UpdatedAt = AlertAcknowledged, actor, now, strings.TrimSpace(note), now
	if err := putJSON(ctx, s.st, graph.CollAlerts, a.ID, a); err != nil {
		return nil, err
	}
	return a, nil
}

// Alerts lists alerts in id order after the id after, of one status if
// given; next is the after of the next page, empty on the last.
func (s *Service) Alerts(ctx context.Context, status AlertStatus, after string, limit int) (items []Alert, next string, err error) {
	if limit <= 0 {
		limit = 50
	}
	items = []Alert{}
	const page = 200
	for {
		docs, err := s.st.ListDocs(ctx, graph.CollAlerts, after, page)
		if err != nil {
			return nil, "", err
		}
		for _, d := range docs {
			var a Alert
			if err := json.Unmarshal(d.Body, &a); err != nil {
				return nil, "", graph.Internal(fmt.Errorf("alert %s: %w", d.ID, err))
			}
			if status != "" && a.Status != status {
				continue
			}
			if len(items) == limit {
				return items, items[len(items)-1].ID, nil
			}
			items = append(items, a)
		}
		if len(docs) < page {
			return items, "", nil
		}
		after = docs[len(docs)-1].ID
	}
}
