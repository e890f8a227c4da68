#!/usr/bin/env bash
# HTTP benchmarks of the API, on loopback only.
#
#   bench/http/run.sh [ACCOUNTS] [WORKDIR]
#
# 1. Starts bench/http/server over a store of ACCOUNTS generated accounts
#    (default 100000; generated and ingested in-process on the first run,
#    reused after), then measures from a second process, with wrk
#    (Debian's wrk package, driven by bench/http/wrk.lua) if it is
#    installed and with bench/http (a Go load tool) otherwise, or always
#    if LOAD=go: GET /v1/accounts/{id}/linked?depth=2, search
#    (GET /v1/accounts?q=) and GET /v1/accounts/{id}, at 16 and 64
#    connections, DUR each (default 10s). SERVER_ARGS are passed to the
#    server (for example "-max-reads 2" or "-entity-cache -1").
# 2. Ingest: the same INGEST_ACCOUNTS-account file (default 100000) into a
#    fresh store in-process with ingest.File, and over HTTP into another
#    fresh store in bodies of CHUNK lines (default 10000), CONNS at a time.
# Every server prints its peak memory (VmHWM) when stopped; beside every
# read load, bench/http/stallwatch records how late the machine wakes a
# sleeping thread, so that a tail made by a stalled machine can be told
# from one the server made. Results are JSON lines in
# WORKDIR/results.jsonl.
set -euo pipefail

N=${1:-100000}
W=${2:-/tmp/takedown-http-bench}
DUR=${DUR:-10s}
INGEST_N=${INGEST_ACCOUNTS:-100000}
CHUNK=${CHUNK:-10000}
CONNS=${CONNS:-1}
TOKEN=bench-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
URL=
ROOT=$(cd "$(dirname "$0")/../.." && pwd)

mkdir -p "$W"
cd "$ROOT"
go build -o "$W/server" ./bench/http/server
go build -o "$W/load" ./bench/http
go build -o "$W/stallwatch" ./bench/http/stallwatch
RES=$W/results.jsonl
: >"$RES"

SERVER_PID=
stop_server() {
	if [ -n "$SERVER_PID" ]; then
		kill "$SERVER_PID" 2>/dev/null || true
		wait "$SERVER_PID" 2>/dev/null || true
		SERVER_PID=
	fi
}
trap stop_server EXIT

# start_server NAME ARGS...: starts the server on a free loopback port and
# waits (at most 2 hours, for a large first ingest) until it listens.
start_server() {
	local name=$1
	shift
	"$W/server" -addr 127.0.0.1:0 -token "$TOKEN" "$@" >"$W/$name.out" 2>"$W/$name.err" &
	SERVER_PID=$!
	for _ in $(seq 1 7200); do
		if grep -q '"listening"' "$W/$name.out"; then
			URL=http://$(sed -n 's/.*"addr":"\([^"]*\)".*"listening".*/\1/p' "$W/$name.out")
			return 0
		fi
		if ! kill -0 "$SERVER_PID" 2>/dev/null; then
			cat "$W/$name.err" >&2
			exit 1
		fi
		sleep 1
	done
	echo "server $name did not start" >&2
	exit 1
}

# finish NAME: stops the server and records its events.
finish() {
	stop_server
	sed "s/^{/{\"server\":\"$1\",/" "$W/$1.out" >>"$RES"
}

load() {
	"$W/load" -url "$URL" -token "$TOKEN" -json "$@" | tee -a "$RES"
}

# read NAME CONNS VALUES PATH: one read load, with wrk if there is one,
# and beside it bench/http/stallwatch, which records how late the machine
# wakes a sleeping thread (a line with "event":"stalls" after the load's).
read_load() {
	"$W/stallwatch" -name "$1" >"$W/stalls.out" &
	local watch=$!
	if [ "${LOAD:-}" != go ] && command -v wrk >/dev/null; then
		WRK_NAME=$1 WRK_CONNS=$2 WRK_VALUES=$3 WRK_PATH=$4 WRK_TOKEN=$TOKEN \
			wrk -t"$(($2 < 2 ? $2 : 2))" -c"$2" -d"$DUR" -s "$ROOT/bench/http/wrk.lua" "$URL" | tail -1 | tee -a "$RES"
	else
		load -name "$1" -c "$2" -d "$DUR" -values "$3" -path "$4"
	fi
	kill "$watch"
	wait "$watch" || true
	tee -a "$RES" <"$W/stalls.out"
}

echo "== read load over $N accounts"
# shellcheck disable=SC2086 # SERVER_ARGS are words
start_server "read-$N" -data "$W/data-$N" -ndjson "$W/gen-$N.ndjson" -out "$W" -accounts "$N" ${SERVER_ARGS:-}
for c in 16 64; do
	read_load "linked depth 2, c=$c" "$c" "$W/ids.txt" '/v1/accounts/{id}/linked?depth=2'
	read_load "search, c=$c" "$c" "$W/prefixes.txt" '/v1/accounts?q={q}&limit=50'
	read_load "account, c=$c" "$c" "$W/ids.txt" '/v1/accounts/{id}'
done
read_load "linked depth 2, c=1" 1 "$W/ids.txt" '/v1/accounts/{id}/linked?depth=2'
finish "read-$N"

echo "== ingest of $INGEST_N accounts: in-process"
rm -rf "$W/ingest-inproc" "$W/ingest-http"
start_server "ingest-inproc" -data "$W/ingest-inproc" -ndjson "$W/gen-$INGEST_N.ndjson" -out "$W/ingest-inproc.sample" -accounts "$INGEST_N"
finish "ingest-inproc"

echo "== ingest of $INGEST_N accounts: over HTTP, $CHUNK lines a body, $CONNS at a time"
start_server "ingest-http" -empty -data "$W/ingest-http"
load -name "ingest over HTTP, chunk $CHUNK, c=$CONNS" -c "$CONNS" -ingest "$W/gen-$INGEST_N.ndjson" -chunk "$CHUNK"
finish "ingest-http"

echo "== results in $RES"
cat "$RES"
