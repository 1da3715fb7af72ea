// The wire protocol's messages (docs/PROTOCOL.md): decoding what clients send and encoding
// what the server sends. Decoding checks the message's shape; the ops themselves are
// validated by model::parse_ops.
#pragma once

#include "base/error.hpp"
#include "model/limits.hpp"
#include "model/op.hpp"
#include "model/role.hpp"
#include "sync/out_message.hpp"

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace cc::sync {

struct HelloMessage {
  std::string token;  // the access token; checked by the HTTP layer, which knows accounts
  std::uint64_t since = 0;
  std::string name;
};

struct OpsMessage {
  std::string batch;
  std::vector<model::Op> ops;
};

struct PresenceMessage {
  boost::json::value cursor;     // {"x","y"} or null
  boost::json::value selection;  // array of object ids
};

struct PingMessage {};

using ClientMessage = std::variant<HelloMessage, OpsMessage, PresenceMessage, PingMessage>;

// An error in a client message, with the batch id when it could be read (so the client
// knows which batch was refused).
struct MessageError {
  Error error;
  std::string batch;
};

inline constexpr std::size_t kMaxNameLength = 64;
inline constexpr std::size_t kMaxTokenLength = 4096;
inline constexpr std::size_t kMaxSelection = 10'000;

// Parses one text frame.
std::variant<ClientMessage, MessageError> parse_client_message(std::string_view text,
                                                               model::Limits const& limits);

// Encoders. Ids are already validated to need no escaping.
std::string encode_error(Error const& error, std::string_view batch);
// With ops_json, the ack carries the batch's effective ops (when the server filled in
// something the author cannot know, such as a put's z).
std::string encode_ack(std::string_view batch, std::uint64_t seq, std::string const* ops_json = nullptr);
// {"type":"ops","seq":N,"client":"author","ops":<ops_json>}
std::string encode_ops(std::uint64_t seq, std::string_view author, std::string_view ops_json);
std::string encode_pong();
std::string encode_leave(std::string_view client);
// {"type":"role","role":"viewer"}: the receiver's role on the board changed.
std::string encode_role(model::Role role);

}  // namespace cc::sync
