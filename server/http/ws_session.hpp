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

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace cc::http {

class WsSession : public sync::Connection, public std::enable_shared_from_this<WsSession> {
 public:
  WsSession(boost::asio::ip::tcp::socket socket, ServerContext& context, std::string board);
  ~WsSession() override;

  // Completes the upgrade requested by `request`, then reads until the client goes.
  void run(boost::beast::http::request<boost::beast::http::string_body> request);

  void send(std::vector<sync::OutMessage> messages) override;
  void send(sync::OutMessage message) override;
  void close(sync::CloseCode code, std::string_view reason) override;

 private:
  void on_accept(boost::beast::error_code ec);
  void do_read();
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  void handle_text(std::string_view text);
  void authenticate(sync::HelloMessage hello);
  void on_authenticated(sync::HelloMessage hello, Result<auth::Principal> principal,
                        Result<std::optional<model::Role>> role);
  void reply_error(Error const& error, std::string_view batch);
  void enqueue(sync::OutMessage message);
  void do_write();
  void on_write(boost::beast::error_code ec, std::size_t bytes);
  void do_close(sync::CloseCode code, std::string reason);
  void finish();

  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  ServerContext& context_;
  std::string const board_;
  std::string const client_;
  boost::beast::flat_buffer read_buffer_;
  std::shared_ptr<sync::BoardActor> actor_;  // set by hello
  boost::asio::steady_timer close_timer_;

  std::deque<sync::OutMessage> queue_;
  std::size_t queued_bytes_ = 0;  // of queue_, not of the write in flight
  std::vector<sync::OutMessage> in_flight_;
  std::string flat_write_;  // several messages written as one array, reused across writes
  std::vector<boost::asio::const_buffer> write_buffers_;
  bool authenticating_ = false;  // a hello is being checked; reading waits for it
  bool writing_ = false;
  bool closing_ = false;
  bool finished_ = false;
};

}  // namespace cc::http
