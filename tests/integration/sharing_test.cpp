// Boards shared between accounts: invitations, share links, role changes and removals that
// take effect at once on open sessions, ownership, delete and restore, thumbnails and the
// activity log.
#include "integration/test_util.hpp"

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

namespace cc::itest {
namespace {

namespace json = boost::json;
using boost::beast::http::verb;

class Sharing : public ::testing::Test {
 protected:
  Sharing() {
    ann_ = register_account(server_.port(), "ann@example.test", "Ann");
    bo_ = register_account(server_.port(), "bo@example.test", "Bo");
    expect(api(ann_, verb::post, "/api/boards", R"({"id":"plan","name":"Plan"})"), 201);
  }

  HttpResponse api(Account const& who, verb method, std::string const& target, std::string const& body = {}) {
    return api_request(server_.port(), method, target, who.token, body);
  }
  static json::value expect(HttpResponse const& response, unsigned status) {
    EXPECT_EQ(response.status, status) << response.describe();
    return response.status == 204 || response.body.empty() ? json::value() : response.json();
  }
  // Ann invites Bo with role; Bo accepts.
  void invite_bo(std::string const& role) {
    auto invite = expect(api(ann_, verb::post, "/api/boards/plan/invites",
                             json::serialize(json::object{{"email", bo_.email}, {"role", role}})),
                         201);
    std::string url(invite.at("url").as_string());
    EXPECT_EQ(url, "/invite/" + std::string(invite.at("token").as_string()));
    auto joined = expect(
        api(bo_, verb::post, "/api/invites/" + std::string(invite.at("token").as_string()) + "/accept"), 200);
    EXPECT_EQ(joined.at("board"), "plan");
    EXPECT_EQ(joined.at("role"), role.c_str());
  }
  std::unique_ptr<WsClient> join(Account const& who, std::string const& board = "plan") {
    auto ws = WsClient::open(
        server_.port(), board,
        WsOptions{.connect_timeout = kDefaultWait, .receive_buffer_bytes = 0, .token = who.token});
    ws->hello(0, who.name);
    return ws;
  }

  ServerProcess server_;
  Account ann_, bo_;
};

TEST_F(Sharing, InvitationIsSingleUseAndShowsInTheDashboard) {
  auto invite = expect(
      api(ann_, verb::post, "/api/boards/plan/invites", R"({"email":"BO@example.test","role":"editor"})"),
      201);
  std::string const token(invite.at("token").as_string());
  EXPECT_EQ(invite.at("invite").at("email"), "bo@example.test");
  auto pending = expect(api(ann_, verb::get, "/api/boards/plan/invites"), 200);
  ASSERT_EQ(pending.at("invites").as_array().size(), 1u);
  EXPECT_FALSE(pending.at("invites").at(0).as_object().contains("token")) << "tokens are never shown again";

  EXPECT_EQ(api(bo_, verb::get, "/api/boards/plan").status, 404u) << "not a member yet";
  expect(api(bo_, verb::post, "/api/invites/" + token + "/accept"), 200);
  auto mine = expect(api(bo_, verb::get, "/api/boards"), 200);
  ASSERT_EQ(mine.at("boards").as_array().size(), 1u);
  EXPECT_EQ(mine.at("boards").at(0).at("role"), "editor");
  EXPECT_EQ(mine.at("boards").at(0).at("name"), "Plan");

  Account cy = register_account(server_.port(), "cy@example.test", "Cy");
  auto again = api(cy, verb::post, "/api/invites/" + token + "/accept");
  EXPECT_EQ(again.status, 410u) << again.describe();
  EXPECT_EQ(api(cy, verb::get, "/api/boards/plan").status, 404u);
  EXPECT_EQ(api(cy, verb::post, "/api/invites/not-a-real-token/accept").status, 404u);

  // A revoked invitation cannot be used.
  auto second = expect(
      api(ann_, verb::post, "/api/boards/plan/invites", R"({"email":"cy@example.test","role":"viewer"})"),
      201);
  expect(api(ann_, verb::delete_,
             "/api/boards/plan/invites/" + std::string(second.at("invite").at("id").as_string())),
         204);
  EXPECT_EQ(
      api(cy, verb::post, "/api/invites/" + std::string(second.at("token").as_string()) + "/accept").status,
      404u);
}

TEST_F(Sharing, DemotionAndRemovalTakeEffectOnOpenSessions) {
  invite_bo("editor");
  auto ann_ws = join(ann_);
  auto bo_ws = join(bo_);
  bo_ws->send_ops("bo-1", {put_op("r1", "rect", rect_props(1, 1))});
  bo_ws->wait_for([](json::object const& m) { return type_of(m) == "ack"; }, "Bo's ack");

  auto member =
      expect(api(ann_, verb::patch, "/api/boards/plan/members/" + bo_.id, R"({"role":"viewer"})"), 200);
  EXPECT_EQ(member.at("member").at("role"), "viewer");
  auto role = bo_ws->wait_for_type("role");
  EXPECT_EQ(role.at("role"), "viewer");
  bo_ws->send_ops("bo-2", {put_op("r2", "rect", rect_props(2, 2))});
  auto refused = bo_ws->wait_for_type("error");
  EXPECT_EQ(refused.at("code"), "forbidden");
  EXPECT_EQ(refused.at("batch"), "bo-2");
  auto board = expect(api(ann_, verb::get, "/api/boards/plan"), 200);
  EXPECT_EQ(board.at("objects").as_array().size(), 1u) << "the viewer's batch changed nothing";

  expect(api(ann_, verb::delete_, "/api/boards/plan/members/" + bo_.id), 204);
  ASSERT_TRUE(bo_ws->wait_closed());
  EXPECT_EQ(bo_ws->close_info().code, 4403) << bo_ws->close_info().describe();
  ann_ws->expect_pong();
  EXPECT_EQ(api(bo_, verb::get, "/api/boards/plan").status, 404u);
  // And Bo cannot come back in.
  auto retry = WsClient::open(
      server_.port(), "plan",
      WsOptions{.connect_timeout = kDefaultWait, .receive_buffer_bytes = 0, .token = bo_.token});
  retry->send_json({{"type", "hello"}, {"since", 0}, {"token", bo_.token}});
  EXPECT_EQ(retry->wait_for_type("error").at("code"), "not_found");
}

TEST_F(Sharing, BoardAlwaysKeepsAnOwnerAndOwnershipCanBeTransferred) {
  invite_bo("editor");
  auto last = api(ann_, verb::patch, "/api/boards/plan/members/" + ann_.id, R"({"role":"editor"})");
  EXPECT_EQ(last.status, 409u) << last.describe();
  EXPECT_EQ(api(ann_, verb::delete_, "/api/boards/plan/members/" + ann_.id).status, 409u);

  expect(api(ann_, verb::patch, "/api/boards/plan/members/" + bo_.id, R"({"role":"owner"})"), 200);
  expect(api(ann_, verb::patch, "/api/boards/plan/members/" + ann_.id, R"({"role":"editor"})"), 200);
  auto members = expect(api(bo_, verb::get, "/api/boards/plan/members"), 200);
  for (auto const& m : members.at("members").as_array()) {
    auto const& id = m.at("user").at("id");
    EXPECT_EQ(m.at("role"), id == bo_.id.c_str() ? "owner" : "editor") << compact(m);
  }
  EXPECT_EQ(api(ann_, verb::delete_, "/api/boards/plan").status, 403u) << "Ann is an editor now";
}

TEST_F(Sharing, ShareLinkGrantsAccessUntilRevoked) {
  auto link = expect(api(ann_, verb::post, "/api/boards/plan/links", R"({"role":"viewer"})"), 201);
  std::string const url(link.at("link").at("url").as_string());
  std::string const token = url.substr(url.rfind('/') + 1);
  EXPECT_EQ(api(ann_, verb::post, "/api/boards/plan/links", R"({"role":"owner"})").status, 400u)
      << "a link never grants ownership";

  auto joined = expect(api(bo_, verb::post, "/api/links/" + token + "/accept"), 200);
  EXPECT_EQ(joined.at("role"), "viewer");
  auto bo_ws = join(bo_);
  auto members = expect(api(ann_, verb::get, "/api/boards/plan/members"), 200);
  bool via_link = false;
  for (auto const& m : members.at("members").as_array()) {
    if (m.at("user").at("id") == bo_.id.c_str()) via_link = m.at("via") == "link";
  }
  EXPECT_TRUE(via_link) << compact(members);

  expect(
      api(ann_, verb::delete_, "/api/boards/plan/links/" + std::string(link.at("link").at("id").as_string())),
      204);
  ASSERT_TRUE(bo_ws->wait_closed());
  EXPECT_EQ(bo_ws->close_info().code, 4403);
  EXPECT_EQ(api(bo_, verb::get, "/api/boards/plan").status, 404u);
  EXPECT_EQ(api(bo_, verb::post, "/api/links/" + token + "/accept").status, 404u);
}

TEST_F(Sharing, DeleteClosesSessionsAndRestoreBringsTheBoardBack) {
  invite_bo("editor");
  auto bo_ws = join(bo_);
  bo_ws->send_ops("b1", {put_op("r1", "rect", rect_props(1, 1))});
  bo_ws->wait_for([](json::object const& m) { return type_of(m) == "ack"; }, "the ack");

  EXPECT_EQ(api(bo_, verb::delete_, "/api/boards/plan").status, 403u) << "editors cannot delete";
  expect(api(ann_, verb::delete_, "/api/boards/plan"), 204);
  ASSERT_TRUE(bo_ws->wait_closed());
  EXPECT_EQ(bo_ws->close_info().code, 4404) << bo_ws->close_info().describe();
  EXPECT_EQ(expect(api(ann_, verb::get, "/api/boards"), 200).at("total"), 0);
  EXPECT_EQ(expect(api(bo_, verb::get, "/api/boards"), 200).at("total"), 0);
  EXPECT_EQ(api(ann_, verb::get, "/api/boards/plan").status, 404u);
  auto trash = expect(api(ann_, verb::get, "/api/boards?deleted=1"), 200);
  ASSERT_EQ(trash.at("boards").as_array().size(), 1u);
  EXPECT_TRUE(trash.at("boards").at(0).as_object().contains("deletedAt"));

  EXPECT_EQ(api(bo_, verb::post, "/api/boards/plan/restore").status, 403u);
  auto restored = expect(api(ann_, verb::post, "/api/boards/plan/restore"), 200);
  EXPECT_FALSE(restored.at("board").as_object().contains("deletedAt"));
  auto board = expect(api(bo_, verb::get, "/api/boards/plan"), 200);
  EXPECT_EQ(board.at("objects").as_array().size(), 1u) << "the content is back";
}

TEST_F(Sharing, ThumbnailIsAnSvgOfTheContent) {
  auto ws = join(ann_);
  ws->send_ops("t1", {put_op("r1", "rect", rect_props(0, 0, "#ff0000")),
                      put_op("e1", "ellipse", rect_props(300, 200, "#00ff00"))});
  ws->wait_for([](json::object const& m) { return type_of(m) == "ack"; }, "the ack");
  auto svg = api(ann_, verb::get, "/api/boards/plan/thumbnail");
  ASSERT_EQ(svg.status, 200u) << svg.describe();
  EXPECT_EQ(svg.content_type, "image/svg+xml");
  EXPECT_EQ(svg.body.rfind("<svg", 0), 0u) << svg.body.substr(0, 200);
  EXPECT_NE(svg.body.find("#ff0000"), std::string::npos) << svg.body;
  EXPECT_NE(svg.body.find("#00ff00"), std::string::npos) << svg.body;
  std::string const etag = svg.header("ETag");
  ASSERT_FALSE(etag.empty());
  auto cached = api_request(server_.port(), verb::get, "/api/boards/plan/thumbnail", ann_.token, {},
                            {{"If-None-Match", etag}});
  EXPECT_EQ(cached.status, 304u) << cached.describe();
}

TEST_F(Sharing, ActivityLogTellsWhoDidWhat) {
  expect(api(ann_, verb::patch, "/api/boards/plan", R"({"name":"Roadmap"})"), 200);
  invite_bo("editor");
  expect(api(ann_, verb::patch, "/api/boards/plan/members/" + bo_.id, R"({"role":"viewer"})"), 200);
  auto log = expect(api(bo_, verb::get, "/api/boards/plan/activity"), 200);
  std::vector<std::string> types;
  for (auto const& e : log.at("events").as_array()) types.emplace_back(e.at("type").as_string());
  EXPECT_EQ(types, (std::vector<std::string>{"role_changed", "member_joined", "member_invited", "renamed",
                                             "created"}))
      << compact(log);
  auto const& changed = log.at("events").at(0);
  EXPECT_EQ(changed.at("actor").at("name"), "Ann");
  EXPECT_EQ(changed.at("detail").at("to"), "viewer") << compact(changed);
  auto const& renamed = log.at("events").at(3);
  EXPECT_EQ(renamed.at("detail").at("to"), "Roadmap") << compact(renamed);

  auto page = expect(api(bo_, verb::get, "/api/boards/plan/activity?limit=2"), 200);
  ASSERT_EQ(page.at("events").as_array().size(), 2u);
  auto before = to_u64(page.at("events").at(1).at("id"));
  auto rest = expect(api(bo_, verb::get, "/api/boards/plan/activity?before=" + std::to_string(before)), 200);
  EXPECT_EQ(rest.at("events").as_array().size(), 3u) << compact(rest);
}

TEST_F(Sharing, BadBodiesOnEveryRouteAre400AndChangeNothing) {
  invite_bo("editor");
  struct Bad {
    verb method;
    std::string target;
    std::string body;
  };
  std::vector<Bad> const bad = {
      {verb::post, "/api/boards", R"({"name":5})"},
      {verb::post, "/api/boards", R"({"name":"x","owner":"me"})"},
      {verb::post, "/api/boards", "[1,2"},
      {verb::patch, "/api/boards/plan", "{}"},
      {verb::patch, "/api/boards/plan", R"({"name":""})"},
      {verb::patch, "/api/boards/plan", R"({"name":")" + std::string(101, 'n') + "\"}"},
      {verb::patch, "/api/boards/plan", R"({"description":true})"},
      {verb::patch, "/api/boards/plan/members/" + bo_.id, R"({"role":"admin"})"},
      {verb::patch, "/api/boards/plan/members/" + bo_.id, R"({})"},
      {verb::patch, "/api/boards/plan/members/" + bo_.id, "role=viewer"},
      {verb::post, "/api/boards/plan/invites", R"({"email":"x@example.test"})"},
      {verb::post, "/api/boards/plan/invites", R"({"email":"nope","role":"viewer"})"},
      {verb::post, "/api/boards/plan/invites", R"({"email":"x@example.test","role":"viewer","note":"hi"})"},
      {verb::post, "/api/boards/plan/links", R"({"role":"owner"})"},
      {verb::post, "/api/boards/plan/links", R"({"role":["viewer"]})"},
      {verb::get, "/api/boards?limit=0", ""},
      {verb::get, "/api/boards?sort=size", ""},
      {verb::get, "/api/boards?offset=-1", ""},
      {verb::get, "/api/boards/plan/activity?limit=100000", ""},
      {verb::get, "/api/boards/bad%20id", ""},
      {verb::post, "/api/boards", std::string(70 * 1024, ' ')},
  };
  auto state = [&] {
    json::object s;
    s["board"] = expect(api(ann_, verb::get, "/api/boards/plan"), 200);
    s["members"] = expect(api(ann_, verb::get, "/api/boards/plan/members"), 200);
    s["invites"] = expect(api(ann_, verb::get, "/api/boards/plan/invites"), 200);
    s["links"] = expect(api(ann_, verb::get, "/api/boards/plan/links"), 200);
    s["total"] = expect(api(ann_, verb::get, "/api/boards"), 200).at("total");
    return json::serialize(s);
  };
  std::string const before = state();
  for (auto const& b : bad) {
    auto response = api(ann_, b.method, b.target, b.body);
    EXPECT_TRUE(response.status == 400u || response.status == 413u)
        << b.target << " " << b.body.substr(0, 60) << ": " << response.describe();
    auto body = response.json();
    EXPECT_FALSE(body.at("error").at("message").as_string().empty()) << response.describe();
  }
  EXPECT_EQ(state(), before);
}

}  // namespace
}  // namespace cc::itest
