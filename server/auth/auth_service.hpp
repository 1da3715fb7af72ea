// Accounts and login sessions: register, log in, refresh, log out, and the check of an access
// token on every request. The rules of docs/API.md ("Authentication") live here; the HTTP
// layer only carries tokens and cookies to and from it.
//
// A login session is a family of refresh tokens: each is used once and replaced by the next
// (rotation); presenting one that was already used means it was copied, so the whole family
// is revoked. Access tokens name their family (claim "sid") and are refused once it is
// revoked, so logging out takes effect at once rather than when the token expires.
//
// Thread-safety: every method may be called from any thread. They block (password hashing
// takes tens of milliseconds and much memory on purpose; store calls): call them from the
// blocking pool, never from an I/O thread.
#pragma once

#include "auth/access_token.hpp"
#include "auth/login_limiter.hpp"
#include "auth/password.hpp"
#include "base/error.hpp"
#include "store/account_store.hpp"

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace cc::auth {

struct AuthOptions {
  std::chrono::seconds access_ttl{15 * 60};
  std::chrono::seconds refresh_ttl{30 * 24 * 60 * 60};
  // Tabs of one browser share the refresh cookie and may refresh at the same moment; within
  // this time a just-used token is rotated again instead of revoking the session.
  std::chrono::milliseconds refresh_reuse_grace{10'000};
  HashCost hash_cost = HashCost::interactive();
  LoginLimiter::Limits login_limits;
};

// The caller of a request, as its access token says.
struct Principal {
  std::string user;
  std::string session;  // the login session (refresh family)
  std::string name;
};

// What register, login and refresh give the client: an access token for requests and a
// refresh token for the cookie.
struct Grant {
  store::User user;
  std::string access_token;
  std::int64_t access_expires_ms = 0;
  std::string refresh_token;
  std::int64_t refresh_expires_ms = 0;
};

class AuthService {
 public:
  AuthService(store::AccountStore& accounts, TokenSigner signer, AuthOptions options);

  // kConflict when the email is taken; kInvalidMessage for a bad email, password or name.
  Result<Grant> register_user(std::string_view email, std::string_view password, std::string_view name,
                              std::int64_t now_ms);
  // kUnauthorized for a wrong email or password, alike whether the email exists (same
  // message, and a hash is verified either way so the time does not tell); kRateLimited past
  // the limits, see login_retry_after().
  Result<Grant> login(std::string_view email, std::string_view password, std::string_view address,
                      std::int64_t now_ms);
  // Seconds until a login for this email from this address is allowed again; nullopt now.
  std::optional<std::chrono::seconds> login_retry_after(std::string_view email,
                                                        std::string_view address) const;
  // Rotates the refresh token. kUnauthorized when it is unknown, expired, revoked or reused.
  Result<Grant> refresh(std::string_view refresh_token, std::int64_t now_ms);
  // Revokes the refresh token's login session; a token that is no longer valid is fine.
  Status logout(std::string_view refresh_token, std::int64_t now_ms);
  Status logout_session(std::string_view session, std::int64_t now_ms);
  Status logout_everywhere(std::string_view user, std::int64_t now_ms);

  // The caller of a request; kUnauthorized for a missing, malformed, expired, forged or
  // revoked token.
  Result<Principal> authenticate(std::string_view access_token, std::int64_t now_ms);

  store::AccountStore& accounts() noexcept { return accounts_; }

 private:
  Result<Grant> issue(store::User user, std::string family, std::string refresh_token, std::int64_t now_ms);

  // A hash of a password nobody knows, verified against when the email is unknown. Made on
  // first need: hashing takes 64 MiB, which a server nobody logs into should not pay for.
  std::string const& unknown_user_hash();

  store::AccountStore& accounts_;
  TokenSigner const signer_;
  AuthOptions const options_;
  LoginLimiter limiter_;
  std::once_flag unknown_user_hash_once_;
  std::string unknown_user_hash_;
};

}  // namespace cc::auth
