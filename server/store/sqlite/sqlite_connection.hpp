// Thin RAII wrappers over the SQLite C API: a connection, a prepared statement, and a
// transaction that rolls back unless committed. Errors come back as kStorage values carrying
// SQLite's own message. Not thread-safe: the owner serialises use of a connection.
#pragma once

#include "base/error.hpp"

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace cc::store {

// SQLITE_STATIC is an old-style cast of 0 in sqlite3.h; a null destructor means the same thing:
// SQLite does not copy the buffer, which must stay valid until the statement is reset.
inline constexpr sqlite3_destructor_type kSqliteStatic = nullptr;

// A kStorage error naming what failed and SQLite's message for the connection's last error.
Error sqlite_error(sqlite3* db, std::string_view what);

class SqliteStatement {
 public:
  SqliteStatement() = default;
  explicit SqliteStatement(sqlite3_stmt* stmt) noexcept : stmt_(stmt) {}

  // Binds without copying (kSqliteStatic): the text must outlive the next reset(). A bind error
  // (only possible for absurd sizes) is kept and reported by the next step().
  void bind_text(int index, std::string_view text) noexcept;
  void bind_int64(int index, std::int64_t value) noexcept;

  // true: a row is available; false: done.
  Result<bool> step(std::string_view what);
  // Steps a statement that returns no rows.
  Status run(std::string_view what);
  // Makes the statement reusable, releases its locks and forgets its bindings, so no pointer to
  // a dead buffer stays behind.
  void reset() noexcept;

  std::int64_t column_int64(int index) const noexcept { return sqlite3_column_int64(stmt_.get(), index); }
  bool column_is_null(int index) const noexcept {
    return sqlite3_column_type(stmt_.get(), index) == SQLITE_NULL;
  }
  std::string_view column_text(int index) const noexcept;

 private:
  struct Finalizer {
    void operator()(sqlite3_stmt* stmt) const noexcept { sqlite3_finalize(stmt); }
  };
  std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
  int bind_error_ = SQLITE_OK;
};

// Resets a statement when leaving the scope that used it, on every path.
class StatementScope {
 public:
  explicit StatementScope(SqliteStatement& stmt) noexcept : stmt_(stmt) {}
  ~StatementScope() { stmt_.reset(); }
  StatementScope(StatementScope const&) = delete;
  StatementScope& operator=(StatementScope const&) = delete;

 private:
  SqliteStatement& stmt_;
};

class SqliteConnection {
 public:
  // Opens (creating if needed) the database file in multi-thread mode: SQLite's own per-call
  // mutex is skipped because the owner already serialises each connection.
  static Result<SqliteConnection> open(std::filesystem::path const& file);

  // Runs trusted SQL text (schema, pragmas). Never pass anything derived from client data.
  Status exec(char const* sql);
  // A statement kept for the life of the connection.
  Result<SqliteStatement> prepare(std::string_view sql);
  // The first column of the first row of trusted SQL, e.g. a pragma's value.
  Result<std::int64_t> query_int64(char const* sql);
  Result<std::string> query_text(char const* sql);

  // Cached statements for transaction control, used by SqliteTransaction.
  SqliteStatement& begin_deferred() noexcept { return begin_deferred_; }
  SqliteStatement& begin_immediate() noexcept { return begin_immediate_; }
  SqliteStatement& commit() noexcept { return commit_; }
  SqliteStatement& rollback() noexcept { return rollback_; }

  sqlite3* handle() const noexcept { return db_.get(); }
  bool in_transaction() const noexcept { return sqlite3_get_autocommit(db_.get()) == 0; }
  std::int64_t changes() const noexcept { return sqlite3_changes64(db_.get()); }

 private:
  struct Closer {
    // close_v2: any statement still alive (a bug) would keep the handle as a zombie rather
    // than leak or crash.
    void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
  };
  // Declared first so it is destroyed last, after the statements that belong to it.
  std::unique_ptr<sqlite3, Closer> db_;
  SqliteStatement begin_deferred_;
  SqliteStatement begin_immediate_;
  SqliteStatement commit_;
  SqliteStatement rollback_;
};

// BEGIN on construction (via begin()), ROLLBACK on destruction unless commit() succeeded.
class SqliteTransaction {
 public:
  enum class Mode {
    kDeferred,   // a consistent read snapshot; upgrades to a write lock on the first write
    kImmediate,  // takes the write lock now, waiting up to busy_timeout for another writer
  };

  static Result<SqliteTransaction> begin(SqliteConnection& conn, Mode mode);
  Status commit();
  ~SqliteTransaction();

  SqliteTransaction(SqliteTransaction&& other) noexcept : conn_(std::exchange(other.conn_, nullptr)) {}
  SqliteTransaction& operator=(SqliteTransaction&&) = delete;
  SqliteTransaction(SqliteTransaction const&) = delete;
  SqliteTransaction& operator=(SqliteTransaction const&) = delete;

 private:
  explicit SqliteTransaction(SqliteConnection& conn) noexcept : conn_(&conn) {}
  void rollback() noexcept;

  SqliteConnection* conn_;  // null once committed or rolled back
};

}  // namespace cc::store
