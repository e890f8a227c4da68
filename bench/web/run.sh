#!/usr/bin/env bash
# Measures the investigators' page in headless Chromium on demo data: the
# time from the start of the page's load until the ranking first appears,
# and until the graph of the network nearest 300 nodes has drawn. It runs
# the browser test's measuring steps (cmd/takedown/browser_test.go), which
# log the times without asserting them; the networks routes must be mounted.
#
#   bench/web/run.sh [ACCOUNTS] [RUNS]      # defaults: 40000 demo accounts (a network of about 300), 3 runs
set -euo pipefail
cd "$(dirname "$0")/../.."
accounts="${1:-40000}"
runs="${2:-3}"
for i in $(seq "$runs"); do
  TAKEDOWN_WEB_DEMO_ACCOUNTS="$accounts" go test -count=1 -run 'TestBrowser/(SignIn|Ranking|LargeNetworkGraph)$' -v ./cmd/takedown |
    grep -o 'bench: .*' || { echo "run $i: no measurement (are the networks routes mounted?)" >&2; exit 1; }
done
