// The activity log's event types and the JSON details that go with them, shared by every
// AccountStore backend so that the log reads the same whatever stores it. Details are built
// with Boost.JSON: names, emails and descriptions are user data and must come out escaped.
#pragma once

#include "model/role.hpp"
#include "store/account_store.hpp"

#include <string>
#include <string_view>

namespace cc::store::activity {

inline constexpr std::string_view kCreated = "created";
inline constexpr std::string_view kRenamed = "renamed";
inline constexpr std::string_view kDescribed = "described";
inline constexpr std::string_view kMemberInvited = "member_invited";
inline constexpr std::string_view kMemberJoined = "member_joined";
inline constexpr std::string_view kRoleChanged = "role_changed";
inline constexpr std::string_view kMemberRemoved = "member_removed";
inline constexpr std::string_view kLinkCreated = "link_created";
inline constexpr std::string_view kLinkRevoked = "link_revoked";
inline constexpr std::string_view kDeleted = "deleted";
inline constexpr std::string_view kRestored = "restored";

// How a member_joined member came in.
inline constexpr std::string_view kViaInvite = "invite";
inline constexpr std::string_view kViaLink = "link";

// {} for the events that need no detail: created, described, deleted, restored.
std::string no_detail();
// {"from":..,"to":..}
std::string renamed_detail(std::string_view from, std::string_view to);
// {"email":..,"role":..}
std::string invited_detail(std::string_view email, model::Role role);
// {"role":..,"via":"invite"|"link"}
std::string joined_detail(model::Role role, std::string_view via);
// {"user":{"id":..,"name":..},"from":..,"to":..}
std::string role_changed_detail(UserRef const& user, model::Role from, model::Role to);
// {"user":{"id":..,"name":..}}
std::string removed_detail(UserRef const& user);
// {"role":..}, for link_created and link_revoked
std::string link_detail(model::Role role);

}  // namespace cc::store::activity
