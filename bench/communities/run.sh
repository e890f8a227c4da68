#!/usr/bin/env bash
# Community detection benchmark: takedown's Leiden and Louvain against
# python-igraph (community_multilevel, community_leiden), networkx
# (louvain_communities) and gonum (community.Modularize), side by side on the
# same generated planted-partition graphs (communities of 1000 nodes,
# average degree 20, mixing 0.3). Each tool runs as its own process under
# /usr/bin/time -v; bench/communities/report scores every partition alike
# and writes bench/RESULTS-communities.md.
#
# Environment:
#   SIZES      node counts (default "100000 1000000")
#   PY_MAX     largest size for networkx (default 100000; it needs minutes
#              and gigabytes beyond that)
#   GONUM_MAX  largest size for gonum (default 100000)
#   TIMEOUT    seconds allowed per run (default 3600)
#   GONUM_TIMEOUT  seconds allowed for gonum (default 1200: its local
#              moving rescans every member of each candidate community, so
#              on communities of 1000 nodes it needs hours at 100k nodes)
#   WORK       scratch directory (default bench/communities/work, ignored
#              by git)
#   OUT        report path (default bench/RESULTS-communities.md)
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZES=${SIZES:-"100000 1000000"}
PY_MAX=${PY_MAX:-100000}
GONUM_MAX=${GONUM_MAX:-100000}
TIMEOUT=${TIMEOUT:-3600}
GONUM_TIMEOUT=${GONUM_TIMEOUT:-1200}
WORK=${WORK:-bench/communities/work}
OUT=${OUT:-bench/RESULTS-communities.md}
SEED=1
CMD="$0${SIZES:+ (SIZES=\"$SIZES\")}"

python3 -c 'import igraph, networkx' 2>/dev/null || python3 -m pip install --quiet igraph networkx

mkdir -p "$WORK/bin" "$WORK/results"
for p in gen ours gonum report; do
	go build -o "$WORK/bin/$p" "./bench/communities/$p"
done
RES="$WORK/results"
rm -rf "${RES:?}"/n*

{
	echo "Run $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p' | head -1)), $(free -g | awk '/Mem:/{print $2}') GiB; $(go version | cut -d' ' -f3), python-igraph $(python3 -c 'import igraph; print(igraph.__version__)'), networkx $(python3 -c 'import networkx; print(networkx.__version__)'), gonum $(go list -m -f '{{.Version}}' gonum.org/v1/gonum)."
	echo "Load average when the run started: $(cut -d' ' -f1-3 /proc/loadavg) (the machine is shared: wall times move with the load; CPU times move less)."
} > "$RES/meta.txt"

# run NAME DIR COMMAND...: one tool as its own process.
run() {
	local name=$1 dir=$2 limit=${LIMIT:-$TIMEOUT}
	shift 2
	echo "== $(basename "$dir") $name" >&2
	if ! timeout "$limit" /usr/bin/time -v -o "$dir/$name.time" "$@" > "$dir/$name.json"; then
		echo "did not finish within $limit s" > "$dir/$name.status"
		rm -f "$dir/$name.json"
	fi
}

for n in $SIZES; do
	d="$RES/n$n"
	mkdir -p "$d"
	"$WORK/bin/gen" -n "$n" -degree 20 -mixing 0.3 -seed "$SEED" -edges "$d/edges.txt" -truth "$d/truth.tsv"
	run takedown-leiden "$d" "$WORK/bin/ours" -edges "$d/edges.txt" -algorithm leiden -seed "$SEED" -out "$d/takedown-leiden.tsv"
	run takedown-leiden-2it "$d" "$WORK/bin/ours" -edges "$d/edges.txt" -algorithm leiden -iterations 2 -seed "$SEED" -out "$d/takedown-leiden-2it.tsv"
	run takedown-louvain "$d" "$WORK/bin/ours" -edges "$d/edges.txt" -algorithm louvain -seed "$SEED" -out "$d/takedown-louvain.tsv"
	run igraph-multilevel "$d" python3 bench/communities/peers.py igraph-multilevel --edges "$d/edges.txt" --out "$d/igraph-multilevel.tsv"
	run igraph-leiden "$d" python3 bench/communities/peers.py igraph-leiden --edges "$d/edges.txt" --out "$d/igraph-leiden.tsv"
	if [ "$n" -le "$PY_MAX" ]; then
		run networkx-louvain "$d" python3 bench/communities/peers.py networkx-louvain --edges "$d/edges.txt" --seed "$SEED" --out "$d/networkx-louvain.tsv"
	else
		echo "not run above $PY_MAX nodes (pure Python; set PY_MAX to try)" > "$d/networkx-louvain.status"
	fi
	if [ "$n" -le "$GONUM_MAX" ]; then
		LIMIT=$GONUM_TIMEOUT run gonum-modularize "$d" "$WORK/bin/gonum" -edges "$d/edges.txt" -seed "$SEED" -out "$d/gonum-modularize.tsv"
	else
		echo "not run above $GONUM_MAX nodes (set GONUM_MAX to try)" > "$d/gonum-modularize.status"
	fi
done
echo "Load average when the run ended: $(cut -d' ' -f1-3 /proc/loadavg)." >> "$RES/meta.txt"
if [ -f bench/communities/notes.md ]; then cp bench/communities/notes.md "$RES/notes.md"; fi
"$WORK/bin/report" -dir "$RES" -cmd "$CMD" > "$OUT"
echo "wrote $OUT" >&2
