// The HTTP routes (docs/API.md): health, readiness, metrics, the JSON API (handed to
// api::ApiRouter), the pages and static files of the web client. Handlers answer through a callback so that
// routes which need a board or the store can answer later, from another thread.
#pragma once

#include "http/server_context.hpp"

namespace cc::http::api {
class ApiRouter;
}

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <functional>
#include <memory>
#include <string>

namespace cc::http {

using Request = boost::beast::http::request<boost::beast::http::string_body>;
using Response = boost::beast::http::response<boost::beast::http::string_body>;
// Called exactly once, from any thread.
using Respond = std::function<void(Response)>;

class Router {
 public:
  explicit Router(ServerContext& context);
  ~Router();
  Router(Router const&) = delete;
  Router& operator=(Router const&) = delete;
  // remote: the client's address (for login limits).
  void handle(Request const& request, std::string remote, Respond respond);

 private:
  void readiness(Request const& request, Respond respond);

  ServerContext& context_;
  std::unique_ptr<api::ApiRouter> api_;
};

// Helpers shared by the routes and the sessions.
Response json_response(Request const& request, boost::beast::http::status status, std::string body);
Response error_response(Request const& request, boost::beast::http::status status, Error const& error);

}  // namespace cc::http
