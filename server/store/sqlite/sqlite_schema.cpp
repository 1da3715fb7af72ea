#include "store/sqlite/sqlite_schema.hpp"

#include <array>
#include <string>

namespace cc::store {

namespace {

struct Migration {
  std::int64_t version;
  char const* sql;
};

// Version 1.
//
// boards: one small row per board, updated by every commit that touches the board. The
// snapshot lives in its own table: SQLite rewrites (or at least re-reads) a whole row on
// update, and a snapshot can be megabytes, so keeping it in boards would make every journal
// commit pay for it.
//
// journal: a rowid table, so rows are appended at the right edge of its B-tree in commit
// order, plus a unique index on (board, seq) for loads, trimming, and to reject a sequence
// number written twice. Clustering the rows by (board, seq) instead (WITHOUT ROWID) was
// measured: equal with a few hundred boards per commit, but 3x slower with thousands, because
// each board's insert then dirties a different page of full rows; index entries are small, so
// far fewer pages are touched. No foreign key to boards: it would cost a lookup per inserted
// row, and append writes both in one transaction anyway.
constexpr char const* kSchemaV1 = R"sql(
CREATE TABLE boards (
  id         TEXT    NOT NULL PRIMARY KEY,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL,
  seq        INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE TABLE snapshots (
  board   TEXT    NOT NULL PRIMARY KEY REFERENCES boards (id) ON DELETE CASCADE,
  seq     INTEGER NOT NULL,
  objects TEXT    NOT NULL
);

CREATE TABLE journal (
  id       INTEGER PRIMARY KEY,
  board    TEXT    NOT NULL,
  seq      INTEGER NOT NULL,
  batch_id TEXT    NOT NULL,
  author   TEXT    NOT NULL,
  ops      TEXT    NOT NULL
);

CREATE UNIQUE INDEX journal_board_seq ON journal (board, seq);
)sql";

// Append only: a migration that has shipped is never edited; a change is a new migration.
constexpr std::array kMigrations{
    Migration{1, kSchemaV1},
};

static_assert(kMigrations.back().version == kSqliteSchemaVersion);

}  // namespace

Status migrate_sqlite_schema(SqliteConnection& conn) {
  // IMMEDIATE: two processes opening the same file at once cannot both migrate; the second
  // waits, then reads the version the first one wrote.
  auto txn = SqliteTransaction::begin(conn, SqliteTransaction::Mode::kImmediate);
  if (txn.has_error()) return txn.error();

  auto current = conn.query_int64("PRAGMA user_version");
  if (current.has_error()) return current.error();
  if (current.value() > kSqliteSchemaVersion) {
    return make_error(ErrorCode::kStorage, "database schema version " + std::to_string(current.value()) +
                                               " is newer than this server supports (" +
                                               std::to_string(kSqliteSchemaVersion) +
                                               "); upgrade the server");
  }
  if (current.value() == kSqliteSchemaVersion) return txn.value().commit();

  for (auto const& m : kMigrations) {
    if (m.version <= current.value()) continue;
    if (auto s = conn.exec(m.sql); s.has_error()) return s.error();
  }
  // PRAGMA takes no bound parameters; the value is our own constant, not client data.
  std::string const set_version = "PRAGMA user_version = " + std::to_string(kSqliteSchemaVersion);
  if (auto s = conn.exec(set_version.c_str()); s.has_error()) return s.error();
  return txn.value().commit();
}

}  // namespace cc::store
