#!/usr/bin/env bash
# A local EPIC cluster on loopback: N worker nodes and one simulated model engine, each its own JVM.
#
#   deploy/local-cluster.sh up N      start (ready when it prints the seed address)
#   deploy/local-cluster.sh status    what runs, with pids and addresses
#   deploy/local-cluster.sh down      stop everything it started (SIGTERM, so nodes leave gracefully)
#
# Logs and pids go under $EPIC_RUN_DIR (default deploy/run/). Ports: $EPIC_BASE_PORT (default 25520) for the
# first node, the next ones after it; the simulated engine picks a free port. Jobs are submitted with
#   ./epic run --cluster SEED FILE
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
run="${EPIC_RUN_DIR:-$root/deploy/run}"
base="${EPIC_BASE_PORT:-25520}"
# The distribution ./epic builds (the bench module's class path), so the nodes offer the same functions as
# `./epic run --cluster` (members check that they agree).
jar="$root/bench/target/bench-0.1.0-SNAPSHOT.jar"
java_cmd=(java ${EPIC_JAVA_OPTS:--Xmx512m} -cp "$jar:$root/bench/target/lib/*" dev.epic.cli.Main)

wait_for() { # file marker seconds pid
  local i
  for ((i = 0; i < $3 * 10; i++)); do
    if grep -q "$2" "$1" 2>/dev/null; then return 0; fi
    if ! kill -0 "$4" 2>/dev/null; then echo "local-cluster: process $4 exited; see $1" >&2; return 1; fi
    sleep 0.1
  done
  echo "local-cluster: '$2' did not appear in $1 within $3 s" >&2
  return 1
}

up() {
  local n="${1:-3}"
  if ! [[ "$n" =~ ^[1-9][0-9]*$ ]]; then echo "usage: $0 up N (N >= 1)" >&2; exit 2; fi
  if [[ -f "$run/seed" ]]; then echo "local-cluster: already up (seed $(cat "$run/seed")); run '$0 down' first" >&2; exit 1; fi
  mkdir -p "$run"
  "$root/epic" --version >/dev/null   # builds the distribution on first use
  "${java_cmd[@]}" sim-model --port 0 >"$run/sim.log" 2>&1 &
  echo $! >"$run/sim.pid"
  wait_for "$run/sim.log" "listening on" 60 "$(cat "$run/sim.pid")"
  local sim_url
  sim_url="$(grep -o 'http://[^ ]*' "$run/sim.log" | head -1)"
  echo "$sim_url" >"$run/sim.url"
  local seed="pekko://epic@127.0.0.1:$base"
  local i
  for ((i = 0; i < n; i++)); do
    "${java_cmd[@]}" node --host 127.0.0.1 --port $((base + i)) --seeds "$seed" --roles worker \
      --model-url "$sim_url" ${EPIC_NODE_CONFIG:+--config "$EPIC_NODE_CONFIG"} >"$run/node$i.log" 2>&1 &
    echo $! >"$run/node$i.pid"
  done
  for ((i = 0; i < n; i++)); do
    wait_for "$run/node$i.log" "epic node up at" 120 "$(cat "$run/node$i.pid")"
  done
  echo "$seed" >"$run/seed"
  echo "local cluster up: $n nodes, simulated engine at $sim_url"
  echo "seed $seed"
}

status() {
  if [[ ! -d "$run" ]]; then echo "local cluster: down"; return 0; fi
  local f any=0
  for f in "$run"/*.pid; do
    [[ -e "$f" ]] || continue
    any=1
    local name pid state
    name="$(basename "$f" .pid)"
    pid="$(cat "$f")"
    if kill -0 "$pid" 2>/dev/null; then state=running; else state=stopped; fi
    printf '%-6s pid %-8s %-8s %s\n' "$name" "$pid" "$state" "$(grep -o 'pekko://[^ ]*\|http://[^ ]*' "$run/$name.log" 2>/dev/null | head -1)"
  done
  if [[ $any == 0 ]]; then echo "local cluster: down"; fi
  [[ -f "$run/seed" ]] && echo "seed $(cat "$run/seed")"
  return 0
}

down() {
  [[ -d "$run" ]] || { echo "local cluster: down"; return 0; }
  local f pid
  for f in "$run"/node*.pid "$run"/sim.pid; do
    [[ -e "$f" ]] || continue
    pid="$(cat "$f")"
    kill "$pid" 2>/dev/null || true
  done
  for f in "$run"/node*.pid "$run"/sim.pid; do
    [[ -e "$f" ]] || continue
    pid="$(cat "$f")"
    for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$f"
  done
  rm -f "$run/seed" "$run/sim.url"
  echo "local cluster down (logs kept in $run)"
}

case "${1:-}" in
  up) up "${2:-3}" ;;
  status) status ;;
  down) down ;;
  *) echo "usage: $0 up N | status | down" >&2; exit 2 ;;
esac
