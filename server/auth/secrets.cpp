#include "auth/secrets.hpp"

#include "auth/base64url.hpp"
#include "auth/sodium_init.hpp"
#include "base/ids.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <limits>
#include <sodium.h>
#include <stdexcept>

namespace cc::auth {
namespace {

// Crockford's base32 digits in lower case: no i, l, o or u, so ids read back unambiguously.
constexpr std::string_view kIdAlphabet = "0123456789abcdefghjkmnpqrstvwxyz";
static_assert(kIdAlphabet.size() == 32);

}  // namespace

std::string random_token(std::size_t bytes) {
  init_sodium();
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string token = base64url_encode(raw);
  sodium_memzero(raw.data(), raw.size());
  return token;
}

std::string sha256_hex(std::string_view data) {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<unsigned char const*>(data.data()), data.size());
  std::string hex(digest.size() * 2 + 1, '\0');  // sodium_bin2hex writes a terminating NUL
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  hex.pop_back();
  return hex;
}

std::string random_id(std::string_view prefix) {
  if (prefix.size() > kMaxIdPrefix)
    throw std::invalid_argument("random_id: prefix longer than 48 characters");
  for (char c : prefix) {
    if (!is_id_char(c)) throw std::invalid_argument("random_id: prefix holds a character ids do not allow");
  }
  init_sodium();
  std::string id(prefix);
  id.reserve(prefix.size() + kRandomIdChars);
  for (std::size_t i = 0; i < kRandomIdChars; ++i) {
    // randombytes_uniform has no modulo bias (32 divides 2^32 anyway).
    id.push_back(kIdAlphabet[randombytes_uniform(static_cast<std::uint32_t>(kIdAlphabet.size()))]);
  }
  return id;
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  if (key.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    throw std::invalid_argument("hmac_sha256: key too long");
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int length = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<unsigned char const*>(data.data()), data.size(), mac.data(),
           &length) == nullptr) {
    // Only a broken OpenSSL installation gets here: a bug, not something a caller did.
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  return std::string(reinterpret_cast<char const*>(mac.data()), length);
}

bool equal_constant_time(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace cc::auth
