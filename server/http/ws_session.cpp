#include "http/ws_session.hpp"

#include "http/api/api_support.hpp"
#include "sync/protocol.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/version.hpp>
#include <boost/beast/websocket.hpp>
#include <spdlog/spdlog.h>

#include <iterator>
#include <utility>

namespace cc::http {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;

namespace {

// One write carries at most this much when several messages are queued; a single larger
// message (a big welcome) still goes out whole.
constexpr std::size_t kMaxBatchedWriteBytes = 1u << 20;
// How long a closing connection may take to flush its close frame before the TCP
// connection is dropped: a client that never reads would otherwise hold it forever.
constexpr std::chrono::seconds kCloseGrace{2};
// Reading: a connection waits for its next message with a buffer of kIdleReadBytes, which
// holds most client messages (ops of a few objects, presence, ping) whole; only the rest of a
// larger message is read kMessageReadBytes at a time. Beast's own read of a whole message
// would keep a 1.5 KiB buffer prepared on every idle connection. Buffers grown past
// kKeptBufferBytes by a large message or a large write are released once it is done.
constexpr std::size_t kIdleReadBytes = 256;
constexpr std::size_t kMessageReadBytes = 64u << 10;
constexpr std::size_t kKeptBufferBytes = 16u << 10;

bool is_benign(beast::error_code ec) {
  return ec == websocket::error::closed || ec == net::error::operation_aborted ||
         ec == beast::error::timeout || ec == net::error::eof || ec == net::error::connection_reset ||
         ec == net::error::broken_pipe;
}

}  // namespace

WsSession::WsSession(net::ip::tcp::socket socket, ServerContext& context, std::string board)
    : ws_(std::move(socket)),
      context_(context),
      board_(std::move(board)),
      client_(context.make_id('c')),
      close_timer_(ws_.get_executor()) {
  context_.metrics.connections.fetch_add(1, std::memory_order_relaxed);
}

WsSession::~WsSession() { context_.metrics.connections.fetch_sub(1, std::memory_order_relaxed); }

void WsSession::run(beast::http::request<beast::http::string_body> request) {
  ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
  ws_.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(beast::http::field::server, "collabcanvas"); }));
  ws_.read_message_max(context_.options.limits.max_frame_bytes);
  ws_.auto_fragment(false);
  ws_.async_accept(request, beast::bind_front_handler(&WsSession::on_accept, shared_from_this()));
}

void WsSession::on_accept(beast::error_code ec) {
  if (ec) {
    spdlog::debug("conn={} board={} upgrade failed: {}", client_, board_, ec.message());
    return finish();
  }
  spdlog::debug("conn={} board={} connected", client_, board_);
  do_read();
}

void WsSession::do_read() {
  auto const limit = read_buffer_.size() == 0 ? kIdleReadBytes : kMessageReadBytes;
  ws_.async_read_some(read_buffer_, limit,
                      beast::bind_front_handler(&WsSession::on_read, shared_from_this()));
}

void WsSession::on_read(beast::error_code ec, std::size_t /*bytes*/) {
  if (ec) {
    if (ec == websocket::error::message_too_big) {
      context_.metrics.rejected_inputs.fetch_add(1, std::memory_order_relaxed);
      spdlog::info("conn={} board={} closed: frame over {} bytes", client_, board_,
                   context_.options.limits.max_frame_bytes);
    } else if (!is_benign(ec)) {
      spdlog::info("conn={} board={} read failed: {}", client_, board_, ec.message());
    }
    return finish();
  }
  if (!ws_.is_message_done()) return do_read();
  on_message();
  // While a hello is being checked nothing more is read: what the client sends next waits in
  // the socket until it has joined (or been refused).
  if (!finished_ && !authenticating_) do_read();
}

void WsSession::on_message() {
  if (!ws_.got_text()) {
    reply_error(make_error(ErrorCode::kUnsupported, "binary frames are not supported; send JSON text"), {});
  } else {
    auto data = read_buffer_.cdata();
    handle_text(std::string_view(static_cast<char const*>(data.data()), data.size()));
  }
  read_buffer_.consume(read_buffer_.size());
  if (read_buffer_.capacity() > kKeptBufferBytes) read_buffer_.shrink_to_fit();
}

void WsSession::handle_text(std::string_view text) {
  auto parsed = sync::parse_client_message(text, context_.options.limits);
  if (auto* failure = std::get_if<sync::MessageError>(&parsed))
    return reply_error(failure->error, failure->batch);
  auto& message = std::get<sync::ClientMessage>(parsed);
  if (std::holds_alternative<sync::PingMessage>(message)) {
    return enqueue(sync::shared_message(sync::make_text(sync::encode_pong())));
  }
  if (auto* hello = std::get_if<sync::HelloMessage>(&message)) {
    if (actor_) return reply_error(make_error(ErrorCode::kAlreadyJoined, "hello was already sent"), {});
    return authenticate(std::move(*hello));
  }
  if (!actor_) {
    auto batch =
        std::holds_alternative<sync::OpsMessage>(message) ? std::get<sync::OpsMessage>(message).batch : "";
    return reply_error(make_error(ErrorCode::kNotJoined, "send hello first"), batch);
  }
  if (auto* ops = std::get_if<sync::OpsMessage>(&message)) return actor_->submit(client_, std::move(*ops));
  if (auto* presence = std::get_if<sync::PresenceMessage>(&message)) {
    return actor_->presence(client_, std::move(*presence));
  }
}

void WsSession::authenticate(sync::HelloMessage hello) {
  authenticating_ = true;
  // The token's session and the board role are looked up in the store: off the I/O thread.
  net::post(context_.blocking, [self = shared_from_this(), hello = std::move(hello)]() mutable {
    auto principal = self->context_.auth.authenticate(hello.token, api::now_ms());
    Result<std::optional<model::Role>> role =
        principal ? self->context_.accounts.role_of(self->board_, principal->user)
                  : Result<std::optional<model::Role>>(principal.error());
    net::dispatch(self->ws_.get_executor(), [self, hello = std::move(hello), principal = std::move(principal),
                                             role = std::move(role)]() mutable {
      self->on_authenticated(std::move(hello), std::move(principal), std::move(role));
    });
  });
}

void WsSession::on_authenticated(sync::HelloMessage hello, Result<auth::Principal> principal,
                                 Result<std::optional<model::Role>> role) {
  authenticating_ = false;
  if (finished_ || closing_) return;
  if (!principal) {
    reply_error(principal.error(), {});
    return do_close(sync::CloseCode::kUnauthorized, "log in again");
  }
  if (!role) {
    reply_error(role.error(), {});
    return do_close(sync::CloseCode::kBoardUnavailable, "board unavailable; reconnect");
  }
  if (!*role) {
    reply_error(make_error(ErrorCode::kNotFound, "no such board"), {});
    return do_close(sync::CloseCode::kNotFound, "no such board");
  }
  actor_ = context_.registry.attach(board_);
  if (!actor_) return do_close(sync::CloseCode::kGoingAway, "server shutting down");
  spdlog::debug("conn={} board={} user={} role={} hello since={}", client_, board_, principal->user,
                model::to_string(**role), hello.since);
  std::string name = hello.name.empty() ? std::move(principal->name) : std::move(hello.name);
  actor_->join(shared_from_this(), client_,
               sync::Participant{std::move(principal->user), std::move(name), **role}, hello.since);
  do_read();
}

void WsSession::reply_error(Error const& error, std::string_view batch) {
  context_.metrics.rejected_inputs.fetch_add(1, std::memory_order_relaxed);
  spdlog::debug("conn={} board={} rejected: {} {}", client_, board_, to_string(error.code), error.message);
  enqueue(sync::shared_message(sync::make_text(sync::encode_error(error, batch))));
}

template <class Add>
void WsSession::hand_over(Add add) {
  bool post = false;
  {
    std::lock_guard lock(inbox_mutex_);
    add(inbox_);
    post = !std::exchange(drain_posted_, true);
  }
  if (post) net::post(ws_.get_executor(), [self = shared_from_this()] { self->drain_inbox(); });
}

void WsSession::send_all(std::vector<sync::OutMessage>& messages) {
  if (messages.empty()) return;
  hand_over([&](std::vector<sync::OutMessage>& inbox) {
    if (inbox.empty()) {
      inbox.swap(messages);
    } else {
      inbox.insert(inbox.end(), std::make_move_iterator(messages.begin()),
                   std::make_move_iterator(messages.end()));
    }
  });
  messages.clear();
}

void WsSession::send(sync::OutMessage message) {
  hand_over([&](std::vector<sync::OutMessage>& inbox) { inbox.push_back(std::move(message)); });
}

void WsSession::drain_inbox() {
  {
    std::lock_guard lock(inbox_mutex_);
    draining_.swap(inbox_);
    drain_posted_ = false;
  }
  for (auto& message : draining_) enqueue(std::move(message));
  draining_.clear();
}

void WsSession::enqueue(sync::OutMessage message) {
  if (closing_ || finished_) return;
  auto limit = context_.options.send_queue_bytes;
  if (message.droppable && queued_bytes_ > limit / 2) return;  // presence yields to documents
  queued_bytes_ += message.size();
  queue_.push_back(std::move(message));
  if (!writing_) do_write();
  // The limit bounds the backlog behind the write in flight, so one message larger than the
  // limit (the welcome of a very large board) still goes out when it is all there is.
  if (queued_bytes_ > limit) {
    context_.metrics.send_queue_closes.fetch_add(1, std::memory_order_relaxed);
    spdlog::info("conn={} board={} send queue over {} bytes; closing to resync", client_, board_, limit);
    queue_.clear();
    queued_bytes_ = 0;
    do_close(sync::CloseCode::kSendQueueFull, "send queue overflow: reconnect and resync");
  }
}

void WsSession::do_write() {
  in_flight_.clear();
  write_buffers_ = {};
  std::size_t bytes = 0;
  std::size_t taken = 0;
  while (taken < queue_.size() && (taken == 0 || bytes + queue_[taken].size() <= kMaxBatchedWriteBytes)) {
    bytes += queue_[taken++].size();
  }
  queued_bytes_ -= bytes;
  if (taken == queue_.size()) {
    in_flight_.swap(queue_);  // the usual case: everything queued goes out
  } else {
    auto const end = queue_.begin() + static_cast<std::ptrdiff_t>(taken);
    in_flight_.assign(std::make_move_iterator(queue_.begin()), std::make_move_iterator(end));
    queue_.erase(queue_.begin(), end);
  }
  if (in_flight_.size() == 1) {
    // One message: written straight from its shared buffers, no copy.
    auto const& m = in_flight_.front();
    write_buffers_ = {net::buffer(m.head), net::buffer(*m.body), net::buffer(m.tail)};
  } else {
    // Several: one contiguous JSON array. Copying them once is cheaper than handing the
    // socket thousands of small buffers, which are re-walked on every partial write.
    flat_write_.clear();
    flat_write_.reserve(bytes + in_flight_.size() + 1);
    flat_write_ += '[';
    for (std::size_t i = 0; i < in_flight_.size(); ++i) {
      auto const& m = in_flight_[i];
      if (i > 0) flat_write_ += ',';
      flat_write_.append(m.head).append(*m.body).append(m.tail);
    }
    flat_write_ += ']';
    in_flight_.clear();  // their text is in flat_write_ now
    write_buffers_[0] = net::buffer(flat_write_);
  }
  writing_ = true;
  ws_.text(true);
  ws_.async_write(write_buffers_, beast::bind_front_handler(&WsSession::on_write, shared_from_this()));
}

void WsSession::on_write(beast::error_code ec, std::size_t /*bytes*/) {
  writing_ = false;
  in_flight_.clear();
  if (flat_write_.capacity() > kKeptBufferBytes) std::string().swap(flat_write_);
  if (ec) {
    if (!is_benign(ec)) spdlog::info("conn={} board={} write failed: {}", client_, board_, ec.message());
    return finish();
  }
  if (!queue_.empty() && !closing_) do_write();
}

void WsSession::close(sync::CloseCode code, std::string_view reason) {
  net::dispatch(ws_.get_executor(),
                [self = shared_from_this(), code, reason = std::string(reason)]() mutable {
                  self->drain_inbox();  // what was sent before the close goes out before it
                  self->do_close(code, std::move(reason));
                });
}

void WsSession::do_close(sync::CloseCode code, std::string reason) {
  if (closing_ || finished_) return;
  closing_ = true;
  // Beast lets a close wait behind a write in flight; if that write never completes (a
  // client that stopped reading), the grace timer drops the TCP connection.
  close_timer_.expires_after(kCloseGrace);
  close_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (!ec) beast::get_lowest_layer(self->ws_).close(ec);
  });
  websocket::close_reason why(static_cast<websocket::close_code>(code), reason);
  ws_.async_close(why, [self = shared_from_this()](beast::error_code) {
    self->close_timer_.cancel();
    self->finish();
  });
}

void WsSession::finish() {
  if (finished_) return;
  finished_ = true;
  queue_.clear();
  queued_bytes_ = 0;
  if (actor_) {
    actor_->leave(client_);
    context_.registry.detach(board_);
    actor_.reset();
  }
  spdlog::debug("conn={} board={} disconnected", client_, board_);
}

}  // namespace cc::http
