// Durability: an acknowledged batch survives kill -9; SIGTERM is a clean shutdown; the board
// (objects, seq and the journal used for catch-up and re-send detection) reloads from disk.
#include "integration/test_util.hpp"

#include <gtest/gtest.h>

namespace cc::itest {
namespace {

namespace json = boost::json;

// A fresh connection's view of the board (since=0).
ObjectMap welcome_objects(ServerProcess& server, std::string const& board, std::uint64_t* seq) {
  auto client = WsClient::open(server, board);
  json::object const welcome = client->hello(0, "checker");
  if (!welcome.contains("objects"))
    throw std::runtime_error("since=0 welcome without objects: " + compact(welcome));
  *seq = seq_of(welcome);
  return objects_from_json(welcome.at("objects"));
}

TEST(Durability, AcknowledgedBatchesSurviveKill9) {
  ServerProcess server;
  create_board(server, "durable");
  Peer a("Ada", "durable");
  a.connect(server);

  constexpr int kBatches = 200;
  for (int i = 0; i < kBatches; ++i) {
    json::array ops = {put_op("k" + std::to_string(i), "rect", rect_props(i, -i))};
    if (i > 0)
      ops.push_back(
          set_op("k" + std::to_string(i - 1), {{"fill", "#00ff00"}, {"text", "after " + std::to_string(i)}}));
    a.send("d-" + std::to_string(i), ops);
  }
  a.wait_until([&] { return a.mirror().unacked().empty(); },
               "acks of all " + std::to_string(kBatches) + " batches", scaled(30s));
  std::uint64_t const last_acked = a.mirror().seq();
  server.kill9();
  EXPECT_EQ(last_acked, static_cast<std::uint64_t>(kBatches));

  server.start();
  BoardSnapshot const board = get_board(server, "durable");
  EXPECT_GE(board.seq, last_acked);
  EXPECT_EQ(diff_objects(a.mirror().objects(), board.objects, "acknowledged state", "GET after kill -9"), "");
  std::uint64_t welcome_seq = 0;
  EXPECT_EQ(diff_objects(a.mirror().objects(), welcome_objects(server, "durable", &welcome_seq),
                         "acknowledged state", "welcome after kill -9"),
            "");
  EXPECT_EQ(welcome_seq, board.seq);

  // The order continues after the restart: no seq is handed out twice.
  Peer later("Bob", "durable");
  later.connect(server);
  later.send("after-restart", {del_op("k0")});
  later.wait_acked("after-restart");
  EXPECT_EQ(later.mirror().ack_seq("after-restart"), board.seq + 1);
}

TEST(Durability, Kill9WithBatchesInFlightKeepsEveryAcknowledgedOne) {
  ServerProcess server;
  create_board(server, "inflight");
  Peer a("Ada", "inflight");
  a.connect(server);

  // Batch i puts object f<i> at x=i; one connection's batches are applied in the order sent,
  // each taking the next seq, so batch i is seq i+1.
  constexpr int kBatches = 400;
  for (int i = 0; i < kBatches; ++i) {
    a.send("f-" + std::to_string(i), {put_op("f" + std::to_string(i), "rect", rect_props(i, 0))});
  }
  a.wait_until([&] { return a.mirror().acks_received() >= 40; }, "the first acks", scaled(30s));
  server.kill9();
  // Acks already on their way were sent before the kill: they count too.
  a.ws().wait_closed(scaled(5s));
  a.pump();

  std::map<int, std::uint64_t> acked;
  for (int i = 0; i < kBatches; ++i) {
    if (auto seq = a.mirror().ack_seq("f-" + std::to_string(i))) acked[i] = *seq;
  }
  ASSERT_GE(acked.size(), 40u);
  std::uint64_t max_acked = 0;
  for (auto const& [i, seq] : acked) {
    EXPECT_EQ(seq, static_cast<std::uint64_t>(i) + 1) << "batch f-" << i;
    max_acked = std::max(max_acked, seq);
  }

  server.start();
  BoardSnapshot const board = get_board(server, "inflight");
  EXPECT_GE(board.seq, max_acked);
  for (auto const& [i, seq] : acked) {
    auto it = board.objects.find("f" + std::to_string(i));
    ASSERT_NE(it, board.objects.end())
        << "acknowledged batch f-" << i << " (seq " << seq << ") lost by kill -9";
    EXPECT_TRUE(json_same(it->second.props.at("x"), i)) << compact(it->second.props);
  }
  // What survived is exactly the first board.seq batches: no gaps, nothing torn.
  EXPECT_EQ(board.objects.size(), board.seq);
  for (std::uint64_t s = 1; s <= board.seq; ++s) {
    EXPECT_TRUE(board.objects.contains("f" + std::to_string(s - 1)))
        << "seq " << s << " present but f" << s - 1 << " missing";
  }

  // Re-sending everything not acknowledged completes the board, each batch exactly once
  // (the ones that were durable but not acknowledged are recognised from the journal).
  a.drop();
  a.connect(server);
  a.resend_unacked();
  a.wait_until([&] { return a.mirror().unacked().empty(); }, "acks of the re-sent batches", scaled(30s));
  BoardSnapshot const complete = get_board(server, "inflight");
  EXPECT_EQ(complete.seq, static_cast<std::uint64_t>(kBatches));
  EXPECT_EQ(complete.objects.size(), static_cast<std::size_t>(kBatches));
  EXPECT_EQ(diff_objects(a.mirror().objects(), complete.objects, "client mirror", "server"), "");
}

TEST(Durability, SigtermExitsCleanlyAndTheBoardReloads) {
  ServerProcess server;
  create_board(server, "graceful");
  Peer a("Ada", "graceful");
  a.connect(server);
  for (int i = 0; i < 20; ++i) {
    a.send("g-" + std::to_string(i),
           {put_op("g" + std::to_string(i % 7), "ellipse", rect_props(i, i, "#abcdef")),
            set_op("g0", {{"opacity", 0.5}})});
  }
  a.wait_until([&] { return a.mirror().unacked().empty(); }, "all acks");
  auto watcher = WsClient::open(server, "graceful");
  watcher->hello(0, "watcher");
  BoardSnapshot const before = get_board(server, "graceful");
  ASSERT_EQ(before.seq, 20u);

  ExitStatus const status = server.terminate();
  EXPECT_TRUE(status.exited && status.code == 0) << "SIGTERM: " << status.describe();
  ASSERT_TRUE(watcher->wait_closed(scaled(5s)));
  CloseInfo const close = watcher->close_info();
  EXPECT_TRUE(close.close_frame && close.code == 1001)
      << "connected clients should get close 1001 on shutdown; got " << close.describe();

  server.start();
  BoardSnapshot const after = get_board(server, "graceful");
  EXPECT_EQ(after.seq, before.seq);
  EXPECT_EQ(diff_objects(before.objects, after.objects, "before SIGTERM", "after restart"), "");
  EXPECT_EQ(diff_objects(a.mirror().objects(), after.objects, "client mirror", "after restart"), "");

  // The journal came back too: a client 5 batches behind catches up with exactly those.
  auto behind = WsClient::open(server, "graceful");
  json::object const welcome = behind->hello(before.seq - 5, "behind");
  ASSERT_TRUE(welcome.contains("ops")) << compact(welcome);
  EXPECT_EQ(welcome.at("ops").as_array().size(), 5u) << compact(welcome, 2000);
}

}  // namespace
}  // namespace cc::itest
