#include "store/sqlite/sqlite_settings.hpp"

#include <chrono>
#include <string>
#include <thread>

namespace cc::store {

namespace {

constexpr int kFinePolls = 1000;           // every 100 us: the first 0.1 s or so
constexpr int kPolls = kFinePolls + 4900;  // then every 1 ms: about 5 s in all

int wait_for_write_lock(void* /*unused*/, int attempts) {
  if (attempts >= kPolls) return 0;
  std::this_thread::sleep_for(attempts < kFinePolls ? std::chrono::microseconds(100)
                                                    : std::chrono::microseconds(1000));
  return 1;
}

}  // namespace

void poll_for_write_lock(SqliteConnection& conn) noexcept {
  sqlite3_busy_handler(conn.handle(), &wait_for_write_lock, nullptr);
}

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
