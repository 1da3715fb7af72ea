#include "http/api/api_support.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <charconv>
#include <chrono>

namespace cc::http::api {

namespace beast = boost::beast;
namespace json = boost::json;
using beast::http::status;

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

status status_for(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::kInvalidJson:
    case ErrorCode::kInvalidMessage:
    case ErrorCode::kUnknownType:
    case ErrorCode::kInvalidOp:
    case ErrorCode::kInvalidId:
    case ErrorCode::kLimitExceeded:
    case ErrorCode::kNotJoined:
    case ErrorCode::kAlreadyJoined:
    case ErrorCode::kUnsupported:
      return status::bad_request;
    case ErrorCode::kTooLarge:
      return status::payload_too_large;
    case ErrorCode::kNotFound:
      return status::not_found;
    case ErrorCode::kConflict:
      return status::conflict;
    case ErrorCode::kUnauthorized:
      return status::unauthorized;
    case ErrorCode::kForbidden:
      return status::forbidden;
    case ErrorCode::kRateLimited:
      return status::too_many_requests;
    case ErrorCode::kGone:
      return status::gone;
    case ErrorCode::kStorage:
      return status::service_unavailable;
    case ErrorCode::kInternal:
      return status::internal_server_error;
  }
  return status::internal_server_error;
}

Response error_for(Request const& request, Error const& error) {
  return error_response(request, status_for(error.code), error);
}

Response json_ok(Request const& request, json::value const& body, status code) {
  return json_response(request, code, json::serialize(body));
}

Response no_content(Request const& request) {
  Response res{status::no_content, request.version()};
  res.set(beast::http::field::server, "collabcanvas");
  res.set(beast::http::field::cache_control, "no-store");
  res.keep_alive(request.keep_alive());
  res.prepare_payload();
  return res;
}

Result<JsonBody> JsonBody::parse(std::string_view body, std::initializer_list<std::string_view> allowed,
                                 bool empty_ok) {
  if (body.size() > kMaxApiBody) {
    return make_error(ErrorCode::kTooLarge, "body over " + std::to_string(kMaxApiBody) + " bytes");
  }
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    if (empty_ok) return JsonBody(json::object{});
    return make_error(ErrorCode::kInvalidMessage, "a JSON object body is required");
  }
  boost::system::error_code ec;
  json::value value = json::parse(body, ec);
  if (ec) return make_error(ErrorCode::kInvalidJson, "body is not valid JSON: " + ec.message());
  auto* fields = value.if_object();
  if (fields == nullptr) return make_error(ErrorCode::kInvalidMessage, "body must be a JSON object");
  for (auto const& field : *fields) {
    bool known = false;
    for (auto name : allowed) known = known || field.key() == name;
    if (!known)
      return make_error(ErrorCode::kInvalidMessage, "unknown field \"" + std::string(field.key()) + "\"");
  }
  return JsonBody(std::move(*fields));
}

Result<std::string> JsonBody::required_string(std::string_view name, std::size_t max_bytes) const {
  auto value = optional_string(name, max_bytes);
  if (!value) return value.error();
  if (!*value) return make_error(ErrorCode::kInvalidMessage, std::string(name) + " is required");
  return std::move(**value);
}

Result<std::optional<std::string>> JsonBody::optional_string(std::string_view name, std::size_t max_bytes,
                                                             bool allow_empty) const {
  auto const* value = fields_.if_contains(name);
  if (value == nullptr) return std::optional<std::string>{};
  if (!value->is_string())
    return make_error(ErrorCode::kInvalidMessage, std::string(name) + " must be a string");
  auto const& text = value->get_string();
  if (text.size() > max_bytes) {
    return make_error(ErrorCode::kTooLarge,
                      std::string(name) + " is longer than " + std::to_string(max_bytes) + " bytes");
  }
  if (text.empty() && !allow_empty) {
    return make_error(ErrorCode::kInvalidMessage, std::string(name) + " must not be empty");
  }
  return std::optional<std::string>(std::string(text.data(), text.size()));
}

std::string_view bearer_token(Request const& request) {
  auto header = request[beast::http::field::authorization];
  constexpr std::string_view kScheme = "Bearer ";
  if (header.size() <= kScheme.size()) return {};
  // The scheme is case-insensitive (RFC 9110).
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    char c = header[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    char k = kScheme[i];
    if (k >= 'A' && k <= 'Z') k = static_cast<char>(k - 'A' + 'a');
    if (c != k) return {};
  }
  auto token = header.substr(kScheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  return {token.data(), token.size()};
}

std::string_view cookie(Request const& request, std::string_view name) {
  auto header = request[beast::http::field::cookie];
  std::string_view rest(header.data(), header.size());
  while (!rest.empty()) {
    auto end = rest.find(';');
    auto pair = rest.substr(0, end);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    auto eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) return pair.substr(eq + 1);
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  return {};
}

std::optional<std::string_view> query_param(std::string_view target, std::string_view name) {
  auto q = target.find('?');
  if (q == std::string_view::npos) return std::nullopt;
  std::string_view query = target.substr(q + 1);
  while (!query.empty()) {
    auto amp = query.find('&');
    auto pair = query.substr(0, amp);
    auto eq = pair.find('=');
    if (pair.substr(0, eq) == name)
      return eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

std::optional<std::string> url_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      unsigned value = 0;
      auto [end, ec] = std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
      if (ec != std::errc() || end != text.data() + i + 3) return std::nullopt;
      out += static_cast<char>(value);
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

Result<std::size_t> size_param(std::string_view target, std::string_view name, std::size_t fallback,
                               std::size_t min, std::size_t max) {
  auto text = query_param(target, name);
  if (!text) return fallback;
  std::size_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || value < min || value > max) {
    return make_error(ErrorCode::kInvalidMessage, std::string(name) + " must be a whole number from " +
                                                      std::to_string(min) + " to " + std::to_string(max));
  }
  return value;
}

}  // namespace cc::http::api
