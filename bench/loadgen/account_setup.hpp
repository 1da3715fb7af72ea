// The account a run uses on our server. Every /api/ route and every hello needs an access
// token, and a board exists only once an account has created it over the HTTP API (that
// account owns it), so before a run the generator registers one throwaway account and creates
// every board the run opens; all the run's clients then join as that owner.
//
// Access tokens live 15 minutes and the server checks them only at hello. Every client of a
// run says hello within its connect timeout (2 minutes at most) of the setup, and a token
// handed to a later run (--token, as the restart scenarios do) is used within a few minutes
// too, so no run refreshes its token.
#pragma once

#include "clock.hpp"
#include "server_address.hpp"

#include <string>
#include <vector>

namespace cc::bench {

// A run's boards are <prefix>-0, <prefix>-1, ...
inline std::string board_name(std::string const& prefix, int index) {
  return prefix + "-" + std::to_string(index);
}

// Registers a new account (a random email and password) and returns its access token.
// Throws std::runtime_error unless the server answers 201 before the deadline.
std::string register_account(ServerAddress const& server, Micros deadline);

// Creates each board (id and name alike) as the token's account, over a few connections at
// once. Throws std::runtime_error on the first board not created (201) before the deadline.
void create_boards(ServerAddress const& server, std::string const& token,
                   std::vector<std::string> const& boards, Micros deadline);

}  // namespace cc::bench
