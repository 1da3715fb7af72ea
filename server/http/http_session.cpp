#include "http/http_session.hpp"

#include "base/ids.hpp"
#include "http/ws_session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <spdlog/spdlog.h>

namespace cc::http {

namespace beast = boost::beast;
namespace net = boost::asio;
using beast::http::status;

namespace {
constexpr std::chrono::seconds kRequestTimeout{30};
constexpr std::uint32_t kHeaderLimit = 16 * 1024;
}  // namespace

HttpSession::HttpSession(net::ip::tcp::socket socket, ServerContext& context, Router& router)
    : stream_(std::move(socket)), context_(context), router_(router) {}

void HttpSession::run() {
  net::dispatch(stream_.get_executor(), beast::bind_front_handler(&HttpSession::do_read, shared_from_this()));
}

void HttpSession::do_read() {
  parser_.emplace();
  parser_->header_limit(kHeaderLimit);
  parser_->body_limit(context_.options.limits.max_frame_bytes);
  stream_.expires_after(kRequestTimeout);
  beast::http::async_read(stream_, buffer_, *parser_,
                          beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
}

void HttpSession::on_read(beast::error_code ec, std::size_t /*bytes*/) {
  if (ec == beast::http::error::end_of_stream) return do_close();
  if (ec == beast::http::error::body_limit) {
    context_.metrics.rejected_inputs.fetch_add(1, std::memory_order_relaxed);
    Request request;
    request.version(11);
    request.keep_alive(false);
    return write(error_response(
        request, status::payload_too_large,
        make_error(ErrorCode::kTooLarge,
                   "body over " + std::to_string(context_.options.limits.max_frame_bytes) + " bytes")));
  }
  if (ec) return;  // timeouts, resets, malformed requests: nothing sensible to answer

  Request const& request = parser_->get();
  if (beast::websocket::is_upgrade(request)) {
    std::string_view path = request.target();
    path = path.substr(0, path.find('?'));
    std::string_view prefix = "/ws/";
    std::string_view board = path.starts_with(prefix) ? path.substr(prefix.size()) : std::string_view{};
    if (board.empty() && !path.starts_with(prefix)) {
      return write(error_response(request, status::not_found,
                                  make_error(ErrorCode::kNotFound, "WebSocket lives at /ws/<board id>")));
    }
    if (!is_valid_id(board)) {
      context_.metrics.rejected_inputs.fetch_add(1, std::memory_order_relaxed);
      return write(error_response(
          request, status::bad_request,
          make_error(ErrorCode::kInvalidId, "board id must be 1 to 64 characters of A-Z a-z 0-9 _ -")));
    }
    stream_.expires_never();  // the WebSocket has its own timeouts
    auto session = std::make_shared<WsSession>(stream_.release_socket(), context_, std::string(board));
    session->run(parser_->release());
    return;
  }

  auto started = std::chrono::steady_clock::now();
  beast::error_code remote_ec;
  auto remote = stream_.socket().remote_endpoint(remote_ec);
  router_.handle(
      request, remote_ec ? std::string() : remote.address().to_string(),
      [self = shared_from_this(), id = context_.make_id('r'), method = std::string(request.method_string()),
       target = std::string(request.target()), started](Response response) {
        // One line per request; failures at info so they show at the default level.
        auto micros =
            std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started)
                .count();
        auto level = response.result_int() >= 400 ? spdlog::level::info : spdlog::level::debug;
        spdlog::log(level, "req={} {} {} -> {} in {} us", id, method, target, response.result_int(), micros);
        net::dispatch(self->stream_.get_executor(),
                      [self, response = std::move(response)]() mutable { self->write(std::move(response)); });
      });
}

void HttpSession::write(Response response) {
  bool keep_alive = response.keep_alive();
  response_ = std::make_shared<Response>(std::move(response));
  beast::http::async_write(stream_, *response_,
                           beast::bind_front_handler(&HttpSession::on_write, shared_from_this(), keep_alive));
}

void HttpSession::on_write(bool keep_alive, beast::error_code ec, std::size_t /*bytes*/) {
  response_.reset();
  if (ec) return;
  if (!keep_alive) return do_close();
  do_read();
}

void HttpSession::do_close() {
  beast::error_code ec;
  stream_.socket().shutdown(net::ip::tcp::socket::shutdown_send, ec);
}

}  // namespace cc::http
