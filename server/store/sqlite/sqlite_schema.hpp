// The versioned schema of the SQLite store. PRAGMA user_version holds the number of the last
// migration applied; open() applies the missing ones, in order, in one transaction.
#pragma once

#include "base/error.hpp"
#include "store/sqlite/sqlite_connection.hpp"

namespace cc::store {

// The schema version this code writes and understands.
inline constexpr std::int64_t kSqliteSchemaVersion = 2;

// Brings the database up to kSqliteSchemaVersion. Refuses (kStorage) a database written by a
// newer version of the server rather than misreading or damaging it.
Status migrate_sqlite_schema(SqliteConnection& conn);

}  // namespace cc::store
