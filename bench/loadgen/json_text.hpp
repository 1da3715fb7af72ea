// Hand-made JSON text for the hot paths: numbers written straight into a message, and values
// read after a fixed key without parsing the whole frame. Reading by key is sound only because
// every string on the benchmark's boards is written by the generator itself and never holds a
// quote (see frame_scan.hpp).
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cc::bench {

inline void append_number(std::string& out, std::int64_t value) {
  char buf[24];
  auto const result = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, result.ptr);
}

// The string value after `key` (which ends with the opening quote), up to the closing quote.
inline std::string_view string_after(std::string_view text, std::string_view key) {
  auto const at = text.find(key);
  if (at == std::string_view::npos) return {};
  auto const start = at + key.size();
  auto const end = text.find('"', start);
  return text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
}

// The number right after `key`, if there is one.
template <class Number>
std::optional<Number> number_after(std::string_view text, std::string_view key) {
  auto const at = text.find(key);
  if (at == std::string_view::npos) return std::nullopt;
  Number value{};
  auto const result = std::from_chars(text.data() + at + key.size(), text.data() + text.size(), value);
  if (result.ec != std::errc{}) return std::nullopt;
  return value;
}

}  // namespace cc::bench
