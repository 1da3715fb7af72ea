#include "auth/auth_service.hpp"

#include "auth/credentials.hpp"
#include "auth/secrets.hpp"

#include <spdlog/spdlog.h>

namespace cc::auth {

namespace {

using std::chrono::duration_cast;
using std::chrono::milliseconds;

Error wrong_credentials() { return make_error(ErrorCode::kUnauthorized, "email or password is wrong"); }

Error session_over() {
  return make_error(ErrorCode::kUnauthorized, "the login session is over; log in again");
}

// A hash of a password nobody knows: verifying against it costs what verifying a real one
// does, so a login for an unknown email takes as long as one with a wrong password. Empty if
// the hash could not be made (out of memory); the login still fails, only faster.
std::string hash_of_unknown_password(HashCost cost) {
  auto hash = hash_password(random_token(), cost);
  if (!hash) {
    spdlog::error("cannot hash a password: {}", hash.error().message);
    return {};
  }
  return std::move(*hash);
}

}  // namespace

AuthService::AuthService(store::AccountStore& accounts, TokenSigner signer, AuthOptions options)
    : accounts_(accounts), signer_(std::move(signer)), options_(options), limiter_(options.login_limits) {}

std::string const& AuthService::unknown_user_hash() {
  std::call_once(unknown_user_hash_once_,
                 [this] { unknown_user_hash_ = hash_of_unknown_password(options_.hash_cost); });
  return unknown_user_hash_;
}

Result<Grant> AuthService::register_user(std::string_view email, std::string_view password,
                                         std::string_view name, std::int64_t now_ms) {
  auto normalized_email = normalize_email(email);
  if (!normalized_email) return normalized_email.error();
  if (auto ok = check_password(password); !ok) return ok.error();
  auto display_name = normalize_display_name(name);
  if (!display_name) return display_name.error();

  auto hash = hash_password(password, options_.hash_cost);
  if (!hash) return hash.error();
  store::User user{random_id("u_"), std::move(*normalized_email), std::move(*display_name), std::move(*hash),
                   now_ms};
  if (auto created = accounts_.create_user(user); !created) {
    if (created.error().code == ErrorCode::kConflict) {
      return make_error(ErrorCode::kConflict, "an account with this email exists; log in instead");
    }
    return created.error();
  }
  spdlog::info("user={} registered", user.id);
  return issue(std::move(user), random_id("s_"), random_token(), now_ms);
}

Result<Grant> AuthService::login(std::string_view email, std::string_view password, std::string_view address,
                                 std::int64_t now_ms) {
  auto normalized_email = normalize_email(email);
  // A malformed email cannot belong to anyone; it is refused like a wrong one.
  std::string account = normalized_email ? *normalized_email : std::string(email.substr(0, 254));
  auto const now = std::chrono::steady_clock::now();
  if (auto wait = limiter_.retry_after(account, address, now)) {
    return make_error(ErrorCode::kRateLimited,
                      "too many failed logins; try again in " + std::to_string(wait->count()) + " seconds");
  }
  std::optional<store::User> user;
  if (normalized_email) {
    auto found = accounts_.find_user_by_email(*normalized_email);
    if (!found) return found.error();
    user = std::move(*found);
  }
  bool const verified = verify_password(user ? user->password_hash : unknown_user_hash(), password);
  if (!user || !verified) {
    limiter_.record_failure(account, address, now);
    return wrong_credentials();
  }
  limiter_.record_success(account, now);
  return issue(std::move(*user), random_id("s_"), random_token(), now_ms);
}

std::optional<std::chrono::seconds> AuthService::login_retry_after(std::string_view email,
                                                                   std::string_view address) const {
  auto normalized_email = normalize_email(email);
  std::string account = normalized_email ? *normalized_email : std::string(email.substr(0, 254));
  return limiter_.retry_after(account, address, std::chrono::steady_clock::now());
}

Result<Grant> AuthService::refresh(std::string_view refresh_token, std::int64_t now_ms) {
  if (refresh_token.empty()) return make_error(ErrorCode::kUnauthorized, "not logged in");
  std::string next = random_token();
  store::RefreshToken next_row;
  next_row.token_hash = sha256_hex(next);
  next_row.created_ms = now_ms;
  next_row.expires_ms = now_ms + duration_cast<milliseconds>(options_.refresh_ttl).count();
  auto rotated =
      accounts_.rotate_refresh_token(sha256_hex(refresh_token), next_row, now_ms,
                                     duration_cast<milliseconds>(options_.refresh_reuse_grace).count());
  if (!rotated) return rotated.error();
  switch (rotated->outcome) {
    case store::RotateOutcome::kInvalid:
      return session_over();
    case store::RotateOutcome::kReused:
      spdlog::warn("user={} session={} refresh token reused; the session is revoked", rotated->user,
                   rotated->family);
      return session_over();
    case store::RotateOutcome::kRotated:
      break;
  }
  auto user = accounts_.find_user(rotated->user);
  if (!user) return user.error();
  if (!*user) return session_over();
  // The new refresh token is already stored by the rotation; issue only the access token.
  Grant grant;
  grant.user = std::move(**user);
  grant.refresh_token = std::move(next);
  grant.refresh_expires_ms = next_row.expires_ms;
  grant.access_expires_ms = now_ms + duration_cast<milliseconds>(options_.access_ttl).count();
  grant.access_token = signer_.sign(AccessClaims{grant.user.id, rotated->family, grant.user.name,
                                                 now_ms / 1000, grant.access_expires_ms / 1000});
  return grant;
}

Status AuthService::logout(std::string_view refresh_token, std::int64_t now_ms) {
  if (refresh_token.empty()) return {};
  // Rotating is how a token's family is found; the family is then revoked, so the token the
  // rotation issued is dead at once.
  store::RefreshToken burned;
  burned.token_hash = sha256_hex(random_token());
  burned.created_ms = now_ms;
  burned.expires_ms = now_ms;
  auto rotated = accounts_.rotate_refresh_token(sha256_hex(refresh_token), burned, now_ms);
  if (!rotated) return rotated.error();
  if (rotated->outcome == store::RotateOutcome::kInvalid) return {};
  return accounts_.revoke_family(rotated->family, now_ms);
}

Status AuthService::logout_session(std::string_view session, std::int64_t now_ms) {
  return accounts_.revoke_family(session, now_ms);
}

Status AuthService::logout_everywhere(std::string_view user, std::int64_t now_ms) {
  return accounts_.revoke_user_sessions(user, now_ms);
}

Result<Principal> AuthService::authenticate(std::string_view access_token, std::int64_t now_ms) {
  if (access_token.empty()) return make_error(ErrorCode::kUnauthorized, "an access token is required");
  auto claims = signer_.verify(access_token, now_ms / 1000);
  if (!claims) return claims.error();
  auto active = accounts_.is_family_active(claims->session);
  if (!active) return active.error();
  if (!*active) return session_over();
  return Principal{std::move(claims->user), std::move(claims->session), std::move(claims->name)};
}

Result<Grant> AuthService::issue(store::User user, std::string family, std::string refresh_token,
                                 std::int64_t now_ms) {
  Grant grant;
  grant.refresh_expires_ms = now_ms + duration_cast<milliseconds>(options_.refresh_ttl).count();
  store::RefreshToken row{sha256_hex(refresh_token), family, user.id, now_ms, grant.refresh_expires_ms};
  if (auto added = accounts_.add_refresh_token(row); !added) return added.error();
  grant.access_expires_ms = now_ms + duration_cast<milliseconds>(options_.access_ttl).count();
  grant.access_token = signer_.sign(
      AccessClaims{user.id, std::move(family), user.name, now_ms / 1000, grant.access_expires_ms / 1000});
  grant.user = std::move(user);
  grant.refresh_token = std::move(refresh_token);
  return grant;
}

}  // namespace cc::auth
