// Invitations (/api/boards/<id>/invites, /api/invites/<token>/accept) and share links
// (/api/boards/<id>/links, /api/links/<token>/accept). Invitation tokens are single-use and
// stored only as hashes; share link tokens are kept so owners can copy the link again.
#include "auth/credentials.hpp"
#include "auth/secrets.hpp"
#include "http/api/api_json.hpp"
#include "http/api/api_router.hpp"

#include <spdlog/spdlog.h>

namespace cc::http::api {

namespace json = boost::json;
namespace http = boost::beast::http;
using model::Role;

namespace {

constexpr std::int64_t kInviteLifetimeMs = 7LL * 24 * 60 * 60 * 1000;

void reject(ServerContext& context, CallPtr const& call, Error const& error) {
  context.metrics.rejected_inputs.fetch_add(1, std::memory_order_relaxed);
  call->fail(error);
}

// A role given by an invitation or link: never owner through a link.
Result<Role> granted_role(JsonBody const& body, bool owner_allowed) {
  auto text = body.required_string("role", 16);
  if (!text) return text.error();
  auto role = model::parse_role(*text);
  if (!role || (*role == Role::kOwner && !owner_allowed)) {
    return make_error(ErrorCode::kInvalidMessage, owner_allowed ? "role must be viewer, editor or owner"
                                                                : "role must be viewer or editor");
  }
  return *role;
}

Response joined(Request const& request, store::Joined const& result) {
  return json_ok(request, json::object{{"board", result.board}, {"role", model::to_string(result.role)}});
}

}  // namespace

void create_invite(ServerContext& context, CallPtr const& call) {
  auto const& board = call->param(0);
  auto body = JsonBody::parse(call->request.body(), {"email", "role"});
  if (!body) return reject(context, call, body.error());
  auto email_text = body->required_string("email", 254);
  if (!email_text) return reject(context, call, email_text.error());
  auto email = auth::normalize_email(*email_text);
  if (!email) return reject(context, call, email.error());
  auto role = granted_role(*body, /*owner_allowed=*/true);
  if (!role) return reject(context, call, role.error());
  auto caller = require_role(context, *call, board, Role::kOwner);
  if (!caller) return call->fail(caller.error());

  auto const now = now_ms();
  std::string token = auth::random_token();
  store::Invite invite{auth::random_id("i_"), board, std::move(*email),      *role, auth::sha256_hex(token),
                       call->principal.user,  now,   now + kInviteLifetimeMs};
  if (auto created = context.accounts.create_invite(invite, now); !created)
    return call->fail(created.error());
  std::string url = "/invite/" + token;
  if (context.mailer != nullptr) {
    auto meta = context.accounts.find_board(board);
    std::string name = meta && *meta ? (*meta)->name : board;
    context.mailer->send_invite(invite.email, call->principal.name, std::move(name), url);
  }
  call->answer(json_ok(call->request,
                       json::object{{"invite", invite_json(invite)}, {"token", token}, {"url", url}},
                       http::status::created));
}

void list_invites(ServerContext& context, CallPtr const& call) {
  auto const& board = call->param(0);
  auto caller = require_role(context, *call, board, Role::kOwner);
  if (!caller) return call->fail(caller.error());
  auto invites = context.accounts.list_invites(board, now_ms());
  if (!invites) return call->fail(invites.error());
  json::array list;
  for (auto const& invite : *invites) list.push_back(invite_json(invite));
  call->answer(json_ok(call->request, json::object{{"invites", std::move(list)}}));
}

void revoke_invite(ServerContext& context, CallPtr const& call) {
  auto const& board = call->param(0);
  auto caller = require_role(context, *call, board, Role::kOwner);
  if (!caller) return call->fail(caller.error());
  if (auto revoked = context.accounts.revoke_invite(board, call->param(1)); !revoked)
    return call->fail(revoked.error());
  call->answer(no_content(call->request));
}

void accept_invite(ServerContext& context, CallPtr const& call) {
  auto result =
      context.accounts.accept_invite(auth::sha256_hex(call->param(0)), call->principal.user, now_ms());
  if (!result) {
    if (result.error().code == ErrorCode::kNotFound) {
      return call->fail(make_error(ErrorCode::kNotFound, "this invitation does not exist or was revoked"));
    }
    if (result.error().code == ErrorCode::kGone) {
      return call->fail(make_error(ErrorCode::kGone, "this invitation was used already or has expired"));
    }
    return call->fail(result.error());
  }
  if (auto actor = context.registry.find_open(result->board))
    actor->set_role(call->principal.user, result->role);
  call->answer(joined(call->request, *result));
}

void create_link(ServerContext& context, CallPtr const& call) {
  auto const& board = call->param(0);
  auto body = JsonBody::parse(call->request.body(), {"role"});
  if (!body) return reject(context, call, body.error());
  auto role = granted_role(*body, /*owner_allowed=*/false);
  if (!role) return reject(context, call, role.error());
  auto caller = require_role(context, *call, board, Role::kOwner);
  if (!caller) return call->fail(caller.error());
  auto const now = now_ms();
  store::ShareLink link{auth::random_id("l_"), board, *role, auth::random_token(), call->principal.user, now};
  if (auto created = context.accounts.create_link(link, now); !created) return call->fail(created.error());
  call->answer(json_ok(call->request, json::object{{"link", link_json(link)}}, http::status::created));
}

void list_links(ServerContext& context, CallPtr const& call) {
  auto const& board = call->param(0);
  auto caller = require_role(context, *call, board, Role::kOwner);
  if (!caller) return call->fail(caller.error());
  auto links = context.accounts.list_links(board);
  if (!links) return call->fail(links.error());
  json::array list;
  for (auto const& link : *links) list.push_back(link_json(link));
  call->answer(json_ok(call->request, json::object{{"links", std::move(list)}}));
}

void revoke_link(ServerContext& context, CallPtr const& call) {
  auto const& board = call->param(0);
  auto caller = require_role(context, *call, board, Role::kOwner);
  if (!caller) return call->fail(caller.error());
  auto removed = context.accounts.revoke_link(board, call->param(1), call->principal.user, now_ms());
  if (!removed) return call->fail(removed.error());
  if (auto actor = context.registry.find_open(board)) {
    for (auto const& user : *removed) {
      actor->remove_user(user, sync::CloseCode::kForbidden, "the share link you joined with was revoked");
    }
  }
  call->answer(no_content(call->request));
}

void accept_link(ServerContext& context, CallPtr const& call) {
  auto result = context.accounts.accept_link(call->param(0), call->principal.user, now_ms());
  if (!result) {
    if (result.error().code == ErrorCode::kNotFound) {
      return call->fail(make_error(ErrorCode::kNotFound, "this link does not exist or was revoked"));
    }
    return call->fail(result.error());
  }
  if (auto actor = context.registry.find_open(result->board))
    actor->set_role(call->principal.user, result->role);
  call->answer(joined(call->request, *result));
}

}  // namespace cc::http::api
