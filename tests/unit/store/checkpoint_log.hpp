// Helpers for the checkpointer tests: a thread-safe record of the checkpointer's reports that a
// test can wait on, and the sizes of the database file and its WAL on disk.
#pragma once

#include "store/sqlite/sqlite_options.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <system_error>
#include <vector>

namespace cc::store::testing {

class CheckpointLog {
 public:
  // The observer to put into SqliteCheckpointOptions. The log must outlive the checkpointer.
  std::function<void(CheckpointReport const&)> observer() {
    return [this](CheckpointReport const& report) {
      std::lock_guard lock(mutex_);
      reports_.push_back(report);
      changed_.notify_all();
    };
  }

  std::vector<CheckpointReport> reports() const {
    std::lock_guard lock(mutex_);
    return reports_;
  }

  // Waits (up to 20 s) for a report, among those from index `from` on, that matches; returns
  // its index, or -1 after a test failure.
  long wait_for(std::function<bool(CheckpointReport const&)> const& match, std::size_t from = 0) {
    std::unique_lock lock(mutex_);
    long found = -1;
    bool const ok = changed_.wait_for(lock, std::chrono::seconds(20), [&] {
      for (std::size_t i = from; i < reports_.size(); ++i) {
        if (match(reports_[i])) {
          found = static_cast<long>(i);
          return true;
        }
      }
      return false;
    });
    EXPECT_TRUE(ok) << "no matching checkpoint report among " << reports_.size();
    return found;
  }

  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return reports_.size();
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<CheckpointReport> reports_;
};

inline bool completed(CheckpointReport const& r) { return r.completed; }

// 0 if the file does not exist.
inline std::uintmax_t file_size_or_zero(std::filesystem::path const& file) {
  std::error_code ec;
  auto const size = std::filesystem::file_size(file, ec);
  return ec ? 0 : size;
}

inline std::filesystem::path wal_file(std::filesystem::path const& db) {
  return std::filesystem::path(db.string() + "-wal");
}

}  // namespace cc::store::testing
