// AccountStore contract: invitations.
#include "account_store_contract.hpp"

#include <boost/json.hpp>

namespace cc::store::testing {
namespace {

Invite invite_for(std::string const& id, std::string const& board, std::string const& email, model::Role r,
                  std::int64_t created_ms = kT0, std::int64_t expires_ms = kT0 + 1000) {
  return Invite{id, board, email, r, "hash-" + id, "ada", created_ms, expires_ms};
}

std::vector<std::string> ids_of(std::vector<Invite> const& invites) {
  std::vector<std::string> ids;
  for (auto const& i : invites) ids.push_back(i.id);
  return ids;
}

TEST_P(AccountStoreContract, InvitesAreCreatedListedWhilePendingAndLogged) {
  ASSERT_NO_FATAL_FAILURE(add_users({{"ada", "Ada"}}));
  ASSERT_TRUE(Ok(accounts().create_board(board_named("b1", "One"), "ada", kT0)));
  ASSERT_TRUE(Ok(accounts().create_board(board_named("b2", "Two"), "ada", kT0)));

  Invite const first = invite_for("i1", "b1", "bo@example.com", model::Role::kEditor, kT0 + 1, kT0 + 1000);
  ASSERT_TRUE(Ok(accounts().create_invite(first, kT0 + 1)));
  ASSERT_TRUE(Ok(accounts().create_invite(
      invite_for("i2", "b1", "cy@example.com", model::Role::kViewer, kT0 + 2, kT0 + 100), kT0 + 2)));
  ASSERT_TRUE(
      Ok(accounts().create_invite(invite_for("i3", "b2", "dee@example.com", model::Role::kOwner), kT0)));

  auto const pending = get(accounts().list_invites("b1", kT0 + 50));
  ASSERT_EQ(ids_of(pending), (std::vector<std::string>{"i1", "i2"}));
  EXPECT_EQ(pending[0].board, "b1");
  EXPECT_EQ(pending[0].email, "bo@example.com");
  EXPECT_EQ(pending[0].role, model::Role::kEditor);
  EXPECT_EQ(pending[0].token_hash, "hash-i1");
  EXPECT_EQ(pending[0].created_by, "ada");
  EXPECT_EQ(pending[0].created_ms, kT0 + 1);
  EXPECT_EQ(pending[0].expires_ms, kT0 + 1000);
  // i2 expires at kT0 + 100: no longer pending then.
  EXPECT_EQ(ids_of(get(accounts().list_invites("b1", kT0 + 100))), std::vector<std::string>{"i1"});

  auto const events = activity("b1");
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[1].type, "member_invited");
  EXPECT_EQ(events[1].actor.id, "ada");
  EXPECT_EQ(boost::json::parse(events[1].detail_json),
            (boost::json::object{{"email", "bo@example.com"}, {"role", "editor"}}));

  EXPECT_TRUE(
      Fails(accounts().create_invite(invite_for("i1", "b1", "x@example.com", model::Role::kViewer), kT0),
            ErrorCode::kConflict));
  EXPECT_TRUE(
      Fails(accounts().create_invite(invite_for("i9", "nope", "x@example.com", model::Role::kViewer), kT0),
            ErrorCode::kNotFound));
  ASSERT_TRUE(Ok(accounts().delete_board("b2", "ada", kT0)));
  EXPECT_TRUE(
      Fails(accounts().create_invite(invite_for("i8", "b2", "x@example.com", model::Role::kViewer), kT0),
            ErrorCode::kNotFound));
}

TEST_P(AccountStoreContract, AcceptingAnInvitationMakesAMemberOnce) {
  ASSERT_NO_FATAL_FAILURE(add_users({{"ada", "Ada"}, {"bo", "Bo"}, {"cy", "Cy"}}));
  ASSERT_TRUE(Ok(accounts().create_board(board_named("b1", "One"), "ada", kT0)));
  ASSERT_TRUE(
      Ok(accounts().create_invite(invite_for("i1", "b1", "bo@example.com", model::Role::kEditor), kT0)));

  Joined const joined = get(accounts().accept_invite("hash-i1", "bo", kT0 + 5));
  EXPECT_EQ(joined.board, "b1");
  EXPECT_EQ(joined.role, model::Role::kEditor);
  EXPECT_EQ(role_on("b1", "bo"), role(model::Role::kEditor));
  EXPECT_TRUE(get(accounts().list_invites("b1", kT0 + 5)).empty());

  auto const events = activity("b1");
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events[0].type, "member_joined");
  EXPECT_EQ(events[0].actor.id, "bo");
  EXPECT_EQ(events[0].actor.name, "Bo");
  EXPECT_EQ(events[0].at_ms, kT0 + 5);
  EXPECT_EQ(boost::json::parse(events[0].detail_json),
            (boost::json::object{{"role", "editor"}, {"via", "invite"}}));

  // Single use, whoever tries again.
  EXPECT_TRUE(Fails(accounts().accept_invite("hash-i1", "bo", kT0 + 6), ErrorCode::kGone));
  EXPECT_TRUE(Fails(accounts().accept_invite("hash-i1", "cy", kT0 + 6), ErrorCode::kGone));
  EXPECT_EQ(role_on("b1", "cy"), no_role());
  // A used invitation cannot be revoked: it is no longer pending.
  EXPECT_TRUE(Fails(accounts().revoke_invite("b1", "i1"), ErrorCode::kNotFound));
}

TEST_P(AccountStoreContract, ExpiredUnknownAndDeletedBoardInvitations) {
  ASSERT_NO_FATAL_FAILURE(add_users({{"ada", "Ada"}, {"bo", "Bo"}}));
  ASSERT_TRUE(Ok(accounts().create_board(board_named("b1", "One"), "ada", kT0)));
  ASSERT_TRUE(Ok(accounts().create_board(board_named("b2", "Two"), "ada", kT0)));
  ASSERT_TRUE(Ok(accounts().create_invite(
      invite_for("i1", "b1", "bo@example.com", model::Role::kEditor, kT0, kT0 + 100), kT0)));
  ASSERT_TRUE(
      Ok(accounts().create_invite(invite_for("i2", "b2", "bo@example.com", model::Role::kEditor), kT0)));

  EXPECT_TRUE(Fails(accounts().accept_invite("hash-i1", "bo", kT0 + 100), ErrorCode::kGone));
  EXPECT_EQ(role_on("b1", "bo"), no_role());
  EXPECT_TRUE(Fails(accounts().accept_invite("hash-unknown", "bo", kT0), ErrorCode::kNotFound));

  ASSERT_TRUE(Ok(accounts().delete_board("b2", "ada", kT0 + 1)));
  EXPECT_TRUE(Fails(accounts().accept_invite("hash-i2", "bo", kT0 + 2), ErrorCode::kNotFound));
  EXPECT_EQ(role_on("b2", "bo", true), no_role());
  // Restored, the board's invitation works again (it was never used).
  ASSERT_TRUE(Ok(accounts().restore_board("b2", "ada", kT0 + 3, 0)));
  EXPECT_TRUE(Ok(accounts().accept_invite("hash-i2", "bo", kT0 + 4)));
}

TEST_P(AccountStoreContract, AcceptingAnInvitationNeverLowersARole) {
  ASSERT_NO_FATAL_FAILURE(add_users({{"ada", "Ada"}, {"bo", "Bo"}}));
  ASSERT_TRUE(Ok(accounts().create_board(board_named("b1", "One"), "ada", kT0)));
  ASSERT_NO_FATAL_FAILURE(invite_member("b1", "bo", model::Role::kEditor, "ada"));
  ASSERT_TRUE(
      Ok(accounts().create_invite(invite_for("low", "b1", "bo@example.com", model::Role::kViewer), kT0)));
  ASSERT_TRUE(
      Ok(accounts().create_invite(invite_for("high", "b1", "bo@example.com", model::Role::kOwner), kT0)));

  Joined joined = get(accounts().accept_invite("hash-low", "bo", kT0 + 1));
  EXPECT_EQ(joined.role, model::Role::kEditor);
  EXPECT_EQ(role_on("b1", "bo"), role(model::Role::kEditor));
  joined = get(accounts().accept_invite("hash-high", "bo", kT0 + 2));
  EXPECT_EQ(joined.role, model::Role::kOwner);
  EXPECT_EQ(role_on("b1", "bo"), role(model::Role::kOwner));
  // The owner accepting an invitation to their own board stays owner.
  ASSERT_TRUE(
      Ok(accounts().create_invite(invite_for("self", "b1", "ada@example.com", model::Role::kViewer), kT0)));
  EXPECT_EQ(get(accounts().accept_invite("hash-self", "ada", kT0 + 3)).role, model::Role::kOwner);
}

TEST_P(AccountStoreContract, RevokingAnInvitation) {
  ASSERT_NO_FATAL_FAILURE(add_users({{"ada", "Ada"}, {"bo", "Bo"}}));
  ASSERT_TRUE(Ok(accounts().create_board(board_named("b1", "One"), "ada", kT0)));
  ASSERT_TRUE(Ok(accounts().create_board(board_named("b2", "Two"), "ada", kT0)));
  ASSERT_TRUE(
      Ok(accounts().create_invite(invite_for("i1", "b1", "bo@example.com", model::Role::kEditor), kT0)));

  EXPECT_TRUE(Fails(accounts().revoke_invite("b2", "i1"), ErrorCode::kNotFound));  // another board's
  ASSERT_TRUE(Ok(accounts().revoke_invite("b1", "i1")));
  EXPECT_TRUE(get(accounts().list_invites("b1", kT0)).empty());
  EXPECT_TRUE(Fails(accounts().accept_invite("hash-i1", "bo", kT0 + 1), ErrorCode::kNotFound));
  EXPECT_TRUE(Fails(accounts().revoke_invite("b1", "i1"), ErrorCode::kNotFound));
  EXPECT_TRUE(Fails(accounts().revoke_invite("b1", "never"), ErrorCode::kNotFound));
}

}  // namespace
}  // namespace cc::store::testing
