// cc_loadgen: a WebSocket load generator for collabcanvas. It opens writers and readers on
// a number of boards, drives the writers for warmup + duration seconds and prints one JSON
// line with acknowledged ops per second, ack and delivery latencies, errors and its own CPU
// time (a generator near 100% of a core measures itself, not the server).
// With --measure-join it instead times one client's way to the welcome of a board.
// With --protocol it runs the comparison modes against our server or a peer server
// (peer_modes.hpp). Before a run on our server it registers an account and creates the
// run's boards (account_setup.hpp); --setup does only that and prints the access token, for
// scripts that keep the setup out of what they measure and hand the token to --token.
#include "account_setup.hpp"
#include "bench_client.hpp"
#include "clock.hpp"
#include "net.hpp"
#include "peer_modes.hpp"
#include "process_stats.hpp"
#include "run_state.hpp"
#include "server_address.hpp"
#include "thread_pool.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace json = boost::json;
using namespace cc::bench;

// Limits that keep every run bounded whatever the options say. Send times travel in the x
// property, whose largest legal value is 1e9 (microseconds: 1,000 s).
constexpr double kMaxRunSeconds = 900;
constexpr Micros kCloseWait = 3'000'000;
constexpr std::chrono::milliseconds kPoll{1};
// Registering (one password hash) and creating even 1,500 boards take a second or two; a
// minute means the server is stuck.
constexpr Micros kSetupTimeout = 60'000'000;

struct Options {
  std::string url;
  int boards = 1;
  int writers_per_board = 1;
  int readers_per_board = 0;
  int ops_per_batch = 1;
  int window = 16;
  double rate = 0;
  double duration_s = 5;
  double warmup_s = 1;
  int threads = 1;
  std::int64_t batches = 0;
  std::string board_prefix = "bench";
  double connect_timeout_s = 10;
  double grace_s = 5;
  std::string measure_join;
  std::int64_t start_epoch_us = 0;
  std::string label;
  std::string token;
};

// Flat keys (ack_p99_ms, ...) so that a shell script can pick figures out without a JSON tool.
void add_latency(json::object& out, std::string const& prefix, LatencyHistogram const& h) {
  out[prefix + "_count"] = h.count();
  out[prefix + "_mean_ms"] = h.mean_ms();
  out[prefix + "_p50_ms"] = h.percentile_ms(0.50);
  out[prefix + "_p90_ms"] = h.percentile_ms(0.90);
  out[prefix + "_p99_ms"] = h.percentile_ms(0.99);
  out[prefix + "_p999_ms"] = h.percentile_ms(0.999);
  out[prefix + "_max_ms"] = h.max_ms();
}

int measure_join(Options const& o, ServerAddress const& server) {
  SharedState shared;
  ThreadStats stats;
  ThreadPool pool(1);
  ClientConfig config;
  config.server = server;
  config.token = o.token;
  config.board = o.measure_join;
  config.name = "joiner";
  config.connect_timeout_us = seconds_to_us(o.connect_timeout_s);
  // The server may still be starting: a refused connect is retried until the timeout.
  config.retry_refused_until_us = now_us() + config.connect_timeout_us;
  auto client = std::make_shared<BenchClient>(pool.context(0), config, stats, shared);
  pool.run();
  client->connect();
  wait_until(now_us() + config.connect_timeout_us + 1'000'000,
             [&] { return shared.ready.load() + shared.failed.load() >= 1; });
  close_all<BenchClient>({client}, shared.closed, kCloseWait);
  pool.stop();

  json::object out;
  out["mode"] = "join";
  out["label"] = o.label;
  out["board"] = o.measure_join;
  out["ok"] = client->welcomed();
  if (client->welcomed()) {
    out["connect_to_welcome_ms"] =
        static_cast<double>(client->welcome_at_us() - client->connect_started_us()) / 1e3;
    if (o.start_epoch_us > 0) {
      out["start_to_welcome_ms"] =
          static_cast<double>(client->welcome_at_epoch_us() - o.start_epoch_us) / 1e3;
    }
    out["seq"] = client->welcome_seq();
    out["objects"] = client->welcome_objects();
    out["welcome_bytes"] = client->welcome_bytes();
  } else {
    out["failure"] = client->failure();
  }
  std::cout << json::serialize(out) << std::endl;
  if (client->welcomed()) {
    std::fprintf(stderr, "join %s: welcome (seq %llu, %zu objects, %zu bytes) %.1f ms after connect",
                 o.measure_join.c_str(), static_cast<unsigned long long>(client->welcome_seq()),
                 client->welcome_objects(), client->welcome_bytes(),
                 static_cast<double>(client->welcome_at_us() - client->connect_started_us()) / 1e3);
    if (o.start_epoch_us > 0) {
      std::fprintf(stderr, ", %.1f ms after server start",
                   static_cast<double>(client->welcome_at_epoch_us() - o.start_epoch_us) / 1e3);
    }
    std::fprintf(stderr, "\n");
  }
  return client->welcomed() ? 0 : 1;
}

int run_load(Options const& o, ServerAddress const& server) {
  SharedState shared;
  ThreadPool pool(o.threads);
  std::vector<ThreadStats> stats(pool.size());
  std::vector<std::shared_ptr<BenchClient>> clients;
  Micros const connect_timeout = seconds_to_us(o.connect_timeout_s);
  int const total_writers = o.boards * o.writers_per_board;

  // Writers' phases: uniform, from a fixed seed so runs are comparable.
  std::mt19937 phase_source(20261122);
  std::uniform_real_distribution<double> uniform_phase(0.0, 1.0);
  for (int b = 0; b < o.boards; ++b) {
    auto const board = board_name(o.board_prefix, b);
    for (int i = 0; i < o.writers_per_board + o.readers_per_board; ++i) {
      bool const writer = i < o.writers_per_board;
      ClientConfig config;
      config.server = server;
      config.token = o.token;
      config.board = board;
      config.name = "b" + std::to_string(b) +
                    (writer ? "w" + std::to_string(i) : "r" + std::to_string(i - o.writers_per_board));
      config.writer = writer;
      config.ops_per_batch = o.ops_per_batch;
      config.window = o.window;
      config.rate = o.rate;
      config.phase = uniform_phase(phase_source);
      config.max_batches = o.batches;
      config.connect_timeout_us = connect_timeout;
      auto const slot = clients.size() % pool.size();
      clients.push_back(
          std::make_shared<BenchClient>(pool.context(slot), std::move(config), stats[slot], shared));
    }
  }
  auto const total = static_cast<int>(clients.size());
  pool.run();
  for (auto const& c : clients) c->connect();
  wait_until(now_us() + connect_timeout + 1'000'000,
             [&] { return shared.ready.load() + shared.failed.load() >= total; });
  int const ready = shared.ready.load();
  std::fprintf(stderr, "cc_loadgen: %d of %d clients joined\n", ready, total);

  RunSchedule schedule;
  schedule.load_start = now_us();
  schedule.measure_start = schedule.load_start + seconds_to_us(o.warmup_s);
  schedule.measure_end = schedule.measure_start + seconds_to_us(o.duration_s);
  for (auto const& c : clients) c->start(schedule);

  // Sample the CPU clock at the edges of the measured window; stop when every writer has
  // its acks after the window (or the grace period is over).
  Micros const hard_end = schedule.measure_end + seconds_to_us(o.grace_s);
  std::optional<double> cpu_start;
  std::optional<double> cpu_end;
  Micros window_end = schedule.measure_start;
  for (;;) {
    Micros const now = now_us();
    bool const all_done = total_writers > 0 && shared.writers_done.load() >= total_writers;
    if (!cpu_start && now >= schedule.measure_start) cpu_start = own_cpu_seconds();
    if (cpu_start && !cpu_end && (now >= schedule.measure_end || all_done)) {
      cpu_end = own_cpu_seconds();
      window_end = std::min(now, schedule.measure_end);
    }
    if ((all_done && (cpu_end || ready == 0)) || now >= hard_end) break;
    std::this_thread::sleep_for(kPoll);
  }
  if (!cpu_start) cpu_start = own_cpu_seconds();
  if (!cpu_end) cpu_end = *cpu_start;
  close_all(clients, shared.closed, kCloseWait);
  pool.stop();

  ThreadStats total_stats;
  for (auto const& s : stats) total_stats.merge(s);
  double const window_s = static_cast<double>(window_end - schedule.measure_start) / 1e6;
  double const cpu_s = *cpu_end - *cpu_start;
  auto per_second = [&](std::uint64_t n) { return window_s > 0 ? static_cast<double>(n) / window_s : 0.0; };

  json::object out;
  out["mode"] = "load";
  out["label"] = o.label;
  out["boards"] = o.boards;
  out["writers_per_board"] = o.writers_per_board;
  out["readers_per_board"] = o.readers_per_board;
  out["ops_per_batch"] = o.ops_per_batch;
  out["window"] = o.window;
  out["rate"] = o.rate;
  out["threads"] = o.threads;
  out["clients"] = total;
  out["clients_joined"] = ready;
  out["measured_s"] = window_s;
  out["sent_batches"] = total_stats.sent_batches;
  out["sent_ops"] = total_stats.sent_ops;
  out["acked_batches"] = total_stats.acked_batches;
  out["acked_ops_in_window"] = total_stats.acked_ops_in_window;
  out["acked_ops_per_s"] = per_second(total_stats.acked_ops_in_window);
  out["acked_batches_per_s"] = per_second(total_stats.acked_batches_in_window);
  add_latency(out, "ack", total_stats.ack_latency);
  add_latency(out, "delivery", total_stats.delivery_latency);
  out["delivered_ops_per_s"] = per_second(total_stats.delivered_ops_in_window);
  out["errors"] = total_stats.errors;
  json::object codes;
  for (auto const& [code, n] : total_stats.error_codes) codes[code] = n;
  out["error_codes"] = std::move(codes);
  out["disconnects"] = total_stats.disconnects;
  out["unacked_at_end"] = total_stats.unacked_at_close;
  out["generator_cpu_s"] = cpu_s;
  out["generator_cpu_pct"] = window_s > 0 ? 100.0 * cpu_s / window_s : 0.0;
  std::cout << json::serialize(out) << std::endl;

  auto const& ack = total_stats.ack_latency;
  auto const& delivery = total_stats.delivery_latency;
  std::fprintf(
      stderr,
      "cc_loadgen: %d boards x %d writers + %d readers, %d ops/batch, window %d: %.0f acked ops/s over "
      "%.1f s; ack p50 %.2f p99 %.2f max %.2f ms",
      o.boards, o.writers_per_board, o.readers_per_board, o.ops_per_batch, o.window,
      per_second(total_stats.acked_ops_in_window), window_s, ack.percentile_ms(0.5), ack.percentile_ms(0.99),
      ack.max_ms());
  if (delivery.count() > 0) {
    std::fprintf(stderr, "; delivery p50 %.2f p99 %.2f max %.2f ms (%.0f ops/s delivered)",
                 delivery.percentile_ms(0.5), delivery.percentile_ms(0.99), delivery.max_ms(),
                 per_second(total_stats.delivered_ops_in_window));
  }
  std::fprintf(stderr, "; %llu errors, %llu disconnects, %llu unacked; generator CPU %.0f%%\n",
               static_cast<unsigned long long>(total_stats.errors),
               static_cast<unsigned long long>(total_stats.disconnects),
               static_cast<unsigned long long>(total_stats.unacked_at_close),
               window_s > 0 ? 100.0 * cpu_s / window_s : 0.0);
  bool const ok = ready == total && total_stats.errors == 0 && total_stats.disconnects == 0;
  return ok ? 0 : 2;
}

// The boards a run opens on our server, which its setup creates.
std::vector<std::string> boards_used(Options const& o, PeerOptions const& peer, bool comparison) {
  if (!comparison && !o.measure_join.empty()) return {o.measure_join};
  int const count = comparison ? boards_of(peer) : o.boards;
  std::vector<std::string> boards;
  for (int b = 0; b < count; ++b) boards.push_back(board_name(o.board_prefix, b));
  return boards;
}

// Registers the run's account and creates its boards; returns the access token.
std::string set_up(ServerAddress const& server, std::vector<std::string> const& boards) {
  Micros const started = now_us();
  Micros const deadline = started + kSetupTimeout;
  auto token = register_account(server, deadline);
  Micros const registered = now_us();
  create_boards(server, token, boards, deadline);
  std::fprintf(stderr, "cc_loadgen: account registered in %.0f ms, %zu boards created in %.0f ms\n",
               static_cast<double>(registered - started) / 1e3, boards.size(),
               static_cast<double>(now_us() - registered) / 1e3);
  return token;
}

}  // namespace

int main(int argc, char** argv) {
  now_us();  // fix the time base before anything is measured against it
  Options o;
  PeerOptions peer;
  std::string protocol;
  bool setup_only = false;
  CLI::App cli{"cc_loadgen: WebSocket load generator for collabcanvas (loopback only)"};
  cli.add_option("--url", o.url, "Server as host:port (a loopback address)")->required();
  cli.add_option("--boards", o.boards, "Boards")->check(CLI::Range(1, 10'000))->capture_default_str();
  cli.add_option("--writers-per-board", o.writers_per_board, "Writers on each board")
      ->check(CLI::Range(0, 10'000))
      ->capture_default_str();
  cli.add_option("--readers-per-board", o.readers_per_board, "Readers (receive only) on each board")
      ->check(CLI::Range(0, 10'000))
      ->capture_default_str();
  cli.add_option("--ops-per-batch", o.ops_per_batch, "Ops in each batch (and objects per writer)")
      ->check(CLI::Range(1, 10'000))
      ->capture_default_str();
  cli.add_option("--window", o.window,
                 "Batches a writer keeps unacknowledged (1: send, wait for the ack, send)")
      ->check(CLI::Range(1, 100'000))
      ->capture_default_str();
  cli.add_option("--rate", o.rate, "Batches per second per writer (0: as fast as the window allows)")
      ->check(CLI::Range(0.0, 1e6))
      ->capture_default_str();
  cli.add_option("--duration-s", o.duration_s, "Measured seconds")
      ->check(CLI::Range(0.1, kMaxRunSeconds))
      ->capture_default_str();
  cli.add_option("--warmup-s", o.warmup_s, "Seconds of load before measuring")
      ->check(CLI::Range(0.0, kMaxRunSeconds))
      ->capture_default_str();
  cli.add_option("--threads", o.threads, "Generator threads")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  cli.add_option("--batches", o.batches, "Stop each writer after this many batches (0: run for the duration)")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{1'000'000'000}))
      ->capture_default_str();
  cli.add_option("--board-prefix", o.board_prefix, "Boards are <prefix>-0, <prefix>-1, ...")
      ->check([](std::string const& s) {
        bool ok = !s.empty() && s.size() <= 48 && std::all_of(s.begin(), s.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
        });
        return ok ? std::string() : std::string("1 to 48 characters of A-Z a-z 0-9 _ -");
      })
      ->capture_default_str();
  cli.add_option("--connect-timeout-s", o.connect_timeout_s, "Time allowed to connect and get the welcome")
      ->check(CLI::Range(0.1, 120.0))
      ->capture_default_str();
  cli.add_option("--grace-s", o.grace_s, "Time allowed after the window for outstanding acks")
      ->check(CLI::Range(0.0, 60.0))
      ->capture_default_str();
  cli.add_option("--measure-join", o.measure_join, "Only time one client's connect -> welcome on this board");
  cli.add_option(
      "--start-epoch-us", o.start_epoch_us,
      "With --measure-join: wall-clock microseconds of the server's start, to report start -> welcome");
  cli.add_option("--label", o.label, "Copied into the JSON output");
  // Accounts on our server.
  cli.add_flag("--setup", setup_only,
               "Only register an account and create the boards the run given by the other options opens, "
               "then print the access token on stdout");
  cli.add_option("--token", o.token,
                 "The access token of an account that owns the run's boards already (from --setup); without "
                 "it a run on our server sets itself up first. Needed by --measure-join and --peer-mode "
                 "restart, whose board must exist before the server restarts");
  // The comparison modes.
  cli.add_option("--protocol", protocol, "Comparison mode: collabcanvas, y-websocket, hocuspocus or relay")
      ->check(CLI::IsMember({"collabcanvas", "y-websocket", "hocuspocus", "relay"}));
  cli.add_option("--peer-mode", peer.mode, "With --protocol: load, idle, join, fill or restart")
      ->check(CLI::IsMember({"load", "idle", "join", "fill", "restart"}))
      ->capture_default_str();
  cli.add_option("--clients-per-board", peer.clients_per_board, "With --protocol: clients on each board")
      ->check(CLI::Range(1, 16'000))
      ->capture_default_str();
  cli.add_option("--edit-rates", peer.edit_rates,
                 "With --protocol load: edits per second per client, one load step per rate")
      ->delimiter(',')
      ->check(CLI::Range(0.0, 100'000.0));
  cli.add_option("--cursor-rate", peer.cursor_rate,
                 "With --protocol load: cursor moves per second per client")
      ->check(CLI::Range(0.0, 100'000.0))
      ->capture_default_str();
  cli.add_option("--stop-p99-ms", peer.stop_p99_ms,
                 "With --protocol load: stop after the first step whose p99 delivery passes this (0: never)")
      ->check(CLI::Range(0.0, 10'000.0))
      ->capture_default_str();
  cli.add_option("--updates", peer.updates_file, "With a Yjs protocol: the pre-generated update chains");
  cli.add_option("--snapshot", peer.snapshot_file, "With a Yjs protocol and join: the board's update");
  cli.add_option("--fill-objects", peer.fill_objects,
                 "With --protocol collabcanvas join: objects on the board")
      ->check(CLI::Range(0, 100'000))
      ->capture_default_str();
  cli.add_option("--joiners", peer.joiners, "With join: clients that join the filled board")
      ->check(CLI::Range(1, 10'000))
      ->capture_default_str();
  cli.add_option("--join-spread-s", peer.join_spread_s, "With join: the joiners' connects spread over this")
      ->check(CLI::Range(0.0, 60.0))
      ->capture_default_str();
  cli.add_option("--settle-s", peer.settle_s, "With idle: wait after the last join before reading memory")
      ->check(CLI::Range(0.0, 60.0))
      ->capture_default_str();
  cli.add_option("--server-pid", peer.server_pid, "The server's process, sampled for CPU time and memory")
      ->check(CLI::Range(0, 1 << 30));
  CLI11_PARSE(cli, argc, argv);

  if (o.warmup_s + o.duration_s > kMaxRunSeconds) {
    std::fprintf(stderr, "cc_loadgen: warmup + duration must stay under %.0f s\n", kMaxRunSeconds);
    return 1;
  }
  auto server = parse_server_url(o.url);
  if (!server) {
    std::fprintf(stderr, "cc_loadgen: --url must be a loopback host:port, such as 127.0.0.1:8080\n");
    return 1;
  }
  bool const comparison = !protocol.empty();
  bool const ours = !comparison || protocol == "collabcanvas";
  bool const after_restart = !o.measure_join.empty() || (comparison && peer.mode == "restart");
  if (setup_only && (!ours || !o.token.empty())) {
    std::fprintf(stderr, "cc_loadgen: --setup is for our server, without --token\n");
    return 1;
  }
  if (ours && !setup_only && after_restart && o.token.empty()) {
    std::fprintf(stderr, "cc_loadgen: --measure-join and --peer-mode restart need --token (from --setup)\n");
    return 1;
  }
  if (comparison) {
    peer.protocol = *parse_protocol(protocol);
    peer.boards = o.boards;
    peer.warmup_s = o.warmup_s;
    peer.step_s = o.duration_s;
    peer.grace_s = o.grace_s;
    peer.threads = o.threads;
    peer.board_prefix = o.board_prefix;
    peer.start_epoch_us = o.start_epoch_us;
    peer.connect_timeout_s = o.connect_timeout_s;
    peer.label = o.label;
  }
  try {
    if (ours && o.token.empty()) o.token = set_up(*server, boards_used(o, peer, comparison));
    if (setup_only) {
      std::cout << o.token << std::endl;
      return 0;
    }
    if (comparison) {
      peer.token = o.token;
      return run_peer_mode(peer, *server);
    }
    if (!o.measure_join.empty()) return measure_join(o, *server);
    return run_load(o, *server);
  } catch (std::exception const& e) {
    std::fprintf(stderr, "cc_loadgen: %s\n", e.what());
    return 1;
  }
}
