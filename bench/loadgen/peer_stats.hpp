// What the comparison modes measure (see peer_client.hpp): a run is a sequence of load
// steps, each with a warmup and a measured window; every figure belongs to the step in
// whose measured window the edit was sent.
#pragma once

#include "clock.hpp"
#include "latency_histogram.hpp"

#include <array>
#include <atomic>
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace cc::bench {

inline constexpr std::size_t kMaxSteps = 16;

struct LoadStep {
  double edit_rate = 0;    // edits per second per writer
  double cursor_rate = 0;  // cursor moves per second per writer
  Micros start = 0;        // the step's rates apply from here
  Micros measure_start = 0;
  Micros measure_end = 0;  // the next step starts here
};

// The steps of a run, on the generator's time base. Read-only once the clients start.
struct LoadPlan {
  std::vector<LoadStep> steps;

  // The step whose rates apply at t (the last one after the end), or -1 before the first.
  int step_at(Micros t) const;
  // The step in whose measured window t lies, or -1.
  int measured_step(Micros t) const;
  Micros end() const { return steps.empty() ? 0 : steps.back().measure_end; }
};

// Per step, written by one generator thread.
struct StepStats {
  LatencyHistogram delivery;  // send -> received, per receiving client
  LatencyHistogram cursor;    // cursor send -> received, per receiving client
  std::uint64_t sent_edits = 0;
  std::uint64_t sent_cursors = 0;
  std::uint64_t delivered_edits = 0;
  std::uint64_t delivered_cursors = 0;
};

// The receivers of one edit so far and the latest of their latencies.
struct EditTrack {
  std::uint32_t receivers = 0;
  std::int64_t max_us = 0;
};

struct PeerThreadStats {
  std::vector<StepStats> steps;
  std::unordered_map<std::uint64_t, EditTrack> edits;  // by edit_key()
  LatencyHistogram join;                               // connect -> snapshot
  std::uint64_t snapshot_bytes = 0;                    // the largest snapshot seen
  std::uint64_t snapshot_objects = 0;                  // ours: objects in it
  std::uint64_t errors = 0;
  std::uint64_t disconnects = 0;
  std::uint64_t skipped_sends = 0;  // a send queue over its bound: the send was dropped
  std::uint64_t chain_exhausted = 0;

  explicit PeerThreadStats(std::size_t step_count = 0) : steps(step_count) {}
};

// Shared by all threads.
struct PeerShared {
  std::atomic<int> ready{0};   // joined (and, for writers, their object exists)
  std::atomic<int> failed{0};  // never joined
  std::atomic<int> closed{0};
  std::atomic<int> fillers_done{0};
  std::atomic<bool> stop_sending{false};
  std::atomic<int> errors_logged{0};
  // Per step, for stopping a ramp early: edits sent in the window, and deliveries of them
  // within the latency threshold.
  std::array<std::atomic<std::uint64_t>, kMaxSteps> sent{};
  std::array<std::atomic<std::uint64_t>, kMaxSteps> on_time{};
};

// An edit's identity: board, sending client and send time (microseconds, < 2^34).
inline std::uint64_t edit_key(int board, int slot, Micros sent) {
  return (static_cast<std::uint64_t>(board) << 48) | (static_cast<std::uint64_t>(slot & 0x3FFF) << 34) |
         (static_cast<std::uint64_t>(sent) & ((std::uint64_t{1} << 34) - 1));
}
inline Micros edit_key_time(std::uint64_t key) {
  return static_cast<Micros>(key & ((std::uint64_t{1} << 34) - 1));
}

}  // namespace cc::bench
