package referral

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"
)

// Export is a referral as sent to the platform and kept on file (the JSON
// export): the items with their evidence and outcomes, without the
// workflow's internal history.
type Export struct {
	Referral    string          `json:"referral"`
	Cluster     string          `json:"cluster"`
	Platform    string          `json:"platform"`
	Status      Status          `json:"status"`
	Network     NetworkSnapshot `json:"network"`
	CreatedAt   time.Time       `json:"created_at"`
	SubmittedAt time.Time       `json:"submitted_at,omitzero"`
	ActionedAt  time.Time       `json:"actioned_at,omitzero"`
	Counts      Counts          `json:"counts"`
	Items       []Item          `json:"items"`
}

// ExportOf returns the export of r.
func ExportOf(r *Referral) Export {
	items := r.Items
	if items == nil {
		items = []Item{}
	}
	return Export{Referral: r.ID, Cluster: r.Cluster, Platform: r.Platform, Status: r.Status, Network: r.Network,
		CreatedAt: r.CreatedAt, SubmittedAt: r.SubmittedAt, ActionedAt: r.ActionedAt, Counts: r.Counts, Items: items}
}

// CSVHeader is the header row of the CSV export.
var CSVHeader = []string{"referral", "cluster", "platform", "item_id", "kind", "url", "handle", "name", "author",
	"role", "status", "advert", "evidence", "identifiers", "indicators", "outcome", "outcome_at", "recorded_at", "recorded_by", "note"}

// WriteCSV writes the items of r as CSV (RFC 4180, with a header row):
// one row per item. Cells that a spreadsheet would read as a formula
// (starting with =, +, -, @, a tab or a carriage return) are prefixed
// with an apostrophe, since names, bios and texts come from the accounts
// referred.
func WriteCSV(w io.Writer, r *Referral) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	for i := range r.Items {
		it := &r.Items[i]
		var ids, ind []string
		for _, id := range it.Evidence.Identifiers {
			ids = append(ids, id.Key)
		}
		for _, h := range it.Evidence.Indicators {
			ind = append(ind, h.Category+": "+h.Match)
		}
		row := []string{r.ID, r.Cluster, r.Platform, it.ID, string(it.Kind), it.URL, it.Handle, it.Name, it.Author,
			it.Evidence.Role, string(it.Status), strconv.FormatBool(it.Evidence.Advert), it.Evidence.Summary,
			strings.Join(ids, "; "), strings.Join(ind, "; "), string(it.Outcome), csvTime(it.OutcomeAt),
			csvTime(it.RecordedAt), it.RecordedBy, it.Note}
		for j := range row {
			row[j] = CSVCell(row[j])
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func csvTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// CSVCell neutralises a cell a spreadsheet would evaluate as a formula.
func CSVCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
