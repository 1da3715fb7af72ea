// One monotonic time base for the whole generator, in microseconds. Writers put send times
// on this base into batch ids and into the x property of their ops, so any client of the
// same process can compute a latency from what it receives without a shared map.
#pragma once

#include <chrono>
#include <cstdint>
#include <thread>

namespace cc::bench {

using Micros = std::int64_t;

// Microseconds since the generator started (the first call).
inline Micros now_us() {
  static auto const epoch = std::chrono::steady_clock::now();
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - epoch)
      .count();
}

// Wall-clock microseconds, to compare with a time taken by another process (a server's start).
inline std::int64_t epoch_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

inline Micros seconds_to_us(double s) { return static_cast<Micros>(s * 1e6); }

// Polls done() every millisecond until it holds or the deadline passes; returns done().
bool wait_until(Micros deadline, auto&& done) {
  while (now_us() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return done();
}

}  // namespace cc::bench
