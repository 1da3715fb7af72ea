// The WAL checkpointer on its own, against a real database file written by a plain SQLite
// connection the way the stores write: wal_autocheckpoint=0, commits told to the checkpointer
// through the WAL hook. What it did is read from the files on disk and from its reports.
#include "store/sqlite/sqlite_checkpointer.hpp"

#include "checkpoint_log.hpp"
#include "raw_sqlite.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

namespace cc::store::testing {
using cc::testing::TempDir;
namespace {

using namespace std::chrono_literals;
using Mode = CheckpointReport::Mode;

constexpr std::uintmax_t kPage = 4096;

// A database file in WAL mode with one table, and a connection that writes to it. Each row
// holds a 3,000-byte blob, so each commit adds a page or two to the WAL.
class CheckpointerTest : public ::testing::Test {
 protected:
  CheckpointerTest() {
    writer_.exec(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0;"
        "CREATE TABLE t (id INTEGER PRIMARY KEY, data BLOB NOT NULL)");
  }
  ~CheckpointerTest() override {
    if (checkpointer_) SqliteCheckpointer::detach(writer_.handle());
  }

  // Options whose only automatic trigger is the frame count, and short waits.
  SqliteOptions options() {
    SqliteOptions o;
    o.checkpoint.passive_at_frames = 100;
    o.checkpoint.finish_below_frames = 16;
    o.checkpoint.pause = 5ms;
    o.checkpoint.check_every = 1h;
    o.checkpoint.escalate_at_frames = 1 << 30;
    o.checkpoint.observer = log_.observer();
    return o;
  }

  void start(SqliteOptions const& o) {
    auto started = SqliteCheckpointer::start(file_, o);
    ASSERT_TRUE(started.has_value()) << started.error().message;
    checkpointer_ = std::move(started.value());
    checkpointer_->attach(writer_.handle());
  }

  // Detaches and destroys the checkpointer, which runs its final checkpoint.
  void stop() {
    SqliteCheckpointer::detach(writer_.handle());
    checkpointer_.reset();
  }

  void commit_rows(int n, std::chrono::microseconds pause = std::chrono::microseconds{0}) {
    for (int i = 0; i < n; ++i) {
      writer_.exec("INSERT INTO t (data) VALUES (randomblob(3000))");
      if (pause.count() > 0) std::this_thread::sleep_for(pause);
    }
  }

  std::string count_rows() { return RawSqlite(file_).text("SELECT count(*) FROM t"); }

  std::uintmax_t db_size() const { return file_size_or_zero(file_); }
  std::uintmax_t wal_size() const { return file_size_or_zero(wal_file(file_)); }

  TempDir dir_;
  std::filesystem::path file_ = dir_.path() / "test.db";
  RawSqlite writer_{file_};
  CheckpointLog log_;
  std::unique_ptr<SqliteCheckpointer> checkpointer_;
};

TEST_F(CheckpointerTest, CopiesTheWalIntoTheDatabaseFileOnceItPassesTheThreshold) {
  ASSERT_NO_FATAL_FAILURE(start(options()));
  auto const db_before = db_size();

  commit_rows(20);  // some 50 frames, under the threshold
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(log_.size(), 0u) << "a checkpoint ran under the threshold";
  EXPECT_EQ(db_size(), db_before) << "pages reached the database file without a checkpoint";

  commit_rows(30);
  ASSERT_GE(log_.wait_for(completed), 0);
  // The rows' pages are in the database file now, not only in the WAL.
  EXPECT_GE(db_size(), db_before + 40 * 3000);
  EXPECT_EQ(log_.reports().front().mode, Mode::kPassive);

  // Then the next commit starts the WAL over from its beginning: fewer frames than it holds
  // (and too few for another round) overwrite it instead of making the file longer.
  std::this_thread::sleep_for(200ms);  // the round is over
  auto const wal_before = wal_size();
  commit_rows(15);
  EXPECT_EQ(wal_size(), wal_before) << "the WAL was not started over";
  EXPECT_EQ(count_rows(), "65");
}

// A writer that commits again within microseconds never begins a transaction on a WAL copied
// completely, which is when SQLite starts the WAL over: passive checkpoints alone would let the
// WAL grow without bound. (The writer leaves 20 us between commits, as the journal writer does
// at least between group commits; a passive checkpoint takes milliseconds.)
TEST_F(CheckpointerTest, WalStaysBoundedWhileAWriterCommitsAlmostWithoutPause) {
  auto o = options();
  o.checkpoint.passive_at_frames = 200;
  o.checkpoint.pause = 1ms;
  ASSERT_NO_FATAL_FAILURE(start(o));

  constexpr int kRows = 8000;  // some 16,000 frames, 64 MiB of WAL if it were never started over
  commit_rows(kRows, std::chrono::microseconds{20});

  EXPECT_LT(wal_size(), 4000 * kPage) << "the WAL was not started over";
  // Rounds had to hold the writer off to finish.
  std::size_t finished_by_full = 0;
  for (auto const& r : log_.reports()) {
    if (r.mode == Mode::kFull && r.completed) ++finished_by_full;
  }
  EXPECT_GT(finished_by_full, 0u);
  EXPECT_EQ(count_rows(), std::to_string(kRows));
}

TEST_F(CheckpointerTest, EscalatesWhileAReaderHoldsAnOldSnapshotAndStopsOnceItLetsGo) {
  auto o = options();
  o.checkpoint.passive_at_frames = 32;
  o.checkpoint.finish_below_frames = 8;
  o.checkpoint.finish_wait = 5ms;
  o.checkpoint.escalate_at_frames = 200;
  o.checkpoint.escalate_wait = 20ms;
  o.checkpoint.escalate_every = 10ms;
  ASSERT_NO_FATAL_FAILURE(start(o));
  commit_rows(10);

  RawSqlite reader(file_);
  reader.exec("BEGIN");
  EXPECT_EQ(reader.text("SELECT count(*) FROM t"), "10");  // its snapshot: 10 rows

  // No checkpoint can copy past the reader's snapshot, so the WAL grows until the checkpointer
  // escalates to TRUNCATE; that cannot finish while the reader is there either.
  auto is_truncate = [](CheckpointReport const& r) { return r.mode == Mode::kTruncate && !r.final; };
  for (int i = 0; i < 200 && log_.size() == 0; ++i) commit_rows(10);
  for (int i = 0; i < 200; ++i) {
    commit_rows(10);
    auto const reports = log_.reports();
    if (std::any_of(reports.begin(), reports.end(), is_truncate)) break;
  }
  long const first_truncate = log_.wait_for(is_truncate);
  ASSERT_GE(first_truncate, 0);
  auto const escalated = log_.reports()[static_cast<std::size_t>(first_truncate)];
  EXPECT_FALSE(escalated.completed);
  EXPECT_TRUE(escalated.status.has_value()) << "waiting for a reader is no error";
  EXPECT_GE(wal_size(), 200 * kPage);

  reader.exec("COMMIT");
  // With the reader gone, a round copies everything, and the next commit starts the WAL over.
  long const done = log_.wait_for(completed, static_cast<std::size_t>(first_truncate) + 1);
  ASSERT_GE(done, 0);
  // The file keeps its size unless a TRUNCATE emptied it; it must not grow any more.
  auto const wal_limit = std::max<std::uintmax_t>(wal_size(), 200 * kPage);
  commit_rows(50);  // enough for a few more rounds, each well under the escalation size
  std::this_thread::sleep_for(100ms);
  auto const reports = log_.reports();
  ASSERT_GT(reports.size(), static_cast<std::size_t>(done) + 1) << "no rounds after the reader left";
  for (std::size_t i = static_cast<std::size_t>(done) + 1; i < reports.size(); ++i) {
    EXPECT_NE(reports[i].mode, Mode::kTruncate)
        << "still escalating after the reader left (report " << i << ")";
  }
  EXPECT_LE(wal_size(), wal_limit) << "the WAL kept growing after the reader left";
}

TEST_F(CheckpointerTest, StopRunsAFinalCheckpointThatEmptiesTheWal) {
  auto o = options();
  o.checkpoint.passive_at_frames = 1 << 30;  // only the final one
  ASSERT_NO_FATAL_FAILURE(start(o));
  commit_rows(50);
  EXPECT_GT(wal_size(), 50 * 3000u);

  stop();

  auto const reports = log_.reports();
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_TRUE(reports[0].final);
  EXPECT_EQ(reports[0].mode, Mode::kTruncate);
  EXPECT_TRUE(reports[0].completed);
  EXPECT_EQ(wal_size(), 0u);
  EXPECT_GE(db_size(), 50 * 3000u);
  RawSqlite check(file_);
  EXPECT_EQ(check.text("PRAGMA integrity_check"), "ok");
  EXPECT_EQ(check.text("SELECT count(*) FROM t"), "50");
}

// A round that a reader keeps from finishing waits for its retry; stopping must not wait for
// that, and must leave a consistent file even though the final checkpoint cannot finish.
TEST_F(CheckpointerTest, StopIsPromptAndCleanWhileACheckpointIsPending) {
  auto o = options();
  o.checkpoint.passive_at_frames = 32;
  o.checkpoint.finish_wait = 5ms;
  o.checkpoint.escalate_wait = 50ms;
  o.checkpoint.pause = 1h;  // the retry would come in an hour
  ASSERT_NO_FATAL_FAILURE(start(o));
  commit_rows(5);
  RawSqlite reader(file_);
  reader.exec("BEGIN");
  EXPECT_EQ(reader.text("SELECT count(*) FROM t"), "5");
  commit_rows(40);
  ASSERT_GE(log_.wait_for([](CheckpointReport const& r) { return !r.completed; }), 0);

  auto const start_stop = std::chrono::steady_clock::now();
  stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start_stop, 5s);

  auto const reports = log_.reports();
  ASSERT_FALSE(reports.empty());
  EXPECT_TRUE(reports.back().final);
  EXPECT_FALSE(reports.back().completed) << "the reader still holds its snapshot";
  EXPECT_TRUE(reports.back().status.has_value()) << reports.back().status.error().message;
  reader.exec("COMMIT");

  RawSqlite check(file_);
  EXPECT_EQ(check.text("PRAGMA integrity_check"), "ok");
  EXPECT_EQ(check.text("SELECT count(*) FROM t"), "45");
}

TEST_F(CheckpointerTest, RefusesAFileNotInWalMode) {
  TempDir other;
  auto const file = other.path() / "rollback.db";
  RawSqlite(file).exec("CREATE TABLE t (x)");
  auto started = SqliteCheckpointer::start(file, SqliteOptions{});
  ASSERT_FALSE(started.has_value());
  EXPECT_EQ(started.error().code, ErrorCode::kStorage);
  EXPECT_NE(started.error().message.find("not in WAL mode"), std::string::npos);
}

}  // namespace
}  // namespace cc::store::testing
