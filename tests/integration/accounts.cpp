#include "integration/accounts.hpp"

#include "integration/server_process.hpp"

#include <boost/json/serialize.hpp>

#include <stdexcept>

namespace cc::itest {

namespace json = boost::json;
using boost::beast::http::verb;

namespace {

Account account_from(HttpResponse const& response) {
  auto body = response.json().as_object();
  auto const& user = body.at("user").as_object();
  return Account{std::string(user.at("id").as_string()), std::string(user.at("email").as_string()),
                 std::string(user.at("name").as_string()), std::string(body.at("accessToken").as_string()),
                 refresh_cookie_of(response)};
}

}  // namespace

std::string refresh_cookie_of(HttpResponse const& response) {
  std::string set_cookie = response.header("Set-Cookie");
  auto end = set_cookie.find(';');
  return set_cookie.substr(0, end);
}

Account register_account(std::uint16_t port, std::string const& email, std::string const& name,
                         std::string const& password) {
  auto response =
      http_post(port, "/api/auth/register",
                json::serialize(json::object{{"email", email}, {"password", password}, {"name", name}}));
  if (response.status != 201) throw std::runtime_error("register " + email + ": " + response.describe());
  return account_from(response);
}

Account login_account(std::uint16_t port, std::string const& email, std::string const& password) {
  auto response = http_post(port, "/api/auth/login",
                            json::serialize(json::object{{"email", email}, {"password", password}}));
  if (response.status != 200) throw std::runtime_error("login " + email + ": " + response.describe());
  return account_from(response);
}

std::string const& ServerProcess::token() {
  if (token_.empty()) token_ = register_account(port_, kOwnerEmail, "Owner").token;
  return token_;
}

}  // namespace cc::itest
