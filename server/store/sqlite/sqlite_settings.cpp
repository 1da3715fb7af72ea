#include "store/sqlite/sqlite_settings.hpp"

#include <string>

namespace cc::store {

Status apply_shared_settings(SqliteConnection& conn, SqliteOptions const& options) {
  std::string sql =
      "PRAGMA foreign_keys = ON;"
      "PRAGMA temp_store = MEMORY;"
      "PRAGMA wal_autocheckpoint = 0;";
  sql += options.synchronous == SqliteSync::kFull ? "PRAGMA synchronous = FULL;"
                                                  : "PRAGMA synchronous = NORMAL;";
  // A number we format ourselves, not client data.
  sql += "PRAGMA journal_size_limit = " + std::to_string(options.wal_size_limit_bytes) + ";";
  return conn.exec(sql.c_str());
}

}  // namespace cc::store
