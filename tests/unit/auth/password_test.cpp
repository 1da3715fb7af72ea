#include "auth/password.hpp"

#include <gtest/gtest.h>

#include <string>

namespace cc::auth {
namespace {

TEST(Password, HashVerifiesTheSamePasswordOnly) {
  auto const hash = hash_password("correct horse battery staple", HashCost::minimum());
  ASSERT_TRUE(hash.has_value()) << hash.error().message;
  EXPECT_TRUE(hash->starts_with("$argon2id$")) << *hash;
  EXPECT_TRUE(verify_password(*hash, "correct horse battery staple"));
  EXPECT_FALSE(verify_password(*hash, "correct horse battery stapl"));
  EXPECT_FALSE(verify_password(*hash, "Correct horse battery staple"));
  EXPECT_FALSE(verify_password(*hash, ""));
}

TEST(Password, SamePasswordHashesDifferentlyEachTime) {
  auto const a = hash_password("password123", HashCost::minimum());
  auto const b = hash_password("password123", HashCost::minimum());
  ASSERT_TRUE(a.has_value() && b.has_value());
  EXPECT_NE(*a, *b);  // a fresh salt each time
  EXPECT_TRUE(verify_password(*a, "password123"));
  EXPECT_TRUE(verify_password(*b, "password123"));
}

TEST(Password, HashRecordsTheCostItWasMadeWith) {
  HashCost const cost = HashCost::minimum();
  auto const hash = hash_password("password123", cost);
  ASSERT_TRUE(hash.has_value());
  std::string const params = "m=" + std::to_string(cost.mem_bytes / 1024) + ",t=" + std::to_string(cost.ops);
  EXPECT_NE(hash->find(params), std::string::npos) << *hash;
}

TEST(Password, InteractiveCostIsStrongerThanMinimum) {
  EXPECT_GT(HashCost::interactive().ops, HashCost::minimum().ops);
  EXPECT_GT(HashCost::interactive().mem_bytes, HashCost::minimum().mem_bytes);
  EXPECT_GE(HashCost::interactive().mem_bytes, std::size_t{64} << 20);
}

TEST(Password, PasswordsWithNulBytesAreHashedWhole) {
  std::string const with_nul("abc\0defgh", 9);
  auto const hash = hash_password(with_nul, HashCost::minimum());
  ASSERT_TRUE(hash.has_value());
  EXPECT_TRUE(verify_password(*hash, with_nul));
  EXPECT_FALSE(verify_password(*hash, "abc"));
}

TEST(Password, MalformedHashesNeverVerify) {
  auto const good = hash_password("password123", HashCost::minimum());
  ASSERT_TRUE(good.has_value());
  EXPECT_FALSE(verify_password("", "password123"));
  EXPECT_FALSE(verify_password("password123", "password123"));
  EXPECT_FALSE(verify_password("$argon2id$v=19$m=8,t=1,p=1$garbage", "password123"));
  EXPECT_FALSE(verify_password(good->substr(0, good->size() - 5), "password123"));  // truncated
  EXPECT_FALSE(verify_password(*good + std::string(200, 'A'), "password123"));      // too long
  EXPECT_FALSE(verify_password(std::string(*good).insert(10, 1, '\0'), "password123"));
}

TEST(Password, CostBelowTheMinimumIsAnInternalError) {
  auto const hash = hash_password("password123", HashCost{0, 0});
  ASSERT_FALSE(hash.has_value());
  EXPECT_EQ(hash.error().code, ErrorCode::kInternal);
  EXPECT_NE(hash.error().message.find("could not hash the password"), std::string::npos);
}

}  // namespace
}  // namespace cc::auth
