// AccountStore contract: users and login sessions.
#include "account_store_contract.hpp"
#include "unit/store/journal_entries.hpp"

#include <memory>

namespace cc::store::testing {
namespace {

void expect_same_user(std::optional<User> const& got, User const& want) {
  ASSERT_TRUE(got.has_value()) << want.id;
  EXPECT_EQ(got->id, want.id);
  EXPECT_EQ(got->email, want.email);
  EXPECT_EQ(got->name, want.name);
  EXPECT_EQ(got->password_hash, want.password_hash);
  EXPECT_EQ(got->created_ms, want.created_ms);
}

TEST_P(AccountStoreContract, CreatesAndFindsUsers) {
  User const ada = user_named("u-ada", "Ada Lovelace", kT0 + 5);
  ASSERT_TRUE(Ok(accounts().create_user(ada)));

  expect_same_user(get(accounts().find_user("u-ada")), ada);
  expect_same_user(get(accounts().find_user_by_email("u-ada@example.com")), ada);
  EXPECT_FALSE(get(accounts().find_user("u-nobody")).has_value());
  EXPECT_FALSE(get(accounts().find_user_by_email("nobody@example.com")).has_value());

  ASSERT_NO_FATAL_FAILURE(reopen());
  expect_same_user(get(accounts().find_user("u-ada")), ada);
}

TEST_P(AccountStoreContract, DuplicateEmailIsAConflict) {
  ASSERT_TRUE(Ok(accounts().create_user(user_named("ada", "Ada"))));

  User same_email = user_named("other", "Other");
  same_email.email = "ada@example.com";
  EXPECT_TRUE(Fails(accounts().create_user(same_email), ErrorCode::kConflict));
  EXPECT_FALSE(get(accounts().find_user("other")).has_value());
  EXPECT_EQ(get(accounts().find_user_by_email("ada@example.com"))->name, "Ada");

  User same_id = user_named("ada", "Impostor");
  same_id.email = "impostor@example.com";
  EXPECT_TRUE(Fails(accounts().create_user(same_id), ErrorCode::kConflict));
  EXPECT_FALSE(get(accounts().find_user_by_email("impostor@example.com")).has_value());
}

TEST_P(AccountStoreContract, FirstUserClaimsTheBoardsMadeBeforeAccounts) {
  // A data directory from before accounts: boards made and written by the board store alone.
  ASSERT_TRUE(Ok(boards().create_board("legacy-a")));
  ASSERT_TRUE(Ok(boards().append(std::vector{journal_entry("legacy-b", 1)})));

  ASSERT_TRUE(Ok(accounts().create_user(user_named("ada", "Ada"))));
  EXPECT_EQ(role_on("legacy-a", "ada"), role(model::Role::kOwner));
  EXPECT_EQ(role_on("legacy-b", "ada"), role(model::Role::kOwner));
  auto const legacy = get(accounts().find_board("legacy-a"));
  ASSERT_TRUE(legacy.has_value());
  EXPECT_EQ(legacy->name, "legacy-a");
  EXPECT_EQ(legacy->owner.id, "ada");
  EXPECT_EQ(legacy->owner.name, "Ada");
  EXPECT_EQ(get(accounts().list_boards(BoardQueryFor("ada"))).total, 2u);

  // Only the first user: a board without members made later is nobody's, also after the
  // second user registers.
  ASSERT_TRUE(Ok(boards().create_board("later")));
  ASSERT_TRUE(Ok(accounts().create_user(user_named("bo", "Bo"))));
  EXPECT_EQ(role_on("later", "bo"), no_role());
  EXPECT_EQ(role_on("later", "ada"), no_role());
  EXPECT_EQ(role_on("legacy-a", "bo"), no_role());
  EXPECT_EQ(get(accounts().list_boards(BoardQueryFor("bo"))).total, 0u);
}

TEST_P(AccountStoreContract, RefreshTokensRotate) {
  ASSERT_TRUE(Ok(accounts().add_refresh_token(refresh_token("t1", "fam", "ada", kT0, kT0 + 1000))));
  EXPECT_TRUE(get(accounts().is_family_active("fam")));

  auto r =
      get(accounts().rotate_refresh_token("t1", refresh_token("t2", "", "", kT0 + 10, kT0 + 2000), kT0 + 10));
  EXPECT_EQ(r.outcome, RotateOutcome::kRotated);
  EXPECT_EQ(r.user, "ada");
  EXPECT_EQ(r.family, "fam");

  r = get(accounts().rotate_refresh_token("t2", refresh_token("t3", "", "", kT0 + 20, kT0 + 3000), kT0 + 20));
  EXPECT_EQ(r.outcome, RotateOutcome::kRotated);
  EXPECT_EQ(r.user, "ada");
  EXPECT_EQ(r.family, "fam");
  EXPECT_TRUE(get(accounts().is_family_active("fam")));
}

TEST_P(AccountStoreContract, TheNextTokenJoinsTheOldTokensFamilyAndUser) {
  ASSERT_TRUE(Ok(accounts().add_refresh_token(refresh_token("t1", "fam", "ada", kT0, kT0 + 1000))));
  auto r = get(accounts().rotate_refresh_token(
      "t1", refresh_token("t2", "forged", "mallory", kT0, kT0 + 1000), kT0 + 1));
  ASSERT_EQ(r.outcome, RotateOutcome::kRotated);
  r = get(accounts().rotate_refresh_token("t2", refresh_token("t3", "", "", kT0, kT0 + 1000), kT0 + 2));
  EXPECT_EQ(r.outcome, RotateOutcome::kRotated);
  EXPECT_EQ(r.user, "ada");
  EXPECT_EQ(r.family, "fam");
  EXPECT_FALSE(get(accounts().is_family_active("forged")));
}

TEST_P(AccountStoreContract, ATokenUsedWithinTheGraceIsRotatedAgain) {
  ASSERT_TRUE(Ok(accounts().add_refresh_token(refresh_token("t1", "fam", "ada", kT0, kT0 + 100'000))));
  // Two tabs refresh with the same cookie 50 ms apart: both get a token of the family.
  EXPECT_EQ(
      get(accounts().rotate_refresh_token("t1", refresh_token("a2", "", "", kT0, kT0 + 100'000), kT0, 10'000))
          .outcome,
      RotateOutcome::kRotated);
  EXPECT_EQ(get(accounts().rotate_refresh_token("t1", refresh_token("b2", "", "", kT0, kT0 + 100'000),
                                                kT0 + 50, 10'000))
                .outcome,
            RotateOutcome::kRotated);
  EXPECT_TRUE(get(accounts().is_family_active("fam")));
  // After the grace (counted from the first use) it is a reuse again.
  EXPECT_EQ(get(accounts().rotate_refresh_token("t1", refresh_token("c2", "", "", kT0, kT0 + 100'000),
                                                kT0 + 10'001, 10'000))
                .outcome,
            RotateOutcome::kReused);
  EXPECT_FALSE(get(accounts().is_family_active("fam")));
}

TEST_P(AccountStoreContract, ReusingARefreshTokenRevokesItsWholeFamily) {
  ASSERT_TRUE(Ok(accounts().add_refresh_token(refresh_token("t1", "fam", "ada", kT0, kT0 + 1000))));
  ASSERT_TRUE(Ok(accounts().add_refresh_token(refresh_token("o1", "other", "ada", kT0, kT0 + 1000))));
  ASSERT_EQ(get(accounts().rotate_refresh_token("t1", refresh_token("t2", "", "", kT0, kT0 + 1000), kT0 + 1))
                .outcome,
            RotateOutcome::kRotated);
  ASSERT_EQ(get(accounts().rotate_refresh_token("t2", refresh_token("t3", "", "", kT0, kT0 + 1000), kT0 + 2))
                .outcome,
            RotateOutcome::kRotated);

  // t1 again: someone kept a copy.
  auto r = get(accounts().rotate_refresh_token("t1", refresh_token("x1", "", "", kT0, kT0 + 1000), kT0 + 3));
  EXPECT_EQ(r.outcome, RotateOutcome::kReused);
  EXPECT_EQ(r.user, "ada");
  EXPECT_EQ(r.family, "fam");
  EXPECT_FALSE(get(accounts().is_family_active("fam")));

  // Even the newest token of the family is dead now, and nothing was issued for the reuse.
  r = get(accounts().rotate_refresh_token("t3", refresh_token("t4", "", "", kT0, kT0 + 1000), kT0 + 4));
  EXPECT_EQ(r.outcome, RotateOutcome::kInvalid);
  EXPECT_TRUE(r.user.empty());
  EXPECT_TRUE(r.family.empty());
  EXPECT_EQ(get(accounts().rotate_refresh_token("x1", refresh_token("x2", "", "", kT0, kT0 + 1000), kT0 + 5))
                .outcome,
            RotateOutcome::kInvalid);
  // Reused again: the family is already revoked, so just invalid.
  EXPECT_EQ(get(accounts().rotate_refresh_token("t1", refresh_token("x3", "", "", kT0, kT0 + 1000), kT0 + 6))
                .outcome,
            RotateOutcome::kInvalid);

  // The user's other login is untouched.
  EXPECT_TRUE(get(accounts().is_family_active("other")));
  EXPECT_EQ(get(accounts().rotate_refresh_token("o1", refresh_token("o2", "", "", kT0, kT0 + 1000), kT0 + 7))
                .outcome,
            RotateOutcome::kRotated);
}

TEST_P(AccountStoreContract, ExpiredAndUnknownRefreshTokensAreInvalid) {
  ASSERT_TRUE(Ok(accounts().add_refresh_token(refresh_token("t1", "fam", "ada", kT0, kT0 + 1000))));

  // Expired at its expiry time; nothing changes, the family stays.
  auto r =
      get(accounts().rotate_refresh_token("t1", refresh_token("t2", "", "", kT0, kT0 + 5000), kT0 + 1000));
  EXPECT_EQ(r.outcome, RotateOutcome::kInvalid);
  EXPECT_TRUE(r.user.empty());
  EXPECT_TRUE(get(accounts().is_family_active("fam")));
  EXPECT_EQ(get(accounts().rotate_refresh_token("t2", refresh_token("t3", "", "", kT0, kT0 + 5000), kT0 + 1))
                .outcome,
            RotateOutcome::kInvalid);  // t2 was not issued

  EXPECT_EQ(
      get(accounts().rotate_refresh_token("nope", refresh_token("t4", "", "", kT0, kT0 + 5000), kT0)).outcome,
      RotateOutcome::kInvalid);
  EXPECT_FALSE(get(accounts().is_family_active("never-existed")));

  // A used token presented after it expired is just invalid: it could not be used anyway.
  ASSERT_EQ(
      get(accounts().rotate_refresh_token("t1", refresh_token("t5", "", "", kT0, kT0 + 5000), kT0 + 999))
          .outcome,
      RotateOutcome::kRotated);
  EXPECT_EQ(
      get(accounts().rotate_refresh_token("t1", refresh_token("t6", "", "", kT0, kT0 + 5000), kT0 + 2000))
          .outcome,
      RotateOutcome::kInvalid);
  EXPECT_TRUE(get(accounts().is_family_active("fam")));
  EXPECT_EQ(
      get(accounts().rotate_refresh_token("t5", refresh_token("t7", "", "", kT0, kT0 + 9000), kT0 + 2001))
          .outcome,
      RotateOutcome::kRotated);
}

TEST_P(AccountStoreContract, RevokingLoginSessions) {
  ASSERT_TRUE(Ok(accounts().add_refresh_token(refresh_token("a1", "ada-laptop", "ada", kT0, kT0 + 1000))));
  ASSERT_TRUE(Ok(accounts().add_refresh_token(refresh_token("a2", "ada-phone", "ada", kT0, kT0 + 1000))));
  ASSERT_TRUE(Ok(accounts().add_refresh_token(refresh_token("b1", "bo-laptop", "bo", kT0, kT0 + 1000))));

  ASSERT_TRUE(Ok(accounts().revoke_family("ada-laptop", kT0 + 1)));
  EXPECT_FALSE(get(accounts().is_family_active("ada-laptop")));
  EXPECT_TRUE(get(accounts().is_family_active("ada-phone")));
  EXPECT_EQ(get(accounts().rotate_refresh_token("a1", refresh_token("a1b", "", "", kT0, kT0 + 1000), kT0 + 2))
                .outcome,
            RotateOutcome::kInvalid);
  // Logging out twice, or with a session that never was, is no error.
  EXPECT_TRUE(Ok(accounts().revoke_family("ada-laptop", kT0 + 3)));
  EXPECT_TRUE(Ok(accounts().revoke_family("never-existed", kT0 + 3)));

  ASSERT_TRUE(Ok(accounts().revoke_user_sessions("ada", kT0 + 4)));
  EXPECT_FALSE(get(accounts().is_family_active("ada-phone")));
  EXPECT_EQ(get(accounts().rotate_refresh_token("a2", refresh_token("a2b", "", "", kT0, kT0 + 1000), kT0 + 5))
                .outcome,
            RotateOutcome::kInvalid);
  EXPECT_TRUE(get(accounts().is_family_active("bo-laptop")));
  EXPECT_EQ(get(accounts().rotate_refresh_token("b1", refresh_token("b2", "", "", kT0, kT0 + 1000), kT0 + 6))
                .outcome,
            RotateOutcome::kRotated);
}

TEST_P(AccountStoreContract, ADuplicateRefreshTokenIsAConflict) {
  ASSERT_TRUE(Ok(accounts().add_refresh_token(refresh_token("t1", "fam", "ada", kT0, kT0 + 1000))));
  EXPECT_TRUE(Fails(accounts().add_refresh_token(refresh_token("t1", "fam", "ada", kT0, kT0 + 1000)),
                    ErrorCode::kConflict));
  // A family is one user's.
  EXPECT_TRUE(Fails(accounts().add_refresh_token(refresh_token("t9", "fam", "bo", kT0, kT0 + 1000)),
                    ErrorCode::kConflict));
  // A rotation whose new token collides changes nothing: the old token still works.
  ASSERT_TRUE(Ok(accounts().add_refresh_token(refresh_token("u1", "fam2", "ada", kT0, kT0 + 1000))));
  EXPECT_TRUE(
      Fails(accounts().rotate_refresh_token("u1", refresh_token("t1", "", "", kT0, kT0 + 1000), kT0 + 1),
            ErrorCode::kConflict));
  EXPECT_EQ(get(accounts().rotate_refresh_token("u1", refresh_token("u2", "", "", kT0, kT0 + 1000), kT0 + 2))
                .outcome,
            RotateOutcome::kRotated);
}

}  // namespace
}  // namespace cc::store::testing
