#include "latency_histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace cc::bench {

LatencyHistogram::LatencyHistogram() : counts_((64 - kSubBits + 1) * kSub, 0) {}

std::size_t LatencyHistogram::index_of(std::uint64_t value) {
  if (value < kSub) return static_cast<std::size_t>(value);
  int const exponent = std::bit_width(value) - 1;  // >= kSubBits
  int const shift = exponent - kSubBits;
  std::uint64_t const mantissa = value >> shift;  // kSub .. 2*kSub-1
  return static_cast<std::size_t>(static_cast<std::uint64_t>(shift + 1) * kSub + (mantissa - kSub));
}

std::uint64_t LatencyHistogram::upper_edge(std::size_t index) {
  if (index < kSub) return index;
  auto const shift = static_cast<int>(index / kSub) - 1;
  std::uint64_t const mantissa = index % kSub + kSub;
  return ((mantissa + 1) << shift) - 1;
}

void LatencyHistogram::record(std::int64_t micros) {
  // A negative latency can only come from a clock step; count it as zero.
  auto const value = static_cast<std::uint64_t>(std::max<std::int64_t>(micros, 0));
  ++counts_[index_of(value)];
  ++count_;
  max_ = std::max(max_, value);
  sum_ += static_cast<long double>(value);
}

void LatencyHistogram::merge(LatencyHistogram const& other) {
  for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
  count_ += other.count_;
  max_ = std::max(max_, other.max_);
  sum_ += other.sum_;
}

double LatencyHistogram::percentile_ms(double p) const {
  if (count_ == 0) return 0;
  auto rank = static_cast<std::uint64_t>(std::ceil(p * static_cast<double>(count_)));
  rank = std::clamp<std::uint64_t>(rank, 1, count_);
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen >= rank) return static_cast<double>(std::min(upper_edge(i), max_)) / 1000.0;
  }
  return max_ms();
}

double LatencyHistogram::mean_ms() const {
  if (count_ == 0) return 0;
  return static_cast<double>(sum_ / static_cast<long double>(count_)) / 1000.0;
}

}  // namespace cc::bench
