// The WAL checkpointer: copies committed pages from the WAL back into the database file on a
// thread and a connection of its own, so that no commit runs a checkpoint (every connection to
// the file has wal_autocheckpoint=0, see sqlite_settings.hpp).
//
// A connection attached to it tells it, through SQLite's WAL hook, how many frames the WAL
// holds after each of its commits. That costs the commit an atomic exchange, and once per
// round a wake-up; the commit never waits for a checkpoint.
//
// Once the WAL holds passive_at_frames, the thread runs a round:
// - PASSIVE checkpoints copy what no reader still needs, waiting for no one and holding off no
//   one. Commits go on meanwhile, so each ends with the frames committed during it uncopied;
//   a few more catch up while that tail shrinks.
// - SQLite starts the WAL over from its beginning (and truncates the file to
//   journal_size_limit) only when a write transaction begins on a WAL copied completely, which
//   a writer that commits without pause never sees. So a FULL checkpoint copies the last few
//   frames while it holds off commits: a handful of pages and two small fsyncs, bounded by
//   finish_wait, where SQLite's own checkpoint held a commit for the whole copy.
// - A round kept from finishing by a reader on an old snapshot (more than a handful of frames
//   held back) is retried after a pause. If the WAL grows past escalate_at_frames all the same,
//   the checkpointer escalates to TRUNCATE, which waits up to escalate_wait for readers while
//   holding off commits, and logs it.
//
// Commits of connections that are not attached (the account store's, another process's) are
// seen by the next attached commit, which reports the whole WAL, and by a round at least every
// check_every.
//
// stop(), also run by the destructor, wakes the thread, lets a checkpoint in progress finish,
// runs a final TRUNCATE checkpoint (so a clean shutdown leaves an empty WAL) and joins. It must
// run after the attached connections stopped committing and were detached, and before they
// close.
#pragma once

#include "base/error.hpp"
#include "store/sqlite/sqlite_connection.hpp"
#include "store/sqlite/sqlite_options.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>

namespace cc::store {

class SqliteCheckpointer {
 public:
  // Opens a connection of its own to file, which must already be in WAL mode, and starts the
  // thread.
  static Result<std::unique_ptr<SqliteCheckpointer>> start(std::filesystem::path const& file,
                                                           SqliteOptions const& options);
  ~SqliteCheckpointer();
  SqliteCheckpointer(SqliteCheckpointer const&) = delete;
  SqliteCheckpointer& operator=(SqliteCheckpointer const&) = delete;

  // Installs the WAL hook on conn (replacing its automatic checkpoint, if any). Call it where
  // conn is used: SQLite does not synchronise it with conn's other calls. Meant for the one
  // connection that does most of the writing: restarts of the WAL are recognised by the frame
  // count going down, which holds for the commits of one connection.
  void attach(sqlite3* conn) noexcept;
  // Removes the hook again; conn's commits no longer reach this checkpointer.
  static void detach(sqlite3* conn) noexcept;

  // What the hook calls after a commit: the WAL now holds `frames` frames.
  void wal_grew(int frames) noexcept;

  // Wakes the thread, waits for a checkpoint in progress, runs the final checkpoint and joins.
  // Idempotent.
  void stop();

  // Public for std::make_unique; use start().
  SqliteCheckpointer(SqliteConnection conn, SqliteCheckpointOptions options);

 private:
  void run();
  // Returns whether the WAL was copied completely (the next commit starts it over).
  bool round();
  bool escalate(CheckpointReport const& incomplete);
  CheckpointReport checkpoint(CheckpointReport::Mode mode, std::chrono::milliseconds wait,
                              bool final = false);

  SqliteConnection conn_;  // used by the thread only
  SqliteCheckpointOptions const options_;

  // Written by the hook, read by the thread: the WAL's size after the last attached commit, and
  // how often a commit found the WAL started over.
  std::atomic<int> wal_frames_{0};
  std::atomic<std::uint64_t> restarts_{0};
  // True while a commit that crosses the threshold should wake the thread: cleared by the one
  // that does, set again after the round, so commits wake the thread at most once a round.
  std::atomic<bool> armed_{true};

  std::mutex mutex_;
  std::condition_variable wake_;
  bool requested_ = false;  // GUARDED_BY(mutex_)
  bool stopping_ = false;   // GUARDED_BY(mutex_)

  // The thread's own: until when the checkpoint in progress may wait (read by the busy handler),
  // an escalation in progress and a run of failures, for the log.
  std::chrono::steady_clock::time_point wait_deadline_{};
  std::chrono::steady_clock::time_point last_escalation_{};
  int escalation_attempts_ = 0;
  std::uint64_t failures_in_a_row_ = 0;  // checkpoints that failed with an error, for the log

  std::once_flag stop_once_;
  std::thread thread_;  // last: starts after everything it uses exists
};

}  // namespace cc::store
