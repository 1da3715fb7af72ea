#include "auth/smtp_mailer.hpp"

#include "auth/secrets.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <curl/curl.h>
#include <memory>

namespace cc::auth {

namespace {

constexpr std::size_t kMaxQueued = 1000;  // beyond, new mail is dropped (and logged)
constexpr long kTimeoutSeconds = 30;
constexpr long kConnectTimeoutSeconds = 10;

// Header values come from users (names, board names): no line breaks may reach the headers.
std::string one_line(std::string text) {
  std::replace_if(
      text.begin(), text.end(), [](char c) { return c == '\r' || c == '\n'; }, ' ');
  return text;
}

std::string rfc5322_date() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[64];
  std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S +0000", &utc);
  return buffer;
}

struct Reader {
  std::string const& text;
  std::size_t offset = 0;
};

std::size_t read_payload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* reader = static_cast<Reader*>(user);
  std::size_t n = std::min(size * count, reader->text.size() - reader->offset);
  std::memcpy(buffer, reader->text.data() + reader->offset, n);
  reader->offset += n;
  return n;
}

}  // namespace

std::string mail_address(std::string const& from) {
  auto open = from.find('<');
  auto close = from.find('>', open);
  if (open == std::string::npos || close == std::string::npos) return from;
  return from.substr(open + 1, close - open - 1);
}

SmtpMailer::SmtpMailer(SmtpOptions options) : options_(std::move(options)) {
  curl_global_init(CURL_GLOBAL_DEFAULT);
  thread_ = std::thread([this] { run(); });
}

SmtpMailer::~SmtpMailer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
  curl_global_cleanup();
}

void SmtpMailer::send_invite(std::string to, std::string inviter, std::string board_name, std::string link) {
  std::string url = options_.public_url;
  while (!url.empty() && url.back() == '/') url.pop_back();
  url += link;
  std::string subject =
      one_line(inviter) + " invited you to \"" + one_line(board_name) + "\" on CollabCanvas";
  std::string message =
      "Date: " + rfc5322_date() + "\r\nMessage-ID: <" + random_token(18) + "@collabcanvas>\r\nTo: <" +
      one_line(to) + ">\r\nFrom: " + one_line(options_.from) + "\r\nSubject: " + subject +
      "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + one_line(inviter) +
      " invited you to the board \"" + one_line(board_name) +
      "\".\r\n\r\nOpen this link to join (it works once and expires in 7 days):\r\n" + url + "\r\n";
  {
    std::lock_guard lock(mutex_);
    if (queue_.size() >= kMaxQueued) {
      spdlog::error("mail queue full; invitation mail to a recipient dropped");
      return;
    }
    queue_.push_back(Mail{std::move(to), std::move(message)});
  }
  wake_.notify_one();
}

void SmtpMailer::run() {
  for (;;) {
    Mail mail;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) {
        // Shutting down: a mail server that does not answer must not hold the exit. The
        // invitations themselves are stored; their links are shown in the board's settings.
        if (!queue_.empty()) spdlog::warn("mail: {} invitation mails not sent at shutdown", queue_.size());
        return;
      }
      mail = std::move(queue_.front());
      queue_.pop_front();
    }
    deliver(mail);
  }
}

void SmtpMailer::deliver(Mail const& mail) const {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) {
    spdlog::error("mail: cannot create a libcurl handle");
    return;
  }
  std::string const from = mail_address(options_.from);
  std::string const to = "<" + mail.to + ">";
  curl_slist* recipients = curl_slist_append(nullptr, to.c_str());
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> recipients_owner(recipients,
                                                                               curl_slist_free_all);
  Reader reader{mail.message};
  curl_easy_setopt(curl.get(), CURLOPT_URL, options_.url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_MAIL_FROM, ("<" + from + ">").c_str());
  curl_easy_setopt(curl.get(), CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt(curl.get(), CURLOPT_READFUNCTION, read_payload);
  curl_easy_setopt(curl.get(), CURLOPT_READDATA, &reader);
  curl_easy_setopt(curl.get(), CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, kTimeoutSeconds);
  curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT, kConnectTimeoutSeconds);
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  CURLcode result = curl_easy_perform(curl.get());
  if (result != CURLE_OK) {
    spdlog::error("mail: sending an invitation failed: {}", curl_easy_strerror(result));
  } else {
    spdlog::info("mail: invitation sent");
  }
}

}  // namespace cc::auth
