// Random secrets and ids, and the operations on secrets that must not leak them: hashing
// for storage, keyed hashing for signatures, comparing without a timing side channel.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace cc::auth {

// bytes random bytes from the system's CSPRNG, base64url-encoded without padding: 43
// characters for the default 32 bytes. For refresh, invitation and share-link tokens.
std::string random_token(std::size_t bytes = 32);

// The SHA-256 of data as 64 lower-case hex digits: how refresh and invitation tokens are
// stored. A plain hash (no salt, no stretching) is right here because the tokens are random
// and long, unlike passwords.
std::string sha256_hex(std::string_view data);

inline constexpr std::size_t kRandomIdChars = 16;  // 80 random bits
inline constexpr std::size_t kMaxIdPrefix = 48;    // so the whole id fits the 64-character id rule

// prefix followed by 16 random characters of [0-9a-z], e.g. random_id("u_") -> "u_k3v9...".
// The result is a valid id (base/ids.hpp). prefix is chosen in code: one that breaks the id
// rule or is longer than 48 characters is a bug and throws std::invalid_argument.
std::string random_id(std::string_view prefix);

// The HMAC-SHA256 of data under key: 32 raw bytes.
std::string hmac_sha256(std::string_view key, std::string_view data);

// Whether a and b hold the same bytes, in a time that depends only on their lengths.
bool equal_constant_time(std::string_view a, std::string_view b);

}  // namespace cc::auth
