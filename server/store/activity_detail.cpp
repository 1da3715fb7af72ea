#include "store/activity_detail.hpp"

#include <boost/json.hpp>

namespace cc::store::activity {

namespace {

boost::json::object user_json(UserRef const& user) {
  return boost::json::object{{"id", user.id}, {"name", user.name}};
}

boost::json::string_view role_json(model::Role role) {
  auto const name = model::to_string(role);
  return {name.data(), name.size()};
}

}  // namespace

std::string no_detail() { return "{}"; }

std::string renamed_detail(std::string_view from, std::string_view to) {
  return boost::json::serialize(boost::json::object{{"from", from}, {"to", to}});
}

std::string invited_detail(std::string_view email, model::Role role) {
  return boost::json::serialize(boost::json::object{{"email", email}, {"role", role_json(role)}});
}

std::string joined_detail(model::Role role, std::string_view via) {
  return boost::json::serialize(boost::json::object{{"role", role_json(role)}, {"via", via}});
}

std::string role_changed_detail(UserRef const& user, model::Role from, model::Role to) {
  return boost::json::serialize(
      boost::json::object{{"user", user_json(user)}, {"from", role_json(from)}, {"to", role_json(to)}});
}

std::string removed_detail(UserRef const& user) {
  return boost::json::serialize(boost::json::object{{"user", user_json(user)}});
}

std::string link_detail(model::Role role) {
  return boost::json::serialize(boost::json::object{{"role", role_json(role)}});
}

}  // namespace cc::store::activity
