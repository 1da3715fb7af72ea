#include "store/journal_writer.hpp"

#include <algorithm>
#include <exception>
#include <functional>
#include <utility>
#include <variant>

namespace cc::store {

namespace {

Error stopped_error() { return make_error(ErrorCode::kStorage, "journal writer stopped"); }

// The writer thread must survive anything a backend throws (an allocation failure, a driver
// bug): every listener still has to hear about its entries, or its board would wait forever.
template <class F>
Status call_store(F&& f) noexcept {
  try {
    return f();
  } catch (std::exception const& e) {
    return make_error(ErrorCode::kStorage, std::string("store threw: ") + e.what());
  } catch (...) {
    return make_error(ErrorCode::kStorage, "store threw an unknown exception");
  }
}

std::size_t entry_bytes(JournalEntry const& e) {
  return e.board.size() + e.batch_id.size() + e.author.size() + (e.ops_json ? e.ops_json->size() : 0);
}

}  // namespace

struct JournalWriter::Item {
  struct Entry {
    JournalEntry entry;
    std::shared_ptr<DurabilityListener> listener;
  };
  struct Snapshot {
    std::string board;
    std::uint64_t seq = 0;
    std::shared_ptr<const std::string> objects_json;
    std::uint64_t keep_after = 0;
    std::shared_ptr<DurabilityListener> listener;
  };
  std::variant<Entry, Snapshot> value;
};

JournalWriter::JournalWriter(BoardStore& store, CommitObserver observer)
    : store_(store), observer_(std::move(observer)), thread_([this] { run(); }) {}

JournalWriter::~JournalWriter() { stop(); }

void JournalWriter::submit(JournalEntry entry, std::shared_ptr<DurabilityListener> listener) {
  {
    std::unique_lock lock(mutex_);
    if (!stopping_) {
      // The writer only sleeps on an empty queue, so only the first item needs to wake it.
      bool const was_empty = queue_.empty();
      queue_.push_back(Item{Item::Entry{std::move(entry), std::move(listener)}});
      lock.unlock();
      if (was_empty) wake_.notify_one();
      return;
    }
  }
  if (listener) listener->on_durable(entry.seq, stopped_error());
}

void JournalWriter::snapshot(std::string board, std::uint64_t seq,
                             std::shared_ptr<const std::string> objects_json, std::uint64_t keep_after,
                             std::shared_ptr<DurabilityListener> listener) {
  {
    std::unique_lock lock(mutex_);
    if (!stopping_) {
      bool const was_empty = queue_.empty();
      queue_.push_back(Item{
          Item::Snapshot{std::move(board), seq, std::move(objects_json), keep_after, std::move(listener)}});
      lock.unlock();
      if (was_empty) wake_.notify_one();
      return;
    }
  }
  if (listener) listener->on_snapshot_saved(seq, stopped_error());
}

void JournalWriter::stop() {
  // A listener calling stop() on the writer thread cannot join itself; the loop still drains
  // and exits, and the owner's destructor joins.
  if (std::this_thread::get_id() == thread_.get_id()) {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    return;
  }
  std::call_once(stop_once_, [this] {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) thread_.join();
  });
}

JournalWriterStats JournalWriter::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void JournalWriter::run() {
  // Reused across commits so that a steady state allocates nothing here per entry.
  std::vector<JournalEntry> entries;
  std::vector<std::shared_ptr<DurabilityListener>> owners;  // owners[i] submitted entries[i]
  std::vector<std::pair<DurabilityListener*, std::uint64_t>> durable;
  std::vector<Item::Snapshot> snapshots;
  // Listeners one of whose commits failed. Held by shared_ptr so that a new listener can
  // never reuse the address of a poisoned one. Failures are rare; a vector suffices.
  std::vector<std::shared_ptr<DurabilityListener>> poisoned;
  // Refuses, with an error to their listeners, the entries and snapshots of listeners an
  // earlier commit of which failed.
  auto refuse_poisoned = [&] {
    auto is_poisoned = [&](std::shared_ptr<DurabilityListener> const& l) {
      return l && std::find(poisoned.begin(), poisoned.end(), l) != poisoned.end();
    };
    Error const refused = make_error(ErrorCode::kStorage, "an earlier commit of this board failed");
    std::size_t kept = 0;
    for (std::size_t i = 0; i < entries.size(); ++i) {
      if (is_poisoned(owners[i])) {
        owners[i]->on_durable(entries[i].seq, refused);
        continue;
      }
      if (kept != i) {
        entries[kept] = std::move(entries[i]);
        owners[kept] = std::move(owners[i]);
      }
      ++kept;
    }
    entries.resize(kept);
    owners.resize(kept);
    std::erase_if(snapshots, [&](Item::Snapshot const& s) {
      if (!is_poisoned(s.listener)) return false;
      s.listener->on_snapshot_saved(s.seq, refused);
      return true;
    });
  };

  entries.reserve(kMaxEntriesPerCommit);
  owners.reserve(kMaxEntriesPerCommit);
  durable.reserve(kMaxEntriesPerCommit);

  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and drained

      // FIFO between entries and snapshots: take consecutive entries up to the first snapshot
      // (or the cap); if a snapshot stopped us, take the run of snapshots that follows, which
      // then runs after the entries before it are committed.
      std::size_t bytes = 0;
      while (!queue_.empty() && entries.size() < kMaxEntriesPerCommit) {
        auto* e = std::get_if<Item::Entry>(&queue_.front().value);
        if (e == nullptr) break;
        std::size_t const size = entry_bytes(e->entry);
        if (!entries.empty() && bytes + size > kMaxBytesPerCommit) break;
        bytes += size;
        entries.push_back(std::move(e->entry));
        owners.push_back(std::move(e->listener));
        queue_.pop_front();
      }
      while (!queue_.empty()) {
        auto* s = std::get_if<Item::Snapshot>(&queue_.front().value);
        if (s == nullptr) break;
        snapshots.push_back(std::move(*s));
        queue_.pop_front();
      }
    }

    if (!poisoned.empty()) refuse_poisoned();
    if (!entries.empty()) {
      auto const start = std::chrono::steady_clock::now();
      Status const status = call_store([&] { return store_.append(entries); });
      auto const elapsed = std::chrono::steady_clock::now() - start;
      {
        std::lock_guard lock(mutex_);
        ++stats_.commits;
        stats_.entries += entries.size();
        if (status.has_error()) ++stats_.failures;
      }

      // One notification per listener with the highest of its seqs in this commit. Runs of the
      // same listener are collapsed first (a board's entries usually arrive together), then
      // sorting by pointer brings the rest together without a hash map.
      for (std::size_t i = 0; i < entries.size(); ++i) {
        DurabilityListener* l = owners[i].get();
        if (l == nullptr) continue;
        if (!durable.empty() && durable.back().first == l) {
          durable.back().second = std::max(durable.back().second, entries[i].seq);
        } else {
          durable.emplace_back(l, entries[i].seq);
        }
      }
      // std::less gives a total order over unrelated pointers; the built-in < does not promise one.
      std::sort(durable.begin(), durable.end(), [](auto const& x, auto const& y) {
        return std::less<>()(x.first, y.first) || (x.first == y.first && x.second < y.second);
      });
      if (status.has_error()) {
        // A board whose commit failed holds batches in memory that are not on disk. Its later
        // entries and snapshots must not reach the disk either, or a reload would show a
        // board with a hole in it; the board reloads from what was committed.
        for (auto const& owner : owners) {
          if (owner && std::find(poisoned.begin(), poisoned.end(), owner) == poisoned.end())
            poisoned.push_back(owner);
        }
      }
      for (std::size_t i = 0; i < durable.size(); ++i) {
        // Sorted by (pointer, seq): the last of each pointer's run holds its highest seq.
        if (i + 1 < durable.size() && durable[i + 1].first == durable[i].first) continue;
        durable[i].first->on_durable(durable[i].second, status);
      }
      if (observer_) observer_(std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed), entries.size());

      durable.clear();
      owners.clear();
      entries.clear();
    }

    for (auto& s : snapshots) {
      Status const status = call_store([&] {
        std::string_view const objects = s.objects_json ? std::string_view(*s.objects_json) : "[]";
        return store_.save_snapshot(s.board, s.seq, objects, s.keep_after);
      });
      if (status.has_error()) {
        std::lock_guard lock(mutex_);
        ++stats_.failures;
      }
      if (s.listener) s.listener->on_snapshot_saved(s.seq, status);
    }
    snapshots.clear();
  }
}

}  // namespace cc::store
