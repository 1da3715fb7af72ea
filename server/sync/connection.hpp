// What a board actor needs of a client connection. Implemented by the WebSocket session in
// http/; the board actor never sees Beast.
//
// Thread-safety: every method may be called from any thread (a board's strand); the
// implementation hands the work to the connection's own strand.
#pragma once

#include "sync/out_message.hpp"

#include <cstdint>
#include <string_view>
#include <vector>

namespace cc::sync {

// WebSocket close codes of the protocol (docs/PROTOCOL.md).
enum class CloseCode : std::uint16_t {
  kGoingAway = 1001,         // the server is shutting down
  kTooBig = 1009,            // a frame over the frame limit
  kSendQueueFull = 4001,     // the client did not keep up; reconnect and resync with since
  kBoardUnavailable = 4002,  // the board failed to load or to store; reconnect later
  kUnauthorized = 4401,      // no valid access token, or the login session was revoked
  kForbidden = 4403,         // the client's access to the board was removed
  kNotFound = 4404,          // the board does not exist, is not visible, or was deleted
};

class Connection {
 public:
  virtual ~Connection() = default;
  // Queues the messages, in order, to be written as one frame where they fit. Takes every
  // message out of `messages` and leaves it empty; its capacity may be exchanged with the
  // connection's, so that a board's outboxes allocate nothing in the steady state.
  virtual void send_all(std::vector<OutMessage>& messages) = 0;
  virtual void send(OutMessage message) = 0;
  // Closes the connection with the code after what is already queued.
  virtual void close(CloseCode code, std::string_view reason) = 0;
};

}  // namespace cc::sync
