// A small blocking HTTP/1.1 client for the generator's setup calls (registering an account,
// creating boards): one kept-alive connection to the server, every request bounded in time.
#pragma once

#include "clock.hpp"
#include "net.hpp"
#include "server_address.hpp"

#include <string>

namespace cc::bench {

struct HttpReply {
  unsigned status = 0;
  std::string body;
};

class HttpClient {
 public:
  explicit HttpClient(ServerAddress server);

  // Sends a JSON body (with "Authorization: Bearer <token>" unless token is empty) and reads
  // the answer, connecting first when there is no open connection. Throws std::runtime_error
  // on a network error or when the deadline (on the now_us() base) passes.
  HttpReply post(std::string const& target, std::string const& body, std::string const& token,
                 Micros deadline);

 private:
  void drop_connection();

  ServerAddress server_;
  boost::asio::io_context ioc_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  bool connected_ = false;
};

}  // namespace cc::bench
