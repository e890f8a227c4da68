#!/usr/bin/env python3
"""Runs one peer community detection on an edge list of integer node names
and prints one JSON line with load and detection wall and CPU times and the
modularity the peer reports; writes "node<TAB>community" lines with --out.

Tools: igraph-multilevel (Graph.community_multilevel), igraph-leiden
(Graph.community_leiden(objective_function="modularity"), its default two
iterations), networkx-louvain (networkx.community.louvain_communities).
"""
import argparse
import json
import resource
import sys
import time


def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tool", choices=["igraph-multilevel", "igraph-leiden", "networkx-louvain"])
    ap.add_argument("--edges", required=True)
    ap.add_argument("--out")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()

    t0, c0 = time.perf_counter(), cpu()
    if a.tool.startswith("igraph"):
        import igraph as ig
        # igraph's own C generator (PCG32) rather than the default callback
        # into Python's random module: the fastest igraph configuration.
        ig.set_random_number_generator(None)
        g = ig.Graph.Read_Edgelist(a.edges, directed=False)
        n, m = g.vcount(), g.ecount()
    else:
        import networkx as nx
        g = nx.read_edgelist(a.edges, nodetype=int)
        n, m = g.number_of_nodes(), g.number_of_edges()
    t1, c1 = time.perf_counter(), cpu()

    if a.tool == "igraph-multilevel":
        cl = g.community_multilevel()
        memb, q = cl.membership, cl.modularity
    elif a.tool == "igraph-leiden":
        cl = g.community_leiden(objective_function="modularity")
        memb = cl.membership
        q = g.modularity(memb)
    else:
        import networkx as nx
        comms = nx.community.louvain_communities(g, seed=a.seed)
        q = nx.community.modularity(g, comms)
        memb = {}
        for i, c in enumerate(comms):
            for v in c:
                memb[v] = i
    t2, c2 = time.perf_counter(), cpu()

    if a.out:
        with open(a.out, "w") as f:
            items = enumerate(memb) if isinstance(memb, list) else sorted(memb.items())
            for v, c in items:
                f.write(f"{v}\t{c}\n")
    ncomm = len(set(memb)) if isinstance(memb, list) else len(set(memb.values()))
    json.dump({
        "tool": a.tool,
        "nodes": n,
        "edges": m,
        "communities": ncomm,
        "modularity": q,
        "load_seconds": t1 - t0,
        "detect_seconds": t2 - t1,
        "load_cpu_seconds": c1 - c0,
        "detect_cpu_seconds": c2 - c1,
    }, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
