// The HTTP side: health, readiness, metrics, the boards API, errors as JSON, the dev page.
#include "integration/test_util.hpp"

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <thread>

namespace cc::itest {
namespace {

namespace json = boost::json;

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
  create_board(server_.port(), "metered");
  Peer peer("Ada", "metered");
  peer.connect(server_.port());
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
  HttpResponse const generated = http_post(server_.port(), "/api/boards", "{}");
  ASSERT_EQ(generated.status, 201u) << generated.describe();
  auto const generated_body = generated.json();
  ASSERT_TRUE(generated_body.is_object() && generated_body.get_object().contains("id"))
      << generated.describe();
  ASSERT_TRUE(generated_body.at("id").is_string()) << generated.describe();
  std::string const generated_id(generated_body.at("id").get_string());
  EXPECT_TRUE(valid_id(generated_id)) << generated_id;

  HttpResponse const named = http_post(server_.port(), "/api/boards", R"({"id":"my-board"})");
  ASSERT_EQ(named.status, 201u) << named.describe();
  EXPECT_EQ(named.json().at("id"), "my-board") << named.describe();

  HttpResponse const list = http_get(server_.port(), "/api/boards");
  ASSERT_EQ(list.status, 200u) << list.describe();
  auto const list_body = list.json();
  ASSERT_TRUE(list_body.is_object() && list_body.get_object().contains("boards") &&
              list_body.at("boards").is_array())
      << list.describe();
  std::map<std::string, std::uint64_t> listed;
  for (auto const& board : list_body.at("boards").get_array()) {
    ASSERT_TRUE(board.is_object() && board.get_object().contains("id") && board.get_object().contains("seq"))
        << list.describe();
    listed[std::string(board.at("id").as_string())] = to_u64(board.at("seq"));
  }
  EXPECT_TRUE(listed.contains(generated_id)) << list.describe();
  ASSERT_TRUE(listed.contains("my-board")) << list.describe();
  EXPECT_EQ(listed["my-board"], 0u);

  BoardSnapshot const empty = get_board(server_.port(), "my-board");
  EXPECT_EQ(empty.raw.at("id"), "my-board");
  EXPECT_EQ(empty.seq, 0u);
  EXPECT_TRUE(empty.objects.empty());

  // Edits show in GET and in the list.
  Peer peer("Ada", "my-board");
  peer.connect(server_.port());
  peer.send("c-1", {put_op("r1", "rect", rect_props(3, 4))});
  peer.wait_acked("c-1");
  BoardSnapshot const edited = get_board(server_.port(), "my-board");
  EXPECT_EQ(edited.seq, 1u);
  ASSERT_EQ(edited.objects.size(), 1u);
  EXPECT_EQ(edited.objects.begin()->first, "r1");
  EXPECT_EQ(edited.objects.begin()->second.kind, "rect");
  EXPECT_TRUE(json_same(edited.objects.begin()->second.props.at("x"), 3)) << compact(edited.raw);

  auto const relisted = http_get(server_.port(), "/api/boards").json();
  bool found = false;
  for (auto const& board : relisted.at("boards").get_array()) {
    if (board.at("id") == "my-board") {
      found = true;
      EXPECT_EQ(to_u64(board.at("seq")), 1u) << compact(relisted);
    }
  }
  EXPECT_TRUE(found) << compact(relisted);
}

TEST_F(HttpTest, UnknownRouteAndUnknownBoardAre404Json) {
  expect_error(http_get(server_.port(), "/no/such/route"), 404, "not_found");
  expect_error(http_get(server_.port(), "/api/boards/no-such-board"), 404, "not_found");
}

TEST_F(HttpTest, MalformedBodyAndBadIdAre400) {
  expect_error(http_post(server_.port(), "/api/boards", "{\"id\":"), 400, "");
  expect_error(http_post(server_.port(), "/api/boards", "not json at all"), 400, "");
  expect_error(http_post(server_.port(), "/api/boards", R"({"id":"bad id!"})"), 400, "");
  expect_error(http_post(server_.port(), "/api/boards", R"({"id":""})"), 400, "");
  expect_error(http_post(server_.port(), "/api/boards", "{\"id\":\"" + std::string(65, 'a') + "\"}"), 400,
               "");
  expect_error(http_post(server_.port(), "/api/boards", R"({"id":42})"), 400, "");

  // None of them created anything.
  auto const list = http_get(server_.port(), "/api/boards").json();
  EXPECT_TRUE(list.at("boards").as_array().empty()) << compact(list);
}

TEST_F(HttpTest, DuplicateIdIs409Conflict) {
  create_board(server_.port(), "twice");
  expect_error(http_post(server_.port(), "/api/boards", R"({"id":"twice"})"), 409, "conflict");
  auto const list = http_get(server_.port(), "/api/boards").json();
  EXPECT_EQ(list.at("boards").as_array().size(), 1u) << compact(list);
}

TEST_F(HttpTest, DevPageIsServedAsHtml) {
  HttpResponse const page = http_get(server_.port(), "/b/some-board");
  ASSERT_EQ(page.status, 200u) << page.describe();
  EXPECT_TRUE(page.content_type.starts_with("text/html")) << page.content_type;
  std::string lower = page.body;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  EXPECT_NE(lower.find("<!doctype html"), std::string::npos) << page.describe();
  EXPECT_NE(page.body.find("/ws/"), std::string::npos) << "the page does not connect to /ws/<board>";
}

}  // namespace
}  // namespace cc::itest
