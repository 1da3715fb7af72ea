// Shared helpers for the integration tests: op builders, board and metrics look-ups over
// HTTP, and Peer, a WebSocket client paired with a BoardMirror.
#pragma once

#include "integration/accounts.hpp"
#include "integration/board_mirror.hpp"
#include "integration/http_client.hpp"
#include "integration/server_process.hpp"
#include "integration/ws_client.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace cc::itest {

boost::json::object put_op(std::string const& id, std::string const& kind, boost::json::object props);
boost::json::object set_op(std::string const& id, boost::json::object props);
boost::json::object del_op(std::string const& id);
// Props of a valid rectangle.
boost::json::object rect_props(double x, double y, std::string const& fill = "#ffcc00");

// POST /api/boards {"id":id} as the harness's owner account; throws unless 201.
void create_board(ServerProcess& server, std::string const& id);

struct BoardSnapshot {
  std::uint64_t seq = 0;
  ObjectMap objects;
  boost::json::object raw;
};
// GET /api/boards/<id> as the harness's owner account; throws unless 200 with a well-formed body.
BoardSnapshot get_board(ServerProcess& server, std::string const& id);

// GET /metrics, summed per metric name over label sets ("name{a="b"} 3" counts for "name").
std::map<std::string, double> scrape_metrics(std::uint16_t port);
double metric(std::map<std::string, double> const& metrics, std::string const& name);

// The "code" of an error frame ("" if the message is not an error frame).
std::string error_code(boost::json::object const& message);

// The seed for randomized tests: COLLABCANVAS_TEST_SEED if set, else fallback.
std::uint64_t test_seed(std::uint64_t fallback);

// A client and its mirror. Every message it consumes goes through the mirror; an error
// frame or an anomaly in the mirror throws (use the WsClient directly to expect errors).
class Peer {
 public:
  Peer(std::string name, std::string board) : name_(std::move(name)), board_(std::move(board)) {}

  // Connects and says hello with since = the mirror's seq (0 for a fresh peer); returns the welcome.
  // As the harness's owner account.
  boost::json::object connect(ServerProcess& server, std::optional<std::uint64_t> since = std::nullopt);
  void disconnect();  // graceful close
  void drop();        // abrupt
  bool connected() const { return ws_ != nullptr; }

  void send(std::string const& batch, boost::json::array const& ops);
  // Re-sends every batch not acknowledged yet, in the order first sent.
  std::size_t resend_unacked();

  // Applies every message already received; never blocks.
  void pump();
  // Applies messages until cond() holds; throws naming `what` on timeout or close.
  void wait_until(std::function<bool()> const& cond, std::string const& what,
                  std::chrono::milliseconds timeout = kDefaultWait);
  void wait_acked(std::string const& batch, std::chrono::milliseconds timeout = kDefaultWait);
  void wait_seq(std::uint64_t seq, std::chrono::milliseconds timeout = kDefaultWait);

  WsClient& ws() { return *ws_; }
  BoardMirror& mirror() { return mirror_; }
  // Every message consumed so far, over all connections, in order.
  std::vector<boost::json::object> const& log() const { return log_; }
  void clear_log() { log_.clear(); }
  std::string const& name() const { return name_; }

 private:
  void consume(boost::json::object const& message);

  std::string name_;
  std::string board_;
  std::unique_ptr<WsClient> ws_;
  BoardMirror mirror_;
  std::vector<boost::json::object> log_;
};

}  // namespace cc::itest
