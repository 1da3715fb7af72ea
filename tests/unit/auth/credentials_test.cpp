#include "auth/credentials.hpp"

#include <gtest/gtest.h>

#include <string>

namespace cc::auth {
namespace {

std::string email_ok(std::string_view email) {
  auto const r = normalize_email(email);
  EXPECT_TRUE(r.has_value()) << email << ": " << (r ? "" : r.error().message);
  return r ? *r : std::string();
}

std::string email_error(std::string_view email) {
  auto const r = normalize_email(email);
  EXPECT_FALSE(r.has_value()) << email << " was accepted";
  if (r) return {};
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidMessage);
  return r.error().message;
}

TEST(Email, IsTrimmedAndLowerCased) {
  EXPECT_EQ(email_ok("ada@example.com"), "ada@example.com");
  EXPECT_EQ(email_ok("  Ada.Lovelace@Example.COM \t\n"), "ada.lovelace@example.com");
  EXPECT_EQ(email_ok("a+tag@sub.example.co.uk"), "a+tag@sub.example.co.uk");
  // Only ASCII letters change case; other characters pass as they are.
  EXPECT_EQ(email_ok("J\xC3\x96RG@b\xC3\xBC"
                     "cher.de"),
            "j\xC3\x96rg@b\xC3\xBC"
            "cher.de");
}

TEST(Email, NeedsSomething) {
  EXPECT_EQ(email_error(""), "email is required");
  EXPECT_EQ(email_error("   "), "email is required");
}

TEST(Email, NeedsExactlyOneAt) {
  EXPECT_EQ(email_error("ada.example.com"), "email must contain exactly one @");
  EXPECT_EQ(email_error("ada@@example.com"), "email must contain exactly one @");
  EXPECT_EQ(email_error("a@b@example.com"), "email must contain exactly one @");
}

TEST(Email, NeedsANameBeforeTheAt) {
  EXPECT_EQ(email_error("@example.com"), "email needs a name before the @");
}

TEST(Email, NeedsADomainWithAnInnerDot) {
  std::string const message = "email needs a domain such as example.com after the @";
  EXPECT_EQ(email_error("ada@"), message);
  EXPECT_EQ(email_error("ada@localhost"), message);
  EXPECT_EQ(email_error("ada@.example"), message);
  EXPECT_EQ(email_error("ada@example."), message);
  EXPECT_EQ(email_ok("ada@x.y"), "ada@x.y");
}

TEST(Email, RefusesSpacesAndControlCharacters) {
  std::string const message = "email must not contain spaces or control characters";
  EXPECT_EQ(email_error("ada lovelace@example.com"), message);
  EXPECT_EQ(email_error("ada@exam\tple.com"), message);
  EXPECT_EQ(email_error(std::string("ada@exa\0mple.com", 16)), message);
  EXPECT_EQ(email_error("ada@example.com\x7f"), message);
}

TEST(Email, RefusesInvalidUtf8) {
  EXPECT_EQ(email_error("ad\xC3@example.com"), "email must be valid UTF-8");
  EXPECT_EQ(email_error("ad\xC0\xA0@example.com"), "email must be valid UTF-8");  // overlong
}

TEST(Email, IsAtMost254Bytes) {
  std::string const domain = "@example.com";
  std::string const longest = std::string(kMaxEmailBytes - domain.size(), 'a') + domain;
  EXPECT_EQ(email_ok(longest), longest);
  EXPECT_EQ(email_ok("  " + longest + "  "), longest);  // length counts after trimming
  EXPECT_EQ(email_error("a" + longest), "email must be at most 254 bytes");
}

TEST(PasswordRule, Is8To256Bytes) {
  EXPECT_TRUE(check_password("12345678").has_value());
  EXPECT_TRUE(check_password(std::string(256, 'p')).has_value());
  EXPECT_TRUE(check_password("  spaces count  ").has_value());
  for (std::string const& bad : {std::string(), std::string("1234567"), std::string(257, 'p')}) {
    auto const st = check_password(bad);
    ASSERT_FALSE(st.has_value()) << bad.size();
    EXPECT_EQ(st.error().code, ErrorCode::kInvalidMessage);
    EXPECT_EQ(st.error().message, "password must be 8 to 256 bytes");
  }
}

TEST(DisplayName, IsTrimmed) {
  auto const name = normalize_display_name("  Ada Lovelace \n");
  ASSERT_TRUE(name.has_value());
  EXPECT_EQ(*name, "Ada Lovelace");
  auto const unicode = normalize_display_name("Zo\xC3\xAB \xF0\x9F\x8E\xA8");
  ASSERT_TRUE(unicode.has_value());
  EXPECT_EQ(*unicode, "Zo\xC3\xAB \xF0\x9F\x8E\xA8");
}

TEST(DisplayName, Is1To64Bytes) {
  EXPECT_TRUE(normalize_display_name("A").has_value());
  EXPECT_TRUE(normalize_display_name(std::string(64, 'n')).has_value());
  for (std::string const& bad : {std::string(), std::string("   "), std::string(65, 'n')}) {
    auto const r = normalize_display_name(bad);
    ASSERT_FALSE(r.has_value()) << bad.size();
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidMessage);
    EXPECT_EQ(r.error().message, "name must be 1 to 64 bytes");
  }
  // 22 three-byte characters are 66 bytes.
  std::string wide;
  for (int i = 0; i < 22; ++i) wide += "\xE2\x9C\x93";
  EXPECT_FALSE(normalize_display_name(wide).has_value());
}

TEST(DisplayName, MustBeValidUtf8) {
  for (std::string_view bad : {"Ada\xFF", "Ada\xC3", "\xED\xA0\x80", "\xF4\x90\x80\x80"}) {
    auto const r = normalize_display_name(bad);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message, "name must be valid UTF-8");
  }
}

TEST(DisplayName, RefusesControlCharacters) {
  for (std::string const& bad : {std::string("Ada\nLovelace"), std::string("Ada\0", 4) + "x",
                                 std::string("A\x1b[31m"), std::string("A\x7f"), std::string("A\xC2\x85")}) {
    auto const r = normalize_display_name(bad);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message, "name must not contain control characters");
  }
}

}  // namespace
}  // namespace cc::auth
