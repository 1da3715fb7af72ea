#include "auth/credentials.hpp"

#include <cstdint>

namespace cc::auth {
namespace {

Error invalid(std::string message) { return make_error(ErrorCode::kInvalidMessage, std::move(message)); }

constexpr bool is_ascii_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && is_ascii_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ascii_space(s.back())) s.remove_suffix(1);
  return s;
}

// Decodes one UTF-8 sequence at the start of s. Returns the code point and its length, or a
// length of 0 for an invalid sequence (truncated, overlong, a surrogate, above U+10FFFF).
struct Decoded {
  std::uint32_t code_point = 0;
  std::size_t length = 0;
};

Decoded decode_utf8(std::string_view s) noexcept {
  auto byte = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(s[i])); };
  std::uint32_t const lead = byte(0);
  std::size_t length = 0;
  std::uint32_t cp = 0;
  std::uint32_t min = 0;
  if (lead < 0x80) return {lead, 1};
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    cp = lead & 0x1F;
    min = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    cp = lead & 0x0F;
    min = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    cp = lead & 0x07;
    min = 0x10000;
  } else {
    return {};
  }
  if (s.size() < length) return {};
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return {};
    cp = (cp << 6) | (byte(i) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {};
  return {cp, length};
}

enum class TextProblem { kNone, kInvalidUtf8, kControl };

// C0 controls, DEL and the C1 controls: nothing a person means to type in a one-line field.
constexpr bool is_control(std::uint32_t cp) noexcept { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

TextProblem check_text(std::string_view s) noexcept {
  while (!s.empty()) {
    Decoded const d = decode_utf8(s);
    if (d.length == 0) return TextProblem::kInvalidUtf8;
    if (is_control(d.code_point)) return TextProblem::kControl;
    s.remove_prefix(d.length);
  }
  return TextProblem::kNone;
}

}  // namespace

Result<std::string> normalize_email(std::string_view email) {
  std::string_view const trimmed = trim(email);
  if (trimmed.empty()) return invalid("email is required");
  if (trimmed.size() > kMaxEmailBytes) {
    return invalid("email must be at most " + std::to_string(kMaxEmailBytes) + " bytes");
  }
  switch (check_text(trimmed)) {
    case TextProblem::kNone:
      break;
    case TextProblem::kInvalidUtf8:
      return invalid("email must be valid UTF-8");
    case TextProblem::kControl:
      return invalid("email must not contain spaces or control characters");
  }
  if (trimmed.find(' ') != trimmed.npos)
    return invalid("email must not contain spaces or control characters");

  std::size_t const at = trimmed.find('@');
  if (at == trimmed.npos || trimmed.find('@', at + 1) != trimmed.npos) {
    return invalid("email must contain exactly one @");
  }
  if (at == 0) return invalid("email needs a name before the @");
  std::string_view const domain = trimmed.substr(at + 1);
  std::size_t const dot = domain.find('.');
  if (domain.empty() || dot == domain.npos || domain.front() == '.' || domain.back() == '.') {
    return invalid("email needs a domain such as example.com after the @");
  }

  std::string normalized(trimmed);
  for (char& c : normalized) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return normalized;
}

Status check_password(std::string_view password) {
  if (password.size() < kMinPasswordBytes || password.size() > kMaxPasswordBytes) {
    return invalid("password must be " + std::to_string(kMinPasswordBytes) + " to " +
                   std::to_string(kMaxPasswordBytes) + " bytes");
  }
  return {};
}

Result<std::string> normalize_display_name(std::string_view name) {
  std::string_view const trimmed = trim(name);
  if (trimmed.empty() || trimmed.size() > kMaxDisplayNameBytes) {
    return invalid("name must be 1 to " + std::to_string(kMaxDisplayNameBytes) + " bytes");
  }
  switch (check_text(trimmed)) {
    case TextProblem::kNone:
      break;
    case TextProblem::kInvalidUtf8:
      return invalid("name must be valid UTF-8");
    case TextProblem::kControl:
      return invalid("name must not contain control characters");
  }
  return std::string(trimmed);
}

}  // namespace cc::auth
