// Reading boards: one board, a user's role on it, and the dashboard listing.
#include "store/sqlite/sqlite_account_queries.hpp"
#include "store/sqlite/sqlite_account_store_impl.hpp"

#include <algorithm>
#include <string>

namespace cc::store::sqlite_account {

namespace {

std::string const& find_board_sql() {
  static std::string const sql = "SELECT " + std::string(kBoardColumns) + " FROM boards p WHERE p.id = ?1";
  return sql;
}

BoardMeta read_board(SqliteStatement const& s) {
  BoardMeta board;
  board.id = s.column_text(0);
  board.name = s.column_text(1);
  board.description = s.column_text(2);
  board.seq = static_cast<std::uint64_t>(std::max<std::int64_t>(s.column_int64(3), 0));
  board.created_ms = s.column_int64(4);
  board.updated_ms = s.column_int64(5);
  if (!s.column_is_null(6)) board.deleted_ms = s.column_int64(6);
  board.owner.id = s.column_text(7);  // empty (NULL) for a board nobody owns yet
  board.owner.name = s.column_text(8);
  return board;
}

}  // namespace

// The dashboard query, for one combination of its options. Its text is put together from the
// constant pieces below only, never from the query's values, which are bound.
//
// The user's boards are one range of the covering index members_user (user, board, role); each
// is one primary key seek into boards for its name, times and deleted_ms. Sorting is in memory
// (temp_store = MEMORY): sorting by updated_ms from an index would need it in members, and
// every journal commit would then rewrite a members row per member of each board it touches.
// The inner query sorts and cuts the page; only the page's rows then look up their owner.
std::string list_boards_sql(BoardQuery const& query, bool count) {
  std::string_view const filter = query.deleted ? "b.deleted_ms IS NOT NULL AND m.role = 3"  // the trash
                                                : "b.deleted_ms IS NULL";
  std::string from = " FROM members m CROSS JOIN boards b ON b.id = m.board WHERE m.user = ?1 AND ";
  from += filter;
  // Without a search the pattern would match every name; not testing it saves a third of the
  // time per row. ?2 is then unused: the page's ?3 and ?4 keep their numbers.
  if (!query.search.empty()) from += " AND b.name LIKE ?2 ESCAPE '\\'";
  if (count) return "SELECT count(*)" + from;

  std::string_view const direction = query.descending ? " DESC" : " ASC";
  auto order = [&](std::string_view table) {
    std::string key = query.sort == BoardSort::kName ? std::string(table) + ".name COLLATE NOCASE"
                                                     : std::string(table) + ".updated_ms";
    return key + std::string(direction) + ", " + std::string(table) + ".id" + std::string(direction);
  };
  return "SELECT " + std::string(kBoardColumns) +
         ", p.role FROM (SELECT b.id, b.name, b.description, b.seq, b.created_ms, b.updated_ms, "
         "b.deleted_ms, m.role" +
         from + " ORDER BY " + order("b") + " LIMIT ?3 OFFSET ?4) p ORDER BY " + order("p");
}

// The search text as a LIKE pattern matching it anywhere: %, _ and the escape character itself
// are escaped so that they match only themselves.
std::string like_pattern(std::string_view search) {
  std::string pattern = "%";
  for (char c : search) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  pattern += '%';
  return pattern;
}

Result<std::optional<BoardMeta>> SqliteAccountStore::find_board(std::string_view board) {
  std::lock_guard lock(reader_mutex_);
  auto q = reader_.bind(find_board_sql(), board);
  if (q.has_error()) return q.error();
  auto row = q.value()->step("find board");
  if (row.has_error()) return row.error();
  if (!row.value()) return std::optional<BoardMeta>();
  return std::optional<BoardMeta>(read_board(*q.value()));
}

Result<std::optional<model::Role>> SqliteAccountStore::role_of(std::string_view board, std::string_view user,
                                                               bool include_deleted) {
  std::lock_guard lock(reader_mutex_);
  auto q = reader_.bind(kRoleOf, board, user, include_deleted);
  if (q.has_error()) return q.error();
  auto row = q.value()->step("find role");
  if (row.has_error()) return row.error();
  if (!row.value()) return std::optional<model::Role>();
  auto role = role_from_db(q.value()->column_int64(0));
  if (role.has_error()) return role.error();
  return std::optional<model::Role>(role.value());
}

Result<BoardPage> SqliteAccountStore::list_boards(BoardQuery const& query) {
  std::string const pattern = like_pattern(query.search);
  std::string const page_sql = list_boards_sql(query, false);
  std::int64_t const limit = clamp_to_db(query.limit);
  std::int64_t const offset = clamp_to_db(query.offset);

  std::lock_guard lock(reader_mutex_);
  // One read transaction: the total and the page come from the same committed state.
  auto txn = SqliteTransaction::begin(reader_.conn(), SqliteTransaction::Mode::kDeferred);
  if (txn.has_error()) return txn.error();

  BoardPage page;
  if (limit > 0) {
    auto q = reader_.bind(page_sql, query.user, pattern, limit, offset);
    if (q.has_error()) return q.error();
    for (;;) {
      auto row = q.value()->step("list boards");
      if (row.has_error()) return row.error();
      if (!row.value()) break;
      auto role = role_from_db(q.value()->column_int64(kBoardColumnCount));
      if (role.has_error()) return role.error();
      page.boards.push_back(BoardListing{read_board(*q.value()), role.value()});
    }
  }
  // A page that is not full ends the list, so it tells the total, unless it is empty because
  // the offset is past the end. Then the second pass over the user's boards is saved: the
  // common case, a user with fewer boards than a page.
  auto const rows = static_cast<std::int64_t>(page.boards.size());
  if (limit > 0 && rows < limit && (rows > 0 || offset == 0)) {
    page.total = query.offset + page.boards.size();
  } else {
    auto q = query.search.empty() ? reader_.bind(list_boards_sql(query, true), query.user)
                                  : reader_.bind(list_boards_sql(query, true), query.user, pattern);
    if (q.has_error()) return q.error();
    auto row = q.value()->step("count boards");
    if (row.has_error()) return row.error();
    page.total = row.value() ? static_cast<std::size_t>(q.value()->column_int64(0)) : 0;
  }
  if (auto s = txn.value().commit(); s.has_error()) return s.error();
  return page;
}

}  // namespace cc::store::sqlite_account
