// Limits failed logins, per account and per client address, over a sliding window
// (docs/API.md: 5 per account and 50 per address in 15 minutes). Slows password guessing
// against one account and spraying from one address, without locking anyone out for good.
//
// Thread-safety: every method may be called from any thread.
#pragma once

#include "auth/failure_log.hpp"

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string_view>

namespace cc::auth {

class LoginLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  struct Limits {
    std::size_t per_account = 5;   // 0: no limit
    std::size_t per_address = 50;  // 0: no limit
    std::chrono::seconds window{15 * 60};
    std::size_t max_tracked = 100'000;  // accounts, and separately addresses, remembered at once
  };

  LoginLimiter();
  explicit LoginLimiter(Limits limits);

  // account is the normalized email (credentials.hpp), so case and spaces cannot dodge the
  // limit and keys stay short; address is the client's IP address as text.
  //
  // nullopt when a login attempt for account from address may go ahead now; otherwise the
  // seconds until it may (at least 1), for Retry-After.
  std::optional<std::chrono::seconds> retry_after(std::string_view account, std::string_view address,
                                                  Clock::time_point now) const;

  void record_failure(std::string_view account, std::string_view address, Clock::time_point now);

  // Forgets the account's failures; the address keeps its own, so one good login does not
  // reset a spray from that address across many accounts.
  void record_success(std::string_view account, Clock::time_point now);

  // Accounts plus addresses currently remembered.
  std::size_t tracked() const;

 private:
  mutable std::mutex mutex_;
  FailureLog accounts_;
  FailureLog addresses_;
};

}  // namespace cc::auth
