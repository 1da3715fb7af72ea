// AccountStore contract: board metadata, roles, delete, restore and purge.
#include "account_store_contract.hpp"

#include <boost/json.hpp>

#include <memory>

namespace cc::store::testing {
namespace {

JournalEntry journal_entry(std::string board, std::uint64_t seq) {
  JournalEntry e;
  e.board = std::move(board);
  e.seq = seq;
  e.batch_id = "batch-" + std::to_string(seq);
  e.author = "client";
  e.ops_json =
      std::make_shared<const std::string>(R"([{"op":"create","id":"o)" + std::to_string(seq) + R"("}])");
  return e;
}

TEST_P(AccountStoreContract, CreatesAndFindsABoard) {
  ASSERT_NO_FATAL_FAILURE(add_users({{"ada", "Ada"}}));
  ASSERT_TRUE(Ok(accounts().create_board(board_named("b1", "Team plan", "Q3 goals"), "ada", kT0 + 7)));

  auto const board = get(accounts().find_board("b1"));
  ASSERT_TRUE(board.has_value());
  EXPECT_EQ(board->id, "b1");
  EXPECT_EQ(board->name, "Team plan");
  EXPECT_EQ(board->description, "Q3 goals");
  EXPECT_EQ(board->owner.id, "ada");
  EXPECT_EQ(board->owner.name, "Ada");
  EXPECT_EQ(board->seq, 0u);
  EXPECT_EQ(board->created_ms, kT0 + 7);
  EXPECT_EQ(board->updated_ms, kT0 + 7);
  EXPECT_FALSE(board->deleted_ms.has_value());

  EXPECT_EQ(role_on("b1", "ada"), role(model::Role::kOwner));
  auto const events = activity("b1");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, "created");
  EXPECT_EQ(events[0].actor.id, "ada");
  EXPECT_EQ(events[0].actor.name, "Ada");
  EXPECT_EQ(events[0].at_ms, kT0 + 7);

  EXPECT_FALSE(get(accounts().find_board("nope")).has_value());
}

TEST_P(AccountStoreContract, TheBoardStoreSeesACreatedBoardAndAppendsToIt) {
  ASSERT_NO_FATAL_FAILURE(add_users({{"ada", "Ada"}}));
  ASSERT_TRUE(Ok(accounts().create_board(board_named("b1", "Plan"), "ada", kT0)));
  auto image = get(boards().load_board("b1"));
  ASSERT_TRUE(image.has_value());
  EXPECT_EQ(image->snapshot_json, "[]");
  ASSERT_TRUE(Ok(boards().append(std::vector{journal_entry("b1", 1), journal_entry("b1", 2)})));

  // Journal commits move seq and updated_ms and leave the metadata alone.
  auto const board = get(accounts().find_board("b1"));
  ASSERT_TRUE(board.has_value());
  EXPECT_EQ(board->seq, 2u);
  EXPECT_EQ(board->name, "Plan");
  EXPECT_GT(board->updated_ms, kT0);
  EXPECT_EQ(board->owner.id, "ada");
}

TEST_P(AccountStoreContract, CreatingAnExistingBoardIsAConflict) {
  ASSERT_NO_FATAL_FAILURE(add_users({{"ada", "Ada"}, {"bo", "Bo"}}));
  ASSERT_TRUE(Ok(accounts().create_board(board_named("b1", "Ada's"), "ada", kT0)));
  EXPECT_TRUE(Fails(accounts().create_board(board_named("b1", "Bo's"), "bo", kT0 + 1), ErrorCode::kConflict));
  EXPECT_EQ(get(accounts().find_board("b1"))->name, "Ada's");
  EXPECT_EQ(role_on("b1", "bo"), no_role());
  EXPECT_EQ(activity_types("b1"), std::vector<std::string>{"created"});

  // Deleted boards keep their id.
  ASSERT_TRUE(Ok(accounts().delete_board("b1", "ada", kT0 + 2)));
  EXPECT_TRUE(Fails(accounts().create_board(board_named("b1", "Bo's"), "bo", kT0 + 3), ErrorCode::kConflict));

  // As do boards the journal wrote.
  ASSERT_TRUE(Ok(boards().append(std::vector{journal_entry("written", 1)})));
  EXPECT_TRUE(
      Fails(accounts().create_board(board_named("written", "W"), "bo", kT0 + 4), ErrorCode::kConflict));
}

TEST_P(AccountStoreContract, RoleOfMembersNonMembersAndDeletedBoards) {
  ASSERT_NO_FATAL_FAILURE(add_users({{"ada", "Ada"}, {"bo", "Bo"}, {"cy", "Cy"}}));
  ASSERT_TRUE(Ok(accounts().create_board(board_named("b1", "One"), "ada", kT0)));
  ASSERT_NO_FATAL_FAILURE(invite_member("b1", "bo", model::Role::kEditor, "ada"));

  EXPECT_EQ(role_on("b1", "ada"), role(model::Role::kOwner));
  EXPECT_EQ(role_on("b1", "bo"), role(model::Role::kEditor));
  EXPECT_EQ(role_on("b1", "cy"), no_role());
  EXPECT_EQ(role_on("nope", "ada"), no_role());
  EXPECT_EQ(role_on("nope", "ada", true), no_role());

  ASSERT_TRUE(Ok(accounts().delete_board("b1", "ada", kT0 + 1)));
  EXPECT_EQ(role_on("b1", "ada"), no_role());
  EXPECT_EQ(role_on("b1", "bo"), no_role());
  EXPECT_EQ(role_on("b1", "ada", true), role(model::Role::kOwner));
  EXPECT_EQ(role_on("b1", "bo", true), role(model::Role::kEditor));
  EXPECT_EQ(role_on("b1", "cy", true), no_role());
}

TEST_P(AccountStoreContract, TheOwnerShownIsTheEarliestAddedOwner) {
  ASSERT_NO_FATAL_FAILURE(add_users({{"ada", "Ada"}, {"bo", "Bo"}}));
  ASSERT_TRUE(Ok(accounts().create_board(board_named("b1", "One"), "ada", kT0)));
  ASSERT_NO_FATAL_FAILURE(invite_member("b1", "bo", model::Role::kEditor, "ada", kT0 + 1));
  ASSERT_TRUE(Ok(accounts().set_member_role("b1", "bo", model::Role::kOwner, "ada", kT0 + 2)));
  EXPECT_EQ(get(accounts().find_board("b1"))->owner.id, "ada");

  ASSERT_TRUE(Ok(accounts().set_member_role("b1", "ada", model::Role::kEditor, "ada", kT0 + 3)));
  auto const board = get(accounts().find_board("b1"));
  EXPECT_EQ(board->owner.id, "bo");
  EXPECT_EQ(board->owner.name, "Bo");
}

TEST_P(AccountStoreContract, UpdateBoardChangesWhatIsSetAndLogsIt) {
  ASSERT_NO_FATAL_FAILURE(add_users({{"ada", "Ada"}, {"bo", "Bo"}}));
  ASSERT_TRUE(Ok(accounts().create_board(board_named("b1", "Old", "first"), "ada", kT0)));

  ASSERT_TRUE(Ok(accounts().update_board("b1", "New \"name\" 🎨", std::nullopt, "bo", kT0 + 10)));
  auto board = get(accounts().find_board("b1"));
  EXPECT_EQ(board->name, "New \"name\" 🎨");
  EXPECT_EQ(board->description, "first");
  EXPECT_EQ(board->updated_ms, kT0 + 10);
  auto events = activity("b1");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].type, "renamed");
  EXPECT_EQ(events[0].actor.id, "bo");
  EXPECT_EQ(events[0].at_ms, kT0 + 10);
  EXPECT_EQ(boost::json::parse(events[0].detail_json),
            (boost::json::value{{"from", "Old"}, {"to", "New \"name\" 🎨"}}));

  ASSERT_TRUE(Ok(accounts().update_board("b1", std::nullopt, "second", "ada", kT0 + 20)));
  board = get(accounts().find_board("b1"));
  EXPECT_EQ(board->name, "New \"name\" 🎨");
  EXPECT_EQ(board->description, "second");
  EXPECT_EQ(board->updated_ms, kT0 + 20);
  EXPECT_EQ(activity_types("b1"), (std::vector<std::string>{"described", "renamed", "created"}));

  ASSERT_TRUE(Ok(accounts().update_board("b1", "Both", "third", "ada", kT0 + 30)));
  EXPECT_EQ(activity_types("b1"),
            (std::vector<std::string>{"described", "renamed", "described", "renamed", "created"}));
  EXPECT_EQ(boost::json::parse(activity("b1")[1].detail_json),
            (boost::json::value{{"from", "New \"name\" 🎨"}, {"to", "Both"}}));

  // Nothing set, or nothing different: nothing changes, nothing is logged.
  ASSERT_TRUE(Ok(accounts().update_board("b1", std::nullopt, std::nullopt, "ada", kT0 + 40)));
  ASSERT_TRUE(Ok(accounts().update_board("b1", "Both", "third", "ada", kT0 + 50)));
  EXPECT_EQ(activity("b1").size(), 5u);
  EXPECT_EQ(get(accounts().find_board("b1"))->updated_ms, kT0 + 30);

  EXPECT_TRUE(Fails(accounts().update_board("nope", "x", std::nullopt, "ada", kT0), ErrorCode::kNotFound));
  ASSERT_TRUE(Ok(accounts().delete_board("b1", "ada", kT0 + 60)));
  EXPECT_TRUE(Fails(accounts().update_board("b1", "x", std::nullopt, "ada", kT0 + 61), ErrorCode::kNotFound));
}

TEST_P(AccountStoreContract, DeleteAndRestore) {
  ASSERT_NO_FATAL_FAILURE(add_users({{"ada", "Ada"}}));
  ASSERT_TRUE(Ok(accounts().create_board(board_named("b1", "One"), "ada", kT0)));

  ASSERT_TRUE(Ok(accounts().delete_board("b1", "ada", kT0 + 100)));
  auto board = get(accounts().find_board("b1"));
  ASSERT_TRUE(board.has_value());
  EXPECT_EQ(board->deleted_ms, std::optional<std::int64_t>(kT0 + 100));
  EXPECT_TRUE(Fails(accounts().delete_board("b1", "ada", kT0 + 101), ErrorCode::kNotFound));
  EXPECT_TRUE(Fails(accounts().delete_board("nope", "ada", kT0 + 101), ErrorCode::kNotFound));

  // Too late: deleted before the window that may still be restored.
  EXPECT_TRUE(Fails(accounts().restore_board("b1", "ada", kT0 + 500, kT0 + 101), ErrorCode::kGone));
  EXPECT_TRUE(get(accounts().find_board("b1"))->deleted_ms.has_value());
  // Deleted exactly at not_before is still in time.
  ASSERT_TRUE(Ok(accounts().restore_board("b1", "ada", kT0 + 200, kT0 + 100)));
  board = get(accounts().find_board("b1"));
  EXPECT_FALSE(board->deleted_ms.has_value());
  EXPECT_EQ(role_on("b1", "ada"), role(model::Role::kOwner));
  EXPECT_EQ(activity_types("b1"), (std::vector<std::string>{"restored", "deleted", "created"}));
  auto const events = activity("b1");
  EXPECT_EQ(events[0].at_ms, kT0 + 200);
  EXPECT_EQ(events[1].at_ms, kT0 + 100);

  EXPECT_TRUE(Fails(accounts().restore_board("b1", "ada", kT0 + 300, 0), ErrorCode::kNotFound));
  EXPECT_TRUE(Fails(accounts().restore_board("nope", "ada", kT0 + 300, 0), ErrorCode::kNotFound));
}

TEST_P(AccountStoreContract, PurgeErasesDeletedBoardsForGood) {
  ASSERT_NO_FATAL_FAILURE(add_users({{"ada", "Ada"}, {"bo", "Bo"}, {"cy", "Cy"}}));
  for (auto const* id : {"old", "recent", "live"}) {
    ASSERT_TRUE(Ok(accounts().create_board(board_named(id, id), "ada", kT0)));
    ASSERT_TRUE(
        Ok(boards().append(std::vector{journal_entry(id, 1), journal_entry(id, 2), journal_entry(id, 3)})));
    ASSERT_TRUE(Ok(boards().save_snapshot(id, 2, R"([{"id":"o1"}])", 1)));
    ASSERT_NO_FATAL_FAILURE(invite_member(id, "bo", model::Role::kEditor, "ada"));
    ASSERT_TRUE(Ok(accounts().create_invite(
        Invite{std::string("pending-") + id, id, "cy@example.com", model::Role::kViewer,
               std::string("hash-pending-") + id, "ada", kT0, kT0 + 1'000'000},
        kT0)));
    ASSERT_TRUE(Ok(accounts().create_link(ShareLink{std::string("link-") + id, id, model::Role::kViewer,
                                                    std::string("token-") + id, "ada", kT0},
                                          kT0)));
    ASSERT_TRUE(Ok(accounts().accept_link(std::string("token-") + id, "cy", kT0)));
  }
  ASSERT_TRUE(Ok(accounts().delete_board("old", "ada", kT0 + 10)));
  ASSERT_TRUE(Ok(accounts().delete_board("recent", "ada", kT0 + 1000)));

  EXPECT_TRUE(get(accounts().purge_deleted_boards(kT0 + 10)).empty());  // strictly before
  EXPECT_EQ(get(accounts().purge_deleted_boards(kT0 + 500)), std::vector<std::string>{"old"});

  EXPECT_FALSE(get(accounts().find_board("old")).has_value());
  EXPECT_FALSE(get(boards().load_board("old")).has_value());
  EXPECT_FALSE(get(boards().board_info("old")).has_value());
  EXPECT_EQ(role_on("old", "ada", true), no_role());
  EXPECT_TRUE(get(accounts().list_members("old")).empty());
  EXPECT_TRUE(get(accounts().list_invites("old", kT0)).empty());
  EXPECT_TRUE(get(accounts().list_links("old")).empty());
  EXPECT_TRUE(activity("old").empty());
  EXPECT_TRUE(Fails(accounts().accept_invite("hash-pending-old", "cy", kT0 + 1), ErrorCode::kNotFound));
  EXPECT_TRUE(Fails(accounts().accept_link("token-old", "bo", kT0 + 1), ErrorCode::kNotFound));
  EXPECT_EQ(get(accounts().list_boards(BoardQueryFor("ada").deleted(true))).total, 1u);

  // The id is free again, and nothing of the old board comes back with it.
  ASSERT_TRUE(Ok(accounts().create_board(board_named("old", "Reborn"), "bo", kT0 + 600)));
  EXPECT_EQ(role_on("old", "ada"), no_role());
  EXPECT_EQ(get(accounts().list_members("old")).size(), 1u);
  EXPECT_EQ(activity("old").size(), 1u);
  auto reborn = get(boards().load_board("old"));
  ASSERT_TRUE(reborn.has_value());
  EXPECT_EQ(reborn->snapshot_json, "[]");
  EXPECT_TRUE(reborn->journal.empty());

  // The others keep everything.
  for (auto const* id : {"recent", "live"}) {
    auto image = get(boards().load_board(id));
    ASSERT_TRUE(image.has_value()) << id;
    EXPECT_EQ(image->snapshot_seq, 2u);
    EXPECT_EQ(image->journal.size(), 2u);
    EXPECT_EQ(get(accounts().list_members(id)).size(), 3u);
    EXPECT_EQ(get(accounts().list_invites(id, kT0)).size(), 1u);
    EXPECT_EQ(get(accounts().list_links(id)).size(), 1u);
    EXPECT_FALSE(activity(id).empty());
  }
  EXPECT_EQ(role_on("recent", "ada", true), role(model::Role::kOwner));
  EXPECT_EQ(get(accounts().purge_deleted_boards(kT0 + 2000)), std::vector<std::string>{"recent"});
  EXPECT_TRUE(get(accounts().purge_deleted_boards(kT0 + 3000)).empty());
  EXPECT_TRUE(get(accounts().find_board("live")).has_value());
}

}  // namespace
}  // namespace cc::store::testing
