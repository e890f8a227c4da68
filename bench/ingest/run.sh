#!/usr/bin/env bash
# Ingest into the embedded store on generated scenarios of 100k and 1M
# accounts: records/s, store size per million records, open time, depth-2
# linked-accounts latency in-process, and peak memory.
#
#   bash bench/ingest/run.sh [DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
dir="${1:-${TMPDIR:-/tmp}/takedown-bench-ingest}"
mkdir -p "$dir"
go build -o "$dir/bench-ingest" ./bench/ingest
for n in 100000 1000000; do
  echo "== $n accounts"
  /usr/bin/time -f "wall %e s, user %U s, sys %S s, peak RSS %M KB" "$dir/bench-ingest" -accounts "$n" -dir "$dir" -queries 2000
done
