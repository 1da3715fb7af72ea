// A connection with its prepared statements, each prepared on first use and kept for the life
// of the connection, so a store with many queries can keep each one's SQL next to the code
// that runs it and still never prepare the same text twice. Not thread-safe, like the
// connection it wraps.
#pragma once

#include "base/error.hpp"
#include "store/sqlite/sqlite_connection.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace cc::store {

// One use of a cached statement, reset (bindings cleared, locks released) when it goes out of
// scope, on every path.
class BoundStatement {
 public:
  explicit BoundStatement(SqliteStatement& stmt) noexcept : stmt_(&stmt) {}
  ~BoundStatement() {
    if (stmt_ != nullptr) stmt_->reset();
  }
  BoundStatement(BoundStatement&& other) noexcept : stmt_(std::exchange(other.stmt_, nullptr)) {}
  BoundStatement& operator=(BoundStatement&&) = delete;
  BoundStatement(BoundStatement const&) = delete;
  BoundStatement& operator=(BoundStatement const&) = delete;

  SqliteStatement* operator->() const noexcept { return stmt_; }
  SqliteStatement& operator*() const noexcept { return *stmt_; }

 private:
  SqliteStatement* stmt_;
};

namespace detail {

template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};

// What may be bound from a temporary: values copied by SQLite (integers, NULL) and views or
// literals whose storage lives elsewhere. A temporary std::string would die before the step.
template <class Arg>
constexpr bool kSafeToBind =
    std::is_lvalue_reference_v<Arg> || std::is_integral_v<std::remove_cvref_t<Arg>> ||
    std::is_same_v<std::remove_cvref_t<Arg>, std::string_view> ||
    std::is_same_v<std::remove_cvref_t<Arg>, std::nullopt_t> ||
    std::is_same_v<std::remove_cvref_t<Arg>, std::optional<std::string_view>> ||
    std::is_convertible_v<std::remove_cvref_t<Arg>, char const*>;

template <class T>
void bind_value(SqliteStatement& stmt, int index, T const& value) noexcept {
  if constexpr (std::is_same_v<T, std::nullopt_t>) {
    // Parameters left unbound are NULL (reset clears every binding).
  } else if constexpr (IsOptional<T>::value) {
    if (value.has_value()) bind_value(stmt, index, *value);
  } else if constexpr (std::is_integral_v<T>) {
    stmt.bind_int64(index, static_cast<std::int64_t>(value));
  } else {
    stmt.bind_text(index, std::string_view(value));
  }
}

}  // namespace detail

class CachedConnection {
 public:
  explicit CachedConnection(SqliteConnection conn) noexcept : conn_(std::move(conn)) {}

  SqliteConnection& conn() noexcept { return conn_; }

  // The statement for this SQL text, prepared now if it is the first use. The text must be
  // trusted (constants of the store, or put together from them), never client data.
  Result<SqliteStatement*> statement(std::string_view sql);

  // The statement with ?1, ?2, ... bound to args in order: integers as integers, text as text
  // (not copied: it must outlive the returned object), nullopt or an empty optional as NULL.
  template <class... Args>
  Result<BoundStatement> bind(std::string_view sql, Args&&... args) {
    static_assert((detail::kSafeToBind<Args> && ...),
                  "text is bound without copying: bind a string that outlives the statement");
    auto stmt = statement(sql);
    if (stmt.has_error()) return stmt.error();
    BoundStatement bound(*stmt.value());
    int index = 0;
    (detail::bind_value(*stmt.value(), ++index, args), ...);
    return bound;
  }

 private:
  // Declared first so it is destroyed last, after the statements that belong to it.
  SqliteConnection conn_;
  std::map<std::string, SqliteStatement, std::less<>> statements_;
};

}  // namespace cc::store
