// The journal writer: one thread that commits the batches of many boards together (group
// commit). Boards submit entries; whatever has queued up while the previous transaction was
// committing goes into the next one. After each commit every board that had entries in it is
// told, once, the highest sequence number now durable; only then may it acknowledge and
// broadcast them.
//
// Snapshots go through the same queue, so a snapshot at seq S is always written after the
// journal entries up to S.
//
// Thread-safety: submit() and snapshot() may be called from any thread. Listeners are called
// on the writer thread and must not block (a board actor posts to its strand).
#pragma once

#include "store/board_store.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace cc::store {

class DurabilityListener {
 public:
  virtual ~DurabilityListener() = default;
  // Every entry of this listener's board up to durable_seq is committed. On a failed commit
  // status holds the error and none of the entries of that commit are durable.
  virtual void on_durable(std::uint64_t durable_seq, Status status) = 0;
  // A snapshot requested through JournalWriter::snapshot finished.
  virtual void on_snapshot_saved(std::uint64_t seq, Status status) = 0;
};

struct JournalWriterStats {
  std::uint64_t commits = 0;   // journal transactions attempted
  std::uint64_t entries = 0;   // entries in them
  std::uint64_t failures = 0;  // failed journal transactions and failed snapshots
};

class JournalWriter {
 public:
  // Called after each commit with its duration and its number of entries (for metrics).
  using CommitObserver = std::function<void(std::chrono::nanoseconds, std::size_t entries)>;

  JournalWriter(BoardStore& store, CommitObserver observer = {});
  ~JournalWriter();  // stops(): drains the queue, then joins the thread
  JournalWriter(JournalWriter const&) = delete;
  JournalWriter& operator=(JournalWriter const&) = delete;

  void submit(JournalEntry entry, std::shared_ptr<DurabilityListener> listener);
  void snapshot(std::string board, std::uint64_t seq, std::shared_ptr<const std::string> objects_json,
                std::uint64_t keep_after, std::shared_ptr<DurabilityListener> listener);

  // Commits everything queued so far, then stops the thread. Idempotent.
  void stop();

  JournalWriterStats stats() const;

  // One transaction takes at most this many entries, or entries totalling about this many
  // bytes (always at least one), so a burst cannot make one commit, and every board's
  // acknowledgement waiting on it, arbitrarily slow.
  static constexpr std::size_t kMaxEntriesPerCommit = 10'000;
  static constexpr std::size_t kMaxBytesPerCommit = 4u << 20;

 private:
  struct Item;
  void run();

  BoardStore& store_;
  CommitObserver observer_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Item> queue_;    // GUARDED_BY(mutex_)
  bool stopping_ = false;     // GUARDED_BY(mutex_)
  JournalWriterStats stats_;  // GUARDED_BY(mutex_)
  std::once_flag stop_once_;  // concurrent stop() calls all wait for the one join
  std::thread thread_;
};

}  // namespace cc::store
