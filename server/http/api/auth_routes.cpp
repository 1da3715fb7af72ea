// POST /api/auth/{register,login,refresh,logout,logout-all} and GET /api/me.
#include "http/api/api_json.hpp"
#include "http/api/api_router.hpp"

#include <boost/beast/http/field.hpp>

namespace cc::http::api {

namespace json = boost::json;
namespace http = boost::beast::http;

namespace {

constexpr std::string_view kRefreshCookie = "cc_refresh";
constexpr std::size_t kMaxEmail = 254;
constexpr std::size_t kMaxPassword = 256;
constexpr std::size_t kMaxName = 64;

// The refresh token lives in a cookie the page's scripts cannot read, sent only to the auth
// routes and only by pages of this site.
std::string refresh_cookie(ServerContext const& context, std::string_view token, std::int64_t max_age_s) {
  std::string cookie = std::string(kRefreshCookie) + "=" + std::string(token) +
                       "; Path=/api/auth; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age_s);
  if (context.secure_cookies) cookie += "; Secure";
  return cookie;
}

Response granted(ServerContext const& context, Request const& request, auth::Grant const& grant,
                 http::status code) {
  auto res = json_ok(request,
                     json::object{{"user", user_json(grant.user)},
                                  {"accessToken", grant.access_token},
                                  {"expiresAt", grant.access_expires_ms}},
                     code);
  res.set(http::field::set_cookie,
          refresh_cookie(context, grant.refresh_token, (grant.refresh_expires_ms - now_ms()) / 1000));
  return res;
}

Response with_cleared_cookie(ServerContext const& context, Response res) {
  res.set(http::field::set_cookie, refresh_cookie(context, "", 0));
  return res;
}

void count_rejected(ServerContext& context) {
  context.metrics.rejected_inputs.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace

void register_user(ServerContext& context, CallPtr const& call) {
  auto body = JsonBody::parse(call->request.body(), {"email", "password", "name"});
  Result<std::string> email = body ? body->required_string("email", kMaxEmail) : body.error();
  Result<std::string> password = email ? body->required_string("password", kMaxPassword) : email.error();
  Result<std::string> name = password ? body->required_string("name", kMaxName) : password.error();
  if (!name) {
    count_rejected(context);
    return call->fail(name.error());
  }
  auto grant = context.auth.register_user(*email, *password, *name, now_ms());
  if (!grant) return call->fail(grant.error());
  call->answer(granted(context, call->request, *grant, http::status::created));
}

void login(ServerContext& context, CallPtr const& call) {
  auto body = JsonBody::parse(call->request.body(), {"email", "password"});
  Result<std::string> email = body ? body->required_string("email", kMaxEmail) : body.error();
  Result<std::string> password = email ? body->required_string("password", kMaxPassword) : email.error();
  if (!password) {
    count_rejected(context);
    return call->fail(password.error());
  }
  auto grant = context.auth.login(*email, *password, call->remote, now_ms());
  if (!grant) {
    auto res = error_for(call->request, grant.error());
    if (grant.error().code == ErrorCode::kRateLimited) {
      auto wait = context.auth.login_retry_after(*email, call->remote);
      res.set(http::field::retry_after, std::to_string(wait ? wait->count() : 1));
    }
    return call->answer(std::move(res));
  }
  call->answer(granted(context, call->request, *grant, http::status::ok));
}

void refresh(ServerContext& context, CallPtr const& call) {
  auto grant = context.auth.refresh(cookie(call->request, kRefreshCookie), now_ms());
  if (!grant) return call->answer(with_cleared_cookie(context, error_for(call->request, grant.error())));
  call->answer(granted(context, call->request, *grant, http::status::ok));
}

void logout(ServerContext& context, CallPtr const& call) {
  auto const now = now_ms();
  auto done = context.auth.logout(cookie(call->request, kRefreshCookie), now);
  // An access token, when sent, names the session too (a client whose cookie is gone).
  if (done) {
    if (auto principal = context.auth.authenticate(bearer_token(call->request), now)) {
      done = context.auth.logout_session(principal->session, now);
    }
  }
  if (!done) return call->fail(done.error());
  call->answer(with_cleared_cookie(context, no_content(call->request)));
}

void logout_all(ServerContext& context, CallPtr const& call) {
  auto done = context.auth.logout_everywhere(call->principal.user, now_ms());
  if (!done) return call->fail(done.error());
  // Open boards too: every connection of the user is closed and must log in again.
  for (auto const& actor : context.registry.all_open()) {
    actor->remove_user(call->principal.user, sync::CloseCode::kUnauthorized, "logged out everywhere");
  }
  call->answer(with_cleared_cookie(context, no_content(call->request)));
}

void me(ServerContext& context, CallPtr const& call) {
  auto user = context.accounts.find_user(call->principal.user);
  if (!user) return call->fail(user.error());
  if (!*user) return call->fail(make_error(ErrorCode::kUnauthorized, "the account no longer exists"));
  call->answer(json_ok(call->request, json::object{{"user", user_json(**user)}}));
}

}  // namespace cc::http::api
