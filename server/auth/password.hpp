// Password hashing: Argon2id through libsodium, stored in its self-describing encoded form
// ("$argon2id$v=19$m=...,t=...,p=1$salt$hash"), so a hash made at one cost still verifies
// after the server's cost setting changes.
#pragma once

#include "base/error.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace cc::auth {

// How much work one hash takes: passes over memory (ops) and memory in bytes.
struct HashCost {
  unsigned long long ops;
  std::size_t mem_bytes;

  // libsodium's interactive limits (64 MiB, 2 passes): the default for logins.
  static HashCost interactive();
  // libsodium's minimum limits: fast and weak. For tests, and for machines too small for the
  // interactive cost when the operator asks for it explicitly.
  static HashCost minimum();
};

// Hashes a password with a fresh random salt. Fails (kInternal) only when the memory for the
// hash cannot be allocated or the cost is outside libsodium's limits.
Result<std::string> hash_password(std::string_view password, HashCost cost);

// True when password matches the encoded hash; false for a wrong password and for anything
// that is not a well-formed encoded hash.
bool verify_password(std::string_view encoded, std::string_view password);

}  // namespace cc::auth
