// How the SQLite stores use their database file: the durability of a commit, and the tuning of
// the WAL checkpointer (sqlite_checkpointer.hpp). The defaults are the server's; tests shrink
// the sizes and intervals to exercise the checkpointer in milliseconds.
#pragma once

#include "base/error.hpp"

#include <chrono>
#include <cstdint>
#include <functional>

namespace cc::store {

enum class SqliteSync { kNormal, kFull };

// What one checkpoint did, for logs, metrics and tests.
struct CheckpointReport {
  enum class Mode {
    kPassive,   // copies what no reader still needs; waits for no one, holds off no one
    kFull,      // holds off commits while it copies the rest, so the next commit starts the WAL over
    kTruncate,  // like kFull, then waits for every reader to leave the WAL and empties the file
  };
  Mode mode = Mode::kPassive;
  bool final = false;      // the one run when the checkpointer stops
  bool completed = false;  // every frame of the WAL was in the database file when it finished
  int wal_frames = 0;      // frames in the WAL when it ran (0 after a truncation)
  int copied_frames = 0;   // frames of the WAL that are in the database file
  std::chrono::nanoseconds took{0};
  Status status;  // an I/O or other error; a checkpoint kept from finishing by readers is not one
};

struct SqliteCheckpointOptions {
  // A checkpoint round starts once a commit leaves the WAL with this many frames (pages).
  std::int64_t passive_at_frames = 8192;
  // A round copies with passive checkpoints while the frames committed during the previous one
  // are more than this; the rest is copied by a FULL checkpoint, which holds off commits for up
  // to finish_wait (normally a few milliseconds: a handful of pages and two small fsyncs).
  std::int64_t finish_below_frames = 256;
  std::chrono::milliseconds finish_wait{20};
  // A WAL this large that a round could not copy completely (a reader holds an old snapshot)
  // is checkpointed with TRUNCATE, which waits for readers and holds off commits for up to
  // escalate_wait.
  std::int64_t escalate_at_frames = 32768;
  std::chrono::milliseconds escalate_wait{100};
  std::chrono::milliseconds escalate_every{1000};  // at most one TRUNCATE attempt this often
  // The least time between two rounds. An incomplete round is retried after it.
  std::chrono::milliseconds pause{100};
  // Commits the checkpointer is not told about (other connections, other processes) are
  // copied back by a round at least this often.
  std::chrono::milliseconds check_every{10'000};
  // Called on the checkpointer's thread after each checkpoint; must not block.
  std::function<void(CheckpointReport const&)> observer;
};

struct SqliteOptions {
  SqliteSync synchronous = SqliteSync::kNormal;
  // After a checkpoint the WAL file is truncated back to this size (journal_size_limit), so a
  // burst does not leave a huge file behind.
  std::int64_t wal_size_limit_bytes = std::int64_t{64} << 20;
  SqliteCheckpointOptions checkpoint{};
};

}  // namespace cc::store
