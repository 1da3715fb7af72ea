#include "sync/protocol.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <variant>

namespace cc::sync {
namespace {

namespace json = boost::json;

model::Limits const kLimits{};

std::variant<ClientMessage, MessageError> parse(std::string_view text,
                                                model::Limits const& limits = kLimits) {
  return parse_client_message(text, limits);
}

// The decoded message of a frame that must decode, or a test failure naming the error.
template <class T>
T expect_message(std::string_view text) {
  auto result = parse(text);
  if (auto const* error = std::get_if<MessageError>(&result)) {
    ADD_FAILURE() << "unexpected error for " << text << ": " << to_string(error->error.code) << ": "
                  << error->error.message;
    return T{};
  }
  auto& message = std::get<ClientMessage>(result);
  auto* typed = std::get_if<T>(&message);
  if (typed == nullptr) {
    ADD_FAILURE() << "decoded to the wrong message type (index " << message.index() << ") for " << text;
    return T{};
  }
  return std::move(*typed);
}

// The error of a frame that must be refused.
MessageError expect_error(std::string_view text, model::Limits const& limits = kLimits) {
  auto result = parse(text, limits);
  if (auto* error = std::get_if<MessageError>(&result)) return std::move(*error);
  ADD_FAILURE() << "expected an error for " << text.substr(0, 200);
  return MessageError{make_error(ErrorCode::kInternal, "no error"), "<none>"};
}

#define EXPECT_ERROR_CODE(text, expected_code)                                                 \
  do {                                                                                         \
    auto const error_ = expect_error(text);                                                    \
    EXPECT_EQ(to_string(error_.error.code), to_string(expected_code)) << error_.error.message; \
    EXPECT_FALSE(error_.error.message.empty());                                                \
  } while (false)

// ---------------------------------------------------------------------------------------------
// Frames that are not messages at all.

TEST(ParseClientMessage, InvalidJsonIsInvalidJson) {
  for (std::string_view text : {"", "{", "not json", R"({"type":"ping"} trailing)", R"({"type":"ping",})",
                                "{'type':'ping'}", R"({"type":"ping")"}) {
    SCOPED_TRACE(text);
    auto error = expect_error(text);
    EXPECT_EQ(error.error.code, ErrorCode::kInvalidJson) << error.error.message;
    EXPECT_TRUE(error.batch.empty());
  }
}

TEST(ParseClientMessage, NonObjectIsInvalidMessage) {
  for (std::string_view text : {"[]", R"(["ping"])", R"("ping")", "42", "null", "true"}) {
    SCOPED_TRACE(text);
    EXPECT_ERROR_CODE(text, ErrorCode::kInvalidMessage);
  }
}

TEST(ParseClientMessage, MissingOrNonStringTypeIsInvalidMessage) {
  for (std::string_view text : {"{}", R"({"since":0})", R"({"type":1})", R"({"type":null})",
                                R"({"type":["ping"]})", R"({"type":{"name":"ping"}})"}) {
    SCOPED_TRACE(text);
    EXPECT_ERROR_CODE(text, ErrorCode::kInvalidMessage);
  }
}

TEST(ParseClientMessage, UnknownTypeIsUnknownType) {
  for (std::string_view text :
       {R"({"type":"hullo"})", R"({"type":""})", R"({"type":"Ping"})", R"({"type":"ack"})"}) {
    SCOPED_TRACE(text);
    EXPECT_ERROR_CODE(text, ErrorCode::kUnknownType);
  }
  auto error = expect_error(R"({"type":"scribble"})");
  EXPECT_NE(error.error.message.find("scribble"), std::string::npos) << error.error.message;
}

TEST(ParseClientMessage, LongUnknownTypeIsNotEchoedWhole) {
  std::string const type(5000, 'q');
  auto error = expect_error(R"({"type":")" + type + R"("})");
  EXPECT_EQ(error.error.code, ErrorCode::kUnknownType);
  EXPECT_LT(error.error.message.size(), 200u) << error.error.message;
}

TEST(ParseClientMessage, DeeplyNestedJsonIsRejected) {
  // Nested arrays in a place that takes any JSON value, well past any legal message's depth.
  std::string deep = R"({"type":"presence","cursor":)";
  for (int i = 0; i < 40; ++i) deep += '[';
  for (int i = 0; i < 40; ++i) deep += ']';
  deep += '}';
  EXPECT_ERROR_CODE(deep, ErrorCode::kInvalidJson);

  // Very deep nesting must be refused, not overflow the stack.
  std::string very_deep(100'000, '[');
  very_deep += std::string(100'000, ']');
  EXPECT_ERROR_CODE(very_deep, ErrorCode::kInvalidJson);

  std::string deep_objects;
  for (int i = 0; i < 10'000; ++i) deep_objects += R"({"a":)";
  deep_objects += "1";
  deep_objects += std::string(10'000, '}');
  EXPECT_ERROR_CODE(deep_objects, ErrorCode::kInvalidJson);
}

TEST(ParseClientMessage, LegalDepthIsAccepted) {
  // An ops message with a path's points array: the deepest legal message.
  auto ops = expect_message<OpsMessage>(
      R"({"type":"ops","batch":"b1","ops":[{"op":"put","id":"p1","kind":"path","props":{"x":0,"y":0,"points":[0,0,10,10]}}]})");
  ASSERT_EQ(ops.ops.size(), 1u);
  EXPECT_EQ(ops.ops[0].kind, model::Kind::kPath);
}

// ---------------------------------------------------------------------------------------------
// hello

TEST(ParseHello, Decodes) {
  auto hello = expect_message<HelloMessage>(R"({"type":"hello","since":42,"name":"Ada"})");
  EXPECT_EQ(hello.since, 42u);
  EXPECT_EQ(hello.name, "Ada");
}

TEST(ParseHello, FieldsAreOptional) {
  auto hello = expect_message<HelloMessage>(R"({"type":"hello"})");
  EXPECT_EQ(hello.since, 0u);
  EXPECT_EQ(hello.name, "");
}

TEST(ParseHello, FieldOrderDoesNotMatter) {
  auto hello = expect_message<HelloMessage>(R"({"name":"Bo","since":7,"type":"hello"})");
  EXPECT_EQ(hello.since, 7u);
  EXPECT_EQ(hello.name, "Bo");
}

TEST(ParseHello, LargeSince) {
  auto hello = expect_message<HelloMessage>(R"({"type":"hello","since":18446744073709551615})");
  EXPECT_EQ(hello.since, 18446744073709551615ull);
  auto zero = expect_message<HelloMessage>(R"({"type":"hello","since":0})");
  EXPECT_EQ(zero.since, 0u);
}

TEST(ParseHello, NameAtTheLimit) {
  std::string const name(kMaxNameLength, 'n');
  auto hello = expect_message<HelloMessage>(R"({"type":"hello","name":")" + name + R"("})");
  EXPECT_EQ(hello.name, name);
}

TEST(ParseHello, BadSinceIsInvalidMessage) {
  for (std::string_view text : {R"({"type":"hello","since":-1})", R"({"type":"hello","since":"3"})",
                                R"({"type":"hello","since":1.5})", R"({"type":"hello","since":null})",
                                R"({"type":"hello","since":true})", R"({"type":"hello","since":[1]})"}) {
    SCOPED_TRACE(text);
    EXPECT_ERROR_CODE(text, ErrorCode::kInvalidMessage);
  }
}

TEST(ParseHello, NonStringNameIsInvalidMessage) {
  for (std::string_view text :
       {R"({"type":"hello","name":5})", R"({"type":"hello","name":null})",
        R"({"type":"hello","name":["Ada"]})", R"({"type":"hello","name":{"n":"Ada"}})"}) {
    SCOPED_TRACE(text);
    EXPECT_ERROR_CODE(text, ErrorCode::kInvalidMessage);
  }
}

TEST(ParseHello, OverlongNameIsTooLarge) {
  std::string const name(kMaxNameLength + 1, 'n');
  EXPECT_ERROR_CODE(R"({"type":"hello","name":")" + name + R"("})", ErrorCode::kTooLarge);
}

TEST(ParseHello, CarriesTheAccessToken) {
  auto hello = expect_message<HelloMessage>(R"({"type":"hello","token":"abc.def.ghi","since":3})");
  EXPECT_EQ(hello.token, "abc.def.ghi");
  EXPECT_EQ(hello.since, 3u);
  EXPECT_EQ(expect_message<HelloMessage>(R"({"type":"hello"})").token, "");
}

TEST(ParseHello, NonStringTokenIsInvalidMessage) {
  for (std::string_view text : {R"({"type":"hello","token":1})", R"({"type":"hello","token":null})",
                                R"({"type":"hello","token":["t"]})"}) {
    SCOPED_TRACE(text);
    EXPECT_ERROR_CODE(text, ErrorCode::kInvalidMessage);
  }
}

TEST(ParseHello, OverlongTokenIsTooLarge) {
  std::string const token(kMaxTokenLength + 1, 't');
  EXPECT_ERROR_CODE(R"({"type":"hello","token":")" + token + R"("})", ErrorCode::kTooLarge);
}

TEST(ParseHello, UnknownFieldIsInvalidMessage) {
  auto error = expect_error(R"({"type":"hello","since":0,"nmae":"Ada"})");
  EXPECT_EQ(error.error.code, ErrorCode::kInvalidMessage);
  EXPECT_NE(error.error.message.find("nmae"), std::string::npos) << error.error.message;
}

// ---------------------------------------------------------------------------------------------
// ops

TEST(ParseOps, Decodes) {
  auto ops = expect_message<OpsMessage>(
      R"({"type":"ops","batch":"b-1_x","ops":[)"
      R"({"op":"put","id":"r1","kind":"rect","props":{"x":1,"y":2,"w":30,"h":40,"fill":"#ff0000"}},)"
      R"({"op":"set","id":"r1","props":{"x":5}},)"
      R"({"op":"del","id":"r2"}]})");
  EXPECT_EQ(ops.batch, "b-1_x");
  ASSERT_EQ(ops.ops.size(), 3u);
  EXPECT_EQ(ops.ops[0].type, model::OpType::kPut);
  EXPECT_EQ(ops.ops[0].id, "r1");
  EXPECT_EQ(ops.ops[0].kind, model::Kind::kRect);
  EXPECT_EQ(ops.ops[0].props, (json::object{{"x", 1}, {"y", 2}, {"w", 30}, {"h", 40}, {"fill", "#ff0000"}}));
  EXPECT_EQ(ops.ops[1].type, model::OpType::kSet);
  EXPECT_EQ(ops.ops[1].id, "r1");
  EXPECT_EQ(ops.ops[1].props, (json::object{{"x", 5}}));
  EXPECT_EQ(ops.ops[2].type, model::OpType::kDel);
  EXPECT_EQ(ops.ops[2].id, "r2");
  EXPECT_TRUE(ops.ops[2].props.empty());
}

TEST(ParseOps, MissingBatchIsInvalidMessage) {
  auto error = expect_error(R"({"type":"ops","ops":[{"op":"del","id":"r1"}]})");
  EXPECT_EQ(error.error.code, ErrorCode::kInvalidMessage);
  EXPECT_TRUE(error.batch.empty());
}

TEST(ParseOps, NonStringBatchIsInvalidMessage) {
  for (std::string_view text : {R"({"type":"ops","batch":7,"ops":[{"op":"del","id":"r1"}]})",
                                R"({"type":"ops","batch":null,"ops":[{"op":"del","id":"r1"}]})",
                                R"({"type":"ops","batch":["b1"],"ops":[{"op":"del","id":"r1"}]})"}) {
    SCOPED_TRACE(text);
    auto error = expect_error(text);
    EXPECT_EQ(error.error.code, ErrorCode::kInvalidMessage) << error.error.message;
    EXPECT_TRUE(error.batch.empty());
  }
}

TEST(ParseOps, BadBatchIdIsInvalidId) {
  std::string const too_long(65, 'b');
  for (std::string const& batch : {std::string(""), std::string("has space"), std::string("b/1"),
                                   std::string("b\\\"1"), std::string("caf\xc3\xa9"), too_long}) {
    SCOPED_TRACE(batch);
    auto error = expect_error(R"({"type":"ops","batch":")" + batch + R"(","ops":[{"op":"del","id":"r1"}]})");
    EXPECT_EQ(error.error.code, ErrorCode::kInvalidId) << error.error.message;
    // An invalid id is never echoed back as the batch (it might need escaping).
    EXPECT_TRUE(error.batch.empty()) << error.batch;
  }
  // 64 characters is still a valid id.
  std::string const longest(64, 'b');
  auto ops = expect_message<OpsMessage>(R"({"type":"ops","batch":")" + longest +
                                        R"(","ops":[{"op":"del","id":"r1"}]})");
  EXPECT_EQ(ops.batch, longest);
}

TEST(ParseOps, MissingOpsIsInvalidMessageWithBatch) {
  auto error = expect_error(R"({"type":"ops","batch":"b7"})");
  EXPECT_EQ(error.error.code, ErrorCode::kInvalidMessage);
  EXPECT_EQ(error.batch, "b7");
}

TEST(ParseOps, UnknownFieldIsInvalidMessageWithBatch) {
  auto error = expect_error(R"({"type":"ops","batch":"b8","ops":[{"op":"del","id":"r1"}],"extra":1})");
  EXPECT_EQ(error.error.code, ErrorCode::kInvalidMessage);
  EXPECT_EQ(error.batch, "b8");
  EXPECT_NE(error.error.message.find("extra"), std::string::npos) << error.error.message;
}

TEST(ParseOps, OpsErrorsKeepTheBatchId) {
  struct Case {
    std::string ops;
    ErrorCode code;
  };
  Case const cases[] = {
      {R"({"op":"del","id":"r1"})", ErrorCode::kInvalidMessage},  // not an array
      {"[]", ErrorCode::kInvalidMessage},                         // empty
      {"null", ErrorCode::kInvalidMessage},
      {R"([{"op":"move","id":"r1"}])", ErrorCode::kInvalidOp},
      {R"([{"id":"r1"}])", ErrorCode::kInvalidOp},
      {R"([42])", ErrorCode::kInvalidOp},
      {R"([{"op":"put","id":"r1","kind":"hexagon","props":{"x":0,"y":0}}])", ErrorCode::kInvalidOp},
      {R"([{"op":"put","id":"r1","kind":"rect","props":{"x":0}}])", ErrorCode::kInvalidOp},  // y is required
      {R"([{"op":"put","id":"r1","kind":"rect","props":{"x":0,"y":0,"fill":"red!"}}])",
       ErrorCode::kInvalidOp},
      {R"([{"op":"del","id":"r1","props":{}}])", ErrorCode::kInvalidOp},
      {R"([{"op":"del","id":"bad id"}])", ErrorCode::kInvalidId},
      {R"([{"op":"del","id":"r1"},{"op":"set","id":"r2","props":{"nope":1}}])", ErrorCode::kInvalidOp},
  };
  for (auto const& c : cases) {
    SCOPED_TRACE(c.ops);
    auto error = expect_error(R"({"type":"ops","batch":"batch-9","ops":)" + c.ops + "}");
    EXPECT_EQ(to_string(error.error.code), to_string(c.code)) << error.error.message;
    EXPECT_EQ(error.batch, "batch-9");
  }
}

TEST(ParseOps, ErrorNamesTheBadOp) {
  auto error = expect_error(
      R"({"type":"ops","batch":"b1","ops":[{"op":"del","id":"r1"},{"op":"del","id":"r2"},{"op":"zap","id":"r3"}]})");
  EXPECT_EQ(error.error.code, ErrorCode::kInvalidOp);
  EXPECT_NE(error.error.message.find("ops[2]"), std::string::npos) << error.error.message;
}

TEST(ParseOps, BatchOverTheLimitIsTooLarge) {
  model::Limits limits;
  limits.max_ops_per_batch = 2;
  auto error = expect_error(
      R"({"type":"ops","batch":"big","ops":[{"op":"del","id":"a"},{"op":"del","id":"b"},{"op":"del","id":"c"}]})",
      limits);
  EXPECT_EQ(error.error.code, ErrorCode::kTooLarge);
  EXPECT_EQ(error.batch, "big");
}

// ---------------------------------------------------------------------------------------------
// presence

TEST(ParsePresence, Decodes) {
  auto presence = expect_message<PresenceMessage>(
      R"({"type":"presence","cursor":{"x":10,"y":-2.5},"selection":["r1","r2"]})");
  EXPECT_EQ(presence.cursor, (json::value{{"x", 10}, {"y", -2.5}}));
  EXPECT_EQ(presence.selection, (json::array{"r1", "r2"}));
}

TEST(ParsePresence, NullAndMissingCursor) {
  auto with_null = expect_message<PresenceMessage>(R"({"type":"presence","cursor":null,"selection":[]})");
  EXPECT_TRUE(with_null.cursor.is_null());
  EXPECT_EQ(with_null.selection, json::array{});

  auto without = expect_message<PresenceMessage>(R"({"type":"presence"})");
  EXPECT_TRUE(without.cursor.is_null());
  ASSERT_TRUE(without.selection.is_array());
  EXPECT_TRUE(without.selection.get_array().empty());

  auto null_selection = expect_message<PresenceMessage>(R"({"type":"presence","selection":null})");
  ASSERT_TRUE(null_selection.selection.is_array());
  EXPECT_TRUE(null_selection.selection.get_array().empty());
}

TEST(ParsePresence, BadCursorIsInvalidMessage) {
  for (std::string_view text : {
           R"({"type":"presence","cursor":{"x":1}})",              // missing y
           R"({"type":"presence","cursor":{"y":1}})",              // missing x
           R"({"type":"presence","cursor":{"x":"1","y":2}})",      // string x
           R"({"type":"presence","cursor":{"x":1,"y":null}})",     // null y
           R"({"type":"presence","cursor":{"x":1,"y":2,"z":3}})",  // extra field
           R"({"type":"presence","cursor":{"x":1,"z":2}})",        // wrong field
           R"({"type":"presence","cursor":{}})",                   // empty
           R"({"type":"presence","cursor":[1,2]})",                // not an object
           R"({"type":"presence","cursor":5})",
           R"({"type":"presence","cursor":"here"})",
       }) {
    SCOPED_TRACE(text);
    EXPECT_ERROR_CODE(text, ErrorCode::kInvalidMessage);
  }
}

TEST(ParsePresence, BadSelection) {
  EXPECT_ERROR_CODE(R"({"type":"presence","selection":"r1"})", ErrorCode::kInvalidMessage);
  EXPECT_ERROR_CODE(R"({"type":"presence","selection":{"r1":true}})", ErrorCode::kInvalidMessage);
  EXPECT_ERROR_CODE(R"({"type":"presence","selection":["r1","bad id"]})", ErrorCode::kInvalidId);
  EXPECT_ERROR_CODE(R"({"type":"presence","selection":["r1",7]})", ErrorCode::kInvalidId);
  EXPECT_ERROR_CODE(R"({"type":"presence","selection":[""]})", ErrorCode::kInvalidId);
  EXPECT_ERROR_CODE(R"({"type":"presence","selection":[null]})", ErrorCode::kInvalidId);
}

TEST(ParsePresence, SelectionLimit) {
  auto selection_of = [](std::size_t n) {
    std::string text = R"({"type":"presence","selection":[)";
    for (std::size_t i = 0; i < n; ++i) {
      if (i > 0) text += ',';
      text += "\"o" + std::to_string(i) + "\"";
    }
    return text + "]}";
  };
  auto at_limit = expect_message<PresenceMessage>(selection_of(kMaxSelection));
  ASSERT_TRUE(at_limit.selection.is_array());
  EXPECT_EQ(at_limit.selection.get_array().size(), kMaxSelection);
  EXPECT_ERROR_CODE(selection_of(kMaxSelection + 1), ErrorCode::kTooLarge);
}

TEST(ParsePresence, UnknownFieldIsInvalidMessage) {
  EXPECT_ERROR_CODE(R"({"type":"presence","cursor":null,"colour":"#fff"})", ErrorCode::kInvalidMessage);
}

// ---------------------------------------------------------------------------------------------
// ping

TEST(ParsePing, Decodes) { expect_message<PingMessage>(R"({"type":"ping"})"); }

TEST(ParsePing, UnknownFieldIsInvalidMessage) {
  EXPECT_ERROR_CODE(R"({"type":"ping","t":1})", ErrorCode::kInvalidMessage);
}

// ---------------------------------------------------------------------------------------------
// Encoders: valid JSON with exactly the documented fields.

json::object parse_object(std::string const& text) {
  boost::system::error_code ec;
  json::value value = json::parse(text, ec);
  EXPECT_FALSE(ec) << "not JSON: " << text;
  if (ec || !value.is_object()) {
    ADD_FAILURE() << "not a JSON object: " << text;
    return {};
  }
  return value.get_object();
}

TEST(Encode, ErrorWithBatch) {
  auto message =
      parse_object(encode_error(make_error(ErrorCode::kInvalidOp, "ops[0]: bad \"fill\"\n"), "b12"));
  EXPECT_EQ(message, (json::object{{"type", "error"},
                                   {"code", "invalid_op"},
                                   {"message", "ops[0]: bad \"fill\"\n"},
                                   {"batch", "b12"}}));
}

TEST(Encode, ErrorWithoutBatch) {
  auto message =
      parse_object(encode_error(make_error(ErrorCode::kInvalidJson, "frame is not valid JSON"), ""));
  EXPECT_EQ(
      message,
      (json::object{{"type", "error"}, {"code", "invalid_json"}, {"message", "frame is not valid JSON"}}));
}

TEST(Encode, ErrorCodesUseTheirWireNames) {
  EXPECT_EQ(parse_object(encode_error(make_error(ErrorCode::kStorage, "x"), ""))["code"], "storage_error");
  EXPECT_EQ(parse_object(encode_error(make_error(ErrorCode::kUnknownType, "x"), ""))["code"], "unknown_type");
  EXPECT_EQ(parse_object(encode_error(make_error(ErrorCode::kTooLarge, "x"), ""))["code"], "too_large");
}

TEST(Encode, Ack) {
  auto message = parse_object(encode_ack("batch-1", 42));
  EXPECT_EQ(message, (json::object{{"type", "ack"}, {"batch", "batch-1"}, {"seq", 42}}));
  auto big = parse_object(encode_ack("b", 18446744073709551615ull));
  EXPECT_EQ(big["seq"].to_number<std::uint64_t>(), 18446744073709551615ull);
}

TEST(Encode, AckWithEffectiveOps) {
  std::string const ops_json = R"([{"op":"put","id":"r1","kind":"rect","props":{"x":1,"y":2,"z":"a0"}}])";
  auto message = parse_object(encode_ack("b-2", 9, &ops_json));
  EXPECT_EQ(message,
            (json::object{{"type", "ack"}, {"batch", "b-2"}, {"seq", 9}, {"ops", json::parse(ops_json)}}));
  EXPECT_EQ(parse_object(encode_ack("b-2", 9, nullptr)),
            (json::object{{"type", "ack"}, {"batch", "b-2"}, {"seq", 9}}));
}

TEST(Encode, Ops) {
  std::string const ops_json =
      R"([{"op":"put","id":"r1","kind":"rect","props":{"x":1,"y":2,"z":"a0"}},{"op":"del","id":"r2"}])";
  auto message = parse_object(encode_ops(7, "ck-3", ops_json));
  EXPECT_EQ(message,
            (json::object{{"type", "ops"}, {"seq", 7}, {"client", "ck-3"}, {"ops", json::parse(ops_json)}}));
}

TEST(Encode, OpsRoundTripsThroughTheDecoder) {
  auto decoded = expect_message<OpsMessage>(
      R"({"type":"ops","batch":"b1","ops":[{"op":"put","id":"r1","kind":"ellipse","props":{"x":1,"y":2}},{"op":"set","id":"r1","props":{"opacity":0.5}}]})");
  std::string const ops_json = json::serialize(model::ops_to_json(decoded.ops));
  auto message = parse_object(encode_ops(3, "me", ops_json));
  ASSERT_TRUE(message["ops"].is_array());
  auto reparsed = model::parse_ops(message["ops"], kLimits);
  ASSERT_TRUE(reparsed) << reparsed.error().message;
  ASSERT_EQ(reparsed->size(), 2u);
  EXPECT_EQ((*reparsed)[0].kind, model::Kind::kEllipse);
  EXPECT_EQ((*reparsed)[1].props, (json::object{{"opacity", 0.5}}));
}

TEST(Encode, Pong) { EXPECT_EQ(parse_object(encode_pong()), (json::object{{"type", "pong"}})); }

TEST(Encode, Role) {
  EXPECT_EQ(parse_object(encode_role(model::Role::kViewer)),
            (json::object{{"type", "role"}, {"role", "viewer"}}));
  EXPECT_EQ(parse_object(encode_role(model::Role::kOwner)),
            (json::object{{"type", "role"}, {"role", "owner"}}));
}

TEST(Encode, Leave) {
  EXPECT_EQ(parse_object(encode_leave("ck2x-14")), (json::object{{"type", "leave"}, {"client", "ck2x-14"}}));
}

}  // namespace
}  // namespace cc::sync
