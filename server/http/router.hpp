// The HTTP routes (docs/API.md): health, readiness, metrics, the boards API, the board page
// and the static files of the web client. Handlers answer through a callback so that routes
// which need a board or the store can answer later, from another thread.
#pragma once

#include "http/server_context.hpp"

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <functional>

namespace cc::http {

using Request = boost::beast::http::request<boost::beast::http::string_body>;
using Response = boost::beast::http::response<boost::beast::http::string_body>;
// Called exactly once, from any thread.
using Respond = std::function<void(Response)>;

class Router {
 public:
  explicit Router(ServerContext& context) : context_(context) {}
  void handle(Request const& request, Respond respond);

 private:
  void create_board(Request const& request, Respond respond);
  void list_boards(Request const& request, Respond respond);
  void get_board(std::string board, Request const& request, Respond respond);
  void readiness(Request const& request, Respond respond);

  ServerContext& context_;
};

// Helpers shared by the routes and the sessions.
Response json_response(Request const& request, boost::beast::http::status status, std::string body);
Response error_response(Request const& request, boost::beast::http::status status, Error const& error);

}  // namespace cc::http
