// The HTTP side: health, readiness, metrics, the boards API, errors as JSON, the dev page.
#include "integration/test_util.hpp"
#include "support/temp_dir.hpp"

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <thread>

namespace cc::itest {
namespace {

namespace json = boost::json;
using boost::beast::http::verb;

class HttpTest : public ::testing::Test {
 protected:
  ServerProcess server_;
};

// Asserts an error response: the status and {"error":{"code":<code>,"message":<string>}}.
void expect_error(HttpResponse const& response, unsigned status, std::string const& code) {
  EXPECT_EQ(response.status, status) << response.describe();
  json::value body;
  ASSERT_NO_THROW(body = response.json()) << response.describe();
  auto const* error = body.is_object() ? body.get_object().if_contains("error") : nullptr;
  ASSERT_TRUE(error != nullptr && error->is_object()) << "no error object in " << response.describe();
  auto const* error_code_value = error->get_object().if_contains("code");
  auto const* message = error->get_object().if_contains("message");
  ASSERT_TRUE(error_code_value != nullptr && error_code_value->is_string()) << response.describe();
  ASSERT_TRUE(message != nullptr && message->is_string()) << response.describe();
  EXPECT_FALSE(message->get_string().empty()) << response.describe();
  if (!code.empty()) {
    EXPECT_EQ(error_code_value->get_string(), code) << response.describe();
  }
}

bool valid_id(std::string_view id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
  });
}

// Polls /metrics until pred holds for it; returns the last scrape (the caller asserts).
std::map<std::string, double> scrape_until(
    std::uint16_t port, std::function<bool(std::map<std::string, double> const&)> const& pred) {
  auto const deadline = Clock::now() + scaled(3s);
  auto metrics = scrape_metrics(port);
  while (!pred(metrics) && Clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
    metrics = scrape_metrics(port);
  }
  return metrics;
}

TEST_F(HttpTest, HealthzAndReadyz) {
  HttpResponse const health = http_get(server_.port(), "/healthz");
  EXPECT_EQ(health.status, 200u) << health.describe();
  EXPECT_EQ(health.json(), (json::value{{"status", "ok"}})) << health.describe();

  HttpResponse const ready = http_get(server_.port(), "/readyz");
  EXPECT_EQ(ready.status, 200u) << ready.describe();
  EXPECT_EQ(ready.json(), (json::value{{"status", "ready"}})) << ready.describe();
}

TEST_F(HttpTest, MetricsExposeTheDocumentedNamesAndCountEdits) {
  HttpResponse const page = http_get(server_.port(), "/metrics");
  ASSERT_EQ(page.status, 200u) << page.describe();
  for (char const* name :
       {"collabcanvas_connections", "collabcanvas_boards_open", "collabcanvas_batches_applied_total",
        "collabcanvas_ops_applied_total", "collabcanvas_commit_seconds_bucket",
        "collabcanvas_commit_seconds_sum", "collabcanvas_commit_seconds_count",
        "collabcanvas_send_queue_closes_total", "collabcanvas_rejected_inputs_total"}) {
    EXPECT_NE(page.body.find(std::string("\n") + name), std::string::npos) << name << " missing from:\n"
                                                                           << page.body;
  }
  EXPECT_NE(page.body.find("# TYPE collabcanvas_commit_seconds histogram"), std::string::npos) << page.body;

  auto const before = scrape_metrics(server_.port());
  create_board(server_, "metered");
  Peer peer("Ada", "metered");
  peer.connect(server_);
  peer.send("m-1", {put_op("r1", "rect", rect_props(0, 0)), put_op("r2", "rect", rect_props(1, 1))});
  peer.send("m-2", {set_op("r1", {{"x", 10}}), set_op("r2", {{"y", 10}})});
  peer.send("m-3", {del_op("r2")});
  peer.wait_acked("m-3");

  auto const after = scrape_until(server_.port(), [&](auto const& m) {
    return metric(m, "collabcanvas_batches_applied_total") >=
           metric(before, "collabcanvas_batches_applied_total") + 3;
  });
  EXPECT_GE(metric(after, "collabcanvas_batches_applied_total"),
            metric(before, "collabcanvas_batches_applied_total") + 3);
  EXPECT_GE(metric(after, "collabcanvas_ops_applied_total"),
            metric(before, "collabcanvas_ops_applied_total") + 5);
  EXPECT_GT(metric(after, "collabcanvas_commit_seconds_count"),
            metric(before, "collabcanvas_commit_seconds_count"));
  EXPECT_GE(metric(after, "collabcanvas_connections"), 1.0);
  EXPECT_GE(metric(after, "collabcanvas_boards_open"), 1.0);

  // A refused input is counted.
  peer.ws().send_text("{not json");
  auto const error = peer.ws().wait_for_type("error");
  EXPECT_EQ(error_code(error), "invalid_json") << compact(error);
  auto const rejected = scrape_until(server_.port(), [&](auto const& m) {
    return metric(m, "collabcanvas_rejected_inputs_total") >
           metric(before, "collabcanvas_rejected_inputs_total");
  });
  EXPECT_GT(metric(rejected, "collabcanvas_rejected_inputs_total"),
            metric(before, "collabcanvas_rejected_inputs_total"));
}

TEST_F(HttpTest, CreateListAndGetBoards) {
  std::string const& token = server_.token();
  HttpResponse const generated = api_request(server_.port(), verb::post, "/api/boards", token, "{}");
  ASSERT_EQ(generated.status, 201u) << generated.describe();
  auto const generated_body = generated.json();
  auto const& generated_board = generated_body.at("board");
  std::string const generated_id(generated_board.at("id").as_string());
  EXPECT_TRUE(valid_id(generated_id)) << generated_id;
  EXPECT_EQ(generated_board.at("name"), "Untitled board") << generated.describe();
  EXPECT_EQ(generated_board.at("role"), "owner") << generated.describe();

  HttpResponse const named = api_request(server_.port(), verb::post, "/api/boards", token,
                                         R"({"id":"my-board","name":"  Team plan ","description":"Q3"})");
  ASSERT_EQ(named.status, 201u) << named.describe();
  auto const named_body = named.json();
  auto const& named_board = named_body.at("board");
  EXPECT_EQ(named_board.at("id"), "my-board");
  EXPECT_EQ(named_board.at("name"), "Team plan") << "names are trimmed";
  EXPECT_EQ(named_board.at("description"), "Q3");
  EXPECT_EQ(named_board.at("owner").at("name"), "Owner");

  HttpResponse const list = api_request(server_.port(), verb::get, "/api/boards?sort=name", token);
  ASSERT_EQ(list.status, 200u) << list.describe();
  auto const list_body = list.json();
  EXPECT_EQ(list_body.at("total"), 2) << list.describe();
  std::map<std::string, std::uint64_t> listed;
  for (auto const& board : list_body.at("boards").get_array()) {
    listed[std::string(board.at("id").as_string())] = to_u64(board.at("seq"));
  }
  EXPECT_TRUE(listed.contains(generated_id)) << list.describe();
  ASSERT_TRUE(listed.contains("my-board")) << list.describe();
  EXPECT_EQ(listed["my-board"], 0u);
  // Sorted by name: "Team plan" before "Untitled board".
  EXPECT_EQ(list_body.at("boards").at(0).at("id"), "my-board") << list.describe();

  BoardSnapshot const empty = get_board(server_, "my-board");
  EXPECT_EQ(empty.raw.at("id"), "my-board");
  EXPECT_EQ(empty.raw.at("name"), "Team plan");
  EXPECT_EQ(empty.seq, 0u);
  EXPECT_TRUE(empty.objects.empty());
  auto const meta_only =
      api_request(server_.port(), verb::get, "/api/boards/my-board?objects=0", token).json();
  EXPECT_EQ(meta_only.at("name"), "Team plan");
  EXPECT_FALSE(meta_only.as_object().contains("objects")) << compact(meta_only);

  // Edits show in GET and in the list.
  Peer peer("Ada", "my-board");
  peer.connect(server_);
  peer.send("c-1", {put_op("r1", "rect", rect_props(3, 4))});
  peer.wait_acked("c-1");
  BoardSnapshot const edited = get_board(server_, "my-board");
  EXPECT_EQ(edited.seq, 1u);
  ASSERT_EQ(edited.objects.size(), 1u);
  EXPECT_EQ(edited.objects.begin()->first, "r1");
  EXPECT_EQ(edited.objects.begin()->second.kind, "rect");
  EXPECT_TRUE(json_same(edited.objects.begin()->second.props.at("x"), 3)) << compact(edited.raw);

  auto const relisted = api_request(server_.port(), verb::get, "/api/boards", token).json();
  // Sorted by last change: the edited board first.
  ASSERT_FALSE(relisted.at("boards").as_array().empty()) << compact(relisted);
  EXPECT_EQ(relisted.at("boards").at(0).at("id"), "my-board") << compact(relisted);
  EXPECT_EQ(to_u64(relisted.at("boards").at(0).at("seq")), 1u) << compact(relisted);
}

TEST_F(HttpTest, UnknownRouteAndUnknownBoardAre404Json) {
  expect_error(http_get(server_.port(), "/no/such/route"), 404, "not_found");
  expect_error(api_request(server_.port(), verb::get, "/api/boards/no-such-board", server_.token()), 404,
               "not_found");
  expect_error(api_request(server_.port(), verb::get, "/api/no/such/route", server_.token()), 404,
               "not_found");
}

TEST_F(HttpTest, MalformedBodyAndBadIdAre400) {
  std::string const& token = server_.token();
  auto post = [&](std::string const& body) {
    return api_request(server_.port(), verb::post, "/api/boards", token, body);
  };
  expect_error(post("{\"id\":"), 400, "invalid_json");
  expect_error(post("not json at all"), 400, "invalid_json");
  expect_error(post(R"({"id":"bad id!"})"), 400, "invalid_id");
  expect_error(post(R"({"id":""})"), 400, "invalid_message");
  expect_error(post("{\"id\":\"" + std::string(65, 'a') + "\"}"), 413, "too_large");
  expect_error(post(R"({"id":42})"), 400, "invalid_message");
  expect_error(post(R"({"name":"   "})"), 400, "invalid_message");
  expect_error(post(R"({"name":"a","colour":"red"})"), 400, "invalid_message");

  // None of them created anything.
  auto const list = api_request(server_.port(), verb::get, "/api/boards", token).json();
  EXPECT_TRUE(list.at("boards").as_array().empty()) << compact(list);
  EXPECT_EQ(list.at("total"), 0) << compact(list);
}

TEST_F(HttpTest, DuplicateIdIs409Conflict) {
  create_board(server_, "twice");
  expect_error(api_request(server_.port(), verb::post, "/api/boards", server_.token(), R"({"id":"twice"})"),
               409, "conflict");
  auto const list = api_request(server_.port(), verb::get, "/api/boards", server_.token()).json();
  EXPECT_EQ(list.at("boards").as_array().size(), 1u) << compact(list);
}

TEST(WebClientPages, EveryPageOfTheClientServesItsIndex) {
  cc::testing::TempDir web;
  {
    std::ofstream(web.path() / "index.html") << "<!doctype html><title>client</title>";
    std::ofstream(web.path() / "app.js") << "console.log(1)";
  }
  ServerProcess server({"--static-dir", web.path().string()});
  for (std::string const page : {"/", "/login", "/b/plan", "/b/plan/settings", "/invite/tok-1", "/s/tok_2"}) {
    HttpResponse const response = http_get(server.port(), page);
    EXPECT_EQ(response.status, 200u) << page << ": " << response.describe();
    EXPECT_EQ(response.body, "<!doctype html><title>client</title>") << page;
  }
  HttpResponse const script = http_get(server.port(), "/app.js");
  EXPECT_EQ(script.status, 200u);
  EXPECT_TRUE(script.content_type.find("javascript") != std::string::npos) << script.content_type;
  EXPECT_EQ(http_get(server.port(), "/b/bad%20id").status, 404u);
  EXPECT_EQ(http_get(server.port(), "/nothing-here.js").status, 404u);
}

TEST_F(HttpTest, WithoutTheWebClientPagesSayHowToBuildIt) {
  HttpResponse const page = http_get(server_.port(), "/b/some-board");
  EXPECT_EQ(page.status, 503u) << page.describe();
  EXPECT_TRUE(page.content_type.starts_with("text/html")) << page.content_type;
  EXPECT_NE(page.body.find("make web"), std::string::npos) << page.describe();
}

}  // namespace
}  // namespace cc::itest
