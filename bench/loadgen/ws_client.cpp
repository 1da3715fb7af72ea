#include "ws_client.hpp"

#include <cstdio>

namespace cc::bench {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;

namespace {

// A welcome of a big board (100,000 objects) is several megabytes.
constexpr std::size_t kMaxReadBytes = std::size_t{256} << 20;

}  // namespace

WsClient::WsClient(net::io_context& ioc, WsOptions options, std::atomic<int>& errors_logged)
    : timer_(ioc), ws_(ioc), options_(std::move(options)), errors_logged_(errors_logged) {}

void WsClient::connect() {
  net::post(executor(), [self = shared_from_this()] {
    self->connect_started_us_ = now_us();
    self->do_connect();
  });
}

void WsClient::do_connect() {
  if (stopping()) return;
  Micros const left = connect_started_us_ + options_.connect_timeout_us - now_us();
  if (left <= 0) return fail("connect", net::error::timed_out);
  beast::get_lowest_layer(ws_).expires_after(std::chrono::microseconds(left));
  beast::get_lowest_layer(ws_).async_connect(
      options_.server.endpoint, beast::bind_front_handler(&WsClient::on_connect, shared_from_this()));
}

void WsClient::on_connect(beast::error_code ec) {
  if (finished_) return;
  if (ec == net::error::connection_refused && now_us() < options_.retry_refused_until_us && !closing_) {
    // A fresh socket for the next attempt: the failed one is left in an unusable state.
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
    timer_.expires_after(options_.retry_interval);
    timer_.async_wait([self = shared_from_this()](beast::error_code wait_ec) {
      if (!wait_ec) self->do_connect();
    });
    return;
  }
  if (ec) return fail("connect", ec);
  beast::get_lowest_layer(ws_).socket().set_option(net::ip::tcp::no_delay(true), ec);
  ws_.async_handshake(options_.server.host_header, options_.target,
                      beast::bind_front_handler(&WsClient::on_handshake, shared_from_this()));
}

void WsClient::on_handshake(beast::error_code ec) {
  if (finished_) return;
  if (ec) return fail("handshake", ec);
  connected_ = true;
  // From here the WebSocket's own timeouts apply: a silent server is pinged and dropped,
  // and a close handshake cannot hang.
  beast::get_lowest_layer(ws_).expires_never();
  websocket::stream_base::timeout timeouts{};
  timeouts.handshake_timeout = std::chrono::seconds(2);
  timeouts.idle_timeout = options_.idle_timeout;
  timeouts.keep_alive_pings = true;
  ws_.set_option(timeouts);
  ws_.read_message_max(kMaxReadBytes);
  ws_.auto_fragment(false);
  ws_.binary(options_.binary);
  if (closing_) return finish();
  do_read();
  on_open();
}

void WsClient::do_read() {
  ws_.async_read(read_buffer_, beast::bind_front_handler(&WsClient::on_read, shared_from_this()));
}

void WsClient::on_read(beast::error_code ec, std::size_t /*bytes*/) {
  if (finished_) return;
  if (ec) {
    if (closing_) return finish();
    return fail("read", ec);
  }
  Micros const now = now_us();
  auto const data = read_buffer_.cdata();
  on_frame(std::string_view(static_cast<char const*>(data.data()), data.size()), now);
  read_buffer_.consume(read_buffer_.size());
  if (!finished_) do_read();
}

void WsClient::send(std::string message) {
  outbox_.push_back(std::move(message));
  if (!writing_) do_write();
}

void WsClient::do_write() {
  writing_ = true;
  ws_.async_write(net::buffer(outbox_.front()),
                  beast::bind_front_handler(&WsClient::on_write, shared_from_this()));
}

void WsClient::on_write(beast::error_code ec, std::size_t /*bytes*/) {
  writing_ = false;
  if (finished_) return;
  if (ec) return closing_ ? finish() : fail("write", ec);
  outbox_.pop_front();
  if (!outbox_.empty() && !closing_) do_write();
}

void WsClient::close() {
  net::post(executor(), [self = shared_from_this()] {
    if (self->stopping()) return;
    self->closing_ = true;
    self->timer_.cancel();
    // A write still in flight would hold the close frame back: just drop the connection.
    if (!self->connected_ || self->writing_) return self->finish();
    self->ws_.async_close(websocket::close_code::normal, [self](beast::error_code) { self->finish(); });
  });
}

void WsClient::fail(std::string const& what, beast::error_code ec) {
  if (finished_) return;
  failure_ = what + ": " + ec.message();
  // A server that refuses the hello says why in its close frame (4401, 4404, ...).
  if (ec == websocket::error::closed) {
    auto const& reason = ws_.reason();
    failure_ += " (" + std::to_string(reason.code) + " " + std::string(reason.reason.c_str()) + ")";
  }
  on_failed();
  if (errors_logged_.fetch_add(1, std::memory_order_relaxed) < kMaxLoggedErrors) {
    std::fprintf(stderr, "cc_loadgen: %s: %s\n", options_.label.c_str(), failure_.c_str());
  }
  finish();
}

void WsClient::finish() {
  if (finished_) return;
  finished_ = true;
  timer_.cancel();
  beast::error_code ignored;
  beast::get_lowest_layer(ws_).socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
  beast::get_lowest_layer(ws_).socket().close(ignored);
  on_finished();
}

}  // namespace cc::bench
