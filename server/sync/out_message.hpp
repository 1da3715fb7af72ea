// A message on its way to one or more clients. The body is JSON text serialized once and
// shared by every recipient's send queue; a small per-recipient head and a constant tail let
// one shared body (say a board's 10,000 objects) be framed differently for each recipient
// without copying it.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace cc::sync {

using SharedText = std::shared_ptr<const std::string>;

inline SharedText make_text(std::string text) { return std::make_shared<const std::string>(std::move(text)); }

struct OutMessage {
  std::string head;       // per-recipient prefix, often empty
  SharedText body;        // never null
  std::string_view tail;  // a string literal, often empty
  // Presence is lossy by design: a connection that is behind drops it rather than queueing
  // it. Document messages (welcome, ops, ack) are never dropped; a connection that cannot
  // take them is closed and resyncs.
  bool droppable = false;

  std::size_t size() const noexcept { return head.size() + body->size() + tail.size(); }
};

inline OutMessage shared_message(SharedText body, bool droppable = false) {
  return OutMessage{{}, std::move(body), {}, droppable};
}

}  // namespace cc::sync
