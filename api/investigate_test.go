package api

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/takedown/takedown/graph"
)

// TestInvestigationOverHTTP ingests the scenario over HTTP, then follows
// it as an investigator would: linked accounts, a path, a phone pivot in
// another spelling, search.
func TestInvestigationOverHTTP(t *testing.T) {
	e := newEnv(t, nil)
	r := e.ingestHTTP(analystToken, strings.Join(scenario, "\n"), "")
	var res IngestResult
	r.json(t, &res)
	if r.status != 200 || res.Accounts != 5 || res.Pages != 1 || res.Posts != 1 || res.Identifiers != 1 || res.Records != 11 || res.Lines != 11 {
		t.Fatalf("ingest: %d %s", r.status, r.body)
	}
	var st graph.Stats
	e.get("/v1/stats", viewerToken).json(t, &st)
	if st.Accounts != 5 || st.Pages != 1 || st.Posts != 1 || st.Identifiers != 1 || st.Status[graph.StatusRemoved] != 1 || st.Platform["x"] != 2 {
		t.Errorf("stats %+v", st)
	}

	var lr graph.LinkedResult
	r = e.get("/v1/accounts/x%3Aa/linked?depth=3", viewerToken)
	r.json(t, &lr)
	depths := map[string]int{}
	for _, a := range lr.Accounts {
		depths[a.ID] = a.Depth
	}
	if want := map[string]int{"tt:b": 1, "ig:c": 2, "fb:d": 2, "x:e": 3}; fmt.Sprint(depths) != fmt.Sprint(want) {
		t.Errorf("linked depths %v, want %v", depths, want)
	}
	if lr.Accounts[0].ID != "tt:b" || lr.Accounts[0].Paths[0].Steps[0].Text != "shares phone +447700900123 with" {
		t.Errorf("strongest linked account %+v", lr.Accounts[0])
	}
	r = e.get("/v1/accounts/x%3Aa/linked?depth=3&kinds=shared_phone,co_admin&min_strength=0.5", viewerToken)
	lr = graph.LinkedResult{}
	r.json(t, &lr)
	var ids []string
	for _, a := range lr.Accounts {
		ids = append(ids, a.ID)
	}
	if !slices.Equal(ids, []string{"tt:b", "ig:c"}) {
		t.Errorf("filtered linked %v, want tt:b and ig:c", ids)
	}

	var p PathResult
	e.get("/v1/paths?from=x%3Aa&to=x%3Ae", viewerToken).json(t, &p)
	var hops []string
	for _, s := range p.Steps {
		hops = append(hops, s.From+" "+s.Text+" "+s.To)
	}
	want := []string{"x:a shares phone +447700900123 with tt:b", "tt:b co-admin of page UK Jobs and Travel with ig:c", "ig:c is followed by x:e"}
	if !slices.Equal(hops, want) || p.From != "x:a" || p.To != "x:e" || p.Strength <= 0 {
		t.Errorf("path %+v:\n %s", p, strings.Join(hops, "\n "))
	}

	// The phone, spelled four ways, with and without its kind.
	for _, q := range []string{"kind=phone&value=" + url.QueryEscape("07700 900123"), "value=" + url.QueryEscape("+44 (0)7700-900123"),
		"value=" + url.QueryEscape("wa.me/447700900123") + "&kind=phone", "value=" + url.QueryEscape("٠٧٧٠٠٩٠٠١٢٣")} {
		r := e.get("/v1/identifiers?"+q, viewerToken)
		var iv graph.IdentifierView
		r.json(t, &iv)
		var users []string
		for _, u := range iv.Users {
			users = append(users, u.ID)
		}
		if r.status != 200 || iv.Key() != "phone:+447700900123" || !slices.Equal(users, []string{"tt:video/7312", "x:a"}) {
			t.Errorf("identifier %s: %d %s", q, r.status, r.body)
		}
	}
	// Without the default region a national number is not the same phone.
	if r := e.get("/v1/identifiers?kind=phone&value=07700900123&region=US", viewerToken); r.status != 404 {
		t.Errorf("07700900123 in the US: %d %s", r.status, r.body)
	}

	var page graph.AccountPage
	e.get("/v1/accounts?identifier="+url.QueryEscape("07700 900123"), viewerToken).json(t, &page)
	if got := entityIDs(page.Items); !slices.Equal(got, []string{"tt:b", "x:a"}) {
		t.Errorf("search by identifier %v", got)
	}
	page = graph.AccountPage{}
	e.get("/v1/accounts?q=charlie+travel", viewerToken).json(t, &page)
	if got := entityIDs(page.Items); !slices.Equal(got, []string{"ig:c"}) {
		t.Errorf("search charlie travel %v", got)
	}
	var ev graph.EntityView
	e.get("/v1/accounts/tt%3Ab", viewerToken).json(t, &ev)
	if len(ev.Posts) != 1 || ev.Posts[0].ID != "tt:video/7312" || ev.LinkCounts[graph.LinkAdminOf].Out != 1 {
		t.Errorf("account view %+v", ev)
	}
	var pg graph.EntityView
	e.get("/v1/pages/fb%3Agroup%2F1001", viewerToken).json(t, &pg)
	if pg.Kind != graph.KindPage || pg.LinkCounts[graph.LinkAdminOf].In != 2 {
		t.Errorf("page view %+v", pg)
	}
}

func entityIDs(es []graph.Entity) []string {
	out := []string{}
	for _, e := range es {
		out = append(out, e.ID)
	}
	return out
}

// TestSearchPagesAreStable pages through a search while accounts are
// added between pages: nothing is returned twice or missed.
func TestSearchPagesAreStable(t *testing.T) {
	e := newEnv(t, nil)
	var lines []string
	for i := range 7 {
		lines = append(lines, fmt.Sprintf(`{"type":"account","id":"acc%d","platform":"x","handle":"boat_acc%d","name":"Boat Trips %d"}`, i, i, i))
	}
	e.seed(lines...)
	for _, base := range []string{"/v1/accounts?q=boat&limit=3", "/v1/accounts?platform=x&limit=3"} {
		seen := map[string]int{}
		path := base
		for pageNo := 0; pageNo < 10; pageNo++ {
			var page graph.AccountPage
			r := e.get(path, viewerToken)
			r.json(t, &page)
			if r.status != 200 || len(page.Items) > 3 {
				t.Fatalf("%s: %d %s", path, r.status, r.body)
			}
			for _, it := range page.Items {
				seen[it.ID]++
			}
			if page.Next == "" {
				break
			}
			if pageNo == 0 {
				e.ingestHTTP(analystToken, fmt.Sprintf(`{"type":"account","id":"aaa%s","platform":"x","handle":"aaa_boat","name":"Boat Aaa"}`, url.QueryEscape(base)), "")
			}
			path = base + "&cursor=" + url.QueryEscape(page.Next)
		}
		for i := range 7 {
			if id := fmt.Sprintf("acc%d", i); seen[id] != 1 {
				t.Errorf("%s: %s seen %d times", base, id, seen[id])
			}
		}
	}
}
