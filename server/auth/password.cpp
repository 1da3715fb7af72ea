#include "auth/password.hpp"

#include "auth/sodium_init.hpp"

#include <array>
#include <cerrno>
#include <cstring>
#include <sodium.h>
#include <system_error>

namespace cc::auth {

// The Argon2id constants, which equal crypto_pwhash_*_INTERACTIVE and *_MIN (Argon2id is
// libsodium's default algorithm) but stay right if that default ever changes, since
// hash_password names the algorithm explicitly.
HashCost HashCost::interactive() {
  return {crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE, crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE};
}

HashCost HashCost::minimum() {
  return {crypto_pwhash_argon2id_OPSLIMIT_MIN, crypto_pwhash_argon2id_MEMLIMIT_MIN};
}

Result<std::string> hash_password(std::string_view password, HashCost cost) {
  init_sodium();
  std::array<char, crypto_pwhash_STRBYTES> encoded{};
  errno = 0;
  if (crypto_pwhash_str_alg(encoded.data(), password.data(), password.size(), cost.ops, cost.mem_bytes,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    int const error = errno;
    std::string reason = error == 0 ? std::string("out of memory or a cost outside libsodium's limits")
                                    : std::error_code(error, std::generic_category()).message();
    return make_error(ErrorCode::kInternal, "could not hash the password: " + reason);
  }
  return std::string(encoded.data());
}

bool verify_password(std::string_view encoded, std::string_view password) {
  init_sodium();
  // libsodium reads a NUL-terminated string of at most crypto_pwhash_STRBYTES bytes; anything
  // longer, or with a NUL inside, is not a hash it could have made.
  std::array<char, crypto_pwhash_STRBYTES> terminated{};
  if (encoded.empty() || encoded.size() >= terminated.size() || encoded.find('\0') != encoded.npos) {
    return false;
  }
  std::memcpy(terminated.data(), encoded.data(), encoded.size());
  return crypto_pwhash_str_verify(terminated.data(), password.data(), password.size()) == 0;
}

}  // namespace cc::auth
