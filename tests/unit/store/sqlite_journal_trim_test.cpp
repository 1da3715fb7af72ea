// The SQLite board store deletes the journal entries a snapshot made unneeded a bounded number
// per transaction (sqlite_journal_trimmer.hpp): the snapshot's transaction deletes the oldest,
// the following commits the rest.
#include "store/sqlite/sqlite_board_store.hpp"
#include "store/sqlite/sqlite_journal_trimmer.hpp"

#include "raw_sqlite.hpp"
#include "support/temp_dir.hpp"
#include "unit/store/journal_entries.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace cc::store::testing {
using cc::testing::TempDir;
namespace {

constexpr std::uint64_t kStep = SqliteJournalTrimmer::kPerTransaction;

std::vector<JournalEntry> entries(std::string const& board, std::uint64_t first, std::uint64_t last) {
  std::vector<JournalEntry> out;
  for (std::uint64_t s = first; s <= last; ++s) out.push_back(journal_entry(board, s));
  return out;
}

class JournalTrim : public ::testing::Test {
 protected:
  JournalTrim() {
    auto opened = open_sqlite_store(dir_.path(), SqliteOptions{});
    EXPECT_TRUE(opened.has_value()) << opened.error().message;
    if (opened.has_value()) store_ = std::move(opened.value());
  }

  // The seqs of the board's journal as a load returns them: first, last and how many.
  struct Span {
    std::uint64_t first = 0;
    std::uint64_t last = 0;
    std::size_t count = 0;
    bool operator==(Span const&) const = default;
  };
  Span journal(std::string const& board) {
    auto image = store_->load_board(board);
    EXPECT_TRUE(image.has_value() && image.value().has_value()) << board;
    if (!image.has_value() || !image.value().has_value() || image.value()->journal.empty()) return {};
    auto const& j = image.value()->journal;
    for (std::size_t i = 1; i < j.size(); ++i) EXPECT_EQ(j[i].seq, j[i - 1].seq + 1) << "a hole in " << board;
    return Span{j.front().seq, j.back().seq, j.size()};
  }

  void append(std::vector<JournalEntry> const& batch) {
    auto status = store_->append(batch);
    ASSERT_TRUE(status.has_value()) << status.error().message;
  }

  TempDir dir_;
  std::unique_ptr<BoardStore> store_;
};

TEST_F(JournalTrim, ASnapshotDeletesABoundedNumberAndTheNextCommitsTheRest) {
  ASSERT_TRUE(store_);
  std::uint64_t const last = 2 * kStep + 300;
  std::uint64_t const keep_after = 2 * kStep + 200;  // 2 * kStep + 200 entries to delete
  ASSERT_NO_FATAL_FAILURE(append(entries("hot", 1, last)));
  ASSERT_NO_FATAL_FAILURE(append(entries("other", 1, 1)));

  ASSERT_TRUE(store_->save_snapshot("hot", last, "[]", keep_after).has_value());
  EXPECT_EQ(journal("hot"), (Span{kStep + 1, last, last - kStep}));

  // Any board's commit carries on with it.
  ASSERT_NO_FATAL_FAILURE(append(entries("other", 2, 2)));
  EXPECT_EQ(journal("hot"), (Span{2 * kStep + 1, last, last - 2 * kStep}));
  ASSERT_NO_FATAL_FAILURE(append(entries("other", 3, 3)));
  EXPECT_EQ(journal("hot"), (Span{keep_after + 1, last, last - keep_after}));
  // Done: what is after keep_after stays, and the other board lost nothing.
  ASSERT_NO_FATAL_FAILURE(append(entries("hot", last + 1, last + 1)));
  EXPECT_EQ(journal("hot"), (Span{keep_after + 1, last + 1, last + 1 - keep_after}));
  EXPECT_EQ(journal("other"), (Span{1, 3, 3}));
}

TEST_F(JournalTrim, ALaterSnapshotTakesOverALeftOverTrim) {
  ASSERT_TRUE(store_);
  std::uint64_t const last = 3 * kStep;
  ASSERT_NO_FATAL_FAILURE(append(entries("hot", 1, last)));
  ASSERT_TRUE(store_->save_snapshot("hot", kStep * 2, "[]", kStep * 2).has_value());
  EXPECT_EQ(journal("hot").first, kStep + 1);
  // The second snapshot's transaction deletes the next kStep entries (those the first left),
  // and its own rest goes with the next commit.
  ASSERT_TRUE(store_->save_snapshot("hot", last, "[]", last - 10).has_value());
  EXPECT_EQ(journal("hot").first, 2 * kStep + 1);
  ASSERT_NO_FATAL_FAILURE(append(entries("hot", last + 1, last + 1)));
  EXPECT_EQ(journal("hot"), (Span{last - 9, last + 1, 11}));
}

// A trim left over for a board that is then purged (its snapshot, journal and row deleted)
// and created anew under the same id must spare the new board's entries.
TEST_F(JournalTrim, ALeftOverTrimSparesABoardCreatedAnewUnderTheSameId) {
  ASSERT_TRUE(store_);
  ASSERT_NO_FATAL_FAILURE(append(entries("hot", 1, kStep + 100)));
  ASSERT_TRUE(store_->save_snapshot("hot", kStep + 100, "[]", kStep + 100).has_value());
  EXPECT_EQ(journal("hot").first, kStep + 1);  // 100 entries left for later

  {
    RawSqlite raw(database_file(dir_.path()));
    raw.exec(
        "DELETE FROM snapshots WHERE board = 'hot'; DELETE FROM journal WHERE board = 'hot';"
        "DELETE FROM boards WHERE id = 'hot'");
  }
  ASSERT_NO_FATAL_FAILURE(append(entries("hot", 1, 50)));
  ASSERT_NO_FATAL_FAILURE(append(entries("hot", 51, 60)));
  EXPECT_EQ(journal("hot"), (Span{1, 60, 60}));
}

// The rows a trim deletes are gone after a reopen too, and a trim not finished before the
// store closed is finished by the board's next snapshot.
TEST_F(JournalTrim, ATrimLeftOverAtCloseIsFinishedByTheNextSnapshot) {
  ASSERT_TRUE(store_);
  std::uint64_t const last = 2 * kStep + 50;
  ASSERT_NO_FATAL_FAILURE(append(entries("hot", 1, last)));
  ASSERT_TRUE(store_->save_snapshot("hot", last, "[]", last - 10).has_value());
  store_.reset();

  auto reopened = open_sqlite_store(dir_.path(), SqliteOptions{});
  ASSERT_TRUE(reopened.has_value()) << reopened.error().message;
  store_ = std::move(reopened.value());
  EXPECT_EQ(journal("hot"), (Span{kStep + 1, last, last - kStep}));
  ASSERT_NO_FATAL_FAILURE(append(entries("hot", last + 1, last + 1)));
  ASSERT_TRUE(store_->save_snapshot("hot", last + 1, "[]", last - 10).has_value());
  ASSERT_NO_FATAL_FAILURE(append(entries("hot", last + 2, last + 2)));
  EXPECT_EQ(journal("hot"), (Span{last - 9, last + 2, 12}));
}

}  // namespace
}  // namespace cc::store::testing
