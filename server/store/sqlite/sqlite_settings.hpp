// The settings every connection to the database file shares, whichever store opens it: both
// stores write the same file, so they must agree on how its WAL is checkpointed.
#pragma once

#include "store/sqlite/sqlite_connection.hpp"
#include "store/sqlite/sqlite_options.hpp"

namespace cc::store {

inline constexpr char const* kDatabaseFile = "collabcanvas.db";

// Connection settings (none of them is stored in the file except journal_mode):
//
// journal_mode=WAL: readers never block the writer nor the writer readers, and a commit is one
//   sequential append to the WAL instead of rewriting pages in place.
// synchronous=NORMAL: in WAL mode a commit is a write() to the WAL with no fsync; fsyncs happen
//   at checkpoints. A committed transaction survives the process being killed (the data is in
//   the OS page cache); a power loss or kernel crash can lose the last transactions but never
//   corrupts the database. synchronous=FULL adds an fsync of the WAL to every commit, which
//   makes commits survive power loss too. Group commit is what makes FULL affordable: one
//   fsync covers every board's batches queued while the previous one ran.
// wal_autocheckpoint=0: no commit runs a checkpoint. SQLite's automatic checkpoint runs inside
//   the commit that crosses its threshold: it fsyncs the WAL, copies every page changed since
//   the last one back into the database file and fsyncs that, tens of milliseconds during
//   which every acknowledgement waiting on the commit waits too. The checkpointer
//   (sqlite_checkpointer.hpp) does that work on a thread and connection of its own, told the
//   WAL's size by the journal writer's commits, while commits go on; they wait only for the
//   last few frames of each round (a FULL checkpoint, typically 1 to 2 ms), which is what lets
//   the next commit start the WAL over. SqliteCheckpointOptions has its thresholds.
//   Checkpoints do not change what a commit promises: with either synchronous level a commit
//   is durable, to that level, when it returns, and a checkpoint only copies committed pages;
//   the database file's fsync is the checkpointer's, never a commit's.
// journal_size_limit (SqliteOptions::wal_size_limit_bytes, 64 MiB): the first commit after a
//   complete checkpoint starts the WAL over from its beginning and truncates the file back to
//   this, so a burst does not leave a huge file behind.
// foreign_keys=ON: snapshots reference boards (checked only when a snapshot is written).
// temp_store=MEMORY: sorts for ORDER BY never go to temporary files.
Status apply_shared_settings(SqliteConnection& conn, SqliteOptions const& options);

// Makes conn wait for another connection's write lock by polling for about 5 s, then fail
// (kStorage). SQLite's busy_timeout sleeps 1, 2, 5, 10 ms... between attempts and keeps
// missing the short gaps between a busy writer's commits, and the checkpointer holds the lock
// for a few milliseconds at the end of each round; a steady poll takes the lock in the next
// gap. The first 0.1 s polls every 100 us, so that a 3 ms hold does not become an 8 ms stall
// of every acknowledgement waiting for the next commit; then every millisecond.
void poll_for_write_lock(SqliteConnection& conn) noexcept;

}  // namespace cc::store
