package queries

import (
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/takedown/takedown/graph"
)

func TestEveryFileHasAName(t *testing.T) {
	entries, err := fs.ReadDir(files, ".")
	if err != nil {
		t.Fatal(err)
	}
	var fromFiles []Name
	for _, e := range entries {
		fromFiles = append(fromFiles, Name(strings.TrimSuffix(e.Name(), ".cypher")))
	}
	names := slices.Clone(Names)
	slices.Sort(fromFiles)
	slices.Sort(names)
	if !slices.Equal(fromFiles, names) {
		t.Errorf("files %v\nnames %v", fromFiles, names)
	}
	for _, n := range Names {
		found := false
		for _, st := range All() {
			if st.Name == n {
				found = true
				if strings.TrimSpace(st.Text) == "" {
					t.Errorf("%s %s is empty", n, st.Variant)
				}
			}
		}
		if !found {
			t.Errorf("%s: no statement", n)
		}
	}
}

var (
	relTypeRE = regexp.MustCompile(`\[\w*:([A-Z_|]+)[\]\s{]`)
	labelRE   = regexp.MustCompile(`\(\w*((?::[A-Z]\w*)+)`)
	isLabelRE = regexp.MustCompile(`\b\w+:([A-Z][a-z]\w*)\b`)
	quoteRE   = regexp.MustCompile(`'[^']*'|"[^"]*"|//[^\n]*`)
)

// TestOnlyClosedSetTypesAndLabels proves that every relationship type and
// label in every statement the store can run comes from the domain's
// closed sets (graph.LinkKinds, the entity kinds) or from the store's own
// nodes, whatever the input.
func TestOnlyClosedSetTypesAndLabels(t *testing.T) {
	types := map[string]bool{"IN_CLUSTER": true}
	for _, k := range graph.LinkKinds {
		types[RelType(k)] = true
	}
	labels := map[string]bool{"Entity": true, "Identifier": true, "Meta": true, "AuditHead": true, "Audit": true, "Doc": true, "Cluster": true}
	for _, k := range EntityKinds {
		labels[Label(k)] = true
	}
	seenTypes, seenLabels := map[string]bool{}, map[string]bool{}
	for _, st := range All() {
		text := quoteRE.ReplaceAllString(st.Text, "")
		for _, m := range relTypeRE.FindAllStringSubmatch(text, -1) {
			for _, typ := range strings.Split(m[1], "|") {
				seenTypes[typ] = true
				if !types[typ] {
					t.Errorf("%s %s: relationship type %q is not in the closed set", st.Name, st.Variant, typ)
				}
			}
		}
		for _, m := range labelRE.FindAllStringSubmatch(text, -1) {
			for _, l := range strings.Split(strings.TrimPrefix(m[1], ":"), ":") {
				seenLabels[l] = true
				if !labels[l] {
					t.Errorf("%s %s: label %q is not in the closed set", st.Name, st.Variant, l)
				}
			}
		}
		for _, m := range isLabelRE.FindAllStringSubmatch(text, -1) {
			if !labels[m[1]] {
				t.Errorf("%s %s: label test %q is not in the closed set", st.Name, st.Variant, m[1])
			}
		}
		if strings.Contains(st.Text, "__") {
			t.Errorf("%s %s: template token left", st.Name, st.Variant)
		}
	}
	// The patterns must have found every type and label, or they prove nothing.
	if len(seenTypes) != len(types) || len(seenLabels) != len(labels) {
		t.Errorf("found types %v and labels %v; want all of %v and %v", seenTypes, seenLabels, types, labels)
	}
}

func TestTemplates(t *testing.T) {
	for _, k := range graph.LinkKinds {
		st, ok := ForLink(ApplyCreateLinks, k)
		if !ok || !strings.Contains(st, "[r:"+RelType(k)+" ") {
			t.Errorf("ForLink(%s) = %q, %v", k, st, ok)
		}
	}
	if st, ok := ForLink(ApplyCreateLinks, "FOLLOWS]->(x) DETACH DELETE x //"); ok || st != "" {
		t.Errorf("a kind outside the closed set expanded to %q", st)
	}
	for _, k := range EntityKinds {
		st, ok := ForNode(ApplyCreateEntities, k)
		if !ok || !strings.Contains(st, "(n:Entity:"+Label(k)+" ") {
			t.Errorf("ForNode(%s) = %q, %v", k, st, ok)
		}
	}
	if _, ok := ForNode(ApplyCreateEntities, graph.KindIdentifier); ok {
		t.Error("identifier is not an entity kind")
	}
	if st := Get(EntityLinkCounts); !strings.Contains(st, "FOLLOWS|MENTIONS|") || !strings.Contains(st, "|POSTED_IN]") {
		t.Errorf("link counts do not name every relationship type: %s", st)
	}
	for _, bad := range []func(){
		func() { Get(ApplyCreateLinks) },
		func() { Get("no_such_statement") },
		func() { ForLink(Stats, graph.LinkFollows) },
		func() { ForNode(Stats, graph.KindAccount) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Error("asking for a statement the wrong way did not panic")
				}
			}()
			bad()
		}()
	}
}

func TestRelTypes(t *testing.T) {
	want := map[graph.LinkKind]string{graph.LinkFollows: "FOLLOWS", graph.LinkSameAs: "SAME_AS", graph.LinkPostedIn: "POSTED_IN", graph.LinkUses: "USES"}
	for k, v := range want {
		if RelType(k) != v {
			t.Errorf("RelType(%s) = %q, want %q", k, RelType(k), v)
		}
		if back, ok := LinkKind(v); !ok || back != k {
			t.Errorf("LinkKind(%s) = %s %v", v, back, ok)
		}
	}
	if RelType("knows") != "" {
		t.Error("a kind outside the closed set has a type")
	}
	if _, ok := LinkKind("IN_CLUSTER"); ok {
		t.Error("IN_CLUSTER is not a link kind")
	}
}

func TestSchemaStatements(t *testing.T) {
	st := SchemaStatements()
	if len(st) < 10 {
		t.Fatalf("%d schema statements", len(st))
	}
	for _, s := range st {
		if !strings.Contains(s, "IF NOT EXISTS") || strings.HasSuffix(s, ";") || strings.Contains(s, "//") {
			t.Errorf("schema statement %q: want one idempotent statement", s)
		}
	}
}
