// Real-time sync between clients: convergence, ordering, acks, catch-up with since,
// re-sent batches, presence.
#include "integration/test_util.hpp"

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

namespace cc::itest {
namespace {

namespace json = boost::json;

std::vector<json::object> messages_of_type(Peer const& peer, std::string const& type) {
  std::vector<json::object> out;
  for (auto const& message : peer.log()) {
    if (type_of(message) == type) out.push_back(message);
  }
  return out;
}

json::object const* find_op(json::array const& ops, std::string const& op, std::string const& id) {
  for (auto const& element : ops) {
    auto const& o = element.as_object();
    if (o.at("op") == op.c_str() && o.at("id") == id.c_str()) return &o;
  }
  return nullptr;
}

TEST(Sync, TwoClientsConverge) {
  ServerProcess server;
  create_board(server, "conv");
  Peer a("Ada", "conv");
  Peer b("Bob", "conv");
  json::object const welcome_a = a.connect(server);
  json::object const welcome_b = b.connect(server);
  EXPECT_EQ(seq_of(welcome_a), 0u) << compact(welcome_a);
  ASSERT_TRUE(welcome_a.contains("objects")) << compact(welcome_a);
  EXPECT_TRUE(welcome_a.at("objects").as_array().empty()) << compact(welcome_a);
  ASSERT_FALSE(a.ws().client_id().empty()) << compact(welcome_a);
  ASSERT_FALSE(b.ws().client_id().empty()) << compact(welcome_b);
  ASSERT_NE(a.ws().client_id(), b.ws().client_id());

  std::vector<std::pair<std::string, json::array>> const batches = {
      {"a-1",
       {put_op("r1", "rect", rect_props(0, 0)),  // no z: the server picks one
        put_op("e1", "ellipse",
               {{"x", 10}, {"y", 10}, {"w", 20}, {"h", 20}, {"fill", "#00f"}, {"z", "a5"}})}},
      {"a-2", {set_op("r1", {{"x", 5}, {"fill", "#00ff00"}, {"rotation", 45}})}},
      {"a-3",
       {put_op("l1", "line",
               {{"x", 0}, {"y", 0}, {"points", {0, 0, 10, 10}}, {"stroke", "#000000"}, {"z", "a6"}}),
        put_op("s1", "sticky", {{"x", 1}, {"y", 2}, {"w", 50}, {"h", 50}, {"text", "hi"}, {"z", "a7"}})}},
      {"a-4", {del_op("e1"), set_op("r1", {{"rotation", nullptr}})}},
      {"a-5", {set_op("ghost", {{"x", 1}}), set_op("r1", {{"y", 7}}), del_op("ghost2")}},
      {"a-6", {del_op("ghost3")}},  // every op dropped: still sequenced and acknowledged
  };
  for (auto const& [batch, ops] : batches) a.send(batch, ops);
  a.wait_acked("a-6");
  b.wait_seq(6);

  // A: one ack per batch, in order, seqs 1..6.
  auto const acks = messages_of_type(a, "ack");
  ASSERT_EQ(acks.size(), 6u);
  for (std::size_t i = 0; i < acks.size(); ++i) {
    EXPECT_EQ(acks[i].at("batch"), batches[i].first.c_str()) << compact(acks[i]);
    EXPECT_EQ(seq_of(acks[i]), i + 1) << compact(acks[i]);
  }
  // The server chose r1's z, so the ack carries the effective ops with it.
  ASSERT_TRUE(acks[0].contains("ops") && acks[0].at("ops").is_array())
      << "an ack for a put without z must carry the effective ops: " << compact(acks[0]);
  auto const* r1_in_ack = find_op(acks[0].at("ops").as_array(), "put", "r1");
  ASSERT_NE(r1_in_ack, nullptr) << compact(acks[0]);
  EXPECT_TRUE(r1_in_ack->at("props").as_object().contains("z")) << compact(acks[0]);

  // B: A's batches as effective ops, in seq order, attributed to A.
  auto const ops = messages_of_type(b, "ops");
  ASSERT_EQ(ops.size(), 6u);
  for (std::size_t i = 0; i < ops.size(); ++i) {
    EXPECT_EQ(seq_of(ops[i]), i + 1) << compact(ops[i]);
    EXPECT_EQ(ops[i].at("client"), a.ws().client_id().c_str()) << compact(ops[i]);
  }
  auto const* r1_put = find_op(ops[0].at("ops").as_array(), "put", "r1");
  ASSERT_NE(r1_put, nullptr) << compact(ops[0]);
  ASSERT_TRUE(r1_put->at("props").as_object().contains("z"))
      << "a put without z must reach peers with the z the "
         "server gave it: "
      << compact(ops[0]);
  EXPECT_TRUE(r1_put->at("props").at("z").is_string()) << compact(ops[0]);
  auto const* e1_put = find_op(ops[0].at("ops").as_array(), "put", "e1");
  ASSERT_NE(e1_put, nullptr) << compact(ops[0]);
  EXPECT_EQ(e1_put->at("props").at("z"), "a5") << compact(ops[0]);
  EXPECT_EQ(ops[4].at("ops").as_array().size(), 1u)
      << "set/del on missing objects must be dropped: " << compact(ops[4]);
  EXPECT_NE(find_op(ops[4].at("ops").as_array(), "set", "r1"), nullptr) << compact(ops[4]);
  EXPECT_TRUE(ops[5].at("ops").as_array().empty()) << compact(ops[5]);

  // The other direction.
  b.send("b-1", {set_op("s1", {{"text", "hello"}})});
  b.wait_acked("b-1");
  a.wait_seq(7);
  auto const a_ops = messages_of_type(a, "ops");
  ASSERT_EQ(a_ops.size(), 1u);
  EXPECT_EQ(seq_of(a_ops[0]), 7u);
  EXPECT_EQ(a_ops[0].at("client"), b.ws().client_id().c_str());
  EXPECT_EQ(b.mirror().ack_seq("b-1"), 7u);

  // Everyone agrees with the server.
  BoardSnapshot const board = get_board(server, "conv");
  EXPECT_EQ(board.seq, 7u);
  EXPECT_EQ(diff_objects(board.objects, a.mirror().objects(), "server", "A's mirror"), "");
  EXPECT_EQ(diff_objects(board.objects, b.mirror().objects(), "server", "B's mirror"), "");
  ASSERT_EQ(board.objects.size(), 3u);
  auto const& r1 = board.objects.at("r1").props;
  EXPECT_TRUE(json_same(r1.at("x"), 5)) << compact(r1);
  EXPECT_TRUE(json_same(r1.at("y"), 7)) << compact(r1);
  EXPECT_EQ(r1.at("fill"), "#00ff00") << compact(r1);
  EXPECT_FALSE(r1.contains("rotation")) << "set to null must remove the property: " << compact(r1);
  EXPECT_FALSE(board.objects.contains("e1"));
  EXPECT_EQ(board.objects.at("s1").props.at("text"), "hello");
}

TEST(Sync, ReconnectWithSinceGetsExactlyTheMissedBatches) {
  ServerProcess server;
  create_board(server, "catchup");
  Peer a("Ada", "catchup");
  Peer b("Bob", "catchup");
  a.connect(server);
  b.connect(server);
  for (int i = 1; i <= 3; ++i) {
    a.send("p-" + std::to_string(i), {put_op("o" + std::to_string(i), "rect", rect_props(i, i))});
  }
  a.wait_acked("p-3");
  b.wait_seq(3);
  std::uint64_t const since = b.mirror().seq();
  ASSERT_EQ(since, 3u);
  b.disconnect();

  constexpr int kMissed = 5;
  for (int i = 1; i <= kMissed; ++i) {
    a.send("k-" + std::to_string(i),
           {set_op("o1", {{"x", 100 + i}}),
            put_op("n" + std::to_string(i), "ellipse", rect_props(i, -i, "#123456"))});
  }
  a.wait_acked("k-" + std::to_string(kMissed));

  b.clear_log();
  json::object const welcome = b.connect(server);
  EXPECT_EQ(seq_of(welcome), since + kMissed) << compact(welcome);
  EXPECT_FALSE(welcome.contains("objects"))
      << "a recent since must get ops, not objects: " << compact(welcome);
  ASSERT_TRUE(welcome.contains("ops") && welcome.at("ops").is_array()) << compact(welcome);
  auto const& missed = welcome.at("ops").as_array();
  ASSERT_EQ(missed.size(), static_cast<std::size_t>(kMissed)) << compact(welcome, 2000);
  for (std::size_t i = 0; i < missed.size(); ++i) {
    EXPECT_EQ(seq_of(missed[i].as_object()), since + 1 + i) << compact(missed[i]);
    EXPECT_EQ(missed[i].at("client"), a.ws().client_id().c_str()) << compact(missed[i]);
  }
  BoardSnapshot const board = get_board(server, "catchup");
  EXPECT_EQ(board.seq, since + kMissed);
  EXPECT_EQ(diff_objects(board.objects, b.mirror().objects(), "server", "B's mirror after catch-up"), "");

  // Live ops continue after the welcome, with no gap and no repeat.
  a.send("k-live", {del_op("o2")});
  b.wait_seq(since + kMissed + 1);
  auto const live = messages_of_type(b, "ops");
  ASSERT_EQ(live.size(), 1u);
  EXPECT_EQ(seq_of(live[0]), since + kMissed + 1);

  // since=0: the whole board as objects.
  Peer fresh("Cy", "catchup");
  json::object const full = fresh.connect(server, 0);
  EXPECT_TRUE(full.contains("objects")) << compact(full);
  EXPECT_FALSE(full.contains("ops")) << compact(full);
  BoardSnapshot const now = get_board(server, "catchup");
  EXPECT_EQ(seq_of(full), now.seq);
  EXPECT_EQ(diff_objects(now.objects, fresh.mirror().objects(), "server", "since=0 welcome"), "");

  // Up to date: an empty ops array.
  auto current_ws = WsClient::open(server, "catchup");
  json::object const up_to_date = current_ws->hello(now.seq, "Di");
  ASSERT_TRUE(up_to_date.contains("ops")) << compact(up_to_date);
  EXPECT_TRUE(up_to_date.at("ops").as_array().empty()) << compact(up_to_date);
  EXPECT_EQ(seq_of(up_to_date), now.seq);

  // Ahead of the board: the full objects.
  Peer confused("Ed", "catchup");
  json::object const ahead = confused.connect(server, now.seq + 10);
  EXPECT_TRUE(ahead.contains("objects")) << compact(ahead);
  EXPECT_EQ(seq_of(ahead), now.seq);
  EXPECT_EQ(diff_objects(now.objects, confused.mirror().objects(), "server", "welcome for since ahead"), "");
}

TEST(Sync, DuplicateBatchIsAppliedOnceAndAckedWithTheSameSeq) {
  ServerProcess server;
  create_board(server, "dup");
  Peer a("Ada", "dup");
  Peer b("Bob", "dup");
  a.connect(server);
  b.connect(server);

  json::array const dup_ops = {put_op("r1", "rect", rect_props(1, 1))};
  a.send("dup-1", dup_ops);
  a.wait_acked("dup-1");
  std::uint64_t const first_seq = *a.mirror().ack_seq("dup-1");
  EXPECT_EQ(first_seq, 1u);
  b.wait_seq(first_seq);
  b.send("b-1", {set_op("r1", {{"x", 50}})});
  b.wait_acked("b-1");
  a.wait_seq(2);

  // Re-sent on the same connection: acknowledged again, same seq, nothing applied.
  std::size_t const acks_before = a.mirror().acks_received();
  a.send("dup-1", dup_ops);
  a.wait_until([&] { return a.mirror().acks_received() > acks_before; }, "the second ack of dup-1");
  auto const acks = messages_of_type(a, "ack");
  ASSERT_EQ(acks.size(), 2u);
  EXPECT_EQ(acks[1].at("batch"), "dup-1");
  EXPECT_EQ(seq_of(acks[1]), first_seq) << compact(acks[1]);
  BoardSnapshot board = get_board(server, "dup");
  EXPECT_EQ(board.seq, 2u) << "a re-sent batch must not get a new seq";
  EXPECT_TRUE(json_same(board.objects.at("r1").props.at("x"), 50))
      << "a re-sent put must not be applied again";

  // Re-sent after a reconnect (the ack was "lost"): the same.
  a.drop();
  a.clear_log();
  a.connect(server);
  a.ws().send_ops("dup-1", dup_ops);
  auto const re_ack = a.ws().wait_for_type("ack");
  EXPECT_EQ(re_ack.at("batch"), "dup-1");
  EXPECT_EQ(seq_of(re_ack), first_seq) << compact(re_ack);
  board = get_board(server, "dup");
  EXPECT_EQ(board.seq, 2u);
  EXPECT_TRUE(json_same(board.objects.at("r1").props.at("x"), 50)) << compact(board.raw);

  // B saw dup-1 exactly once: its ops seqs are 1 and then the next real batch.
  a.send("a-after", {set_op("r1", {{"y", 9}})});
  a.wait_acked("a-after");
  b.wait_seq(3);
  std::vector<std::uint64_t> seen;
  for (auto const& message : messages_of_type(b, "ops")) seen.push_back(seq_of(message));
  EXPECT_EQ(seen, (std::vector<std::uint64_t>{1, 3}));
  EXPECT_EQ(diff_objects(get_board(server, "dup").objects, b.mirror().objects(), "server", "B's mirror"), "");
}

TEST(Sync, PresenceAndLeave) {
  ServerProcess server;
  create_board(server, "presence");
  Peer a("Ada", "presence");
  a.connect(server);
  a.send("a-1", {put_op("r1", "rect", rect_props(0, 0))});
  a.wait_acked("a-1");
  auto b = WsClient::open(server, "presence");
  b->hello(0, "Bob");
  std::string const ada = a.ws().client_id();

  auto presence_of = [&](json::object const& message, double x, double y) {
    if (type_of(message) != "presence" || !message.contains("peers") || !message.at("peers").is_array())
      return false;
    for (auto const& peer : message.at("peers").as_array()) {
      auto const* p = peer.if_object();
      if (p == nullptr || !p->contains("client") || p->at("client") != ada.c_str()) continue;
      if (!p->contains("name") || p->at("name") != "Ada") continue;
      auto const* cursor = p->if_contains("cursor");
      if (cursor == nullptr || !cursor->is_object() || !cursor->as_object().contains("x")) continue;
      if (!json_same(cursor->at("x"), x) || !json_same(cursor->at("y"), y)) continue;
      auto const* selection = p->if_contains("selection");
      return selection != nullptr && json_same(*selection, json::array{"r1"});
    }
    return false;
  };

  a.ws().send_json({{"type", "presence"}, {"cursor", {{"x", 10}, {"y", 20}}}, {"selection", {"r1"}}});
  b->wait_for([&](json::object const& m) { return presence_of(m, 10, 20); },
              "Ada's presence with cursor (10,20) and selection [r1]");
  a.ws().send_json({{"type", "presence"}, {"cursor", {{"x", 30}, {"y", 40}}}, {"selection", {"r1"}}});
  b->wait_for([&](json::object const& m) { return presence_of(m, 30, 40); },
              "Ada's presence with cursor (30,40)");

  a.disconnect();
  b->wait_for(
      [&](json::object const& m) {
        return type_of(m) == "leave" && m.contains("client") && m.at("client") == ada.c_str();
      },
      "leave for Ada");
}

}  // namespace
}  // namespace cc::itest
