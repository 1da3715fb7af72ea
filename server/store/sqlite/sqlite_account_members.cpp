// A board's members: listing, changing a role, removing. A board always keeps an owner.
#include "store/activity_detail.hpp"
#include "store/sqlite/sqlite_account_store_impl.hpp"

namespace cc::store::sqlite_account {

namespace {

// A range of members' primary key; each member's account is one more seek.
constexpr char const* kListMembers =
    "SELECT m.user, u.name, u.email, m.role, m.link, m.added_ms FROM members m "
    "LEFT JOIN users u ON u.id = m.user WHERE m.board = ?1 ORDER BY m.added_ms, m.user";
// A role set by an owner no longer depends on the link that granted the old one.
constexpr char const* kSetRole = "UPDATE members SET role = ?3, link = NULL WHERE board = ?1 AND user = ?2";
constexpr char const* kRemoveMember = "DELETE FROM members WHERE board = ?1 AND user = ?2";

}  // namespace

Result<std::vector<Member>> SqliteAccountStore::list_members(std::string_view board) {
  std::lock_guard lock(reader_mutex_);
  auto q = reader_.bind(kListMembers, board);
  if (q.has_error()) return q.error();
  std::vector<Member> members;
  for (;;) {
    auto row = q.value()->step("list members");
    if (row.has_error()) return row.error();
    if (!row.value()) break;
    auto role = role_from_db(q.value()->column_int64(3));
    if (role.has_error()) return role.error();
    Member& m = members.emplace_back();
    m.user.id = q.value()->column_text(0);
    m.user.name = q.value()->column_text(1);
    m.email = q.value()->column_text(2);
    m.role = role.value();
    if (!q.value()->column_is_null(4)) m.link = std::string(q.value()->column_text(4));
    m.added_ms = q.value()->column_int64(5);
  }
  return members;
}

Status SqliteAccountStore::set_member_role(std::string_view board, std::string_view user, model::Role role,
                                           std::string_view actor, std::int64_t now_ms) {
  std::lock_guard lock(writer_mutex_);
  auto txn = SqliteTransaction::begin(writer_.conn(), SqliteTransaction::Mode::kImmediate);
  if (txn.has_error()) return txn.error();

  auto from = member_role(writer_, board, user);
  if (from.has_error()) return from.error();
  if (!from.value().has_value()) {
    return not_found(std::string(user) + " is not a member of board " + std::string(board));
  }
  if (*from.value() == model::Role::kOwner && role != model::Role::kOwner) {
    auto owners = owner_count(writer_, board);
    if (owners.has_error()) return owners.error();
    if (owners.value() <= 1) return conflict("board " + std::string(board) + " would have no owner");
  }
  {
    auto q = writer_.bind(kSetRole, board, user, role_to_db(role));
    if (q.has_error()) return q.error();
    if (auto s = q.value()->run("set member role"); s.has_error()) return s;
  }
  if (*from.value() != role) {
    auto ref = user_ref(writer_, user);
    if (ref.has_error()) return ref.error();
    auto s = log_activity(writer_, board, actor, activity::kRoleChanged,
                          activity::role_changed_detail(ref.value(), *from.value(), role), now_ms);
    if (s.has_error()) return s;
  }
  return txn.value().commit();
}

Status SqliteAccountStore::remove_member(std::string_view board, std::string_view user,
                                         std::string_view actor, std::int64_t now_ms) {
  std::lock_guard lock(writer_mutex_);
  auto txn = SqliteTransaction::begin(writer_.conn(), SqliteTransaction::Mode::kImmediate);
  if (txn.has_error()) return txn.error();

  auto role = member_role(writer_, board, user);
  if (role.has_error()) return role.error();
  if (!role.value().has_value()) {
    return not_found(std::string(user) + " is not a member of board " + std::string(board));
  }
  if (*role.value() == model::Role::kOwner) {
    auto owners = owner_count(writer_, board);
    if (owners.has_error()) return owners.error();
    if (owners.value() <= 1) return conflict("the last owner of board " + std::string(board) + " cannot go");
  }
  {
    auto q = writer_.bind(kRemoveMember, board, user);
    if (q.has_error()) return q.error();
    if (auto s = q.value()->run("remove member"); s.has_error()) return s;
  }
  auto ref = user_ref(writer_, user);
  if (ref.has_error()) return ref.error();
  if (auto s = log_activity(writer_, board, actor, activity::kMemberRemoved,
                            activity::removed_detail(ref.value()), now_ms);
      s.has_error()) {
    return s;
  }
  return txn.value().commit();
}

}  // namespace cc::store::sqlite_account
