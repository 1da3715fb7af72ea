// Direct access to a database file with the SQLite C API, bypassing the stores: to check what
// they wrote, and to build files the way an older server left them.
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace cc::store::testing {

class RawSqlite {
 public:
  explicit RawSqlite(std::filesystem::path const& file) {
    sqlite3* raw = nullptr;
    rc_ = sqlite3_open(file.c_str(), &raw);
    db_.reset(raw);
    if (rc_ == SQLITE_OK) sqlite3_busy_timeout(raw, 5000);
  }
  bool ok() const { return rc_ == SQLITE_OK; }
  sqlite3* handle() const { return db_.get(); }

  void exec(std::string const& sql) {
    char* message = nullptr;
    int const rc = sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &message);
    EXPECT_EQ(rc, SQLITE_OK) << sql << ": " << (message != nullptr ? message : "");
    sqlite3_free(message);
  }

  // The first column of the first row as text; "<no row>" or "<null>" otherwise.
  std::string text(std::string const& sql) {
    auto rows = column(sql);
    return rows.empty() ? "<no row>" : rows.front();
  }

  // The first column of every row, as text ("<null>" for NULL).
  std::vector<std::string> column(std::string const& sql) {
    sqlite3_stmt* raw = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db_.get(), sql.c_str(), -1, &raw, nullptr), SQLITE_OK)
        << sql << ": " << sqlite3_errmsg(db_.get());
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> stmt(raw, &sqlite3_finalize);
    std::vector<std::string> values;
    while (raw != nullptr && sqlite3_step(stmt.get()) == SQLITE_ROW) {
      auto const* value = sqlite3_column_text(stmt.get(), 0);
      values.emplace_back(value != nullptr ? reinterpret_cast<char const*>(value) : "<null>");
    }
    return values;
  }

  // The details of EXPLAIN QUERY PLAN for the statement, one line per step, e.g.
  // "SEARCH m USING COVERING INDEX members_user (user=?)".
  std::string query_plan(std::string const& sql) {
    std::string plan;
    sqlite3_stmt* raw = nullptr;
    std::string const explain = "EXPLAIN QUERY PLAN " + sql;
    EXPECT_EQ(sqlite3_prepare_v2(db_.get(), explain.c_str(), -1, &raw, nullptr), SQLITE_OK)
        << sql << ": " << sqlite3_errmsg(db_.get());
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> stmt(raw, &sqlite3_finalize);
    while (raw != nullptr && sqlite3_step(stmt.get()) == SQLITE_ROW) {
      auto const* detail = sqlite3_column_text(stmt.get(), 3);
      plan += detail != nullptr ? reinterpret_cast<char const*>(detail) : "";
      plan += '\n';
    }
    return plan;
  }

 private:
  int rc_ = SQLITE_ERROR;
  std::unique_ptr<sqlite3, int (*)(sqlite3*)> db_{nullptr, &sqlite3_close};
};

inline std::filesystem::path database_file(std::filesystem::path const& data_dir) {
  return data_dir / "collabcanvas.db";
}

}  // namespace cc::store::testing
