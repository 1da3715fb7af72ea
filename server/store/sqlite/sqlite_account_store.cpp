#include "store/sqlite/sqlite_account_store.hpp"

#include "store/sqlite/sqlite_account_store_impl.hpp"
#include "store/sqlite/sqlite_schema.hpp"
#include "store/sqlite/sqlite_settings.hpp"

#include <system_error>
#include <utility>

namespace cc::store {

namespace {

// The caches are smaller than the board store's: account rows are few and small next to
// board content. busy_timeout is replaced by wait_for_lock below.
constexpr char const* kCachePragma = "PRAGMA cache_size = -16384;";

Result<CachedConnection> open_connection(std::filesystem::path const& file, SqliteOptions const& options) {
  auto conn = SqliteConnection::open(file);
  if (conn.has_error()) return conn.error();
  if (auto s = apply_shared_settings(conn.value(), options); s.has_error()) return s.error();
  if (auto s = conn.value().exec(kCachePragma); s.has_error()) return s.error();
  poll_for_write_lock(conn.value());
  return CachedConnection(std::move(conn.value()));
}

}  // namespace

Result<std::unique_ptr<AccountStore>> open_sqlite_account_store(std::filesystem::path const& data_dir,
                                                                SqliteOptions const& options) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) {
    return make_error(ErrorCode::kStorage,
                      "cannot create data directory " + data_dir.string() + ": " + ec.message());
  }
  auto const file = data_dir / kDatabaseFile;

  auto writer = open_connection(file, options);
  if (writer.has_error()) return writer.error();
  // Set by whichever store opens the file first; it stays in the file. Checked, as the board
  // store does: without WAL every read would wait for the journal writer.
  auto mode = writer.value().conn().query_text("PRAGMA journal_mode = WAL");
  if (mode.has_error()) return mode.error();
  if (mode.value() != "wal") {
    return make_error(ErrorCode::kStorage,
                      "sqlite: cannot enable WAL mode on " + file.string() + " (got " + mode.value() + ")");
  }
  if (auto s = migrate_sqlite_schema(writer.value().conn()); s.has_error()) return s.error();

  auto reader = open_connection(file, options);
  if (reader.has_error()) return reader.error();

  return std::unique_ptr<AccountStore>(std::make_unique<sqlite_account::SqliteAccountStore>(
      std::move(writer.value()), std::move(reader.value())));
}

namespace sqlite_account {

SqliteAccountStore::SqliteAccountStore(CachedConnection writer, CachedConnection reader) noexcept
    : writer_(std::move(writer)), reader_(std::move(reader)) {}

}  // namespace sqlite_account

}  // namespace cc::store
