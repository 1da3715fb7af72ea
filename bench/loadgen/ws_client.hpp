// The WebSocket connection under every client of the generator: connect (retrying a refused
// connect while a restarting server comes up), the upgrade, the read loop, an ordered write
// queue, close and failure. What is said on it (our JSON protocol, the Yjs protocols, the
// relay's text) lives in the subclasses. A client lives on one io_context run by one thread,
// so it needs no locks.
#pragma once

#include "clock.hpp"
#include "net.hpp"
#include "server_address.hpp"

#include <atomic>
#include <chrono>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cc::bench {

struct WsOptions {
  ServerAddress server;
  std::string target;  // the path of the upgrade request
  std::string label;   // names the client in log lines
  Micros connect_timeout_us = 10'000'000;
  Micros retry_refused_until_us = 0;  // keep retrying a refused connect until then
  std::chrono::milliseconds retry_interval{1};
  std::chrono::seconds idle_timeout{10};  // a silent server is pinged, then dropped
  bool binary = false;
};

class WsClient : public std::enable_shared_from_this<WsClient> {
 public:
  WsClient(boost::asio::io_context& ioc, WsOptions options, std::atomic<int>& errors_logged);
  virtual ~WsClient() = default;
  WsClient(WsClient const&) = delete;
  WsClient& operator=(WsClient const&) = delete;

  // Callable from any thread; the work runs on the client's context.
  void connect();
  void close();

  // Read after the generator's threads have stopped.
  Micros connect_started_us() const { return connect_started_us_; }
  std::string const& failure() const { return failure_; }

 protected:
  virtual void on_open() = 0;  // the upgrade is done: send the join message
  virtual void on_frame(std::string_view frame, Micros now) = 0;
  virtual void on_failed() = 0;    // count a failure (before or after joining)
  virtual void on_finished() = 0;  // the connection is over; called once

  void send(std::string message);
  std::size_t queued() const { return outbox_.size(); }
  void fail(std::string const& what, boost::beast::error_code ec);
  void finish();
  bool stopping() const { return finished_ || closing_; }
  boost::asio::any_io_executor executor() { return ws_.get_executor(); }
  template <class Derived>
  std::shared_ptr<Derived> shared_as() {
    return std::static_pointer_cast<Derived>(shared_from_this());
  }

  // Connect retries before the connection; the subclass's pacing after it.
  boost::asio::steady_timer timer_;

 private:
  void do_connect();
  void on_connect(boost::beast::error_code ec);
  void on_handshake(boost::beast::error_code ec);
  void do_read();
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  void do_write();
  void on_write(boost::beast::error_code ec, std::size_t bytes);

  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  WsOptions options_;
  std::atomic<int>& errors_logged_;
  boost::beast::flat_buffer read_buffer_;
  std::deque<std::string> outbox_;
  bool writing_ = false;
  bool connected_ = false;
  bool closing_ = false;
  bool finished_ = false;
  Micros connect_started_us_ = 0;
  std::string failure_;
};

// Closes every client and waits (at most `wait`) until `closed` counts them all.
template <class Client>
void close_all(std::vector<std::shared_ptr<Client>> const& clients, std::atomic<int> const& closed,
               Micros wait) {
  for (auto const& c : clients) c->close();
  auto const total = static_cast<int>(clients.size());
  wait_until(now_us() + wait, [&] { return closed.load() >= total; });
}

// Beyond this many, failures and error messages are only counted.
inline constexpr int kMaxLoggedErrors = 5;

}  // namespace cc::bench
