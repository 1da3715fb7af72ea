#include "peer_modes.hpp"

#include "account_setup.hpp"
#include "process_stats.hpp"
#include "thread_pool.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>

namespace cc::bench {

namespace json = boost::json;

namespace {

constexpr Micros kCloseWait = 5'000'000;
// A ramp step is judged this long after its window ends, when its last edits have had
// time to arrive at an acceptable latency.
constexpr Micros kJudgeDelay = 200'000;
// The longest a chain fill may take.
constexpr Micros kFillTimeout = 50'000'000;

// Starts clients' connects, keeping at most max_pending of them between connect and join.
bool connect_paced(std::vector<std::shared_ptr<PeerClient>> const& clients, PeerShared& shared,
                   int max_pending, Micros deadline) {
  int started = 0;
  for (auto const& c : clients) {
    if (!wait_until(deadline,
                    [&] { return started - shared.ready.load() - shared.failed.load() < max_pending; }))
      return false;
    c->connect();
    ++started;
  }
  auto const total = static_cast<int>(clients.size());
  return wait_until(deadline, [&] { return shared.ready.load() + shared.failed.load() >= total; });
}

void add_latency(json::object& out, std::string const& prefix, LatencyHistogram const& h) {
  out[prefix + "_count"] = h.count();
  out[prefix + "_p50_ms"] = h.percentile_ms(0.50);
  out[prefix + "_p99_ms"] = h.percentile_ms(0.99);
  out[prefix + "_max_ms"] = h.max_ms();
}

char const* protocol_name(Protocol p) {
  switch (p) {
    case Protocol::kCollabCanvas:
      return "collabcanvas";
    case Protocol::kYWebsocket:
      return "y-websocket";
    case Protocol::kHocuspocus:
      return "hocuspocus";
    case Protocol::kRelay:
      return "relay";
  }
  return "?";
}

PeerConfig base_config(PeerOptions const& o, ServerAddress const& server, int board_index, int slot) {
  PeerConfig c;
  c.protocol = o.protocol;
  c.server = server;
  c.token = o.token;
  c.board = board_name(o.board_prefix, board_index);
  c.board_index = board_index;
  c.slot = slot;
  c.connect_timeout_us = seconds_to_us(o.connect_timeout_s);
  return c;
}

std::optional<std::vector<yjs::Chain>> chains_for(PeerOptions const& o, std::size_t needed) {
  if (!is_yjs(o.protocol)) return std::vector<yjs::Chain>{};
  std::string error;
  auto chains = yjs::load_chains(o.updates_file, error);
  if (!chains) {
    std::fprintf(stderr, "cc_loadgen: --updates: %s\n", error.c_str());
    return std::nullopt;
  }
  if (chains->size() < needed) {
    std::fprintf(stderr, "cc_loadgen: --updates holds %zu chains, %zu needed\n", chains->size(), needed);
    return std::nullopt;
  }
  return chains;
}

// --- load -------------------------------------------------------------------------------

int run_load(PeerOptions const& o, ServerAddress const& t) {
  int const per_board = o.clients_per_board;
  auto const chains = chains_for(o, static_cast<std::size_t>(per_board));
  if (!chains) return 1;
  if (o.edit_rates.size() > kMaxSteps) {
    std::fprintf(stderr, "cc_loadgen: at most %zu rates\n", kMaxSteps);
    return 1;
  }
  LoadPlan plan;
  PeerShared shared;
  ThreadPool pool(o.threads);
  std::vector<PeerThreadStats> stats;
  for (std::size_t i = 0; i < pool.size(); ++i) stats.emplace_back(o.edit_rates.size());
  std::vector<std::shared_ptr<PeerClient>> clients;
  for (int b = 0; b < o.boards; ++b) {
    for (int s = 0; s < per_board; ++s) {
      auto config = base_config(o, t, b, s);
      config.role = PeerRole::kWriter;
      config.plan = &plan;
      config.latency_threshold_us = o.stop_p99_ms > 0 ? static_cast<Micros>(o.stop_p99_ms * 1000) : 50'000;
      if (is_yjs(o.protocol)) config.chain = &(*chains)[static_cast<std::size_t>(s)];
      auto const slot = clients.size() % pool.size();
      clients.push_back(
          std::make_shared<PeerClient>(pool.context(slot), std::move(config), stats[slot], shared));
    }
  }
  auto const total = static_cast<int>(clients.size());
  pool.run();
  Micros const join_started = now_us();
  connect_paced(clients, shared, o.max_pending_connects, join_started + seconds_to_us(o.connect_timeout_s));
  double const join_s = static_cast<double>(now_us() - join_started) / 1e6;
  int const ready = shared.ready.load();
  std::fprintf(stderr, "cc_loadgen: %d of %d clients joined in %.1f s\n", ready, total, join_s);

  Micros const t0 = now_us() + 100'000;
  Micros const step_len = seconds_to_us(o.warmup_s + o.step_s);
  for (std::size_t i = 0; i < o.edit_rates.size(); ++i) {
    LoadStep step;
    step.edit_rate = o.edit_rates[i];
    step.cursor_rate = o.cursor_rate;
    step.start = t0 + static_cast<Micros>(i) * step_len;
    step.measure_start = step.start + seconds_to_us(o.warmup_s);
    step.measure_end = step.start + step_len;
    plan.steps.push_back(step);
  }
  for (auto const& c : clients) c->start();

  struct StepSample {
    double server_cpu_s = 0;
    double generator_cpu_s = 0;
    bool judged = false;
    bool passed = true;
    double on_time_fraction = 1;
  };
  std::vector<StepSample> samples(plan.steps.size());
  std::size_t steps_run = 0;
  std::uint64_t const receivers = static_cast<std::uint64_t>(std::max(per_board - 1, 0));
  for (std::size_t i = 0; i < plan.steps.size(); ++i) {
    auto const& step = plan.steps[i];
    wait_until(step.measure_start, [] { return false; });
    double const server_before = process_cpu_seconds(o.server_pid);
    double const own_before = own_cpu_seconds();
    wait_until(step.measure_end, [] { return false; });
    samples[i].server_cpu_s = process_cpu_seconds(o.server_pid) - server_before;
    samples[i].generator_cpu_s = own_cpu_seconds() - own_before;
    ++steps_run;
    wait_until(step.measure_end + kJudgeDelay, [] { return false; });
    std::uint64_t const expected = shared.sent[i].load() * receivers;
    std::uint64_t const on_time = shared.on_time[i].load();
    samples[i].judged = true;
    samples[i].on_time_fraction =
        expected > 0 ? static_cast<double>(on_time) / static_cast<double>(expected) : 1.0;
    samples[i].passed = expected > 0 && samples[i].on_time_fraction >= 0.99;
    std::fprintf(
        stderr, "cc_loadgen: step %zu (%.0f edits/s per client): %.1f%% of deliveries within %.0f ms\n", i,
        step.edit_rate, 100.0 * samples[i].on_time_fraction, o.stop_p99_ms > 0 ? o.stop_p99_ms : 50.0);
    if (o.stop_p99_ms > 0 && !samples[i].passed) break;
  }
  shared.stop_sending = true;
  Micros const grace_end = now_us() + seconds_to_us(o.grace_s);
  wait_until(grace_end, [] { return false; });
  std::int64_t const server_rss = server_memory_kib(o.server_pid, "VmRSS:");
  std::int64_t const server_hwm = server_memory_kib(o.server_pid, "VmHWM:");
  close_all(clients, shared.closed, kCloseWait);
  pool.stop();

  PeerThreadStats merged(plan.steps.size());
  std::unordered_map<std::uint64_t, EditTrack> edits;
  for (auto& s : stats) {
    for (std::size_t i = 0; i < plan.steps.size(); ++i) {
      auto& m = merged.steps[i];
      auto const& x = s.steps[i];
      m.delivery.merge(x.delivery);
      m.cursor.merge(x.cursor);
      m.sent_edits += x.sent_edits;
      m.sent_cursors += x.sent_cursors;
      m.delivered_edits += x.delivered_edits;
      m.delivered_cursors += x.delivered_cursors;
    }
    for (auto const& [key, track] : s.edits) {
      auto& e = edits[key];
      e.receivers += track.receivers;
      e.max_us = std::max(e.max_us, track.max_us);
    }
    merged.errors += s.errors;
    merged.disconnects += s.disconnects;
    merged.skipped_sends += s.skipped_sends;
    merged.chain_exhausted += s.chain_exhausted;
  }
  std::vector<LatencyHistogram> all_peers(plan.steps.size());
  std::vector<std::uint64_t> complete(plan.steps.size(), 0);
  for (auto const& [key, track] : edits) {
    int const step = plan.measured_step(edit_key_time(key));
    if (step < 0 || track.receivers < receivers) continue;
    all_peers[static_cast<std::size_t>(step)].record(track.max_us);
    ++complete[static_cast<std::size_t>(step)];
  }

  json::object out;
  out["mode"] = "peer-load";
  out["protocol"] = protocol_name(o.protocol);
  out["label"] = o.label;
  out["boards"] = o.boards;
  out["clients_per_board"] = per_board;
  out["clients"] = total;
  out["clients_joined"] = ready;
  out["join_s"] = join_s;
  out["threads"] = o.threads;
  json::array steps_out;
  int best = -1;
  for (std::size_t i = 0; i < steps_run; ++i) {
    auto const& m = merged.steps[i];
    auto const& step = plan.steps[i];
    json::object s;
    double const window_s = o.step_s;
    s["edit_rate"] = step.edit_rate;
    s["cursor_rate"] = step.cursor_rate;
    s["offered_edits_per_s"] = step.edit_rate * total;
    s["sent_edits_per_s"] = static_cast<double>(m.sent_edits) / window_s;
    s["delivered_edits_per_s"] = static_cast<double>(m.delivered_edits) / window_s;
    s["expected_deliveries_per_s"] = static_cast<double>(m.sent_edits * receivers) / window_s;
    s["delivered_cursors_per_s"] = static_cast<double>(m.delivered_cursors) / window_s;
    add_latency(s, "delivery", m.delivery);
    add_latency(s, "all_peers", all_peers[i]);
    add_latency(s, "cursor", m.cursor);
    s["complete_edits"] = complete[i];
    s["incomplete_edits"] = m.sent_edits - std::min(m.sent_edits, complete[i]);
    s["server_cpu_s"] = samples[i].server_cpu_s;
    s["server_cpu_s_per_100k"] =
        m.delivered_edits > 0 ? samples[i].server_cpu_s * 1e5 / static_cast<double>(m.delivered_edits) : 0.0;
    s["generator_cpu_pct"] = 100.0 * samples[i].generator_cpu_s / window_s;
    s["on_time_fraction"] = samples[i].on_time_fraction;
    s["passed"] = samples[i].passed;
    if (samples[i].passed && best == static_cast<int>(i) - 1) best = static_cast<int>(i);
    steps_out.push_back(std::move(s));
  }
  out["steps"] = std::move(steps_out);
  out["best_step"] = best;
  out["server_rss_kib"] = server_rss;
  out["server_peak_rss_kib"] = server_hwm;
  out["generator_peak_rss_kib"] = process_memory_kib("self", "VmHWM:");
  out["errors"] = merged.errors;
  out["disconnects"] = merged.disconnects;
  out["skipped_sends"] = merged.skipped_sends;
  out["chain_exhausted"] = merged.chain_exhausted;
  std::cout << json::serialize(out) << std::endl;
  return ready == total && merged.errors == 0 && merged.disconnects == 0 ? 0 : 2;
}

// --- idle -------------------------------------------------------------------------------

int run_idle(PeerOptions const& o, ServerAddress const& t) {
  PeerShared shared;
  ThreadPool pool(o.threads);
  std::vector<PeerThreadStats> stats(pool.size());
  std::vector<std::shared_ptr<PeerClient>> clients;
  for (int b = 0; b < o.boards; ++b) {
    for (int s = 0; s < o.clients_per_board; ++s) {
      auto config = base_config(o, t, b, s);
      auto const slot = clients.size() % pool.size();
      clients.push_back(
          std::make_shared<PeerClient>(pool.context(slot), std::move(config), stats[slot], shared));
    }
  }
  auto const total = static_cast<int>(clients.size());
  std::int64_t const rss_before = server_memory_kib(o.server_pid, "VmRSS:");
  pool.run();
  Micros const started = now_us();
  connect_paced(clients, shared, o.max_pending_connects, started + seconds_to_us(o.connect_timeout_s));
  double const join_s = static_cast<double>(now_us() - started) / 1e6;
  int const ready = shared.ready.load();
  std::fprintf(stderr, "cc_loadgen: %d of %d idle clients joined in %.1f s\n", ready, total, join_s);
  wait_until(now_us() + seconds_to_us(o.settle_s), [] { return false; });
  std::int64_t const rss_after = server_memory_kib(o.server_pid, "VmRSS:");
  std::int64_t const hwm = server_memory_kib(o.server_pid, "VmHWM:");
  close_all(clients, shared.closed, kCloseWait);
  pool.stop();
  std::uint64_t errors = 0;
  std::uint64_t disconnects = 0;
  for (auto const& s : stats) {
    errors += s.errors;
    disconnects += s.disconnects;
  }

  json::object out;
  out["mode"] = "peer-idle";
  out["protocol"] = protocol_name(o.protocol);
  out["label"] = o.label;
  out["boards"] = o.boards;
  out["clients"] = total;
  out["clients_joined"] = ready;
  out["join_s"] = join_s;
  out["server_rss_before_kib"] = rss_before;
  out["server_rss_after_kib"] = rss_after;
  out["server_peak_rss_kib"] = hwm;
  out["kib_per_connection"] =
      ready > 0 ? static_cast<double>(rss_after - rss_before) / static_cast<double>(ready) : 0.0;
  out["generator_peak_rss_kib"] = process_memory_kib("self", "VmHWM:");
  out["errors"] = errors;
  out["disconnects"] = disconnects;
  std::cout << json::serialize(out) << std::endl;
  return ready == total && errors == 0 ? 0 : 2;
}

// --- join -------------------------------------------------------------------------------

int run_join(PeerOptions const& o, ServerAddress const& t) {
  std::optional<std::string> snapshot;
  if (is_yjs(o.protocol)) {
    snapshot = yjs::load_file(o.snapshot_file);
    if (!snapshot) {
      std::fprintf(stderr, "cc_loadgen: cannot read --snapshot %s\n", o.snapshot_file.c_str());
      return 1;
    }
  }
  PeerShared filler_shared;
  PeerShared shared;
  ThreadPool pool(o.threads);
  PeerThreadStats filler_stats;
  std::vector<PeerThreadStats> stats(pool.size());
  // The filler stays connected: a server may unload a board that nobody holds.
  auto filler_config = base_config(o, t, 0, 9999);
  filler_config.role = PeerRole::kSnapshotFiller;
  filler_config.fill_objects = o.fill_objects;
  if (snapshot) filler_config.snapshot = &*snapshot;
  auto filler =
      std::make_shared<PeerClient>(pool.context(0), std::move(filler_config), filler_stats, filler_shared);
  std::vector<std::shared_ptr<PeerClient>> joiners;
  for (int i = 0; i < o.joiners; ++i) {
    auto config = base_config(o, t, 0, i);
    auto const slot = static_cast<std::size_t>(i) % pool.size();
    joiners.push_back(
        std::make_shared<PeerClient>(pool.context(slot), std::move(config), stats[slot], shared));
  }
  pool.run();
  Micros const fill_started = now_us();
  filler->connect();
  bool const filled =
      wait_until(fill_started + kFillTimeout,
                 [&] { return filler_shared.fillers_done.load() + filler_shared.failed.load() >= 1; }) &&
      filler_shared.fillers_done.load() == 1;
  double const fill_ms = static_cast<double>(now_us() - fill_started) / 1e3;
  std::fprintf(stderr, "cc_loadgen: board filled in %.0f ms (%s)\n", fill_ms, filled ? "ok" : "failed");

  Micros const first = now_us();
  Micros last_connect = first;
  Micros const spread = seconds_to_us(o.join_spread_s);
  if (filled) {
    for (int i = 0; i < o.joiners; ++i) {
      wait_until(first + spread * i / std::max(o.joiners, 1), [] { return false; });
      last_connect = now_us();
      joiners[static_cast<std::size_t>(i)]->connect();
    }
    wait_until(first + spread + seconds_to_us(o.connect_timeout_s),
               [&] { return shared.ready.load() + shared.failed.load() >= o.joiners; });
  }
  int const ready = shared.ready.load();
  Micros last = first;
  for (auto const& j : joiners) {
    if (j->ready()) last = std::max(last, j->snapshot_at_us());
  }
  std::int64_t const hwm = server_memory_kib(o.server_pid, "VmHWM:");
  close_all(joiners, shared.closed, kCloseWait);
  close_all<PeerClient>({filler}, filler_shared.closed, kCloseWait);
  pool.stop();
  LatencyHistogram join;
  std::uint64_t bytes = 0;
  std::uint64_t objects = 0;
  for (auto const& s : stats) {
    join.merge(s.join);
    bytes = std::max(bytes, s.snapshot_bytes);
    objects = std::max(objects, s.snapshot_objects);
  }

  json::object out;
  out["mode"] = "peer-join";
  out["protocol"] = protocol_name(o.protocol);
  out["label"] = o.label;
  out["filled"] = filled;
  out["fill_ms"] = fill_ms;
  out["joiners"] = o.joiners;
  out["joined"] = ready;
  out["first_connect_to_last_snapshot_ms"] = static_cast<double>(last - first) / 1e3;
  // With joins spread over seconds, how long after the last client arrived everyone was served.
  out["last_connect_to_last_snapshot_ms"] =
      static_cast<double>(std::max(last, last_connect) - last_connect) / 1e3;
  add_latency(out, "join", join);
  out["snapshot_bytes"] = bytes;
  if (o.protocol == Protocol::kCollabCanvas) out["snapshot_objects"] = objects;
  out["server_peak_rss_kib"] = hwm;
  std::cout << json::serialize(out) << std::endl;
  return filled && ready == o.joiners ? 0 : 2;
}

// --- fill and restart ---------------------------------------------------------------------

int run_fill(PeerOptions const& o, ServerAddress const& t) {
  auto const chains = chains_for(o, 1);
  if (!chains || chains->empty()) return 1;
  PeerShared shared;
  ThreadPool pool(1);
  PeerThreadStats stats;
  auto config = base_config(o, t, 0, 0);
  config.role = PeerRole::kChainFiller;
  config.chain = &(*chains)[0];
  auto client = std::make_shared<PeerClient>(pool.context(0), std::move(config), stats, shared);
  pool.run();
  Micros const started = now_us();
  client->connect();
  wait_until(started + kFillTimeout, [&] { return shared.fillers_done.load() + shared.failed.load() >= 1; });
  bool const ok = shared.fillers_done.load() == 1;
  double const ms = static_cast<double>(now_us() - started) / 1e3;
  close_all<PeerClient>({client}, shared.closed, kCloseWait);
  pool.stop();
  json::object out;
  out["mode"] = "peer-fill";
  out["protocol"] = protocol_name(o.protocol);
  out["label"] = o.label;
  out["ok"] = ok;
  out["updates"] = (*chains)[0].updates.size();
  out["elapsed_ms"] = ms;
  std::cout << json::serialize(out) << std::endl;
  return ok ? 0 : 2;
}

int run_restart(PeerOptions const& o, ServerAddress const& t) {
  PeerShared shared;
  ThreadPool pool(1);
  PeerThreadStats stats;
  auto config = base_config(o, t, 0, 0);
  config.decode_snapshot = true;
  config.retry_refused_until_us = now_us() + config.connect_timeout_us;
  auto client = std::make_shared<PeerClient>(pool.context(0), std::move(config), stats, shared);
  pool.run();
  client->connect();
  wait_until(now_us() + seconds_to_us(o.connect_timeout_s) + 1'000'000,
             [&] { return shared.ready.load() + shared.failed.load() >= 1; });
  close_all<PeerClient>({client}, shared.closed, kCloseWait);
  pool.stop();
  json::object out;
  out["mode"] = "peer-restart";
  out["protocol"] = protocol_name(o.protocol);
  out["label"] = o.label;
  out["ok"] = client->ready();
  if (client->ready()) {
    out["connect_to_snapshot_ms"] =
        static_cast<double>(client->snapshot_at_us() - client->connect_started_us()) / 1e3;
    if (o.start_epoch_us > 0) {
      out["start_to_snapshot_ms"] =
          static_cast<double>(client->snapshot_at_epoch_us() - o.start_epoch_us) / 1e3;
    }
    out["snapshot_bytes"] = client->snapshot_bytes();
    out["restored_clock"] = client->restored_clock();
  } else {
    out["failure"] = client->failure();
  }
  std::cout << json::serialize(out) << std::endl;
  return client->ready() ? 0 : 2;
}

}  // namespace

int LoadPlan::step_at(Micros t) const {
  int found = -1;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (t >= steps[i].start) found = static_cast<int>(i);
  }
  return found;
}

int LoadPlan::measured_step(Micros t) const {
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (t >= steps[i].measure_start && t < steps[i].measure_end) return static_cast<int>(i);
  }
  return -1;
}

std::optional<Protocol> parse_protocol(std::string const& name) {
  if (name == "collabcanvas") return Protocol::kCollabCanvas;
  if (name == "y-websocket") return Protocol::kYWebsocket;
  if (name == "hocuspocus") return Protocol::kHocuspocus;
  if (name == "relay") return Protocol::kRelay;
  return std::nullopt;
}

int boards_of(PeerOptions const& o) { return o.mode == "load" || o.mode == "idle" ? o.boards : 1; }

int run_peer_mode(PeerOptions const& o, ServerAddress const& t) {
  if (o.mode == "load") return run_load(o, t);
  if (o.mode == "idle") return run_idle(o, t);
  if (o.mode == "join") return run_join(o, t);
  if (o.mode == "fill") return run_fill(o, t);
  if (o.mode == "restart") return run_restart(o, t);
  std::fprintf(stderr, "cc_loadgen: unknown --peer-mode %s\n", o.mode.c_str());
  return 1;
}

}  // namespace cc::bench
