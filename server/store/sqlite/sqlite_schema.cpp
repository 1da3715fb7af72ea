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

// Version 2: accounts, login sessions, board metadata, members, invitations, share links and
// the activity log (store/account_store.hpp).
//
// Roles are stored as the integer value of model::Role (1 viewer, 2 editor, 3 owner), so that
// "never lower a role" is max() and an owner is role = 3.
//
// boards gets its metadata as columns of the same small row: the dashboard reads name and
// updated_ms together, and the journal's per-commit upsert names only the columns it changes.
// Boards from version 1 are named after their id.
//
// members is clustered by (board, user): role checks and a board's member list are one range
// of its B-tree. members_user, by user and covering board and role, serves the dashboard: a
// user's boards are one range of it and never touch the rows of other users. members_owner,
// partial (owners only, so it stays tiny), finds a board's earliest owner and counts owners
// for the last-owner rule. members_link finds who joined through a link when it is revoked.
//
// No foreign keys between these tables: each insert would pay a lookup, every change is
// made by the store in one transaction anyway, and purge erases a board's rows explicitly.
//
// activity is a rowid table: ids ascend in commit order, and (board, id) pages one board's
// log newest first.
constexpr char const* kSchemaV2 = R"sql(
CREATE TABLE users (
  id            TEXT    NOT NULL PRIMARY KEY,
  email         TEXT    NOT NULL UNIQUE,
  name          TEXT    NOT NULL,
  password_hash TEXT    NOT NULL,
  created_ms    INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE login_sessions (
  id         TEXT    NOT NULL PRIMARY KEY,
  user       TEXT    NOT NULL,
  created_ms INTEGER NOT NULL,
  revoked_ms INTEGER
) WITHOUT ROWID;

CREATE INDEX login_sessions_user ON login_sessions (user);

CREATE TABLE refresh_tokens (
  token_hash TEXT    NOT NULL PRIMARY KEY,
  family     TEXT    NOT NULL,
  user       TEXT    NOT NULL,
  created_ms INTEGER NOT NULL,
  expires_ms INTEGER NOT NULL,
  used_ms    INTEGER
) WITHOUT ROWID;

CREATE INDEX refresh_tokens_family ON refresh_tokens (family, expires_ms);

ALTER TABLE boards ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE boards ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE boards ADD COLUMN deleted_ms INTEGER;
UPDATE boards SET name = id;

CREATE INDEX boards_deleted ON boards (deleted_ms) WHERE deleted_ms IS NOT NULL;

CREATE TABLE members (
  board    TEXT    NOT NULL,
  user     TEXT    NOT NULL,
  role     INTEGER NOT NULL CHECK (role BETWEEN 1 AND 3),
  link     TEXT,
  added_ms INTEGER NOT NULL,
  PRIMARY KEY (board, user)
) WITHOUT ROWID;

CREATE INDEX members_user ON members (user, board, role);
CREATE INDEX members_owner ON members (board, added_ms, user) WHERE role = 3;
CREATE INDEX members_link ON members (link) WHERE link IS NOT NULL;

CREATE TABLE invites (
  id         TEXT    NOT NULL PRIMARY KEY,
  board      TEXT    NOT NULL,
  email      TEXT    NOT NULL,
  role       INTEGER NOT NULL CHECK (role BETWEEN 1 AND 3),
  token_hash TEXT    NOT NULL UNIQUE,
  created_by TEXT    NOT NULL,
  created_ms INTEGER NOT NULL,
  expires_ms INTEGER NOT NULL,
  used_ms    INTEGER,
  used_by    TEXT
) WITHOUT ROWID;

CREATE INDEX invites_board ON invites (board);

CREATE TABLE links (
  id         TEXT    NOT NULL PRIMARY KEY,
  board      TEXT    NOT NULL,
  role       INTEGER NOT NULL CHECK (role BETWEEN 1 AND 2),
  token      TEXT    NOT NULL UNIQUE,
  created_by TEXT    NOT NULL,
  created_ms INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX links_board ON links (board);

CREATE TABLE activity (
  id     INTEGER PRIMARY KEY,
  board  TEXT    NOT NULL,
  actor  TEXT    NOT NULL,
  type   TEXT    NOT NULL,
  detail TEXT    NOT NULL,
  at_ms  INTEGER NOT NULL
);

CREATE INDEX activity_board ON activity (board, id);
)sql";

// Append only: a migration that has shipped is never edited; a change is a new migration.
constexpr std::array kMigrations{
    Migration{1, kSchemaV1},
    Migration{2, kSchemaV2},
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
