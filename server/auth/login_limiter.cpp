#include "auth/login_limiter.hpp"

#include <algorithm>

namespace cc::auth {

LoginLimiter::LoginLimiter() : LoginLimiter(Limits{}) {}

LoginLimiter::LoginLimiter(Limits limits)
    : accounts_(limits.per_account, limits.window, limits.max_tracked),
      addresses_(limits.per_address, limits.window, limits.max_tracked) {}

std::optional<std::chrono::seconds> LoginLimiter::retry_after(std::string_view account,
                                                              std::string_view address,
                                                              Clock::time_point now) const {
  std::lock_guard const lock(mutex_);
  auto const by_account = accounts_.blocked_for(account, now);
  auto const by_address = addresses_.blocked_for(address, now);
  if (!by_account) return by_address;
  if (!by_address) return by_account;
  return std::max(*by_account, *by_address);
}

void LoginLimiter::record_failure(std::string_view account, std::string_view address, Clock::time_point now) {
  std::lock_guard const lock(mutex_);
  accounts_.add(account, now);
  addresses_.add(address, now);
}

void LoginLimiter::record_success(std::string_view account, Clock::time_point now) {
  std::lock_guard const lock(mutex_);
  accounts_.forget(account);
  accounts_.prune(now);
  addresses_.prune(now);
}

std::size_t LoginLimiter::tracked() const {
  std::lock_guard const lock(mutex_);
  return accounts_.size() + addresses_.size();
}

}  // namespace cc::auth
