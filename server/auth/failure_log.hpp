// Recent failures per key (an account or a client address) in a sliding time window: the
// bookkeeping under LoginLimiter. Memory is bounded twice: a key keeps at most `limit`
// timestamps (older ones cannot change the answer), and at most `max_keys` keys are kept,
// the stalest forgotten first.
//
// Thread-safety: none; LoginLimiter serializes access.
#pragma once

#include <chrono>
#include <cstddef>
#include <list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cc::auth {

class FailureLog {
 public:
  using Clock = std::chrono::steady_clock;

  // limit: failures within the window that block the key (0: never block).
  FailureLog(std::size_t limit, std::chrono::seconds window, std::size_t max_keys);
  FailureLog(FailureLog const&) = delete;
  FailureLog& operator=(FailureLog const&) = delete;

  // nullopt while key has fewer than `limit` failures in the window ending at now; else how
  // long until it will have, rounded up to whole seconds (at least 1).
  std::optional<std::chrono::seconds> blocked_for(std::string_view key, Clock::time_point now) const;

  // Records a failure at now. Times are expected not to go backwards (a steady clock).
  void add(std::string_view key, Clock::time_point now);

  void forget(std::string_view key);

  // Drops every key whose latest failure has left the window.
  void prune(Clock::time_point now);

  std::size_t size() const noexcept { return index_.size(); }

 private:
  struct Entry {
    std::string key;
    std::vector<Clock::time_point> failures;  // oldest first, at most limit_ of them
  };
  using Order = std::list<Entry>;

  bool in_window(Clock::time_point failure, Clock::time_point now) const noexcept {
    return now - failure < window_;
  }

  std::size_t limit_;
  std::chrono::seconds window_;
  std::size_t max_keys_;
  Order order_;  // by latest failure, stalest first; list nodes never move, so index_ can view their keys
  std::unordered_map<std::string_view, Order::iterator> index_;
};

}  // namespace cc::auth
