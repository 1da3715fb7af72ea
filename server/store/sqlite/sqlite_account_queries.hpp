// The SQL of the account store's hot and heavy reads, in a header of its own so that tests can
// check the query plans of the very statements the store runs (tests/unit/store).
#pragma once

#include "store/account_store.hpp"

#include <string>
#include <string_view>

namespace cc::store::sqlite_account {

// One seek each: the primary key, or the unique index on email.
inline constexpr char const* kSelectUserById =
    "SELECT id, email, name, password_hash, created_ms FROM users WHERE id = ?1";
inline constexpr char const* kSelectUserByEmail =
    "SELECT id, email, name, password_hash, created_ms FROM users WHERE email = ?1";
inline constexpr char const* kFamilyActive = "SELECT revoked_ms IS NULL FROM login_sessions WHERE id = ?1";

// Two primary key seeks: the membership, then the board's deleted_ms. CROSS JOIN fixes that
// order (SQLite never reorders it), so the plan never depends on the planner's estimates.
inline constexpr char const* kRoleOf =
    "SELECT m.role FROM members m CROSS JOIN boards b ON b.id = m.board "
    "WHERE m.board = ?1 AND m.user = ?2 AND (?3 OR b.deleted_ms IS NULL)";

// A board's columns as BoardMeta wants them, from a boards row aliased p. The owner is the
// earliest-added owner (ties by user id): a seek into the partial index members_owner, which
// holds owners alone in (board, added_ms, user) order.
inline constexpr std::string_view kBoardColumns =
    "p.id, p.name, p.description, p.seq, p.created_ms, p.updated_ms, p.deleted_ms, "
    "(SELECT o.user FROM members o WHERE o.board = p.id AND o.role = 3 "
    "ORDER BY o.added_ms, o.user LIMIT 1), "
    "(SELECT u.name FROM members o JOIN users u ON u.id = o.user WHERE o.board = p.id AND o.role = 3 "
    "ORDER BY o.added_ms, o.user LIMIT 1)";
inline constexpr int kBoardColumnCount = 9;

// The dashboard query for one combination of the query's options (count: its total instead).
// Parameters: ?1 user, ?2 LIKE pattern (like_pattern), and for the page ?3 limit, ?4 offset.
std::string list_boards_sql(BoardQuery const& query, bool count);

// The search text as a LIKE pattern (ESCAPE '\') matching it anywhere in the name.
std::string like_pattern(std::string_view search);

}  // namespace cc::store::sqlite_account
