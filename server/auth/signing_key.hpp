// Where the access-token signing key comes from: the operator's configured secret, or a key
// the server generates once and keeps in its data directory, readable by its user alone.
#pragma once

#include "base/error.hpp"

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace cc::auth {

inline constexpr std::string_view kSigningKeyFileName = "jwt.key";
inline constexpr std::size_t kGeneratedKeyBytes = 48;

// Reads <data_dir>/jwt.key (the key base64url-encoded on one line). If there is none,
// generates 48 random bytes and writes them there with mode 0600; the file appears whole or
// not at all, so when two servers start on the same directory both end up with the key of
// whichever wrote first. A key file that group or others may read or write is tightened to
// 0600. kInternal naming the file when it cannot be read or created, does not decode, or
// holds fewer than 32 bytes.
Result<std::string> load_or_create_signing_key(std::filesystem::path const& data_dir);

// The key for a secret given in configuration: its bytes as they are. kInvalidMessage when
// shorter than 32 bytes.
Result<std::string> key_from_secret(std::string_view secret);

}  // namespace cc::auth
