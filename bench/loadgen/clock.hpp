// One monotonic time base for the whole generator, in microseconds. Writers put send times
// on this base into batch ids and into the x property of their ops, so any client of the
// same process can compute a latency from what it receives without a shared map.
#pragma once

#include <chrono>
#include <cstdint>

namespace cc::bench {

using Micros = std::int64_t;

// Microseconds since the generator started (the first call).
inline Micros now_us() {
  static auto const epoch = std::chrono::steady_clock::now();
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - epoch)
      .count();
}

}  // namespace cc::bench
