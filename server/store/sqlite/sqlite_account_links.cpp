// Share links: a kept token that makes anyone who has it a viewer or editor, until revoked.
#include "store/activity_detail.hpp"
#include "store/sqlite/sqlite_account_store_impl.hpp"

#include <algorithm>

namespace cc::store::sqlite_account {

namespace {

// ON CONFLICT DO NOTHING covers the id and the unique token: no row means taken.
constexpr char const* kInsertLink =
    "INSERT INTO links (id, board, role, token, created_by, created_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
    "ON CONFLICT DO NOTHING";
constexpr char const* kListLinks =
    "SELECT id, board, role, token, created_by, created_ms FROM links WHERE board = ?1 "
    "ORDER BY created_ms, id";
constexpr char const* kSelectLinkRole = "SELECT role FROM links WHERE id = ?1 AND board = ?2";
// Served by the partial index members_link. Owners are never among them: a link grants
// viewer or editor, and a role set by an owner or an invitation clears the link.
constexpr char const* kRemoveLinkMembers =
    "DELETE FROM members WHERE link = ?1 AND board = ?2 RETURNING user";
constexpr char const* kDeleteLink = "DELETE FROM links WHERE id = ?1";
constexpr char const* kSelectByToken =
    "SELECT l.id, l.board, l.role, b.id IS NOT NULL AND b.deleted_ms IS NULL "
    "FROM links l LEFT JOIN boards b ON b.id = l.board WHERE l.token = ?1";
// Only reached when the link raises the member's role (or adds them): the role then depends on
// the link, and revoking the link takes it away.
constexpr char const* kJoinByLink =
    "INSERT INTO members (board, user, role, link, added_ms) VALUES (?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT (board, user) DO UPDATE SET role = excluded.role, link = excluded.link";

}  // namespace

Status SqliteAccountStore::create_link(ShareLink const& link, std::int64_t now_ms) {
  if (link.role == model::Role::kOwner) {
    return make_error(ErrorCode::kInvalidMessage, "a share link grants viewer or editor, never owner");
  }
  std::lock_guard lock(writer_mutex_);
  auto txn = SqliteTransaction::begin(writer_.conn(), SqliteTransaction::Mode::kImmediate);
  if (txn.has_error()) return txn.error();

  auto live = board_is_live(writer_, link.board);
  if (live.has_error()) return live.error();
  if (!live.value()) return not_found("no board " + link.board);
  {
    auto q = writer_.bind(kInsertLink, link.id, link.board, role_to_db(link.role), link.token,
                          link.created_by, link.created_ms);
    if (q.has_error()) return q.error();
    if (auto s = q.value()->run("create share link"); s.has_error()) return s;
    if (writer_.conn().changes() == 0) return conflict("share link " + link.id + " already exists");
  }
  if (auto s = log_activity(writer_, link.board, link.created_by, activity::kLinkCreated,
                            activity::link_detail(link.role), now_ms);
      s.has_error()) {
    return s;
  }
  return txn.value().commit();
}

Result<std::vector<ShareLink>> SqliteAccountStore::list_links(std::string_view board) {
  std::lock_guard lock(reader_mutex_);
  auto q = reader_.bind(kListLinks, board);
  if (q.has_error()) return q.error();
  std::vector<ShareLink> links;
  for (;;) {
    auto row = q.value()->step("list share links");
    if (row.has_error()) return row.error();
    if (!row.value()) break;
    auto role = role_from_db(q.value()->column_int64(2));
    if (role.has_error()) return role.error();
    links.push_back(ShareLink{
        std::string(q.value()->column_text(0)),
        std::string(q.value()->column_text(1)),
        role.value(),
        std::string(q.value()->column_text(3)),
        std::string(q.value()->column_text(4)),
        q.value()->column_int64(5),
    });
  }
  return links;
}

Result<std::vector<std::string>> SqliteAccountStore::revoke_link(std::string_view board,
                                                                 std::string_view link,
                                                                 std::string_view actor,
                                                                 std::int64_t now_ms) {
  std::lock_guard lock(writer_mutex_);
  auto txn = SqliteTransaction::begin(writer_.conn(), SqliteTransaction::Mode::kImmediate);
  if (txn.has_error()) return txn.error();

  model::Role link_role = model::Role::kViewer;
  {
    auto q = writer_.bind(kSelectLinkRole, link, board);
    if (q.has_error()) return q.error();
    auto row = q.value()->step("find share link");
    if (row.has_error()) return row.error();
    if (!row.value())
      return not_found("no share link " + std::string(link) + " on board " + std::string(board));
    auto role = role_from_db(q.value()->column_int64(0));
    if (role.has_error()) return role.error();
    link_role = role.value();
  }
  std::vector<std::string> removed;
  {
    auto q = writer_.bind(kRemoveLinkMembers, link, board);
    if (q.has_error()) return q.error();
    for (;;) {
      auto row = q.value()->step("remove link members");
      if (row.has_error()) return row.error();
      if (!row.value()) break;
      removed.emplace_back(q.value()->column_text(0));
    }
  }
  std::sort(removed.begin(), removed.end());  // RETURNING order is unspecified
  {
    auto q = writer_.bind(kDeleteLink, link);
    if (q.has_error()) return q.error();
    if (auto s = q.value()->run("delete share link"); s.has_error()) return s.error();
  }
  if (auto s = log_activity(writer_, board, actor, activity::kLinkRevoked, activity::link_detail(link_role),
                            now_ms);
      s.has_error()) {
    return s.error();
  }
  if (auto s = txn.value().commit(); s.has_error()) return s.error();
  return removed;
}

Result<Joined> SqliteAccountStore::accept_link(std::string_view token, std::string_view user,
                                               std::int64_t now_ms) {
  std::lock_guard lock(writer_mutex_);
  auto txn = SqliteTransaction::begin(writer_.conn(), SqliteTransaction::Mode::kImmediate);
  if (txn.has_error()) return txn.error();

  std::string link;
  Joined joined;
  {
    auto q = writer_.bind(kSelectByToken, token);
    if (q.has_error()) return q.error();
    auto row = q.value()->step("find share link");
    if (row.has_error()) return row.error();
    if (!row.value() || q.value()->column_int64(3) == 0) return not_found("no such share link");
    auto role = role_from_db(q.value()->column_int64(2));
    if (role.has_error()) return role.error();
    link = q.value()->column_text(0);
    joined.board = q.value()->column_text(1);
    joined.role = role.value();
  }
  auto current = member_role(writer_, joined.board, user);
  if (current.has_error()) return current.error();
  if (current.value().has_value() && *current.value() >= joined.role) {
    // Already as much as the link gives: nothing changes, nothing is logged.
    joined.role = *current.value();
    if (auto s = txn.value().commit(); s.has_error()) return s.error();
    return joined;
  }
  {
    auto q = writer_.bind(kJoinByLink, joined.board, user, role_to_db(joined.role), link, now_ms);
    if (q.has_error()) return q.error();
    if (auto s = q.value()->run("add member"); s.has_error()) return s.error();
  }
  if (auto s = log_activity(writer_, joined.board, user, activity::kMemberJoined,
                            activity::joined_detail(joined.role, activity::kViaLink), now_ms);
      s.has_error()) {
    return s.error();
  }
  if (auto s = txn.value().commit(); s.has_error()) return s.error();
  return joined;
}

}  // namespace cc::store::sqlite_account
