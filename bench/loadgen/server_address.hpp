// The server the generator talks to. Only loopback addresses: this tool loads a server on the
// same machine and nothing else.
#pragma once

#include "net.hpp"

#include <optional>
#include <string>

namespace cc::bench {

struct ServerAddress {
  boost::asio::ip::tcp::endpoint endpoint;
  std::string host_header;  // host:port
};

// host:port, optionally with a ws:// or http:// prefix and a path (ignored); nullopt for
// anything else, including a host that is not a loopback address.
std::optional<ServerAddress> parse_server_url(std::string url);

}  // namespace cc::bench
