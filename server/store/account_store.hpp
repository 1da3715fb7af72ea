// The store of everything around the boards' content: accounts, login sessions, board
// metadata, members and roles, invitations, share links and each board's activity log.
// An interface beside BoardStore, so that every backend keeps both in one database and the
// SQLite, PostgreSQL and DynamoDB backends stay interchangeable; every backend passes
// tests/unit/store/account_store_contract.hpp.
//
// Conventions:
//  - Times are Unix epoch milliseconds, passed in by the caller (so tests control the clock).
//  - Ids (users, boards, invites, links, session families) are made by the caller.
//  - Secrets are never stored: refresh and invitation tokens arrive as hashes (hex SHA-256);
//    share link tokens are kept so an owner can copy the link again, and revoking the link
//    is the control.
//  - Every method that changes more than one row does so in one transaction: all or nothing.
//  - Errors: kConflict for a uniqueness or last-owner rule, kNotFound for a missing row,
//    kGone for an invitation used or expired, kStorage for the database failing.
//  - Activity events named in the comments are appended in the same transaction as the change.
//
// Thread-safety: every method may be called from any thread, also while the journal writer
// commits; implementations serialize as they need.
#pragma once

#include "base/error.hpp"
#include "model/role.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cc::store {

struct User {
  std::string id;
  std::string email;  // normalized (trimmed, lower case) by the caller; unique
  std::string name;
  std::string password_hash;  // an encoded Argon2id hash (libsodium crypto_pwhash_str)
  std::int64_t created_ms = 0;
};

// Someone as shown to others: no email, no hash.
struct UserRef {
  std::string id;
  std::string name;
};

// A login: one family of refresh tokens, each used once and replaced by the next.
struct RefreshToken {
  std::string token_hash;
  std::string family;
  std::string user;
  std::int64_t created_ms = 0;
  std::int64_t expires_ms = 0;
};

enum class RotateOutcome {
  kRotated,  // the old token was live: it is now used, and the new one issued
  kReused,   // the old token had been used before: its whole family is now revoked
  kInvalid,  // unknown, expired, or its family revoked: nothing changed
};

struct RotateResult {
  RotateOutcome outcome = RotateOutcome::kInvalid;
  std::string user;    // set unless kInvalid
  std::string family;  // set unless kInvalid
};

struct BoardMeta {
  std::string id;
  std::string name;
  std::string description;
  UserRef owner;  // the earliest-added owner, for display
  std::uint64_t seq = 0;
  std::int64_t created_ms = 0;
  std::int64_t updated_ms = 0;  // last change of content or metadata
  std::optional<std::int64_t> deleted_ms;
};

struct BoardListing {
  BoardMeta board;
  model::Role role = model::Role::kViewer;
};

enum class BoardSort { kName, kUpdated };

struct BoardQuery {
  std::string user;
  std::string search;  // case-insensitive substring of the name; empty for all
  BoardSort sort = BoardSort::kUpdated;
  bool descending = true;
  bool deleted = false;  // false: live boards; true: boards the user deleted as owner (trash)
  std::size_t offset = 0;
  std::size_t limit = 50;
};

struct BoardPage {
  std::vector<BoardListing> boards;
  std::size_t total = 0;  // how many match the query, all pages together
};

struct Member {
  UserRef user;
  std::string email;
  model::Role role = model::Role::kViewer;
  std::optional<std::string> link;  // the share link that granted it; nullopt if invited or owner
  std::int64_t added_ms = 0;
};

struct Invite {
  std::string id;
  std::string board;
  std::string email;
  model::Role role = model::Role::kViewer;
  std::string token_hash;
  std::string created_by;
  std::int64_t created_ms = 0;
  std::int64_t expires_ms = 0;
};

struct ShareLink {
  std::string id;
  std::string board;
  model::Role role = model::Role::kViewer;  // viewer or editor, never owner
  std::string token;
  std::string created_by;
  std::int64_t created_ms = 0;
};

// What accepting an invitation or a share link gave.
struct Joined {
  std::string board;
  model::Role role = model::Role::kViewer;  // the member's role now (never lowered by a join)
};

struct ActivityEvent {
  std::int64_t id = 0;  // ascending in time, per store
  std::string board;
  UserRef actor;
  std::string type;  // created, renamed, described, member_invited, member_joined, role_changed,
                     // member_removed, link_created, link_revoked, deleted, restored
  std::string detail_json = "{}";  // a JSON object, e.g. {"user":{"id":..,"name":..},"role":"editor"}
  std::int64_t at_ms = 0;
};

class AccountStore {
 public:
  virtual ~AccountStore() = default;
  AccountStore() = default;
  AccountStore(AccountStore const&) = delete;
  AccountStore& operator=(AccountStore const&) = delete;

  // ---- users ----
  // kConflict if the email is taken. When this is the first user of the store, every board
  // without an owner (made before accounts existed) becomes theirs, in the same transaction.
  virtual Status create_user(User const& user) = 0;
  virtual Result<std::optional<User>> find_user_by_email(std::string_view email) = 0;
  virtual Result<std::optional<User>> find_user(std::string_view id) = 0;

  // ---- login sessions ----
  virtual Status add_refresh_token(RefreshToken const& token) = 0;
  // Uses old_hash once and issues next (same family and user; next.family and next.user are
  // filled from the old token). See RotateOutcome. A token used at most reuse_grace_ms ago
  // is rotated again rather than counted as reused: two tabs that refresh with the same
  // cookie at once must not log each other out.
  virtual Result<RotateResult> rotate_refresh_token(std::string_view old_hash, RefreshToken next,
                                                    std::int64_t now_ms, std::int64_t reuse_grace_ms = 0) = 0;
  virtual Status revoke_family(std::string_view family, std::int64_t now_ms) = 0;
  virtual Status revoke_user_sessions(std::string_view user, std::int64_t now_ms) = 0;
  // False if the family was revoked or never existed: access tokens naming it are refused.
  virtual Result<bool> is_family_active(std::string_view family) = 0;

  // ---- boards ----
  // Creates the board row (kConflict if the id exists, deleted or not), makes owner its
  // owner, logs "created".
  virtual Status create_board(BoardMeta const& board, std::string_view owner, std::int64_t now_ms) = 0;
  // Deleted boards too (deleted_ms set); nullopt if no such board.
  virtual Result<std::optional<BoardMeta>> find_board(std::string_view board) = 0;
  // The user's role on a live board; nullopt if they have none or the board is deleted or
  // does not exist. With include_deleted, also on a deleted board (to restore it).
  virtual Result<std::optional<model::Role>> role_of(std::string_view board, std::string_view user,
                                                     bool include_deleted = false) = 0;
  virtual Result<BoardPage> list_boards(BoardQuery const& query) = 0;
  // Changes what is set; logs "renamed" (detail {"from","to"}) and/or "described".
  virtual Status update_board(std::string_view board, std::optional<std::string> name,
                              std::optional<std::string> description, std::string_view actor,
                              std::int64_t now_ms) = 0;
  // Soft delete; logs "deleted". kNotFound if no such live board.
  virtual Status delete_board(std::string_view board, std::string_view actor, std::int64_t now_ms) = 0;
  // Undoes a delete made at or after not_before_ms; logs "restored". kNotFound if the board is
  // not deleted, kGone if it was deleted before not_before_ms.
  virtual Status restore_board(std::string_view board, std::string_view actor, std::int64_t now_ms,
                               std::int64_t not_before_ms) = 0;
  // Erases boards deleted before before_ms for good: content, journal, members, invites,
  // links, activity. Returns their ids.
  virtual Result<std::vector<std::string>> purge_deleted_boards(std::int64_t before_ms) = 0;

  // ---- members ----
  virtual Result<std::vector<Member>> list_members(std::string_view board) = 0;
  // kNotFound if the user is not a member; kConflict if it would leave the board without an
  // owner. Logs "role_changed" (detail {"user","from","to"}). The member's link is cleared:
  // a role set by an owner no longer depends on the link.
  virtual Status set_member_role(std::string_view board, std::string_view user, model::Role role,
                                 std::string_view actor, std::int64_t now_ms) = 0;
  // kNotFound if not a member; kConflict if the last owner. Logs "member_removed".
  virtual Status remove_member(std::string_view board, std::string_view user, std::string_view actor,
                               std::int64_t now_ms) = 0;

  // ---- invitations ----
  // Logs "member_invited" (detail {"email","role"}).
  virtual Status create_invite(Invite const& invite, std::int64_t now_ms) = 0;
  // Pending (unused, unexpired at now_ms) invitations of the board.
  virtual Result<std::vector<Invite>> list_invites(std::string_view board, std::int64_t now_ms) = 0;
  // kNotFound if no such pending invitation of the board.
  virtual Status revoke_invite(std::string_view board, std::string_view invite) = 0;
  // Marks the invitation used and adds the user with its role (or keeps a higher role they
  // have); logs "member_joined". kNotFound if unknown or its board deleted, kGone if used or
  // expired.
  virtual Result<Joined> accept_invite(std::string_view token_hash, std::string_view user,
                                       std::int64_t now_ms) = 0;

  // ---- share links ----
  // Logs "link_created" (detail {"role"}).
  virtual Status create_link(ShareLink const& link, std::int64_t now_ms) = 0;
  virtual Result<std::vector<ShareLink>> list_links(std::string_view board) = 0;
  // Deletes the link and every membership it granted; logs "link_revoked". Returns the users
  // who lost access. kNotFound if no such link on the board.
  virtual Result<std::vector<std::string>> revoke_link(std::string_view board, std::string_view link,
                                                       std::string_view actor, std::int64_t now_ms) = 0;
  // Adds the user with the link's role, remembering the link, unless they already have that
  // role or a higher one; logs "member_joined" when added. kNotFound if the link is unknown or
  // its board deleted.
  virtual Result<Joined> accept_link(std::string_view token, std::string_view user, std::int64_t now_ms) = 0;

  // ---- activity ----
  // Newest first: at most limit events with id < before (0: from the newest).
  virtual Result<std::vector<ActivityEvent>> list_activity(std::string_view board, std::int64_t before,
                                                           std::size_t limit) = 0;
};

}  // namespace cc::store
