// The contract every BoardStore backend must meet, as a value-parameterised suite: a backend
// instantiates it with a factory (see sqlite_board_store_test.cpp), e.g.
//
//   INSTANTIATE_TEST_SUITE_P(Postgres, BoardStoreContract,
//                            ::testing::Values(StoreBackend{"postgres", &open_test_postgres}),
//                            backend_name);
#pragma once

#include "store/board_store.hpp"

#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace cc::store::testing {
using cc::testing::TempDir;

struct StoreBackend {
  std::string name;
  // Opens the store whose data belongs to `location`, a fresh empty directory per test (a
  // server backend may use it only as a unique name). Opening the same location again must
  // see everything written before.
  std::function<Result<std::unique_ptr<BoardStore>>(std::filesystem::path const& location)> open;
};

inline std::string backend_name(::testing::TestParamInfo<StoreBackend> const& info) {
  return info.param.name;
}

class BoardStoreContract : public ::testing::TestWithParam<StoreBackend> {
 protected:
  void SetUp() override { reopen(); }

  // Closes the store (if open) and opens it again on the same data.
  void reopen() {
    store_.reset();
    auto opened = GetParam().open(dir_.path());
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    store_ = std::move(opened.value());
  }

  BoardStore& store() {
    if (store_ == nullptr) std::abort();  // reopen() failed and the test went on regardless
    return *store_;
  }

  TempDir dir_;
  std::unique_ptr<BoardStore> store_;
};

}  // namespace cc::store::testing
