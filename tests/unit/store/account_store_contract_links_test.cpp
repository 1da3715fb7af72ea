// AccountStore contract: share links.
#include "account_store_contract.hpp"

#include <boost/json.hpp>

namespace cc::store::testing {
namespace {

ShareLink link_for(std::string const& id, std::string const& board, model::Role r,
                   std::int64_t created_ms = kT0) {
  return ShareLink{id, board, r, "token-" + id, "ada", created_ms};
}

TEST_P(AccountStoreContract, LinksAreCreatedListedAndLogged) {
  ASSERT_NO_FATAL_FAILURE(add_users({{"ada", "Ada"}}));
  ASSERT_TRUE(Ok(accounts().create_board(board_named("b1", "One"), "ada", kT0)));
  ASSERT_TRUE(Ok(accounts().create_link(link_for("l1", "b1", model::Role::kEditor, kT0 + 1), kT0 + 1)));
  ASSERT_TRUE(Ok(accounts().create_link(link_for("l2", "b1", model::Role::kViewer, kT0 + 2), kT0 + 2)));

  auto const links = get(accounts().list_links("b1"));
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0].id, "l1");
  EXPECT_EQ(links[0].board, "b1");
  EXPECT_EQ(links[0].role, model::Role::kEditor);
  EXPECT_EQ(links[0].token, "token-l1");
  EXPECT_EQ(links[0].created_by, "ada");
  EXPECT_EQ(links[0].created_ms, kT0 + 1);
  EXPECT_EQ(links[1].id, "l2");
  EXPECT_TRUE(get(accounts().list_links("nope")).empty());

  auto const events = activity("b1");
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[1].type, "link_created");
  EXPECT_EQ(events[1].actor.id, "ada");
  EXPECT_EQ(boost::json::parse(events[1].detail_json), (boost::json::object{{"role", "editor"}}));

  EXPECT_TRUE(
      Fails(accounts().create_link(link_for("l1", "b1", model::Role::kViewer), kT0), ErrorCode::kConflict));
  EXPECT_TRUE(
      Fails(accounts().create_link(link_for("l9", "nope", model::Role::kViewer), kT0), ErrorCode::kNotFound));
  // A link never makes owners.
  auto const owner_link = accounts().create_link(link_for("l8", "b1", model::Role::kOwner), kT0);
  EXPECT_TRUE(owner_link.has_error());
  EXPECT_EQ(get(accounts().list_links("b1")).size(), 2u);
}

TEST_P(AccountStoreContract, AcceptingALinkAddsTheUserWithTheLink) {
  ASSERT_NO_FATAL_FAILURE(add_users({{"ada", "Ada"}, {"bo", "Bo"}}));
  ASSERT_TRUE(Ok(accounts().create_board(board_named("b1", "One"), "ada", kT0)));
  ASSERT_TRUE(Ok(accounts().create_link(link_for("l1", "b1", model::Role::kEditor), kT0)));

  Joined const joined = get(accounts().accept_link("token-l1", "bo", kT0 + 3));
  EXPECT_EQ(joined.board, "b1");
  EXPECT_EQ(joined.role, model::Role::kEditor);
  EXPECT_EQ(role_on("b1", "bo"), role(model::Role::kEditor));
  auto const members = get(accounts().list_members("b1"));
  ASSERT_EQ(members.size(), 2u);
  EXPECT_EQ(members[1].link, std::optional<std::string>("l1"));
  EXPECT_EQ(members[1].added_ms, kT0 + 3);

  auto const events = activity("b1");
  EXPECT_EQ(events[0].type, "member_joined");
  EXPECT_EQ(events[0].actor.id, "bo");
  EXPECT_EQ(events[0].at_ms, kT0 + 3);
  EXPECT_EQ(boost::json::parse(events[0].detail_json),
            (boost::json::object{{"role", "editor"}, {"via", "link"}}));

  // Again: already there, nothing changes or is logged.
  std::size_t const logged = events.size();
  EXPECT_EQ(get(accounts().accept_link("token-l1", "bo", kT0 + 4)).role, model::Role::kEditor);
  EXPECT_EQ(activity("b1").size(), logged);

  EXPECT_TRUE(Fails(accounts().accept_link("token-unknown", "bo", kT0), ErrorCode::kNotFound));
  ASSERT_TRUE(Ok(accounts().delete_board("b1", "ada", kT0 + 5)));
  EXPECT_TRUE(Fails(accounts().accept_link("token-l1", "ada", kT0 + 6), ErrorCode::kNotFound));
}

TEST_P(AccountStoreContract, AcceptingALinkKeepsAHigherRoleAndRaisesALowerOne) {
  ASSERT_NO_FATAL_FAILURE(add_users({{"ada", "Ada"}, {"bo", "Bo"}, {"cy", "Cy"}}));
  ASSERT_TRUE(Ok(accounts().create_board(board_named("b1", "One"), "ada", kT0)));
  ASSERT_NO_FATAL_FAILURE(invite_member("b1", "bo", model::Role::kEditor, "ada"));
  ASSERT_NO_FATAL_FAILURE(invite_member("b1", "cy", model::Role::kViewer, "ada"));
  ASSERT_TRUE(Ok(accounts().create_link(link_for("view", "b1", model::Role::kViewer), kT0)));
  ASSERT_TRUE(Ok(accounts().create_link(link_for("edit", "b1", model::Role::kEditor), kT0)));
  std::size_t const logged = activity("b1").size();

  EXPECT_EQ(get(accounts().accept_link("token-view", "bo", kT0 + 1)).role, model::Role::kEditor);
  EXPECT_EQ(get(accounts().accept_link("token-edit", "ada", kT0 + 1)).role, model::Role::kOwner);
  EXPECT_EQ(get(accounts().accept_link("token-view", "cy", kT0 + 1)).role, model::Role::kViewer);
  EXPECT_EQ(activity("b1").size(), logged);
  for (auto const& m : get(accounts().list_members("b1"))) EXPECT_FALSE(m.link.has_value()) << m.user.id;

  // A lower role is raised, and then depends on the link.
  EXPECT_EQ(get(accounts().accept_link("token-edit", "cy", kT0 + 2)).role, model::Role::kEditor);
  EXPECT_EQ(role_on("b1", "cy"), role(model::Role::kEditor));
  EXPECT_EQ(activity("b1").size(), logged + 1);
}

TEST_P(AccountStoreContract, RevokingALinkRemovesOnlyTheMembersItGranted) {
  ASSERT_NO_FATAL_FAILURE(
      add_users({{"ada", "Ada"}, {"bo", "Bo"}, {"cy", "Cy"}, {"dee", "Dee"}, {"eve", "Eve"}}));
  ASSERT_TRUE(Ok(accounts().create_board(board_named("b1", "One"), "ada", kT0)));
  ASSERT_TRUE(Ok(accounts().create_board(board_named("b2", "Two"), "ada", kT0)));
  ASSERT_NO_FATAL_FAILURE(invite_member("b1", "bo", model::Role::kEditor, "ada"));
  ASSERT_TRUE(Ok(accounts().create_link(link_for("l1", "b1", model::Role::kViewer), kT0)));
  ASSERT_TRUE(Ok(accounts().create_link(link_for("l2", "b1", model::Role::kViewer), kT0)));
  ASSERT_TRUE(Ok(accounts().create_link(link_for("l3", "b2", model::Role::kViewer), kT0)));
  for (auto const* user : {"eve", "cy", "dee"})
    ASSERT_TRUE(Ok(accounts().accept_link("token-l1", user, kT0 + 1)));
  ASSERT_TRUE(Ok(accounts().accept_link("token-l1", "bo", kT0 + 1)));  // bo is an editor already
  ASSERT_TRUE(Ok(accounts().accept_link("token-l3", "cy", kT0 + 1)));  // another board's link
  // An owner sets dee's role: it no longer depends on the link.
  ASSERT_TRUE(Ok(accounts().set_member_role("b1", "dee", model::Role::kViewer, "ada", kT0 + 2)));

  EXPECT_TRUE(Fails(accounts().revoke_link("b2", "l1", "ada", kT0 + 3), ErrorCode::kNotFound));
  EXPECT_TRUE(Fails(accounts().revoke_link("b1", "nope", "ada", kT0 + 3), ErrorCode::kNotFound));

  auto const removed = get(accounts().revoke_link("b1", "l1", "ada", kT0 + 3));
  EXPECT_EQ(removed, (std::vector<std::string>{"cy", "eve"}));
  EXPECT_EQ(role_on("b1", "cy"), no_role());
  EXPECT_EQ(role_on("b1", "eve"), no_role());
  EXPECT_EQ(role_on("b1", "dee"), role(model::Role::kViewer));
  EXPECT_EQ(role_on("b1", "bo"), role(model::Role::kEditor));
  EXPECT_EQ(role_on("b1", "ada"), role(model::Role::kOwner));
  EXPECT_EQ(role_on("b2", "cy"), role(model::Role::kViewer));

  auto const links = get(accounts().list_links("b1"));
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0].id, "l2");
  EXPECT_TRUE(Fails(accounts().accept_link("token-l1", "cy", kT0 + 4), ErrorCode::kNotFound));
  EXPECT_TRUE(Fails(accounts().revoke_link("b1", "l1", "ada", kT0 + 4), ErrorCode::kNotFound));

  auto const events = activity("b1");
  EXPECT_EQ(events[0].type, "link_revoked");
  EXPECT_EQ(events[0].actor.id, "ada");
  EXPECT_EQ(events[0].at_ms, kT0 + 3);
  EXPECT_EQ(boost::json::parse(events[0].detail_json), (boost::json::object{{"role", "viewer"}}));

  // A link nobody used: revoking it removes nobody.
  EXPECT_TRUE(get(accounts().revoke_link("b1", "l2", "ada", kT0 + 5)).empty());
}

}  // namespace
}  // namespace cc::store::testing
