// The settings every connection to the database file shares, whichever store opens it: both
// stores write the same file, so they must agree on how its WAL is checkpointed.
#pragma once

#include "store/sqlite/sqlite_board_store.hpp"

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
// wal_autocheckpoint=8192 pages (32 MiB at the default 4 KiB page size): the default 1000
//   checkpoints several times a second at our write rate, and each checkpoint fsyncs twice and
//   copies pages that the next commits dirty again. A larger WAL amortises that; reads pay a
//   little for a longer WAL index, which is cheap.
// journal_size_limit=64 MiB: after a checkpoint the WAL file is truncated back to this, so an
//   occasional burst does not leave a huge file behind.
// foreign_keys=ON: snapshots reference boards (checked only when a snapshot is written).
// temp_store=MEMORY: sorts for ORDER BY never go to temporary files.
inline constexpr char const* kSharedPragmas =
    "PRAGMA foreign_keys = ON;"
    "PRAGMA temp_store = MEMORY;"
    "PRAGMA wal_autocheckpoint = 8192;"
    "PRAGMA journal_size_limit = 67108864;";

inline constexpr char const* synchronous_pragma(SqliteOptions const& options) noexcept {
  return options.synchronous == SqliteSync::kFull ? "PRAGMA synchronous = FULL;"
                                                  : "PRAGMA synchronous = NORMAL;";
}

}  // namespace cc::store
