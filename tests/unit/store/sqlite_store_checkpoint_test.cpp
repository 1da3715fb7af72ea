// How the SQLite stores and their checkpointer share the database file: commits never
// checkpoint, the checkpointer does, data written through the journal writer survives both and
// a reopen, and the WAL file is still truncated to its size limit. Real files, observed on disk.
#include "store/journal_writer.hpp"
#include "store/sqlite/sqlite_account_store.hpp"
#include "store/sqlite/sqlite_board_store.hpp"

#include "checkpoint_log.hpp"
#include "raw_sqlite.hpp"
#include "support/temp_dir.hpp"
#include "unit/store/journal_entries.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace cc::store::testing {
using cc::testing::TempDir;
namespace {

using namespace std::chrono_literals;

// Every checkpoint trigger off but the final one.
SqliteOptions never_checkpoint() {
  SqliteOptions o;
  o.checkpoint.passive_at_frames = 1 << 30;
  o.checkpoint.check_every = 1h;
  return o;
}

class Durable : public DurabilityListener {
 public:
  void on_durable(std::uint64_t seq, Status status) override {
    EXPECT_TRUE(status.has_value()) << status.error().message;
    durable_ = seq;
  }
  void on_snapshot_saved(std::uint64_t, Status status) override {
    EXPECT_TRUE(status.has_value()) << status.error().message;
    ++snapshots_;
  }
  std::uint64_t durable() const { return durable_; }
  int snapshots() const { return snapshots_; }

 private:
  std::atomic<std::uint64_t> durable_{0};
  std::atomic<int> snapshots_{0};
};

// SQLite's own automatic checkpoint would run inside the commit that passes 1,000 frames; with
// it off, and the checkpointer told to wait, no page reaches the database file.
TEST(SqliteStoreCheckpoints, BoardStoreCommitsNeverCheckpoint) {
  TempDir dir;
  auto const db = database_file(dir.path());
  auto store = open_sqlite_store(dir.path(), never_checkpoint());
  ASSERT_TRUE(store.has_value()) << store.error().message;
  auto const db_before = file_size_or_zero(db);

  for (std::uint64_t s = 1; s <= 1500; ++s) {
    ASSERT_TRUE(store.value()->append(std::vector{journal_entry("a", s, 2000)}).has_value());
  }
  EXPECT_GT(file_size_or_zero(wal_file(db)), 1500u * 2000u);
  EXPECT_EQ(file_size_or_zero(db), db_before) << "a commit copied pages into the database file";

  store.value().reset();  // the final checkpoint copies everything
  EXPECT_GT(file_size_or_zero(db), 1500u * 2000u);
  EXPECT_EQ(file_size_or_zero(wal_file(db)), 0u);
}

TEST(SqliteStoreCheckpoints, AccountStoreCommitsNeverCheckpoint) {
  TempDir dir;
  auto const db = database_file(dir.path());
  auto accounts = open_sqlite_account_store(dir.path(), never_checkpoint());
  ASSERT_TRUE(accounts.has_value()) << accounts.error().message;
  auto const db_before = file_size_or_zero(db);

  std::string const padding(1500, 'n');
  for (int i = 0; i < 1500; ++i) {
    std::string const id = "u" + std::to_string(i);
    auto status = accounts.value()->create_user(User{id, id + "@example.com", padding, "hash", 1});
    ASSERT_TRUE(status.has_value()) << status.error().message;
  }
  EXPECT_GT(file_size_or_zero(wal_file(db)), 1000u * 4096u);
  EXPECT_EQ(file_size_or_zero(db), db_before) << "a commit copied pages into the database file";
}

TEST(SqliteStoreCheckpoints, JournalWriterDataSurvivesCheckpointsAndReopen) {
  TempDir dir;
  auto const db = database_file(dir.path());
  CheckpointLog log;
  SqliteOptions o;
  o.checkpoint.passive_at_frames = 128;
  o.checkpoint.finish_below_frames = 16;
  o.checkpoint.pause = 1ms;
  o.checkpoint.check_every = 1h;
  o.checkpoint.observer = log.observer();

  constexpr int kThreads = 4;
  constexpr int kBoardsPerThread = 5;
  constexpr std::uint64_t kSeqs = 400;
  constexpr std::uint64_t kSnapshotAt = 200;
  constexpr std::uint64_t kKeepAfter = 150;
  auto board_name = [](int t, int b) { return "t" + std::to_string(t) + "-b" + std::to_string(b); };
  std::vector<std::shared_ptr<Durable>> listeners;
  for (int i = 0; i < kThreads * kBoardsPerThread; ++i) listeners.push_back(std::make_shared<Durable>());
  {
    auto store = open_sqlite_store(dir.path(), o);
    ASSERT_TRUE(store.has_value()) << store.error().message;
    auto const db_before = file_size_or_zero(db);
    JournalWriter writer(*store.value());
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (std::uint64_t s = 1; s <= kSeqs; ++s) {
          for (int b = 0; b < kBoardsPerThread; ++b) {
            auto const& listener = listeners[static_cast<std::size_t>(t * kBoardsPerThread + b)];
            writer.submit(journal_entry(board_name(t, b), s, 600), listener);
            if (s == kSnapshotAt) {
              writer.snapshot(board_name(t, b), s, std::make_shared<const std::string>("[1]"), kKeepAfter,
                              listener);
            }
          }
        }
      });
    }
    for (auto& th : threads) th.join();
    writer.stop();
    for (auto const& l : listeners) {
      EXPECT_EQ(l->durable(), kSeqs);
      EXPECT_EQ(l->snapshots(), 1);
    }
    // The checkpointer ran while the writer wrote, and copied pages into the database file.
    ASSERT_GE(log.wait_for([](CheckpointReport const& r) { return r.completed && !r.final; }), 0);
    EXPECT_GT(file_size_or_zero(db), db_before);
    // Every entry is readable now, whatever was checkpointed.
    auto image = store.value()->load_board(board_name(0, 0));
    ASSERT_TRUE(image.has_value() && image.value().has_value());
    EXPECT_EQ(image.value()->journal.back().seq, kSeqs);
  }
  // A clean close: the final checkpoint copied everything and emptied the WAL.
  auto const reports = log.reports();
  ASSERT_FALSE(reports.empty());
  EXPECT_TRUE(reports.back().final);
  EXPECT_TRUE(reports.back().completed);
  EXPECT_EQ(file_size_or_zero(wal_file(db)), 0u);
  EXPECT_EQ(RawSqlite(db).text("PRAGMA integrity_check"), "ok");

  auto store = open_sqlite_store(dir.path(), never_checkpoint());
  ASSERT_TRUE(store.has_value()) << store.error().message;
  for (int t = 0; t < kThreads; ++t) {
    for (int b = 0; b < kBoardsPerThread; ++b) {
      auto image = store.value()->load_board(board_name(t, b));
      ASSERT_TRUE(image.has_value() && image.value().has_value()) << board_name(t, b);
      EXPECT_EQ(image.value()->snapshot_seq, kSnapshotAt);
      EXPECT_EQ(image.value()->snapshot_json, "[1]");
      auto const& journal = image.value()->journal;
      ASSERT_EQ(journal.size(), kSeqs - kKeepAfter) << board_name(t, b);
      for (std::size_t i = 0; i < journal.size(); ++i) {
        EXPECT_EQ(journal[i].seq, kKeepAfter + 1 + i) << board_name(t, b);
      }
      EXPECT_EQ(journal.back().ops_json->size(), 600u);
    }
  }
}

// journal_size_limit takes effect when a commit starts the WAL over after a checkpoint.
TEST(SqliteStoreCheckpoints, WalFileIsTruncatedToItsLimitAfterACheckpoint) {
  TempDir dir;
  auto const db = database_file(dir.path());
  CheckpointLog log;
  SqliteOptions o;
  o.wal_size_limit_bytes = 256 * 1024;
  o.checkpoint.passive_at_frames = 256;
  o.checkpoint.check_every = 1h;
  o.checkpoint.observer = log.observer();
  auto store = open_sqlite_store(dir.path(), o);
  ASSERT_TRUE(store.has_value()) << store.error().message;

  std::vector<JournalEntry> burst;  // one commit of some 3 MiB
  for (std::uint64_t s = 1; s <= 300; ++s) burst.push_back(journal_entry("a", s, 10'000));
  ASSERT_TRUE(store.value()->append(burst).has_value());
  ASSERT_GE(log.wait_for(completed), 0);
  EXPECT_GT(file_size_or_zero(wal_file(db)), 3u << 20);

  ASSERT_TRUE(store.value()->append(std::vector{journal_entry("a", 301, 10)}).has_value());
  EXPECT_LE(file_size_or_zero(wal_file(db)), 256u * 1024u);
  auto image = store.value()->load_board("a");
  ASSERT_TRUE(image.has_value() && image.value().has_value());
  EXPECT_EQ(image.value()->journal.size(), 301u);
}

}  // namespace
}  // namespace cc::store::testing
