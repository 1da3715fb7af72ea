// Sends the mail that goes with an invitation. An interface so that the HTTP layer does not
// know how mail travels; the SMTP implementation sends from its own thread, so a slow or
// absent mail server never holds up a request.
#pragma once

#include <string>

namespace cc::auth {

class Mailer {
 public:
  virtual ~Mailer() = default;
  // Queues the mail and returns at once; failures are logged, never thrown.
  // link is a path on this server, such as /invite/<token>.
  virtual void send_invite(std::string to, std::string inviter, std::string board_name, std::string link) = 0;
};

}  // namespace cc::auth
