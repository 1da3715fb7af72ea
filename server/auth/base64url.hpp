// Base64url without padding (RFC 4648 section 5): the encoding of JWT parts, refresh tokens
// and the signing key file. Safe in URLs, cookies and file names without further escaping.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cc::auth {

// Encodes any bytes (the string_view is a byte buffer, not text).
std::string base64url_encode(std::string_view bytes);

// Decodes strictly: no padding, no whitespace, no characters outside the alphabet, and no
// stray bits in the last character, so every byte string has exactly one accepted encoding
// (a token cannot be altered into another spelling that decodes the same).
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace cc::auth
