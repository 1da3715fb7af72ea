// The rules for what people type when they register or log in: email, password and display
// name. Each returns the normalized form to store, or kInvalidMessage with a message that
// can be shown to the person as is.
#pragma once

#include "base/error.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace cc::auth {

inline constexpr std::size_t kMaxEmailBytes = 254;  // the longest address SMTP can carry
inline constexpr std::size_t kMinPasswordBytes = 8;
inline constexpr std::size_t kMaxPasswordBytes = 256;  // bounds the work a login can ask for
inline constexpr std::size_t kMaxDisplayNameBytes = 64;

// Trims surrounding ASCII whitespace and lower-cases ASCII letters, so that an email is
// unique regardless of case. Checks the shape only (one @, a name before it, a domain with
// an inner dot after it, no spaces or control characters, valid UTF-8, at most 254 bytes):
// whether the address exists is for the mail server to say.
Result<std::string> normalize_email(std::string_view email);

// 8 to 256 bytes, anything else allowed: length is what makes a password strong, and
// passwords are never trimmed or changed.
Status check_password(std::string_view password);

// Trims surrounding ASCII whitespace; then 1 to 64 bytes of valid UTF-8 without control
// characters (a name is shown to other people, in one line).
Result<std::string> normalize_display_name(std::string_view name);

}  // namespace cc::auth
