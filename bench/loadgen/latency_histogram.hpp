// A log-linear latency histogram: exact below 128 us, then 128 buckets per power of two
// (under 1% error). Fixed size, so millions of samples per second cost no allocation and
// per-thread histograms merge by adding counts.
#pragma once

#include <cstdint>
#include <vector>

namespace cc::bench {

class LatencyHistogram {
 public:
  LatencyHistogram();

  void record(std::int64_t micros);
  void merge(LatencyHistogram const& other);

  std::uint64_t count() const { return count_; }
  // The upper edge of the bucket holding the p-th sample (0 < p <= 1), in milliseconds;
  // never above the largest sample seen.
  double percentile_ms(double p) const;
  double max_ms() const { return static_cast<double>(max_) / 1000.0; }
  double mean_ms() const;

 private:
  static constexpr int kSubBits = 7;
  static constexpr std::uint64_t kSub = std::uint64_t{1} << kSubBits;

  static std::size_t index_of(std::uint64_t value);
  static std::uint64_t upper_edge(std::size_t index);

  std::vector<std::uint64_t> counts_;
  std::uint64_t count_ = 0;
  std::uint64_t max_ = 0;
  long double sum_ = 0;
};

}  // namespace cc::bench
