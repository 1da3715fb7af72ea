// The JSON API under /api/: a table of routes (method, path pattern, whether a login is
// needed, handler), matched segment by segment. Authentication happens here, once, before any
// handler runs; board roles are checked by the handlers, which know which board they touch.
#pragma once

#include "http/api/api_call.hpp"

#include <string>
#include <string_view>

namespace cc::http::api {

class ApiRouter {
 public:
  explicit ApiRouter(ServerContext& context) : context_(context) {}
  // Answers every path under /api/, 404 for unknown ones.
  void handle(Request const& request, std::string remote, Respond respond);

 private:
  ServerContext& context_;
};

// The route handlers, one file per resource.
void register_user(ServerContext& context, CallPtr const& call);
void login(ServerContext& context, CallPtr const& call);
void refresh(ServerContext& context, CallPtr const& call);
void logout(ServerContext& context, CallPtr const& call);
void logout_all(ServerContext& context, CallPtr const& call);
void me(ServerContext& context, CallPtr const& call);

void create_board(ServerContext& context, CallPtr const& call);
void list_boards(ServerContext& context, CallPtr const& call);
void get_board(ServerContext& context, CallPtr const& call);
void update_board(ServerContext& context, CallPtr const& call);
void delete_board(ServerContext& context, CallPtr const& call);
void restore_board(ServerContext& context, CallPtr const& call);
void board_thumbnail(ServerContext& context, CallPtr const& call);

void list_members(ServerContext& context, CallPtr const& call);
void update_member(ServerContext& context, CallPtr const& call);
void remove_member(ServerContext& context, CallPtr const& call);
void list_activity(ServerContext& context, CallPtr const& call);

void create_invite(ServerContext& context, CallPtr const& call);
void list_invites(ServerContext& context, CallPtr const& call);
void revoke_invite(ServerContext& context, CallPtr const& call);
void accept_invite(ServerContext& context, CallPtr const& call);
void create_link(ServerContext& context, CallPtr const& call);
void list_links(ServerContext& context, CallPtr const& call);
void revoke_link(ServerContext& context, CallPtr const& call);
void accept_link(ServerContext& context, CallPtr const& call);

}  // namespace cc::http::api
