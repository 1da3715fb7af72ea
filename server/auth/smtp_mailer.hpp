// Invitation mail over SMTP (libcurl), sent from a thread of its own so that requests never
// wait for the mail server. Mail that cannot be sent is logged and dropped: the invitation
// link is also shown to the owner who made it, so nothing is lost.
#pragma once

#include "auth/mailer.hpp"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

namespace cc::auth {

struct SmtpOptions {
  std::string url;         // smtp://host:port (smtps:// for TLS)
  std::string from;        // "Name <address>"
  std::string public_url;  // the server's address as users reach it; links begin with it
};

class SmtpMailer final : public Mailer {
 public:
  explicit SmtpMailer(SmtpOptions options);
  // Finishes the mail being sent, drops (and logs) what is still queued, and stops.
  ~SmtpMailer() override;
  SmtpMailer(SmtpMailer const&) = delete;
  SmtpMailer& operator=(SmtpMailer const&) = delete;

  void send_invite(std::string to, std::string inviter, std::string board_name, std::string link) override;

 private:
  struct Mail {
    std::string to;
    std::string message;  // headers and body, CRLF line ends
  };
  void run();
  void deliver(Mail const& mail) const;

  SmtpOptions const options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Mail> queue_;  // GUARDED_BY(mutex_)
  bool stopping_ = false;   // GUARDED_BY(mutex_)
  std::thread thread_;
};

// The address part of "Name <address>" (or the whole text when there are no brackets).
std::string mail_address(std::string const& from);

}  // namespace cc::auth
