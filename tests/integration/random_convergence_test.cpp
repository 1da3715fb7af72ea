// Randomized convergence: eight clients edit shared objects with conflicting values while
// dropping and re-joining (with since) and re-sending batches whose ack had not arrived.
// At the end every client's mirror equals the server's board, before and after a restart.
// The seed is printed; COLLABCANVAS_TEST_SEED=<n> reproduces a run.
#include "integration/test_util.hpp"

#include <gtest/gtest.h>

#include <iostream>
#include <random>
#include <set>

namespace cc::itest {
namespace {

namespace json = boost::json;

constexpr int kClients = 8;
constexpr int kTotalOps = 3000;
constexpr std::size_t kMaxInFlight = 6;
constexpr int kSharedIds = 24;

class OpGenerator {
 public:
  explicit OpGenerator(std::uint64_t seed) : rng_(seed) {}

  double uniform() { return std::uniform_real_distribution<double>(0, 1)(rng_); }
  int below(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  bool chance(double p) { return uniform() < p; }

  json::array batch() {
    json::array ops;
    int const count = 1 + below(4);
    for (int i = 0; i < count; ++i) ops.push_back(op());
    return ops;
  }

 private:
  std::string id() { return "o" + std::to_string(below(kSharedIds)); }
  double coordinate() { return below(2000) - 1000 + (chance(0.3) ? 0.5 : 0.0); }
  std::string colour() {
    static char const* const kColours[] = {"#f00", "#00ff00", "#0000ffaa", "transparent", "#123456", "#abc"};
    return kColours[below(6)];
  }
  std::string z() {
    static char const* const kZ[] = {"a0", "a1", "a2", "a5", "a5V", "a9", "aA", "aZ", "ab", "az"};
    return kZ[below(10)];
  }

  json::object op() {
    int const r = below(100);
    if (r < 30) {
      static char const* const kKinds[] = {"rect", "ellipse", "triangle", "star"};
      json::object props = {{"x", coordinate()}, {"y", coordinate()}, {"w", below(300)},
                            {"h", below(300)},   {"fill", colour()},  {"z", z()}};
      if (chance(0.3)) props["text"] = "t" + std::to_string(below(1000));
      if (chance(0.3)) props["opacity"] = below(11) / 10.0;
      return put_op(id(), kKinds[below(4)], std::move(props));
    }
    if (r < 85) {
      json::object props;
      int const fields = 1 + below(3);
      for (int i = 0; i < fields; ++i) {
        switch (below(8)) {
          case 0:
            props["x"] = coordinate();
            break;
          case 1:
            props["y"] = coordinate();
            break;
          case 2:
            props["fill"] = chance(0.15) ? json::value(nullptr) : json::value(colour());
            break;
          case 3:
            props["opacity"] = chance(0.2) ? json::value(nullptr) : json::value(below(11) / 10.0);
            break;
          case 4:
            props["rotation"] = chance(0.2) ? json::value(nullptr) : json::value(below(720) - 360);
            break;
          case 5:
            props["text"] =
                chance(0.2) ? json::value(nullptr) : json::value("s" + std::to_string(below(1000)));
            break;
          case 6:
            props["z"] = z();
            break;
          default:
            props["w"] = below(500);
            break;
        }
      }
      return set_op(id(), std::move(props));
    }
    return del_op(id());
  }

  std::mt19937_64 rng_;
};

TEST(RandomConvergence, EightClientsWithReconnectsAndResends) {
  std::uint64_t const seed = test_seed(20240611);
  std::cout << "[   SEED   ] " << seed << " (COLLABCANVAS_TEST_SEED=" << seed << " reproduces this run)"
            << std::endl;
  RecordProperty("seed", std::to_string(seed));
  SCOPED_TRACE("seed " + std::to_string(seed));
  OpGenerator gen(seed);

  ServerProcess server;
  create_board(server, "random");
  std::vector<std::unique_ptr<Peer>> peers;
  std::vector<int> counters(kClients, 0);
  for (int i = 0; i < kClients; ++i) {
    peers.push_back(std::make_unique<Peer>("p" + std::to_string(i), "random"));
    peers.back()->connect(server);
  }

  std::set<std::string> batches_sent;
  int ops_sent = 0;
  int drops = 0;
  int closes = 0;
  int reconnects = 0;
  int resends = 0;
  auto const deadline = Clock::now() + scaled(60s);
  while (ops_sent < kTotalOps) {
    ASSERT_LT(Clock::now(), deadline) << "the random phase took too long (" << ops_sent << " ops sent)";
    for (auto& peer : peers) peer->pump();

    int const index = gen.below(kClients);
    Peer& peer = *peers[static_cast<std::size_t>(index)];
    if (!peer.connected()) {
      if (gen.chance(0.5)) {
        peer.connect(server);  // since = what its mirror has
        resends += static_cast<int>(peer.resend_unacked());
        ++reconnects;
      }
      continue;
    }
    double const r = gen.uniform();
    if (r < 0.02) {
      peer.drop();
      ++drops;
      continue;
    }
    if (r < 0.03) {
      peer.disconnect();
      ++closes;
      continue;
    }
    auto const unacked = peer.mirror().unacked();
    if (r < 0.06 && !unacked.empty()) {
      peer.ws().send_ops(unacked.front().first, unacked.front().second);  // as if the ack were late
      ++resends;
      continue;
    }
    if (unacked.size() >= kMaxInFlight) {
      peer.wait_until([&] { return peer.mirror().unacked().size() < kMaxInFlight; },
                      "room in the send window", scaled(10s));
      continue;
    }
    std::string const batch = peer.name() + "-" + std::to_string(++counters[static_cast<std::size_t>(index)]);
    json::array const ops = gen.batch();
    peer.send(batch, ops);
    batches_sent.insert(batch);
    ops_sent += static_cast<int>(ops.size());
  }
  std::cout << "[   INFO   ] " << batches_sent.size() << " batches, " << ops_sent << " ops, " << drops
            << " drops, " << closes << " closes, " << reconnects << " reconnects, " << resends
            << " re-sent batches" << std::endl;

  // Everyone back, every batch acknowledged.
  for (auto& peer : peers) {
    if (!peer->connected()) {
      peer->connect(server);
      peer->resend_unacked();
    }
  }
  for (auto& peer : peers) {
    peer->wait_until([&] { return peer->mirror().unacked().empty(); }, "acks of all its batches",
                     scaled(20s));
  }
  BoardSnapshot const board = get_board(server, "random");
  EXPECT_EQ(board.seq, batches_sent.size()) << "every batch must be applied exactly once";

  std::set<std::uint64_t> ack_seqs;
  for (int i = 0; i < kClients; ++i) {
    Peer& peer = *peers[static_cast<std::size_t>(i)];
    peer.wait_seq(board.seq, scaled(10s));
    EXPECT_EQ(peer.mirror().seq(), board.seq) << peer.name();
    EXPECT_EQ(peer.mirror().buffered(), 0u) << peer.name();
    EXPECT_EQ(diff_objects(board.objects, peer.mirror().objects(), "server", peer.name() + "'s mirror"), "");
    for (int n = 1; n <= counters[static_cast<std::size_t>(i)]; ++n) {
      auto const seq = peer.mirror().ack_seq(peer.name() + "-" + std::to_string(n));
      ASSERT_TRUE(seq.has_value());
      EXPECT_TRUE(ack_seqs.insert(*seq).second) << "seq " << *seq << " acknowledged for two batches";
    }
  }
  EXPECT_EQ(ack_seqs.size(), board.seq);
  if (!ack_seqs.empty()) {
    EXPECT_EQ(*ack_seqs.begin(), 1u);
    EXPECT_EQ(*ack_seqs.rbegin(), board.seq);
  }

  // The board as reloaded from disk.
  for (auto& peer : peers) peer->disconnect();
  server.kill9();
  server.start();
  BoardSnapshot const reloaded = get_board(server, "random");
  EXPECT_EQ(reloaded.seq, board.seq);
  EXPECT_EQ(
      diff_objects(peers[0]->mirror().objects(), reloaded.objects, "p0's mirror", "board reloaded from disk"),
      "");
  Peer checker("checker", "random");
  json::object const welcome = checker.connect(server, 0);
  EXPECT_EQ(seq_of(welcome), board.seq);
  EXPECT_EQ(diff_objects(peers[0]->mirror().objects(), checker.mirror().objects(), "p0's mirror",
                         "welcome after restart"),
            "");
}

}  // namespace
}  // namespace cc::itest
