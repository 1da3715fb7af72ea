#include "board_store_contract.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace cc::store::testing {
namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string ops_for(std::string const& board, std::uint64_t seq) {
  return R"([{"op":"create","id":")" + board + "-o" + std::to_string(seq) + R"(","kind":"rect"}])";
}

JournalEntry entry(std::string board, std::uint64_t seq) {
  JournalEntry e;
  e.ops_json = std::make_shared<const std::string>(ops_for(board, seq));
  e.batch_id = "batch-" + std::to_string(seq);
  e.author = "client-" + std::to_string(seq % 3);
  e.board = std::move(board);
  e.seq = seq;
  return e;
}

std::vector<std::uint64_t> seqs_of(BoardImage const& image) {
  std::vector<std::uint64_t> seqs;
  for (auto const& e : image.journal) seqs.push_back(e.seq);
  return seqs;
}

std::vector<std::uint64_t> range(std::uint64_t first, std::uint64_t last) {
  std::vector<std::uint64_t> v;
  for (auto s = first; s <= last; ++s) v.push_back(s);
  return v;
}

BoardImage load(BoardStore& store, std::string_view board) {
  auto image = store.load_board(board);
  EXPECT_TRUE(image.has_value()) << image.error().message;
  if (!image.has_value() || !image.value().has_value()) {
    ADD_FAILURE() << "board " << board << " not found";
    return {};
  }
  return std::move(image.value().value());
}

TEST_P(BoardStoreContract, AppendThenLoadRoundTripsAcrossManyBoards) {
  constexpr int kBoards = 20;
  constexpr std::uint64_t kSeqs = 25;
  // Interleaved: every append carries a slice of every board, as group commit does.
  for (std::uint64_t first = 1; first <= kSeqs; first += 5) {
    std::vector<JournalEntry> batch;
    for (int b = 0; b < kBoards; ++b) {
      for (auto s = first; s < first + 5; ++s) batch.push_back(entry("board-" + std::to_string(b), s));
    }
    auto status = store().append(batch);
    ASSERT_TRUE(status.has_value()) << status.error().message;
  }

  for (int b = 0; b < kBoards; ++b) {
    std::string const board = "board-" + std::to_string(b);
    BoardImage image = load(store(), board);
    EXPECT_EQ(image.snapshot_seq, 0u);
    EXPECT_EQ(image.snapshot_json, "[]");
    ASSERT_EQ(seqs_of(image), range(1, kSeqs));
    for (auto const& e : image.journal) {
      JournalEntry const expected = entry(board, e.seq);
      EXPECT_EQ(e.board, board);
      EXPECT_EQ(e.batch_id, expected.batch_id);
      EXPECT_EQ(e.author, expected.author);
      ASSERT_NE(e.ops_json, nullptr);
      EXPECT_EQ(*e.ops_json, *expected.ops_json);
    }
    auto info = store().board_info(board);
    ASSERT_TRUE(info.has_value() && info.value().has_value());
    EXPECT_EQ(info.value()->id, board);
    EXPECT_EQ(info.value()->seq, kSeqs);
  }
}

TEST_P(BoardStoreContract, AppendSetsTimestampsAndSeq) {
  auto const before = now_ms();
  ASSERT_TRUE(store().append(std::vector{entry("a", 1), entry("a", 2)}).has_value());
  auto const after = now_ms();
  auto info = store().board_info("a");
  ASSERT_TRUE(info.has_value() && info.value().has_value());
  EXPECT_EQ(info.value()->seq, 2u);
  EXPECT_GE(info.value()->created_ms, before);
  EXPECT_LE(info.value()->created_ms, after);
  EXPECT_GE(info.value()->updated_ms, info.value()->created_ms);

  ASSERT_TRUE(store().append(std::vector{entry("a", 3)}).has_value());
  auto later = store().board_info("a");
  ASSERT_TRUE(later.has_value() && later.value().has_value());
  EXPECT_EQ(later.value()->seq, 3u);
  EXPECT_EQ(later.value()->created_ms, info.value()->created_ms);
  EXPECT_GE(later.value()->updated_ms, info.value()->updated_ms);
}

TEST_P(BoardStoreContract, FailedAppendWritesNothing) {
  ASSERT_TRUE(store().append(std::vector{entry("a", 1)}).has_value());
  // The duplicate (a, 1) makes the whole append fail, including the entries before it.
  auto status = store().append(std::vector{entry("b", 1), entry("a", 2), entry("a", 1)});
  ASSERT_TRUE(status.has_error());
  EXPECT_EQ(status.error().code, ErrorCode::kStorage);
  EXPECT_FALSE(status.error().message.empty());

  auto b = store().load_board("b");
  ASSERT_TRUE(b.has_value());
  EXPECT_FALSE(b.value().has_value());
  EXPECT_EQ(seqs_of(load(store(), "a")), range(1, 1));
  auto info = store().board_info("a");
  ASSERT_TRUE(info.has_value() && info.value().has_value());
  EXPECT_EQ(info.value()->seq, 1u);

  // And the store keeps working.
  ASSERT_TRUE(store().append(std::vector{entry("a", 2)}).has_value());
  EXPECT_EQ(seqs_of(load(store(), "a")), range(1, 2));
}

TEST_P(BoardStoreContract, EmptyAppendIsANoOp) {
  EXPECT_TRUE(store().append({}).has_value());
  auto boards = store().list_boards("", 10);
  ASSERT_TRUE(boards.has_value());
  EXPECT_TRUE(boards.value().empty());
}

TEST_P(BoardStoreContract, UnknownBoardIsNullopt) {
  ASSERT_TRUE(store().append(std::vector{entry("known", 1)}).has_value());
  auto image = store().load_board("unknown");
  ASSERT_TRUE(image.has_value()) << image.error().message;
  EXPECT_FALSE(image.value().has_value());
  auto info = store().board_info("unknown");
  ASSERT_TRUE(info.has_value()) << info.error().message;
  EXPECT_FALSE(info.value().has_value());
}

TEST_P(BoardStoreContract, SnapshotReplacesAndTrimsButKeepsEntriesAfterKeepAfter) {
  std::vector<JournalEntry> batch;
  for (std::uint64_t s = 1; s <= 10; ++s) batch.push_back(entry("a", s));
  ASSERT_TRUE(store().append(batch).has_value());
  ASSERT_TRUE(store().append(std::vector{entry("other", 1), entry("other", 2)}).has_value());

  auto before = store().board_info("a");
  ASSERT_TRUE(before.has_value() && before.value().has_value());
  std::this_thread::sleep_for(std::chrono::milliseconds(3));  // a changed updated_ms would show

  auto status = store().save_snapshot("a", 8, R"([{"id":"x"}])", 5);
  ASSERT_TRUE(status.has_value()) << status.error().message;
  BoardImage image = load(store(), "a");
  EXPECT_EQ(image.snapshot_seq, 8u);
  EXPECT_EQ(image.snapshot_json, R"([{"id":"x"}])");
  EXPECT_EQ(seqs_of(image), range(6, 10));  // 6..8 kept for catch-up, 9..10 to replay
  EXPECT_EQ(image.journal.front().batch_id, "batch-6");
  // A snapshot is not an edit: the board's seq and updated_ms stay.
  auto after = store().board_info("a");
  ASSERT_TRUE(after.has_value() && after.value().has_value());
  EXPECT_EQ(after.value()->seq, 10u);
  EXPECT_EQ(after.value()->updated_ms, before.value()->updated_ms);

  // A later snapshot replaces the first one.
  ASSERT_TRUE(store().save_snapshot("a", 10, R"([{"id":"y"}])", 10).has_value());
  image = load(store(), "a");
  EXPECT_EQ(image.snapshot_seq, 10u);
  EXPECT_EQ(image.snapshot_json, R"([{"id":"y"}])");
  EXPECT_TRUE(image.journal.empty());

  // Appends continue after the snapshot; seq is untouched by it.
  ASSERT_TRUE(store().append(std::vector{entry("a", 11)}).has_value());
  image = load(store(), "a");
  EXPECT_EQ(image.snapshot_seq, 10u);
  EXPECT_EQ(seqs_of(image), range(11, 11));
  auto info = store().board_info("a");
  ASSERT_TRUE(info.has_value() && info.value().has_value());
  EXPECT_EQ(info.value()->seq, 11u);

  // Another board's journal is untouched.
  BoardImage other = load(store(), "other");
  EXPECT_EQ(other.snapshot_seq, 0u);
  EXPECT_EQ(seqs_of(other), range(1, 2));
}

TEST_P(BoardStoreContract, SnapshotOfAFreshlyCreatedBoard) {
  ASSERT_TRUE(store().create_board("fresh").has_value());
  ASSERT_TRUE(store().save_snapshot("fresh", 0, "[]", 0).has_value());
  BoardImage image = load(store(), "fresh");
  EXPECT_EQ(image.snapshot_seq, 0u);
  EXPECT_EQ(image.snapshot_json, "[]");
  EXPECT_TRUE(image.journal.empty());
}

TEST_P(BoardStoreContract, CreateBoardThenConflict) {
  auto const before = now_ms();
  ASSERT_TRUE(store().create_board("new-board").has_value());
  auto info = store().board_info("new-board");
  ASSERT_TRUE(info.has_value() && info.value().has_value());
  EXPECT_EQ(info.value()->seq, 0u);
  EXPECT_GE(info.value()->created_ms, before);

  BoardImage image = load(store(), "new-board");
  EXPECT_EQ(image.snapshot_seq, 0u);
  EXPECT_EQ(image.snapshot_json, "[]");
  EXPECT_TRUE(image.journal.empty());

  auto again = store().create_board("new-board");
  ASSERT_TRUE(again.has_error());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);

  // A board that exists because it was written to conflicts as well.
  ASSERT_TRUE(store().append(std::vector{entry("written", 1)}).has_value());
  auto written = store().create_board("written");
  ASSERT_TRUE(written.has_error());
  EXPECT_EQ(written.error().code, ErrorCode::kConflict);

  // A created board accepts appends from seq 1.
  ASSERT_TRUE(store().append(std::vector{entry("new-board", 1)}).has_value());
  EXPECT_EQ(seqs_of(load(store(), "new-board")), range(1, 1));
}

TEST_P(BoardStoreContract, ListBoardsPagesInIdOrder) {
  std::vector<std::string> ids{"m", "B", "a-1", "a", "_x", "0", "Z9", "zz", "a_", "-dash", "q"};
  for (auto const& id : ids) ASSERT_TRUE(store().create_board(id).has_value()) << id;
  ASSERT_TRUE(store().append(std::vector{entry("q", 1), entry("q", 2)}).has_value());
  std::sort(ids.begin(), ids.end());  // byte order

  std::vector<std::string> seen;
  std::string after;
  for (int page = 0; page < 10; ++page) {
    auto boards = store().list_boards(after, 3);
    ASSERT_TRUE(boards.has_value()) << boards.error().message;
    EXPECT_LE(boards.value().size(), 3u);
    if (boards.value().empty()) break;
    for (auto const& b : boards.value()) {
      seen.push_back(b.id);
      if (b.id == "q") {
        EXPECT_EQ(b.seq, 2u);
      }
    }
    after = boards.value().back().id;
  }
  EXPECT_EQ(seen, ids);

  auto first_two = store().list_boards("", 2);
  ASSERT_TRUE(first_two.has_value());
  ASSERT_EQ(first_two.value().size(), 2u);
  EXPECT_EQ(first_two.value()[0].id, ids[0]);
  EXPECT_EQ(first_two.value()[1].id, ids[1]);

  auto none = store().list_boards("", 0);
  ASSERT_TRUE(none.has_value());
  EXPECT_TRUE(none.value().empty());

  auto past_end = store().list_boards(ids.back(), 100);
  ASSERT_TRUE(past_end.has_value());
  EXPECT_TRUE(past_end.value().empty());

  // `after` need not be an existing id.
  auto from_middle = store().list_boards("b", 100);
  ASSERT_TRUE(from_middle.has_value());
  std::vector<std::string> expected;
  std::copy_if(ids.begin(), ids.end(), std::back_inserter(expected), [](auto const& id) { return id > "b"; });
  std::vector<std::string> got;
  for (auto const& b : from_middle.value()) got.push_back(b.id);
  EXPECT_EQ(got, expected);
}

TEST_P(BoardStoreContract, ReopenKeepsEverything) {
  std::vector<JournalEntry> batch;
  for (std::uint64_t s = 1; s <= 6; ++s) batch.push_back(entry("a", s));
  batch.push_back(entry("b", 1));
  ASSERT_TRUE(store().append(batch).has_value());
  ASSERT_TRUE(store().save_snapshot("a", 4, R"([{"id":"snap"}])", 2).has_value());
  ASSERT_TRUE(store().create_board("empty").has_value());
  auto info_before = store().board_info("a");
  ASSERT_TRUE(info_before.has_value() && info_before.value().has_value());

  ASSERT_NO_FATAL_FAILURE(reopen());

  BoardImage a = load(store(), "a");
  EXPECT_EQ(a.snapshot_seq, 4u);
  EXPECT_EQ(a.snapshot_json, R"([{"id":"snap"}])");
  EXPECT_EQ(seqs_of(a), range(3, 6));
  EXPECT_EQ(*a.journal.back().ops_json, ops_for("a", 6));
  EXPECT_EQ(seqs_of(load(store(), "b")), range(1, 1));
  auto info = store().board_info("a");
  ASSERT_TRUE(info.has_value() && info.value().has_value());
  EXPECT_EQ(info.value()->seq, 6u);
  EXPECT_EQ(info.value()->created_ms, info_before.value()->created_ms);
  EXPECT_EQ(info.value()->updated_ms, info_before.value()->updated_ms);
  auto boards = store().list_boards("", 10);
  ASSERT_TRUE(boards.has_value());
  ASSERT_EQ(boards.value().size(), 3u);
  EXPECT_EQ(boards.value()[0].id, "a");
  EXPECT_EQ(boards.value()[1].id, "b");
  EXPECT_EQ(boards.value()[2].id, "empty");

  // And it is writable after reopening.
  ASSERT_TRUE(store().append(std::vector{entry("a", 7)}).has_value());
  EXPECT_EQ(seqs_of(load(store(), "a")), range(3, 7));
}

TEST_P(BoardStoreContract, StoresClientStringsVerbatim) {
  JournalEntry e = entry("a", 1);
  e.batch_id = "x'); DROP TABLE journal; --";
  e.author = "";  // empty, not NULL
  e.ops_json = std::make_shared<const std::string>(
      std::string(R"([{"text":"it's \"quoted\" \u00e9 ✓ 🎨 ; -- /* */"}])") + std::string(64 * 1024, 'x'));
  ASSERT_TRUE(store().append(std::vector{e}).has_value());
  BoardImage image = load(store(), "a");
  ASSERT_EQ(image.journal.size(), 1u);
  EXPECT_EQ(image.journal[0].batch_id, e.batch_id);
  EXPECT_EQ(image.journal[0].author, "");
  EXPECT_EQ(*image.journal[0].ops_json, *e.ops_json);
  auto boards = store().list_boards("", 10);
  ASSERT_TRUE(boards.has_value());
  EXPECT_EQ(boards.value().size(), 1u);
}

TEST_P(BoardStoreContract, PingSucceeds) { EXPECT_TRUE(store().ping().has_value()); }

// Readers run at the same time as the writer and always see a committed state: a load shows
// a whole number of appends, never part of one.
TEST_P(BoardStoreContract, ReadsDuringWritesSeeWholeCommits) {
  constexpr std::uint64_t kCommits = 150;
  constexpr std::uint64_t kPerCommit = 4;
  std::atomic<bool> done{false};
  std::thread writer([&] {
    for (std::uint64_t c = 0; c < kCommits; ++c) {
      std::vector<JournalEntry> batch;
      for (std::uint64_t i = 1; i <= kPerCommit; ++i) {
        batch.push_back(entry("hot", c * kPerCommit + i));
        batch.push_back(entry("warm", c * kPerCommit + i));
      }
      auto status = store().append(batch);
      EXPECT_TRUE(status.has_value()) << status.error().message;
      if (c % 50 == 49) {
        auto const seq = (c + 1) * kPerCommit;
        EXPECT_TRUE(store().save_snapshot("hot", seq, "[]", seq - 2).has_value());
      }
    }
    done = true;
  });

  int loads = 0;
  int created = 0;
  while (!done.load() || loads == 0) {
    auto image = store().load_board("hot");
    ASSERT_TRUE(image.has_value()) << image.error().message;
    ++loads;
    std::optional<BoardImage> const& loaded = image.value();
    if (loaded.has_value()) {
      auto const& journal = loaded->journal;
      std::uint64_t const last = journal.empty() ? loaded->snapshot_seq : journal.back().seq;
      EXPECT_EQ(last % kPerCommit, 0u) << "saw part of a commit";
      for (std::size_t i = 1; i < journal.size(); ++i) EXPECT_EQ(journal[i].seq, journal[i - 1].seq + 1);
      if (!journal.empty()) {
        EXPECT_LE(journal.front().seq, loaded->snapshot_seq + 1);
      }
    }
    // Creating boards must not fail while the writer is busy.
    auto status = store().create_board("side-" + std::to_string(created++));
    EXPECT_TRUE(status.has_value()) << status.error().message;
    EXPECT_TRUE(store().ping().has_value());
  }
  writer.join();
  auto info = store().board_info("hot");
  ASSERT_TRUE(info.has_value() && info.value().has_value());
  EXPECT_EQ(info.value()->seq, kCommits * kPerCommit);
  auto boards = store().list_boards("side-", 100000);
  ASSERT_TRUE(boards.has_value());
  auto const sides = std::count_if(boards.value().begin(), boards.value().end(),
                                   [](BoardInfo const& b) { return b.id.starts_with("side-"); });
  EXPECT_EQ(sides, created);
}

}  // namespace
}  // namespace cc::store::testing
