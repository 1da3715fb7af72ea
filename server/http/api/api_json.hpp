// The JSON shapes of the API's resources (docs/API.md), built in one place so every route
// answers with the same fields.
#pragma once

#include "model/role.hpp"
#include "store/account_store.hpp"

#include <boost/json/object.hpp>

namespace cc::http::api {

boost::json::object user_json(store::User const& user);  // with email: for the user themselves
boost::json::object user_ref_json(store::UserRef const& user);
boost::json::object board_json(store::BoardMeta const& board, model::Role role);
boost::json::object member_json(store::Member const& member);
boost::json::object invite_json(store::Invite const& invite);
boost::json::object link_json(store::ShareLink const& link);
boost::json::object activity_json(store::ActivityEvent const& event);

}  // namespace cc::http::api
