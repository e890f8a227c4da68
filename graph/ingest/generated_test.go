package ingest

import (
	"bufio"
	"bytes"
	"testing"

	"github.com/takedown/takedown/generate"
)

// TestGeneratedScenarioIsValid checks the generator against the parser: a
// generated scenario has no invalid line, and every phone number it plants
// (in whatever spelling or script) normalises to a valid E.164 number.
func TestGeneratedScenarioIsValid(t *testing.T) {
	var buf bytes.Buffer
	if _, err := generate.Generate(&buf, nil, generate.Options{Accounts: 3000, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	c := &Converter{Region: "GB"}
	sc := bufio.NewScanner(&buf)
	sc.Buffer(nil, 1<<20)
	var n int64
	phones, invalid := 0, 0
	for sc.Scan() {
		n++
		items, p := c.Line(sc.Bytes(), n)
		if p != nil {
			t.Fatalf("generated %s", p)
		}
		for _, l := range items.Links {
			if l.Ident != nil && l.Ident.Kind == "phone" {
				phones++
				if !l.Ident.Valid {
					invalid++
					t.Errorf("line %d: invalid phone %q (%s)", n, l.Ident.Value, l.Ident.Reason)
				}
			}
		}
	}
	if phones < 100 {
		t.Errorf("only %d phone identifiers in the scenario", phones)
	}
	t.Logf("%d lines, %d phone identifiers, %d invalid", n, phones, invalid)
}
