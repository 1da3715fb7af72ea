// The contract every AccountStore backend must meet, as a value-parameterised suite split over
// the account_store_contract_*_test.cpp files. A backend instantiates it with factories for
// both of its stores on one location (see sqlite_account_store_test.cpp), e.g.
//
//   INSTANTIATE_TEST_SUITE_P(Postgres, AccountStoreContract,
//                            ::testing::Values(AccountBackend{"postgres", &open_accounts, &open_boards}),
//                            account_backend_name);
//
// The board store is part of it because the two share one database: purging a board erases
// its journal, and account writes must coexist with the journal writer.
#pragma once

#include "model/role.hpp"
#include "store/account_store.hpp"
#include "store/board_store.hpp"

#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cc::store::testing {
using cc::testing::TempDir;

struct AccountBackend {
  std::string name;
  // Both open the data of `location`, a fresh empty directory per test (a server backend may
  // use it only as a unique name); the two stores share that data.
  std::function<Result<std::unique_ptr<AccountStore>>(std::filesystem::path const& location)> open_accounts;
  std::function<Result<std::unique_ptr<BoardStore>>(std::filesystem::path const& location)> open_boards;
};

inline std::string account_backend_name(::testing::TestParamInfo<AccountBackend> const& info) {
  return info.param.name;
}

// A time well after the epoch; tests count from it so every time is positive and readable.
inline constexpr std::int64_t kT0 = 1'000'000;

// Success, or a failure that shows the error.
template <class R>
::testing::AssertionResult Ok(R const& result) {
  if (result.has_value()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << to_string(result.error().code) << ": " << result.error().message;
}

// An error with this code.
template <class R>
::testing::AssertionResult Fails(R const& result, ErrorCode code) {
  if (result.has_value()) return ::testing::AssertionFailure() << "succeeded, expected " << to_string(code);
  if (result.error().code != code) {
    return ::testing::AssertionFailure() << "failed with " << to_string(result.error().code) << " ("
                                         << result.error().message << "), expected " << to_string(code);
  }
  return ::testing::AssertionSuccess();
}

// The value of a result that must succeed; a test failure and a default value otherwise.
template <class T>
T get(Result<T> result) {
  if (!result.has_value()) {
    ADD_FAILURE() << to_string(result.error().code) << ": " << result.error().message;
    return T{};
  }
  return std::move(result.value());
}

inline User user_named(std::string const& id, std::string const& name, std::int64_t created_ms = kT0) {
  return User{id, id + "@example.com", name, "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA", created_ms};
}

inline BoardMeta board_named(std::string const& id, std::string const& name,
                             std::string const& description = "") {
  BoardMeta board;
  board.id = id;
  board.name = name;
  board.description = description;
  return board;
}

inline RefreshToken refresh_token(std::string const& hash, std::string const& family, std::string const& user,
                                  std::int64_t created_ms, std::int64_t expires_ms) {
  return RefreshToken{hash, family, user, created_ms, expires_ms};
}

// A BoardQuery for a user, with the options a test sets named, e.g.
// BoardQueryFor("ada").sort(BoardSort::kName).descending(false).page(0, 3).
class BoardQueryFor {
 public:
  explicit BoardQueryFor(std::string user) { query_.user = std::move(user); }
  BoardQueryFor& search(std::string text) {
    query_.search = std::move(text);
    return *this;
  }
  BoardQueryFor& sort(BoardSort sort) {
    query_.sort = sort;
    return *this;
  }
  BoardQueryFor& descending(bool descending) {
    query_.descending = descending;
    return *this;
  }
  BoardQueryFor& deleted(bool deleted) {
    query_.deleted = deleted;
    return *this;
  }
  BoardQueryFor& offset(std::size_t offset) {
    query_.offset = offset;
    return *this;
  }
  BoardQueryFor& limit(std::size_t limit) {
    query_.limit = limit;
    return *this;
  }
  operator BoardQuery const&() const { return query_; }  // NOLINT: converts where a query is taken

 private:
  BoardQuery query_;
};

inline std::optional<model::Role> role(model::Role r) { return r; }
inline std::optional<model::Role> no_role() { return std::nullopt; }

class AccountStoreContract : public ::testing::TestWithParam<AccountBackend> {
 protected:
  void SetUp() override { reopen(); }

  // Closes both stores (if open) and opens the account store again on the same data; the
  // board store opens again on first use.
  void reopen() {
    boards_.reset();
    accounts_.reset();
    auto opened = GetParam().open_accounts(dir_.path());
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    accounts_ = std::move(opened.value());
  }

  AccountStore& accounts() {
    if (accounts_ == nullptr) std::abort();  // reopen() failed and the test went on regardless
    return *accounts_;
  }

  BoardStore& boards() {
    if (boards_ == nullptr) {
      auto opened = GetParam().open_boards(dir_.path());
      if (!opened.has_value()) {
        ADD_FAILURE() << opened.error().message;
        std::abort();
      }
      boards_ = std::move(opened.value());
    }
    return *boards_;
  }

  // Creates users with ids and names, e.g. add_users({{"ada", "Ada"}, {"bo", "Bo"}}).
  void add_users(std::vector<std::pair<std::string, std::string>> const& users) {
    for (auto const& [id, name] : users) ASSERT_TRUE(Ok(accounts().create_user(user_named(id, name)))) << id;
  }

  // Makes user a member of board with role through an invitation (the way people join),
  // created by actor. Returns nothing; fails the test on error.
  void invite_member(std::string const& board, std::string const& user, model::Role r,
                     std::string const& actor, std::int64_t now_ms = kT0) {
    std::string const n = std::to_string(++invites_made_);
    Invite invite{"inv-auto-" + n, board,  user + "@example.com", r, "hash-auto-" + n,
                  actor,           now_ms, now_ms + 1'000'000};
    ASSERT_TRUE(Ok(accounts().create_invite(invite, now_ms)));
    ASSERT_TRUE(Ok(accounts().accept_invite(invite.token_hash, user, now_ms)));
  }

  std::optional<model::Role> role_on(std::string const& board, std::string const& user,
                                     bool include_deleted = false) {
    return get(accounts().role_of(board, user, include_deleted));
  }

  std::vector<ActivityEvent> activity(std::string const& board, std::size_t limit = 100) {
    return get(accounts().list_activity(board, 0, limit));
  }

  // The types of the board's activity, newest first.
  std::vector<std::string> activity_types(std::string const& board) {
    std::vector<std::string> types;
    for (auto const& e : activity(board)) types.push_back(e.type);
    return types;
  }

  TempDir dir_;
  std::unique_ptr<AccountStore> accounts_;
  std::unique_ptr<BoardStore> boards_;
  int invites_made_ = 0;
};

}  // namespace cc::store::testing
