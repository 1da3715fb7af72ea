#include "auth/sodium_init.hpp"

#include <sodium.h>
#include <stdexcept>

namespace cc::auth {

void init_sodium() {
  // A function-local static is initialized exactly once even when threads race here, and
  // sodium_init() itself is idempotent, so no flag of our own is needed.
  static bool const ready = sodium_init() >= 0;
  if (!ready) throw std::runtime_error("libsodium could not be initialized (no random source?)");
}

}  // namespace cc::auth
