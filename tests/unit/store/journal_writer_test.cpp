#include "store/journal_writer.hpp"

#include "store/sqlite/sqlite_board_store.hpp"

#include "support/temp_dir.hpp"
#include "unit/store/journal_entries.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace cc::store::testing {
using cc::testing::TempDir;
namespace {

using namespace std::chrono_literals;

// An in-memory BoardStore that records what the writer asks of it, can hold the writer inside
// append (so that entries pile up behind it deterministically) and can inject failures.
class FakeStore : public BoardStore {
 public:
  struct Call {
    std::string kind;  // "append" or "snapshot"
    std::vector<std::pair<std::string, std::uint64_t>> entries;
    std::size_t bytes = 0;
    std::string board;
    std::uint64_t seq = 0;
    std::uint64_t keep_after = 0;
    std::string objects;
  };

  Status append(std::span<const JournalEntry> entries) override {
    std::unique_lock lock(mutex_);
    // Faults are decided on entry, so one armed while this call is held hits the next call.
    bool const do_throw = std::exchange(throw_next_, false);
    bool const do_fail = fail_next_ > 0;
    if (do_fail) --fail_next_;
    if (hold_next_) {
      hold_next_ = false;
      held_ = true;
      changed_.notify_all();
      changed_.wait(lock, [this] { return !held_; });
    }
    Call call{"append", {}, 0, {}, 0, 0, {}};
    for (auto const& e : entries) {
      call.entries.emplace_back(e.board, e.seq);
      call.bytes += e.board.size() + e.batch_id.size() + e.author.size() + e.ops_json->size();
    }
    calls_.push_back(std::move(call));
    if (do_throw) throw std::runtime_error("driver exploded");
    if (do_fail) return make_error(ErrorCode::kStorage, "injected failure");
    return {};
  }

  Status save_snapshot(std::string_view board, std::uint64_t seq, std::string_view objects_json,
                       std::uint64_t keep_after) override {
    std::lock_guard lock(mutex_);
    calls_.push_back(Call{"snapshot", {}, 0, std::string(board), seq, keep_after, std::string(objects_json)});
    return {};
  }

  Result<std::optional<BoardImage>> load_board(std::string_view) override {
    return std::optional<BoardImage>();
  }
  Status create_board(std::string_view) override { return {}; }
  Result<std::optional<BoardInfo>> board_info(std::string_view) override {
    return std::optional<BoardInfo>();
  }
  Result<std::vector<BoardInfo>> list_boards(std::string_view, std::size_t) override {
    return std::vector<BoardInfo>();
  }
  Status ping() override { return {}; }

  // The next append blocks until release(); wait_held() returns once the writer is inside it.
  void hold_next_append() {
    std::lock_guard lock(mutex_);
    hold_next_ = true;
  }
  void wait_held() {
    std::unique_lock lock(mutex_);
    ASSERT_TRUE(changed_.wait_for(lock, 10s, [this] { return held_; })) << "writer never reached append";
  }
  void release() {
    std::lock_guard lock(mutex_);
    held_ = false;
    changed_.notify_all();
  }
  void fail_next_appends(int n) {
    std::lock_guard lock(mutex_);
    fail_next_ = n;
  }
  void throw_next_append() {
    std::lock_guard lock(mutex_);
    throw_next_ = true;
  }
  std::vector<Call> calls() const {
    std::lock_guard lock(mutex_);
    return calls_;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  bool hold_next_ = false;
  bool held_ = false;
  bool throw_next_ = false;
  int fail_next_ = 0;
  std::vector<Call> calls_;
};

class RecordingListener : public DurabilityListener {
 public:
  struct Event {
    std::uint64_t seq;
    bool ok;
    std::string error;
    ErrorCode code = ErrorCode::kInternal;
  };

  void on_durable(std::uint64_t durable_seq, Status status) override {
    record(durable_, durable_seq, status);
  }
  void on_snapshot_saved(std::uint64_t seq, Status status) override { record(snapshots_, seq, status); }

  std::vector<Event> durable() const {
    std::lock_guard lock(mutex_);
    return durable_;
  }
  std::vector<Event> snapshots() const {
    std::lock_guard lock(mutex_);
    return snapshots_;
  }
  std::vector<std::uint64_t> durable_seqs() const {
    std::vector<std::uint64_t> seqs;
    for (auto const& e : durable()) seqs.push_back(e.seq);
    return seqs;
  }

 private:
  void record(std::vector<Event>& into, std::uint64_t seq, Status const& status) {
    std::lock_guard lock(mutex_);
    into.push_back(status.has_value() ? Event{seq, true, {}}
                                      : Event{seq, false, status.error().message, status.error().code});
  }

  mutable std::mutex mutex_;
  std::vector<Event> durable_;
  std::vector<Event> snapshots_;
};

using Entries = std::vector<std::pair<std::string, std::uint64_t>>;

TEST(JournalWriter, GroupsQueuedEntriesIntoOneCommitWithOneNotificationPerBoard) {
  FakeStore store;
  auto a = std::make_shared<RecordingListener>();
  auto b = std::make_shared<RecordingListener>();
  auto c = std::make_shared<RecordingListener>();
  JournalWriter writer(store);

  store.hold_next_append();
  writer.submit(journal_entry("a", 1), a);
  ASSERT_NO_FATAL_FAILURE(store.wait_held());
  // Everything queued while the first commit is in flight goes into the next one.
  writer.submit(journal_entry("b", 1), b);
  writer.submit(journal_entry("b", 2), b);
  writer.submit(journal_entry("a", 2), a);
  writer.submit(journal_entry("c", 7), c);
  writer.submit(journal_entry("a", 3), a);
  store.release();
  writer.stop();

  auto const calls = store.calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].entries, (Entries{{"a", 1}}));
  EXPECT_EQ(calls[1].entries, (Entries{{"b", 1}, {"b", 2}, {"a", 2}, {"c", 7}, {"a", 3}}));

  EXPECT_EQ(a->durable_seqs(), (std::vector<std::uint64_t>{1, 3}));
  EXPECT_EQ(b->durable_seqs(), (std::vector<std::uint64_t>{2}));
  EXPECT_EQ(c->durable_seqs(), (std::vector<std::uint64_t>{7}));
  for (auto const& l : {a, b, c}) {
    for (auto const& e : l->durable()) EXPECT_TRUE(e.ok);
  }

  auto const stats = writer.stats();
  EXPECT_EQ(stats.commits, 2u);
  EXPECT_EQ(stats.entries, 6u);
  EXPECT_EQ(stats.failures, 0u);
}

TEST(JournalWriter, SnapshotRunsAfterTheEntriesQueuedBeforeIt) {
  FakeStore store;
  auto a = std::make_shared<RecordingListener>();
  JournalWriter writer(store);

  store.hold_next_append();
  writer.submit(journal_entry("a", 1), a);
  ASSERT_NO_FATAL_FAILURE(store.wait_held());
  writer.submit(journal_entry("a", 2), a);
  writer.snapshot("a", 2, std::make_shared<const std::string>(R"([{"id":"s"}])"), 1, a);
  writer.submit(journal_entry("a", 3), a);
  store.release();
  writer.stop();

  auto const calls = store.calls();
  ASSERT_EQ(calls.size(), 4u);
  EXPECT_EQ(calls[0].kind, "append");
  EXPECT_EQ(calls[0].entries, (Entries{{"a", 1}}));
  EXPECT_EQ(calls[1].kind, "append");
  EXPECT_EQ(calls[1].entries, (Entries{{"a", 2}}));
  EXPECT_EQ(calls[2].kind, "snapshot");
  EXPECT_EQ(calls[2].board, "a");
  EXPECT_EQ(calls[2].seq, 2u);
  EXPECT_EQ(calls[2].keep_after, 1u);
  EXPECT_EQ(calls[2].objects, R"([{"id":"s"}])");
  EXPECT_EQ(calls[3].kind, "append");
  EXPECT_EQ(calls[3].entries, (Entries{{"a", 3}}));

  EXPECT_EQ(a->durable_seqs(), (std::vector<std::uint64_t>{1, 2, 3}));
  auto const snapshots = a->snapshots();
  ASSERT_EQ(snapshots.size(), 1u);
  EXPECT_EQ(snapshots[0].seq, 2u);
  EXPECT_TRUE(snapshots[0].ok);
}

TEST(JournalWriter, StopDrainsEverythingQueued) {
  FakeStore store;
  auto a = std::make_shared<RecordingListener>();
  auto probe = std::make_shared<RecordingListener>();
  JournalWriter writer(store);

  store.hold_next_append();
  writer.submit(journal_entry("a", 1), a);
  ASSERT_NO_FATAL_FAILURE(store.wait_held());
  for (std::uint64_t s = 2; s <= 100; ++s) writer.submit(journal_entry("a", s), a);
  writer.snapshot("a", 100, nullptr, 90, a);

  std::thread stopper([&] { writer.stop(); });
  // Wait until stop() has begun (submissions are refused from then on) while the writer is
  // still held with 99 entries and a snapshot behind it.
  for (std::uint64_t s = 1;; ++s) {
    writer.submit(journal_entry("probe", s), probe);
    auto const events = probe->durable();
    if (!events.empty() && !events.back().ok) break;
    ASSERT_LT(s, 100000u) << "stop() never took effect";
    std::this_thread::sleep_for(1ms);
  }
  store.release();
  stopper.join();

  auto const seqs = a->durable_seqs();
  ASSERT_FALSE(seqs.empty());
  EXPECT_EQ(seqs.back(), 100u);
  for (auto const& e : a->durable()) EXPECT_TRUE(e.ok);
  ASSERT_EQ(a->snapshots().size(), 1u);
  EXPECT_TRUE(a->snapshots()[0].ok);
  // Every entry of "a" was appended, all of them before the snapshot.
  std::uint64_t appended = 0;
  bool snapshot_seen = false;
  for (auto const& call : store.calls()) {
    if (call.kind == "snapshot") snapshot_seen = true;
    for (auto const& [board, seq] : call.entries) {
      if (board != "a") continue;
      ++appended;
      EXPECT_FALSE(snapshot_seen) << "entry " << seq << " appended after the snapshot";
    }
  }
  EXPECT_EQ(appended, 100u);
  EXPECT_TRUE(snapshot_seen);
}

TEST(JournalWriter, DestructorDrainsToo) {
  FakeStore store;
  auto a = std::make_shared<RecordingListener>();
  {
    JournalWriter writer(store);
    for (std::uint64_t s = 1; s <= 500; ++s) writer.submit(journal_entry("a", s), a);
  }
  auto const seqs = a->durable_seqs();
  ASSERT_FALSE(seqs.empty());
  EXPECT_EQ(seqs.back(), 500u);
}

TEST(JournalWriter, SubmitAfterStopReportsAnError) {
  FakeStore store;
  auto a = std::make_shared<RecordingListener>();
  JournalWriter writer(store);
  writer.stop();
  writer.stop();  // idempotent

  writer.submit(journal_entry("a", 5), a);
  writer.snapshot("a", 5, nullptr, 0, a);
  // Reported at once, on the caller's thread.
  auto const durable = a->durable();
  ASSERT_EQ(durable.size(), 1u);
  EXPECT_EQ(durable[0].seq, 5u);
  EXPECT_FALSE(durable[0].ok);
  EXPECT_EQ(durable[0].code, ErrorCode::kStorage);
  EXPECT_EQ(durable[0].error, "journal writer stopped");
  auto const snapshots = a->snapshots();
  ASSERT_EQ(snapshots.size(), 1u);
  EXPECT_FALSE(snapshots[0].ok);
  EXPECT_EQ(snapshots[0].code, ErrorCode::kStorage);
  EXPECT_TRUE(store.calls().empty());
}

TEST(JournalWriter, FailedCommitIsReportedToEveryListenerAndTheNextCommitWorks) {
  FakeStore store;
  auto warmup = std::make_shared<RecordingListener>();
  auto a = std::make_shared<RecordingListener>();
  auto b = std::make_shared<RecordingListener>();
  JournalWriter writer(store);

  store.hold_next_append();
  writer.submit(journal_entry("w", 1), warmup);
  ASSERT_NO_FATAL_FAILURE(store.wait_held());
  writer.submit(journal_entry("a", 1), a);
  writer.submit(journal_entry("b", 1), b);
  writer.submit(journal_entry("a", 2), a);
  store.fail_next_appends(1);  // the commit holding a and b, not the one in flight
  store.release();
  writer.stop();  // drain, so the failed commit has been reported

  ASSERT_EQ(warmup->durable().size(), 1u);
  EXPECT_TRUE(warmup->durable()[0].ok);
  for (auto const& [listener, seq] : {std::pair{a, 2u}, std::pair{b, 1u}}) {
    auto const events = listener->durable();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].seq, seq);
    EXPECT_FALSE(events[0].ok);
    EXPECT_EQ(events[0].code, ErrorCode::kStorage);
    EXPECT_EQ(events[0].error, "injected failure");
  }
  EXPECT_EQ(writer.stats().failures, 1u);
}

TEST(JournalWriter, KeepsWorkingAfterAFailedCommitButRefusesTheFailedBoardsLaterWrites) {
  FakeStore store;
  auto a = std::make_shared<RecordingListener>();
  auto b = std::make_shared<RecordingListener>();
  JournalWriter writer(store);
  store.fail_next_appends(1);
  writer.submit(journal_entry("a", 1), a);
  // Wait for the failure to be reported before submitting again, so the two are separate commits.
  for (int i = 0; i < 10000 && a->durable().empty(); ++i) std::this_thread::sleep_for(1ms);
  ASSERT_EQ(a->durable().size(), 1u);
  EXPECT_FALSE(a->durable()[0].ok);

  // Board a holds batch 1 in memory only: its batch 2 and its snapshot must never reach the
  // store, or a reload would show batch 2 without batch 1. Board b is unaffected.
  writer.submit(journal_entry("a", 2), a);
  writer.snapshot("a", 2, std::make_shared<const std::string>("[]"), 0, a);
  writer.submit(journal_entry("b", 1), b);
  writer.stop();

  auto const a_events = a->durable();
  ASSERT_EQ(a_events.size(), 2u);
  EXPECT_FALSE(a_events[1].ok);
  EXPECT_EQ(a_events[1].seq, 2u);
  ASSERT_EQ(a->snapshots().size(), 1u);
  EXPECT_FALSE(a->snapshots()[0].ok);
  ASSERT_EQ(b->durable().size(), 1u);
  EXPECT_TRUE(b->durable()[0].ok);
  auto const calls = store.calls();
  ASSERT_FALSE(calls.empty());
  for (std::size_t i = 1; i < calls.size(); ++i) {  // calls[0] is the append that failed
    EXPECT_NE(calls[i].board, "a") << calls[i].kind << " of the failed board reached the store";
    for (auto const& [board, seq] : calls[i].entries) EXPECT_NE(board, "a") << "entry " << seq;
  }
  EXPECT_EQ(writer.stats().failures, 1u);
}

TEST(JournalWriter, AStoreThatThrowsIsReportedAsAnError) {
  FakeStore store;
  auto a = std::make_shared<RecordingListener>();
  JournalWriter writer(store);
  store.throw_next_append();
  writer.submit(journal_entry("a", 1), a);
  writer.stop();
  auto const events = a->durable();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_FALSE(events[0].ok);
  EXPECT_EQ(events[0].code, ErrorCode::kStorage);
  EXPECT_NE(events[0].error.find("driver exploded"), std::string::npos);
}

TEST(JournalWriter, CommitsAreCappedInEntries) {
  FakeStore store;
  auto a = std::make_shared<RecordingListener>();
  JournalWriter writer(store);
  constexpr std::uint64_t kTotal = 2 * JournalWriter::kMaxEntriesPerCommit + 501;

  store.hold_next_append();
  writer.submit(journal_entry("a", 1), a);
  ASSERT_NO_FATAL_FAILURE(store.wait_held());
  for (std::uint64_t s = 2; s <= kTotal; ++s) writer.submit(journal_entry("a", s), a);
  store.release();
  writer.stop();

  auto const calls = store.calls();
  ASSERT_EQ(calls.size(), 4u);  // 1, then the cap twice, then the rest
  EXPECT_EQ(calls[1].entries.size(), JournalWriter::kMaxEntriesPerCommit);
  EXPECT_EQ(calls[2].entries.size(), JournalWriter::kMaxEntriesPerCommit);
  EXPECT_EQ(calls[3].entries.size(), 500u);
  EXPECT_EQ(a->durable_seqs(),
            (std::vector<std::uint64_t>{1, 1 + JournalWriter::kMaxEntriesPerCommit,
                                        1 + 2 * JournalWriter::kMaxEntriesPerCommit, kTotal}));
}

TEST(JournalWriter, CommitsAreCappedInBytesButTakeAtLeastOneEntry) {
  FakeStore store;
  auto a = std::make_shared<RecordingListener>();
  JournalWriter writer(store);
  constexpr std::size_t kBig = JournalWriter::kMaxBytesPerCommit / 3;

  store.hold_next_append();
  writer.submit(journal_entry("a", 1), a);
  ASSERT_NO_FATAL_FAILURE(store.wait_held());
  writer.submit(journal_entry("a", 2, JournalWriter::kMaxBytesPerCommit * 2), a);  // over the cap alone
  for (std::uint64_t s = 3; s <= 9; ++s) writer.submit(journal_entry("a", s, kBig), a);
  store.release();
  writer.stop();

  auto const calls = store.calls();
  ASSERT_EQ(calls.size(), 6u);  // 1 | 2 alone | 3 4 | 5 6 | 7 8 | 9
  EXPECT_EQ(calls[1].entries, (Entries{{"a", 2}}));
  for (std::size_t i = 2; i < calls.size(); ++i) {
    EXPECT_LE(calls[i].bytes, JournalWriter::kMaxBytesPerCommit);
    EXPECT_GE(calls[i].entries.size(), 1u);
  }
  EXPECT_EQ(calls[2].entries.size(), 2u);  // a third would pass the cap by the ids' bytes
  EXPECT_EQ(a->durable_seqs().back(), 9u);
}

TEST(JournalWriter, ObserverSeesEveryCommit) {
  FakeStore store;
  std::mutex mutex;
  std::size_t observed_commits = 0;
  std::size_t observed_entries = 0;
  bool non_negative = true;
  JournalWriter writer(store, [&](std::chrono::nanoseconds took, std::size_t entries) {
    std::lock_guard lock(mutex);
    ++observed_commits;
    observed_entries += entries;
    non_negative = non_negative && took.count() >= 0;
  });
  auto a = std::make_shared<RecordingListener>();
  for (std::uint64_t s = 1; s <= 300; ++s) writer.submit(journal_entry("a", s), a);
  writer.submit(journal_entry("a", 301), nullptr);  // no listener: committed, nobody told
  writer.stop();

  std::lock_guard lock(mutex);
  EXPECT_EQ(observed_entries, 301u);
  EXPECT_EQ(observed_commits, writer.stats().commits);
  EXPECT_EQ(observed_commits, store.calls().size());
  EXPECT_TRUE(non_negative);
  EXPECT_EQ(a->durable_seqs().back(), 300u);
}

// End to end over SQLite: many threads and boards, as board actors would submit.
TEST(JournalWriter, DurableSeqsIncreasePerBoardAndEverythingLandsInSqlite) {
  TempDir dir;
  auto store = open_sqlite_store(dir.path(), {});
  ASSERT_TRUE(store.has_value()) << store.error().message;
  constexpr int kThreads = 4;
  constexpr int kBoardsPerThread = 8;
  constexpr std::uint64_t kSeqs = 300;

  std::map<std::string, std::shared_ptr<RecordingListener>> listeners;
  for (int t = 0; t < kThreads; ++t) {
    for (int b = 0; b < kBoardsPerThread; ++b) {
      listeners["t" + std::to_string(t) + "-b" + std::to_string(b)] = std::make_shared<RecordingListener>();
    }
  }
  std::atomic<std::size_t> observed{0};
  {
    JournalWriter writer(*store.value(), [&](std::chrono::nanoseconds, std::size_t n) { observed += n; });
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (std::uint64_t s = 1; s <= kSeqs; ++s) {
          for (int b = 0; b < kBoardsPerThread; ++b) {
            std::string board = "t" + std::to_string(t) + "-b" + std::to_string(b);
            auto listener = listeners.at(board);
            writer.submit(journal_entry(std::move(board), s), std::move(listener));
          }
          if (s == kSeqs / 2) {
            std::string board = "t" + std::to_string(t) + "-b0";
            writer.snapshot(board, s, std::make_shared<const std::string>("[1]"), s - 10,
                            listeners.at(board));
          }
        }
      });
    }
    for (auto& th : threads) th.join();
    writer.stop();
    EXPECT_EQ(writer.stats().failures, 0u);
    EXPECT_LT(writer.stats().commits, kThreads * kBoardsPerThread * kSeqs) << "no grouping happened";
  }
  EXPECT_EQ(observed.load(), kThreads * kBoardsPerThread * kSeqs);

  for (auto const& [board, listener] : listeners) {
    auto const events = listener->durable();
    ASSERT_FALSE(events.empty()) << board;
    for (std::size_t i = 0; i < events.size(); ++i) {
      EXPECT_TRUE(events[i].ok) << board << ": " << events[i].error;
      if (i > 0) {
        EXPECT_GT(events[i].seq, events[i - 1].seq) << board;
      }
    }
    EXPECT_EQ(events.back().seq, kSeqs) << board;

    auto image = store.value()->load_board(board);
    ASSERT_TRUE(image.has_value() && image.value().has_value()) << board;
    auto const& journal = image.value()->journal;
    ASSERT_FALSE(journal.empty());
    EXPECT_EQ(journal.back().seq, kSeqs);
    bool const snapshotted = board.ends_with("-b0");
    EXPECT_EQ(image.value()->snapshot_seq, snapshotted ? kSeqs / 2 : 0u) << board;
    EXPECT_EQ(journal.front().seq, snapshotted ? kSeqs / 2 - 9 : 1u) << board;
    EXPECT_EQ(journal.size(), kSeqs - journal.front().seq + 1) << board;
    if (snapshotted) {
      ASSERT_EQ(listener->snapshots().size(), 1u);
      EXPECT_TRUE(listener->snapshots()[0].ok) << listener->snapshots()[0].error;
    }
  }
}

}  // namespace
}  // namespace cc::store::testing
