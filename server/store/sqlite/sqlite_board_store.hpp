// The SQLite backend of BoardStore: one database file in WAL mode, a write connection used by
// the journal writer thread, a separate read connection for loads, and the file's WAL
// checkpointer (sqlite_checkpointer.hpp), which stops before the connections close. The schema
// is versioned (PRAGMA user_version) and migrated forward at open.
#pragma once

#include "store/board_store.hpp"
#include "store/sqlite/sqlite_options.hpp"

#include <filesystem>
#include <memory>

namespace cc::store {

// Opens (creating if needed) <data_dir>/collabcanvas.db, creating data_dir as well.
Result<std::unique_ptr<BoardStore>> open_sqlite_store(std::filesystem::path const& data_dir,
                                                      SqliteOptions const& options);

}  // namespace cc::store
