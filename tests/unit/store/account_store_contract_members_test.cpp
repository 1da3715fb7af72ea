// AccountStore contract: members, roles and the last-owner rule.
#include "account_store_contract.hpp"

#include <boost/json.hpp>

namespace cc::store::testing {
namespace {

boost::json::value user_json(std::string const& id, std::string const& name) {
  return boost::json::object{{"id", id}, {"name", name}};
}

Member const* find_member(std::vector<Member> const& members, std::string const& user) {
  for (auto const& m : members) {
    if (m.user.id == user) return &m;
  }
  return nullptr;
}

TEST_P(AccountStoreContract, ListMembersShowsEachMembersAccountRoleAndOrigin) {
  ASSERT_NO_FATAL_FAILURE(add_users({{"ada", "Ada"}, {"bo", "Bo"}, {"cy", "Cy"}}));
  ASSERT_TRUE(Ok(accounts().create_board(board_named("b1", "One"), "ada", kT0)));
  ASSERT_NO_FATAL_FAILURE(invite_member("b1", "bo", model::Role::kEditor, "ada", kT0 + 1));
  ASSERT_TRUE(
      Ok(accounts().create_link(ShareLink{"l1", "b1", model::Role::kViewer, "tok", "ada", kT0}, kT0)));
  ASSERT_TRUE(Ok(accounts().accept_link("tok", "cy", kT0 + 2)));

  auto const members = get(accounts().list_members("b1"));
  ASSERT_EQ(members.size(), 3u);
  EXPECT_EQ(members[0].user.id, "ada");  // in the order they were added
  EXPECT_EQ(members[0].user.name, "Ada");
  EXPECT_EQ(members[0].email, "ada@example.com");
  EXPECT_EQ(members[0].role, model::Role::kOwner);
  EXPECT_FALSE(members[0].link.has_value());
  EXPECT_EQ(members[0].added_ms, kT0);
  EXPECT_EQ(members[1].user.id, "bo");
  EXPECT_EQ(members[1].role, model::Role::kEditor);
  EXPECT_FALSE(members[1].link.has_value());
  EXPECT_EQ(members[1].added_ms, kT0 + 1);
  EXPECT_EQ(members[2].user.id, "cy");
  EXPECT_EQ(members[2].email, "cy@example.com");
  EXPECT_EQ(members[2].role, model::Role::kViewer);
  EXPECT_EQ(members[2].link, std::optional<std::string>("l1"));
  EXPECT_EQ(members[2].added_ms, kT0 + 2);

  EXPECT_TRUE(get(accounts().list_members("nope")).empty());
}

TEST_P(AccountStoreContract, SetMemberRoleChangesTheRoleAndLogsIt) {
  ASSERT_NO_FATAL_FAILURE(add_users({{"ada", "Ada"}, {"bo", "Bo"}, {"cy", "Cy"}}));
  ASSERT_TRUE(Ok(accounts().create_board(board_named("b1", "One"), "ada", kT0)));
  ASSERT_NO_FATAL_FAILURE(invite_member("b1", "bo", model::Role::kEditor, "ada"));

  ASSERT_TRUE(Ok(accounts().set_member_role("b1", "bo", model::Role::kViewer, "ada", kT0 + 5)));
  EXPECT_EQ(role_on("b1", "bo"), role(model::Role::kViewer));
  auto const events = activity("b1");
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events[0].type, "role_changed");
  EXPECT_EQ(events[0].actor.id, "ada");
  EXPECT_EQ(events[0].at_ms, kT0 + 5);
  EXPECT_EQ(boost::json::parse(events[0].detail_json),
            (boost::json::object{{"user", user_json("bo", "Bo")}, {"from", "editor"}, {"to", "viewer"}}));

  // The same role again changes nothing and logs nothing.
  ASSERT_TRUE(Ok(accounts().set_member_role("b1", "bo", model::Role::kViewer, "ada", kT0 + 6)));
  EXPECT_EQ(activity("b1").size(), events.size());

  EXPECT_TRUE(
      Fails(accounts().set_member_role("b1", "cy", model::Role::kEditor, "ada", kT0), ErrorCode::kNotFound));
  EXPECT_TRUE(Fails(accounts().set_member_role("nope", "bo", model::Role::kEditor, "ada", kT0),
                    ErrorCode::kNotFound));
  EXPECT_EQ(role_on("b1", "cy"), no_role());
}

TEST_P(AccountStoreContract, TheLastOwnerCannotStepDown) {
  ASSERT_NO_FATAL_FAILURE(add_users({{"ada", "Ada"}, {"bo", "Bo"}}));
  ASSERT_TRUE(Ok(accounts().create_board(board_named("b1", "One"), "ada", kT0)));
  ASSERT_NO_FATAL_FAILURE(invite_member("b1", "bo", model::Role::kEditor, "ada"));
  std::size_t const logged = activity("b1").size();

  EXPECT_TRUE(
      Fails(accounts().set_member_role("b1", "ada", model::Role::kEditor, "ada", kT0), ErrorCode::kConflict));
  EXPECT_TRUE(
      Fails(accounts().set_member_role("b1", "ada", model::Role::kViewer, "ada", kT0), ErrorCode::kConflict));
  EXPECT_EQ(role_on("b1", "ada"), role(model::Role::kOwner));
  EXPECT_EQ(activity("b1").size(), logged);
  // Owner to owner is no loss.
  EXPECT_TRUE(Ok(accounts().set_member_role("b1", "ada", model::Role::kOwner, "ada", kT0)));
}

TEST_P(AccountStoreContract, OwnershipIsTransferredByPromotingThenSteppingDown) {
  ASSERT_NO_FATAL_FAILURE(add_users({{"ada", "Ada"}, {"bo", "Bo"}}));
  ASSERT_TRUE(Ok(accounts().create_board(board_named("b1", "One"), "ada", kT0)));
  ASSERT_NO_FATAL_FAILURE(invite_member("b1", "bo", model::Role::kViewer, "ada"));

  ASSERT_TRUE(Ok(accounts().set_member_role("b1", "bo", model::Role::kOwner, "ada", kT0 + 1)));
  ASSERT_TRUE(Ok(accounts().set_member_role("b1", "ada", model::Role::kEditor, "ada", kT0 + 2)));
  EXPECT_EQ(role_on("b1", "bo"), role(model::Role::kOwner));
  EXPECT_EQ(role_on("b1", "ada"), role(model::Role::kEditor));
  EXPECT_EQ(get(accounts().find_board("b1"))->owner.id, "bo");
  // Now bo is the last owner.
  EXPECT_TRUE(Fails(accounts().set_member_role("b1", "bo", model::Role::kEditor, "bo", kT0 + 3),
                    ErrorCode::kConflict));
  EXPECT_TRUE(Fails(accounts().remove_member("b1", "bo", "bo", kT0 + 3), ErrorCode::kConflict));
}

TEST_P(AccountStoreContract, RemoveMember) {
  ASSERT_NO_FATAL_FAILURE(add_users({{"ada", "Ada"}, {"bo", "Bo"}, {"cy", "Cy"}}));
  ASSERT_TRUE(Ok(accounts().create_board(board_named("b1", "One"), "ada", kT0)));
  ASSERT_NO_FATAL_FAILURE(invite_member("b1", "bo", model::Role::kEditor, "ada"));

  ASSERT_TRUE(Ok(accounts().remove_member("b1", "bo", "ada", kT0 + 9)));
  EXPECT_EQ(role_on("b1", "bo"), no_role());
  EXPECT_EQ(find_member(get(accounts().list_members("b1")), "bo"), nullptr);
  auto const events = activity("b1");
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events[0].type, "member_removed");
  EXPECT_EQ(events[0].actor.id, "ada");
  EXPECT_EQ(events[0].at_ms, kT0 + 9);
  EXPECT_EQ(boost::json::parse(events[0].detail_json),
            (boost::json::object{{"user", user_json("bo", "Bo")}}));

  EXPECT_TRUE(Fails(accounts().remove_member("b1", "bo", "ada", kT0), ErrorCode::kNotFound));
  EXPECT_TRUE(Fails(accounts().remove_member("b1", "cy", "ada", kT0), ErrorCode::kNotFound));
  EXPECT_TRUE(Fails(accounts().remove_member("b1", "ada", "ada", kT0), ErrorCode::kConflict));
  EXPECT_EQ(role_on("b1", "ada"), role(model::Role::kOwner));

  // With a second owner, either may leave.
  ASSERT_NO_FATAL_FAILURE(invite_member("b1", "cy", model::Role::kOwner, "ada"));
  ASSERT_TRUE(Ok(accounts().remove_member("b1", "ada", "ada", kT0 + 10)));
  EXPECT_EQ(role_on("b1", "ada"), no_role());
  EXPECT_EQ(get(accounts().find_board("b1"))->owner.id, "cy");
}

}  // namespace
}  // namespace cc::store::testing
