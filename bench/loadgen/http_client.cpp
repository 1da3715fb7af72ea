#include "http_client.hpp"

#include <stdexcept>

namespace cc::bench {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;

namespace {

// Setup answers are a user or a board: small.
constexpr std::uint64_t kMaxBodyBytes = 1 << 20;

}  // namespace

HttpClient::HttpClient(ServerAddress server) : server_(std::move(server)), stream_(ioc_) {}

HttpReply HttpClient::post(std::string const& target, std::string const& body, std::string const& token,
                           Micros deadline) {
  Micros const left = deadline - now_us();
  if (left <= 0) throw std::runtime_error("POST " + target + ": out of time before sending");
  http::request<http::string_body> request(http::verb::post, target, 11);
  request.set(http::field::host, server_.host_header);
  request.set(http::field::content_type, "application/json");
  if (!token.empty()) request.set(http::field::authorization, "Bearer " + token);
  request.keep_alive(true);
  request.body() = body;
  request.prepare_payload();
  http::response_parser<http::string_body> parser;
  parser.body_limit(kMaxBodyBytes);

  // Each step is an asynchronous call run to completion on this client's own io_context; the
  // stream's expiry bounds all of them together.
  beast::error_code result;
  char const* stage = "";
  auto const run = [&](char const* name, auto&& start) {
    if (result) return;
    stage = name;
    start([&](beast::error_code ec, auto&&...) { result = ec; });
    ioc_.restart();
    ioc_.run();
  };
  stream_.expires_after(std::chrono::microseconds(left));
  if (!connected_) {
    run("connect", [&](auto&& done) { stream_.async_connect(server_.endpoint, done); });
    connected_ = !result;
    beast::error_code ignored;
    if (connected_) stream_.socket().set_option(net::ip::tcp::no_delay(true), ignored);
  }
  run("write", [&](auto&& done) { http::async_write(stream_, request, done); });
  run("read", [&](auto&& done) { http::async_read(stream_, buffer_, parser, done); });
  if (result) {
    drop_connection();
    throw std::runtime_error("POST " + target + ": " + stage + ": " + result.message());
  }
  auto& response = parser.get();
  if (!response.keep_alive()) drop_connection();
  return HttpReply{response.result_int(), std::move(response.body())};
}

void HttpClient::drop_connection() {
  beast::error_code ignored;
  stream_.socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
  stream_.socket().close(ignored);
  buffer_.clear();
  connected_ = false;
}

}  // namespace cc::bench
