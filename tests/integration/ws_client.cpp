#include "integration/ws_client.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/socket_base.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket/error.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <arpa/inet.h>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <netinet/in.h>
#include <random>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

namespace cc::itest {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;
namespace json = boost::json;
using tcp = net::ip::tcp;

std::string CloseInfo::describe() const {
  if (!closed) return "open";
  if (close_frame) return "closed by the server with code " + std::to_string(code) + " '" + reason + "'";
  return "connection ended without a close frame: " + error;
}

std::string type_of(json::object const& message) {
  if (auto const* type = message.if_contains("type"); type != nullptr && type->is_string()) {
    return std::string(type->get_string());
  }
  return {};
}

std::string compact(json::value const& value, std::size_t max_chars) {
  std::string text = json::serialize(value);
  if (text.size() > max_chars)
    text = text.substr(0, max_chars) + "...(" + std::to_string(text.size()) + " chars)";
  return text;
}

std::uint64_t to_u64(json::value const& value) {
  if (value.is_uint64()) return value.get_uint64();
  if (value.is_int64() && value.get_int64() >= 0) return static_cast<std::uint64_t>(value.get_int64());
  if (value.is_double()) {
    double const d = value.get_double();
    if (d >= 0 && d < 9.0e15 && std::floor(d) == d) return static_cast<std::uint64_t>(d);
  }
  throw std::runtime_error("expected a non-negative integer, got " + compact(value));
}

std::uint64_t seq_of(json::object const& message) {
  auto const* seq = message.if_contains("seq");
  if (seq == nullptr) throw std::runtime_error("message has no seq: " + compact(message));
  return to_u64(*seq);
}

WsClient::WsClient(std::uint16_t port, std::string const& target, Options options)
    : ws_(ioc_), token_(options.token) {
  ws_.read_message_max(64u * 1024 * 1024);
  ws_.auto_fragment(false);  // one message, one frame: the frame-size limit is about frames
  work_.emplace(net::make_work_guard(ioc_));
  thread_ = std::thread([this] { ioc_.run(); });

  auto done = std::make_shared<std::promise<beast::error_code>>();
  auto result = done->get_future();
  tcp::endpoint const endpoint(net::ip::make_address("127.0.0.1"), port);
  std::string host = "127.0.0.1:" + std::to_string(port);
  net::post(ioc_, [this, done, endpoint, host, target, options] {
    auto& stream = beast::get_lowest_layer(ws_);
    beast::error_code ec;
    stream.socket().open(tcp::v4(), ec);
    if (!ec && options.receive_buffer_bytes > 0) {
      stream.socket().set_option(net::socket_base::receive_buffer_size(options.receive_buffer_bytes), ec);
    }
    if (ec) {
      done->set_value(ec);
      return;
    }
    stream.expires_after(options.connect_timeout);
    stream.async_connect(endpoint, [this, done, host, target](beast::error_code connect_ec) {
      if (connect_ec) {
        done->set_value(connect_ec);
        return;
      }
      ws_.async_handshake(upgrade_response_, host, target, [this, done](beast::error_code handshake_ec) {
        beast::get_lowest_layer(ws_).expires_never();
        if (!handshake_ec) do_read();
        done->set_value(handshake_ec);
      });
    });
  });

  beast::error_code ec;
  if (result.wait_for(options.connect_timeout + scaled(5s)) == std::future_status::ready) {
    ec = result.get();
  } else {
    ec = beast::error::timeout;
  }
  if (ec) {
    ioc_.stop();
    thread_.join();
    unsigned const status = upgrade_response_.result_int();
    std::string const body = upgrade_response_.body();
    std::string what =
        "WebSocket connect to ws://127.0.0.1:" + std::to_string(port) + target + " failed: " + ec.message();
    if (ec == websocket::error::upgrade_declined || (status != 0 && status != 101)) {
      throw UpgradeRejected(status, what + " (HTTP " + std::to_string(status) + ": " + body + ")");
    }
    throw std::runtime_error(what);
  }
}

WsClient::~WsClient() {
  ioc_.stop();
  if (thread_.joinable()) thread_.join();
}

unsigned WsClient::upgrade_status(std::uint16_t port, std::string const& target) {
  try {
    WsClient client(port, target);
    client.close(scaled(2s));
    return 101;
  } catch (UpgradeRejected const& e) {
    return e.status;
  }
}

json::object WsClient::hello(std::uint64_t since, std::string const& name,
                             std::chrono::milliseconds timeout) {
  json::object hello{{"type", "hello"}, {"since", since}, {"name", name}};
  if (!token_.empty()) hello["token"] = token_;
  send_json(hello);
  json::object reply = wait_for(
      [](json::object const& m) {
        auto const type = type_of(m);
        return type == "welcome" || type == "error";
      },
      "the welcome (hello since=" + std::to_string(since) + ")", timeout);
  if (type_of(reply) == "error")
    throw std::runtime_error("hello was answered with an error: " + compact(reply));
  if (auto const* client = reply.if_contains("client"); client != nullptr && client->is_string()) {
    client_id_ = std::string(client->get_string());
  }
  return reply;
}

void WsClient::send_text(std::string text) { enqueue({Write::Kind::kText, std::move(text)}); }
void WsClient::send_binary(std::string data) { enqueue({Write::Kind::kBinary, std::move(data)}); }
void WsClient::send_json(json::value const& message) { send_text(json::serialize(message)); }

void WsClient::send_ops(std::string const& batch, json::array const& ops) {
  send_json({{"type", "ops"}, {"batch", batch}, {"ops", ops}});
}

void WsClient::enqueue(Write write) {
  {
    std::lock_guard lock(mutex_);
    ++writes_in_flight_;
  }
  net::post(ioc_, [this, w = std::move(write)]() mutable {
    writes_.push_back(std::move(w));
    if (!writing_) do_write();
  });
}

void WsClient::do_write() {
  if (writes_.empty()) {
    writing_ = false;
    return;
  }
  writing_ = true;
  auto complete = [this](beast::error_code ec) {
    writes_.pop_front();
    {
      std::lock_guard lock(mutex_);
      --writes_in_flight_;
      if (ec && write_error_.empty()) write_error_ = ec.message();
    }
    cv_.notify_all();
    do_write();
  };
  Write& write = writes_.front();
  if (write.kind == Write::Kind::kClose) {
    ws_.async_close(websocket::close_code::normal, [complete](beast::error_code ec) { complete(ec); });
  } else {
    ws_.binary(write.kind == Write::Kind::kBinary);
    ws_.async_write(net::buffer(write.data), [complete](beast::error_code ec, std::size_t) { complete(ec); });
  }
}

bool WsClient::flush(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return cv_.wait_for(lock, timeout, [this] { return writes_in_flight_ == 0; });
}

std::string WsClient::write_error() const {
  std::lock_guard lock(mutex_);
  return write_error_;
}

void WsClient::do_read() {
  if (paused_ || read_ended_) {
    read_pending_ = false;
    return;
  }
  read_pending_ = true;
  ws_.async_read(buffer_, [this](beast::error_code ec, std::size_t) {
    read_pending_ = false;
    on_read(ec);
  });
}

void WsClient::on_read(beast::error_code ec) {
  if (ec) {
    finish_read(ec);
    return;
  }
  auto const now = Clock::now();
  std::string data = beast::buffers_to_string(buffer_.data());
  buffer_.consume(buffer_.size());
  std::vector<Received> parsed;
  std::string bad;
  if (!ws_.got_text()) {
    bad = "binary frame of " + std::to_string(data.size()) + " bytes";
  } else {
    boost::system::error_code parse_ec;
    json::value value = json::parse(data, parse_ec);
    if (parse_ec) {
      bad = "text frame that is not JSON (" + parse_ec.message() + "): " + data.substr(0, 300);
    } else if (value.is_object()) {
      parsed.push_back({std::move(value.as_object()), now});
    } else if (value.is_array()) {
      for (auto& element : value.as_array()) {
        if (element.is_object()) {
          parsed.push_back({std::move(element.as_object()), now});
        } else {
          bad = "array frame with a non-object element: " + compact(element);
        }
      }
    } else {
      bad = "text frame that is neither an object nor an array: " + data.substr(0, 300);
    }
  }
  {
    std::lock_guard lock(mutex_);
    for (auto& message : parsed) inbox_.push_back(std::move(message));
    if (!bad.empty()) bad_frames_.push_back(std::move(bad));
  }
  cv_.notify_all();
  do_read();
}

void WsClient::finish_read(beast::error_code ec) {
  read_ended_ = true;
  {
    std::lock_guard lock(mutex_);
    close_.closed = true;
    close_.error = ec.message();
    // A close frame can also have arrived when the read ends with another error (say the
    // reply to it could not be written): the reason is recorded either way.
    if (ec == websocket::error::closed || ws_.reason().code != websocket::close_code::none) {
      close_.close_frame = true;
      close_.code = ws_.reason().code;
      close_.reason = std::string(ws_.reason().reason.c_str());
    }
  }
  cv_.notify_all();
}

std::optional<Received> WsClient::next_received(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  cv_.wait_for(lock, timeout, [this] { return !inbox_.empty() || close_.closed; });
  if (inbox_.empty()) return std::nullopt;
  Received received = std::move(inbox_.front());
  inbox_.pop_front();
  return received;
}

std::optional<json::object> WsClient::next(std::chrono::milliseconds timeout) {
  auto received = next_received(timeout);
  if (!received) return std::nullopt;
  return std::move(received->message);
}

json::object WsClient::wait_for(std::function<bool(json::object const&)> const& pred, std::string const& what,
                                std::chrono::milliseconds timeout, std::vector<json::object>* skipped) {
  auto const deadline = Clock::now() + timeout;
  std::deque<std::string> recent;
  std::size_t skipped_count = 0;
  while (true) {
    auto const left =
        std::max(std::chrono::milliseconds(0),
                 std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()));
    auto message = next(left);
    if (!message) {
      std::string error =
          is_closed() ? "connection ended (" + close_info().describe() + ") while waiting for " + what
                      : "timed out after " + std::to_string(timeout.count()) + " ms waiting for " + what;
      error += "; skipped " + std::to_string(skipped_count) + " message(s)";
      if (!recent.empty()) {
        error += ", the last ones:";
        for (auto const& text : recent) error += "\n  " + text;
      }
      throw std::runtime_error(error);
    }
    if (pred(*message)) return std::move(*message);
    ++skipped_count;
    recent.push_back(compact(*message, 300));
    if (recent.size() > 6) recent.pop_front();
    if (skipped != nullptr) skipped->push_back(std::move(*message));
  }
}

json::object WsClient::wait_for_type(std::string const& type, std::chrono::milliseconds timeout,
                                     std::vector<json::object>* skipped) {
  return wait_for([&type](json::object const& m) { return type_of(m) == type; }, "a '" + type + "' message",
                  timeout, skipped);
}

void WsClient::expect_pong(std::chrono::milliseconds timeout) {
  send_ping();
  wait_for_type("pong", timeout);
}

void WsClient::pause_reading() {
  net::post(ioc_, [this] { paused_ = true; });
}

void WsClient::resume_reading() {
  net::post(ioc_, [this] {
    paused_ = false;
    if (!read_pending_ && !read_ended_) do_read();
  });
}

bool WsClient::wait_closed(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return cv_.wait_for(lock, timeout, [this] { return close_.closed; });
}

bool WsClient::is_closed() const {
  std::lock_guard lock(mutex_);
  return close_.closed;
}

CloseInfo WsClient::close_info() const {
  std::lock_guard lock(mutex_);
  return close_;
}

void WsClient::close(std::chrono::milliseconds timeout) {
  enqueue({Write::Kind::kClose, {}});
  wait_closed(timeout);
}

void WsClient::drop() {
  net::post(ioc_, [this] {
    auto& socket = beast::get_lowest_layer(ws_).socket();
    beast::error_code ec;
    socket.set_option(net::socket_base::linger(true, 0), ec);
    socket.close(ec);
  });
  wait_closed(scaled(2s));
}

std::vector<std::string> WsClient::bad_frames() const {
  std::lock_guard lock(mutex_);
  return bad_frames_;
}

namespace {

// A socket with send/receive timeouts, closed on destruction.
class RawSocket {
 public:
  RawSocket(std::uint16_t port, std::chrono::milliseconds timeout)
      : fd_(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    if (fd_ < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd_, reinterpret_cast<sockaddr const*>(&address), sizeof address) != 0) {
      int const error = errno;
      close(fd_);
      throw std::runtime_error(std::string("connect: ") + std::strerror(error));
    }
  }
  ~RawSocket() { close(fd_); }
  RawSocket(RawSocket const&) = delete;
  RawSocket& operator=(RawSocket const&) = delete;

  // Sends everything; false (with errno) if the connection fails first.
  bool send_all(std::string_view data) {
    while (!data.empty()) {
      ssize_t const n = send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }
  // Appends what arrives to buffer; false at the end of the connection, an error or the timeout.
  bool receive(std::string& buffer) {
    char chunk[65536];
    while (true) {
      ssize_t const n = recv(fd_, chunk, sizeof chunk, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      buffer.append(chunk, static_cast<std::size_t>(n));
      return true;
    }
  }

 private:
  int fd_;
};

std::string masked_text_frame(std::string_view payload) {
  std::string frame;
  frame.push_back(static_cast<char>(0x81));  // FIN, text
  std::size_t const n = payload.size();
  if (n < 126) {
    frame.push_back(static_cast<char>(0x80 | n));
  } else if (n <= 0xFFFF) {
    frame.push_back(static_cast<char>(0x80 | 126));
    for (int shift = 8; shift >= 0; shift -= 8) frame.push_back(static_cast<char>((n >> shift) & 0xFF));
  } else {
    frame.push_back(static_cast<char>(0x80 | 127));
    for (int shift = 56; shift >= 0; shift -= 8)
      frame.push_back(static_cast<char>((static_cast<std::uint64_t>(n) >> shift) & 0xFF));
  }
  std::mt19937 rng(std::random_device{}());
  char mask[4];
  for (char& byte : mask) byte = static_cast<char>(rng() & 0xFF);
  frame.append(mask, 4);
  for (std::size_t i = 0; i < n; ++i) frame.push_back(static_cast<char>(payload[i] ^ mask[i % 4]));
  return frame;
}

}  // namespace

CloseInfo send_frame_expecting_close(std::uint16_t port, std::string const& target, std::string const& token,
                                     std::string const& payload, std::chrono::milliseconds timeout) {
  CloseInfo info;
  RawSocket socket(port, timeout);
  std::string const request =
      "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
      "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
  if (!socket.send_all(request)) throw std::runtime_error("raw WebSocket: sending the upgrade failed");
  std::string buffer;
  while (buffer.find("\r\n\r\n") == std::string::npos) {
    if (!socket.receive(buffer)) throw std::runtime_error("raw WebSocket: no upgrade response: " + buffer);
  }
  if (buffer.rfind("HTTP/1.1 101", 0) != 0) {
    throw std::runtime_error("raw WebSocket: upgrade refused: " + buffer.substr(0, buffer.find("\r\n")));
  }
  buffer.erase(0, buffer.find("\r\n\r\n") + 4);

  socket.send_all(masked_text_frame(
      json::serialize(json::object{{"type", "hello"}, {"since", 0}, {"name", "raw"}, {"token", token}})));
  if (!socket.send_all(masked_text_frame(payload)))
    info.error = std::string("send: ") + std::strerror(errno) + "; ";

  auto const deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    // Parse the complete frames in buffer (server frames are not masked).
    while (buffer.size() >= 2) {
      auto const byte = [&](std::size_t i) { return static_cast<unsigned char>(buffer[i]); };
      unsigned const opcode = byte(0) & 0x0F;
      std::uint64_t length = byte(1) & 0x7F;
      std::size_t header = 2;
      if (length == 126) {
        if (buffer.size() < 4) break;
        length = (std::uint64_t{byte(2)} << 8) | byte(3);
        header = 4;
      } else if (length == 127) {
        if (buffer.size() < 10) break;
        length = 0;
        for (std::size_t i = 2; i < 10; ++i) length = (length << 8) | byte(i);
        header = 10;
      }
      if (buffer.size() < header + length) break;
      if (opcode == 0x8) {
        info.closed = true;
        info.close_frame = true;
        if (length >= 2) info.code = (byte(header) << 8) | byte(header + 1);
        if (length > 2) info.reason = buffer.substr(header + 2, static_cast<std::size_t>(length - 2));
        return info;
      }
      buffer.erase(0, header + static_cast<std::size_t>(length));
    }
    if (!socket.receive(buffer)) {
      info.closed = true;
      info.error += errno == 0 ? "end of stream" : std::string("recv: ") + std::strerror(errno);
      return info;
    }
  }
  info.error += "timed out";
  return info;
}

}  // namespace cc::itest
