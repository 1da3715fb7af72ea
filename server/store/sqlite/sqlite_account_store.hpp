// The SQLite backend of AccountStore. It lives in the same database file as the board store
// (one file to back up, and purging a board erases its content and its members in one
// transaction), with connections of its own. Either store may be opened first: each brings
// the schema up to date.
#pragma once

#include "store/account_store.hpp"
#include "store/sqlite/sqlite_board_store.hpp"

#include <filesystem>
#include <memory>

namespace cc::store {

// Opens (creating if needed) <data_dir>/collabcanvas.db, creating data_dir as well.
Result<std::unique_ptr<AccountStore>> open_sqlite_account_store(std::filesystem::path const& data_dir,
                                                                SqliteOptions const& options);

}  // namespace cc::store
