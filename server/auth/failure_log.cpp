#include "auth/failure_log.hpp"

#include <algorithm>

namespace cc::auth {

FailureLog::FailureLog(std::size_t limit, std::chrono::seconds window, std::size_t max_keys)
    : limit_(limit), window_(window), max_keys_(std::max<std::size_t>(max_keys, 1)) {}

std::optional<std::chrono::seconds> FailureLog::blocked_for(std::string_view key,
                                                            Clock::time_point now) const {
  if (limit_ == 0) return std::nullopt;
  auto const it = index_.find(key);
  if (it == index_.end()) return std::nullopt;
  auto const& failures = it->second->failures;
  auto const first_recent = std::find_if(failures.begin(), failures.end(),
                                         [&](Clock::time_point failure) { return in_window(failure, now); });
  auto const recent = static_cast<std::size_t>(failures.end() - first_recent);
  if (recent < limit_) return std::nullopt;
  // Allowed again once all but limit_ - 1 of the recent failures have left the window; as at
  // most limit_ are kept, that is when the oldest recent one leaves.
  auto const wait = *first_recent + window_ - now;
  auto const seconds = std::chrono::ceil<std::chrono::seconds>(wait);
  return std::max(seconds, std::chrono::seconds{1});
}

void FailureLog::add(std::string_view key, Clock::time_point now) {
  if (limit_ == 0) return;
  prune(now);
  auto it = index_.find(key);
  Order::iterator entry;
  if (it == index_.end()) {
    // Under a flood of distinct keys, forgetting the stalest is what keeps memory bounded;
    // the price is that such a flood can also wash out older failures.
    if (index_.size() >= max_keys_) {
      index_.erase(order_.front().key);
      order_.pop_front();
    }
    order_.push_back(Entry{std::string(key), {}});
    entry = std::prev(order_.end());
    index_.emplace(entry->key, entry);
  } else {
    entry = it->second;
    order_.splice(order_.end(), order_, entry);  // now the freshest
  }
  auto& failures = entry->failures;
  if (failures.size() == limit_) failures.erase(failures.begin());
  failures.push_back(now);
}

void FailureLog::forget(std::string_view key) {
  auto const it = index_.find(key);
  if (it == index_.end()) return;
  Order::iterator const entry = it->second;
  index_.erase(it);
  order_.erase(entry);
}

void FailureLog::prune(Clock::time_point now) {
  while (!order_.empty() && !in_window(order_.front().failures.back(), now)) {
    index_.erase(order_.front().key);
    order_.pop_front();
  }
}

}  // namespace cc::auth
