// One call of a JSON API route: the request, who makes it, and how to answer. Route handlers
// run on the blocking pool (they hash passwords and query the store), take the call by shared
// pointer so that those which wait for a board can answer later, and answer exactly once.
#pragma once

#include "auth/auth_service.hpp"
#include "http/api/api_support.hpp"
#include "http/router.hpp"
#include "http/server_context.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cc::http::api {

struct ApiCall {
  Request request;
  std::string remote;               // the client's address, for login limits
  std::vector<std::string> params;  // the {} segments of the route's pattern, in order
  auth::Principal principal;        // set for routes that need a login
  Respond respond;

  void answer(Response response) const { respond(std::move(response)); }
  void fail(Error const& error) const { respond(error_for(request, error)); }
  std::string const& param(std::size_t i) const { return params.at(i); }
};

using CallPtr = std::shared_ptr<ApiCall const>;
using Handler = void (*)(ServerContext& context, CallPtr const& call);

// The caller's role on a board, or the error to answer: not_found when they have none (a
// board you cannot see answers as one that does not exist), forbidden when below `least`.
Result<model::Role> require_role(ServerContext& context, ApiCall const& call, std::string_view board,
                                 model::Role least);

}  // namespace cc::http::api
