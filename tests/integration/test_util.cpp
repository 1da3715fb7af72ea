#include "integration/test_util.hpp"

#include <boost/json/serialize.hpp>

#include <cstdlib>
#include <sstream>
#include <stdexcept>

namespace cc::itest {

namespace json = boost::json;

json::object put_op(std::string const& id, std::string const& kind, json::object props) {
  return {{"op", "put"}, {"id", id}, {"kind", kind}, {"props", std::move(props)}};
}

json::object set_op(std::string const& id, json::object props) {
  return {{"op", "set"}, {"id", id}, {"props", std::move(props)}};
}

json::object del_op(std::string const& id) { return {{"op", "del"}, {"id", id}}; }

json::object rect_props(double x, double y, std::string const& fill) {
  return {{"x", x}, {"y", y}, {"w", 100}, {"h", 50}, {"fill", fill}};
}

void create_board(ServerProcess& server, std::string const& id) {
  HttpResponse const response = api_request(server.port(), boost::beast::http::verb::post, "/api/boards",
                                            server.token(), json::serialize(json::object{{"id", id}}));
  if (response.status != 201) {
    throw std::runtime_error("POST /api/boards {\"id\":\"" + id + "\"}: expected 201, got " +
                             response.describe());
  }
}

BoardSnapshot get_board(ServerProcess& server, std::string const& id) {
  HttpResponse const response =
      api_request(server.port(), boost::beast::http::verb::get, "/api/boards/" + id, server.token());
  if (response.status != 200) {
    throw std::runtime_error("GET /api/boards/" + id + ": expected 200, got " + response.describe());
  }
  json::value body = response.json();
  if (!body.is_object() || !body.get_object().contains("seq") || !body.get_object().contains("objects")) {
    throw std::runtime_error("GET /api/boards/" + id + ": expected {id, seq, objects}, got " +
                             response.describe());
  }
  BoardSnapshot snapshot;
  snapshot.raw = std::move(body.as_object());
  snapshot.seq = to_u64(snapshot.raw.at("seq"));
  snapshot.objects = objects_from_json(snapshot.raw.at("objects"));
  return snapshot;
}

std::map<std::string, double> scrape_metrics(std::uint16_t port) {
  HttpResponse const response = http_get(port, "/metrics");
  if (response.status != 200) throw std::runtime_error("GET /metrics: " + response.describe());
  std::map<std::string, double> out;
  std::istringstream lines(response.body);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto const name_end = line.find_first_of("{ ");
    if (name_end == std::string::npos) continue;
    auto const value_start = line.find(' ', line[name_end] == '{' ? line.find('}', name_end) : name_end);
    if (value_start == std::string::npos) continue;
    std::istringstream value_text(line.substr(value_start + 1));
    double value = 0;
    if (!(value_text >> value)) continue;
    out[line.substr(0, name_end)] += value;
  }
  return out;
}

double metric(std::map<std::string, double> const& metrics, std::string const& name) {
  auto it = metrics.find(name);
  if (it == metrics.end()) throw std::runtime_error("metric " + name + " is not exposed by /metrics");
  return it->second;
}

std::string error_code(json::object const& message) {
  if (type_of(message) != "error") return {};
  auto const* code = message.if_contains("code");
  return code != nullptr && code->is_string() ? std::string(code->get_string()) : std::string("(no code)");
}

std::uint64_t test_seed(std::uint64_t fallback) {
  if (char const* text = std::getenv("COLLABCANVAS_TEST_SEED"); text != nullptr && *text != '\0') {
    return std::strtoull(text, nullptr, 10);
  }
  return fallback;
}

json::object Peer::connect(ServerProcess& server, std::optional<std::uint64_t> since) {
  ws_ = WsClient::open(server, board_);
  json::object welcome = ws_->hello(since.value_or(mirror_.seq()), name_);
  consume(welcome);
  return welcome;
}

void Peer::disconnect() {
  if (!ws_) return;
  ws_->close();
  pump();
  ws_.reset();
}

void Peer::drop() {
  if (!ws_) return;
  ws_->drop();
  pump();
  ws_.reset();
}

void Peer::send(std::string const& batch, json::array const& ops) {
  mirror_.sent(batch, ops);
  ws_->send_ops(batch, ops);
}

std::size_t Peer::resend_unacked() {
  auto const unacked = mirror_.unacked();
  for (auto const& [batch, ops] : unacked) ws_->send_ops(batch, ops);
  return unacked.size();
}

void Peer::consume(json::object const& message) {
  if (type_of(message) == "error")
    throw std::runtime_error(name_ + " got an unexpected error: " + compact(message));
  log_.push_back(message);
  mirror_.apply(message);
  if (!mirror_.anomalies().empty()) {
    throw std::runtime_error(name_ + ": protocol anomaly: " + mirror_.anomalies().front());
  }
}

void Peer::pump() {
  if (!ws_) return;
  while (auto message = ws_->try_next()) consume(*message);
}

void Peer::wait_until(std::function<bool()> const& cond, std::string const& what,
                      std::chrono::milliseconds timeout) {
  auto const deadline = Clock::now() + timeout;
  while (!cond()) {
    if (!ws_) throw std::runtime_error(name_ + " is not connected while waiting for " + what);
    auto const left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    auto message = ws_->next(std::max(left, std::chrono::milliseconds(0)));
    if (!message) {
      throw std::runtime_error(name_ + ": " +
                               (ws_->is_closed()
                                    ? "connection ended (" + ws_->close_info().describe() + ")"
                                    : "timed out after " + std::to_string(timeout.count()) + " ms") +
                               " waiting for " + what + " (mirror at seq " + std::to_string(mirror_.seq()) +
                               ", " + std::to_string(mirror_.buffered()) + " buffered)");
    }
    consume(*message);
  }
}

void Peer::wait_acked(std::string const& batch, std::chrono::milliseconds timeout) {
  wait_until([&] { return mirror_.ack_seq(batch).has_value(); }, "the ack of batch " + batch, timeout);
}

void Peer::wait_seq(std::uint64_t seq, std::chrono::milliseconds timeout) {
  wait_until([&] { return mirror_.seq() >= seq; }, "board seq " + std::to_string(seq), timeout);
}

}  // namespace cc::itest
