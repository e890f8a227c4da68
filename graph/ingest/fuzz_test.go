package ingest

import (
	"encoding/json"
	"testing"
)

// FuzzLine checks that no input line panics the parser, that a problem
// always names its line, and that accepted lines yield well-formed items.
func FuzzLine(f *testing.F) {
	for _, s := range fuzzLineSeeds {
		f.Add([]byte(s))
	}
	c := &Converter{Region: "GB"}
	f.Fuzz(func(t *testing.T, line []byte) {
		items, p := c.Line(line, 7)
		if p != nil {
			if p.Line != 7 || p.Reason == "" {
				t.Fatalf("problem without line or reason: %+v", p)
			}
			if items != nil {
				t.Fatal("items returned with a problem")
			}
			return
		}
		if items == nil {
			return
		}
		for _, e := range items.Entities {
			if e.ID == "" || e.Platform == "" {
				t.Fatalf("entity without id or platform: %+v", e)
			}
		}
		for _, l := range items.Links {
			if l.From == "" || l.To == "" {
				t.Fatalf("link without endpoints: %+v", l)
			}
			if l.Kind == "uses" && (l.Ident == nil || l.Ident.Key() != l.To) {
				t.Fatalf("uses link without its identifier: %+v", l)
			}
		}
		if _, err := json.Marshal(items); err != nil {
			t.Fatal(err)
		}
	})
}

// fuzzLineSeeds seed FuzzLine and FuzzDecodeParity: the spec's examples and
// messy or broken lines.
var fuzzLineSeeds = []string{
	`{"type":"account","id":"tt:crossing.uk","platform":"tiktok","handle":"crossing.uk","name":"Crossing UK","url":"https://www.tiktok.com/@crossing.uk","followers":1520,"created_at":"2024-03-02T10:00:00Z","status":"active","bio":"Trips to UK, WhatsApp +44 7700 900123","source":"intel-2024-117"}`,
	`{"type":"page","id":"fb:group/1001","platform":"facebook","name":"UK Jobs and Travel","url":"https://facebook.com/groups/1001","members":3400,"status":"active"}`,
	`{"type":"post","id":"tt:video/7312","platform":"tiktok","author":"tt:crossing.uk","page":"fb:group/1001","text":"Boat from Calais this week, 2500 GBP, call 07700900123","url":"https://www.tiktok.com/@crossing.uk/video/7312","posted_at":"2024-05-01T18:22:00Z","status":"active","media":["phash:ffd8a1c3e0f0b0a1"]}`,
	`{"type":"link","kind":"follows","from":"x:a","to":"x:b","at":"2024-05-01T18:22:00Z"}`,
	`{"type":"link","kind":"uses","from":"x:a","identifier":{"kind":"phone","value":"07700 900123","region":"GB"}}`,
	`{"type":"link","kind":"uses","from":"x:a","identifier":{"kind":"messaging","value":"https://api.whatsapp.com/send?phone=447700900123"}}`,
	`{"type":"account","id":"x:\"q\"","platform":"x","handle":"h","bio":"واتساب ٠٧٧٠٠٩٠٠١٢٣ 🚤","extra":1,"nested":{"a":1}}`,
	`{"type":"link","kind":"uses","from":"a","identifier":{"kind":"phone","value":"12"}}`,
	`{"type":"account"`, `// comment`, ``, `[]`, `{"type":"link","kind":"follows","from":"a","to":"b","weight":-1}`,
}
