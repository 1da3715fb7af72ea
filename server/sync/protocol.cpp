#include "sync/protocol.hpp"

#include "base/ids.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cmath>
#include <initializer_list>

namespace cc::sync {
namespace {

namespace json = boost::json;

MessageError message_error(ErrorCode code, std::string text, std::string batch = {}) {
  return MessageError{make_error(code, std::move(text)), std::move(batch)};
}

// Rejects fields a message of this type does not have, so client bugs surface at once.
std::optional<std::string> unknown_field(json::object const& message,
                                         std::initializer_list<std::string_view> known) {
  for (auto const& field : message) {
    bool found = false;
    for (auto name : known) found = found || field.key() == name;
    if (!found) return std::string(field.key());
  }
  return std::nullopt;
}

bool is_finite_number(json::value const& v) {
  if (v.is_int64() || v.is_uint64()) return true;
  return v.is_double() && std::isfinite(v.get_double());
}

std::variant<ClientMessage, MessageError> parse_hello(json::object const& message) {
  if (auto field = unknown_field(message, {"type", "token", "since", "name"})) {
    return message_error(ErrorCode::kInvalidMessage, "hello has no field \"" + *field + "\"");
  }
  HelloMessage hello;
  if (auto const* token = message.if_contains("token")) {
    if (!token->is_string()) return message_error(ErrorCode::kInvalidMessage, "token must be a string");
    auto const& text = token->get_string();
    if (text.size() > kMaxTokenLength) {
      return message_error(ErrorCode::kTooLarge,
                           "token is longer than " + std::to_string(kMaxTokenLength) + " bytes");
    }
    hello.token.assign(text.data(), text.size());
  }
  if (auto const* since = message.if_contains("since")) {
    if (since->is_uint64()) {
      hello.since = since->get_uint64();
    } else if (since->is_int64() && since->get_int64() >= 0) {
      hello.since = static_cast<std::uint64_t>(since->get_int64());
    } else {
      return message_error(ErrorCode::kInvalidMessage, "since must be a non-negative integer");
    }
  }
  if (auto const* name = message.if_contains("name")) {
    if (!name->is_string()) return message_error(ErrorCode::kInvalidMessage, "name must be a string");
    auto const& text = name->get_string();
    if (text.size() > kMaxNameLength) {
      return message_error(ErrorCode::kTooLarge,
                           "name is longer than " + std::to_string(kMaxNameLength) + " bytes");
    }
    hello.name.assign(text.data(), text.size());
  }
  return ClientMessage{std::move(hello)};
}

std::variant<ClientMessage, MessageError> parse_ops_message(json::object& message,
                                                            model::Limits const& limits) {
  std::string batch;
  if (auto const* b = message.if_contains("batch"); b != nullptr && b->is_string()) {
    batch.assign(b->get_string().data(), b->get_string().size());
  }
  if (auto field = unknown_field(message, {"type", "batch", "ops"})) {
    return message_error(ErrorCode::kInvalidMessage, "ops has no field \"" + *field + "\"",
                         is_valid_id(batch) ? batch : std::string());
  }
  auto const* batch_value = message.if_contains("batch");
  if (batch_value == nullptr) return message_error(ErrorCode::kInvalidMessage, "ops needs a batch id");
  if (!batch_value->is_string()) return message_error(ErrorCode::kInvalidMessage, "batch must be a string");
  if (!is_valid_id(batch)) {
    return message_error(ErrorCode::kInvalidId, "batch id must be 1 to 64 characters of A-Z a-z 0-9 _ -");
  }
  auto* ops_value = message.if_contains("ops");
  if (ops_value == nullptr) return message_error(ErrorCode::kInvalidMessage, "ops needs an ops array", batch);
  auto ops = model::parse_ops(std::move(*ops_value), limits);
  if (!ops) return MessageError{std::move(ops.error()), std::move(batch)};
  return ClientMessage{OpsMessage{std::move(batch), std::move(*ops)}};
}

std::variant<ClientMessage, MessageError> parse_presence(json::object& message) {
  if (auto field = unknown_field(message, {"type", "cursor", "selection"})) {
    return message_error(ErrorCode::kInvalidMessage, "presence has no field \"" + *field + "\"");
  }
  PresenceMessage presence;
  if (auto* cursor = message.if_contains("cursor"); cursor != nullptr && !cursor->is_null()) {
    auto const* obj = cursor->if_object();
    bool ok = obj != nullptr && obj->size() == 2 && obj->contains("x") && obj->contains("y") &&
              is_finite_number(obj->at("x")) && is_finite_number(obj->at("y"));
    if (!ok)
      return message_error(ErrorCode::kInvalidMessage, "cursor must be {\"x\":number,\"y\":number} or null");
    presence.cursor = std::move(*cursor);
  }
  if (auto* selection = message.if_contains("selection"); selection != nullptr && !selection->is_null()) {
    auto const* ids = selection->if_array();
    if (ids == nullptr)
      return message_error(ErrorCode::kInvalidMessage, "selection must be an array of object ids");
    if (ids->size() > kMaxSelection) {
      return message_error(ErrorCode::kTooLarge,
                           "selection holds more than " + std::to_string(kMaxSelection) + " ids");
    }
    for (auto const& id : *ids) {
      if (!id.is_string() || !is_valid_id(id.get_string())) {
        return message_error(ErrorCode::kInvalidId, "selection must hold object ids");
      }
    }
    presence.selection = std::move(*selection);
  } else {
    presence.selection = json::array();
  }
  return ClientMessage{std::move(presence)};
}

}  // namespace

std::variant<ClientMessage, MessageError> parse_client_message(std::string_view text,
                                                               model::Limits const& limits) {
  boost::system::error_code ec;
  json::parse_options options;
  options.max_depth = 16;  // the deepest legal message is an op's props' points array
  json::value parsed = json::parse(text, ec, json::storage_ptr(), options);
  if (ec) return message_error(ErrorCode::kInvalidJson, "frame is not valid JSON: " + ec.message());
  auto* message = parsed.if_object();
  if (message == nullptr) return message_error(ErrorCode::kInvalidMessage, "a message must be a JSON object");
  auto const* type = message->if_contains("type");
  if (type == nullptr || !type->is_string()) {
    return message_error(ErrorCode::kInvalidMessage, "a message needs a string \"type\"");
  }
  std::string_view type_name = type->get_string();
  if (type_name == "ops") return parse_ops_message(*message, limits);
  if (type_name == "presence") return parse_presence(*message);
  if (type_name == "hello") return parse_hello(*message);
  if (type_name == "ping") {
    if (auto field = unknown_field(*message, {"type"})) {
      return message_error(ErrorCode::kInvalidMessage, "ping has no field \"" + *field + "\"");
    }
    return ClientMessage{PingMessage{}};
  }
  std::string shown(type_name.substr(0, 32));
  return message_error(ErrorCode::kUnknownType,
                       "unknown message type " + json::serialize(json::string(shown)));
}

std::string encode_error(Error const& error, std::string_view batch) {
  json::object out;
  out["type"] = "error";
  out["code"] = to_string(error.code);
  out["message"] = error.message;
  if (!batch.empty()) out["batch"] = batch;
  return json::serialize(out);
}

std::string encode_ack(std::string_view batch, std::uint64_t seq, std::string const* ops_json) {
  std::string out;
  out.reserve(40 + batch.size() + (ops_json != nullptr ? ops_json->size() + 8 : 0));
  out.append(R"({"type":"ack","batch":")").append(batch).append(R"(","seq":)").append(std::to_string(seq));
  if (ops_json != nullptr) out.append(R"(,"ops":)").append(*ops_json);
  out.append("}");
  return out;
}

std::string encode_ops(std::uint64_t seq, std::string_view author, std::string_view ops_json) {
  std::string out;
  out.reserve(48 + author.size() + ops_json.size());
  out.append(R"({"type":"ops","seq":)")
      .append(std::to_string(seq))
      .append(R"(,"client":")")
      .append(author)
      .append(R"(","ops":)")
      .append(ops_json)
      .append("}");
  return out;
}

std::string encode_pong() { return R"({"type":"pong"})"; }

std::string encode_leave(std::string_view client) {
  std::string out;
  out.append(R"({"type":"leave","client":")").append(client).append(R"("})");
  return out;
}

std::string encode_role(model::Role role) {
  std::string out;
  out.append(R"({"type":"role","role":")").append(model::to_string(role)).append(R"("})");
  return out;
}

}  // namespace cc::sync
