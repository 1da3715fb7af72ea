#include "model/fractional_index.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace cc::model {
namespace {

using Key = std::optional<std::string_view>;

std::string between(Key a, Key b) {
  auto key = key_between(a, b);
  EXPECT_TRUE(key.has_value()) << (a ? *a : "null") << " .. " << (b ? *b : "null") << ": "
                               << (key ? "" : key.error().message);
  return key ? *key : std::string();
}

struct Vector {
  const char* a;
  const char* b;
  const char* expected;
};

// The package's own test vectors for generateKeyBetween.
TEST(FractionalIndex, MatchesTheNpmPackageVectors) {
  Vector const vectors[] = {
      {nullptr, nullptr, "a0"},
      {nullptr, "a0", "Zz"},
      {nullptr, "Zz", "Zy"},
      {"a0", nullptr, "a1"},
      {"a1", nullptr, "a2"},
      {"a0", "a1", "a0V"},
      {"a1", "a2", "a1V"},
      {"a0V", "a1", "a0l"},
      {"Zz", "a0", "ZzV"},
      {"Zz", "a1", "a0"},
      {nullptr, "Y00", "Xzzz"},
      {"bzz", nullptr, "c000"},
      {"a0", "a0V", "a0G"},
      {"a0", "a0G", "a08"},
      {"b125", "b129", "b127"},
      {"a0", "a1V", "a1"},
      {"Zz", "a01", "a0"},
      {nullptr, "a0V", "a0"},
      {nullptr, "b999", "b99"},
      {nullptr, "A000000000000000000000000001", "A000000000000000000000000000V"},
      {"zzzzzzzzzzzzzzzzzzzzzzzzzzy", nullptr, "zzzzzzzzzzzzzzzzzzzzzzzzzzz"},
      {"zzzzzzzzzzzzzzzzzzzzzzzzzzz", nullptr, "zzzzzzzzzzzzzzzzzzzzzzzzzzzV"},
      {"az", nullptr, "b00"},
  };
  for (auto const& v : vectors) {
    Key const a = v.a ? Key(v.a) : std::nullopt;
    Key const b = v.b ? Key(v.b) : std::nullopt;
    EXPECT_EQ(between(a, b), v.expected) << (v.a ? v.a : "null") << " .. " << (v.b ? v.b : "null");
  }
}

TEST(FractionalIndex, RejectsWhatTheNpmPackageRejects) {
  // The smallest integer on its own, a trailing zero, a bad head, a >= b.
  EXPECT_FALSE(key_between(std::nullopt, "A00000000000000000000000000"));
  EXPECT_FALSE(key_between("a00", std::nullopt));
  EXPECT_FALSE(key_between("a00", "a1"));
  EXPECT_FALSE(key_between("0", "1"));
  EXPECT_FALSE(key_between("a1", "a0"));
  EXPECT_FALSE(key_between("a1", "a1"));
  auto const e = key_between("a1", "a0");
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, ErrorCode::kInvalidOp);
}

TEST(FractionalIndex, NeverHandsOutTheSmallestInteger) {
  // Where the package would return the (invalid) smallest integer, a key just above it.
  std::string const key = between(std::nullopt, "A00000000000000000000000001");
  EXPECT_EQ(key, "A00000000000000000000000000V");
  EXPECT_TRUE(is_valid_fractional_index(key));
}

TEST(FractionalIndex, ValidatesKeys) {
  for (std::string_view good : {"a0", "a1", "Zz", "a0V", "b00", "b12V", "zzzzzzzzzzzzzzzzzzzzzzzzzzz",
                                "A000000000000000000000000001", "A00000000000000000000000000V"}) {
    EXPECT_TRUE(is_valid_fractional_index(good)) << good;
  }
  std::string const too_long = "a0" + std::string(kMaxZLength - 1, 'V');
  std::string const longest = "a0" + std::string(kMaxZLength - 2, 'V');
  EXPECT_TRUE(is_valid_fractional_index(longest));
  for (std::string_view bad : {"", "a", "b0", "a00", "a0V0", "0", "01", "!a", "a0!", "a0 ", "a-",
                               "A00000000000000000000000000", "Z", "\xc3\xa9"}) {
    EXPECT_FALSE(is_valid_fractional_index(bad)) << bad;
  }
  EXPECT_FALSE(is_valid_fractional_index(too_long));
}

TEST(FractionalIndex, AppendingManyKeysStaysSortedAndValid) {
  std::vector<std::string> keys;
  std::optional<std::string> last;
  for (int i = 0; i < 5000; ++i) {
    std::string next = between(last ? Key(*last) : std::nullopt, std::nullopt);
    ASSERT_TRUE(is_valid_fractional_index(next)) << next;
    if (last) {
      ASSERT_LT(*last, next);
    }
    keys.push_back(next);
    last = std::move(next);
  }
  EXPECT_EQ(keys[0], "a0");
  EXPECT_EQ(keys[61], "az");
  EXPECT_EQ(keys[62], "b00");
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
}

TEST(FractionalIndex, PrependingManyKeysStaysSortedAndValid) {
  std::string first = "a0";
  for (int i = 0; i < 5000; ++i) {
    std::string prev = between(std::nullopt, first);
    ASSERT_TRUE(is_valid_fractional_index(prev)) << prev;
    ASSERT_LT(prev, first);
    first = std::move(prev);
  }
}

TEST(FractionalIndex, RepeatedInsertionAtTheSamePlaceStaysBetween) {
  // Always right after "a0", and always right before "a1": the two ways keys grow.
  std::string upper = "a1";
  std::string lower = "a0";
  for (int i = 0; i < 300; ++i) {
    std::string const after_a0 = between("a0", upper);
    ASSERT_TRUE(is_valid_fractional_index(after_a0)) << after_a0;
    ASSERT_LT(std::string("a0"), after_a0);
    ASSERT_LT(after_a0, upper);
    upper = after_a0;

    std::string const before_a1 = between(lower, "a1");
    ASSERT_TRUE(is_valid_fractional_index(before_a1)) << before_a1;
    ASSERT_LT(lower, before_a1);
    ASSERT_LT(before_a1, std::string("a1"));
    lower = before_a1;
  }
}

TEST(FractionalIndex, RandomInsertionsKeepOrder) {
  std::mt19937 rng(12345);
  std::vector<std::string> keys{between(std::nullopt, std::nullopt)};
  for (int i = 0; i < 3000; ++i) {
    std::size_t const pos = std::uniform_int_distribution<std::size_t>(0, keys.size())(rng);
    Key const a = pos == 0 ? std::nullopt : Key(keys[pos - 1]);
    Key const b = pos == keys.size() ? std::nullopt : Key(keys[pos]);
    std::string key = between(a, b);
    ASSERT_TRUE(is_valid_fractional_index(key)) << key;
    if (a) {
      ASSERT_LT(*a, key);
    }
    if (b) {
      ASSERT_LT(key, *b);
    }
    keys.insert(keys.begin() + static_cast<std::ptrdiff_t>(pos), std::move(key));
  }
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
  EXPECT_EQ(std::adjacent_find(keys.begin(), keys.end()), keys.end());
}

TEST(FractionalIndex, AdjacentKeysAlwaysHaveRoomBetween) {
  std::vector<std::string> keys{"a0"};
  for (int i = 0; i < 200; ++i) keys.push_back(between(keys.back(), std::nullopt));
  for (std::size_t i = 0; i + 1 < keys.size(); ++i) {
    std::string const mid = between(keys[i], keys[i + 1]);
    EXPECT_LT(keys[i], mid);
    EXPECT_LT(mid, keys[i + 1]);
    EXPECT_TRUE(is_valid_fractional_index(mid));
  }
}

TEST(FractionalIndex, RefusesKeysOverTheLengthLimit) {
  // Above the largest integer the key can only grow; at the length limit it cannot.
  std::string const largest = std::string(27, 'z') + std::string(kMaxZLength - 27, 'z');
  ASSERT_TRUE(is_valid_fractional_index(largest));
  auto const key = key_between(largest, std::nullopt);
  ASSERT_FALSE(key);
  EXPECT_EQ(key.error().code, ErrorCode::kTooLarge);
}

}  // namespace
}  // namespace cc::model
