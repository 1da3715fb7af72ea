#include "store/sqlite/sqlite_connection.hpp"

#include <limits>

namespace cc::store {

Error sqlite_error(sqlite3* db, std::string_view what) {
  std::string message = "sqlite: ";
  message += what;
  message += ": ";
  message += db != nullptr ? sqlite3_errmsg(db) : "out of memory";
  return make_error(ErrorCode::kStorage, std::move(message));
}

void SqliteStatement::bind_text(int index, std::string_view text) noexcept {
  // A null pointer would bind SQL NULL; an empty view may well have one.
  char const* data = text.data() != nullptr ? text.data() : "";
  int const rc = sqlite3_bind_text64(stmt_.get(), index, data, text.size(), kSqliteStatic, SQLITE_UTF8);
  if (rc != SQLITE_OK && bind_error_ == SQLITE_OK) bind_error_ = rc;
}

void SqliteStatement::bind_int64(int index, std::int64_t value) noexcept {
  int const rc = sqlite3_bind_int64(stmt_.get(), index, value);
  if (rc != SQLITE_OK && bind_error_ == SQLITE_OK) bind_error_ = rc;
}

Result<bool> SqliteStatement::step(std::string_view what) {
  if (bind_error_ != SQLITE_OK) {
    std::string message = "sqlite: ";
    message += what;
    message += ": bind failed: ";
    message += sqlite3_errstr(bind_error_);
    return make_error(ErrorCode::kStorage, std::move(message));
  }
  int const rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return sqlite_error(sqlite3_db_handle(stmt_.get()), what);
}

Status SqliteStatement::run(std::string_view what) {
  auto stepped = step(what);
  if (stepped.has_error()) return stepped.error();
  return {};
}

void SqliteStatement::reset() noexcept {
  // The return value of reset repeats the last step's error, already reported.
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
  bind_error_ = SQLITE_OK;
}

std::string_view SqliteStatement::column_text(int index) const noexcept {
  auto const* text = sqlite3_column_text(stmt_.get(), index);
  if (text == nullptr) return {};
  // column_bytes after column_text: the length of the UTF-8 form just produced.
  auto const size = static_cast<std::size_t>(sqlite3_column_bytes(stmt_.get(), index));
  return {reinterpret_cast<char const*>(text), size};
}

Result<SqliteConnection> SqliteConnection::open(std::filesystem::path const& file) {
  sqlite3* raw = nullptr;
  int const rc = sqlite3_open_v2(file.c_str(), &raw,
                                 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  SqliteConnection conn;
  conn.db_.reset(raw);  // owned even on failure: open_v2 usually allocates a handle anyway
  if (rc != SQLITE_OK) return sqlite_error(raw, "open " + file.string());
  sqlite3_extended_result_codes(raw, 1);

  auto prepare_into = [&conn](SqliteStatement& into, std::string_view sql) -> Status {
    auto stmt = conn.prepare(sql);
    if (stmt.has_error()) return stmt.error();
    into = std::move(stmt.value());
    return {};
  };
  if (auto s = prepare_into(conn.begin_deferred_, "BEGIN DEFERRED"); s.has_error()) return s.error();
  if (auto s = prepare_into(conn.begin_immediate_, "BEGIN IMMEDIATE"); s.has_error()) return s.error();
  if (auto s = prepare_into(conn.commit_, "COMMIT"); s.has_error()) return s.error();
  if (auto s = prepare_into(conn.rollback_, "ROLLBACK"); s.has_error()) return s.error();
  return conn;
}

Status SqliteConnection::exec(char const* sql) {
  if (sqlite3_exec(db_.get(), sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
    return sqlite_error(db_.get(), std::string("exec ") + sql);
  }
  return {};
}

Result<SqliteStatement> SqliteConnection::prepare(std::string_view sql) {
  if (sql.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    return make_error(ErrorCode::kStorage, "sqlite: statement too long");
  }
  sqlite3_stmt* raw = nullptr;
  // PERSISTENT: these statements live as long as the connection; SQLite then allocates them
  // where long-lived memory does not fragment its lookaside pool.
  int const rc = sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
  SqliteStatement stmt(raw);
  if (rc != SQLITE_OK) return sqlite_error(db_.get(), "prepare " + std::string(sql));
  if (raw == nullptr) return make_error(ErrorCode::kStorage, "sqlite: empty statement");
  return stmt;
}

Result<std::int64_t> SqliteConnection::query_int64(char const* sql) {
  auto stmt = prepare(sql);
  if (stmt.has_error()) return stmt.error();
  auto row = stmt.value().step(sql);
  if (row.has_error()) return row.error();
  if (!row.value()) return make_error(ErrorCode::kStorage, std::string("sqlite: no result from ") + sql);
  return stmt.value().column_int64(0);
}

Result<std::string> SqliteConnection::query_text(char const* sql) {
  auto stmt = prepare(sql);
  if (stmt.has_error()) return stmt.error();
  auto row = stmt.value().step(sql);
  if (row.has_error()) return row.error();
  if (!row.value()) return make_error(ErrorCode::kStorage, std::string("sqlite: no result from ") + sql);
  return std::string(stmt.value().column_text(0));
}

Result<SqliteTransaction> SqliteTransaction::begin(SqliteConnection& conn, Mode mode) {
  SqliteStatement& stmt = mode == Mode::kImmediate ? conn.begin_immediate() : conn.begin_deferred();
  StatementScope scope(stmt);
  if (auto s = stmt.run("begin transaction"); s.has_error()) return s.error();
  return SqliteTransaction(conn);
}

Status SqliteTransaction::commit() {
  if (conn_ == nullptr) return make_error(ErrorCode::kInternal, "sqlite: commit of a finished transaction");
  Status status;
  {
    StatementScope scope(conn_->commit());
    status = conn_->commit().run("commit");
  }
  // A failed COMMIT may leave the transaction open (e.g. SQLITE_BUSY); never leave it so.
  if (status.has_error()) rollback();
  conn_ = nullptr;
  return status;
}

SqliteTransaction::~SqliteTransaction() { rollback(); }

void SqliteTransaction::rollback() noexcept {
  if (conn_ == nullptr) return;
  if (conn_->in_transaction()) {
    StatementScope scope(conn_->rollback());
    (void)conn_->rollback().run("rollback");
  }
  conn_ = nullptr;
}

}  // namespace cc::store
