#include "frame_scan.hpp"

#include "json_text.hpp"

namespace cc::bench::detail {
namespace {

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
