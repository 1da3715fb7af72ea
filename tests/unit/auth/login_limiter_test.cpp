#include "auth/login_limiter.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace cc::auth {
namespace {

using namespace std::chrono_literals;
using Clock = LoginLimiter::Clock;

Clock::time_point const t0 = Clock::time_point{} + 1000h;

TEST(LoginLimiter, FiveFailuresLockTheAccount) {
  LoginLimiter limiter;
  for (int i = 0; i < 4; ++i) {
    EXPECT_FALSE(limiter.retry_after("ada@example.com", "10.0.0.1", t0 + i * 1s).has_value()) << i;
    limiter.record_failure("ada@example.com", "10.0.0.1", t0 + i * 1s);
  }
  EXPECT_FALSE(limiter.retry_after("ada@example.com", "10.0.0.1", t0 + 4s).has_value());
  limiter.record_failure("ada@example.com", "10.0.0.1", t0 + 4s);
  auto const wait = limiter.retry_after("ada@example.com", "10.0.0.1", t0 + 5s);
  ASSERT_TRUE(wait.has_value());
  // The first failure (at t0) leaves the 15-minute window at t0 + 900 s.
  EXPECT_EQ(*wait, 895s);
  // From any address.
  EXPECT_TRUE(limiter.retry_after("ada@example.com", "192.0.2.7", t0 + 5s).has_value());
}

TEST(LoginLimiter, TheWindowSlides) {
  LoginLimiter limiter;
  for (int i = 0; i < 5; ++i) limiter.record_failure("ada", "a1", t0 + i * 60s);
  EXPECT_TRUE(limiter.retry_after("ada", "a1", t0 + 899s).has_value());
  EXPECT_EQ(*limiter.retry_after("ada", "a1", t0 + 899s), 1s);
  // At t0 + 900 s the first failure has left: four remain, one more attempt is allowed.
  EXPECT_FALSE(limiter.retry_after("ada", "a1", t0 + 900s).has_value());
  limiter.record_failure("ada", "a1", t0 + 900s);
  auto const wait = limiter.retry_after("ada", "a1", t0 + 900s);
  ASSERT_TRUE(wait.has_value());
  EXPECT_EQ(*wait, 60s);  // until the failure at t0 + 60 s leaves
  // Long after, everything has left.
  EXPECT_FALSE(limiter.retry_after("ada", "a1", t0 + 900s + 900s).has_value());
}

TEST(LoginLimiter, WaitsRoundUpToWholeSeconds) {
  LoginLimiter limiter({.per_account = 1, .window = 10s});
  limiter.record_failure("ada", "a1", t0);
  EXPECT_EQ(limiter.retry_after("ada", "a1", t0 + 100ms), 10s);
  EXPECT_EQ(limiter.retry_after("ada", "a1", t0 + 9500ms), 1s);
  EXPECT_EQ(limiter.retry_after("ada", "a1", t0 + 9999ms), 1s);
  EXPECT_FALSE(limiter.retry_after("ada", "a1", t0 + 10s).has_value());
}

TEST(LoginLimiter, SuccessForgetsTheAccountsFailures) {
  LoginLimiter limiter;
  for (int i = 0; i < 4; ++i) limiter.record_failure("ada", "a1", t0);
  limiter.record_success("ada", t0 + 1s);
  for (int i = 0; i < 4; ++i) limiter.record_failure("ada", "a1", t0 + 2s);
  EXPECT_FALSE(limiter.retry_after("ada", "a1", t0 + 3s).has_value());  // 4, not 8
  limiter.record_failure("ada", "a1", t0 + 3s);
  EXPECT_TRUE(limiter.retry_after("ada", "a1", t0 + 3s).has_value());
}

TEST(LoginLimiter, SuccessDoesNotResetTheAddress) {
  LoginLimiter limiter({.per_account = 5, .per_address = 3});
  limiter.record_failure("a", "10.0.0.1", t0);
  limiter.record_failure("b", "10.0.0.1", t0);
  limiter.record_success("c", t0);
  limiter.record_failure("d", "10.0.0.1", t0);
  limiter.record_success("d", t0);
  EXPECT_TRUE(limiter.retry_after("e", "10.0.0.1", t0 + 1s).has_value());
}

TEST(LoginLimiter, FiftyFailuresLockTheAddressForEveryAccount) {
  LoginLimiter limiter;
  for (int i = 0; i < 49; ++i) limiter.record_failure("user" + std::to_string(i), "198.51.100.9", t0);
  EXPECT_FALSE(limiter.retry_after("someone", "198.51.100.9", t0).has_value());
  limiter.record_failure("user49", "198.51.100.9", t0);
  auto const wait = limiter.retry_after("someone", "198.51.100.9", t0 + 100s);
  ASSERT_TRUE(wait.has_value());
  EXPECT_EQ(*wait, 800s);
  // The same accounts from another address are fine: each has only one failure.
  EXPECT_FALSE(limiter.retry_after("user1", "203.0.113.5", t0 + 100s).has_value());
}

TEST(LoginLimiter, TheLongerWaitWins) {
  LoginLimiter limiter({.per_account = 2, .per_address = 2, .window = 100s});
  limiter.record_failure("ada", "a1", t0);                     // address a1: t0
  limiter.record_failure("ada", "a2", t0 + 50s);               // account ada: t0, t0 + 50
  limiter.record_failure("bob", "a1", t0 + 20s);               // address a1: t0, t0 + 20
  EXPECT_EQ(limiter.retry_after("ada", "a1", t0 + 60s), 40s);  // account: until t0 + 100
  EXPECT_EQ(limiter.retry_after("bob", "a1", t0 + 60s), 40s);  // address: until t0 + 100
  limiter.record_failure("ada", "a3", t0 + 70s);               // account: t0 + 50, t0 + 70
  EXPECT_EQ(limiter.retry_after("ada", "a1", t0 + 80s), 70s);  // account until t0 + 150 > address
}

TEST(LoginLimiter, OtherAccountsAreUnaffected) {
  LoginLimiter limiter;
  for (int i = 0; i < 10; ++i) limiter.record_failure("ada", "10.0.0." + std::to_string(i), t0);
  EXPECT_TRUE(limiter.retry_after("ada", "10.0.0.99", t0).has_value());
  EXPECT_FALSE(limiter.retry_after("bob", "10.0.0.1", t0).has_value());
  EXPECT_FALSE(limiter.retry_after("Ada", "10.0.0.1", t0).has_value());  // callers normalize
}

TEST(LoginLimiter, ZeroDisablesALimit) {
  LoginLimiter limiter({.per_account = 0, .per_address = 0});
  for (int i = 0; i < 100; ++i) limiter.record_failure("ada", "a1", t0);
  EXPECT_FALSE(limiter.retry_after("ada", "a1", t0).has_value());
  EXPECT_EQ(limiter.tracked(), 0u);
}

TEST(LoginLimiter, StaleEntriesArePruned) {
  LoginLimiter limiter({.window = 60s});
  for (int i = 0; i < 100; ++i)
    limiter.record_failure("user" + std::to_string(i), "addr" + std::to_string(i), t0);
  EXPECT_EQ(limiter.tracked(), 200u);
  limiter.record_failure("late", "late", t0 + 61s);
  EXPECT_EQ(limiter.tracked(), 2u);
  limiter.record_success("late", t0 + 200s);
  EXPECT_EQ(limiter.tracked(), 0u);
}

TEST(LoginLimiter, MemoryIsCappedByForgettingTheStalest) {
  LoginLimiter limiter({.per_account = 1, .per_address = 1000, .max_tracked = 3});
  for (int i = 0; i < 10; ++i)
    limiter.record_failure("user" + std::to_string(i), "addr" + std::to_string(i), t0 + i * 1s);
  EXPECT_EQ(limiter.tracked(), 6u);                                       // 3 accounts and 3 addresses
  EXPECT_FALSE(limiter.retry_after("user0", "x", t0 + 10s).has_value());  // forgotten
  EXPECT_FALSE(limiter.retry_after("user6", "x", t0 + 10s).has_value());
  EXPECT_TRUE(limiter.retry_after("user7", "x", t0 + 10s).has_value());  // remembered
  EXPECT_TRUE(limiter.retry_after("user9", "x", t0 + 10s).has_value());
  // A repeat failure makes a key fresh again, so it outlives newer ones.
  limiter.record_failure("user7", "x", t0 + 11s);
  limiter.record_failure("user10", "x", t0 + 12s);
  EXPECT_TRUE(limiter.retry_after("user7", "y", t0 + 12s).has_value());
  EXPECT_FALSE(limiter.retry_after("user8", "y", t0 + 12s).has_value());
}

TEST(LoginLimiter, IsSafeFromManyThreads) {
  LoginLimiter limiter({.per_account = 1000, .per_address = 100000});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&limiter, t] {
      for (int i = 0; i < 500; ++i) {
        limiter.record_failure("shared", "addr" + std::to_string(t), t0);
        (void)limiter.retry_after("shared", "addr" + std::to_string(t), t0);
        if (i % 100 == 99) limiter.record_success("other", t0);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(limiter.tracked(), 5u);                                         // one account, four addresses
  EXPECT_TRUE(limiter.retry_after("shared", "elsewhere", t0).has_value());  // 2000 failures >= 1000
}

}  // namespace
}  // namespace cc::auth
