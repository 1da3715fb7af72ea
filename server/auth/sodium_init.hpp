// libsodium must be initialized before its random numbers and password hashing are used: it
// picks the fastest implementation for this CPU and opens the system's random source.
#pragma once

namespace cc::auth {

// Initializes libsodium on the first call; later calls cost one check. Safe from any thread.
// Throws std::runtime_error when libsodium cannot start (no random source): nothing secret
// can be made safely without one, so this is a start-up failure, not a user error.
void init_sodium();

}  // namespace cc::auth
