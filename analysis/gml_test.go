package analysis

import (
	"strings"
	"testing"
)

func TestReadGML(t *testing.T) {
	in := `Creator "test"
graph
[
  directed 0
  node [ id 10 label "Ana Lopez" role "driver" ]
  node [ id 20 label "B" ]
  node
  [
    id 30
  ]
  edge [ source 10 target 20 value 2.5 ]
  edge [ source 20 target 30 weight 4 value 9 ]
  edge [ source 30 target 30 ]
]`
	g, nodes, err := ReadGML(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(nodes) != 3 || nodes[0].ID != 10 || nodes[0].Attrs["label"] != "Ana Lopez" || nodes[0].Attrs["role"] != "driver" {
		t.Fatalf("nodes %+v", nodes)
	}
	if g.Weight(0, 1) != 2.5 || g.Weight(1, 2) != 4 || g.Weight(2, 2) != 2 {
		t.Fatalf("weights %v %v %v, want 2.5 4 2 (loop stored as 2w)", g.Weight(0, 1), g.Weight(1, 2), g.Weight(2, 2))
	}
	for _, bad := range []string{
		`graph [ node [ id 1 ] edge [ source 1 target 2 ] ]`,
		`graph [ node [ id 1 ] node [ id 1 ] ]`,
		`graph [ node [ label "x" ] ]`,
		`graph [ node [ id 1 ]`,
		`nothing 1`,
	} {
		if _, _, err := ReadGML(strings.NewReader(bad)); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}
