// Accounts over the real HTTP API: register, log in, refresh-cookie rotation and reuse,
// logout, and every way an access token can be wrong. Tokens are forged with the server's own
// key (given by --jwt-secret) to reach the checks a signature alone would not.
#include "auth/access_token.hpp"

#include "integration/test_util.hpp"

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <ctime>

namespace cc::itest {
namespace {

namespace json = boost::json;
using boost::beast::http::verb;

constexpr char const* kSecret = "integration-test-secret-of-at-least-32-bytes";

std::int64_t now_s() { return static_cast<std::int64_t>(std::time(nullptr)); }

std::string base64url(std::string_view text) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : text) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(buffer >> bits) & 0x3F];
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (6 - bits)) & 0x3F];
  return out;
}

class Auth : public ::testing::Test {
 protected:
  // No grace for a reused refresh token: the tests present one again at once.
  Auth() : server_({"--jwt-secret", kSecret, "--refresh-reuse-grace-ms", "0"}) {}

  HttpResponse post(std::string const& target, std::string const& body, HttpHeaders headers = {}) {
    return http_request(server_.port(), verb::post, target, body, "application/json",
                        scaled(std::chrono::seconds(10)), headers);
  }
  unsigned me_status(std::string const& token) {
    return api_request(server_.port(), verb::get, "/api/me", token).status;
  }
  std::string error_code_of(HttpResponse const& response) {
    return std::string(response.json().at("error").at("code").as_string());
  }

  ServerProcess server_;
};

TEST_F(Auth, RegisterLoginAndMe) {
  auto registered =
      post("/api/auth/register", R"({"email":" Ada@Example.test ","password":"password one","name":"Ada"})");
  ASSERT_EQ(registered.status, 201u) << registered.describe();
  auto body = registered.json();
  EXPECT_EQ(body.at("user").at("email"), "ada@example.test");
  EXPECT_FALSE(body.at("user").as_object().contains("passwordHash"));
  std::string const cookie = registered.header("Set-Cookie");
  EXPECT_NE(cookie.find("cc_refresh="), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("Path=/api/auth"), std::string::npos) << cookie;

  auto me =
      api_request(server_.port(), verb::get, "/api/me", std::string(body.at("accessToken").as_string()));
  ASSERT_EQ(me.status, 200u) << me.describe();
  EXPECT_EQ(me.json().at("user").at("name"), "Ada");

  auto duplicate =
      post("/api/auth/register", R"({"email":"ADA@example.test","password":"password two","name":"A2"})");
  EXPECT_EQ(duplicate.status, 409u) << duplicate.describe();

  auto login = post("/api/auth/login", R"({"email":"ada@EXAMPLE.test","password":"password one"})");
  ASSERT_EQ(login.status, 200u) << login.describe();
  EXPECT_EQ(me_status(std::string(login.json().at("accessToken").as_string())), 200u);
}

TEST_F(Auth, WrongPasswordAndUnknownEmailLookTheSame) {
  register_account(server_.port(), "ada@example.test", "Ada");
  auto wrong = post("/api/auth/login", R"({"email":"ada@example.test","password":"not the password"})");
  auto unknown = post("/api/auth/login", R"({"email":"nobody@example.test","password":"not the password"})");
  EXPECT_EQ(wrong.status, 401u);
  EXPECT_EQ(unknown.status, 401u);
  EXPECT_EQ(wrong.body, unknown.body);
}

TEST_F(Auth, FailedLoginsAreRateLimited) {
  register_account(server_.port(), "ada@example.test", "Ada");
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(post("/api/auth/login", R"({"email":"ada@example.test","password":"wrong password"})").status,
              401u);
  }
  auto limited = post("/api/auth/login",
                      R"({"email":"ada@example.test","password":")" + std::string(kTestPassword) + "\"}");
  EXPECT_EQ(limited.status, 429u) << limited.describe();
  EXPECT_EQ(error_code_of(limited), "rate_limited");
  EXPECT_FALSE(limited.header("Retry-After").empty());
}

TEST_F(Auth, RefreshRotatesTheCookieAndReuseEndsTheSession) {
  Account ada = register_account(server_.port(), "ada@example.test", "Ada");
  auto first = post("/api/auth/refresh", "", {{"Cookie", ada.refresh_cookie}});
  ASSERT_EQ(first.status, 200u) << first.describe();
  std::string const rotated = refresh_cookie_of(first);
  EXPECT_NE(rotated, ada.refresh_cookie);
  std::string const fresh_token(first.json().at("accessToken").as_string());
  EXPECT_EQ(me_status(fresh_token), 200u);

  // The old cookie again: the whole login session is revoked, the rotated cookie and every
  // access token of the session with it.
  auto reused = post("/api/auth/refresh", "", {{"Cookie", ada.refresh_cookie}});
  EXPECT_EQ(reused.status, 401u) << reused.describe();
  EXPECT_NE(reused.header("Set-Cookie").find("Max-Age=0"), std::string::npos) << "the cookie is cleared";
  EXPECT_EQ(post("/api/auth/refresh", "", {{"Cookie", rotated}}).status, 401u);
  EXPECT_EQ(me_status(fresh_token), 401u);
  EXPECT_EQ(me_status(ada.token), 401u);
  EXPECT_EQ(post("/api/auth/refresh", "").status, 401u) << "no cookie";
}

TEST_F(Auth, LogoutAndLogoutEverywhere) {
  Account phone = register_account(server_.port(), "ada@example.test", "Ada");
  Account laptop = login_account(server_.port(), "ada@example.test");
  Account tablet = login_account(server_.port(), "ada@example.test");

  auto out = post("/api/auth/logout", "", {{"Cookie", phone.refresh_cookie}});
  EXPECT_EQ(out.status, 204u) << out.describe();
  EXPECT_EQ(me_status(phone.token), 401u);
  EXPECT_EQ(post("/api/auth/refresh", "", {{"Cookie", phone.refresh_cookie}}).status, 401u);
  EXPECT_EQ(me_status(laptop.token), 200u) << "other sessions stay";

  // Everywhere: every session ends, and open boards close with 4401.
  create_board(server_, "b");
  auto reg = api_request(server_.port(), verb::post, "/api/boards", laptop.token, R"({"id":"lb"})");
  ASSERT_EQ(reg.status, 201u) << reg.describe();
  auto ws = WsClient::open(
      server_.port(), "lb",
      WsOptions{.connect_timeout = kDefaultWait, .receive_buffer_bytes = 0, .token = tablet.token});
  ws->hello(0, "Ada");
  auto everywhere = api_request(server_.port(), verb::post, "/api/auth/logout-all", laptop.token);
  EXPECT_EQ(everywhere.status, 204u) << everywhere.describe();
  EXPECT_EQ(me_status(laptop.token), 401u);
  EXPECT_EQ(me_status(tablet.token), 401u);
  EXPECT_EQ(post("/api/auth/refresh", "", {{"Cookie", tablet.refresh_cookie}}).status, 401u);
  ASSERT_TRUE(ws->wait_closed());
  EXPECT_EQ(ws->close_info().code, 4401) << ws->close_info().describe();
}

TEST_F(Auth, EveryKindOfBadAccessTokenIsRefused) {
  Account ada = register_account(server_.port(), "ada@example.test", "Ada");
  auth::TokenSigner const server_key{std::string(kSecret)};
  auth::TokenSigner const other_key{std::string(40, 'z')};
  // The claims of a real token (same user and session), to build bad ones from.
  auto verified = server_key.verify(ada.token, now_s());
  ASSERT_TRUE(verified) << verified.error().message;
  auth::AccessClaims claims = *verified;

  auth::AccessClaims expired = claims;
  expired.issued_at = now_s() - 3600;
  expired.expires_at = now_s() - 60;
  std::string const header = base64url(R"({"alg":"none","typ":"JWT"})");
  std::string const payload = base64url(json::serialize(json::object{{"sub", claims.user},
                                                                     {"sid", claims.session},
                                                                     {"name", "Ada"},
                                                                     {"iat", now_s()},
                                                                     {"exp", now_s() + 600}}));
  std::string tampered = server_key.sign(claims);
  tampered[tampered.find('.') + 3] = tampered[tampered.find('.') + 3] == 'A' ? 'B' : 'A';

  std::vector<std::pair<std::string, std::string>> const bad = {
      {"missing", ""},
      {"garbage", "not-a-token"},
      {"expired", server_key.sign(expired)},
      {"another key", other_key.sign(claims)},
      {"alg none", header + "." + payload + "."},
      {"tampered payload", tampered},
      {"unknown session",
       server_key.sign(auth::AccessClaims{claims.user, "s_unknown", "Ada", now_s(), now_s() + 600})},
  };
  create_board(server_, "guarded");
  for (auto const& [what, token] : bad) {
    auto response = api_request(server_.port(), verb::get, "/api/boards", token);
    EXPECT_EQ(response.status, 401u) << what << ": " << response.describe();
    EXPECT_EQ(error_code_of(response), "unauthorized") << what;
    // The WebSocket refuses it the same way: an error frame, then close 4401.
    auto ws = WsClient::open(server_.port(), "guarded");
    ws->send_json({{"type", "hello"}, {"since", 0}, {"token", token}});
    EXPECT_EQ(ws->wait_for_type("error").at("code"), "unauthorized") << what;
    ASSERT_TRUE(ws->wait_closed()) << what;
    EXPECT_EQ(ws->close_info().code, 4401) << what << ": " << ws->close_info().describe();
  }
  EXPECT_EQ(me_status(server_key.sign(claims)), 200u) << "the control: a well-made token passes";
}

TEST_F(Auth, BadBodiesAre400AndCreateNothing) {
  std::vector<std::pair<std::string, std::string>> const bad = {
      {"", "invalid_message"},
      {"{", "invalid_json"},
      {"[]", "invalid_message"},
      {R"({"email":"a@example.test","password":"password one"})", "invalid_message"},
      {R"({"email":"a@example.test","password":"password one","name":"A","admin":true})", "invalid_message"},
      {R"({"email":42,"password":"password one","name":"A"})", "invalid_message"},
      {R"({"email":"not an email","password":"password one","name":"A"})", "invalid_message"},
      {R"({"email":"a@example.test","password":"short","name":"A"})", "invalid_message"},
      {R"({"email":"a@example.test","password":")" + std::string(300, 'p') + R"(","name":"A"})", "too_large"},
      {R"({"email":"a@example.test","password":"password one","name":""})", "invalid_message"},
  };
  for (auto const& [body, code] : bad) {
    auto response = post("/api/auth/register", body);
    EXPECT_TRUE(response.status == 400u || response.status == 413u) << body << ": " << response.describe();
    EXPECT_EQ(error_code_of(response), code) << body;
  }
  // Login refuses the same shapes, and says nothing about accounts while doing so.
  for (std::string const& body :
       {std::string(""), std::string("{"), std::string(R"({"email":"a@example.test"})"),
        std::string(R"({"email":"a@example.test","password":7})"),
        std::string(R"({"email":"a@example.test","password":"x","remember":true})")}) {
    auto response = post("/api/auth/login", body);
    EXPECT_EQ(response.status, 400u) << body << ": " << response.describe();
  }
  auto oversize = post("/api/auth/register", std::string(100 * 1024, ' '));
  EXPECT_EQ(oversize.status, 413u) << oversize.describe();
  // Nothing was registered: the email is still free.
  EXPECT_EQ(
      post("/api/auth/register", R"({"email":"a@example.test","password":"password one","name":"A"})").status,
      201u);
}

// With the default grace, two tabs that refresh with the same cookie at once both stay logged in.
TEST(AuthGrace, TabsRefreshingTogetherStayLoggedIn) {
  ServerProcess server;
  Account ada = register_account(server.port(), "ada@example.test", "Ada");
  auto refresh = [&](std::string const& cookie) {
    return http_request(server.port(), verb::post, "/api/auth/refresh", "", "application/json",
                        scaled(std::chrono::seconds(10)), {{"Cookie", cookie}});
  };
  auto first_tab = refresh(ada.refresh_cookie);
  auto second_tab = refresh(ada.refresh_cookie);
  ASSERT_EQ(first_tab.status, 200u) << first_tab.describe();
  ASSERT_EQ(second_tab.status, 200u) << second_tab.describe();
  // Both tabs' new cookies work, and the session is intact.
  EXPECT_EQ(refresh(refresh_cookie_of(first_tab)).status, 200u);
  EXPECT_EQ(refresh(refresh_cookie_of(second_tab)).status, 200u);
  EXPECT_EQ(api_request(server.port(), verb::get, "/api/me", ada.token).status, 200u);
}

}  // namespace
}  // namespace cc::itest
