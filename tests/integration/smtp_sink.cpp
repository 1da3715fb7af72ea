#include "integration/smtp_sink.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <cctype>
#include <exception>
#include <stdexcept>

namespace cc::itest {
namespace {

namespace json = boost::json;

constexpr std::string_view kReadyPrefix = "smtp listening on 127.0.0.1:";
constexpr char const* kInstallHint = "make test installs it (make smtp-deps installs only the npm packages)";

bool iequals(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  });
}

ReceivedMail parse_report(std::string const& line) {
  ReceivedMail mail;
  mail.json = line;
  try {
    auto const report = json::parse(line).as_object();
    mail.from = std::string(report.at("from").as_string());
    for (auto const& to : report.at("to").as_array()) mail.to.emplace_back(to.as_string());
    mail.subject = std::string(report.at("subject").as_string());
    mail.text = std::string(report.at("text").as_string());
    for (auto const& header : report.at("headers").as_array()) mail.headers.emplace_back(header.as_string());
  } catch (std::exception const& e) {
    throw std::runtime_error("the SMTP sink printed a line that is not a mail report (" +
                             std::string(e.what()) + "): '" + line + "'");
  }
  return mail;
}

}  // namespace

std::optional<std::string> ReceivedMail::header(std::string_view name) const {
  for (auto const& line : headers) {
    auto const colon = line.find(':');
    if (colon == std::string::npos || !iequals(std::string_view(line).substr(0, colon), name)) continue;
    auto const value = line.find_first_not_of(' ', colon + 1);
    return value == std::string::npos ? std::string() : line.substr(value);
  }
  return std::nullopt;
}

SmtpSink::SmtpSink() : root_("collabcanvas-smtp") {
  std::filesystem::path const dir = std::filesystem::path(COLLABCANVAS_SOURCE_DIR) / "tests" / "smtp";
  auto const missing = [](std::string const& what) {
    return std::runtime_error("the invitation mail tests need " + what + "; " + kInstallHint);
  };
  auto const node = find_on_path("node");
  if (!node) throw missing("Node.js: there is no node on PATH");
  for (char const* package : {"smtp-server", "mailparser"}) {
    if (!std::filesystem::exists(dir / "node_modules" / package / "package.json"))
      throw missing(std::string("the npm package ") + package + ", not installed in " +
                    (dir / "node_modules").string());
  }

  log_path_ = root_.path() / "smtp.log";
  child_.spawn(ChildOptions{.argv = {node->string(), (dir / "smtp_sink.mjs").string()},
                            .stderr_path = log_path_,
                            .stdin_pipe = true});
  auto const timeout = scaled(std::chrono::seconds(10));
  std::string line;
  auto const read = child_.read_line(line, ChildProcess::Clock::now() + timeout);
  auto const port = read == ChildProcess::Read::kLine ? ready_port(line, kReadyPrefix) : std::nullopt;
  if (!port) {
    std::string const what = read == ChildProcess::Read::kTimeout
                                 ? "did not start within " + std::to_string(timeout.count()) + " ms"
                             : read == ChildProcess::Read::kClosed ? "exited before it was ready"
                                                                   : "printed '" + line + "'";
    child_.kill9();
    throw std::runtime_error("the SMTP sink (node " + (dir / "smtp_sink.mjs").string() + ") " + what +
                             " (expected '" + std::string(kReadyPrefix) + "<port>'); its stderr:\n" +
                             log_tail());
  }
  port_ = *port;
}

SmtpSink::~SmtpSink() {
  child_.close_stdin();
  if (child_.running() && !child_.wait_for(scaled(std::chrono::seconds(5)))) child_.kill9();
  print_log_if_failing("SMTP sink log", log_tail());
}

std::optional<ReceivedMail> SmtpSink::poll_mail(std::chrono::milliseconds timeout) {
  std::string line;
  switch (child_.read_line(line, ChildProcess::Clock::now() + timeout)) {
    case ChildProcess::Read::kLine:
      return parse_report(line);
    case ChildProcess::Read::kTimeout:
      return std::nullopt;
    case ChildProcess::Read::kClosed:
      break;
  }
  throw std::runtime_error("the SMTP sink closed its stdout (exited?); its stderr:\n" + log_tail());
}

ReceivedMail SmtpSink::next_mail(std::chrono::milliseconds timeout) {
  if (auto mail = poll_mail(timeout)) return *mail;
  throw std::runtime_error("no mail reached the SMTP sink within " + std::to_string(timeout.count()) + " ms");
}

std::string SmtpSink::log_tail(std::size_t max_bytes) const {
  return file_tail(log_path_, max_bytes, "(no SMTP sink log)");
}

}  // namespace cc::itest
