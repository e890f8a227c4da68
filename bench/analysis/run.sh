#!/bin/sh
# Measures the whole network analysis of generated 100k- and 1M-account
# scenarios read from the embedded store. The first run of a size
# generates and ingests its scenario into /tmp/takedown-bench-<accounts>
# (minutes at 1M); later runs reuse the store. Each analysis runs in a
# child process whose peak RSS is reported. Results: bench/RESULTS-analysis.md.
#
#   sh bench/analysis/run.sh            # 100k and 1M
#   sh bench/analysis/run.sh 1000000    # one size
set -eu
cd "$(dirname "$0")/../.."
go build -o /tmp/takedown-bench-analysis ./bench/analysis
sizes=${*:-100000 1000000}
for n in $sizes; do
	echo "== $n accounts"
	/tmp/takedown-bench-analysis -accounts "$n" -runs 2
done
