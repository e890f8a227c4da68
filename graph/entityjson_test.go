package graph

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

func randTime(rng *rand.Rand) time.Time {
	switch rng.IntN(5) {
	case 0:
		return time.Time{}
	case 1:
		return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	case 2:
		return time.Unix(rng.Int64N(4e9), rng.Int64N(1e9)).In(time.FixedZone("x", 3600*(rng.IntN(27)-13)+1800*rng.IntN(2)))
	case 3:
		return time.Date(rng.IntN(10000), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, rng.IntN(1e9), time.UTC)
	}
	return time.Date(1970, 1, 1, 0, 0, 0, 1, time.Local)
}

func randStrings(rng *rand.Rand) []string {
	switch rng.IntN(3) {
	case 0:
		return nil
	case 1:
		return []string{}
	}
	var out []string
	for range 1 + rng.IntN(3) {
		out = append(out, randString(rng))
	}
	return out
}

func randEntity(rng *rand.Rand) Entity {
	e := Entity{ID: randString(rng), Kind: NodeKind(randString(rng)), Platform: randString(rng), Handle: randString(rng),
		Name: randString(rng), URL: randString(rng), Bio: randString(rng), Text: randString(rng), Author: randString(rng),
		Page: randString(rng), Status: Status(randString(rng)), Placeholder: rng.IntN(2) == 0,
		CreatedAt: randTime(rng), PostedAt: randTime(rng), FirstSeen: randTime(rng), LastSeen: randTime(rng),
		Media: randStrings(rng), Sources: randStrings(rng)}
	if rng.IntN(3) > 0 {
		e.Followers = rng.Int64N(1e7) - 10
	}
	if rng.IntN(3) > 0 {
		e.Members = rng.Int64N(1e7)
	}
	switch rng.IntN(3) {
	case 1:
		e.Props = map[string]any{}
	case 2:
		e.Props = map[string]any{randString(rng): randString(rng), "n": randFloat(rng), "b": rng.IntN(2) == 0, "z<&>": 1e21}
	}
	return e
}

// TestAccountPageAppendJSON checks AppendJSON against encoding/json on
// random pages of entities with hostile strings, times in many zones and
// years, props, and nil and empty lists; both must fail on the same input.
func TestAccountPageAppendJSON(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for trial := range 3000 {
		p := &AccountPage{Next: randString(rng)}
		if rng.IntN(10) > 0 {
			p.Items = []Entity{}
		}
		for range rng.IntN(4) {
			p.Items = append(p.Items, randEntity(rng))
		}
		want, werr := json.Marshal(p)
		got, gerr := p.AppendJSON(nil)
		if (werr != nil) != (gerr != nil) {
			t.Fatalf("trial %d: encoding/json error %v, AppendJSON error %v", trial, werr, gerr)
		}
		if werr == nil && !bytes.Equal(got, want) {
			t.Fatalf("trial %d:\n got %s\nwant %s", trial, got, want)
		}
	}
	// The cases encoding/json refuses.
	for _, e := range []Entity{
		{ID: "a", CreatedAt: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)},
		{ID: "a", LastSeen: time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC)},
		{ID: "a", Props: map[string]any{"x": math.NaN()}},
	} {
		p := &AccountPage{Items: []Entity{e}}
		if _, err := json.Marshal(p); err == nil {
			t.Fatalf("encoding/json took %+v", e)
		}
		if _, err := p.AppendJSON(nil); err == nil {
			t.Fatalf("AppendJSON took %+v", e)
		}
	}
}
