#include "frame_scan.hpp"

#include <charconv>

namespace cc::bench::detail {
namespace {

// The string value after `key` (which ends with the opening quote), up to the closing quote.
std::string_view string_after(std::string_view region, std::string_view key) {
  auto const at = region.find(key);
  if (at == std::string_view::npos) return {};
  auto const start = at + key.size();
  auto const end = region.find('"', start);
  return region.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
}

template <class Number>
std::optional<Number> number_after(std::string_view region, std::string_view key) {
  auto const at = region.find(key);
  if (at == std::string_view::npos) return std::nullopt;
  char const* first = region.data() + at + key.size();
  char const* last = region.data() + region.size();
  Number value{};
  auto const result = std::from_chars(first, last, value);
  if (result.ec != std::errc{}) return std::nullopt;
  return value;
}

std::size_t count_of(std::string_view region, std::string_view needle) {
  std::size_t n = 0;
  for (auto at = region.find(needle); at != std::string_view::npos;
       at = region.find(needle, at + needle.size()))
    ++n;
  return n;
}

bool starts_with_type(std::string_view region, std::string_view type) {
  // The type's value, then its closing quote.
  return region.size() > type.size() && region.starts_with(type) && region[type.size()] == '"';
}

}  // namespace

ScannedMessage scan_message(std::string_view region) {
  ScannedMessage out;
  out.bytes = region.size();
  if (starts_with_type(region, "ack")) {
    out.type = MessageType::kAck;
    out.batch = string_after(region, R"("batch":")");
    out.seq = number_after<std::uint64_t>(region, R"("seq":)").value_or(0);
  } else if (starts_with_type(region, "ops")) {
    out.type = MessageType::kOps;
    out.seq = number_after<std::uint64_t>(region, R"("seq":)").value_or(0);
    out.op_count = count_of(region, R"("op":")");
    // The generator writes whole microseconds; accept a decimal form all the same.
    if (auto x = number_after<double>(region, R"("x":)")) out.first_x = static_cast<std::int64_t>(*x);
  } else if (starts_with_type(region, "welcome")) {
    out.type = MessageType::kWelcome;
    out.seq = number_after<std::uint64_t>(region, R"("seq":)").value_or(0);
    out.op_count = count_of(region, R"("kind":")");
  } else if (starts_with_type(region, "error")) {
    out.type = MessageType::kError;
    out.batch = string_after(region, R"("batch":")");
    out.code = string_after(region, R"("code":")");
    out.message = string_after(region, R"("message":")");
  }
  return out;
}

}  // namespace cc::bench::detail
