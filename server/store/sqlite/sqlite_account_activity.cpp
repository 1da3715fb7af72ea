// Reading a board's activity log. Events are appended by the changes they describe, in the
// same transaction (log_activity in sqlite_account_common.cpp).
#include "store/sqlite/sqlite_account_store_impl.hpp"

#include <limits>

namespace cc::store::sqlite_account {

namespace {

// Walks the index activity_board (board, id) backwards from `before`: a page costs its own
// rows, however long the log.
constexpr char const* kListActivity =
    "SELECT a.id, a.actor, u.name, a.type, a.detail, a.at_ms FROM activity a "
    "LEFT JOIN users u ON u.id = a.actor "
    "WHERE a.board = ?1 AND a.id < ?2 ORDER BY a.id DESC LIMIT ?3";

}  // namespace

Result<std::vector<ActivityEvent>> SqliteAccountStore::list_activity(std::string_view board,
                                                                     std::int64_t before, std::size_t limit) {
  std::vector<ActivityEvent> events;
  if (limit == 0) return events;
  std::int64_t const upper = before > 0 ? before : std::numeric_limits<std::int64_t>::max();

  std::lock_guard lock(reader_mutex_);
  auto q = reader_.bind(kListActivity, board, upper, clamp_to_db(limit));
  if (q.has_error()) return q.error();
  for (;;) {
    auto row = q.value()->step("list activity");
    if (row.has_error()) return row.error();
    if (!row.value()) break;
    ActivityEvent& e = events.emplace_back();
    e.id = q.value()->column_int64(0);
    e.board = board;
    e.actor.id = q.value()->column_text(1);
    e.actor.name = q.value()->column_text(2);
    e.type = q.value()->column_text(3);
    e.detail_json = q.value()->column_text(4);
    e.at_ms = q.value()->column_int64(5);
  }
  return events;
}

}  // namespace cc::store::sqlite_account
