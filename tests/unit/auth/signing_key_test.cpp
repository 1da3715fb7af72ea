#include "auth/signing_key.hpp"

#include "auth/access_token.hpp"
#include "auth/base64url.hpp"

#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <sys/stat.h>
#include <thread>
#include <vector>

namespace cc::auth {
namespace {

using cc::testing::TempDir;
namespace fs = std::filesystem;

unsigned mode_of(fs::path const& file) {
  struct stat st {};
  EXPECT_EQ(::stat(file.c_str(), &st), 0) << file;
  return st.st_mode & 07777;
}

std::string read_file(fs::path const& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void write_file(fs::path const& file, std::string const& content, unsigned mode) {
  std::ofstream(file, std::ios::binary) << content;
  ASSERT_EQ(::chmod(file.c_str(), mode), 0);
}

TEST(SigningKey, IsCreatedWithMode0600) {
  TempDir dir;
  auto const key = load_or_create_signing_key(dir.path());
  ASSERT_TRUE(key.has_value()) << key.error().message;
  EXPECT_EQ(key->size(), kGeneratedKeyBytes);
  fs::path const file = dir.path() / "jwt.key";
  EXPECT_EQ(mode_of(file), 0600u);
  // One line of base64url holding the key.
  std::string const content = read_file(file);
  ASSERT_FALSE(content.empty());
  EXPECT_EQ(content.back(), '\n');
  EXPECT_EQ(base64url_decode(content.substr(0, content.size() - 1)), *key);
  // No temporary file is left behind.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 1);
  EXPECT_NO_THROW(TokenSigner{*key});
}

TEST(SigningKey, IsCreatedWhateverTheUmask) {
  TempDir dir;
  mode_t const previous = ::umask(0);
  auto const key = load_or_create_signing_key(dir.path());
  ::umask(previous);
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(mode_of(dir.path() / "jwt.key"), 0600u);
}

TEST(SigningKey, IsReusedOnTheNextStart) {
  TempDir dir;
  auto const first = load_or_create_signing_key(dir.path());
  auto const second = load_or_create_signing_key(dir.path());
  ASSERT_TRUE(first.has_value() && second.has_value());
  EXPECT_EQ(*first, *second);
  TempDir other;
  auto const elsewhere = load_or_create_signing_key(other.path());
  ASSERT_TRUE(elsewhere.has_value());
  EXPECT_NE(*elsewhere, *first);  // random, not derived from anything
}

TEST(SigningKey, ConcurrentStartsAgreeOnOneKey) {
  TempDir dir;
  std::vector<std::string> keys(8);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    threads.emplace_back([&, i] {
      auto key = load_or_create_signing_key(dir.path());
      if (key) keys[i] = std::move(*key);
    });
  }
  for (auto& t : threads) t.join();
  for (auto const& key : keys) EXPECT_EQ(key, keys[0]);
  EXPECT_EQ(keys[0].size(), kGeneratedKeyBytes);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 1);
}

TEST(SigningKey, AnOperatorsKeyFileIsReadAndItsPermissionsTightened) {
  TempDir dir;
  std::string const key(40, 'K');
  fs::path const file = dir.path() / "jwt.key";
  write_file(file, base64url_encode(key) + "\r\n", 0644);
  auto const loaded = load_or_create_signing_key(dir.path());
  ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
  EXPECT_EQ(*loaded, key);
  EXPECT_EQ(mode_of(file), 0600u);

  ASSERT_EQ(::chmod(file.c_str(), 0460), 0);  // group-readable, owner not even writable
  EXPECT_TRUE(load_or_create_signing_key(dir.path()).has_value());
  EXPECT_EQ(mode_of(file), 0600u);

  ASSERT_EQ(::chmod(file.c_str(), 0400), 0);  // already private: left alone
  EXPECT_TRUE(load_or_create_signing_key(dir.path()).has_value());
  EXPECT_EQ(mode_of(file), 0400u);
}

TEST(SigningKey, AShortKeyIsRefused) {
  TempDir dir;
  fs::path const file = dir.path() / "jwt.key";
  write_file(file, base64url_encode(std::string(31, 'k')) + "\n", 0600);
  auto const key = load_or_create_signing_key(dir.path());
  ASSERT_FALSE(key.has_value());
  EXPECT_EQ(key.error().code, ErrorCode::kInternal);
  EXPECT_NE(key.error().message.find(file.string()), std::string::npos) << key.error().message;
  EXPECT_NE(key.error().message.find("31 bytes"), std::string::npos) << key.error().message;
  EXPECT_EQ(read_file(file), base64url_encode(std::string(31, 'k')) + "\n");  // never overwritten
}

TEST(SigningKey, AnUndecodableKeyIsRefused) {
  TempDir dir;
  fs::path const file = dir.path() / "jwt.key";
  for (std::string const& content : {std::string("this is not base64url!\n"), std::string(""),
                                     std::string("abc\ndef\n"), std::string(10000, 'A')}) {
    write_file(file, content, 0600);
    auto const key = load_or_create_signing_key(dir.path());
    ASSERT_FALSE(key.has_value()) << content;
    EXPECT_EQ(key.error().code, ErrorCode::kInternal);
    EXPECT_NE(key.error().message.find(file.string()), std::string::npos) << key.error().message;
  }
}

TEST(SigningKey, AMissingDirectoryIsAnError) {
  TempDir dir;
  auto const key = load_or_create_signing_key(dir.path() / "missing");
  ASSERT_FALSE(key.has_value());
  EXPECT_EQ(key.error().code, ErrorCode::kInternal);
  EXPECT_NE(key.error().message.find("missing"), std::string::npos) << key.error().message;
}

TEST(SigningKey, AKeyFileThatIsADirectoryIsAnError) {
  TempDir dir;
  fs::create_directory(dir.path() / "jwt.key");
  auto const key = load_or_create_signing_key(dir.path());
  ASSERT_FALSE(key.has_value());
  EXPECT_EQ(key.error().code, ErrorCode::kInternal);
}

TEST(SigningKey, ConfiguredSecretsNeed32Bytes) {
  auto const key = key_from_secret(std::string(32, 's'));
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(*key, std::string(32, 's'));
  auto const short_key = key_from_secret("too short");
  ASSERT_FALSE(short_key.has_value());
  EXPECT_EQ(short_key.error().code, ErrorCode::kInvalidMessage);
  EXPECT_EQ(short_key.error().message, "the JWT secret must be at least 32 bytes; it has 9");
  EXPECT_FALSE(key_from_secret("").has_value());
}

}  // namespace
}  // namespace cc::auth
