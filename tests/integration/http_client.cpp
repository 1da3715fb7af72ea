#include "integration/http_client.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/parse.hpp>

#include <cctype>
#include <stdexcept>

namespace cc::itest {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

boost::json::value HttpResponse::json() const {
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(body, ec);
  if (ec) throw std::runtime_error("response body is not JSON (" + ec.message() + "): " + describe());
  return value;
}

std::string HttpResponse::describe() const {
  std::string shown = body.size() > 600 ? body.substr(0, 600) + "..." : body;
  return "HTTP " + std::to_string(status) + " [" + content_type + "]: " + shown;
}

std::string HttpResponse::header(std::string_view name) const {
  auto lower = [](std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  };
  for (auto const& [key, value] : headers) {
    if (lower(key) == lower(name)) return value;
  }
  return {};
}

HttpResponse api_request(std::uint16_t port, http::verb method, std::string const& target,
                         std::string const& token, std::string const& body, HttpHeaders headers) {
  if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + token);
  return http_request(port, method, target, body, "application/json", scaled(std::chrono::seconds(10)),
                      headers);
}

HttpResponse http_request(std::uint16_t port, http::verb method, std::string const& target,
                          std::string const& body, std::string const& content_type,
                          std::chrono::milliseconds timeout, HttpHeaders const& headers) {
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  tcp::endpoint const endpoint(net::ip::make_address("127.0.0.1"), port);

  http::request<http::string_body> request(method, target, 11);
  request.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  request.set(http::field::connection, "close");
  for (auto const& [name, value] : headers) request.set(name, value);
  if (method == http::verb::post || method == http::verb::put || method == http::verb::patch ||
      !body.empty()) {
    request.set(http::field::content_type, content_type);
    request.body() = body;
    request.prepare_payload();
  }

  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(256u * 1024 * 1024);
  beast::error_code result;
  char const* stage = "connect";

  stream.expires_after(timeout);
  stream.async_connect(endpoint, [&](beast::error_code connect_ec) {
    if (connect_ec) {
      result = connect_ec;
      return;
    }
    stage = "write";
    http::async_write(stream, request, [&](beast::error_code write_ec, std::size_t) {
      if (write_ec) {
        result = write_ec;
        return;
      }
      stage = "read";
      http::async_read(stream, buffer, parser,
                       [&](beast::error_code read_ec, std::size_t) { result = read_ec; });
    });
  });
  ioc.run();
  if (result) {
    throw std::runtime_error(
        std::string(http::to_string(method)) + " " + target + ": " + stage + " failed: " + result.message() +
        (result == beast::error::timeout ? " (after " + std::to_string(timeout.count()) + " ms)"
                                         : std::string()));
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);

  auto& response = parser.get();
  HttpResponse out;
  out.status = response.result_int();
  out.content_type = std::string(response[http::field::content_type]);
  out.body = std::move(response.body());
  for (auto const& field : response)
    out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  return out;
}

}  // namespace cc::itest
