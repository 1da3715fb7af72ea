// One WebSocket client: reads frames, decodes them, and hands them to its board; writes what
// the board sends through a bounded queue. Everything runs on the connection's strand.
//
// Outgoing messages queued while a write is in flight go out together in the next write, as
// one frame holding a JSON array: one frame per recipient per commit, however many batches.
// A client whose backlog (what is queued behind the write in flight) passes
// SyncOptions::send_queue_bytes is closed with 4001 so that it reconnects and resyncs; memory
// never grows without bound and nobody waits for it.
#pragma once

#include "http/server_context.hpp"
#include "sync/board_actor.hpp"
#include "sync/connection.hpp"
#include "sync/protocol.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <array>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace cc::http {

class WsSession : public sync::Connection, public std::enable_shared_from_this<WsSession> {
 public:
  WsSession(boost::asio::ip::tcp::socket socket, ServerContext& context, std::string board);
  ~WsSession() override;

  // Completes the upgrade requested by `request`, then reads until the client goes.
  void run(boost::beast::http::request<boost::beast::http::string_body> request);

  void send_all(std::vector<sync::OutMessage>& messages) override;
  void send(sync::OutMessage message) override;
  void close(sync::CloseCode code, std::string_view reason) override;

 private:
  void on_accept(boost::beast::error_code ec);
  void do_read();
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  void on_message();
  void handle_text(std::string_view text);
  void authenticate(sync::HelloMessage hello);
  void on_authenticated(sync::HelloMessage hello, Result<auth::Principal> principal,
                        Result<std::optional<model::Role>> role);
  void reply_error(Error const& error, std::string_view batch);
  // Adds to the inbox under its lock (add(inbox)) and posts a drain unless one is pending.
  template <class Add>
  void hand_over(Add add);
  // Moves what boards handed over (send, send_all) into the send queue, on the strand.
  void drain_inbox();
  void enqueue(sync::OutMessage message);
  void do_write();
  void on_write(boost::beast::error_code ec, std::size_t bytes);
  void do_close(sync::CloseCode code, std::string reason);
  void finish();

  // A plain socket underneath: the WebSocket stream keeps its own timeouts, and a tcp_stream
  // would add a timer state and a layer of composed operations to every read and write.
  boost::beast::websocket::stream<boost::asio::ip::tcp::socket> ws_;
  ServerContext& context_;
  std::string const board_;
  std::string const client_;
  boost::beast::flat_buffer read_buffer_;
  std::shared_ptr<sync::BoardActor> actor_;  // set by hello
  boost::asio::steady_timer close_timer_;

  // Not a deque: an idle connection should hold no memory for an empty queue, and a
  // std::deque allocates a block as soon as it is constructed.
  std::vector<sync::OutMessage> queue_;
  std::size_t queued_bytes_ = 0;  // of queue_, not of the write in flight
  std::vector<sync::OutMessage> in_flight_;
  std::string flat_write_;  // several messages written as one array, reused across writes
  // head, body, tail of one message, or the flat array of several (the rest empty): a fixed
  // sequence that Beast copies without allocating, as it does with every write's buffers.
  std::array<boost::asio::const_buffer, 3> write_buffers_{};

  // Messages handed over by boards, from their strands, waiting for this connection's strand.
  // A board hands over a whole outbox under a short lock and posts at most one drain, instead
  // of posting every message or vector; the vectors trade capacities, so neither side
  // allocates in the steady state.
  std::mutex inbox_mutex_;
  std::vector<sync::OutMessage> inbox_;     // GUARDED_BY(inbox_mutex_)
  bool drain_posted_ = false;               // GUARDED_BY(inbox_mutex_)
  std::vector<sync::OutMessage> draining_;  // on the strand: what the last drain took
  bool authenticating_ = false;             // a hello is being checked; reading waits for it
  bool writing_ = false;
  bool closing_ = false;
  bool finished_ = false;
};

}  // namespace cc::http
