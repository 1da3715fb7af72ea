// Accepts TCP connections; each gets its own strand and an HttpSession.
#pragma once

#include "http/router.hpp"
#include "http/server_context.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <memory>

namespace cc::http {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // Binds and listens; throws on failure (a start-up error).
  Listener(boost::asio::io_context& ioc, boost::asio::ip::tcp::endpoint endpoint, ServerContext& context);

  void run();
  void stop();  // stops accepting; open connections go on
  boost::asio::ip::tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }

 private:
  void do_accept();
  void on_accept(boost::beast::error_code ec, boost::asio::ip::tcp::socket socket);

  boost::asio::io_context& ioc_;
  boost::asio::ip::tcp::acceptor acceptor_;
  ServerContext& context_;
  Router router_;
};

}  // namespace cc::http
