// Server counters, exported at GET /metrics in the Prometheus text format. Plain atomics:
// they are bumped on hot paths from many threads and read rarely.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace cc::sync {

// A histogram with fixed buckets, lock-free.
class LatencyHistogram {
 public:
  static constexpr std::array<double, 12> kBucketsSeconds{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                                          0.01,   0.025,   0.05,   0.1,   0.25,   1.0};
  void observe(std::chrono::nanoseconds duration) noexcept;
  void render(std::string& out, std::string_view name, std::string_view help) const;

 private:
  std::array<std::atomic<std::uint64_t>, kBucketsSeconds.size()> buckets_{};
  std::atomic<std::uint64_t> count_{0};
  std::atomic<std::uint64_t> sum_ns_{0};
};

struct Metrics {
  std::atomic<std::int64_t> connections{0};
  std::atomic<std::int64_t> boards_open{0};
  std::atomic<std::uint64_t> batches_applied{0};
  std::atomic<std::uint64_t> ops_applied{0};
  std::atomic<std::uint64_t> batches_deduplicated{0};
  std::atomic<std::uint64_t> send_queue_closes{0};
  std::atomic<std::uint64_t> rejected_inputs{0};
  std::atomic<std::uint64_t> http_requests{0};
  std::atomic<std::uint64_t> commits{0};
  std::atomic<std::uint64_t> commit_failures{0};
  LatencyHistogram commit_seconds;

  std::string render() const;
};

}  // namespace cc::sync
