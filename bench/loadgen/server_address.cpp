#include "server_address.hpp"

#include <exception>

namespace cc::bench {

namespace net = boost::asio;

std::optional<ServerAddress> parse_server_url(std::string url) {
  for (std::string_view scheme : {"ws://", "http://"}) {
    if (url.starts_with(scheme)) url = url.substr(scheme.size());
  }
  if (auto slash = url.find('/'); slash != std::string::npos) url = url.substr(0, slash);
  auto const colon = url.rfind(':');
  if (colon == std::string::npos) return std::nullopt;
  boost::system::error_code ec;
  auto const address = net::ip::make_address(url.substr(0, colon), ec);
  if (ec || !address.is_loopback()) return std::nullopt;
  int port = 0;
  try {
    port = std::stoi(url.substr(colon + 1));
  } catch (std::exception const&) {
    return std::nullopt;
  }
  if (port <= 0 || port > 65535) return std::nullopt;
  return ServerAddress{net::ip::tcp::endpoint(address, static_cast<unsigned short>(port)), url};
}

}  // namespace cc::bench
