// A cheap scan of server frames for what the generator measures. A frame is one JSON
// message or an array of them. Instead of parsing whole frames (which would make the
// generator, not the server, the bottleneck once ops fan out to many clients) the scan
// looks for the fixed keys the server writes. That is sound here because every string on
// the benchmark's boards is written by the generator itself and never contains a quote.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace cc::bench {

enum class MessageType : std::uint8_t { kAck, kOps, kWelcome, kError, kOther };

struct ScannedMessage {
  MessageType type = MessageType::kOther;
  std::string_view batch;               // ack, error (may be empty)
  std::string_view code;                // error
  std::string_view message;             // error (up to the first quote)
  std::uint64_t seq = 0;                // ack, ops, welcome
  std::size_t op_count = 0;             // ops; welcome: objects
  std::optional<std::int64_t> first_x;  // ops: the x property of the first op
  std::size_t bytes = 0;                // the message's share of the frame
};

// Calls on_region(std::string_view) for each message of the frame, in order, with the text
// from just after its `"type":"` to the next message's.
template <class OnRegion>
void for_each_message(std::string_view frame, OnRegion&& on_region);

// Calls on_message(ScannedMessage const&) for each message of the frame, in order.
template <class OnMessage>
void scan_frame(std::string_view frame, OnMessage&& on_message);

// Details, exposed for the template above.
namespace detail {
ScannedMessage scan_message(std::string_view region);
}

template <class OnRegion>
void for_each_message(std::string_view frame, OnRegion&& on_region) {
  constexpr std::string_view kTypeKey = R"("type":")";
  std::size_t pos = frame.find(kTypeKey);
  while (pos != std::string_view::npos) {
    std::size_t const start = pos + kTypeKey.size();
    std::size_t const next = frame.find(kTypeKey, start);
    on_region(frame.substr(start, next == std::string_view::npos ? std::string_view::npos : next - start));
    pos = next;
  }
}

template <class OnMessage>
void scan_frame(std::string_view frame, OnMessage&& on_message) {
  for_each_message(frame, [&](std::string_view region) { on_message(detail::scan_message(region)); });
}

}  // namespace cc::bench
