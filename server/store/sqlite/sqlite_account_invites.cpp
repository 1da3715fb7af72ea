// Invitations: single-use tokens (stored as hashes) that make their bearer a member.
#include "store/activity_detail.hpp"
#include "store/sqlite/sqlite_account_store_impl.hpp"

namespace cc::store::sqlite_account {

namespace {

// ON CONFLICT DO NOTHING covers the id and the unique token hash: no row means taken.
constexpr char const* kInsertInvite =
    "INSERT INTO invites (id, board, email, role, token_hash, created_by, created_ms, expires_ms) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO NOTHING";
constexpr char const* kListPending =
    "SELECT id, board, email, role, token_hash, created_by, created_ms, expires_ms FROM invites "
    "WHERE board = ?1 AND used_ms IS NULL AND expires_ms > ?2 ORDER BY created_ms, id";
// Used invitations stay, so that the token answers "used" (kGone) rather than "unknown".
constexpr char const* kDeletePending = "DELETE FROM invites WHERE id = ?1 AND board = ?2 AND used_ms IS NULL";
constexpr char const* kSelectByToken =
    "SELECT i.board, i.role, i.expires_ms, i.used_ms IS NOT NULL, "
    "b.id IS NOT NULL AND b.deleted_ms IS NULL "
    "FROM invites i LEFT JOIN boards b ON b.id = i.board WHERE i.token_hash = ?1";
constexpr char const* kMarkUsed = "UPDATE invites SET used_ms = ?2, used_by = ?3 WHERE token_hash = ?1";
// Never lowers a role. An invitation is an owner's choice, so the membership no longer
// depends on a share link it may have come through before.
constexpr char const* kJoinByInvite =
    "INSERT INTO members (board, user, role, link, added_ms) VALUES (?1, ?2, ?3, NULL, ?4) "
    "ON CONFLICT (board, user) DO UPDATE SET role = max(role, excluded.role), link = NULL "
    "RETURNING role";

}  // namespace

Status SqliteAccountStore::create_invite(Invite const& invite, std::int64_t now_ms) {
  std::lock_guard lock(writer_mutex_);
  auto txn = SqliteTransaction::begin(writer_.conn(), SqliteTransaction::Mode::kImmediate);
  if (txn.has_error()) return txn.error();

  auto live = board_is_live(writer_, invite.board);
  if (live.has_error()) return live.error();
  if (!live.value()) return not_found("no board " + invite.board);
  {
    auto q = writer_.bind(kInsertInvite, invite.id, invite.board, invite.email, role_to_db(invite.role),
                          invite.token_hash, invite.created_by, invite.created_ms, invite.expires_ms);
    if (q.has_error()) return q.error();
    if (auto s = q.value()->run("create invitation"); s.has_error()) return s;
    if (writer_.conn().changes() == 0) return conflict("invitation " + invite.id + " already exists");
  }
  if (auto s = log_activity(writer_, invite.board, invite.created_by, activity::kMemberInvited,
                            activity::invited_detail(invite.email, invite.role), now_ms);
      s.has_error()) {
    return s;
  }
  return txn.value().commit();
}

Result<std::vector<Invite>> SqliteAccountStore::list_invites(std::string_view board, std::int64_t now_ms) {
  std::lock_guard lock(reader_mutex_);
  auto q = reader_.bind(kListPending, board, now_ms);
  if (q.has_error()) return q.error();
  std::vector<Invite> invites;
  for (;;) {
    auto row = q.value()->step("list invitations");
    if (row.has_error()) return row.error();
    if (!row.value()) break;
    auto role = role_from_db(q.value()->column_int64(3));
    if (role.has_error()) return role.error();
    invites.push_back(Invite{
        std::string(q.value()->column_text(0)),
        std::string(q.value()->column_text(1)),
        std::string(q.value()->column_text(2)),
        role.value(),
        std::string(q.value()->column_text(4)),
        std::string(q.value()->column_text(5)),
        q.value()->column_int64(6),
        q.value()->column_int64(7),
    });
  }
  return invites;
}

Status SqliteAccountStore::revoke_invite(std::string_view board, std::string_view invite) {
  std::lock_guard lock(writer_mutex_);
  auto q = writer_.bind(kDeletePending, invite, board);
  if (q.has_error()) return q.error();
  if (auto s = q.value()->run("revoke invitation"); s.has_error()) return s;
  if (writer_.conn().changes() == 0) {
    return not_found("no pending invitation " + std::string(invite) + " on board " + std::string(board));
  }
  return {};
}

Result<Joined> SqliteAccountStore::accept_invite(std::string_view token_hash, std::string_view user,
                                                 std::int64_t now_ms) {
  std::lock_guard lock(writer_mutex_);
  auto txn = SqliteTransaction::begin(writer_.conn(), SqliteTransaction::Mode::kImmediate);
  if (txn.has_error()) return txn.error();

  Joined joined;
  std::int64_t invited_role = 0;
  {
    auto q = writer_.bind(kSelectByToken, token_hash);
    if (q.has_error()) return q.error();
    auto row = q.value()->step("find invitation");
    if (row.has_error()) return row.error();
    if (!row.value() || q.value()->column_int64(4) == 0) return not_found("no such invitation");
    if (q.value()->column_int64(3) != 0) return gone("the invitation was used");
    if (q.value()->column_int64(2) <= now_ms) return gone("the invitation expired");
    joined.board = q.value()->column_text(0);
    invited_role = q.value()->column_int64(1);
  }
  {
    auto q = writer_.bind(kMarkUsed, token_hash, now_ms, user);
    if (q.has_error()) return q.error();
    if (auto s = q.value()->run("use invitation"); s.has_error()) return s.error();
  }
  {
    auto q = writer_.bind(kJoinByInvite, joined.board, user, invited_role, now_ms);
    if (q.has_error()) return q.error();
    auto row = q.value()->step("add member");
    if (row.has_error()) return row.error();
    if (!row.value()) return make_error(ErrorCode::kStorage, "sqlite: add member returned no role");
    auto role = role_from_db(q.value()->column_int64(0));
    if (role.has_error()) return role.error();
    joined.role = role.value();
  }
  if (auto s = log_activity(writer_, joined.board, user, activity::kMemberJoined,
                            activity::joined_detail(joined.role, activity::kViaInvite), now_ms);
      s.has_error()) {
    return s.error();
  }
  if (auto s = txn.value().commit(); s.has_error()) return s.error();
  return joined;
}

}  // namespace cc::store::sqlite_account
