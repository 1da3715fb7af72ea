// The SQLite AccountStore, declared for the files that implement it, one area each:
// sqlite_account_store.cpp (opening), sqlite_account_users.cpp (users, login sessions),
// sqlite_account_board_reads.cpp (a board, a role, the dashboard), sqlite_account_board_writes.cpp
// (create, rename, delete, restore, purge), sqlite_account_members.cpp, sqlite_account_invites.cpp,
// sqlite_account_links.cpp, sqlite_account_activity.cpp, and sqlite_account_common.cpp for the
// helpers below. The SQL of the hot reads is in sqlite_account_queries.hpp.
//
// Two connections to the database file the board store uses. Every change goes through the
// writer; all but single-statement ones run in a BEGIN IMMEDIATE transaction, which takes the
// file's write lock up front, so what a method reads to decide (a role, an owner count, an
// invitation's state) cannot change before it writes. Reads go through the reader: in WAL mode they see the
// last commit and never wait for a writer, so role_of and find_user, asked on every request, are not held up
// while an account change waits for the journal writer's commit. Each connection has its own mutex.
#pragma once

#include "model/role.hpp"
#include "store/account_store.hpp"
#include "store/sqlite/sqlite_statement_cache.hpp"

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cc::store::sqlite_account {

class SqliteAccountStore final : public AccountStore {
 public:
  SqliteAccountStore(CachedConnection writer, CachedConnection reader) noexcept;

  Status create_user(User const& user) override;
  Result<std::optional<User>> find_user_by_email(std::string_view email) override;
  Result<std::optional<User>> find_user(std::string_view id) override;

  Status add_refresh_token(RefreshToken const& token) override;
  Result<RotateResult> rotate_refresh_token(std::string_view old_hash, RefreshToken next, std::int64_t now_ms,
                                            std::int64_t reuse_grace_ms) override;
  Status revoke_family(std::string_view family, std::int64_t now_ms) override;
  Status revoke_user_sessions(std::string_view user, std::int64_t now_ms) override;
  Result<bool> is_family_active(std::string_view family) override;

  Status create_board(BoardMeta const& board, std::string_view owner, std::int64_t now_ms) override;
  Result<std::optional<BoardMeta>> find_board(std::string_view board) override;
  Result<std::optional<model::Role>> role_of(std::string_view board, std::string_view user,
                                             bool include_deleted) override;
  Result<BoardPage> list_boards(BoardQuery const& query) override;
  Status update_board(std::string_view board, std::optional<std::string> name,
                      std::optional<std::string> description, std::string_view actor,
                      std::int64_t now_ms) override;
  Status delete_board(std::string_view board, std::string_view actor, std::int64_t now_ms) override;
  Status restore_board(std::string_view board, std::string_view actor, std::int64_t now_ms,
                       std::int64_t not_before_ms) override;
  Result<std::vector<std::string>> purge_deleted_boards(std::int64_t before_ms) override;

  Result<std::vector<Member>> list_members(std::string_view board) override;
  Status set_member_role(std::string_view board, std::string_view user, model::Role role,
                         std::string_view actor, std::int64_t now_ms) override;
  Status remove_member(std::string_view board, std::string_view user, std::string_view actor,
                       std::int64_t now_ms) override;

  Status create_invite(Invite const& invite, std::int64_t now_ms) override;
  Result<std::vector<Invite>> list_invites(std::string_view board, std::int64_t now_ms) override;
  Status revoke_invite(std::string_view board, std::string_view invite) override;
  Result<Joined> accept_invite(std::string_view token_hash, std::string_view user,
                               std::int64_t now_ms) override;

  Status create_link(ShareLink const& link, std::int64_t now_ms) override;
  Result<std::vector<ShareLink>> list_links(std::string_view board) override;
  Result<std::vector<std::string>> revoke_link(std::string_view board, std::string_view link,
                                               std::string_view actor, std::int64_t now_ms) override;
  Result<Joined> accept_link(std::string_view token, std::string_view user, std::int64_t now_ms) override;

  Result<std::vector<ActivityEvent>> list_activity(std::string_view board, std::int64_t before,
                                                   std::size_t limit) override;

 private:
  std::mutex writer_mutex_;
  CachedConnection writer_;  // GUARDED_BY(writer_mutex_)
  std::mutex reader_mutex_;
  CachedConnection reader_;  // GUARDED_BY(reader_mutex_)
};

// ---- helpers shared by the files above (sqlite_account_common.cpp) ----

// A role as stored (the integer value of model::Role); kStorage for anything else, which
// only a damaged file could hold.
Result<model::Role> role_from_db(std::int64_t value);
inline std::int64_t role_to_db(model::Role role) noexcept { return static_cast<std::int64_t>(role); }

// SQLite integers are signed 64-bit; a count or offset beyond that is clamped, not wrapped.
std::int64_t clamp_to_db(std::size_t value) noexcept;

// A kConflict, kNotFound or kGone error with a message naming what.
Error conflict(std::string message);
Error not_found(std::string message);
Error gone(std::string message);

// The following run on the writer inside the caller's transaction.

// The user's id and name; the name is empty if there is no such user (an id from a caller
// need not have an account row, e.g. in tests).
Result<UserRef> user_ref(CachedConnection& db, std::string_view user);
// Whether the board exists and is not deleted.
Result<bool> board_is_live(CachedConnection& db, std::string_view board);
// The user's role on the board, deleted or not; nullopt if not a member.
Result<std::optional<model::Role>> member_role(CachedConnection& db, std::string_view board,
                                               std::string_view user);
Result<std::int64_t> owner_count(CachedConnection& db, std::string_view board);
// Appends one event to the board's activity log.
Status log_activity(CachedConnection& db, std::string_view board, std::string_view actor,
                    std::string_view type, std::string const& detail_json, std::int64_t at_ms);

}  // namespace cc::store::sqlite_account
