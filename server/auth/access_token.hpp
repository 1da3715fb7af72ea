// Access tokens: JSON Web Tokens signed with HMAC-SHA256 (HS256), short-lived, checked on
// every API request and WebSocket hello without a store lookup (docs/API.md, Authentication).
//
// Only HS256 is spoken, in both directions: a token naming any other algorithm ("none",
// "HS512", an RSA one) is refused before its signature is looked at, which closes the
// classic algorithm-confusion attacks on JWT.
#pragma once

#include "base/error.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace cc::auth {

inline constexpr std::size_t kMinSigningKeyBytes = 32;  // HS256 wants a key as long as its hash
inline constexpr std::size_t kMaxAccessTokenBytes = 4096;
inline constexpr std::int64_t kAllowedClockSkewSeconds = 60;

// The claims of an access token. Times are seconds since the Unix epoch.
struct AccessClaims {
  std::string user;             // "sub": the user id
  std::string session;          // "sid": the login session (refresh-token family)
  std::string name;             // "name": the display name, for presence without a lookup
  std::int64_t issued_at = 0;   // "iat"
  std::int64_t expires_at = 0;  // "exp": the token is refused from this second on
};

class TokenSigner {
 public:
  // key: at least 32 bytes (see signing_key.hpp). A shorter key is a configuration error
  // found at start-up: throws std::invalid_argument.
  explicit TokenSigner(std::string key);

  std::string sign(AccessClaims const& claims) const;

  // Checks the token and returns its claims, or kUnauthorized with a message saying what was
  // wrong (for logs; clients get the code). Refused: over 4 KiB, not three dot-separated
  // parts, a part that is not base64url, a header that is not a JSON object, an alg other
  // than "HS256", a typ other than "JWT", critical extensions, a wrong signature, claims
  // missing or of the wrong type, expired (now >= exp), or issued more than 60 s after now.
  Result<AccessClaims> verify(std::string_view token, std::int64_t now) const;

 private:
  std::string signature(std::string_view signing_input) const;

  std::string key_;
};

}  // namespace cc::auth
