// What the clients of one generator thread count, and what all threads share.
#pragma once

#include "clock.hpp"
#include "latency_histogram.hpp"

#include <atomic>
#include <cstdint>
#include <map>
#include <string>

namespace cc::bench {

// The phases of a run on the generator's time base: load starts at load_start, samples
// count from measure_start, and writers send nothing new from measure_end on.
struct RunSchedule {
  Micros load_start = 0;
  Micros measure_start = 0;
  Micros measure_end = 0;

  bool in_window(Micros t) const { return t >= measure_start && t < measure_end; }
};

// Written by one generator thread only; merged after the threads have stopped.
struct ThreadStats {
  LatencyHistogram ack_latency;       // send -> ack, batches sent in the window
  LatencyHistogram delivery_latency;  // send -> received by another client, batches sent in the window
  std::uint64_t sent_batches = 0;
  std::uint64_t sent_ops = 0;
  std::uint64_t acked_batches = 0;        // all acks
  std::uint64_t acked_ops_in_window = 0;  // ops whose ack arrived in the window
  std::uint64_t acked_batches_in_window = 0;
  std::uint64_t delivered_batches_in_window = 0;  // ops messages received, sent in the window
  std::uint64_t delivered_ops_in_window = 0;
  std::uint64_t errors = 0;
  std::map<std::string, std::uint64_t> error_codes;
  std::uint64_t disconnects = 0;  // connections lost after the welcome
  std::uint64_t unacked_at_close = 0;

  void merge(ThreadStats const& other);
};

// Shared by every thread; counters only.
struct SharedState {
  std::atomic<int> ready{0};         // clients that have their welcome
  std::atomic<int> failed{0};        // clients that never got one
  std::atomic<int> writers_done{0};  // writers that stopped sending and have every ack
  std::atomic<int> closed{0};        // clients whose connection is finished
  std::atomic<int> errors_logged{0};
};

}  // namespace cc::bench
