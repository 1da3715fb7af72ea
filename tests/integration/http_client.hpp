// A tiny HTTP/1.1 client for the tests: one request per connection, with a deadline on the
// whole exchange (connect, write, read).
#pragma once

#include "integration/server_process.hpp"

#include <boost/beast/http/verb.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cc::itest {

// Request headers beyond Host and Content-Type, e.g. {{"Authorization", "Bearer ..."}}.
using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpResponse {
  unsigned status = 0;
  std::string content_type;
  std::string body;
  HttpHeaders headers;  // every response header, names as sent

  // The value of a header (case-insensitive name); "" if absent.
  std::string header(std::string_view name) const;

  // The body parsed as JSON; throws std::runtime_error quoting the body if it is not JSON.
  boost::json::value json() const;
  // "HTTP 404 text/plain: <body...>" for failure messages.
  std::string describe() const;
};

// Throws std::runtime_error on a connection error or timeout.
HttpResponse http_request(std::uint16_t port, boost::beast::http::verb method, std::string const& target,
                          std::string const& body = {}, std::string const& content_type = "application/json",
                          std::chrono::milliseconds timeout = scaled(std::chrono::seconds(10)),
                          HttpHeaders const& headers = {});

// A request with "Authorization: Bearer <token>" (none when token is empty).
HttpResponse api_request(std::uint16_t port, boost::beast::http::verb method, std::string const& target,
                         std::string const& token, std::string const& body = {}, HttpHeaders headers = {});

inline HttpResponse http_get(std::uint16_t port, std::string const& target) {
  return http_request(port, boost::beast::http::verb::get, target);
}

inline HttpResponse http_post(std::uint16_t port, std::string const& target, std::string const& body) {
  return http_request(port, boost::beast::http::verb::post, target, body);
}

}  // namespace cc::itest
