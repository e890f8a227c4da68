package analysis

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
)

// GMLNode is a node of a GML file: its id and its scalar attributes
// (label, value, groundTruth, ...) as written, quotes removed.
type GMLNode struct {
	ID    int64
	Attrs map[string]string
}

// ReadGML reads the graph of a GML file (Himsolt 1997, "GML: a portable
// graph file format") as an undirected graph: node i of the result is
// nodes[i], in file order; edges name nodes by id and take their weight
// from a numeric "weight" or "value" key (default 1). The "directed" flag
// is ignored. Only the subset of GML that network data sets use is
// understood: nested key/value lists with numbers and quoted strings.
func ReadGML(r io.Reader) (*Graph, []GMLNode, error) {
	toks, err := gmlTokens(r)
	if err != nil {
		return nil, nil, err
	}
	root, rest, err := gmlList(toks, false)
	if err != nil {
		return nil, nil, err
	}
	if len(rest) != 0 {
		return nil, nil, fmt.Errorf("gml: unexpected %q", rest[0])
	}
	var graph []gmlPair
	for _, p := range root {
		if p.key == "graph" && p.list != nil {
			graph = p.list
		}
	}
	if graph == nil {
		return nil, nil, fmt.Errorf("gml: no graph [ ... ] section")
	}
	var nodes []GMLNode
	index := make(map[int64]int32)
	for _, p := range graph {
		if p.key != "node" {
			continue
		}
		nd := GMLNode{Attrs: map[string]string{}}
		hasID := false
		for _, a := range p.list {
			if a.list != nil {
				continue
			}
			if a.key == "id" {
				id, err := strconv.ParseInt(a.value, 10, 64)
				if err != nil {
					return nil, nil, fmt.Errorf("gml: node id %q: %v", a.value, err)
				}
				nd.ID, hasID = id, true
				continue
			}
			nd.Attrs[a.key] = a.value
		}
		if !hasID {
			return nil, nil, fmt.Errorf("gml: node without id")
		}
		if _, dup := index[nd.ID]; dup {
			return nil, nil, fmt.Errorf("gml: duplicate node id %d", nd.ID)
		}
		index[nd.ID] = int32(len(nodes))
		nodes = append(nodes, nd)
	}
	var edges []Edge
	for _, p := range graph {
		if p.key != "edge" {
			continue
		}
		var src, dst int64
		var hasS, hasT bool
		w, hasW := 1.0, false
		for _, a := range p.list {
			switch a.key {
			case "source", "target":
				id, err := strconv.ParseInt(a.value, 10, 64)
				if err != nil {
					return nil, nil, fmt.Errorf("gml: edge %s %q: %v", a.key, a.value, err)
				}
				if a.key == "source" {
					src, hasS = id, true
				} else {
					dst, hasT = id, true
				}
			case "weight", "value":
				if x, err := strconv.ParseFloat(a.value, 64); err == nil && !hasW {
					w, hasW = x, a.key == "weight"
				}
			}
		}
		if !hasS || !hasT {
			return nil, nil, fmt.Errorf("gml: edge without source or target")
		}
		u, ok1 := index[src]
		v, ok2 := index[dst]
		if !ok1 || !ok2 {
			return nil, nil, fmt.Errorf("gml: edge %d-%d names an unknown node", src, dst)
		}
		if w < 0 {
			return nil, nil, fmt.Errorf("gml: edge %d-%d has negative weight", src, dst)
		}
		edges = append(edges, Edge{u, v, w})
	}
	return NewGraph(len(nodes), edges), nodes, nil
}

type gmlPair struct {
	key   string
	value string
	list  []gmlPair // non-nil for a [ ... ] value
}

func gmlTokens(r io.Reader) ([]string, error) {
	br := bufio.NewReader(r)
	var toks []string
	var sb strings.Builder
	for {
		c, _, err := br.ReadRune()
		if err == io.EOF {
			return toks, nil
		}
		if err != nil {
			return nil, err
		}
		switch {
		case unicode.IsSpace(c):
		case c == '#':
			if _, err := br.ReadString('\n'); err != nil && err != io.EOF {
				return nil, err
			}
		case c == '[' || c == ']':
			toks = append(toks, string(c))
		case c == '"':
			sb.Reset()
			sb.WriteByte('"')
			for {
				c, _, err := br.ReadRune()
				if err != nil {
					return nil, fmt.Errorf("gml: unterminated string")
				}
				if c == '"' {
					break
				}
				sb.WriteRune(c)
			}
			toks = append(toks, sb.String())
		default:
			sb.Reset()
			sb.WriteRune(c)
			for {
				c, _, err := br.ReadRune()
				if err != nil {
					break
				}
				if unicode.IsSpace(c) || c == '[' || c == ']' {
					br.UnreadRune()
					break
				}
				sb.WriteRune(c)
			}
			toks = append(toks, sb.String())
		}
	}
}

func gmlList(toks []string, nested bool) ([]gmlPair, []string, error) {
	list := []gmlPair{}
	for len(toks) > 0 {
		if toks[0] == "]" {
			if !nested {
				return nil, nil, fmt.Errorf("gml: unbalanced ]")
			}
			return list, toks[1:], nil
		}
		key := toks[0]
		if len(toks) < 2 {
			return nil, nil, fmt.Errorf("gml: key %q without value", key)
		}
		if toks[1] == "[" {
			sub, rest, err := gmlList(toks[2:], true)
			if err != nil {
				return nil, nil, err
			}
			list = append(list, gmlPair{key: key, list: sub})
			toks = rest
			continue
		}
		if toks[1] == "]" {
			return nil, nil, fmt.Errorf("gml: key %q without value", key)
		}
		list = append(list, gmlPair{key: key, value: strings.TrimPrefix(toks[1], "\"")})
		toks = toks[2:]
	}
	if nested {
		return nil, nil, fmt.Errorf("gml: missing ]")
	}
	return list, nil, nil
}
