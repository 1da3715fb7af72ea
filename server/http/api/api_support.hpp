// What every JSON API route needs: the caller's request and answer, reading bodies with the
// field rules of docs/API.md (unknown fields refused, types and lengths checked), errors as
// HTTP statuses, the bearer token and the refresh cookie.
#pragma once

#include "base/error.hpp"
#include "http/router.hpp"

#include <boost/beast/http/status.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace cc::http::api {

// The largest JSON body an API route reads; bigger ones are refused before parsing.
inline constexpr std::size_t kMaxApiBody = 64 * 1024;

std::int64_t now_ms();

boost::beast::http::status status_for(ErrorCode code) noexcept;
Response error_for(Request const& request, Error const& error);
Response json_ok(Request const& request, boost::json::value const& body,
                 boost::beast::http::status status = boost::beast::http::status::ok);
Response no_content(Request const& request);

// A request body that must be a JSON object with only the named fields.
class JsonBody {
 public:
  // An empty body counts as {} when empty_ok.
  static Result<JsonBody> parse(std::string_view body, std::initializer_list<std::string_view> allowed,
                                bool empty_ok = false);

  // Strings of 1..max_bytes (or 0..max_bytes with allow_empty), valid UTF-8 by JSON.
  Result<std::string> required_string(std::string_view name, std::size_t max_bytes) const;
  Result<std::optional<std::string>> optional_string(std::string_view name, std::size_t max_bytes,
                                                     bool allow_empty = false) const;

 private:
  explicit JsonBody(boost::json::object fields) : fields_(std::move(fields)) {}
  boost::json::object fields_;
};

// "Authorization: Bearer <token>"; empty if absent or of another scheme.
std::string_view bearer_token(Request const& request);
// The value of one cookie of the Cookie header; empty if absent.
std::string_view cookie(Request const& request, std::string_view name);

// A query parameter's raw value (no percent-decoding), nullopt if absent.
std::optional<std::string_view> query_param(std::string_view target, std::string_view name);
// Percent-decodes a query value ('+' is a space); nullopt for a malformed escape.
std::optional<std::string> url_decode(std::string_view text);
// A whole number within [min, max], or the fallback when absent; kInvalidMessage otherwise.
Result<std::size_t> size_param(std::string_view target, std::string_view name, std::size_t fallback,
                               std::size_t min, std::size_t max);

}  // namespace cc::http::api
