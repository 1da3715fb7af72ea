#include "store/sqlite/sqlite_board_store.hpp"

#include "store/sqlite/sqlite_schema.hpp"

#include "board_store_contract.hpp"
#include "support/temp_dir.hpp"
#include "unit/store/journal_entries.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>
#include <memory>
#include <string>

namespace cc::store::testing {
using cc::testing::TempDir;
namespace {

INSTANTIATE_TEST_SUITE_P(Sqlite, BoardStoreContract,
                         ::testing::Values(StoreBackend{"sqlite_normal",
                                                        [](std::filesystem::path const& dir) {
                                                          return open_sqlite_store(
                                                              dir, SqliteOptions{SqliteSync::kNormal});
                                                        }},
                                           StoreBackend{"sqlite_full",
                                                        [](std::filesystem::path const& dir) {
                                                          return open_sqlite_store(
                                                              dir, SqliteOptions{SqliteSync::kFull});
                                                        }}),
                         backend_name);

// Direct access to the database file, to check what the store wrote and to prepare files the
// store must cope with.
class RawDb {
 public:
  explicit RawDb(std::filesystem::path const& file) {
    sqlite3* raw = nullptr;
    rc_ = sqlite3_open(file.c_str(), &raw);
    db_.reset(raw);
  }
  bool ok() const { return rc_ == SQLITE_OK; }
  void exec(char const* sql) {
    char* message = nullptr;
    int const rc = sqlite3_exec(db_.get(), sql, nullptr, nullptr, &message);
    EXPECT_EQ(rc, SQLITE_OK) << sql << ": " << (message != nullptr ? message : "");
    sqlite3_free(message);
  }
  std::string text(char const* sql) {
    sqlite3_stmt* raw = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db_.get(), sql, -1, &raw, nullptr), SQLITE_OK) << sqlite3_errmsg(db_.get());
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> stmt(raw, &sqlite3_finalize);
    if (sqlite3_step(stmt.get()) != SQLITE_ROW) return "<no row>";
    auto const* value = sqlite3_column_text(stmt.get(), 0);
    return value != nullptr ? reinterpret_cast<char const*>(value) : "<null>";
  }

 private:
  int rc_ = SQLITE_ERROR;
  std::unique_ptr<sqlite3, int (*)(sqlite3*)> db_{nullptr, &sqlite3_close};
};

std::filesystem::path db_file(std::filesystem::path const& dir) { return dir / "collabcanvas.db"; }

TEST(SqliteBoardStore, CreatesDataDirectoryAndSchema) {
  TempDir dir;
  auto const data_dir = dir.path() / "nested" / "data";
  auto store = open_sqlite_store(data_dir, {});
  ASSERT_TRUE(store.has_value()) << store.error().message;
  ASSERT_TRUE(std::filesystem::exists(db_file(data_dir)));

  RawDb raw(db_file(data_dir));
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw.text("PRAGMA user_version"), std::to_string(kSqliteSchemaVersion));
  EXPECT_EQ(raw.text("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(raw.text("SELECT group_concat(name, ',') FROM "
                     "(SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name)"),
            "activity,boards,invites,journal,links,login_sessions,members,refresh_tokens,snapshots,users");
}

TEST(SqliteBoardStore, MigratesAnEmptyFile) {
  TempDir dir;
  { std::ofstream touch(db_file(dir.path())); }
  ASSERT_EQ(std::filesystem::file_size(db_file(dir.path())), 0u);

  auto store = open_sqlite_store(dir.path(), {});
  ASSERT_TRUE(store.has_value()) << store.error().message;
  ASSERT_TRUE(store.value()->append(std::vector{journal_entry("a", 1)}).has_value());
  auto image = store.value()->load_board("a");
  ASSERT_TRUE(image.has_value() && image.value().has_value());
  EXPECT_EQ(image.value()->journal.size(), 1u);

  RawDb raw(db_file(dir.path()));
  EXPECT_EQ(raw.text("PRAGMA user_version"), std::to_string(kSqliteSchemaVersion));
}

TEST(SqliteBoardStore, RefusesANewerSchemaVersion) {
  TempDir dir;
  std::string const newer = std::to_string(kSqliteSchemaVersion + 1);
  std::string const newer_version_pragma = "PRAGMA user_version = " + newer;
  {
    auto store = open_sqlite_store(dir.path(), {});
    ASSERT_TRUE(store.has_value()) << store.error().message;
    ASSERT_TRUE(store.value()->append(std::vector{journal_entry("a", 1)}).has_value());
  }
  {
    RawDb raw(db_file(dir.path()));
    raw.exec(newer_version_pragma.c_str());
  }
  auto store = open_sqlite_store(dir.path(), {});
  ASSERT_TRUE(store.has_error());
  EXPECT_EQ(store.error().code, ErrorCode::kStorage);
  EXPECT_NE(store.error().message.find("newer"), std::string::npos) << store.error().message;
  EXPECT_NE(store.error().message.find(newer), std::string::npos) << store.error().message;

  // Refusing did not touch the data or the version.
  RawDb raw(db_file(dir.path()));
  EXPECT_EQ(raw.text("PRAGMA user_version"), newer);
  EXPECT_EQ(raw.text("SELECT count(*) FROM journal"), "1");
}

TEST(SqliteBoardStore, ReopeningDoesNotMigrateAgain) {
  TempDir dir;
  {
    auto store = open_sqlite_store(dir.path(), {});
    ASSERT_TRUE(store.has_value()) << store.error().message;
  }
  // Running migration 1 again would fail on CREATE TABLE; opening twice must succeed.
  auto store = open_sqlite_store(dir.path(), {});
  ASSERT_TRUE(store.has_value()) << store.error().message;
  EXPECT_TRUE(store.value()->ping().has_value());
}

TEST(SqliteBoardStore, FailsCleanlyWhenDataDirIsAFile) {
  TempDir dir;
  auto const not_a_dir = dir.path() / "file";
  { std::ofstream touch(not_a_dir); }
  auto store = open_sqlite_store(not_a_dir, {});
  ASSERT_TRUE(store.has_error());
  EXPECT_EQ(store.error().code, ErrorCode::kStorage);
}

TEST(SqliteBoardStore, FailsCleanlyOnAFileThatIsNotADatabase) {
  TempDir dir;
  {
    std::ofstream garbage(db_file(dir.path()));
    garbage << std::string(8192, 'x');
  }
  auto store = open_sqlite_store(dir.path(), {});
  ASSERT_TRUE(store.has_error());
  EXPECT_EQ(store.error().code, ErrorCode::kStorage);
}

TEST(SqliteBoardStore, SnapshotKeepsTheJournalInTheDatabaseTrimmed) {
  TempDir dir;
  auto store = open_sqlite_store(dir.path(), {});
  ASSERT_TRUE(store.has_value()) << store.error().message;
  std::vector<JournalEntry> batch;
  for (std::uint64_t s = 1; s <= 100; ++s) batch.push_back(journal_entry("a", s));
  ASSERT_TRUE(store.value()->append(batch).has_value());
  ASSERT_TRUE(store.value()->save_snapshot("a", 100, "[]", 90).has_value());

  RawDb raw(db_file(dir.path()));
  EXPECT_EQ(raw.text("SELECT count(*) FROM journal WHERE board = 'a'"), "10");
  EXPECT_EQ(raw.text("SELECT min(seq) FROM journal WHERE board = 'a'"), "91");
  EXPECT_EQ(raw.text("SELECT seq FROM snapshots WHERE board = 'a'"), "100");
}

}  // namespace
}  // namespace cc::store::testing
