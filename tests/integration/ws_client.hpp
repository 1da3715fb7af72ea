// A WebSocket client for the tests. It reads on a background thread from the moment it is
// connected, so every server frame is collected (with the time it arrived) whether or not
// the test is waiting; a frame that is a JSON array is flattened into one message per
// element. All waits take a timeout; the throwing ones say what they were waiting for and
// what arrived instead.
#pragma once

#include "integration/server_process.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace cc::itest {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

inline constexpr std::chrono::milliseconds kDefaultWait = scaled(std::chrono::seconds(5));

// The server refused the WebSocket upgrade with an HTTP response.
class UpgradeRejected : public std::runtime_error {
 public:
  UpgradeRejected(unsigned http_status, std::string const& what)
      : std::runtime_error(what), status(http_status) {}
  unsigned status;
};

// How the connection ended.
struct CloseInfo {
  bool closed = false;       // the read side has ended
  bool close_frame = false;  // ... because the server sent a close frame
  int code = 0;              // its close code
  std::string reason;        // its reason text
  std::string error;         // the error that ended the read loop
  std::string describe() const;
};

struct Received {
  boost::json::object message;
  Clock::time_point at;  // when the frame carrying it was read
};

struct WsOptions {
  std::chrono::milliseconds connect_timeout = kDefaultWait;
  int receive_buffer_bytes = 0;  // SO_RCVBUF to set before connecting; 0 keeps the default
  std::string token;             // the access token hello sends; none when empty
};

class WsClient {
 public:
  using Options = WsOptions;

  // Connects to ws://127.0.0.1:<port><target> (e.g. "/ws/my-board"). Throws UpgradeRejected
  // if the server answers the upgrade with an HTTP error, std::runtime_error otherwise.
  WsClient(std::uint16_t port, std::string const& target, Options options);
  WsClient(std::uint16_t port, std::string const& target) : WsClient(port, target, Options{}) {}
  ~WsClient();

  WsClient(WsClient const&) = delete;
  WsClient& operator=(WsClient const&) = delete;

  static std::unique_ptr<WsClient> open(std::uint16_t port, std::string const& board_id,
                                        Options options = {}) {
    return std::make_unique<WsClient>(port, "/ws/" + board_id, options);
  }
  // As the harness's owner account (ServerProcess::token()).
  static std::unique_ptr<WsClient> open(ServerProcess& server, std::string const& board_id,
                                        Options options = {}) {
    options.token = server.token();
    return open(server.port(), board_id, std::move(options));
  }

  // Sends hello and waits for the welcome (throws on an error frame, close or timeout).
  boost::json::object hello(std::uint64_t since, std::string const& name,
                            std::chrono::milliseconds timeout = kDefaultWait);
  // The connection id the welcome named ("" before the welcome).
  std::string const& client_id() const { return client_id_; }

  // Writes are queued and performed in order by the background thread; a failed write is
  // recorded (see write_error) and the read side reports the close.
  void send_text(std::string text);
  void send_binary(std::string data);
  void send_json(boost::json::value const& message);
  void send_ops(std::string const& batch, boost::json::array const& ops);
  void send_ping() { send_json({{"type", "ping"}}); }
  // Waits until every queued write has completed; false on timeout.
  bool flush(std::chrono::milliseconds timeout = kDefaultWait);
  std::string write_error() const;

  // The next message; nullopt on timeout or when the connection has ended and nothing is left.
  std::optional<Received> next_received(std::chrono::milliseconds timeout);
  std::optional<boost::json::object> next(std::chrono::milliseconds timeout);
  std::optional<boost::json::object> try_next() { return next(0ms); }
  // Consumes messages until one satisfies pred and returns it. Throws std::runtime_error naming
  // `what` on timeout or close, with the last messages skipped. Skipped messages are appended
  // to *skipped when given.
  boost::json::object wait_for(std::function<bool(boost::json::object const&)> const& pred,
                               std::string const& what, std::chrono::milliseconds timeout = kDefaultWait,
                               std::vector<boost::json::object>* skipped = nullptr);
  boost::json::object wait_for_type(std::string const& type, std::chrono::milliseconds timeout = kDefaultWait,
                                    std::vector<boost::json::object>* skipped = nullptr);
  // Sends a ping and waits for the pong: proof the connection is open and being served.
  void expect_pong(std::chrono::milliseconds timeout = kDefaultWait);

  // Stops / resumes reading: while paused the client reads nothing, so the server's frames
  // pile up in the socket buffers (a slow reader).
  void pause_reading();
  void resume_reading();

  // Waits until the read side has ended; false on timeout.
  bool wait_closed(std::chrono::milliseconds timeout = kDefaultWait);
  bool is_closed() const;
  CloseInfo close_info() const;

  // Graceful close handshake (bounded by timeout).
  void close(std::chrono::milliseconds timeout = kDefaultWait);
  // Abrupt: resets the TCP connection without a close frame.
  void drop();

  // Text frames that were not valid JSON messages, and binary frames (protocol violations).
  std::vector<std::string> bad_frames() const;

  // Returns the status of the HTTP response to an upgrade request for target: 101 if the
  // upgrade succeeded (the connection is then closed), else the refusal's status.
  static unsigned upgrade_status(std::uint16_t port, std::string const& target);

 private:
  struct Write {
    enum class Kind { kText, kBinary, kClose } kind;
    std::string data;
  };

  void enqueue(Write write);
  void do_write();
  void do_read();
  void on_read(boost::beast::error_code ec);
  void finish_read(boost::beast::error_code ec);

  boost::asio::io_context ioc_;
  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  boost::beast::websocket::response_type upgrade_response_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::thread thread_;

  // Background thread only.
  std::deque<Write> writes_;
  bool writing_ = false;
  bool paused_ = false;
  bool read_pending_ = false;
  bool read_ended_ = false;

  // Shared, under mutex_.
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Received> inbox_;
  CloseInfo close_;
  std::size_t writes_in_flight_ = 0;
  std::string write_error_;
  std::vector<std::string> bad_frames_;

  std::string client_id_;
  std::string token_;
};

// Sends, on a fresh connection of its own, a hello and then one masked text frame holding
// payload, written with plain sockets so that a write the server cuts short cannot hide its
// close frame; then reads until the server's close frame or the end of the connection
// (bounded by timeout). For frames the server refuses by closing the connection.
CloseInfo send_frame_expecting_close(std::uint16_t port, std::string const& target, std::string const& token,
                                     std::string const& payload,
                                     std::chrono::milliseconds timeout = kDefaultWait);

// Helpers for messages.
std::string type_of(boost::json::object const& message);
std::string compact(boost::json::value const& value, std::size_t max_chars = 400);
std::uint64_t to_u64(boost::json::value const& value);
std::uint64_t seq_of(boost::json::object const& message);

}  // namespace cc::itest
