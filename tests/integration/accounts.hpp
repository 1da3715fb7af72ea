// Accounts for the integration tests: register and log in over the real HTTP API.
#pragma once

#include "integration/http_client.hpp"

#include <cstdint>
#include <string>

namespace cc::itest {

inline constexpr char const* kOwnerEmail = "owner@example.test";
inline constexpr char const* kTestPassword = "correct horse battery";

struct Account {
  std::string id;
  std::string email;
  std::string name;
  std::string token;           // access token
  std::string refresh_cookie;  // "cc_refresh=<token>", as a Cookie header value
};

// POST /api/auth/register; throws unless 201.
Account register_account(std::uint16_t port, std::string const& email, std::string const& name,
                         std::string const& password = kTestPassword);
// POST /api/auth/login; throws unless 200.
Account login_account(std::uint16_t port, std::string const& email,
                      std::string const& password = kTestPassword);
// The "cc_refresh=<value>" part of a Set-Cookie header; "" if the response set none.
std::string refresh_cookie_of(HttpResponse const& response);

}  // namespace cc::itest
