#include "export/svg_text.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>

namespace cc::exporting {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

// The length of the valid UTF-8 sequence starting s, with its code point; 0 if invalid.
std::size_t utf8_sequence(std::string_view s, std::uint32_t& code_point) noexcept {
  auto byte = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(s[i])); };
  std::uint32_t const lead = byte(0);
  std::size_t length = 0;
  std::uint32_t min = 0;
  if (lead < 0x80) {
    code_point = lead;
    return 1;
  }
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    code_point = lead & 0x1F;
    min = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    code_point = lead & 0x0F;
    min = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    code_point = lead & 0x07;
    min = 0x10000;
  } else {
    return 0;
  }
  if (s.size() < length) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return 0;
    code_point = (code_point << 6) | (byte(i) & 0x3F);
  }
  if (code_point < min || code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF)) return 0;
  return length;
}

// XML 1.0's Char production.
constexpr bool allowed_in_xml(std::uint32_t cp) noexcept {
  if (cp < 0x20) return cp == 0x09 || cp == 0x0A || cp == 0x0D;
  return cp != 0xFFFE && cp != 0xFFFF;
}

}  // namespace

void append_escaped(std::string& out, std::string_view text) {
  while (!text.empty()) {
    std::uint32_t cp = 0;
    std::size_t const length = utf8_sequence(text, cp);
    if (length == 0) {
      out.append(kReplacement);
      text.remove_prefix(1);
      continue;
    }
    switch (cp) {
      case '&':
        out.append("&amp;");
        break;
      case '<':
        out.append("&lt;");
        break;
      case '>':
        out.append("&gt;");
        break;
      case '"':
        out.append("&quot;");
        break;
      case '\'':
        out.append("&apos;");
        break;
      default:
        if (allowed_in_xml(cp)) {
          out.append(text.substr(0, length));
        } else {
          out.append(kReplacement);
        }
    }
    text.remove_prefix(length);
  }
}

std::string escape_xml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_escaped(out, text);
  return out;
}

void append_number(std::string& out, double value) {
  if (!std::isfinite(value)) value = 0;
  char buffer[64];
  auto const result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, 2);
  std::string_view text(buffer, static_cast<std::size_t>(result.ptr - buffer));
  if (result.ec != std::errc{}) text = "0";  // cannot happen below 1e60; keep the output well-formed anyway
  if (text.find('.') != text.npos) {
    while (text.back() == '0') text.remove_suffix(1);
    if (text.back() == '.') text.remove_suffix(1);
  }
  if (text == "-0") text = "0";
  out.append(text);
}

std::string format_number(double value) {
  std::string out;
  append_number(out, value);
  return out;
}

void append_attribute(std::string& out, std::string_view name, std::string_view value) {
  out.push_back(' ');
  out.append(name);
  out.append("=\"");
  append_escaped(out, value);
  out.push_back('"');
}

void append_attribute(std::string& out, std::string_view name, double value) {
  out.push_back(' ');
  out.append(name);
  out.append("=\"");
  append_number(out, value);
  out.push_back('"');
}

}  // namespace cc::exporting
