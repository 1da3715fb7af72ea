// The one rule for client-made identifiers (board ids, object ids, batch ids):
// 1 to 64 characters of [A-Za-z0-9_-]. Keeping it narrow means ids are safe in URLs,
// file names, log lines and JSON without escaping.
#pragma once

#include <cstddef>
#include <string_view>

namespace cc {

inline constexpr std::size_t kMaxIdLength = 64;

constexpr bool is_id_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

constexpr bool is_valid_id(std::string_view id) noexcept {
  if (id.empty() || id.size() > kMaxIdLength) return false;
  for (char c : id) {
    if (!is_id_char(c)) return false;
  }
  return true;
}

}  // namespace cc
