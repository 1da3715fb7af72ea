// Changing boards: create, rename or describe, delete, restore, and purge for good.
#include "store/activity_detail.hpp"
#include "store/sqlite/sqlite_account_store_impl.hpp"

#include <array>

namespace cc::store::sqlite_account {

namespace {

constexpr char const* kInsertBoard =
    "INSERT INTO boards (id, name, description, created_ms, updated_ms, seq, deleted_ms) "
    "VALUES (?1, ?2, ?3, ?4, ?4, 0, NULL) ON CONFLICT (id) DO NOTHING";
constexpr char const* kAddOwner =
    "INSERT INTO members (board, user, role, link, added_ms) VALUES (?1, ?2, 3, NULL, ?3) "
    "ON CONFLICT (board, user) DO UPDATE SET role = 3, link = NULL";
constexpr char const* kSelectLiveBoardText =
    "SELECT name, description FROM boards WHERE id = ?1 AND deleted_ms IS NULL";
// max(): the journal writer stamps updated_ms with its own clock; a metadata change stamped a
// little earlier must not move the board back in the dashboard's order.
constexpr char const* kUpdateBoardText =
    "UPDATE boards SET name = ?2, description = ?3, updated_ms = max(updated_ms, ?4) WHERE id = ?1";
constexpr char const* kSoftDelete = "UPDATE boards SET deleted_ms = ?2 WHERE id = ?1 AND deleted_ms IS NULL";
constexpr char const* kSelectDeletedMs = "SELECT deleted_ms FROM boards WHERE id = ?1";
constexpr char const* kRestore = "UPDATE boards SET deleted_ms = NULL WHERE id = ?1";
// Served by the partial index boards_deleted, which holds deleted boards alone.
constexpr char const* kSelectPurgeable = "SELECT id FROM boards WHERE deleted_ms < ?1 ORDER BY id";
// Everything of a board, each an indexed range of its table; boards last.
constexpr std::array kPurgeBoard{
    "DELETE FROM snapshots WHERE board = ?1", "DELETE FROM journal WHERE board = ?1",
    "DELETE FROM members WHERE board = ?1",   "DELETE FROM invites WHERE board = ?1",
    "DELETE FROM links WHERE board = ?1",     "DELETE FROM activity WHERE board = ?1",
    "DELETE FROM boards WHERE id = ?1",
};

}  // namespace

Status SqliteAccountStore::create_board(BoardMeta const& board, std::string_view owner, std::int64_t now_ms) {
  std::lock_guard lock(writer_mutex_);
  auto txn = SqliteTransaction::begin(writer_.conn(), SqliteTransaction::Mode::kImmediate);
  if (txn.has_error()) return txn.error();
  {
    auto q = writer_.bind(kInsertBoard, board.id, board.name, board.description, now_ms);
    if (q.has_error()) return q.error();
    if (auto s = q.value()->run("create board"); s.has_error()) return s;
    if (writer_.conn().changes() == 0) return conflict("board " + board.id + " already exists");
  }
  {
    auto q = writer_.bind(kAddOwner, board.id, owner, now_ms);
    if (q.has_error()) return q.error();
    if (auto s = q.value()->run("add board owner"); s.has_error()) return s;
  }
  if (auto s = log_activity(writer_, board.id, owner, activity::kCreated, activity::no_detail(), now_ms);
      s.has_error()) {
    return s;
  }
  return txn.value().commit();
}

Status SqliteAccountStore::update_board(std::string_view board, std::optional<std::string> name,
                                        std::optional<std::string> description, std::string_view actor,
                                        std::int64_t now_ms) {
  std::lock_guard lock(writer_mutex_);
  auto txn = SqliteTransaction::begin(writer_.conn(), SqliteTransaction::Mode::kImmediate);
  if (txn.has_error()) return txn.error();

  std::string old_name;
  std::string old_description;
  {
    auto q = writer_.bind(kSelectLiveBoardText, board);
    if (q.has_error()) return q.error();
    auto row = q.value()->step("find board");
    if (row.has_error()) return row.error();
    if (!row.value()) return not_found("no board " + std::string(board));
    old_name = q.value()->column_text(0);
    old_description = q.value()->column_text(1);
  }
  // Only what actually changes is written and logged.
  bool const renamed = name.has_value() && *name != old_name;
  bool const described = description.has_value() && *description != old_description;
  if (!renamed && !described) return txn.value().commit();

  {
    std::string const& new_name = renamed ? *name : old_name;
    std::string const& new_description = described ? *description : old_description;
    auto q = writer_.bind(kUpdateBoardText, board, new_name, new_description, now_ms);
    if (q.has_error()) return q.error();
    if (auto s = q.value()->run("update board"); s.has_error()) return s;
  }
  if (renamed) {
    auto s = log_activity(writer_, board, actor, activity::kRenamed,
                          activity::renamed_detail(old_name, *name), now_ms);
    if (s.has_error()) return s;
  }
  if (described) {
    auto s = log_activity(writer_, board, actor, activity::kDescribed, activity::no_detail(), now_ms);
    if (s.has_error()) return s;
  }
  return txn.value().commit();
}

Status SqliteAccountStore::delete_board(std::string_view board, std::string_view actor, std::int64_t now_ms) {
  std::lock_guard lock(writer_mutex_);
  auto txn = SqliteTransaction::begin(writer_.conn(), SqliteTransaction::Mode::kImmediate);
  if (txn.has_error()) return txn.error();
  {
    auto q = writer_.bind(kSoftDelete, board, now_ms);
    if (q.has_error()) return q.error();
    if (auto s = q.value()->run("delete board"); s.has_error()) return s;
    if (writer_.conn().changes() == 0) return not_found("no board " + std::string(board));
  }
  if (auto s = log_activity(writer_, board, actor, activity::kDeleted, activity::no_detail(), now_ms);
      s.has_error()) {
    return s;
  }
  return txn.value().commit();
}

Status SqliteAccountStore::restore_board(std::string_view board, std::string_view actor, std::int64_t now_ms,
                                         std::int64_t not_before_ms) {
  std::lock_guard lock(writer_mutex_);
  auto txn = SqliteTransaction::begin(writer_.conn(), SqliteTransaction::Mode::kImmediate);
  if (txn.has_error()) return txn.error();
  {
    auto q = writer_.bind(kSelectDeletedMs, board);
    if (q.has_error()) return q.error();
    auto row = q.value()->step("find board");
    if (row.has_error()) return row.error();
    if (!row.value() || q.value()->column_is_null(0)) {
      return not_found("no deleted board " + std::string(board));
    }
    if (q.value()->column_int64(0) < not_before_ms) {
      return gone("board " + std::string(board) + " was deleted too long ago to restore");
    }
  }
  {
    auto q = writer_.bind(kRestore, board);
    if (q.has_error()) return q.error();
    if (auto s = q.value()->run("restore board"); s.has_error()) return s;
  }
  if (auto s = log_activity(writer_, board, actor, activity::kRestored, activity::no_detail(), now_ms);
      s.has_error()) {
    return s;
  }
  return txn.value().commit();
}

Result<std::vector<std::string>> SqliteAccountStore::purge_deleted_boards(std::int64_t before_ms) {
  std::lock_guard lock(writer_mutex_);
  auto txn = SqliteTransaction::begin(writer_.conn(), SqliteTransaction::Mode::kImmediate);
  if (txn.has_error()) return txn.error();

  std::vector<std::string> boards;
  {
    auto q = writer_.bind(kSelectPurgeable, before_ms);
    if (q.has_error()) return q.error();
    for (;;) {
      auto row = q.value()->step("find deleted boards");
      if (row.has_error()) return row.error();
      if (!row.value()) break;
      boards.emplace_back(q.value()->column_text(0));
    }
  }
  for (auto const& board : boards) {
    for (char const* sql : kPurgeBoard) {
      auto q = writer_.bind(sql, board);
      if (q.has_error()) return q.error();
      if (auto s = q.value()->run("purge board"); s.has_error()) return s.error();
    }
  }
  if (auto s = txn.value().commit(); s.has_error()) return s.error();
  return boards;
}

}  // namespace cc::store::sqlite_account
