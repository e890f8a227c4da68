// Package queries holds the Cypher of the Neo4j store (graph/neo4j), one
// statement per .cypher file, embedded in the binary.
//
// Names are a closed set: every file has a Name constant and every Name a
// file, checked when the package loads. Values always travel as
// parameters; nothing from a request is ever spliced into a statement.
//
// Labels and relationship types cannot be parameters, so a statement that
// varies by them is a template, expanded here from the domain's closed
// sets only, never from input:
//
//   - __REL__ becomes the relationship type of one link kind (ForLink), for
//     every kind of graph.LinkKinds;
//   - __LABEL__ becomes the label of one entity kind (ForNode): Account,
//     Page or Post;
//   - __RELS__ becomes every relationship type of graph.LinkKinds joined
//     by "|", and __LABELS__ every entity label joined by ":".
//
// All expansions are made once, at load, so the set of statements the
// store can run is finite and listed by All.
//
// The statements of Apply (apply_*) run with CYPHER replan=skip: their
// plans are unique-index and element-id seeks whatever the statistics,
// and replanning them while an ingest grows the graph only costs time.
package queries

import (
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strings"

	"github.com/takedown/takedown/graph"
)

//go:embed *.cypher
var files embed.FS

// Name is the name of a statement: its file name without ".cypher".
type Name string

// The statements.
const (
	Schema         Name = "schema" // several statements; see SchemaStatements
	InitSingletons Name = "init_singletons"
	AwaitIndexes   Name = "await_indexes"
	ClearLinks     Name = "clear_links"
	ClearNodes     Name = "clear_nodes"

	ApplyLock             Name = "apply_lock"
	ApplyMeta             Name = "apply_meta"
	ApplyReadEntities     Name = "apply_read_entities"
	ApplyReadKinds        Name = "apply_read_kinds"
	ApplyReadIdentifiers  Name = "apply_read_identifiers"
	ApplyReadLinks        Name = "apply_read_links"      // template: __REL__
	ApplyCreateEntities   Name = "apply_create_entities" // template: __LABEL__
	ApplyUpdateEntities   Name = "apply_update_entities"
	ApplyRelabelEntities  Name = "apply_relabel_entities" // template: __LABEL__
	ApplyCreateIdentifier Name = "apply_create_identifiers"
	ApplyCreateLinks      Name = "apply_create_links" // template: __REL__
	ApplyUpdateLinks      Name = "apply_update_links" // template: __REL__

	EntityGet         Name = "entity_get"
	EntityLinkCounts  Name = "entity_link_counts"
	EntityIdentifiers Name = "entity_identifiers"
	EntityPosts       Name = "entity_posts"
	IdentifierGet     Name = "identifier_get"
	SearchAll         Name = "search_all"
	SearchTokens      Name = "search_tokens"
	SearchIdentifier  Name = "search_identifier"
	SearchText        Name = "search_text"
	Stats             Name = "stats"
	Steps             Name = "steps"
	StepsIdentifiers  Name = "steps_identifiers"
	StepsPages        Name = "steps_pages"

	ExportEntities Name = "export_entities"
	ExportLinks    Name = "export_links" // template: __REL__
	ExportIdents   Name = "export_identifiers"

	AuditLock   Name = "audit_lock"
	AuditAppend Name = "audit_append"
	AuditList   Name = "audit_list"
	AuditHead   Name = "audit_head"

	DocsPut    Name = "docs_put"
	DocsGet    Name = "docs_get"
	DocsList   Name = "docs_list"
	DocsDelete Name = "docs_delete"

	ClustersClear   Name = "clusters_clear"
	ClustersDelete  Name = "clusters_delete"
	ClustersCreate  Name = "clusters_create"
	ClustersMembers Name = "clusters_members"
)

// Names lists every statement name.
var Names = []Name{
	Schema, InitSingletons, AwaitIndexes, ClearLinks, ClearNodes,
	ApplyLock, ApplyMeta, ApplyReadEntities, ApplyReadKinds, ApplyReadIdentifiers, ApplyReadLinks,
	ApplyCreateEntities, ApplyUpdateEntities, ApplyRelabelEntities, ApplyCreateIdentifier,
	ApplyCreateLinks, ApplyUpdateLinks,
	EntityGet, EntityLinkCounts, EntityIdentifiers, EntityPosts, IdentifierGet,
	SearchAll, SearchTokens, SearchIdentifier, SearchText, Stats, Steps, StepsIdentifiers, StepsPages,
	ExportEntities, ExportLinks, ExportIdents,
	AuditLock, AuditAppend, AuditList, AuditHead,
	DocsPut, DocsGet, DocsList, DocsDelete,
	ClustersClear, ClustersDelete, ClustersCreate, ClustersMembers,
}

// Template tokens.
const (
	tokRel    = "__REL__"
	tokLabel  = "__LABEL__"
	tokRels   = "__RELS__"
	tokLabels = "__LABELS__"
)

// EntityKinds are the node kinds that are entities, each with its label.
var EntityKinds = []graph.NodeKind{graph.KindAccount, graph.KindPage, graph.KindPost}

// Label is the Neo4j label of an entity kind ("Account"), "" for a kind
// outside EntityKinds.
func Label(k graph.NodeKind) string {
	switch k {
	case graph.KindAccount:
		return "Account"
	case graph.KindPage:
		return "Page"
	case graph.KindPost:
		return "Post"
	}
	return ""
}

// RelType is the Neo4j relationship type of a link kind ("SAME_AS"), ""
// for a kind outside graph.LinkKinds.
func RelType(k graph.LinkKind) string {
	if !slices.Contains(graph.LinkKinds, k) {
		return ""
	}
	return strings.ToUpper(string(k))
}

// LinkKind is the link kind of a relationship type, the inverse of
// RelType; false for a type outside the closed set (IN_CLUSTER).
func LinkKind(relType string) (graph.LinkKind, bool) {
	k, ok := relKinds[relType]
	return k, ok
}

// TemplateLinkKinds are the kinds __REL__ is expanded for: all of them.
var TemplateLinkKinds = slices.Clone(graph.LinkKinds)

// Statement is one runnable statement: a plain file, or one expansion of
// a template (Variant is the link or entity kind it was expanded for).
type Statement struct {
	Name    Name
	Variant string
	Text    string
}

var (
	plain    = map[Name]string{}
	byLink   = map[Name]map[graph.LinkKind]string{}
	byNode   = map[Name]map[graph.NodeKind]string{}
	schema   []string
	all      []Statement
	relKinds = map[string]graph.LinkKind{}
)

func init() {
	if err := load(); err != nil {
		panic("queries: " + err.Error())
	}
}

func load() error {
	for _, k := range graph.LinkKinds {
		relKinds[RelType(k)] = k
	}
	rels := make([]string, 0, len(graph.LinkKinds))
	for _, k := range graph.LinkKinds {
		rels = append(rels, RelType(k))
	}
	labels := make([]string, 0, len(EntityKinds))
	for _, k := range EntityKinds {
		labels = append(labels, Label(k))
	}
	constants := strings.NewReplacer(tokRels, strings.Join(rels, "|"), tokLabels, strings.Join(labels, ":"))

	entries, err := fs.ReadDir(files, ".")
	if err != nil {
		return err
	}
	found := map[Name]bool{}
	for _, e := range entries {
		name := Name(strings.TrimSuffix(e.Name(), ".cypher"))
		if !slices.Contains(Names, name) {
			return fmt.Errorf("file %s has no Name", e.Name())
		}
		found[name] = true
		b, err := files.ReadFile(e.Name())
		if err != nil {
			return err
		}
		text := constants.Replace(strings.TrimSpace(string(b)))
		switch {
		case name == Schema:
			schema = splitStatements(text)
			for i, st := range schema {
				all = append(all, Statement{Name: name, Variant: fmt.Sprint(i), Text: st})
			}
		case strings.Contains(text, tokRel):
			byLink[name] = map[graph.LinkKind]string{}
			for _, k := range TemplateLinkKinds {
				st := strings.ReplaceAll(text, tokRel, RelType(k))
				byLink[name][k] = st
				all = append(all, Statement{Name: name, Variant: string(k), Text: st})
			}
		case strings.Contains(text, tokLabel):
			byNode[name] = map[graph.NodeKind]string{}
			for _, k := range EntityKinds {
				st := strings.ReplaceAll(text, tokLabel, Label(k))
				byNode[name][k] = st
				all = append(all, Statement{Name: name, Variant: string(k), Text: st})
			}
		default:
			plain[name] = text
			all = append(all, Statement{Name: name, Text: text})
		}
	}
	for _, n := range Names {
		if !found[n] {
			return fmt.Errorf("name %s has no file", n)
		}
	}
	for _, st := range all {
		if strings.Contains(st.Text, "__") {
			return fmt.Errorf("%s %s: unexpanded template token", st.Name, st.Variant)
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].Name < all[j].Name })
	return nil
}

// splitStatements splits a file of ";"-terminated statements, dropping
// comment lines.
func splitStatements(text string) []string {
	var out []string
	var cur []string
	for _, line := range strings.Split(text, "\n") {
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "//") {
			continue
		}
		cur = append(cur, line)
		if strings.HasSuffix(t, ";") {
			st := strings.TrimSuffix(strings.TrimSpace(strings.Join(cur, "\n")), ";")
			out = append(out, st)
			cur = nil
		}
	}
	if len(cur) > 0 {
		out = append(out, strings.TrimSpace(strings.Join(cur, "\n")))
	}
	return out
}

// Get returns a plain statement. It panics for a template or for the
// schema, which are a programming error to ask for this way.
func Get(n Name) string {
	st, ok := plain[n]
	if !ok {
		panic(fmt.Sprintf("queries: %q is not a plain statement", n))
	}
	return st
}

// ForLink returns a __REL__ template expanded for link kind k; false if k
// is not in TemplateLinkKinds. It panics if n is not such a template.
func ForLink(n Name, k graph.LinkKind) (string, bool) {
	m, ok := byLink[n]
	if !ok {
		panic(fmt.Sprintf("queries: %q is not a link template", n))
	}
	st, ok := m[k]
	return st, ok
}

// ForNode returns a __LABEL__ template expanded for entity kind k; false
// if k is not in EntityKinds. It panics if n is not such a template.
func ForNode(n Name, k graph.NodeKind) (string, bool) {
	m, ok := byNode[n]
	if !ok {
		panic(fmt.Sprintf("queries: %q is not an entity template", n))
	}
	st, ok := m[k]
	return st, ok
}

// SchemaStatements returns the schema statements, in order.
func SchemaStatements() []string { return slices.Clone(schema) }

// All returns every statement the store can run: each plain file, each
// expansion of each template and each schema statement.
func All() []Statement { return slices.Clone(all) }
