// Invitation mail end to end: the server sends it through libcurl to a real SMTP server
// (tests/smtp, from npm), and the invitee joins with the link read from the mail. Also: names
// cannot add mail headers, and a mail server that cannot be reached costs only a log line.
#include "integration/smtp_sink.hpp"
#include "integration/test_util.hpp"

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <memory>
#include <netinet/in.h>
#include <stdexcept>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace cc::itest {
namespace {

namespace json = boost::json;
using boost::beast::http::verb;

constexpr char const* kPublicUrl = "http://collab.example.test";
constexpr char const* kSender = "CollabCanvas <noreply@example.test>";

std::vector<std::string> mail_flags(std::string const& smtp_url) {
  return {"--smtp-url", smtp_url, "--smtp-from", kSender, "--public-url", kPublicUrl};
}

json::value expect(HttpResponse const& response, unsigned status) {
  EXPECT_EQ(response.status, status) << response.describe();
  return response.status == status && !response.body.empty() ? response.json() : json::value();
}

// POST /api/boards/<board>/invites; the token from the answer ("" unless 201).
std::string invite(ServerProcess& server, Account const& owner, std::string const& board,
                   std::string const& email, std::string const& role) {
  auto answer =
      expect(api_request(server.port(), verb::post, "/api/boards/" + board + "/invites", owner.token,
                         json::serialize(json::object{{"email", email}, {"role", role}})),
             201);
  return answer.is_object() ? std::string(answer.at("token").as_string()) : std::string();
}

// The tokens of every <public-url>/invite/<token> link in a text.
std::vector<std::string> invite_tokens(std::string const& text) {
  std::string const prefix = std::string(kPublicUrl) + "/invite/";
  std::vector<std::string> tokens;
  for (auto at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at + 1)) {
    auto const begin = at + prefix.size();
    auto const end =
        text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", begin);
    tokens.push_back(text.substr(begin, end == std::string::npos ? std::string::npos : end - begin));
  }
  return tokens;
}

// The name part of each header line ("" for a line without a colon).
std::vector<std::string> header_names(ReceivedMail const& mail) {
  std::vector<std::string> names;
  for (auto const& line : mail.headers) {
    auto const colon = line.find(':');
    names.push_back(colon == std::string::npos ? std::string() : line.substr(0, colon));
  }
  return names;
}

// Runs one UPDATE with two text parameters on the server's database, which must be stopped:
// how text the API refuses could still reach the server (written by an older version, or by
// hand). Expects exactly one row changed.
void update_database(ServerProcess const& server, char const* sql, std::string const& value,
                     std::string const& key) {
  sqlite3* raw = nullptr;
  int rc =
      sqlite3_open_v2((server.data_dir() / "collabcanvas.db").c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr);
  std::unique_ptr<sqlite3, decltype(&sqlite3_close)> db(raw, sqlite3_close);
  ASSERT_EQ(rc, SQLITE_OK) << sqlite3_errstr(rc);
  sqlite3_stmt* statement = nullptr;
  rc = sqlite3_prepare_v2(db.get(), sql, -1, &statement, nullptr);
  std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> owner(statement, sqlite3_finalize);
  ASSERT_EQ(rc, SQLITE_OK) << sqlite3_errmsg(db.get()) << " in " << sql;
  sqlite3_bind_text(statement, 1, value.c_str(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  sqlite3_bind_text(statement, 2, key.c_str(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
  ASSERT_EQ(sqlite3_step(statement), SQLITE_DONE) << sqlite3_errmsg(db.get()) << " in " << sql;
  ASSERT_EQ(sqlite3_changes(db.get()), 1) << sql;
}

// A port on 127.0.0.1 that refuses connections: bound, so nothing else takes it, but never
// listening.
class RefusingPort {
 public:
  RefusingPort() : fd_(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    if (fd_ < 0) throw std::runtime_error(errno_text("socket"));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (bind(fd_, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
        getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      std::string const error = errno_text("bind");
      close(fd_);
      throw std::runtime_error(error);
    }
    port_ = ntohs(address.sin_port);
  }
  ~RefusingPort() { close(fd_); }
  RefusingPort(RefusingPort const&) = delete;
  RefusingPort& operator=(RefusingPort const&) = delete;

  std::uint16_t port() const noexcept { return port_; }

 private:
  int fd_;
  std::uint16_t port_ = 0;
};

std::size_t count_of(std::string const& text, std::string const& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(InviteMail, TheMailedLinkMakesTheInviteeAnEditor) {
  SmtpSink sink;
  ServerProcess server(mail_flags(sink.url()));
  Account ann = register_account(server.port(), "ann@example.test", "Zoë Example");
  expect(api_request(server.port(), verb::post, "/api/boards", ann.token,
                     R"({"id":"plan","name":"Café Plan ☕"})"),
         201);

  std::string const api_token = invite(server, ann, "plan", "bo@example.test", "editor");
  ASSERT_FALSE(api_token.empty());

  ReceivedMail const mail = sink.next_mail();
  SCOPED_TRACE("mail: " + mail.json);
  EXPECT_EQ(mail.to, std::vector<std::string>{"bo@example.test"});
  EXPECT_EQ(mail.from, "noreply@example.test");
  EXPECT_EQ(mail.header("To"), "<bo@example.test>");
  EXPECT_EQ(mail.header("From"), kSender);
  EXPECT_NE(mail.subject.find("Café Plan ☕"), std::string::npos) << "the subject names the board";
  EXPECT_NE(mail.subject.find("Zoë Example"), std::string::npos) << "the subject names the inviter";
  EXPECT_NE(mail.text.find(std::string(kPublicUrl) + "/invite/" + api_token), std::string::npos);
  auto const tokens = invite_tokens(mail.text);
  ASSERT_EQ(tokens.size(), 1u) << "one invitation link in the text";
  EXPECT_EQ(tokens[0], api_token);

  // Bo joins with the link from the mail.
  Account bo = register_account(server.port(), "bo@example.test", "Bo");
  auto joined =
      expect(api_request(server.port(), verb::post, "/api/invites/" + tokens[0] + "/accept", bo.token), 200);
  ASSERT_TRUE(joined.is_object());
  EXPECT_EQ(joined.at("board"), "plan");
  EXPECT_EQ(joined.at("role"), "editor");
  auto members = expect(api_request(server.port(), verb::get, "/api/boards/plan/members", ann.token), 200);
  ASSERT_TRUE(members.is_object());
  bool found = false;
  for (auto const& member : members.at("members").as_array()) {
    if (member.at("user").at("id") != bo.id.c_str()) continue;
    found = true;
    EXPECT_EQ(member.at("role"), "editor");
  }
  EXPECT_TRUE(found) << json::serialize(members);
  auto board = expect(api_request(server.port(), verb::get, "/api/boards/plan", bo.token), 200);
  ASSERT_TRUE(board.is_object());
  EXPECT_EQ(board.at("role"), "editor");

  EXPECT_FALSE(sink.poll_mail(std::chrono::milliseconds(300))) << "one invitation, one mail";
}

TEST(InviteMail, LineBreaksInNamesCannotAddHeaders) {
  SmtpSink sink;
  ServerProcess server(mail_flags(sink.url()));
  Account ann = register_account(server.port(), "ann@example.test", "Ann");
  expect(api_request(server.port(), verb::post, "/api/boards", ann.token, R"({"id":"plan","name":"Plan"})"),
         201);

  // The API refuses line breaks in names...
  std::string const bcc = "\r\nBcc: victim@example.test";
  EXPECT_EQ(http_post(server.port(), "/api/auth/register",
                      json::serialize(json::object{{"email", "mallory@example.test"},
                                                   {"password", kTestPassword},
                                                   {"name", "Mallory" + bcc}}))
                .status,
            400u);
  EXPECT_EQ(api_request(server.port(), verb::post, "/api/boards", ann.token,
                        json::serialize(json::object{{"id", "other"}, {"name", "Other" + bcc}}))
                .status,
            400u);
  EXPECT_EQ(api_request(server.port(), verb::patch, "/api/boards/plan", ann.token,
                        json::serialize(json::object{{"name", "Plan" + bcc}}))
                .status,
            400u);

  // ...and a mail with plain names shows which header lines the mailer writes.
  invite(server, ann, "plan", "cy@example.test", "viewer");
  ReceivedMail const plain = sink.next_mail();
  ASSERT_EQ(plain.to, std::vector<std::string>{"cy@example.test"}) << plain.json;

  // Names with line breaks put in the database behind the API's back.
  server.terminate();
  ASSERT_NO_FATAL_FAILURE(update_database(server, "UPDATE users SET name = ?1 WHERE email = ?2", "Ann" + bcc,
                                          "ann@example.test"));
  ASSERT_NO_FATAL_FAILURE(update_database(server, "UPDATE boards SET name = ?1 WHERE id = ?2",
                                          "Plan\nX-Injected: yes\r\n\r\nInjected body\rX-Also: yes", "plan"));
  server.start();
  ann = login_account(server.port(), "ann@example.test");
  std::string const token = invite(server, ann, "plan", "bo@example.test", "editor");

  ReceivedMail const mail = sink.next_mail();
  SCOPED_TRACE("mail: " + mail.json);
  EXPECT_EQ(mail.to, std::vector<std::string>{"bo@example.test"}) << "no recipient added";
  EXPECT_EQ(header_names(mail), header_names(plain)) << "the same header lines as with plain names";
  EXPECT_FALSE(mail.header("Bcc"));
  EXPECT_FALSE(mail.header("X-Injected"));
  EXPECT_FALSE(mail.header("X-Also"));
  auto const subject = mail.header("Subject");
  ASSERT_TRUE(subject);
  EXPECT_EQ(*subject, mail.subject) << "the subject is whole on its one line";
  EXPECT_EQ(mail.subject.find_first_of("\r\n"), std::string::npos);
  EXPECT_NE(mail.subject.find("Bcc: victim@example.test"), std::string::npos)
      << "the names stay, on one line";
  EXPECT_NE(mail.subject.find("X-Injected: yes"), std::string::npos);
  EXPECT_EQ(invite_tokens(mail.text), std::vector<std::string>{token});
  EXPECT_EQ(count_of(mail.text, "X-Injected: yes"), 1u);
  EXPECT_EQ(mail.text.find("\nX-Injected"), std::string::npos)
      << "no line of the body starts with the name's text";
}

TEST(InviteMail, AnUnreachableMailServerIsLoggedNotFatal) {
  RefusingPort refusing;
  ServerProcess server(mail_flags("smtp://127.0.0.1:" + std::to_string(refusing.port())));
  Account ann = register_account(server.port(), "ann@example.test", "Ann");
  expect(api_request(server.port(), verb::post, "/api/boards", ann.token, R"({"id":"plan","name":"Plan"})"),
         201);

  std::string const token = invite(server, ann, "plan", "bo@example.test", "editor");
  invite(server, ann, "plan", "cy@example.test", "viewer");

  std::string const failed = "mail: sending an invitation failed";
  auto const deadline = std::chrono::steady_clock::now() + scaled(std::chrono::seconds(10));
  while (count_of(server.log_tail(1 << 20), failed) < 2 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(count_of(server.log_tail(1 << 20), failed), 2u) << "each failed mail is logged";

  // The server goes on serving, and the invitation works without its mail.
  ASSERT_TRUE(server.running());
  auto pending = expect(api_request(server.port(), verb::get, "/api/boards/plan/invites", ann.token), 200);
  ASSERT_TRUE(pending.is_object());
  EXPECT_EQ(pending.at("invites").as_array().size(), 2u);
  Account bo = register_account(server.port(), "bo@example.test", "Bo");
  auto joined =
      expect(api_request(server.port(), verb::post, "/api/invites/" + token + "/accept", bo.token), 200);
  ASSERT_TRUE(joined.is_object());
  EXPECT_EQ(joined.at("role"), "editor");

  ExitStatus const status = server.terminate();
  EXPECT_TRUE(status.exited && status.code == 0) << status.describe();
}

}  // namespace
}  // namespace cc::itest
