// AccountStore contract: the dashboard listing (list_boards).
#include "account_store_contract.hpp"

namespace cc::store::testing {
namespace {

std::vector<std::string> ids_of(BoardPage const& page) {
  std::vector<std::string> ids;
  for (auto const& listing : page.boards) ids.push_back(listing.board.id);
  return ids;
}

BoardPage list(AccountStore& accounts, BoardQuery const& query) { return get(accounts.list_boards(query)); }

TEST_P(AccountStoreContract, ListBoardsListsTheUsersBoardsWithTheirRoles) {
  ASSERT_NO_FATAL_FAILURE(add_users({{"ada", "Ada"}, {"bo", "Bo"}}));
  ASSERT_TRUE(Ok(accounts().create_board(board_named("a1", "Ada one", "desc"), "ada", kT0 + 1)));
  ASSERT_TRUE(Ok(accounts().create_board(board_named("a2", "Ada two"), "ada", kT0 + 2)));
  ASSERT_TRUE(Ok(accounts().create_board(board_named("b1", "Bo one"), "bo", kT0 + 3)));
  ASSERT_NO_FATAL_FAILURE(invite_member("b1", "ada", model::Role::kViewer, "bo"));

  BoardPage const page = list(accounts(), BoardQueryFor("ada"));
  EXPECT_EQ(page.total, 3u);
  ASSERT_EQ(ids_of(page), (std::vector<std::string>{"b1", "a2", "a1"}));  // default: updated, newest first
  EXPECT_EQ(page.boards[0].role, model::Role::kViewer);
  EXPECT_EQ(page.boards[0].board.owner.id, "bo");
  EXPECT_EQ(page.boards[0].board.owner.name, "Bo");
  EXPECT_EQ(page.boards[2].role, model::Role::kOwner);
  EXPECT_EQ(page.boards[2].board.name, "Ada one");
  EXPECT_EQ(page.boards[2].board.description, "desc");
  EXPECT_EQ(page.boards[2].board.created_ms, kT0 + 1);
  EXPECT_EQ(page.boards[2].board.owner.id, "ada");
  EXPECT_FALSE(page.boards[2].board.deleted_ms.has_value());

  EXPECT_EQ(ids_of(list(accounts(), BoardQueryFor("bo"))), std::vector<std::string>{"b1"});
  EXPECT_EQ(list(accounts(), BoardQueryFor("nobody")).total, 0u);

  // Deleted boards leave the list, for every member.
  ASSERT_TRUE(Ok(accounts().delete_board("b1", "bo", kT0 + 10)));
  EXPECT_EQ(ids_of(list(accounts(), BoardQueryFor("ada"))), (std::vector<std::string>{"a2", "a1"}));
  EXPECT_EQ(list(accounts(), BoardQueryFor("bo")).total, 0u);
}

TEST_P(AccountStoreContract, ListBoardsSortsByNameCaseInsensitivelyOrByUpdatedWithTiesById) {
  ASSERT_NO_FATAL_FAILURE(add_users({{"ada", "Ada"}}));
  // (id, name, time): "alpha" and "Alpha" tie on the name, b3 and b4 on the time.
  ASSERT_TRUE(Ok(accounts().create_board(board_named("b1", "beta"), "ada", kT0 + 30)));
  ASSERT_TRUE(Ok(accounts().create_board(board_named("b2", "alpha"), "ada", kT0 + 10)));
  ASSERT_TRUE(Ok(accounts().create_board(board_named("b3", "Gamma"), "ada", kT0 + 20)));
  ASSERT_TRUE(Ok(accounts().create_board(board_named("b4", "Alpha"), "ada", kT0 + 20)));
  ASSERT_TRUE(Ok(accounts().create_board(board_named("b5", "delta"), "ada", kT0 + 5)));

  EXPECT_EQ(ids_of(list(accounts(), BoardQueryFor("ada").sort(BoardSort::kName).descending(false))),
            (std::vector<std::string>{"b2", "b4", "b1", "b5", "b3"}));
  EXPECT_EQ(ids_of(list(accounts(), BoardQueryFor("ada").sort(BoardSort::kName).descending(true))),
            (std::vector<std::string>{"b3", "b5", "b1", "b4", "b2"}));
  EXPECT_EQ(ids_of(list(accounts(), BoardQueryFor("ada").sort(BoardSort::kUpdated).descending(true))),
            (std::vector<std::string>{"b1", "b4", "b3", "b2", "b5"}));
  EXPECT_EQ(ids_of(list(accounts(), BoardQueryFor("ada").sort(BoardSort::kUpdated).descending(false))),
            (std::vector<std::string>{"b5", "b2", "b3", "b4", "b1"}));

  // A rename moves the board to the top of "updated".
  ASSERT_TRUE(Ok(accounts().update_board("b5", "Epsilon", std::nullopt, "ada", kT0 + 40)));
  EXPECT_EQ(ids_of(list(accounts(), BoardQueryFor("ada").limit(1))), std::vector<std::string>{"b5"});
}

TEST_P(AccountStoreContract, ListBoardsSearchIsACaseInsensitiveSubstringOfTheName) {
  ASSERT_NO_FATAL_FAILURE(add_users({{"ada", "Ada"}}));
  ASSERT_TRUE(Ok(accounts().create_board(board_named("b1", "Roadmap 2025"), "ada", kT0 + 1)));
  ASSERT_TRUE(Ok(accounts().create_board(board_named("b2", "Team ROADMAP"), "ada", kT0 + 2)));
  ASSERT_TRUE(
      Ok(accounts().create_board(board_named("b3", "Retro", "roadmap in the description"), "ada", kT0 + 3)));

  BoardPage page = list(accounts(), BoardQueryFor("ada").search("roadMap"));
  EXPECT_EQ(page.total, 2u);
  EXPECT_EQ(ids_of(page), (std::vector<std::string>{"b2", "b1"}));
  EXPECT_EQ(ids_of(list(accounts(), BoardQueryFor("ada").search("p 2"))), std::vector<std::string>{"b1"});
  EXPECT_EQ(list(accounts(), BoardQueryFor("ada").search("nothing")).total, 0u);
  EXPECT_EQ(list(accounts(), BoardQueryFor("ada").search("")).total, 3u);
}

TEST_P(AccountStoreContract, ListBoardsSearchTakesLikeWildcardsLiterally) {
  ASSERT_NO_FATAL_FAILURE(add_users({{"ada", "Ada"}}));
  std::vector<std::pair<std::string, std::string>> const boards{
      {"pct", "100% done"}, {"num", "100 done"},      {"und", "a_b"},
      {"axb", "axb"},       {"bsl", R"(back\slash)"}, {"bs2", "backxslash"},
  };
  std::int64_t t = kT0;
  for (auto const& [id, name] : boards)
    ASSERT_TRUE(Ok(accounts().create_board(board_named(id, name), "ada", ++t)));

  EXPECT_EQ(ids_of(list(accounts(), BoardQueryFor("ada").search("%"))), std::vector<std::string>{"pct"});
  EXPECT_EQ(ids_of(list(accounts(), BoardQueryFor("ada").search("0% d"))), std::vector<std::string>{"pct"});
  EXPECT_EQ(ids_of(list(accounts(), BoardQueryFor("ada").search("_"))), std::vector<std::string>{"und"});
  EXPECT_EQ(ids_of(list(accounts(), BoardQueryFor("ada").search("a_b"))), std::vector<std::string>{"und"});
  EXPECT_EQ(ids_of(list(accounts(), BoardQueryFor("ada").search("\\"))), std::vector<std::string>{"bsl"});
  EXPECT_EQ(ids_of(list(accounts(), BoardQueryFor("ada").search(R"(k\s)"))), std::vector<std::string>{"bsl"});
  EXPECT_EQ(list(accounts(), BoardQueryFor("ada").search("'")).total, 0u);
}

TEST_P(AccountStoreContract, ListBoardsPagesWithOffsetLimitAndTotal) {
  ASSERT_NO_FATAL_FAILURE(add_users({{"ada", "Ada"}, {"bo", "Bo"}}));
  std::vector<std::string> expected;
  for (int i = 0; i < 7; ++i) {
    std::string const id = "b" + std::to_string(i);
    ASSERT_TRUE(Ok(accounts().create_board(board_named(id, "Board " + std::to_string(i)), "ada", kT0 + i)));
    expected.push_back(id);
  }
  ASSERT_TRUE(Ok(accounts().create_board(board_named("other", "Board of Bo"), "bo", kT0)));

  std::vector<std::string> seen;
  for (std::size_t offset = 0; offset < 10; offset += 3) {
    BoardPage const page = list(
        accounts(), BoardQueryFor("ada").sort(BoardSort::kName).descending(false).offset(offset).limit(3));
    EXPECT_EQ(page.total, 7u);
    EXPECT_LE(page.boards.size(), 3u);
    for (auto const& id : ids_of(page)) seen.push_back(id);
  }
  EXPECT_EQ(seen, expected);

  BoardPage const past_end = list(accounts(), BoardQueryFor("ada").offset(7));
  EXPECT_TRUE(past_end.boards.empty());
  EXPECT_EQ(past_end.total, 7u);
  BoardPage const none = list(accounts(), BoardQueryFor("ada").limit(0));
  EXPECT_TRUE(none.boards.empty());
  EXPECT_EQ(none.total, 7u);
  BoardPage const searched = list(accounts(), BoardQueryFor("ada").search("board 1").offset(0).limit(1));
  EXPECT_EQ(searched.total, 1u);
  EXPECT_EQ(ids_of(searched), std::vector<std::string>{"b1"});
}

TEST_P(AccountStoreContract, ListBoardsTheTrashListsDeletedBoardsTheUserOwns) {
  ASSERT_NO_FATAL_FAILURE(add_users({{"ada", "Ada"}, {"bo", "Bo"}}));
  ASSERT_TRUE(Ok(accounts().create_board(board_named("gone1", "Gone one"), "ada", kT0)));
  ASSERT_TRUE(Ok(accounts().create_board(board_named("gone2", "Gone two"), "ada", kT0 + 1)));
  ASSERT_TRUE(Ok(accounts().create_board(board_named("kept", "Kept"), "ada", kT0 + 2)));
  ASSERT_NO_FATAL_FAILURE(invite_member("gone1", "bo", model::Role::kEditor, "ada"));
  ASSERT_TRUE(Ok(accounts().delete_board("gone1", "ada", kT0 + 10)));
  ASSERT_TRUE(Ok(accounts().delete_board("gone2", "ada", kT0 + 11)));

  BoardPage const trash =
      list(accounts(), BoardQueryFor("ada").sort(BoardSort::kName).descending(false).deleted(true));
  EXPECT_EQ(trash.total, 2u);
  ASSERT_EQ(ids_of(trash), (std::vector<std::string>{"gone1", "gone2"}));
  EXPECT_EQ(trash.boards[0].board.deleted_ms, std::optional<std::int64_t>(kT0 + 10));
  EXPECT_EQ(trash.boards[0].role, model::Role::kOwner);
  EXPECT_EQ(ids_of(list(accounts(), BoardQueryFor("ada").search("two").deleted(true))),
            std::vector<std::string>{"gone2"});
  // An editor has no trash: restoring is the owners'.
  EXPECT_EQ(list(accounts(), BoardQueryFor("bo").deleted(true)).total, 0u);

  ASSERT_TRUE(Ok(accounts().restore_board("gone1", "ada", kT0 + 20, 0)));
  EXPECT_EQ(ids_of(list(accounts(), BoardQueryFor("ada").deleted(true))), std::vector<std::string>{"gone2"});
  EXPECT_EQ(list(accounts(), BoardQueryFor("bo")).total, 1u);
}

}  // namespace
}  // namespace cc::store::testing
