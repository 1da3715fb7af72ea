// The account service against a real SQLite account store: registration, login and its
// limits, refresh-token rotation and reuse detection, logout, and access-token checks.
#include "auth/auth_service.hpp"

#include "store/sqlite/sqlite_account_store.hpp"

#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

namespace cc::auth {
namespace {

constexpr std::int64_t kNow = 1'763'774'400'000;  // ms
constexpr std::int64_t kMinute = 60'000;
constexpr char const* kPassword = "correct horse battery";

class AuthServiceTest : public ::testing::Test {
 protected:
  AuthServiceTest() {
    auto opened = store::open_sqlite_account_store(dir_.path(), store::SqliteOptions{});
    if (!opened) throw std::runtime_error(opened.error().message);
    accounts_ = std::move(*opened);
    AuthOptions options;
    options.hash_cost = HashCost::minimum();
    service_ = std::make_unique<AuthService>(*accounts_, TokenSigner(std::string(32, 'k')), options);
  }

  Grant registered(std::string const& email = "ada@example.test") {
    auto grant = service_->register_user(email, kPassword, "Ada", kNow);
    EXPECT_TRUE(grant) << (grant ? "" : grant.error().message);
    return grant ? *grant : Grant{};
  }

  cc::testing::TempDir dir_;
  std::unique_ptr<store::AccountStore> accounts_;
  std::unique_ptr<AuthService> service_;
};

TEST_F(AuthServiceTest, RegisterGivesTokensThatAuthenticate) {
  Grant grant = registered("  Ada@Example.TEST ");
  EXPECT_EQ(grant.user.email, "ada@example.test") << "emails are stored normalized";
  EXPECT_EQ(grant.user.name, "Ada");
  EXPECT_NE(grant.user.password_hash.find("argon2id"), std::string::npos);
  EXPECT_EQ(grant.access_expires_ms, kNow + 15 * kMinute);
  EXPECT_FALSE(grant.refresh_token.empty());

  auto principal = service_->authenticate(grant.access_token, kNow + kMinute);
  ASSERT_TRUE(principal) << principal.error().message;
  EXPECT_EQ(principal->user, grant.user.id);
  EXPECT_EQ(principal->name, "Ada");
}

TEST_F(AuthServiceTest, EmailsAreUniqueRegardlessOfCase) {
  registered("ada@example.test");
  auto again = service_->register_user("ADA@example.test", kPassword, "Other Ada", kNow);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
}

TEST_F(AuthServiceTest, BadRegistrationsAreRefused) {
  EXPECT_EQ(service_->register_user("not-an-email", kPassword, "Ada", kNow).error().code,
            ErrorCode::kInvalidMessage);
  EXPECT_EQ(service_->register_user("a@example.test", "short", "Ada", kNow).error().code,
            ErrorCode::kInvalidMessage);
  EXPECT_EQ(service_->register_user("a@example.test", std::string(257, 'p'), "Ada", kNow).error().code,
            ErrorCode::kInvalidMessage);
  EXPECT_EQ(service_->register_user("a@example.test", kPassword, "  ", kNow).error().code,
            ErrorCode::kInvalidMessage);
  auto nobody = accounts_->find_user_by_email("a@example.test");
  ASSERT_TRUE(nobody);
  EXPECT_FALSE(*nobody) << "a refused registration stored an account";
}

TEST_F(AuthServiceTest, LoginChecksThePasswordAndDoesNotTellWhetherTheEmailExists) {
  registered();
  auto ok = service_->login("ADA@example.test", kPassword, "10.0.0.1", kNow);
  ASSERT_TRUE(ok) << ok.error().message;
  auto wrong = service_->login("ada@example.test", "wrong password", "10.0.0.1", kNow);
  auto unknown = service_->login("nobody@example.test", "wrong password", "10.0.0.1", kNow);
  ASSERT_FALSE(wrong);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(wrong.error().code, ErrorCode::kUnauthorized);
  EXPECT_EQ(unknown.error().code, ErrorCode::kUnauthorized);
  EXPECT_EQ(wrong.error().message, unknown.error().message);
}

TEST_F(AuthServiceTest, FailedLoginsAreLimitedPerAccount) {
  registered();
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(service_->login("ada@example.test", "wrong password", "10.0.0.1", kNow).error().code,
              ErrorCode::kUnauthorized);
  }
  // Even the right password waits now, from any address.
  auto locked = service_->login("ada@example.test", kPassword, "10.0.0.2", kNow);
  ASSERT_FALSE(locked);
  EXPECT_EQ(locked.error().code, ErrorCode::kRateLimited);
  auto wait = service_->login_retry_after("ada@example.test", "10.0.0.2");
  ASSERT_TRUE(wait);
  EXPECT_GE(wait->count(), 1);
  // Another account is not affected.
  registered("bo@example.test");
  EXPECT_TRUE(service_->login("bo@example.test", kPassword, "10.0.0.1", kNow));
}

TEST_F(AuthServiceTest, RefreshRotatesAndAReusedTokenRevokesTheSession) {
  Grant first = registered();
  auto second = service_->refresh(first.refresh_token, kNow + kMinute);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_NE(second->refresh_token, first.refresh_token);
  EXPECT_EQ(second->user.id, first.user.id);
  ASSERT_TRUE(service_->authenticate(second->access_token, kNow + kMinute));

  // The first token again: someone copied it. Its whole session ends, the newest token too,
  // and the access tokens of the session.
  auto reused = service_->refresh(first.refresh_token, kNow + 2 * kMinute);
  ASSERT_FALSE(reused);
  EXPECT_EQ(reused.error().code, ErrorCode::kUnauthorized);
  EXPECT_FALSE(service_->refresh(second->refresh_token, kNow + 2 * kMinute));
  EXPECT_FALSE(service_->authenticate(second->access_token, kNow + 2 * kMinute));
  EXPECT_FALSE(service_->authenticate(first.access_token, kNow + 2 * kMinute));
}

TEST_F(AuthServiceTest, UnknownAndExpiredRefreshTokensAreRefused) {
  Grant grant = registered();
  EXPECT_EQ(service_->refresh("", kNow).error().code, ErrorCode::kUnauthorized);
  EXPECT_EQ(service_->refresh("made-up-token", kNow).error().code, ErrorCode::kUnauthorized);
  constexpr std::int64_t kThirtyOneDays = 31LL * 24 * 60 * kMinute;
  EXPECT_EQ(service_->refresh(grant.refresh_token, kNow + kThirtyOneDays).error().code,
            ErrorCode::kUnauthorized);
}

TEST_F(AuthServiceTest, AccessTokensExpire) {
  Grant grant = registered();
  EXPECT_TRUE(service_->authenticate(grant.access_token, kNow + 14 * kMinute));
  auto expired = service_->authenticate(grant.access_token, kNow + 16 * kMinute);
  ASSERT_FALSE(expired);
  EXPECT_EQ(expired.error().code, ErrorCode::kUnauthorized);
}

TEST_F(AuthServiceTest, LogoutEndsOneSessionAndLogoutEverywhereEndsAll) {
  Grant a = registered();
  auto b = service_->login("ada@example.test", kPassword, "10.0.0.1", kNow);
  ASSERT_TRUE(b);

  ASSERT_TRUE(service_->logout(a.refresh_token, kNow + kMinute));
  EXPECT_FALSE(service_->authenticate(a.access_token, kNow + kMinute));
  EXPECT_FALSE(service_->refresh(a.refresh_token, kNow + kMinute));
  EXPECT_TRUE(service_->authenticate(b->access_token, kNow + kMinute)) << "another session stays";
  EXPECT_TRUE(service_->logout("already-gone", kNow + kMinute)) << "logging out twice is fine";

  auto c = service_->login("ada@example.test", kPassword, "10.0.0.1", kNow + kMinute);
  ASSERT_TRUE(c);
  ASSERT_TRUE(service_->logout_everywhere(a.user.id, kNow + 2 * kMinute));
  EXPECT_FALSE(service_->authenticate(b->access_token, kNow + 2 * kMinute));
  EXPECT_FALSE(service_->authenticate(c->access_token, kNow + 2 * kMinute));
  EXPECT_FALSE(service_->refresh(c->refresh_token, kNow + 2 * kMinute));
}

TEST_F(AuthServiceTest, TokensOfAnotherKeyAreRefused) {
  Grant grant = registered();
  TokenSigner other(std::string(32, 'x'));
  std::string forged =
      other.sign(AccessClaims{grant.user.id, "s_made_up", "Ada", kNow / 1000, kNow / 1000 + 900});
  auto result = service_->authenticate(forged, kNow);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kUnauthorized);
}

}  // namespace
}  // namespace cc::auth
