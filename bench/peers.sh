#!/usr/bin/env bash
# The comparative benchmark behind `make bench-peers` (see BENCHMARKS.md): the same scenarios
# against our server and against peers installed from npm into bench/peers (pinned
# versions): Hocuspocus, the y-websocket server (each without and with persistence) and a
# bare uWebSockets.js relay. Every server runs pinned to CPU 0, the generator (cc_loadgen's
# comparison modes) to CPU 1; each scenario starts a fresh server and ends by itself.
# Results: bench/results/<date>-peers.md (tables with ratios) and <date>-peers.jsonl.
#
# Knobs (environment): BENCH_REPEATS (3: runs of scenarios 1 and 6, median reported),
# BENCH_REPEATS_HEAVY (1: runs of scenarios 2 to 5), BENCH_SERVERS (space-separated subset
# of: collabcanvas hocuspocus hocuspocus-sqlite y-websocket y-websocket-leveldb uws-relay),
# BENCH_ONLY (a regular expression over "<scenario>/<server>", e.g. '^s1/'),
# BENCH_BUILD_DIR (build/release), BENCH_RESULTS_DIR (bench/results).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BENCH_BUILD_DIR:-$root/build/release}
server_bin=$build/server/collabcanvas
loadgen_bin=${BENCH_LOADGEN:-$build/bench/cc_loadgen}
peers=$root/bench/peers
repeats=${BENCH_REPEATS:-3}
repeats_heavy=${BENCH_REPEATS_HEAVY:-1}
servers=${BENCH_SERVERS:-"hocuspocus hocuspocus-sqlite y-websocket y-websocket-leveldb uws-relay collabcanvas"}
only=${BENCH_ONLY:-.}
server_cpu=0
loadgen_cpu=1

# Scenario 1: edits per second per client, one 1 s + 3 s step each, until p99 passes 50 ms.
s1_rates=5,10,20,40,80,160,320,640
s1_warmup=1
s1_step=3

for bin in "$server_bin" "$loadgen_bin"; do
  [[ -x $bin ]] || { echo "bench-peers: $bin is missing; run make bench-peers" >&2; exit 1; }
done
for tool in taskset node npm; do
  command -v "$tool" >/dev/null || { echo "bench-peers: needs $tool" >&2; exit 1; }
done
if (($(nproc) < 2)); then
  echo "bench-peers: warning: fewer than 2 CPUs; server and generator share a core" >&2
  loadgen_cpu=0
fi
# 15,000 idle connections: each process holds one side of each.
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"

log() { echo "bench-peers: $*" >&2; }

# The peers, from the lock file (npm install rewrites nothing when the lock is complete).
if [[ ! -d $peers/node_modules || $peers/package-lock.json -nt $peers/node_modules ]]; then
  log "installing the peer servers (npm)"
  (cd "$peers" && { npm ci --no-audit --no-fund || npm install --no-save --no-audit --no-fund; } && touch node_modules)
fi

date_tag=$(date +%Y-%m-%d)
results_dir=${BENCH_RESULTS_DIR:-$root/bench/results}
mkdir -p "$results_dir"
results_md=$results_dir/$date_tag-peers.md
results_jsonl=$results_dir/$date_tag-peers.jsonl
: >"$results_jsonl"
work=$(mktemp -d "${TMPDIR:-/tmp}/collabcanvas-peers.XXXXXX")
clk_tck=$(getconf CLK_TCK)
server_pid=""
server_port=""

cleanup() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then kill -KILL "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# The Yjs updates the generator replays (see bench/peers/gen-updates.mjs).
log "generating Yjs updates"
node "$peers/gen-updates.mjs" --out "$work/chains-50.bin" --clients 50 --steps 5200
node "$peers/gen-updates.mjs" --out "$work/chains-1000.bin" --clients 1000 --steps 20
node "$peers/gen-updates.mjs" --out "$work/chains-10.bin" --clients 10 --steps 20
node "$peers/gen-updates.mjs" --out "$work/journal.bin" --clients 1 --steps 100001
node "$peers/gen-updates.mjs" --out "$work/board-10k.bin" --objects 10000

protocol_of() {
  case $1 in
    collabcanvas) echo collabcanvas ;;
    hocuspocus*) echo hocuspocus ;;
    y-websocket*) echo y-websocket ;;
    uws-relay) echo relay ;;
  esac
}

# start_server NAME DIR PORT [async]: starts a server pinned to its core on 127.0.0.1; unless
# async, waits (at most 15 s) for its "listening on 127.0.0.1:<port>" line.
start_server() {
  local name=$1 dir=$2 port=$3 async=${4:-}
  mkdir -p "$dir"
  : >"$work/server.out"
  case $name in
    collabcanvas)
      taskset -c "$server_cpu" "$server_bin" --host 127.0.0.1 --port "$port" --data-dir "$dir" --threads 1 \
        --log-level warn --snapshot-interval-ms 86400000 >"$work/server.out" 2>>"$work/server.err" & ;;
    hocuspocus) taskset -c "$server_cpu" node "$peers/hocuspocus.mjs" --port "$port" >"$work/server.out" 2>>"$work/server.err" & ;;
    hocuspocus-sqlite)
      taskset -c "$server_cpu" node "$peers/hocuspocus.mjs" --port "$port" --sqlite "$dir/hocuspocus.sqlite" \
        >"$work/server.out" 2>>"$work/server.err" & ;;
    y-websocket) taskset -c "$server_cpu" node "$peers/y-websocket.mjs" --port "$port" >"$work/server.out" 2>>"$work/server.err" & ;;
    y-websocket-leveldb)
      taskset -c "$server_cpu" node "$peers/y-websocket.mjs" --port "$port" --leveldb "$dir/leveldb" \
        >"$work/server.out" 2>>"$work/server.err" & ;;
    uws-relay) taskset -c "$server_cpu" node "$peers/uws-relay.mjs" --port "$port" >"$work/server.out" 2>>"$work/server.err" & ;;
  esac
  server_pid=$!
  [[ -n $async ]] && return 0
  wait_listening
  local line
  line=$(grep -m1 -o 'listening on 127\.0\.0\.1:[0-9]*' "$work/server.out" || true)
  if [[ -z $line ]]; then
    log "$name did not start; its log:"
    tail -20 "$work/server.err" >&2 || true
    exit 1
  fi
  server_port=${line##*:}
}

wait_listening() {
  for _ in $(seq 1500); do
    grep -q 'listening on' "$work/server.out" 2>/dev/null && return 0
    kill -0 "$server_pid" 2>/dev/null || return 0
    sleep 0.01
  done
}

stop_server() {
  local signal=${1:-TERM}
  [[ -z $server_pid ]] && return 0
  kill "-$signal" "$server_pid" 2>/dev/null || true
  for _ in $(seq 300); do
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$server_pid" 2>/dev/null && kill -KILL "$server_pid" 2>/dev/null
  { wait "$server_pid"; } 2>/dev/null || true
  server_pid=""
}

cpu_seconds() { awk -v tck="$clk_tck" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / tck }' "/proc/$1/stat"; }

# wait_idle: until the server has used under 20 ms of CPU in half a second (at most 20 s),
# so that its queued writes are done.
wait_idle() {
  local a b
  for _ in $(seq 40); do
    a=$(cpu_seconds "$server_pid")
    sleep 0.5
    b=$(cpu_seconds "$server_pid")
    awk -v a="$a" -v b="$b" 'BEGIN { exit !(b - a < 0.02) }' && return 0
  done
}

# record SCENARIO SERVER RUN JSON: one line of the raw results.
record() {
  local out=${4:-}
  [[ -n $out ]] || out=null
  echo "{\"scenario\":\"$1\",\"server\":\"$2\",\"run\":$3,\"result\":$out}" >>"$results_jsonl"
}

gen() {
  taskset -c "$loadgen_cpu" "$loadgen_bin" --url "127.0.0.1:$server_port" --protocol "$protocol" \
    --server-pid "$server_pid" --threads 1 "$@" 2>>"$work/loadgen.err" || true
}

# load_scenario ID SERVER RUNS ARGS...: a fresh server per run, then the generator.
load_scenario() {
  local id=$1 name=$2 runs=$3
  shift 3
  [[ "$id/$name" =~ $only ]] || return 0
  local protocol rep out
  protocol=$(protocol_of "$name")
  for ((rep = 1; rep <= runs; rep++)); do
    rm -rf "$work/data"
    start_server "$name" "$work/data" 0
    out=$(gen --label "$id/$name" "$@")
    stop_server TERM
    record "$id" "$name" "$rep" "$out"
    log "$id/$name run $rep: $(node "$peers/report.mjs" --summary "$out")"
  done
}

# restart_scenario SERVER: fill a board's journal with 100,000 edits, stop the server (ours
# with SIGKILL, so nothing is folded; the peers with SIGTERM after their writes settle, as
# they only persist on a debounce), then start it again while a client keeps trying to get
# the board: the time from the start to that client's snapshot.
restart_scenario() {
  local name=$1
  [[ "s6/$name" =~ $only ]] || return 0
  local protocol dir=$work/data-restart port fill rep out t0
  protocol=$(protocol_of "$name")
  rm -rf "$dir"
  start_server "$name" "$dir" 0
  port=$server_port
  if [[ $name == collabcanvas ]]; then
    fill=$(taskset -c "$loadgen_cpu" "$loadgen_bin" --url "127.0.0.1:$port" --boards 1 --board-prefix journal \
      --writers-per-board 1 --ops-per-batch 1 --batches 100000 --window 64 --warmup-s 0 --duration-s 50 \
      --grace-s 5 --label "s6/$name/fill" 2>>"$work/loadgen.err") || true
    stop_server KILL
  else
    fill=$(gen --peer-mode fill --board-prefix journal --updates "$work/journal.bin" --label "s6/$name/fill")
    wait_idle
    stop_server TERM
  fi
  record s6-fill "$name" 0 "$fill"
  for ((rep = 1; rep <= repeats; rep++)); do
    t0=${EPOCHREALTIME/[.,]/}
    start_server "$name" "$dir" "$port" async
    server_port=$port
    out=$(gen --peer-mode restart --board-prefix journal --start-epoch-us "$t0" --connect-timeout-s 30 \
      --label "s6/$name")
    wait_listening
    stop_server TERM
    record s6 "$name" "$rep" "$out"
    log "s6/$name run $rep: $(node "$peers/report.mjs" --summary "$out")"
  done
  rm -rf "$dir"
}

started=$(date +%s)
log "servers: $servers; scenario 1 and 6: $repeats runs, scenarios 2-5: $repeats_heavy"
for name in $servers; do
  updates=()
  [[ $(protocol_of "$name") != collabcanvas && $(protocol_of "$name") != relay ]] && updates=(--updates)
  # 1. One board, 50 clients: 5 edits/s and 10 cursor moves/s each, then more edits per step.
  load_scenario s1 "$name" "$repeats" --peer-mode load --boards 1 --clients-per-board 50 \
    --edit-rates "$s1_rates" --cursor-rate 10 --warmup-s "$s1_warmup" --duration-s "$s1_step" --stop-p99-ms 50 \
    ${updates[@]+"${updates[@]}" "$work/chains-50.bin"}
  # 2. One board, 1,000 clients, one edit per second each.
  load_scenario s2 "$name" "$repeats_heavy" --peer-mode load --boards 1 --clients-per-board 1000 \
    --edit-rates 1 --warmup-s 2 --duration-s 5 --grace-s 3 ${updates[@]+"${updates[@]}" "$work/chains-1000.bin"}
  # 3. 1,000 boards of 10 clients, one edit every 2 seconds each.
  load_scenario s3 "$name" "$repeats_heavy" --peer-mode load --boards 1000 --clients-per-board 10 \
    --edit-rates 0.5 --warmup-s 2 --duration-s 6 --grace-s 3 ${updates[@]+"${updates[@]}" "$work/chains-10.bin"}
  # 4. 15,000 idle connections over 1,500 boards.
  load_scenario s4 "$name" "$repeats_heavy" --peer-mode idle --boards 1500 --clients-per-board 10 --settle-s 3 \
    --connect-timeout-s 45
  # 5. 500 clients joining a board of 10,000 objects within 5 seconds (a relay has no board).
  if [[ $name != uws-relay ]]; then
    load_scenario s5 "$name" "$repeats_heavy" --peer-mode join --joiners 500 --join-spread-s 5 \
      --fill-objects 10000 --snapshot "$work/board-10k.bin" --connect-timeout-s 30
  fi
done

# 1b. Ours at half of Hocuspocus's highest sustained load in scenario 1.
half=$(node "$peers/report.mjs" --half-rate "$results_jsonl" hocuspocus)
if [[ " $servers " == *" collabcanvas "* && -n $half ]]; then
  load_scenario s1b collabcanvas "$repeats" --peer-mode load --boards 1 --clients-per-board 50 \
    --edit-rates "$half" --cursor-rate 10 --warmup-s 1 --duration-s 5
fi

# 6. Restart with a journal of 100,000 edits: ours, and the peers that persist.
for name in $servers; do
  case $name in collabcanvas | hocuspocus-sqlite | y-websocket-leveldb) restart_scenario "$name" ;; esac
done

node "$peers/report.mjs" --markdown "$results_jsonl" --date "$date_tag" \
  --machine "$(nproc) CPUs, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo); $(uname -sr)" \
  --load "$(cut -d' ' -f1-3 /proc/loadavg)" --repeats "$repeats" --repeats-heavy "$repeats_heavy" >"$results_md"
cat "$results_md"
log "done in $(($(date +%s) - started)) s; results in $results_md and $results_jsonl"
