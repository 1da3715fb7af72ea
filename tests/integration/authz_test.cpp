// Who may do what: every API route and the WebSocket's ops, for each of anonymous, a stranger
// (logged in, no role on the board), viewer, editor and owner, against the expected answer. A
// refused request changes nothing: the board, its members, invitations and links are compared
// before and after.
#include "integration/test_util.hpp"

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <array>
#include <functional>

namespace cc::itest {
namespace {

namespace json = boost::json;
using boost::beast::http::verb;

enum Who { kAnonymous, kStranger, kViewer, kEditor, kOwner };
constexpr std::array kEveryone{kAnonymous, kStranger, kViewer, kEditor, kOwner};
constexpr std::array<char const*, 5> kWhoNames{"anonymous", "stranger", "viewer", "editor", "owner"};

// A board with one member of each role, plus `other`, a viewer the member routes act on.
struct Scene {
  std::string board;
  std::string other;  // user id
  std::string invite;
  std::string link;
};

class Authorization : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = std::make_unique<ServerProcess>();
    auto port = server_->port();
    owner_ = register_account(port, "owner@example.test", "Olive");
    editor_ = register_account(port, "editor@example.test", "Ed");
    viewer_ = register_account(port, "viewer@example.test", "Vi");
    stranger_ = register_account(port, "stranger@example.test", "Stan");
    other_ = register_account(port, "other@example.test", "Otto");
  }
  static void TearDownTestSuite() { server_.reset(); }

  static std::uint16_t port() { return server_->port(); }

  static std::string token_of(Who who) {
    switch (who) {
      case kAnonymous:
        return "";
      case kStranger:
        return stranger_.token;
      case kViewer:
        return viewer_.token;
      case kEditor:
        return editor_.token;
      case kOwner:
        return owner_.token;
    }
    return "";
  }

  static HttpResponse call(Who who, verb method, std::string const& target, std::string const& body = {}) {
    return api_request(port(), method, target, token_of(who), body);
  }

  static json::object ok_json(HttpResponse const& response, unsigned status) {
    if (response.status != status)
      throw std::runtime_error("expected " + std::to_string(status) + ": " + response.describe());
    return response.json().as_object();
  }

  // Adds account as a member with role through an invitation the owner makes.
  static void add_member(std::string const& board, Account const& account, std::string const& role) {
    auto invite = ok_json(call(kOwner, verb::post, "/api/boards/" + board + "/invites",
                               json::serialize(json::object{{"email", account.email}, {"role", role}})),
                          201);
    std::string token(invite.at("token").as_string());
    ok_json(api_request(port(), verb::post, "/api/invites/" + token + "/accept", account.token), 200);
  }

  static Scene make_scene() {
    static int counter = 0;
    Scene scene;
    scene.board = "authz-" + std::to_string(++counter);
    ok_json(call(kOwner, verb::post, "/api/boards",
                 json::serialize(json::object{{"id", scene.board}, {"name", "Plan"}})),
            201);
    add_member(scene.board, viewer_, "viewer");
    add_member(scene.board, editor_, "editor");
    add_member(scene.board, other_, "viewer");
    scene.other = other_.id;
    auto invite = ok_json(call(kOwner, verb::post, "/api/boards/" + scene.board + "/invites",
                               R"({"email":"pending@example.test","role":"viewer"})"),
                          201);
    scene.invite = std::string(invite.at("invite").at("id").as_string());
    auto link = ok_json(
        call(kOwner, verb::post, "/api/boards/" + scene.board + "/links", R"({"role":"viewer"})"), 201);
    scene.link = std::string(link.at("link").at("id").as_string());
    return scene;
  }

  // Everything about the board an owner can see, without times that move on their own.
  static std::string state_of(std::string const& board) {
    json::object state;
    for (std::string_view part : {"", "/members", "/invites", "/links"}) {
      auto response = call(kOwner, verb::get, "/api/boards/" + board + std::string(part));
      state[part.empty() ? std::string_view("board") : part.substr(1)] =
          response.status == 200 ? response.json() : json::value(response.status);
    }
    auto deleted = call(kOwner, verb::get, "/api/boards?deleted=1").json();
    state["trash"] = deleted.at("total");
    return json::serialize(state);
  }

  static std::unique_ptr<ServerProcess> server_;
  static Account owner_, editor_, viewer_, stranger_, other_;
};

std::unique_ptr<ServerProcess> Authorization::server_;
Account Authorization::owner_, Authorization::editor_, Authorization::viewer_, Authorization::stranger_,
    Authorization::other_;

struct RouteCase {
  char const* name;
  verb method;
  std::function<std::string(Scene const&)> target;
  std::string body;
  std::array<unsigned, 5> expected;               // by Who
  std::function<void(Scene const&)> before = {};  // prepares the board (e.g. deletes it)
};

TEST_F(Authorization, EveryBoardRouteForEveryRole) {
  auto path = [](std::string suffix) {
    return [suffix](Scene const& s) { return "/api/boards/" + s.board + suffix; };
  };
  std::vector<RouteCase> const cases = {
      {"read board", verb::get, path(""), "", {401, 404, 200, 200, 200}},
      {"rename", verb::patch, path(""), R"({"name":"Renamed"})", {401, 404, 403, 200, 200}},
      {"thumbnail", verb::get, path("/thumbnail"), "", {401, 404, 200, 200, 200}},
      {"members", verb::get, path("/members"), "", {401, 404, 200, 200, 200}},
      {"activity", verb::get, path("/activity"), "", {401, 404, 200, 200, 200}},
      {"change role",
       verb::patch,
       [](Scene const& s) { return "/api/boards/" + s.board + "/members/" + s.other; },
       R"({"role":"editor"})",
       {401, 404, 403, 403, 200}},
      {"remove member",
       verb::delete_,
       [](Scene const& s) { return "/api/boards/" + s.board + "/members/" + s.other; },
       "",
       {401, 404, 403, 403, 204}},
      {"invite",
       verb::post,
       path("/invites"),
       R"({"email":"new@example.test","role":"editor"})",
       {401, 404, 403, 403, 201}},
      {"list invites", verb::get, path("/invites"), "", {401, 404, 403, 403, 200}},
      {"revoke invite",
       verb::delete_,
       [](Scene const& s) { return "/api/boards/" + s.board + "/invites/" + s.invite; },
       "",
       {401, 404, 403, 403, 204}},
      {"create link", verb::post, path("/links"), R"({"role":"editor"})", {401, 404, 403, 403, 201}},
      {"list links", verb::get, path("/links"), "", {401, 404, 403, 403, 200}},
      {"revoke link",
       verb::delete_,
       [](Scene const& s) { return "/api/boards/" + s.board + "/links/" + s.link; },
       "",
       {401, 404, 403, 403, 204}},
      {"delete board", verb::delete_, path(""), "", {401, 404, 403, 403, 204}},
      {"restore board",
       verb::post,
       path("/restore"),
       "",
       {401, 404, 403, 403, 200},
       [](Scene const& s) { ASSERT_EQ(call(kOwner, verb::delete_, "/api/boards/" + s.board).status, 204u); }},
  };
  for (auto const& c : cases) {
    Scene const scene = make_scene();
    if (c.before) c.before(scene);
    // From the least to the most privileged, so that a refused request meets the board as it
    // was and the one that succeeds comes last.
    for (Who who : kEveryone) {
      SCOPED_TRACE(std::string(c.name) + " as " + kWhoNames[who]);
      std::string const before = state_of(scene.board);
      HttpResponse const response = call(who, c.method, c.target(scene), c.body);
      EXPECT_EQ(response.status, c.expected[who]) << response.describe();
      if (response.status >= 400) {
        EXPECT_EQ(state_of(scene.board), before) << "a refused request changed something";
        auto const body = response.json();
        EXPECT_TRUE(body.at("error").at("message").as_string().size() > 0) << response.describe();
      }
    }
  }
}

TEST_F(Authorization, SomeoneElsesBoardIdAnswersAsIfItDidNotExist) {
  Scene const scene = make_scene();
  for (std::string const& suffix :
       {std::string(""), std::string("/members"), std::string("/activity"), std::string("/thumbnail"),
        std::string("/invites"), std::string("/links")}) {
    auto theirs = call(kStranger, verb::get, "/api/boards/" + scene.board + suffix);
    auto missing = call(kStranger, verb::get, "/api/boards/no-such-board" + suffix);
    EXPECT_EQ(theirs.status, 404u) << suffix << ": " << theirs.describe();
    EXPECT_EQ(theirs.body, missing.body) << suffix << ": the answer must not tell the board exists";
  }
  // And it is not in the stranger's dashboard.
  auto list = call(kStranger, verb::get, "/api/boards").json();
  for (auto const& board : list.at("boards").as_array()) EXPECT_NE(board.at("id"), scene.board.c_str());
}

TEST_F(Authorization, AccountRoutes) {
  for (Who who : kEveryone) {
    SCOPED_TRACE(kWhoNames[who]);
    unsigned const logged_in = who == kAnonymous ? 401u : 200u;
    EXPECT_EQ(call(who, verb::get, "/api/me").status, logged_in);
    EXPECT_EQ(call(who, verb::get, "/api/boards").status, logged_in);
    EXPECT_EQ(call(who, verb::post, "/api/boards", R"({"name":"Mine"})").status,
              who == kAnonymous ? 401u : 201u);
  }
  // Accepting invitations and links needs a login, nothing more.
  for (Who who : kEveryone) {
    SCOPED_TRACE(kWhoNames[who]);
    Scene const scene = make_scene();
    auto invite = ok_json(call(kOwner, verb::post, "/api/boards/" + scene.board + "/invites",
                               R"({"email":"someone@example.test","role":"editor"})"),
                          201);
    std::string token(invite.at("token").as_string());
    auto accepted = call(who, verb::post, "/api/invites/" + token + "/accept");
    EXPECT_EQ(accepted.status, who == kAnonymous ? 401u : 200u) << accepted.describe();
    if (who != kAnonymous) {
      // Never lowers a role: the owner stays owner.
      std::string const expected_role = who == kOwner ? "owner" : "editor";
      EXPECT_EQ(accepted.json().at("role"), expected_role.c_str()) << accepted.describe();
    }
    auto links = call(kOwner, verb::get, "/api/boards/" + scene.board + "/links").json();
    std::string url(links.at("links").at(0).at("url").as_string());
    auto via_link = call(who, verb::post, "/api/links/" + url.substr(url.rfind('/') + 1) + "/accept");
    EXPECT_EQ(via_link.status, who == kAnonymous ? 401u : 200u) << via_link.describe();
  }
}

// The WebSocket: who may join, and whose ops are applied.
TEST_F(Authorization, WebSocketJoinAndOps) {
  Scene const scene = make_scene();
  for (Who who : kEveryone) {
    SCOPED_TRACE(kWhoNames[who]);
    auto ws = WsClient::open(
        port(), scene.board,
        WsOptions{.connect_timeout = kDefaultWait, .receive_buffer_bytes = 0, .token = token_of(who)});
    if (who == kAnonymous || who == kStranger) {
      ws->send_json({{"type", "hello"}, {"since", 0}, {"token", token_of(who)}});
      auto error = ws->wait_for_type("error");
      EXPECT_EQ(error.at("code"), who == kAnonymous ? "unauthorized" : "not_found") << compact(error);
      ASSERT_TRUE(ws->wait_closed());
      EXPECT_EQ(ws->close_info().code, who == kAnonymous ? 4401 : 4404) << ws->close_info().describe();
      continue;
    }
    auto welcome = ws->hello(0, kWhoNames[who]);
    EXPECT_EQ(welcome.at("role"), kWhoNames[who]) << compact(welcome);
    std::string const batch = std::string("b-") + kWhoNames[who];
    ws->send_ops(batch, {put_op(std::string("r-") + kWhoNames[who], "rect", rect_props(1, 2))});
    auto reply =
        ws->wait_for([&](json::object const& m) { return type_of(m) == "ack" || type_of(m) == "error"; },
                     "the answer to " + batch);
    if (who == kViewer) {
      EXPECT_EQ(reply.at("code"), "forbidden") << compact(reply);
      EXPECT_EQ(reply.at("batch"), batch.c_str()) << compact(reply);
    } else {
      EXPECT_EQ(type_of(reply), "ack") << compact(reply);
    }
  }
  auto board = call(kOwner, verb::get, "/api/boards/" + scene.board).json();
  std::vector<std::string> ids;
  for (auto const& o : board.at("objects").as_array()) ids.emplace_back(o.at("id").as_string());
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::string>{"r-editor", "r-owner"})) << "the viewer's op must change nothing";
}

}  // namespace
}  // namespace cc::itest
