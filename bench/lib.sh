# Shell code shared by bench/run.sh and bench/peers.sh (sourced, not run): finding the
# binaries, pinning, starting, stopping and measuring a server process, and setting up our
# server's account before a generator run.
#
# The caller sets bench_name ("bench", "bench-peers": log prefix and make target) and
# bench_root before sourcing; it then calls pick_cpus and make_work_dir before starting servers.
# Variables set here are read by those scripts, hence SC2034.
# shellcheck shell=bash disable=SC2034,SC2154

build=${BENCH_BUILD_DIR:-$bench_root/build/release}
server_bin=$build/server/collabcanvas
loadgen_bin=${BENCH_LOADGEN:-$build/bench/cc_loadgen}
# BENCH_QUICK=1: a short smoke run that proves every scenario completes (see BENCHMARKS.md).
quick=${BENCH_QUICK:-0}
clk_tck=$(getconf CLK_TCK)
server_pid=""
server_port=""
our_auth=()

log() { echo "$bench_name: $*" >&2; }

# require_executables FILE...: exits unless every file exists and is executable.
require_executables() {
  local bin
  for bin; do
    [[ -x $bin ]] || { log "$bin is missing; run make $bench_name (it builds the release preset first)"; exit 1; }
  done
}

require_tools() {
  local tool
  for tool; do
    command -v "$tool" >/dev/null || { log "needs $tool"; exit 1; }
  done
}

# pick_cpus: the server runs on CPU 0 and the generator on CPU 1, so they never compete.
pick_cpus() {
  server_cpu=0
  loadgen_cpu=1
  if (($(nproc) < 2)); then
    log "warning: fewer than 2 CPUs; server and generator share a core"
    loadgen_cpu=0
  fi
}

# make_work_dir: a fresh temporary directory ($work), removed on exit together with any server
# still running.
make_work_dir() {
  work=$(mktemp -d "${TMPDIR:-/tmp}/collabcanvas-$bench_name.XXXXXX")
  trap cleanup EXIT
}

cleanup() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then kill -KILL "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}

# pick_results_dir: sets results_dir (BENCH_RESULTS_DIR, else bench/results) and date_tag. A
# quick run writes to a fresh temporary directory instead: its figures are no results and must
# never replace the day's real ones.
pick_results_dir() {
  date_tag=$(date +%Y-%m-%d)
  if [[ -n ${BENCH_RESULTS_DIR:-} ]]; then
    results_dir=$BENCH_RESULTS_DIR
  elif [[ $quick == 1 ]]; then
    results_dir=$(mktemp -d "${TMPDIR:-/tmp}/collabcanvas-$bench_name-quick.XXXXXX")
  else
    results_dir=$bench_root/bench/results
  fi
  mkdir -p "$results_dir"
}

# start_ours DIR PORT ARGS...: our server on 127.0.0.1, pinned to its core, in the background
# (server_pid); it logs to $work/server.out and $work/server.err.
start_ours() {
  local dir=$1 port=$2
  shift 2
  mkdir -p "$dir"
  : >"$work/server.out"
  taskset -c "$server_cpu" "$server_bin" --host 127.0.0.1 --port "$port" --data-dir "$dir" --threads 1 \
    --log-level warn "$@" >"$work/server.out" 2>>"$work/server.err" &
  server_pid=$!
}

# wait_listening: until the server prints its "listening on" line or exits (at most 15 s).
wait_listening() {
  for _ in $(seq 1500); do
    grep -q 'listening on' "$work/server.out" 2>/dev/null && return 0
    kill -0 "$server_pid" 2>/dev/null || return 0
    sleep 0.01
  done
}

# await_port NAME: waits for the server's "listening on 127.0.0.1:<port>" line and sets
# server_port; exits with the server's log if the line does not come.
await_port() {
  wait_listening
  local line
  line=$(grep -m1 -o 'listening on 127\.0\.0\.1:[0-9]*' "$work/server.out" 2>/dev/null || true)
  if [[ -z $line ]]; then
    log "$1 did not start; its log:"
    tail -20 "$work/server.err" >&2 || true
    exit 1
  fi
  server_port=${line##*:}
}

# stop_server [SIGNAL]: SIGTERM (or the signal given), then SIGKILL after 30 s.
stop_server() {
  local signal=${1:-TERM}
  [[ -z $server_pid ]] && return 0
  kill "-$signal" "$server_pid" 2>/dev/null || true
  for _ in $(seq 300); do
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$server_pid" 2>/dev/null; then
    log "server did not stop within 30 s; killing it"
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  # Reaped inside a redirection so that bash's "Killed" notice does not clutter the output.
  { wait "$server_pid"; } 2>/dev/null || true
  server_pid=""
}

# CPU seconds (user + system) of a process so far. Fields 14 and 15 of /proc/PID/stat,
# counted after the ")" that ends the command name.
cpu_seconds() {
  awk -v tck="$clk_tck" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / tck }' "/proc/$1/stat"
}

peak_rss_kib() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status"; }

# set_up_ours ARGS...: before a generator run on our server (server_pid, server_port), registers
# a throwaway account and creates the boards of the run that ARGS (the run's own generator
# options) describe; sets our_auth=(--token <access token>) for that run. Registering hashes a
# password with Argon2id at the server's default cost (64 MiB), which no scenario measures, so
# the server's peak RSS is then restarted from its current RSS. Returns 1 if the setup fails.
set_up_ours() {
  local token
  if ! token=$(taskset -c "$loadgen_cpu" "$loadgen_bin" --url "127.0.0.1:$server_port" --setup "$@" \
    2>>"$work/loadgen.err"); then
    log "account setup failed:"
    tail -3 "$work/loadgen.err" >&2
    return 1
  fi
  our_auth=(--token "$token")
  echo 5 2>/dev/null >"/proc/$server_pid/clear_refs" || log "warning: cannot reset the server's peak RSS"
}
