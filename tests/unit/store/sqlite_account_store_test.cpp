// The SQLite AccountStore: the contract suite, and what is particular to SQLite (the schema
// it leaves, the query plans of the hot and heavy reads, a dashboard of 10,000 boards).
#include "store/sqlite/sqlite_account_store.hpp"

#include "store/sqlite/sqlite_account_queries.hpp"
#include "store/sqlite/sqlite_board_store.hpp"
#include "store/sqlite/sqlite_schema.hpp"

#include "account_store_contract.hpp"
#include "raw_sqlite.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <string>

namespace cc::store::testing {
using cc::testing::TempDir;
namespace {

INSTANTIATE_TEST_SUITE_P(
    Sqlite, AccountStoreContract,
    ::testing::Values(AccountBackend{
        "sqlite",
        [](std::filesystem::path const& dir) { return open_sqlite_account_store(dir, SqliteOptions{}); },
        [](std::filesystem::path const& dir) { return open_sqlite_store(dir, SqliteOptions{}); },
    }),
    account_backend_name);

TEST(SqliteAccountStore, OpenedFirstItCreatesTheWholeSchema) {
  TempDir dir;
  auto accounts = open_sqlite_account_store(dir.path() / "data", {});
  ASSERT_TRUE(accounts.has_value()) << accounts.error().message;

  RawSqlite raw(database_file(dir.path() / "data"));
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw.text("PRAGMA user_version"), std::to_string(kSqliteSchemaVersion));
  EXPECT_EQ(raw.text("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(raw.column("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name"),
            (std::vector<std::string>{"activity", "boards", "invites", "journal", "links", "login_sessions",
                                      "members", "refresh_tokens", "snapshots", "users"}));
  EXPECT_EQ(raw.column("SELECT name FROM pragma_table_info('boards') ORDER BY cid"),
            (std::vector<std::string>{"id", "created_ms", "updated_ms", "seq", "name", "description",
                                      "deleted_ms"}));

  // The board store opens the same file afterwards and finds nothing to migrate.
  auto boards = open_sqlite_store(dir.path() / "data", {});
  ASSERT_TRUE(boards.has_value()) << boards.error().message;
  ASSERT_TRUE(boards.value()->create_board("b1").has_value());
  EXPECT_EQ(raw.text("SELECT name FROM boards WHERE id = 'b1'"), "b1");
}

TEST(SqliteAccountStore, RefusesANewerSchemaVersion) {
  TempDir dir;
  ASSERT_TRUE(open_sqlite_account_store(dir.path(), {}).has_value());
  {
    RawSqlite raw(database_file(dir.path()));
    raw.exec("PRAGMA user_version = " + std::to_string(kSqliteSchemaVersion + 1));
  }
  auto accounts = open_sqlite_account_store(dir.path(), {});
  ASSERT_TRUE(accounts.has_error());
  EXPECT_EQ(accounts.error().code, ErrorCode::kStorage);
  EXPECT_NE(accounts.error().message.find("newer"), std::string::npos) << accounts.error().message;
}

TEST(SqliteAccountStore, RotationDropsTheFamilysExpiredTokens) {
  TempDir dir;
  auto accounts = open_sqlite_account_store(dir.path(), {});
  ASSERT_TRUE(accounts.has_value()) << accounts.error().message;
  AccountStore& store = *accounts.value();
  ASSERT_TRUE(Ok(store.add_refresh_token(refresh_token("t0", "fam", "ada", kT0, kT0 + 100))));
  ASSERT_TRUE(Ok(store.add_refresh_token(refresh_token("other", "fam2", "ada", kT0, kT0 + 100))));
  // Each rotation is 60 time units after the last, each token lives 100: at most two stay.
  std::string old_hash = "t0";
  for (int i = 1; i <= 10; ++i) {
    std::string const next = "t" + std::to_string(i);
    std::int64_t const now = kT0 + 60 * i - 50;
    auto r = get(store.rotate_refresh_token(old_hash, refresh_token(next, "", "", now, now + 100), now));
    ASSERT_EQ(r.outcome, RotateOutcome::kRotated) << i;
    old_hash = next;
  }
  RawSqlite raw(database_file(dir.path()));
  EXPECT_EQ(raw.text("SELECT count(*) FROM refresh_tokens WHERE family = 'fam'"), "2");
  EXPECT_EQ(raw.text("SELECT count(*) FROM refresh_tokens WHERE family = 'fam2'"), "1");  // not its family
}

// The plans of the statements the store runs: each hot lookup is index seeks only, and the
// dashboard reads one user's range of members_user, never a whole table.
TEST(SqliteAccountStore, HotLookupsAndTheDashboardUseTheirIndexes) {
  TempDir dir;
  ASSERT_TRUE(open_sqlite_account_store(dir.path(), {}).has_value());
  RawSqlite raw(database_file(dir.path()));

  using namespace sqlite_account;
  EXPECT_EQ(raw.query_plan(kSelectUserById), "SEARCH users USING PRIMARY KEY (id=?)\n");
  EXPECT_EQ(raw.query_plan(kSelectUserByEmail),
            "SEARCH users USING INDEX sqlite_autoindex_users_2 (email=?)\n");
  EXPECT_EQ(raw.query_plan(kFamilyActive), "SEARCH login_sessions USING PRIMARY KEY (id=?)\n");
  EXPECT_EQ(raw.query_plan(kRoleOf),
            "SEARCH m USING PRIMARY KEY (board=? AND user=?)\nSEARCH b USING PRIMARY KEY (id=?)\n");

  for (bool deleted : {false, true}) {
    for (BoardSort sort : {BoardSort::kName, BoardSort::kUpdated}) {
      BoardQuery const query = BoardQueryFor("ada").sort(sort).deleted(deleted);
      for (bool count : {true, false}) {
        std::string const plan = raw.query_plan(list_boards_sql(query, count));
        SCOPED_TRACE(plan);
        EXPECT_NE(plan.find("SEARCH m USING COVERING INDEX members_user (user=?)"), std::string::npos);
        EXPECT_NE(plan.find("SEARCH b USING PRIMARY KEY (id=?)"), std::string::npos);
        EXPECT_EQ(plan.find("SCAN m"), std::string::npos);
        EXPECT_EQ(plan.find("SCAN b"), std::string::npos);
        if (!count) {
          EXPECT_NE(plan.find("members_owner (board=?)"), std::string::npos);
        }
      }
    }
  }
}

// A user with 10,000 boards among many more of others: the dashboard reads that user's rows
// alone. The time is printed, and bounded loosely to catch a plan gone wrong (seconds), not to
// benchmark.
TEST(SqliteAccountStore, ListsTenThousandBoardsOfOneUser) {
  TempDir dir;
  {
    auto opened = open_sqlite_account_store(dir.path(), {});
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
  }
  {
    RawSqlite raw(database_file(dir.path()));
    raw.exec(R"sql(
      BEGIN;
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40000)
      INSERT INTO boards (id, name, description, created_ms, updated_ms, seq)
        SELECT printf('b%05d', i), printf('Board %d', i), '', i, (i * 7919) % 40000, i FROM n;
      INSERT INTO users (id, email, name, password_hash, created_ms) VALUES
        ('ada', 'ada@example.com', 'Ada', 'x', 0), ('bo', 'bo@example.com', 'Bo', 'x', 0);
      INSERT INTO members (board, user, role, link, added_ms)
        SELECT id, CASE WHEN seq % 4 = 0 THEN 'ada' ELSE 'bo' END, 3, NULL, 0 FROM boards;
      INSERT INTO members (board, user, role, link, added_ms)
        SELECT id, 'ada', 2, NULL, 1 FROM boards WHERE seq % 4 = 1 AND seq <= 20000;
      COMMIT;
    )sql");
    EXPECT_EQ(raw.text("SELECT count(*) FROM members WHERE user = 'ada'"), "15000");
  }
  auto opened = open_sqlite_account_store(dir.path(), {});
  ASSERT_TRUE(opened.has_value()) << opened.error().message;
  AccountStore& store = *opened.value();

  struct Case {
    char const* what;
    BoardQuery query;
  };
  std::vector<Case> const cases{
      {"updated, first page", BoardQueryFor("ada")},
      {"name, last page", BoardQueryFor("ada").sort(BoardSort::kName).descending(false).offset(14950)},
      {"search", BoardQueryFor("ada").search("board 1")},
  };
  for (auto const& c : cases) {
    auto const start = std::chrono::steady_clock::now();
    BoardPage const page = get(store.list_boards(c.query));
    auto const elapsed =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start);
    std::cout << "[ timing   ] list_boards over 15,000 memberships (" << c.what << "): " << elapsed.count()
              << " us\n";
    EXPECT_LT(elapsed, std::chrono::seconds(2)) << c.what;
    EXPECT_EQ(page.boards.size(), 50u) << c.what;
    if (c.query.search.empty()) {
      EXPECT_EQ(page.total, 15000u) << c.what;
    }
  }

  BoardPage const newest = get(store.list_boards(BoardQueryFor("ada").limit(3)));
  ASSERT_EQ(newest.boards.size(), 3u);
  for (std::size_t i = 1; i < newest.boards.size(); ++i) {
    EXPECT_GE(newest.boards[i - 1].board.updated_ms, newest.boards[i].board.updated_ms);
  }
  EXPECT_EQ(newest.boards[0].board.owner.id, newest.boards[0].role == model::Role::kOwner ? "ada" : "bo");

  auto const start = std::chrono::steady_clock::now();
  for (int i = 0; i < 1000; ++i) {
    ASSERT_TRUE(get(store.role_of("b00004", "ada", false)).has_value());
  }
  auto const elapsed =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start);
  std::cout << "[ timing   ] role_of: " << elapsed.count() / 1000.0 << " us per call\n";
}

}  // namespace
}  // namespace cc::store::testing
