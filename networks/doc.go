// Package networks finds the networks in the stored graph: it projects
// the graph onto its actors, detects communities, picks out their key
// players, ranks them, and keeps their ids stable from one run to the next.
//
//	run, err := networks.Analyze(ctx, store, cfg, func(phase string, pct float64) { … })
//
// Analyze is the synchronous core (the "takedown analyze" command); Runner
// runs it in the background one run at a time, and Handlers serve runs and
// clusters over HTTP (Routes, mounted by the API with its authentication).
//
// # Projection
//
// The store's Export is streamed once: the callbacks copy what is needed
// into batches that a second goroutine folds into flat arrays (strings in
// a byte arena), so decoding and bookkeeping use both cores. Nodes are the
// actors, accounts and pages; a post stands for its author (or, without
// one, its page). Accounts joined by same_as are merged into one node with
// a union-find before anything is built; nodes are numbered by their
// smallest actor id, so the projection does not depend on export order.
//
// Every piece of evidence adds a weighted edge; edges between the same
// two nodes add up. With w_e the weight of evidence kind e from the
// configuration (weights.default.json, embedded, overlaid by LoadConfig):
//
//   - strong: a shared phone, messaging link, payment handle, crypto
//     wallet or e-mail (used by the actor, or seen in its bio, name or
//     posts); two admins of one page (co_admin); an admin and its page
//     (admin_of); contact links.
//   - medium: a shared image fingerprint; reposts, replies and mentions.
//   - weak: follows; membership of a page and posting in it (member_of,
//     posted_in: an edge to the page node, so that co-members meet through
//     the page, a star); a shared URL; URLs on one domain (ident.Domain).
//   - coordination: the same URL, the same media fingerprint, or
//     near-identical text posted within a window (below).
//
// Direct ties of one kind between two nodes, counted c times (the link's
// observations times its weight, both directions summed), weigh
// w_e·log2(1 + c), so one observation weighs w_e and each doubling adds
// w_e. A follow weighs w_follows·idf(k) for a followee with k followers.
//
// Shared evidence is damped by its document frequency: an identifier,
// domain or page used by df of the N nodes weighs w_e·idf(df) per pair,
// with the smoothed inverse document frequency
//
//	idf(df) = log(1 + N/df) / log(1 + N)
//
// (1 for one user, falling slowly; Spärck Jones 1972, J. Doc. 28(1):11).
// An identifier, domain or page with more than hub_cut users is a hub (a
// helpline, a popular site, a big group): it adds no edges, and the run's
// summary lists it. Up to clique_max users are joined pairwise; between
// clique_max and hub_cut, the d users are joined by the circulant graph in
// which each is tied to the next k = clique_max/2 in node order, each edge
// weighing w(d−1)/(2k): every user keeps the strength w(d−1) the clique
// would give, with d·k edges instead of d(d−1)/2.
//
// # Coordination
//
// In the manner of CooRnet (Giglietto, Righetti, Rossi & Marino 2020,
// "It takes a village to manipulate the media", Inf. Commun. Soc.
// 23(6):867) and the coordination-network-toolkit (Graham, Bruns, Angus,
// Hurcombe & Hames 2020, co-link and co-similar-post networks), an item is
// a URL, a media fingerprint, or a group of near-identical texts. Two
// nodes coordinate on an item when each posted it within the window of the
// other; nodes that coordinated on at least min_repetitions distinct items
// of one kind get an edge of w·log2(1 + c) for c items. Items posted by
// more than hub_cut nodes are dropped. Within an item, events are swept in
// time order keeping each node's latest time, so the cost is
// O(events × nodes of the item), never all pairs of posts.
//
// Texts are lower-cased and split into words (runs of letters, digits and
// marks, any script); texts of fewer than min_tokens words are left out.
// The MinHash signature (Broder 1997, "On the resemblance and containment
// of documents") of a text's w-word shingles has 16 minima; texts that
// agree on one of 4 bands of 4 minima are candidates (locality-sensitive
// hashing, Leskovec, Rajaraman & Ullman, "Mining of Massive Datasets",
// §3.4), and a candidate whose estimated Jaccard similarity
// |A∩B|/|A∪B| ≈ (equal minima)/16 to its bucket's first text reaches the
// similarity threshold joins that text's group (union-find). A bucket
// whose texts come from more than hub_cut nodes is a common phrase and is
// skipped.
//
// # Detection
//
// Leiden (Traag, Waltman & van Eck 2019, Sci. Rep. 9:5233, package
// analysis) optimises modularity at the configured resolution γ,
//
//	Q = 1/(2m) Σ_ij [A_ij − γ k_i k_j/(2m)] δ(c_i, c_j),
//
// with the configured seed. Each community is then cut down to its
// networks. First the fringe is pruned: members whose strong, medium and
// coordination weight to the rest of the community is below
// min_attachment are removed, repeatedly (a weighted core), since a
// follower or a one-off reply is not a member, and what remains is split
// into connected components. Then, since modularity's resolution limit
// (Fortunato & Barthélemy 2007, PNAS 104(1):36) lets a large graph merge
// small groups joined by a single weak tie, each piece is refined: Leiden
// runs again on its own subgraph, and a sub-community S whose conductance
// inside the piece C,
//
//	φ(S) = cut(S, C∖S) / min(vol(S), vol(C∖S)),
//
// is below split_conductance is split off (to a depth of three), while
// sub-communities joined by a dense cut stay together, so that a network
// with internal structure is not broken up; each part is pruned again.
// Parts of at least min_size actors with at least min_signal of strong,
// medium and coordination weight inside are the clusters.
//
// # Key players
//
// On each cluster's induced subgraph (clusters spread over both cores):
// weighted PageRank (Page, Brin, Motwani & Winograd 1999), betweenness by
// hops (Brandes 2001, J. Math. Sociol. 25(2):163; above betweenness_max
// members it is estimated from betweenness_samples random sources scaled
// by n/k, Brandes & Pich 2007, Int. J. Bifurc. Chaos 17(7):2303) and
// articulation points (Hopcroft & Tarjan 1973). The count members with the
// highest PageRank are key players; other articulation points are
// bridges; the rest are members.
//
// # Ranking
//
// A Scorer scores each cluster from a ClusterInput: the members with their
// profiles, their latest posts, the identifiers they use (Public when seen
// in a bio, a name or a post's text) and the co-admin, repost and contact
// pairs among them. The default is RankScorer (package rank); SizeScorer
// orders by size. Clusters are sorted by score (then size, then smallest
// member id) and ranked 1..n.
//
// # Lineage
//
// Each run is matched to the previous one by membership: pairs of a new
// and a previous cluster are taken greedily by decreasing Jaccard
// similarity |C∩P|/|C∪P| while both are free and the similarity is at
// least lineage.match, and the new cluster keeps the previous id. A
// cluster holding a part (at least two and at least lineage.share of the
// members) of two previous clusters is merged; the parts of a previous
// cluster with two or more parts are split (the best match keeps its id);
// other matches are continued, grown or shrunk (size change beyond
// lineage.change); the rest are new, with ids net-000001, net-000002, … from
// a counter in graph.CollMeta. Previous clusters that nothing continues are
// dissolved (listed in the run's summary) or, if a part of them went into
// another cluster, retired into it; GET /v1/clusters/{id} of such an id
// says where its members went.
//
// # Documents
//
// A run is a Run in graph.CollRuns (parameters, graph version, timings per
// phase, counts, modularity, hubs cut, lineage counts). Its clusters are
// Cluster documents in graph.CollClusters, replacing the previous run's;
// graph.CollMeta holds the ranked index the list endpoint reads, the
// lineage state (every cluster's members) and the run and cluster counters.
// Readers go through the index, which names the current run, so they see
// one run's clusters or the next's, never a mix.
//
// A store that is also a ClusterWriter (the Neo4j store) gets the run's
// results written onto the graph as well, before the cluster documents:
// cluster_id, cluster_rank, cluster_score and cluster_tier on every member
// node and a :Cluster node per cluster, so that people who work in Cypher
// or Neo4j Bloom can query them. A failed write-back fails the run before
// any document is written, and the previous run stays current in both.
package networks
