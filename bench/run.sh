#!/usr/bin/env bash
# The benchmark suite behind `make bench` (see BENCHMARKS.md). It builds nothing: make has
# already built the release preset, which includes the load generator.
#
# For every scenario it starts a fresh server pinned to one core on an empty data directory,
# drives it with cc_loadgen pinned to the other core, and records the server's CPU time and
# peak RSS. Each scenario runs BENCH_REPEATS times; the tables show the median of each
# figure. Results go to bench/results/<date>.md (the table) and <date>.jsonl (every run).
#
# Before each run the generator registers a throwaway account and creates the run's boards
# (the server's API needs both); that setup happens before the server's CPU time is first read,
# and the server's peak RSS is restarted after it, so neither figure includes it.
#
# Knobs (environment): BENCH_DURATION_S (5), BENCH_WARMUP_S (1), BENCH_REPEATS (3),
# BENCH_BUILD_DIR (build/release), BENCH_RESULTS_DIR (bench/results), BENCH_ONLY (a regular
# expression over scenario names such as "latency, one board/full"), BENCH_SKIP_RESTART (1
# skips the restart scenarios), BENCH_QUICK (1: a smoke run of every scenario, 1 s measured,
# 0.5 s warmup, 1 run, restart journals of 1,000 ops; results go to a temporary directory).
set -euo pipefail

bench_name=bench
bench_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib.sh source-path=SCRIPTDIR
source "$bench_root/bench/lib.sh"

if [[ $quick == 1 ]]; then
  duration=${BENCH_DURATION_S:-1}
  warmup=${BENCH_WARMUP_S:-0.5}
  repeats=${BENCH_REPEATS:-1}
  journal_ops=1000
else
  duration=${BENCH_DURATION_S:-5}
  warmup=${BENCH_WARMUP_S:-1}
  repeats=${BENCH_REPEATS:-3}
  journal_ops=100000
fi
only=${BENCH_ONLY:-.}
# Throughput runs keep 16 batches in flight per writer; latency runs wait for each ack
# before sending the next batch. Batches hold one op (the worst case: every op is its own
# message, ack and journal row) except in the "10-op batches" runs (a drag of a selection).
throughput_window=16
latency_window=1

require_executables "$server_bin" "$loadgen_bin"
require_tools taskset awk sort
pick_cpus
# 100 writers plus the server's side of each connection, with room to spare.
ulimit -n 4096 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

pick_results_dir
results_md=$results_dir/$date_tag.md
results_jsonl=$results_dir/$date_tag.jsonl
: >"$results_jsonl"
make_work_dir

# start_server DATA_DIR PORT ARGS...: our server, once it listens (server_pid, server_port).
start_server() {
  start_ours "$@"
  await_port "the server"
}

# json_field JSON KEY: a number (or string) from the generator's flat JSON line.
json_field() {
  local v
  v=$(grep -o "\"$2\":[^,}]*" <<<"$1" | head -1 | cut -d: -f2- | tr -d '"')
  echo "${v:-0}"
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print 0; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# thousands N: 100000 -> 100,000.
thousands() { sed ':a;s/\B[0-9]\{3\}\>/,&/;ta' <<<"$1"; }

rows=()

# scrape_metrics: the server's group-commit counters, as "commits batches commit_seconds".
scrape_metrics() {
  local text
  text=$(timeout 5 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n" >&3
    cat <&3' _ "$server_port" 2>/dev/null) || true
  awk '$1 == "collabcanvas_commits_total" { c = $2 } $1 == "collabcanvas_batches_applied_total" { b = $2 }
       $1 == "collabcanvas_commit_seconds_sum" { s = $2 } END { printf "%d %d %s", c, b, (s == "" ? 0 : s) }' <<<"$text"
}

# load_scenario NAME SYNC BOARDS WRITERS_PER_BOARD WINDOW OPS_PER_BATCH [RATE]
# RATE: batches per second per writer (0 or absent: as fast as the window allows).
load_scenario() {
  local name=$1 sync=$2 boards=$3 wpb=$4 window=$5 ops_per_batch=$6 rate=${7:-0}
  local scenario="$name/$sync"
  [[ $scenario =~ $only ]] || return 0
  local writers=$((boards * wpb))
  local -a ops=() p50=() p99=() pmax=() d50=() d99=() cpu_per_100k=() rss=() gen=() errors=() per_commit=()
  local rep
  for ((rep = 1; rep <= repeats; rep++)); do
    local dir=$work/data-$rep
    rm -rf "$dir"
    start_server "$dir" 0 --sync "$sync"
    if ! set_up_ours --boards "$boards"; then
      stop_server TERM
      continue
    fi
    local cpu_before cpu_after out
    cpu_before=$(cpu_seconds "$server_pid")
    out=$(taskset -c "$loadgen_cpu" "$loadgen_bin" --url "127.0.0.1:$server_port" "${our_auth[@]}" \
      --boards "$boards" --writers-per-board "$wpb" --ops-per-batch "$ops_per_batch" --window "$window" \
      --rate "$rate" --duration-s "$duration" --warmup-s "$warmup" --threads 1 --label "$scenario" \
      2>>"$work/loadgen.err") || true
    cpu_after=$(cpu_seconds "$server_pid")
    local hwm commits batches commit_s
    hwm=$(peak_rss_kib "$server_pid")
    read -r commits batches commit_s <<<"$(scrape_metrics)"
    stop_server TERM
    rm -rf "$dir"
    if [[ -z $out ]]; then
      log "$scenario run $rep: no output from the generator:"
      tail -5 "$work/loadgen.err" >&2
      continue
    fi
    local server_cpu_s acked_total
    server_cpu_s=$(awk -v a="$cpu_before" -v b="$cpu_after" 'BEGIN { printf "%.2f", b - a }')
    acked_total=$(($(json_field "$out" acked_batches) * ops_per_batch))
    echo "{\"scenario\":\"$scenario\",\"sync\":\"$sync\",\"run\":$rep,\"server_cpu_s\":$server_cpu_s,\"server_peak_rss_kib\":$hwm,\"commits\":$commits,\"batches_applied\":$batches,\"commit_seconds\":$commit_s,\"loadgen\":$out}" >>"$results_jsonl"
    ops+=("$(json_field "$out" acked_ops_per_s)")
    p50+=("$(json_field "$out" ack_p50_ms)")
    p99+=("$(json_field "$out" ack_p99_ms)")
    pmax+=("$(json_field "$out" ack_max_ms)")
    d50+=("$(json_field "$out" delivery_p50_ms)")
    d99+=("$(json_field "$out" delivery_p99_ms)")
    cpu_per_100k+=("$(awk -v c="$server_cpu_s" -v n="$acked_total" 'BEGIN { if (n > 0) printf "%.3f", c * 100000 / n; else print 0 }')")
    rss+=("$(awk -v k="$hwm" 'BEGIN { printf "%.1f", k / 1024 }')")
    gen+=("$(json_field "$out" generator_cpu_pct)")
    errors+=("$(($(json_field "$out" errors) + $(json_field "$out" disconnects)))")
    per_commit+=("$(awk -v b="$batches" -v c="$commits" 'BEGIN { if (c > 0) printf "%.1f", b / c; else print 0 }')")
    log "$(printf '%s run %d: %.0f acked ops/s, ack p50 %.2f p99 %.2f ms, server CPU %.2f s, %s batches per commit, generator CPU %.0f%%' \
      "$scenario" "$rep" "$(json_field "$out" acked_ops_per_s)" "$(json_field "$out" ack_p50_ms)" \
      "$(json_field "$out" ack_p99_ms)" "$server_cpu_s" "${per_commit[-1]}" "$(json_field "$out" generator_cpu_pct)")"
  done
  ((${#ops[@]})) || return 0
  m() { printf '%s\n' "$@" | median; }
  local delivery="-"
  if ((wpb > 1)); then delivery="$(printf '%.2f / %.2f' "$(m "${d50[@]}")" "$(m "${d99[@]}")")"; fi
  rows+=("$(printf '| %s | %s | %d | %d | %d | %d | %.0f | %.2f | %.2f | %.2f | %s | %.2f | %.1f | %.1f | %.0f | %s |' \
    "$name" "$sync" "$writers" "$boards" "$ops_per_batch" "$window" "$(m "${ops[@]}")" "$(m "${p50[@]}")" \
    "$(m "${p99[@]}")" "$(m "${pmax[@]}")" "$delivery" "$(m "${cpu_per_100k[@]}")" "$(m "${per_commit[@]}")" \
    "$(m "${rss[@]}")" "$(m "${gen[@]}")" \
    "$(printf '%s\n' "${errors[@]}" | awk '{ s += $1 } END { print s }')")")
}

restart_rows=()

# restart_scenario OPS_PER_BATCH WINDOW: one writer fills a board's journal with
# journal_ops ops in batches of OPS_PER_BATCH on a server that never folds it (huge snapshot
# interval), the server is killed with SIGKILL so nothing is folded at shutdown either, then
# it is started again on the same port while a client keeps trying to join that board; the
# figure is the time from just before the server's start to that client's welcome. The
# account and its token come from before the fill: the token outlives the restarts.
restart_scenario() {
  local k=$1 window=$2
  local batches=$((journal_ops / k))
  local name plural=""
  ((k > 1)) && plural=s
  name="$(thousands "$batches") batches of $k op$plural"
  [[ "restart/$name" =~ $only ]] || return 0
  local dir=$work/data-restart
  rm -rf "$dir"
  local never=86400000
  start_server "$dir" 0 --sync normal --snapshot-interval-ms "$never"
  if ! set_up_ours --boards 1 --board-prefix journal; then
    stop_server KILL
    return 0
  fi
  local port=$server_port fill
  fill=$(taskset -c "$loadgen_cpu" "$loadgen_bin" --url "127.0.0.1:$port" "${our_auth[@]}" --boards 1 \
    --board-prefix journal --writers-per-board 1 --ops-per-batch "$k" --batches "$batches" --window "$window" \
    --warmup-s 0 --duration-s 600 --grace-s 10 --label "restart/$name/fill" 2>>"$work/loadgen.err") || true
  local acked
  acked=$(json_field "$fill" acked_batches)
  log "restart/$name: journal of $acked batches x $k ops written"
  stop_server KILL
  local -a total=() connect_ms=()
  local rep objects=0 seq=0
  for ((rep = 1; rep <= repeats; rep++)); do
    local t0 out
    t0=${EPOCHREALTIME/[.,]/}
    start_ours "$dir" "$port" --sync normal --snapshot-interval-ms "$never"
    out=$(taskset -c "$loadgen_cpu" "$loadgen_bin" --url "127.0.0.1:$port" "${our_auth[@]}" \
      --measure-join journal-0 --start-epoch-us "$t0" --connect-timeout-s 20 --label "restart/$name" \
      2>>"$work/loadgen.err") || true
    # Let the server finish starting (it may print its line after the join) before it is killed.
    wait_listening
    stop_server KILL
    echo "{\"scenario\":\"restart/$name\",\"run\":$rep,\"fill\":${fill:-null},\"loadgen\":${out:-null}}" >>"$results_jsonl"
    if [[ $(json_field "$out" ok) != true ]]; then
      log "restart/$name run $rep: no welcome: $(json_field "$out" failure)"
      continue
    fi
    total+=("$(json_field "$out" start_to_welcome_ms)")
    connect_ms+=("$(json_field "$out" connect_to_welcome_ms)")
    objects=$(json_field "$out" objects)
    seq=$(json_field "$out" seq)
    log "restart/$name run $rep: welcome $(json_field "$out" start_to_welcome_ms) ms after start (seq $seq, $objects objects)"
  done
  rm -rf "$dir"
  ((${#total[@]})) || return 0
  restart_rows+=("$(printf '| %s | %d x %d | %s | %s | %.1f | %.1f |' "$name" "$batches" "$k" "$seq" "$objects" \
    "$(printf '%s\n' "${total[@]}" | median)" "$(printf '%s\n' "${connect_ms[@]}" | median)")")
}

started=$(date +%s)
log "server: $server_bin (core $server_cpu, --threads 1); generator: $loadgen_bin (core $loadgen_cpu)"
log "each scenario: ${warmup}s warmup + ${duration}s measured, $repeats runs, median reported"

for sync in normal full; do
  for mode in throughput latency; do
    if [[ $mode == throughput ]]; then window=$throughput_window; else window=$latency_window; fi
    load_scenario "$mode, 1 writer" "$sync" 1 1 "$window" 1
    load_scenario "$mode, own boards" "$sync" 10 1 "$window" 1
    load_scenario "$mode, own boards" "$sync" 100 1 "$window" 1
    load_scenario "$mode, one board" "$sync" 1 10 "$window" 1
    load_scenario "$mode, one board" "$sync" 1 100 "$window" 1
  done
  load_scenario "throughput, 10-op batches, own boards" "$sync" 10 1 "$throughput_window" 10
  load_scenario "throughput, 10-op batches, own boards" "$sync" 100 1 "$throughput_window" 10
  # Latency below saturation: every writer edits 10 times a second (a person dragging), so
  # the figure is the server's latency, not the queueing of a closed loop at full load.
  load_scenario "latency at 10 batches/s per writer, own boards" "$sync" 100 1 1 1 10
  load_scenario "latency at 10 batches/s per writer, one board" "$sync" 1 100 1 1 10
done

if [[ ${BENCH_SKIP_RESTART:-0} != 1 ]]; then
  restart_scenario 100 16
  restart_scenario 1 64
fi

cpu_model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
{
  echo "# Benchmark results, $date_tag"
  echo
  if [[ $quick == 1 ]]; then
    echo "A quick smoke run (BENCH_QUICK=1): it shows that every scenario completes; its figures are no results."
    echo
  fi
  echo "Machine: $(nproc) CPUs, ${cpu_model:-unknown CPU}; $(uname -sr)."
  echo "Load average when the run ended: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Server: \`--threads 1\` pinned to CPU $server_cpu; generator: one thread pinned to CPU $loadgen_cpu."
  echo "Each load scenario: ${warmup} s warmup, ${duration} s measured; $repeats runs on a fresh data directory each;"
  echo "every figure is the median of its runs. Window: batches in flight per writer (throughput runs"
  echo "$throughput_window; latency runs $latency_window: send, wait for the ack, send). Delivery: send -> received by each"
  echo "other writer of the board. Server CPU covers the whole run (connect to close) over every op acknowledged in it."
  echo
  echo "| scenario | sync | writers | boards | ops/batch | window | acked ops/s | ack p50 ms | ack p99 ms | ack max ms | delivery p50 / p99 ms | server CPU s per 100k ops | batches per commit | server peak RSS MiB | generator CPU % | errors |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for row in "${rows[@]}"; do echo "$row"; done
  if ((${#restart_rows[@]})); then
    echo
    echo "Restart: time from the server's start to a client's welcome on a board whose journal holds"
    echo "$(thousands "$journal_ops") ops (nothing folded into a snapshot; the previous server was killed with SIGKILL)."
    echo
    echo "| journal | batches x ops | seq | objects | start -> welcome ms | connect -> welcome ms |"
    echo "|---|---|---:|---:|---:|---:|"
    for row in "${restart_rows[@]}"; do echo "$row"; done
  fi
} >"$results_md"

cat "$results_md"
log "done in $(($(date +%s) - started)) s; results in $results_md and $results_jsonl"
