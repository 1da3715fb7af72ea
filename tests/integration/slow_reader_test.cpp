// A client that stops reading is cut off (close 4001, or a dropped connection) once its send
// queue overflows, without slowing down anyone else on the board.
#include "integration/test_util.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace cc::itest {
namespace {

namespace json = boost::json;

TEST(SlowReader, IsClosedWhileOthersKeepGettingEveryBatchPromptly) {
  // A reading client's queue must hold one commit's worth of batches (at most the writer's
  // window), so window * text stays well under the 64 KiB queue.
  constexpr int kBatches = 3000;
  constexpr int kWindow = 8;                // batches the writer keeps in flight
  constexpr std::size_t kTextBytes = 1500;  // ~5 MB in all for every reader
  constexpr auto kMaxLatency = scaled(1s);  // per ack and per ops message

  ServerProcess server({"--send-queue-bytes", "65536"});
  create_board(server, "slow");
  auto writer = WsClient::open(server, "slow");
  writer->hello(0, "Writer");
  writer->send_ops("init", {put_op("t", "rect", {{"x", 0}, {"y", 0}, {"text", ""}})});
  std::uint64_t const init_seq = seq_of(writer->wait_for_type("ack"));

  auto slow = WsClient::open(server, "slow", WsOptions{.receive_buffer_bytes = 4096, .token = {}});
  slow->hello(0, "Slow");
  slow->pause_reading();
  auto reader = WsClient::open(server, "slow");
  reader->hello(init_seq, "Reader");
  double const closes_before = metric(scrape_metrics(server.port()), "collabcanvas_send_queue_closes_total");

  std::vector<Clock::time_point> sent_at(kBatches);
  std::map<std::uint64_t, int> batch_of_seq;
  Clock::duration max_ack_latency{};
  int sent = 0;
  int acked = 0;
  auto const deadline = Clock::now() + scaled(90s);
  while (acked < kBatches) {
    while (sent < kBatches && sent - acked < kWindow) {
      sent_at[static_cast<std::size_t>(sent)] = Clock::now();
      writer->send_ops(
          "w-" + std::to_string(sent),
          {set_op("t", {{"text", std::string(kTextBytes, static_cast<char>('a' + sent % 26))}})});
      ++sent;
    }
    auto received = writer->next_received(kMaxLatency * 5);
    ASSERT_TRUE(received.has_value())
        << "the writer got nothing for " << (kMaxLatency * 5).count() << " ms after " << acked << " acks ("
        << writer->close_info().describe() << ")";
    auto const& message = received->message;
    ASSERT_NE(type_of(message), "error") << compact(message);
    if (type_of(message) != "ack") continue;
    int const index = std::stoi(std::string(message.at("batch").as_string()).substr(2));
    batch_of_seq[seq_of(message)] = index;
    max_ack_latency = std::max(max_ack_latency, received->at - sent_at[static_cast<std::size_t>(index)]);
    ++acked;
    ASSERT_LT(Clock::now(), deadline) << "writing took too long; acked " << acked;
  }
  EXPECT_LT(max_ack_latency, kMaxLatency)
      << "slowest ack: " << std::chrono::duration_cast<std::chrono::milliseconds>(max_ack_latency).count()
      << " ms";
  ASSERT_EQ(batch_of_seq.size(), static_cast<std::size_t>(kBatches));
  std::uint64_t const last_seq = batch_of_seq.rbegin()->first;
  EXPECT_EQ(last_seq, init_seq + kBatches);

  // The reading client got every batch, in order, promptly.
  std::uint64_t expect_seq = init_seq + 1;
  Clock::duration max_ops_latency{};
  while (expect_seq <= last_seq) {
    auto received = reader->next_received(kMaxLatency * 5);
    ASSERT_TRUE(received.has_value())
        << "the reader is missing seq " << expect_seq << " (" << reader->close_info().describe() << ")";
    if (type_of(received->message) != "ops") continue;
    std::uint64_t const seq = seq_of(received->message);
    ASSERT_EQ(seq, expect_seq) << "the reader skipped or repeated a batch";
    auto const index = static_cast<std::size_t>(batch_of_seq.at(seq));
    max_ops_latency = std::max(max_ops_latency, received->at - sent_at[index]);
    ++expect_seq;
  }
  EXPECT_LT(max_ops_latency, kMaxLatency)
      << "slowest delivery to the reading client: "
      << std::chrono::duration_cast<std::chrono::milliseconds>(max_ops_latency).count() << " ms";
  EXPECT_FALSE(reader->is_closed()) << reader->close_info().describe();
  EXPECT_FALSE(writer->is_closed()) << writer->close_info().describe();

  // The server gave up on the slow client and counted it.
  auto const metrics_deadline = Clock::now() + scaled(10s);
  double closes = metric(scrape_metrics(server.port()), "collabcanvas_send_queue_closes_total");
  while (closes <= closes_before && Clock::now() < metrics_deadline) {
    std::this_thread::sleep_for(50ms);
    closes = metric(scrape_metrics(server.port()), "collabcanvas_send_queue_closes_total");
  }
  EXPECT_GT(closes, closes_before) << "collabcanvas_send_queue_closes_total did not increase";

  // Reading again, the slow client finds its connection ended: a 4001 close frame after what
  // was buffered, or a dropped connection.
  slow->resume_reading();
  std::size_t slow_ops = 0;
  auto const slow_deadline = Clock::now() + scaled(15s);
  while (Clock::now() < slow_deadline) {
    auto message = slow->next(scaled(15s));
    if (!message) break;
    if (type_of(*message) == "ops") ++slow_ops;
  }
  ASSERT_TRUE(slow->is_closed()) << "the slow client was not disconnected (it received " << slow_ops
                                 << " ops)";
  CloseInfo const info = slow->close_info();
  if (info.close_frame) {
    EXPECT_EQ(info.code, 4001) << info.describe();
  }
  EXPECT_LT(slow_ops, static_cast<std::size_t>(kBatches)) << "the slow client was sent everything after all";
}

}  // namespace
}  // namespace cc::itest
