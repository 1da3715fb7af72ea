// Users and login sessions (refresh token families).
#include "store/sqlite/sqlite_account_queries.hpp"
#include "store/sqlite/sqlite_account_store_impl.hpp"

namespace cc::store::sqlite_account {

namespace {

// ON CONFLICT DO NOTHING covers both the id and the unique email: no row means taken.
constexpr char const* kInsertUser =
    "INSERT INTO users (id, email, name, password_hash, created_ms) VALUES (?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT DO NOTHING";
constexpr char const* kAnyUser = "SELECT EXISTS (SELECT 1 FROM users)";
// Boards with no member at all are the ones made before accounts existed (or written by the
// journal alone); members' primary key makes each check one seek.
constexpr char const* kClaimOwnerlessBoards =
    "INSERT INTO members (board, user, role, link, added_ms) "
    "SELECT b.id, ?1, 3, NULL, ?2 FROM boards b "
    "WHERE NOT EXISTS (SELECT 1 FROM members m WHERE m.board = b.id)";

constexpr char const* kInsertFamily =
    "INSERT INTO login_sessions (id, user, created_ms, revoked_ms) VALUES (?1, ?2, ?3, NULL) "
    "ON CONFLICT (id) DO NOTHING";
constexpr char const* kSelectFamilyUser = "SELECT user FROM login_sessions WHERE id = ?1";
constexpr char const* kInsertToken =
    "INSERT INTO refresh_tokens (token_hash, family, user, created_ms, expires_ms, used_ms) "
    "VALUES (?1, ?2, ?3, ?4, ?5, NULL) ON CONFLICT DO NOTHING";
constexpr char const* kSelectTokenForRotation =
    "SELECT t.family, t.user, t.expires_ms, t.used_ms IS NOT NULL, f.revoked_ms IS NOT NULL, "
    "COALESCE(t.used_ms, 0) "
    "FROM refresh_tokens t JOIN login_sessions f ON f.id = t.family WHERE t.token_hash = ?1";
constexpr char const* kMarkTokenUsed = "UPDATE refresh_tokens SET used_ms = ?2 WHERE token_hash = ?1";
// An expired token answers kInvalid whether its row is there or not, so rows past their
// expiry are dropped as the family rotates: a family keeps at most its tokens of the last
// refresh lifetime, not one row per refresh forever.
constexpr char const* kDropExpiredTokens =
    "DELETE FROM refresh_tokens WHERE family = ?1 AND expires_ms <= ?2";
constexpr char const* kRevokeFamily =
    "UPDATE login_sessions SET revoked_ms = ?2 WHERE id = ?1 AND revoked_ms IS NULL";
constexpr char const* kRevokeUserFamilies =
    "UPDATE login_sessions SET revoked_ms = ?2 WHERE user = ?1 AND revoked_ms IS NULL";

Result<std::optional<User>> read_user(BoundStatement const& q) {
  auto row = q->step("find user");
  if (row.has_error()) return row.error();
  if (!row.value()) return std::optional<User>();
  return std::optional<User>(User{
      std::string(q->column_text(0)),
      std::string(q->column_text(1)),
      std::string(q->column_text(2)),
      std::string(q->column_text(3)),
      q->column_int64(4),
  });
}

}  // namespace

Status SqliteAccountStore::create_user(User const& user) {
  std::lock_guard lock(writer_mutex_);
  auto txn = SqliteTransaction::begin(writer_.conn(), SqliteTransaction::Mode::kImmediate);
  if (txn.has_error()) return txn.error();

  bool first = false;
  {
    auto q = writer_.bind(kAnyUser);
    if (q.has_error()) return q.error();
    auto row = q.value()->step("count users");
    if (row.has_error()) return row.error();
    first = row.value() && q.value()->column_int64(0) == 0;
  }
  {
    auto q = writer_.bind(kInsertUser, user.id, user.email, user.name, user.password_hash, user.created_ms);
    if (q.has_error()) return q.error();
    if (auto s = q.value()->run("create user"); s.has_error()) return s;
    if (writer_.conn().changes() == 0)
      return conflict("a user with this email (or id) exists: " + user.email);
  }
  if (first) {
    auto q = writer_.bind(kClaimOwnerlessBoards, user.id, user.created_ms);
    if (q.has_error()) return q.error();
    if (auto s = q.value()->run("claim ownerless boards"); s.has_error()) return s;
  }
  return txn.value().commit();
}

Result<std::optional<User>> SqliteAccountStore::find_user(std::string_view id) {
  std::lock_guard lock(reader_mutex_);
  auto q = reader_.bind(kSelectUserById, id);
  if (q.has_error()) return q.error();
  return read_user(q.value());
}

Result<std::optional<User>> SqliteAccountStore::find_user_by_email(std::string_view email) {
  std::lock_guard lock(reader_mutex_);
  auto q = reader_.bind(kSelectUserByEmail, email);
  if (q.has_error()) return q.error();
  return read_user(q.value());
}

Status SqliteAccountStore::add_refresh_token(RefreshToken const& token) {
  std::lock_guard lock(writer_mutex_);
  auto txn = SqliteTransaction::begin(writer_.conn(), SqliteTransaction::Mode::kImmediate);
  if (txn.has_error()) return txn.error();
  {
    // The first token of a family starts it.
    auto q = writer_.bind(kInsertFamily, token.family, token.user, token.created_ms);
    if (q.has_error()) return q.error();
    if (auto s = q.value()->run("start login session"); s.has_error()) return s;
  }
  {
    auto q = writer_.bind(kSelectFamilyUser, token.family);
    if (q.has_error()) return q.error();
    auto row = q.value()->step("find login session");
    if (row.has_error()) return row.error();
    if (!row.value() || q.value()->column_text(0) != token.user) {
      return conflict("login session " + token.family + " belongs to another user");
    }
  }
  {
    auto q = writer_.bind(kInsertToken, token.token_hash, token.family, token.user, token.created_ms,
                          token.expires_ms);
    if (q.has_error()) return q.error();
    if (auto s = q.value()->run("add refresh token"); s.has_error()) return s;
    if (writer_.conn().changes() == 0) return conflict("refresh token already exists");
  }
  return txn.value().commit();
}

Result<RotateResult> SqliteAccountStore::rotate_refresh_token(std::string_view old_hash, RefreshToken next,
                                                              std::int64_t now_ms,
                                                              std::int64_t reuse_grace_ms) {
  std::lock_guard lock(writer_mutex_);
  auto txn = SqliteTransaction::begin(writer_.conn(), SqliteTransaction::Mode::kImmediate);
  if (txn.has_error()) return txn.error();

  RotateResult result;
  bool used = false;
  bool within_grace = false;
  {
    auto q = writer_.bind(kSelectTokenForRotation, old_hash);
    if (q.has_error()) return q.error();
    auto row = q.value()->step("find refresh token");
    if (row.has_error()) return row.error();
    // Unknown, expired (checked before reuse: an expired token is dead either way, and its
    // row may already be gone), or of a revoked family: nothing to change.
    if (!row.value() || q.value()->column_int64(2) <= now_ms || q.value()->column_int64(4) != 0) {
      return result;
    }
    result.family = q.value()->column_text(0);
    result.user = q.value()->column_text(1);
    used = q.value()->column_int64(3) != 0;
    within_grace = used && now_ms - q.value()->column_int64(5) <= reuse_grace_ms;
  }

  if (used && !within_grace) {
    // A used token presented again: one of its two holders is not the user. Ending the
    // family logs both out; the user logs in again, the copy is worthless.
    auto q = writer_.bind(kRevokeFamily, result.family, now_ms);
    if (q.has_error()) return q.error();
    if (auto s = q.value()->run("revoke login session"); s.has_error()) return s.error();
    result.outcome = RotateOutcome::kReused;
  } else {
    next.family = result.family;
    next.user = result.user;
    if (!used) {  // a rotation within the grace keeps the first use's time: the grace does not slide
      auto q = writer_.bind(kMarkTokenUsed, old_hash, now_ms);
      if (q.has_error()) return q.error();
      if (auto s = q.value()->run("use refresh token"); s.has_error()) return s.error();
    }
    {
      auto q = writer_.bind(kInsertToken, next.token_hash, next.family, next.user, next.created_ms,
                            next.expires_ms);
      if (q.has_error()) return q.error();
      if (auto s = q.value()->run("add refresh token"); s.has_error()) return s.error();
      if (writer_.conn().changes() == 0) return conflict("refresh token already exists");
    }
    {
      auto q = writer_.bind(kDropExpiredTokens, result.family, now_ms);
      if (q.has_error()) return q.error();
      if (auto s = q.value()->run("drop expired refresh tokens"); s.has_error()) return s.error();
    }
    result.outcome = RotateOutcome::kRotated;
  }
  if (auto s = txn.value().commit(); s.has_error()) return s.error();
  return result;
}

Status SqliteAccountStore::revoke_family(std::string_view family, std::int64_t now_ms) {
  std::lock_guard lock(writer_mutex_);
  // One statement, its own transaction. Revoking an unknown or revoked family is not an
  // error: logging out twice is still logged out.
  auto q = writer_.bind(kRevokeFamily, family, now_ms);
  if (q.has_error()) return q.error();
  return q.value()->run("revoke login session");
}

Status SqliteAccountStore::revoke_user_sessions(std::string_view user, std::int64_t now_ms) {
  std::lock_guard lock(writer_mutex_);
  auto q = writer_.bind(kRevokeUserFamilies, user, now_ms);
  if (q.has_error()) return q.error();
  return q.value()->run("revoke login sessions");
}

Result<bool> SqliteAccountStore::is_family_active(std::string_view family) {
  std::lock_guard lock(reader_mutex_);
  auto q = reader_.bind(kFamilyActive, family);
  if (q.has_error()) return q.error();
  auto row = q.value()->step("find login session");
  if (row.has_error()) return row.error();
  return row.value() && q.value()->column_int64(0) != 0;
}

}  // namespace cc::store::sqlite_account
