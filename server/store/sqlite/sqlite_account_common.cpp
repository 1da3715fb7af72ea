#include "store/sqlite/sqlite_account_store_impl.hpp"

#include <algorithm>
#include <limits>

namespace cc::store::sqlite_account {

namespace {

constexpr char const* kSelectUserRef = "SELECT name FROM users WHERE id = ?1";
constexpr char const* kBoardIsLive = "SELECT deleted_ms IS NULL FROM boards WHERE id = ?1";
constexpr char const* kMemberRole = "SELECT role FROM members WHERE board = ?1 AND user = ?2";
// Served by the partial index members_owner, which holds the owners alone.
constexpr char const* kOwnerCount = "SELECT count(*) FROM members WHERE board = ?1 AND role = 3";
constexpr char const* kInsertActivity =
    "INSERT INTO activity (board, actor, type, detail, at_ms) VALUES (?1, ?2, ?3, ?4, ?5)";

}  // namespace

Result<model::Role> role_from_db(std::int64_t value) {
  if (value >= static_cast<std::int64_t>(model::Role::kViewer) &&
      value <= static_cast<std::int64_t>(model::Role::kOwner)) {
    return static_cast<model::Role>(value);
  }
  return make_error(ErrorCode::kStorage, "sqlite: stored role " + std::to_string(value) + " is not a role");
}

std::int64_t clamp_to_db(std::size_t value) noexcept {
  return static_cast<std::int64_t>(
      std::min<std::size_t>(value, static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max())));
}

Error conflict(std::string message) { return make_error(ErrorCode::kConflict, std::move(message)); }
Error not_found(std::string message) { return make_error(ErrorCode::kNotFound, std::move(message)); }
Error gone(std::string message) { return make_error(ErrorCode::kGone, std::move(message)); }

Result<UserRef> user_ref(CachedConnection& db, std::string_view user) {
  auto q = db.bind(kSelectUserRef, user);
  if (q.has_error()) return q.error();
  auto row = q.value()->step("find user name");
  if (row.has_error()) return row.error();
  UserRef ref{std::string(user), {}};
  if (row.value()) ref.name = q.value()->column_text(0);
  return ref;
}

Result<bool> board_is_live(CachedConnection& db, std::string_view board) {
  auto q = db.bind(kBoardIsLive, board);
  if (q.has_error()) return q.error();
  auto row = q.value()->step("find board");
  if (row.has_error()) return row.error();
  return row.value() && q.value()->column_int64(0) != 0;
}

Result<std::optional<model::Role>> member_role(CachedConnection& db, std::string_view board,
                                               std::string_view user) {
  auto q = db.bind(kMemberRole, board, user);
  if (q.has_error()) return q.error();
  auto row = q.value()->step("find member");
  if (row.has_error()) return row.error();
  if (!row.value()) return std::optional<model::Role>();
  auto role = role_from_db(q.value()->column_int64(0));
  if (role.has_error()) return role.error();
  return std::optional<model::Role>(role.value());
}

Result<std::int64_t> owner_count(CachedConnection& db, std::string_view board) {
  auto q = db.bind(kOwnerCount, board);
  if (q.has_error()) return q.error();
  auto row = q.value()->step("count owners");
  if (row.has_error()) return row.error();
  return row.value() ? q.value()->column_int64(0) : 0;
}

Status log_activity(CachedConnection& db, std::string_view board, std::string_view actor,
                    std::string_view type, std::string const& detail_json, std::int64_t at_ms) {
  auto q = db.bind(kInsertActivity, board, actor, type, detail_json, at_ms);
  if (q.has_error()) return q.error();
  return q.value()->run("log activity");
}

}  // namespace cc::store::sqlite_account
