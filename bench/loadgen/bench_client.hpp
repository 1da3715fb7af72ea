// One WebSocket client of the load generator: a writer (puts its objects, then moves them
// with set ops, keeping up to `window` batches unacknowledged) or a reader (only
// receives). Every client lives on one io_context run by one thread, so it needs no locks.
#pragma once

#include "clock.hpp"
#include "frame_scan.hpp"
#include "net.hpp"
#include "run_state.hpp"

#include <cstdint>
#include <deque>
#include <memory>
#include <string>

namespace cc::bench {

struct ClientConfig {
  boost::asio::ip::tcp::endpoint server;
  std::string host_header;  // host:port
  std::string board;
  std::string name;  // unique per board; prefixes the client's batch and object ids
  bool writer = false;
  int ops_per_batch = 1;
  int window = 1;
  double rate = 0;               // batches per second, 0 = as fast as the window allows
  std::int64_t max_batches = 0;  // 0 = until the window closes
  Micros connect_timeout_us = 10'000'000;
  Micros retry_refused_until_us = 0;  // keep retrying a refused connect until then
};

class BenchClient : public std::enable_shared_from_this<BenchClient> {
 public:
  BenchClient(boost::asio::io_context& ioc, ClientConfig config, ThreadStats& stats, SharedState& shared);

  // Each of these may be called from any thread; the work runs on the client's context.
  void connect();
  void start(RunSchedule schedule);
  void close();

  // Read after the generator's threads have stopped.
  bool welcomed() const { return welcomed_; }
  Micros connect_started_us() const { return connect_started_us_; }
  Micros welcome_at_us() const { return welcome_at_us_; }
  std::int64_t welcome_at_epoch_us() const { return welcome_at_epoch_us_; }
  std::uint64_t welcome_seq() const { return welcome_seq_; }
  std::size_t welcome_objects() const { return welcome_objects_; }
  std::size_t welcome_bytes() const { return welcome_bytes_; }
  std::string const& failure() const { return failure_; }

 private:
  void do_connect();
  void on_connect(boost::beast::error_code ec);
  void on_handshake(boost::beast::error_code ec);
  void do_read();
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  void handle(ScannedMessage const& message, Micros now);
  void on_ack(ScannedMessage const& message, Micros now);
  void on_error_message(ScannedMessage const& message);
  void maybe_send();
  void send_batch(Micros now);
  void enqueue(std::string text);
  void do_write();
  void on_write(boost::beast::error_code ec, std::size_t bytes);
  void fail(std::string const& what, boost::beast::error_code ec);
  void check_done();
  void finish();

  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  boost::asio::steady_timer timer_;  // connect retries and rate pacing
  ClientConfig config_;
  ThreadStats& stats_;
  SharedState& shared_;
  RunSchedule schedule_;
  boost::beast::flat_buffer read_buffer_;
  std::deque<std::string> outbox_;
  bool writing_ = false;

  bool connected_ = false;
  bool welcomed_ = false;
  bool started_ = false;
  bool stopped_sending_ = false;
  bool done_ = false;  // a writer that counted itself in writers_done
  bool closing_ = false;
  bool finished_ = false;
  bool put_acked_ = false;
  int in_flight_ = 0;
  std::int64_t batches_sent_ = 0;
  Micros next_due_us_ = 0;

  Micros connect_started_us_ = 0;
  Micros welcome_at_us_ = 0;
  std::int64_t welcome_at_epoch_us_ = 0;
  std::uint64_t welcome_seq_ = 0;
  std::size_t welcome_objects_ = 0;
  std::size_t welcome_bytes_ = 0;
  std::string failure_;
};

}  // namespace cc::bench
