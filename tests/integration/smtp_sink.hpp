// A real SMTP server for the tests: tests/smtp/smtp_sink.mjs (the npm package smtp-server,
// installed by make test) run with node from PATH, on 127.0.0.1 on a port of its own. It
// takes every mail and reports each one on its stdout, which this class reads.
#pragma once

#include "integration/child_process.hpp"
#include "integration/server_process.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cc::itest {

struct ReceivedMail {
  std::string from;                  // the envelope's sender (MAIL FROM)
  std::vector<std::string> to;       // the envelope's recipients (RCPT TO)
  std::string subject;               // decoded
  std::string text;                  // the plain-text body, decoded
  std::vector<std::string> headers;  // the header lines as they arrived, split at every CR or LF
  std::string json;                  // the sink's whole report, for failure messages

  // The value of the first header line named name (case-insensitive); nullopt if none.
  std::optional<std::string> header(std::string_view name) const;
};

class SmtpSink {
 public:
  // Starts the sink and reads its port. Throws std::runtime_error saying what is missing
  // (node, the npm packages) or what the sink printed if it does not start.
  SmtpSink();
  // Closes its stdin (it exits), SIGKILL if it lingers; prints its log if the test failed.
  ~SmtpSink();
  SmtpSink(SmtpSink const&) = delete;
  SmtpSink& operator=(SmtpSink const&) = delete;

  std::uint16_t port() const noexcept { return port_; }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }

  // The next mail received, waiting up to timeout; nullopt if none came.
  std::optional<ReceivedMail> poll_mail(std::chrono::milliseconds timeout);
  // The next mail received; throws if none comes within timeout.
  ReceivedMail next_mail(std::chrono::milliseconds timeout = scaled(std::chrono::seconds(10)));

  // The last max_bytes of what the sink wrote to stderr.
  std::string log_tail(std::size_t max_bytes = 4000) const;

 private:
  TempDir root_;                    // holds smtp.log
  std::filesystem::path log_path_;  // root_/smtp.log
  ChildProcess child_;
  std::uint16_t port_ = 0;
};

}  // namespace cc::itest
