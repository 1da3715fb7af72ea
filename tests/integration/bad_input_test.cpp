// Bad input, one case per test. Each asserts the error code (or close code), that nothing of
// the refused input was applied, and that the board keeps serving its other clients: the
// next good batch takes the very next seq, and reaches the offending client if it is still
// connected.
#include "integration/test_util.hpp"

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <set>

namespace cc::itest {
namespace {

namespace json = boost::json;

constexpr char kBoard[] = "guarded";
constexpr std::size_t kMaxFrame = 262144;
constexpr std::size_t kMaxString = 4096;
constexpr std::size_t kMaxBatchOps = 64;
constexpr std::size_t kMaxObjects = 40;

std::string ops_text(std::string const& batch, json::array const& ops) {
  return json::serialize(json::object{{"type", "ops"}, {"batch", batch}, {"ops", ops}});
}

class BadInput : public ::testing::Test {
 protected:
  BadInput()
      : server_({"--max-frame-bytes", std::to_string(kMaxFrame), "--max-string-bytes",
                 std::to_string(kMaxString), "--max-batch-ops", std::to_string(kMaxBatchOps), "--max-objects",
                 std::to_string(kMaxObjects)}) {}

  void SetUp() override {
    create_board(server_, kBoard);
    observer_.connect(server_);
    observer_.send("seed",
                   {put_op("r0", "rect", rect_props(0, 0)), put_op("r1", "rect", rect_props(10, 10))});
    observer_.wait_acked("seed");
    victim_ = WsClient::open(server_, kBoard);
    victim_->hello(0, "Victim");
    before_ = get_board(server_, kBoard);
  }

  std::uint16_t port() const { return server_.port(); }

  // Waits for the victim's error frame and checks its code (one of codes), message and batch.
  json::object expect_error(std::set<std::string> const& codes,
                            std::optional<std::string> const& batch = {}) {
    json::object const error = victim_->wait_for_type("error");
    std::string const code = error_code(error);
    EXPECT_TRUE(codes.contains(code)) << "unexpected error code in " << compact(error);
    auto const* message = error.if_contains("message");
    EXPECT_TRUE(message != nullptr && message->is_string() && !message->get_string().empty())
        << compact(error);
    if (batch) {
      auto const* echoed = error.if_contains("batch");
      EXPECT_TRUE(echoed != nullptr && *echoed == batch->c_str())
          << "the error should name batch " << *batch << ": " << compact(error);
    }
    return error;
  }

  // The victim's connection is still open and served.
  void expect_victim_open() { EXPECT_NO_THROW(victim_->expect_pong()) << "the connection should stay open"; }

  // Nothing was applied, and the board still serves: the observer's next batch gets the next
  // seq, and the victim (if still connected) receives it.
  void expect_unchanged_and_served(bool victim_connected = true) {
    BoardSnapshot const now = get_board(server_, kBoard);
    EXPECT_EQ(now.seq, before_.seq) << "the refused input changed the board seq";
    EXPECT_EQ(diff_objects(before_.objects, now.objects, "board before", "board after the refused input"),
              "");

    std::string const batch = "svc-" + std::to_string(++service_checks_);
    observer_.send(batch, {set_op("r0", {{"x", 100 + service_checks_}})});
    observer_.wait_acked(batch);
    EXPECT_EQ(observer_.mirror().ack_seq(batch), before_.seq + 1)
        << "the next good batch should take the next seq: something else was sequenced";
    if (victim_connected) {
      std::uint64_t const want = before_.seq + 1;
      EXPECT_NO_THROW(victim_->wait_for(
          [&](json::object const& m) { return type_of(m) == "ops" && seq_of(m) == want; },
          "the observer's batch (seq " + std::to_string(want) + ") on the connection that sent bad input"));
    }
    before_ = get_board(server_, kBoard);
  }

  // Expects the victim to be closed by the server with close_code.
  void expect_closed_with(int close_code) {
    ASSERT_TRUE(victim_->wait_closed()) << "the server did not close the connection";
    CloseInfo const info = victim_->close_info();
    EXPECT_TRUE(info.close_frame && info.code == close_code)
        << "expected close code " << close_code << ", got: " << info.describe()
        << (victim_->write_error().empty() ? "" : "; a write failed: " + victim_->write_error());
  }

  ServerProcess server_;
  Peer observer_{"Observer", kBoard};
  std::unique_ptr<WsClient> victim_;
  BoardSnapshot before_;
  int service_checks_ = 0;
};

TEST_F(BadInput, InvalidJson) {
  victim_->send_text(R"({"type":"ops","batch":"j1","ops":[)");
  expect_error({"invalid_json"});
  victim_->send_text("{'type': 'ping'}");
  expect_error({"invalid_json"});
  expect_victim_open();
  expect_unchanged_and_served();
}

TEST_F(BadInput, JsonThatIsNotAnObject) {
  for (char const* text : {R"([{"type":"ping"}])", R"("hello")", "42", "null", "true"}) {
    SCOPED_TRACE(text);
    victim_->send_text(text);
    expect_error({"invalid_message"});
  }
  expect_victim_open();
  expect_unchanged_and_served();
}

TEST_F(BadInput, UnknownType) {
  victim_->send_json({{"type", "frobnicate"}});
  expect_error({"unknown_type"});
  victim_->send_json({{"batch", "no-type"}, {"ops", json::array{del_op("r0")}}});
  expect_error({"invalid_message"});
  victim_->send_json({{"type", 5}});
  expect_error({"invalid_message"});
  expect_victim_open();
  expect_unchanged_and_served();
}

TEST_F(BadInput, UnknownOp) {
  victim_->send_ops("op-1",
                    {set_op("r0", {{"x", 1}}), {{"op", "move"}, {"id", "r0"}, {"props", {{"x", 5}}}}});
  json::object const error = expect_error({"invalid_op"}, "op-1");
  EXPECT_NE(std::string(error.at("message").as_string()).find("ops[1]"), std::string::npos) << compact(error);
  expect_victim_open();
  expect_unchanged_and_served();
}

TEST_F(BadInput, MissingFields) {
  json::array const good = {put_op("m1", "rect", rect_props(1, 1))};
  victim_->send_json({{"type", "ops"}, {"ops", good}});  // no batch
  expect_error({"invalid_message"});
  victim_->send_json({{"type", "ops"}, {"batch", "no-ops"}});  // no ops
  expect_error({"invalid_message"});
  victim_->send_ops("no-id", {{{"op", "put"}, {"kind", "rect"}, {"props", rect_props(1, 1)}}});
  expect_error({"invalid_op"}, "no-id");
  victim_->send_ops("no-x", {put_op("m2", "rect", {{"y", 1}, {"w", 1}, {"h", 1}})});  // x is required on put
  expect_error({"invalid_op"}, "no-x");
  victim_->send_ops("no-props", {{{"op", "set"}, {"id", "r0"}}});
  expect_error({"invalid_op"}, "no-props");
  expect_victim_open();
  expect_unchanged_and_served();
}

TEST_F(BadInput, MistypedFields) {
  victim_->send_ops("x-string", {put_op("m1", "rect", {{"x", "10"}, {"y", 0}})});
  expect_error({"invalid_op"}, "x-string");
  victim_->send_json({{"type", "ops"}, {"batch", "ops-object"}, {"ops", {{"op", "del"}, {"id", "r0"}}}});
  expect_error({"invalid_message"});
  victim_->send_json({{"type", "ops"}, {"batch", 17}, {"ops", json::array{del_op("r0")}}});
  expect_error({"invalid_message"});
  victim_->send_ops("fill-number", {set_op("r0", {{"fill", 255}})});
  expect_error({"invalid_op"}, "fill-number");
  expect_victim_open();

  // since as a string, on a connection that has not joined yet: refused, and a correct hello
  // afterwards still works.
  auto late = WsClient::open(server_, kBoard);
  late->send_json({{"type", "hello"}, {"since", "5"}, {"name", "Late"}});
  json::object const error = late->wait_for_type("error");
  EXPECT_EQ(error_code(error), "invalid_message") << compact(error);
  json::object const welcome = late->hello(0, "Late");
  EXPECT_EQ(seq_of(welcome), before_.seq);
  expect_unchanged_and_served();
}

TEST_F(BadInput, NumberTooLargeToBeFinite) {
  victim_->send_text(
      R"({"type":"ops","batch":"inf-1","ops":[{"op":"put","id":"inf","kind":"rect","props":{"x":1e999,"y":0}}]})");
  expect_error({"invalid_json", "invalid_op"});
  victim_->send_text(R"({"type":"ops","batch":"inf-2","ops":[{"op":"set","id":"r0","props":{"y":-1e999}}]})");
  expect_error({"invalid_json", "invalid_op"});
  expect_victim_open();
  expect_unchanged_and_served();
}

TEST_F(BadInput, FrameOverTheFrameLimitIsClosedWith1009) {
  // On a connection of its own with plain sockets: the server closes while the frame is still
  // being written, and the close frame must not be lost to the failed write.
  std::string const text(kMaxFrame + 1000, 'a');
  CloseInfo const info = send_frame_expecting_close(
      port(), std::string("/ws/") + kBoard, server_.token(),
      ops_text("huge", {put_op("huge", "rect", {{"x", 0}, {"y", 0}, {"text", text}})}));
  EXPECT_TRUE(info.close_frame && info.code == 1009) << "expected close code 1009, got: " << info.describe();
  expect_victim_open();
  expect_unchanged_and_served();
}

TEST_F(BadInput, StringOverTheStringLimit) {
  victim_->send_ops("long-text",
                    {put_op("t1", "rect", {{"x", 0}, {"y", 0}, {"text", std::string(kMaxString + 1, 'x')}})});
  expect_error({"too_large"}, "long-text");
  expect_victim_open();
  expect_unchanged_and_served();

  // At the limit is fine.
  victim_->send_ops("max-text",
                    {put_op("t1", "rect", {{"x", 0}, {"y", 0}, {"text", std::string(kMaxString, 'x')}})});
  json::object const ack = victim_->wait_for_type("ack");
  EXPECT_EQ(ack.at("batch"), "max-text") << compact(ack);
}

TEST_F(BadInput, BatchOverTheOpsLimit) {
  json::array ops;
  for (std::size_t i = 0; i <= kMaxBatchOps; ++i) ops.push_back(set_op("r0", {{"x", i}}));
  victim_->send_ops("too-many", ops);
  expect_error({"too_large"}, "too-many");
  expect_victim_open();
  expect_unchanged_and_served();

  ops.pop_back();  // exactly the limit
  victim_->send_ops("just-enough", ops);
  json::object const ack = victim_->wait_for_type("ack");
  EXPECT_EQ(ack.at("batch"), "just-enough") << compact(ack);
}

TEST_F(BadInput, ObjectLimitOfTheBoard) {
  // Fill the board up to the limit (it holds r0 and r1).
  json::array fill;
  for (std::size_t i = before_.objects.size(); i < kMaxObjects; ++i) {
    fill.push_back(put_op("f" + std::to_string(i), "rect", rect_props(static_cast<double>(i), 0)));
  }
  victim_->send_ops("fill", fill);
  EXPECT_EQ(victim_->wait_for_type("ack").at("batch"), "fill");
  before_ = get_board(server_, kBoard);
  ASSERT_EQ(before_.objects.size(), kMaxObjects);

  // One more object, together with a harmless set: refused as a whole.
  victim_->send_ops("one-more", {set_op("r1", {{"x", 77}}), put_op("extra", "rect", rect_props(0, 0))});
  expect_error({"limit_exceeded"}, "one-more");
  expect_victim_open();
  expect_unchanged_and_served();
}

TEST_F(BadInput, BadBoardIdInTheUrlIsRefusedWith400) {
  std::vector<std::string> const targets = {"/ws/bad.id", "/ws/bad%20id", "/ws/bad!id",
                                            "/ws/" + std::string(65, 'b')};
  for (auto const& target : targets) {
    EXPECT_EQ(WsClient::upgrade_status(port(), target), 400u) << target;
  }
  EXPECT_EQ(WsClient::upgrade_status(port(), "/ws/" + std::string(64, 'b')), 101u)
      << "64 characters are allowed";
  expect_victim_open();
  expect_unchanged_and_served();
}

TEST_F(BadInput, BadObjectIdAndBadBatchId) {
  victim_->send_ops("bad-object-1", {put_op("bad id", "rect", rect_props(0, 0))});
  expect_error({"invalid_id"}, "bad-object-1");
  victim_->send_ops("bad-object-2", {set_op(std::string(65, 'o'), {{"x", 1}})});
  expect_error({"invalid_id"}, "bad-object-2");
  victim_->send_ops("bad-object-3", {del_op("r0/../r1")});
  expect_error({"invalid_id"}, "bad-object-3");
  victim_->send_ops("bad batch!", {set_op("r0", {{"x", 1}})});
  expect_error({"invalid_id"});
  victim_->send_ops(std::string(65, 'b'), {set_op("r0", {{"x", 1}})});
  expect_error({"invalid_id"});
  victim_->send_json(
      {{"type", "presence"}, {"cursor", {{"x", 1}, {"y", 1}}}, {"selection", {"r0", "no good"}}});
  expect_error({"invalid_id"});
  expect_victim_open();
  expect_unchanged_and_served();
}

TEST_F(BadInput, OpsBeforeHello) {
  auto early = WsClient::open(server_, kBoard);
  early->send_ops("early", {set_op("r0", {{"x", 999}})});
  json::object const error = early->wait_for_type("error");
  EXPECT_EQ(error_code(error), "not_joined") << compact(error);
  early->send_json({{"type", "presence"}, {"cursor", {{"x", 1}, {"y", 2}}}, {"selection", json::array{}}});
  json::object const presence_error = early->wait_for_type("error");
  EXPECT_EQ(error_code(presence_error), "not_joined") << compact(presence_error);
  // Still open: a hello now joins, and sees the untouched board.
  json::object const welcome = early->hello(0, "Early");
  EXPECT_EQ(seq_of(welcome), before_.seq);
  EXPECT_EQ(diff_objects(before_.objects, objects_from_json(welcome.at("objects")), "board", "welcome"), "");
  expect_unchanged_and_served();
}

TEST_F(BadInput, SecondHello) {
  victim_->send_json({{"type", "hello"}, {"since", 0}, {"name", "Again"}});
  expect_error({"already_joined"});
  expect_victim_open();
  expect_unchanged_and_served();
}

TEST_F(BadInput, BinaryFrameIsUnsupported) {
  // A binary frame carrying an otherwise valid batch: refused, not applied.
  victim_->send_binary(ops_text("binary", {set_op("r0", {{"x", 555}})}));
  expect_error({"unsupported"});
  expect_victim_open();
  expect_unchanged_and_served();
}

TEST_F(BadInput, TextFrameThatIsNotUtf8IsClosedWith1007) {
  victim_->send_text(
      "{\"type\":\"ops\",\"batch\":\"u\",\"ops\":[{\"op\":\"set\",\"id\":\"r0\",\"props\":{\"text\":"
      "\"\xff\xfe\"}}]}");
  expect_closed_with(1007);
  expect_unchanged_and_served(false);
}

TEST_F(BadInput, BatchWithOneInvalidOpAppliesNone) {
  json::array ops;
  for (int i = 0; i < 10; ++i) {
    std::string const fill = i == 6 ? "notacolour" : "#336699";
    ops.push_back(put_op("atomic" + std::to_string(i), "rect", rect_props(i, i, fill)));
  }
  victim_->send_ops("atomic", ops);
  json::object const error = expect_error({"invalid_op"}, "atomic");
  std::string const message(error.at("message").as_string());
  EXPECT_NE(message.find("ops[6]"), std::string::npos) << "the message should name ops[6]: " << message;
  expect_victim_open();
  expect_unchanged_and_served();
}

}  // namespace
}  // namespace cc::itest
