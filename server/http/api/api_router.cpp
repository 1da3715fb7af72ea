#include "http/api/api_router.hpp"

#include "base/ids.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http/verb.hpp>

#include <array>

namespace cc::http::api {

namespace net = boost::asio;
using boost::beast::http::verb;

namespace {

struct Route {
  verb method;
  std::string_view pattern;  // "{}" matches one segment: an id, checked by is_valid_id
  bool needs_login;
  Handler handler;
};

constexpr std::array kRoutes{
    Route{verb::post, "/api/auth/register", false, register_user},
    Route{verb::post, "/api/auth/login", false, login},
    Route{verb::post, "/api/auth/refresh", false, refresh},
    Route{verb::post, "/api/auth/logout", false, logout},
    Route{verb::post, "/api/auth/logout-all", true, logout_all},
    Route{verb::get, "/api/me", true, me},
    Route{verb::post, "/api/boards", true, create_board},
    Route{verb::get, "/api/boards", true, list_boards},
    Route{verb::get, "/api/boards/{}", true, get_board},
    Route{verb::patch, "/api/boards/{}", true, update_board},
    Route{verb::delete_, "/api/boards/{}", true, delete_board},
    Route{verb::post, "/api/boards/{}/restore", true, restore_board},
    Route{verb::get, "/api/boards/{}/thumbnail", true, board_thumbnail},
    Route{verb::get, "/api/boards/{}/members", true, list_members},
    Route{verb::patch, "/api/boards/{}/members/{}", true, update_member},
    Route{verb::delete_, "/api/boards/{}/members/{}", true, remove_member},
    Route{verb::get, "/api/boards/{}/activity", true, list_activity},
    Route{verb::post, "/api/boards/{}/invites", true, create_invite},
    Route{verb::get, "/api/boards/{}/invites", true, list_invites},
    Route{verb::delete_, "/api/boards/{}/invites/{}", true, revoke_invite},
    Route{verb::post, "/api/invites/{}/accept", true, accept_invite},
    Route{verb::post, "/api/boards/{}/links", true, create_link},
    Route{verb::get, "/api/boards/{}/links", true, list_links},
    Route{verb::delete_, "/api/boards/{}/links/{}", true, revoke_link},
    Route{verb::post, "/api/links/{}/accept", true, accept_link},
};

// Matches path against pattern; the {} segments go to params. An id segment that breaks the
// id rule still matches (so the answer is a 400 naming the id, not a 404).
bool matches(std::string_view pattern, std::string_view path, std::vector<std::string>& params) {
  params.clear();
  while (!pattern.empty() || !path.empty()) {
    if (pattern.empty() || path.empty() || pattern.front() != '/' || path.front() != '/') return false;
    pattern.remove_prefix(1);
    path.remove_prefix(1);
    auto p_end = pattern.find('/');
    auto s_end = path.find('/');
    auto p_seg = pattern.substr(0, p_end);
    auto s_seg = path.substr(0, s_end);
    if (p_seg == "{}") {
      if (s_seg.empty()) return false;
      params.emplace_back(s_seg);
    } else if (p_seg != s_seg) {
      return false;
    }
    pattern = p_end == std::string_view::npos ? std::string_view{} : pattern.substr(p_end);
    path = s_end == std::string_view::npos ? std::string_view{} : path.substr(s_end);
  }
  return true;
}

}  // namespace

void ApiRouter::handle(Request const& request, std::string remote, Respond respond) {
  std::string_view target = request.target();
  std::string_view path = target.substr(0, target.find('?'));
  verb method = request.method() == verb::head ? verb::get : request.method();
  std::vector<std::string> params;
  Route const* route = nullptr;
  bool path_known = false;
  for (auto const& r : kRoutes) {
    if (!matches(r.pattern, path, params)) continue;
    path_known = true;
    if (r.method == method) {
      route = &r;
      break;
    }
  }
  if (route == nullptr) {
    auto error = path_known ? make_error(ErrorCode::kNotFound, "this route does not take that method")
                            : make_error(ErrorCode::kNotFound, "no such route");
    return respond(error_response(
        request,
        path_known ? boost::beast::http::status::method_not_allowed : boost::beast::http::status::not_found,
        error));
  }
  for (auto const& id : params) {
    if (!is_valid_id(id)) {
      context_.metrics.rejected_inputs.fetch_add(1, std::memory_order_relaxed);
      return respond(error_for(
          request, make_error(ErrorCode::kInvalidId, "an id must be 1 to 64 characters of A-Z a-z 0-9 _ -")));
    }
  }
  auto call = std::make_shared<ApiCall>();
  call->request = request;
  call->remote = std::move(remote);
  call->params = std::move(params);
  call->respond = std::move(respond);
  net::post(context_.blocking, [this, route, call = std::move(call)]() mutable {
    if (route->needs_login) {
      auto principal = context_.auth.authenticate(bearer_token(call->request), now_ms());
      if (!principal) return call->fail(principal.error());
      call->principal = std::move(*principal);
    }
    route->handler(context_, call);
  });
}

Result<model::Role> require_role(ServerContext& context, ApiCall const& call, std::string_view board,
                                 model::Role least) {
  auto role = context.accounts.role_of(board, call.principal.user);
  if (!role) return role.error();
  if (!*role) return make_error(ErrorCode::kNotFound, "no such board");
  if (**role < least) {
    return make_error(ErrorCode::kForbidden, "this needs the " + std::string(model::to_string(least)) +
                                                 " role on the board; yours is " +
                                                 std::string(model::to_string(**role)));
  }
  return **role;
}

}  // namespace cc::http::api
