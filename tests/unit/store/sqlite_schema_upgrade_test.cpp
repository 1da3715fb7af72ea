// Upgrading a data directory written by a version-1 server (boards, snapshots and journal, no
// accounts) to the current schema: nothing of the content changes, and the first user to
// register owns every board in it.
#include "store/sqlite/sqlite_account_store.hpp"
#include "store/sqlite/sqlite_board_store.hpp"
#include "store/sqlite/sqlite_schema.hpp"

#include "account_store_contract.hpp"
#include "raw_sqlite.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <string>

namespace cc::store::testing {
using cc::testing::TempDir;
namespace {

// The schema as version 1 of the server created it, verbatim: the test must not depend on the
// migration code it checks.
constexpr char const* kVersion1Schema = R"sql(
CREATE TABLE boards (
  id         TEXT    NOT NULL PRIMARY KEY,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL,
  seq        INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE TABLE snapshots (
  board   TEXT    NOT NULL PRIMARY KEY REFERENCES boards (id) ON DELETE CASCADE,
  seq     INTEGER NOT NULL,
  objects TEXT    NOT NULL
);

CREATE TABLE journal (
  id       INTEGER PRIMARY KEY,
  board    TEXT    NOT NULL,
  seq      INTEGER NOT NULL,
  batch_id TEXT    NOT NULL,
  author   TEXT    NOT NULL,
  ops      TEXT    NOT NULL
);

CREATE UNIQUE INDEX journal_board_seq ON journal (board, seq);
PRAGMA user_version = 1;
)sql";

// What a version-1 server left: a board with a snapshot and a journal window around it, one
// with a journal only, one created and never edited.
constexpr char const* kVersion1Content = R"sql(
BEGIN;
INSERT INTO boards (id, created_ms, updated_ms, seq) VALUES
  ('roadmap', 1700000000000, 1700000500000, 5),
  ('sketch', 1700000100000, 1700000200000, 2),
  ('empty', 1700000300000, 1700000300000, 0);
INSERT INTO snapshots (board, seq, objects) VALUES
  ('roadmap', 4, '[{"id":"r1","kind":"rect","x":1},{"id":"t1","kind":"text","text":"it''s \"quoted\""}]');
INSERT INTO journal (board, seq, batch_id, author, ops) VALUES
  ('roadmap', 3, 'batch-3', 'client-a', '[{"op":"create","id":"r1","kind":"rect"}]'),
  ('roadmap', 4, 'batch-4', 'client-b', '[{"op":"update","id":"r1","x":1}]'),
  ('sketch', 1, 'batch-s1', 'client-c', '[{"op":"create","id":"s1","kind":"ellipse"}]'),
  ('roadmap', 5, 'batch-5', 'client-a', '[{"op":"delete","id":"t1"}]'),
  ('sketch', 2, 'batch-s2', 'client-c', '[{"op":"update","id":"s1","y":2}]');
COMMIT;
)sql";

struct ExpectedEntry {
  std::uint64_t seq;
  char const* batch_id;
  char const* author;
  char const* ops;
};

void expect_journal(BoardImage const& image, std::vector<ExpectedEntry> const& expected) {
  ASSERT_EQ(image.journal.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(image.journal[i].seq, expected[i].seq);
    EXPECT_EQ(image.journal[i].batch_id, expected[i].batch_id);
    EXPECT_EQ(image.journal[i].author, expected[i].author);
    ASSERT_NE(image.journal[i].ops_json, nullptr);
    EXPECT_EQ(*image.journal[i].ops_json, expected[i].ops);
  }
}

class SqliteSchemaUpgrade : public ::testing::Test {
 protected:
  void SetUp() override {
    RawSqlite raw(database_file(dir_.path()));
    ASSERT_TRUE(raw.ok());
    raw.exec("PRAGMA journal_mode = WAL");
    raw.exec(kVersion1Schema);
    raw.exec(kVersion1Content);
    ASSERT_EQ(raw.text("PRAGMA user_version"), "1");
  }

  TempDir dir_;
};

TEST_F(SqliteSchemaUpgrade, ContentLoadsUnchangedAndTheFirstUserOwnsEveryBoard) {
  // The server opens the board store first.
  auto boards = open_sqlite_store(dir_.path(), {});
  ASSERT_TRUE(boards.has_value()) << boards.error().message;
  auto accounts = open_sqlite_account_store(dir_.path(), {});
  ASSERT_TRUE(accounts.has_value()) << accounts.error().message;

  auto roadmap = get(boards.value()->load_board("roadmap"));
  ASSERT_TRUE(roadmap.has_value());
  EXPECT_EQ(roadmap->snapshot_seq, 4u);
  EXPECT_EQ(roadmap->snapshot_json,
            R"([{"id":"r1","kind":"rect","x":1},{"id":"t1","kind":"text","text":"it's \"quoted\""}])");
  expect_journal(*roadmap, {{3, "batch-3", "client-a", R"([{"op":"create","id":"r1","kind":"rect"}])"},
                            {4, "batch-4", "client-b", R"([{"op":"update","id":"r1","x":1}])"},
                            {5, "batch-5", "client-a", R"([{"op":"delete","id":"t1"}])"}});
  auto sketch = get(boards.value()->load_board("sketch"));
  ASSERT_TRUE(sketch.has_value());
  EXPECT_EQ(sketch->snapshot_seq, 0u);
  EXPECT_EQ(sketch->snapshot_json, "[]");
  expect_journal(*sketch, {{1, "batch-s1", "client-c", R"([{"op":"create","id":"s1","kind":"ellipse"}])"},
                           {2, "batch-s2", "client-c", R"([{"op":"update","id":"s1","y":2}])"}});
  auto empty = get(boards.value()->load_board("empty"));
  ASSERT_TRUE(empty.has_value());
  EXPECT_TRUE(empty->journal.empty());
  auto info = get(boards.value()->board_info("roadmap"));
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->seq, 5u);
  EXPECT_EQ(info->created_ms, 1700000000000);
  EXPECT_EQ(info->updated_ms, 1700000500000);

  {
    RawSqlite raw(database_file(dir_.path()));
    EXPECT_EQ(raw.text("PRAGMA user_version"), std::to_string(kSqliteSchemaVersion));
    EXPECT_EQ(raw.column("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name"),
              (std::vector<std::string>{"activity", "boards", "invites", "journal", "links", "login_sessions",
                                        "members", "refresh_tokens", "snapshots", "users"}));
    EXPECT_EQ(raw.column("SELECT id || '=' || name FROM boards ORDER BY id"),
              (std::vector<std::string>{"empty=empty", "roadmap=roadmap", "sketch=sketch"}));
    EXPECT_EQ(raw.text("SELECT count(*) FROM boards WHERE description = '' AND deleted_ms IS NULL"), "3");
    EXPECT_EQ(raw.text("SELECT count(*) FROM members"), "0");
  }

  // Nobody owns them until the first account is made; then that user owns them all.
  EXPECT_EQ(get(accounts.value()->find_board("roadmap"))->owner.id, "");
  ASSERT_TRUE(Ok(accounts.value()->create_user(user_named("ada", "Ada"))));
  ASSERT_TRUE(Ok(accounts.value()->create_user(user_named("bo", "Bo"))));
  for (auto const* board : {"roadmap", "sketch", "empty"}) {
    EXPECT_EQ(get(accounts.value()->role_of(board, "ada", false)), role(model::Role::kOwner)) << board;
    EXPECT_EQ(get(accounts.value()->role_of(board, "bo", false)), no_role()) << board;
    auto meta = get(accounts.value()->find_board(board));
    ASSERT_TRUE(meta.has_value());
    EXPECT_EQ(meta->name, board);
    EXPECT_EQ(meta->owner.id, "ada");
  }
  BoardPage const page =
      get(accounts.value()->list_boards(BoardQueryFor("ada").sort(BoardSort::kName).descending(false)));
  EXPECT_EQ(page.total, 3u);
  ASSERT_EQ(page.boards.size(), 3u);
  EXPECT_EQ(page.boards[0].board.id, "empty");
  EXPECT_EQ(page.boards[1].board.seq, 5u);
  EXPECT_EQ(page.boards[1].board.updated_ms, 1700000500000);

  // The journal carries on where version 1 stopped.
  JournalEntry next;
  next.board = "roadmap";
  next.seq = 6;
  next.batch_id = "batch-6";
  next.author = "client-a";
  next.ops_json = std::make_shared<const std::string>("[]");
  ASSERT_TRUE(Ok(boards.value()->append(std::vector{next})));
  EXPECT_EQ(get(accounts.value()->find_board("roadmap"))->seq, 6u);
  EXPECT_EQ(get(accounts.value()->find_board("roadmap"))->name, "roadmap");
}

TEST_F(SqliteSchemaUpgrade, TheAccountStoreMayMigrateFirst) {
  auto accounts = open_sqlite_account_store(dir_.path(), {});
  ASSERT_TRUE(accounts.has_value()) << accounts.error().message;
  ASSERT_TRUE(Ok(accounts.value()->create_user(user_named("ada", "Ada"))));
  EXPECT_EQ(get(accounts.value()->role_of("sketch", "ada", false)), role(model::Role::kOwner));

  auto boards = open_sqlite_store(dir_.path(), {});
  ASSERT_TRUE(boards.has_value()) << boards.error().message;
  auto sketch = get(boards.value()->load_board("sketch"));
  ASSERT_TRUE(sketch.has_value());
  EXPECT_EQ(sketch->journal.size(), 2u);
}

}  // namespace
}  // namespace cc::store::testing
