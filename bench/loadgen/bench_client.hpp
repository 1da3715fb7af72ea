// One client of the load generator on our server: a writer (puts its objects, then moves them
// with set ops, keeping up to `window` batches unacknowledged) or a reader (only receives).
#pragma once

#include "clock.hpp"
#include "frame_scan.hpp"
#include "run_state.hpp"
#include "ws_client.hpp"

#include <cstdint>
#include <memory>
#include <string>

namespace cc::bench {

struct ClientConfig {
  ServerAddress server;
  std::string token;  // the access token of the account that owns the board
  std::string board;
  std::string name;  // unique per board; prefixes the client's batch and object ids
  bool writer = false;
  int ops_per_batch = 1;
  int window = 1;
  double rate = 0;  // batches per second, 0 = as fast as the window allows
  // With a rate: when in its interval this writer sends, as a fraction of the interval.
  // Independent users do not edit in step; writers that all fired on the same tick would
  // measure the burst, not the server.
  double phase = 0;
  std::int64_t max_batches = 0;  // 0 = until the window closes
  Micros connect_timeout_us = 10'000'000;
  Micros retry_refused_until_us = 0;  // keep retrying a refused connect until then
};

class BenchClient : public WsClient {
 public:
  BenchClient(boost::asio::io_context& ioc, ClientConfig config, ThreadStats& stats, SharedState& shared);

  // Callable from any thread; the work runs on the client's context.
  void start(RunSchedule schedule);

  // Read after the generator's threads have stopped.
  bool welcomed() const { return welcomed_; }
  Micros welcome_at_us() const { return welcome_at_us_; }
  std::int64_t welcome_at_epoch_us() const { return welcome_at_epoch_us_; }
  std::uint64_t welcome_seq() const { return welcome_seq_; }
  std::size_t welcome_objects() const { return welcome_objects_; }
  std::size_t welcome_bytes() const { return welcome_bytes_; }

 private:
  void on_open() override;
  void on_frame(std::string_view frame, Micros now) override;
  void on_failed() override;
  void on_finished() override;

  void handle(ScannedMessage const& message, Micros now);
  void on_ack(ScannedMessage const& message, Micros now);
  void on_error_message(ScannedMessage const& message);
  void maybe_send();
  void send_batch(Micros now);
  void check_done();

  ClientConfig config_;
  ThreadStats& stats_;
  SharedState& shared_;
  RunSchedule schedule_;

  bool welcomed_ = false;
  bool started_ = false;
  bool stopped_sending_ = false;
  bool done_ = false;  // a writer that counted itself in writers_done
  bool put_acked_ = false;
  int in_flight_ = 0;
  std::int64_t batches_sent_ = 0;
  Micros next_due_us_ = 0;

  Micros welcome_at_us_ = 0;
  std::int64_t welcome_at_epoch_us_ = 0;
  std::uint64_t welcome_seq_ = 0;
  std::size_t welcome_objects_ = 0;
  std::size_t welcome_bytes_ = 0;
};

}  // namespace cc::bench
