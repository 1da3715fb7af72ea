// /api/boards/<id>/members and /api/boards/<id>/activity. Changes to someone's access take
// effect at once on their open sessions of the board.
#include "http/api/api_json.hpp"
#include "http/api/api_router.hpp"

namespace cc::http::api {

namespace json = boost::json;
using model::Role;

void list_members(ServerContext& context, CallPtr const& call) {
  auto const& board = call->param(0);
  auto role = require_role(context, *call, board, Role::kViewer);
  if (!role) return call->fail(role.error());
  auto members = context.accounts.list_members(board);
  if (!members) return call->fail(members.error());
  json::array list;
  for (auto const& member : *members) list.push_back(member_json(member));
  call->answer(json_ok(call->request, json::object{{"members", std::move(list)}}));
}

void update_member(ServerContext& context, CallPtr const& call) {
  auto const& board = call->param(0);
  auto const& user = call->param(1);
  auto body = JsonBody::parse(call->request.body(), {"role"});
  auto text = body ? body->required_string("role", 16) : Result<std::string>(body.error());
  if (!text) {
    context.metrics.rejected_inputs.fetch_add(1, std::memory_order_relaxed);
    return call->fail(text.error());
  }
  auto new_role = model::parse_role(*text);
  if (!new_role) {
    context.metrics.rejected_inputs.fetch_add(1, std::memory_order_relaxed);
    return call->fail(make_error(ErrorCode::kInvalidMessage, "role must be viewer, editor or owner"));
  }
  auto role = require_role(context, *call, board, Role::kOwner);
  if (!role) return call->fail(role.error());
  auto changed = context.accounts.set_member_role(board, user, *new_role, call->principal.user, now_ms());
  if (!changed) {
    if (changed.error().code == ErrorCode::kConflict) {
      return call->fail(make_error(ErrorCode::kConflict,
                                   "a board keeps at least one owner; make someone else owner first"));
    }
    return call->fail(changed.error());
  }
  if (auto actor = context.registry.find_open(board)) actor->set_role(user, *new_role);
  auto members = context.accounts.list_members(board);
  if (!members) return call->fail(members.error());
  for (auto const& member : *members) {
    if (member.user.id == user)
      return call->answer(json_ok(call->request, json::object{{"member", member_json(member)}}));
  }
  call->fail(make_error(ErrorCode::kNotFound, "no such member"));
}

void remove_member(ServerContext& context, CallPtr const& call) {
  auto const& board = call->param(0);
  auto const& user = call->param(1);
  // Owners remove anyone; anyone may leave.
  bool const leaving = user == call->principal.user;
  auto role = require_role(context, *call, board, leaving ? Role::kViewer : Role::kOwner);
  if (!role) return call->fail(role.error());
  auto removed = context.accounts.remove_member(board, user, call->principal.user, now_ms());
  if (!removed) {
    if (removed.error().code == ErrorCode::kConflict) {
      return call->fail(make_error(ErrorCode::kConflict,
                                   "a board keeps at least one owner; make someone else owner first"));
    }
    return call->fail(removed.error());
  }
  if (auto actor = context.registry.find_open(board)) {
    actor->remove_user(user, sync::CloseCode::kForbidden, "your access to this board was removed");
  }
  call->answer(no_content(call->request));
}

void list_activity(ServerContext& context, CallPtr const& call) {
  auto const& board = call->param(0);
  std::string_view target = call->request.target();
  auto before = size_param(target, "before", 0, 0, static_cast<std::size_t>(INT64_MAX));
  auto limit = before ? size_param(target, "limit", 50, 1, 200) : before;
  if (!limit) {
    context.metrics.rejected_inputs.fetch_add(1, std::memory_order_relaxed);
    return call->fail(limit.error());
  }
  auto role = require_role(context, *call, board, Role::kViewer);
  if (!role) return call->fail(role.error());
  auto events = context.accounts.list_activity(board, static_cast<std::int64_t>(*before), *limit);
  if (!events) return call->fail(events.error());
  json::array list;
  for (auto const& event : *events) list.push_back(activity_json(event));
  call->answer(json_ok(call->request, json::object{{"events", std::move(list)}}));
}

}  // namespace cc::http::api
