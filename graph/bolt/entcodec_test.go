package bolt

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/takedown/takedown/graph"
)

// TestEntityCodecRoundTrip encodes random entities, with every field set
// or empty, and checks that decoding gives them back exactly, and that a
// truncated value is refused rather than misread.
func TestEntityCodecRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 9))
	words := []string{"", "a", `x:"q"{}`, "واتساب ٠٧٧", "🚤 MATCH (n) DETACH DELETE n", strings.Repeat("z", 300), "\x00\xff"}
	str := func() string { return words[rng.IntN(len(words))] }
	tm := func() time.Time {
		if rng.IntN(3) == 0 {
			return time.Time{}
		}
		return time.Unix(rng.Int64N(4e9)-1e9, rng.Int64N(1e9)).UTC()
	}
	list := func() []string {
		var l []string
		for range rng.IntN(3) {
			l = append(l, str())
		}
		return l
	}
	for i := range 2000 {
		e := graph.Entity{ID: str(), Kind: graph.NodeKind(str()), Platform: str(), Handle: str(), Name: str(), URL: str(),
			Bio: str(), Text: str(), Author: str(), Page: str(), Status: graph.Status(str()),
			Followers: rng.Int64N(1e12) - 5e11, Members: rng.Int64N(100), Placeholder: rng.IntN(2) == 0,
			CreatedAt: tm(), PostedAt: tm(), FirstSeen: tm(), LastSeen: tm(), Media: list(), Sources: list()}
		if rng.IntN(2) == 0 {
			e.Props = map[string]any{str() + "s": str(), str() + "f": rng.Float64() * 1e6, str() + "b": rng.IntN(2) == 0}
		}
		v := encodeEntity(&e)
		var got graph.Entity
		if err := decodeEntity(v, &got); err != nil {
			t.Fatalf("entity %d: %v", i, err)
		}
		if !reflect.DeepEqual(e, got) {
			t.Fatalf("entity %d differs:\nput %#v\ngot %#v", i, e, got)
		}
		if err := decodeEntity(v[:len(v)-1], &got); err == nil {
			t.Fatalf("entity %d: a truncated value decoded", i)
		}
		// The one-copy decoder gives the same entity, and its strings do
		// not change when the stored bytes are reused.
		if err := decodeShortLived(v[:len(v)-1], &got); err == nil {
			t.Fatalf("entity %d: a truncated value decoded (one copy)", i)
		}
		var short graph.Entity
		if err := decodeShortLived(v, &short); err != nil {
			t.Fatalf("entity %d (one copy): %v", i, err)
		}
		clear(v)
		if !reflect.DeepEqual(e, short) {
			t.Fatalf("entity %d differs (one copy):\nput %#v\ngot %#v", i, e, short)
		}
	}
}
