#include "http/router.hpp"

#include "base/ids.hpp"
#include "http/api/api_router.hpp"
#include "http/static_files.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace cc::http {

namespace beast = boost::beast;
namespace json = boost::json;
namespace net = boost::asio;
using beast::http::status;
using beast::http::verb;

// What a page of the web client answers when the server runs without it (no --static-dir).
constexpr std::string_view kNoClientPage =
    "<!doctype html><title>CollabCanvas</title><p>The web client is not being served. Build it with "
    "<code>make web</code> and start the server with <code>--static-dir web/dist</code> (as "
    "<code>make run</code> does).</p>";

namespace {

Response text_response(Request const& request, status code, std::string body, std::string_view type) {
  Response res{code, request.version()};
  res.set(beast::http::field::server, "collabcanvas");
  res.set(beast::http::field::content_type, type);
  res.set(beast::http::field::cache_control, "no-store");
  res.keep_alive(request.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

// The web client is a single page that routes by path: each of its pages serves index.html.
bool is_client_page(std::string_view path) {
  if (path == "/" || path == "/login") return true;
  for (std::string_view prefix : {"/b/", "/invite/", "/s/"}) {
    if (!path.starts_with(prefix)) continue;
    auto rest = path.substr(prefix.size());
    if (prefix == "/b/" && rest.ends_with("/settings"))
      rest.remove_suffix(std::string_view("/settings").size());
    return is_valid_id(rest);
  }
  return false;
}

}  // namespace

Response json_response(Request const& request, status code, std::string body) {
  return text_response(request, code, std::move(body), "application/json");
}

Response error_response(Request const& request, status code, Error const& error) {
  json::object body{{"error", json::object{{"code", to_string(error.code)}, {"message", error.message}}}};
  return json_response(request, code, json::serialize(body));
}

Router::Router(ServerContext& context) : context_(context), api_(std::make_unique<api::ApiRouter>(context)) {}

Router::~Router() = default;

void Router::handle(Request const& request, std::string remote, Respond respond) {
  context_.metrics.http_requests.fetch_add(1, std::memory_order_relaxed);
  std::string_view target = request.target();
  std::string_view path = target.substr(0, target.find('?'));
  bool is_get = request.method() == verb::get || request.method() == verb::head;

  if (path == "/healthz" && is_get) return respond(json_response(request, status::ok, R"({"status":"ok"})"));
  if (path == "/readyz" && is_get) return readiness(request, std::move(respond));
  if (path == "/metrics" && is_get) {
    return respond(
        text_response(request, status::ok, context_.metrics.render(), "text/plain; version=0.0.4"));
  }
  if (path.starts_with("/api/")) return api_->handle(request, std::move(remote), std::move(respond));
  if (is_get && is_client_page(path)) {
    if (auto index = read_static_file(context_.static_dir, "/index.html")) {
      return respond(text_response(request, status::ok, std::move(index->body), index->content_type));
    }
    return respond(text_response(request, status::service_unavailable, std::string(kNoClientPage),
                                 "text/html; charset=utf-8"));
  }
  if (is_get) {
    if (auto file = read_static_file(context_.static_dir, path)) {
      return respond(text_response(request, status::ok, std::move(file->body), file->content_type));
    }
  }
  respond(error_response(request, status::not_found, make_error(ErrorCode::kNotFound, "no such route")));
}

void Router::readiness(Request const& request, Respond respond) {
  net::post(context_.blocking, [this, request, respond = std::move(respond)] {
    auto ping = context_.store.ping();
    if (ping) return respond(json_response(request, status::ok, R"({"status":"ready"})"));
    respond(error_response(request, status::service_unavailable, ping.error()));
  });
}

}  // namespace cc::http
