#include "http/api/api_json.hpp"

#include <boost/json/parse.hpp>

namespace cc::http::api {

namespace json = boost::json;

json::object user_json(store::User const& user) {
  return json::object{
      {"id", user.id}, {"email", user.email}, {"name", user.name}, {"createdAt", user.created_ms}};
}

json::object user_ref_json(store::UserRef const& user) {
  return json::object{{"id", user.id}, {"name", user.name}};
}

json::object board_json(store::BoardMeta const& board, model::Role role) {
  json::object out{{"id", board.id},
                   {"name", board.name},
                   {"description", board.description},
                   {"role", model::to_string(role)},
                   {"owner", user_ref_json(board.owner)},
                   {"seq", board.seq},
                   {"createdAt", board.created_ms},
                   {"updatedAt", board.updated_ms}};
  if (board.deleted_ms) out["deletedAt"] = *board.deleted_ms;
  return out;
}

json::object member_json(store::Member const& member) {
  json::object out{{"user", user_ref_json(member.user)},
                   {"email", member.email},
                   {"role", model::to_string(member.role)},
                   {"addedAt", member.added_ms}};
  out["via"] = member.link ? json::value("link") : json::value(nullptr);
  return out;
}

json::object invite_json(store::Invite const& invite) {
  return json::object{{"id", invite.id},
                      {"email", invite.email},
                      {"role", model::to_string(invite.role)},
                      {"createdAt", invite.created_ms},
                      {"expiresAt", invite.expires_ms}};
}

json::object link_json(store::ShareLink const& link) {
  return json::object{{"id", link.id},
                      {"role", model::to_string(link.role)},
                      {"createdAt", link.created_ms},
                      {"url", "/s/" + link.token}};
}

json::object activity_json(store::ActivityEvent const& event) {
  boost::system::error_code ec;
  json::value detail = json::parse(event.detail_json, ec);
  if (ec || !detail.is_object()) detail = json::object{};
  return json::object{{"id", event.id},
                      {"at", event.at_ms},
                      {"actor", user_ref_json(event.actor)},
                      {"type", event.type},
                      {"detail", std::move(detail)}};
}

}  // namespace cc::http::api
