#include "auth/secrets.hpp"

#include "auth/base64url.hpp"
#include "base/ids.hpp"

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>
#include <string>

namespace cc::auth {
namespace {

bool is_base64url(std::string_view s) {
  for (char c : s) {
    if (!is_id_char(c)) return false;  // the base64url alphabet is exactly the id characters
  }
  return true;
}

TEST(Secrets, RandomTokensAreLongUrlSafeAndDistinct) {
  std::string const token = random_token();
  EXPECT_EQ(token.size(), 43u);  // 32 bytes, no padding
  EXPECT_TRUE(is_base64url(token)) << token;
  auto const decoded = base64url_decode(token);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->size(), 32u);
  EXPECT_EQ(random_token(9).size(), 12u);
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(random_token());
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(Secrets, Sha256HexMatchesKnownVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(std::string("a\0b", 3)).size(), 64u);
  EXPECT_NE(sha256_hex(std::string("a\0b", 3)), sha256_hex("a"));
}

TEST(Secrets, RandomIdsAreValidIdsWithThePrefix) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string const id = random_id("u_");
    ASSERT_EQ(id.size(), 2 + kRandomIdChars);
    EXPECT_TRUE(id.starts_with("u_"));
    EXPECT_TRUE(is_valid_id(id)) << id;
    for (char c : id.substr(2)) EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')) << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
  EXPECT_EQ(random_id("").size(), kRandomIdChars);
  std::string const longest = random_id(std::string(kMaxIdPrefix, 'p'));
  EXPECT_EQ(longest.size(), kMaxIdLength);
  EXPECT_TRUE(is_valid_id(longest));
}

TEST(Secrets, BadPrefixesAreBugs) {
  EXPECT_THROW(random_id("u/"), std::invalid_argument);
  EXPECT_THROW(random_id("a b"), std::invalid_argument);
  EXPECT_THROW(random_id(std::string(kMaxIdPrefix + 1, 'p')), std::invalid_argument);
}

TEST(Secrets, ConstantTimeEquality) {
  EXPECT_TRUE(equal_constant_time("", ""));
  EXPECT_TRUE(equal_constant_time("secret", "secret"));
  EXPECT_FALSE(equal_constant_time("secret", "secreT"));
  EXPECT_FALSE(equal_constant_time("secret", "secret2"));
  EXPECT_FALSE(equal_constant_time("", "x"));
  EXPECT_TRUE(equal_constant_time(std::string("a\0b", 3), std::string("a\0b", 3)));
  EXPECT_FALSE(equal_constant_time(std::string("a\0b", 3), std::string("a\0c", 3)));
}

TEST(Base64Url, RoundTripsAnyBytes) {
  for (std::size_t n = 0; n < 70; ++n) {
    std::string bytes;
    for (std::size_t i = 0; i < n; ++i) bytes.push_back(static_cast<char>((i * 37 + n) & 0xFF));
    std::string const encoded = base64url_encode(bytes);
    EXPECT_EQ(encoded.find('='), std::string::npos);
    EXPECT_TRUE(is_base64url(encoded)) << encoded;
    auto const decoded = base64url_decode(encoded);
    ASSERT_TRUE(decoded.has_value()) << encoded;
    EXPECT_EQ(*decoded, bytes);
  }
  EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
}

TEST(Base64Url, DecodesStrictly) {
  EXPECT_FALSE(base64url_decode("YWJj=").has_value());   // padding
  EXPECT_FALSE(base64url_decode("YW Jj").has_value());   // white space
  EXPECT_FALSE(base64url_decode("YWJj+/").has_value());  // the standard alphabet
  EXPECT_FALSE(base64url_decode("Y").has_value());       // an impossible length
  EXPECT_FALSE(base64url_decode("YR").has_value());      // stray bits: "YQ" is the one spelling of "a"
  ASSERT_TRUE(base64url_decode("YQ").has_value());
  EXPECT_EQ(*base64url_decode("YQ"), "a");
}

}  // namespace
}  // namespace cc::auth
