#!/usr/bin/env bash
# The comparative benchmark behind `make bench-peers` (see BENCHMARKS.md): the same scenarios
# against our server and against peers installed from npm into bench/peers (pinned
# versions): Hocuspocus, the y-websocket server (each without and with persistence) and a
# bare uWebSockets.js relay. Every server runs pinned to CPU 0, the generator (cc_loadgen's
# comparison modes) to CPU 1; each scenario starts a fresh server and ends by itself.
# Results: bench/results/<date>-peers.md (tables with ratios) and <date>-peers.jsonl.
#
# Our server needs an account and its boards before each run: the generator sets them up
# first (lib.sh, set_up_ours), before any figure is sampled, and the server's peak RSS is
# restarted after it. The peers need no setup.
#
# Knobs (environment): BENCH_REPEATS (3: runs of scenarios 1 and 6, median reported),
# BENCH_REPEATS_HEAVY (1: runs of scenarios 2 to 5), BENCH_SERVERS (space-separated subset
# of: collabcanvas hocuspocus hocuspocus-sqlite y-websocket y-websocket-leveldb uws-relay),
# BENCH_ONLY (a regular expression over "<scenario>/<server>", e.g. '^s1/'),
# BENCH_BUILD_DIR (build/release), BENCH_RESULTS_DIR (bench/results), BENCH_LOADGEN,
# BENCH_QUICK (1: a smoke run of every scenario with fewer clients, boards and steps and
# shorter windows, one run each; results go to a temporary directory).
set -euo pipefail

bench_name=bench-peers
bench_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib.sh source-path=SCRIPTDIR
source "$bench_root/bench/lib.sh"

peers=$bench_root/bench/peers
servers=${BENCH_SERVERS:-"hocuspocus hocuspocus-sqlite y-websocket y-websocket-leveldb uws-relay collabcanvas"}
only=${BENCH_ONLY:-.}
# The scenarios' sizes. Scenario 1: edits per second per client, one warmup + measured step
# each, until p99 passes 50 ms. A quick run keeps every scenario but makes it small and short.
if [[ $quick == 1 ]]; then
  repeats=${BENCH_REPEATS:-1}
  repeats_heavy=${BENCH_REPEATS_HEAVY:-1}
  s1_rates=5,10,20
  s1_warmup=0.5
  s1_step=1
  s1b_step=1
  s2_clients=200
  s3_boards=100
  s4_clients_per_board=2
  s5_joiners=50
  s5_spread_s=1
  load_warmup=0.5
  load_step=1
  journal_edits=1000
else
  repeats=${BENCH_REPEATS:-3}
  repeats_heavy=${BENCH_REPEATS_HEAVY:-1}
  s1_rates=5,10,20,40,80,160,320,640
  s1_warmup=1
  s1_step=3
  s1b_step=5
  s2_clients=1000
  s3_boards=1000
  s4_clients_per_board=10
  s5_joiners=500
  s5_spread_s=5
  load_warmup=2
  load_step=5
  journal_edits=100000
fi

require_executables "$server_bin" "$loadgen_bin"
require_tools taskset node npm
pick_cpus
# 15,000 idle connections: each process holds one side of each.
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"

# The peers, from the lock file (npm install rewrites nothing when the lock is complete).
if [[ ! -d $peers/node_modules || $peers/package-lock.json -nt $peers/node_modules ]]; then
  log "installing the peer servers (npm)"
  (cd "$peers" && { npm ci --no-audit --no-fund || npm install --no-save --no-audit --no-fund; } && touch node_modules)
fi

pick_results_dir
results_md=$results_dir/$date_tag-peers.md
results_jsonl=$results_dir/$date_tag-peers.jsonl
: >"$results_jsonl"
make_work_dir

# The Yjs updates the generator replays (see bench/peers/gen-updates.mjs).
log "generating Yjs updates"
node "$peers/gen-updates.mjs" --out "$work/chains-50.bin" --clients 50 --steps 5200
node "$peers/gen-updates.mjs" --out "$work/chains-1000.bin" --clients 1000 --steps 20
node "$peers/gen-updates.mjs" --out "$work/chains-10.bin" --clients 10 --steps 20
node "$peers/gen-updates.mjs" --out "$work/journal.bin" --clients 1 --steps $((journal_edits + 1))
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
    collabcanvas) start_ours "$dir" "$port" --snapshot-interval-ms 86400000 ;;
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
  [[ $name == collabcanvas ]] || server_pid=$!
  [[ -n $async ]] && return 0
  await_port "$name"
}

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

# gen ARGS...: the generator against the running server, in its comparison mode for $protocol
# (with our_auth for ours).
gen() {
  taskset -c "$loadgen_cpu" "$loadgen_bin" --url "127.0.0.1:$server_port" --protocol "$protocol" \
    --server-pid "$server_pid" --threads 1 ${our_auth[@]+"${our_auth[@]}"} "$@" 2>>"$work/loadgen.err" || true
}

# load_scenario ID SERVER RUNS ARGS...: a fresh server per run (for ours, set up for the run
# ARGS describe), then the generator.
load_scenario() {
  local id=$1 name=$2 runs=$3
  shift 3
  [[ "$id/$name" =~ $only ]] || return 0
  local protocol rep out
  protocol=$(protocol_of "$name")
  for ((rep = 1; rep <= runs; rep++)); do
    rm -rf "$work/data"
    start_server "$name" "$work/data" 0
    our_auth=()
    if [[ $name == collabcanvas ]] && ! set_up_ours --protocol "$protocol" "$@"; then
      stop_server TERM
      continue
    fi
    out=$(gen --label "$id/$name" "$@")
    stop_server TERM
    record "$id" "$name" "$rep" "$out"
    log "$id/$name run $rep: $(node "$peers/report.mjs" --summary "$out")"
  done
}

# restart_scenario SERVER: fill a board's journal with journal_edits edits, stop the server
# (ours with SIGKILL, so nothing is folded; the peers with SIGTERM after their writes settle,
# as they only persist on a debounce), then start it again while a client keeps trying to get
# the board: the time from the start to that client's snapshot. Ours is set up before the
# fill; its token outlives the restarts.
restart_scenario() {
  local name=$1
  [[ "s6/$name" =~ $only ]] || return 0
  local protocol dir=$work/data-restart port fill rep out t0
  protocol=$(protocol_of "$name")
  rm -rf "$dir"
  start_server "$name" "$dir" 0
  port=$server_port
  our_auth=()
  if [[ $name == collabcanvas ]]; then
    if ! set_up_ours --boards 1 --board-prefix journal; then
      stop_server KILL
      return 0
    fi
    fill=$(taskset -c "$loadgen_cpu" "$loadgen_bin" --url "127.0.0.1:$port" "${our_auth[@]}" --boards 1 \
      --board-prefix journal --writers-per-board 1 --ops-per-batch 1 --batches "$journal_edits" --window 64 \
      --warmup-s 0 --duration-s 50 --grace-s 5 --label "s6/$name/fill" 2>>"$work/loadgen.err") || true
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
  load_scenario s2 "$name" "$repeats_heavy" --peer-mode load --boards 1 --clients-per-board "$s2_clients" \
    --edit-rates 1 --warmup-s "$load_warmup" --duration-s "$load_step" --grace-s 3 \
    ${updates[@]+"${updates[@]}" "$work/chains-1000.bin"}
  # 3. 1,000 boards of 10 clients, one edit every 2 seconds each.
  load_scenario s3 "$name" "$repeats_heavy" --peer-mode load --boards "$s3_boards" --clients-per-board 10 \
    --edit-rates 0.5 --warmup-s "$load_warmup" --duration-s $((load_step + 1)) --grace-s 3 \
    ${updates[@]+"${updates[@]}" "$work/chains-10.bin"}
  # 4. 15,000 idle connections over 1,500 boards.
  load_scenario s4 "$name" "$repeats_heavy" --peer-mode idle --boards 1500 \
    --clients-per-board "$s4_clients_per_board" --settle-s 3 --connect-timeout-s 45
  # 5. 500 clients joining a board of 10,000 objects within 5 seconds (a relay has no board).
  if [[ $name != uws-relay ]]; then
    load_scenario s5 "$name" "$repeats_heavy" --peer-mode join --joiners "$s5_joiners" \
      --join-spread-s "$s5_spread_s" --fill-objects 10000 --snapshot "$work/board-10k.bin" --connect-timeout-s 30
    # 5b. The same clients all in one instant.
    load_scenario s5b "$name" "$repeats_heavy" --peer-mode join --joiners "$s5_joiners" \
      --join-spread-s 0 --fill-objects 10000 --snapshot "$work/board-10k.bin" --connect-timeout-s 30
  fi
done

# 1b. Ours at half of Hocuspocus's highest sustained load in scenario 1.
half=$(node "$peers/report.mjs" --half-rate "$results_jsonl" hocuspocus)
if [[ " $servers " == *" collabcanvas "* && -n $half ]]; then
  load_scenario s1b collabcanvas "$repeats" --peer-mode load --boards 1 --clients-per-board 50 \
    --edit-rates "$half" --cursor-rate 10 --warmup-s 1 --duration-s "$s1b_step"
fi

# 6. Restart with a journal of 100,000 edits (1,000 in a quick run): ours, and the peers that persist.
for name in $servers; do
  case $name in collabcanvas | hocuspocus-sqlite | y-websocket-leveldb) restart_scenario "$name" ;; esac
done

{
  if [[ $quick == 1 ]]; then
    echo "A quick smoke run (BENCH_QUICK=1): smaller and shorter scenarios than the text below describes;"
    echo "it shows that every scenario completes, and its figures are no results."
    echo
  fi
  node "$peers/report.mjs" --markdown "$results_jsonl" --date "$date_tag" \
    --machine "$(nproc) CPUs, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo); $(uname -sr)" \
    --load "$(cut -d' ' -f1-3 /proc/loadavg)" --repeats "$repeats" --repeats-heavy "$repeats_heavy"
} >"$results_md"
cat "$results_md"
log "done in $(($(date +%s) - started)) s; results in $results_md and $results_jsonl"
