#include "store/sqlite/sqlite_statement_cache.hpp"

namespace cc::store {

Result<SqliteStatement*> CachedConnection::statement(std::string_view sql) {
  if (auto it = statements_.find(sql); it != statements_.end()) return &it->second;
  auto prepared = conn_.prepare(sql);
  if (prepared.has_error()) return prepared.error();
  // std::map nodes never move, so the pointer stays valid as more statements are added.
  auto const it = statements_.emplace(std::string(sql), std::move(prepared.value())).first;
  return &it->second;
}

}  // namespace cc::store
