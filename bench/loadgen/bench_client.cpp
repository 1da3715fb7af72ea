#include "bench_client.hpp"

#include <charconv>
#include <chrono>
#include <cstdio>

namespace cc::bench {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;

namespace {

// How often a refused connect is retried while the server is still starting.
constexpr std::chrono::milliseconds kRetryInterval{1};
// A writer that fell this far behind its rate starts afresh instead of bursting.
constexpr Micros kMaxPacingLag = 1'000'000;
// Beyond this many, error messages are only counted.
constexpr int kMaxLoggedErrors = 5;
// A welcome of a big board (100,000 objects) is several megabytes.
constexpr std::size_t kMaxReadBytes = std::size_t{256} << 20;

void append_number(std::string& out, std::int64_t value) {
  char buf[24];
  auto const result = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, result.ptr);
}

std::int64_t epoch_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

BenchClient::BenchClient(net::io_context& ioc, ClientConfig config, ThreadStats& stats, SharedState& shared)
    : ws_(ioc), timer_(ioc), config_(std::move(config)), stats_(stats), shared_(shared) {}

void BenchClient::connect() {
  net::post(ws_.get_executor(), [self = shared_from_this()] {
    self->connect_started_us_ = now_us();
    self->do_connect();
  });
}

void BenchClient::do_connect() {
  if (finished_ || closing_) return;
  Micros const left = connect_started_us_ + config_.connect_timeout_us - now_us();
  if (left <= 0) return fail("connect", net::error::timed_out);
  beast::get_lowest_layer(ws_).expires_after(std::chrono::microseconds(left));
  beast::get_lowest_layer(ws_).async_connect(
      config_.server, beast::bind_front_handler(&BenchClient::on_connect, shared_from_this()));
}

void BenchClient::on_connect(beast::error_code ec) {
  if (finished_) return;
  if (ec == net::error::connection_refused && now_us() < config_.retry_refused_until_us && !closing_) {
    // A fresh socket for the next attempt: the failed one is left in an unusable state.
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
    timer_.expires_after(kRetryInterval);
    timer_.async_wait([self = shared_from_this()](beast::error_code wait_ec) {
      if (!wait_ec) self->do_connect();
    });
    return;
  }
  if (ec) return fail("connect", ec);
  beast::get_lowest_layer(ws_).socket().set_option(net::ip::tcp::no_delay(true), ec);
  ws_.async_handshake(config_.host_header, "/ws/" + config_.board,
                      beast::bind_front_handler(&BenchClient::on_handshake, shared_from_this()));
}

void BenchClient::on_handshake(beast::error_code ec) {
  if (finished_) return;
  if (ec) return fail("handshake", ec);
  connected_ = true;
  // From here the WebSocket's own timeouts apply: a silent server is pinged and dropped,
  // and a close handshake cannot hang.
  beast::get_lowest_layer(ws_).expires_never();
  websocket::stream_base::timeout timeouts{};
  timeouts.handshake_timeout = std::chrono::seconds(2);
  timeouts.idle_timeout = std::chrono::seconds(10);
  timeouts.keep_alive_pings = true;
  ws_.set_option(timeouts);
  ws_.read_message_max(kMaxReadBytes);
  ws_.auto_fragment(false);
  if (closing_) return finish();
  enqueue(R"({"type":"hello","since":0,"name":")" + config_.name + R"("})");
  do_read();
}

void BenchClient::do_read() {
  ws_.async_read(read_buffer_, beast::bind_front_handler(&BenchClient::on_read, shared_from_this()));
}

void BenchClient::on_read(beast::error_code ec, std::size_t /*bytes*/) {
  if (finished_) return;
  if (ec) {
    if (closing_) return finish();
    return fail("read", ec);
  }
  Micros const now = now_us();
  auto const data = read_buffer_.cdata();
  std::string_view const frame(static_cast<char const*>(data.data()), data.size());
  scan_frame(frame, [&](ScannedMessage const& message) { handle(message, now); });
  read_buffer_.consume(read_buffer_.size());
  if (!finished_) do_read();
}

void BenchClient::handle(ScannedMessage const& message, Micros now) {
  switch (message.type) {
    case MessageType::kWelcome:
      if (!welcomed_) {
        welcomed_ = true;
        welcome_at_us_ = now;
        welcome_at_epoch_us_ = epoch_us();
        welcome_seq_ = message.seq;
        welcome_objects_ = message.op_count;
        welcome_bytes_ = message.bytes;
        shared_.ready.fetch_add(1, std::memory_order_relaxed);
      }
      return;
    case MessageType::kAck:
      return on_ack(message, now);
    case MessageType::kOps:
      // Another writer's batch: x carries its send time.
      if (started_ && message.first_x && schedule_.in_window(*message.first_x)) {
        stats_.delivery_latency.record(now - *message.first_x);
        ++stats_.delivered_batches_in_window;
        stats_.delivered_ops_in_window += message.op_count;
      }
      return;
    case MessageType::kError:
      return on_error_message(message);
    case MessageType::kOther:
      return;
  }
}

void BenchClient::on_ack(ScannedMessage const& message, Micros now) {
  // Batch ids are <name>-<counter>-<send time>.
  auto const batch = message.batch;
  if (!batch.starts_with(config_.name) || batch.size() <= config_.name.size() ||
      batch[config_.name.size()] != '-') {
    return;
  }
  auto const dash = batch.rfind('-');
  Micros sent = 0;
  std::from_chars(batch.data() + dash + 1, batch.data() + batch.size(), sent);
  --in_flight_;
  put_acked_ = true;
  ++stats_.acked_batches;
  if (schedule_.in_window(now)) {
    stats_.acked_ops_in_window += static_cast<std::uint64_t>(config_.ops_per_batch);
    ++stats_.acked_batches_in_window;
  }
  if (schedule_.in_window(sent)) stats_.ack_latency.record(now - sent);
  maybe_send();
  check_done();
}

void BenchClient::on_error_message(ScannedMessage const& message) {
  ++stats_.errors;
  ++stats_.error_codes[std::string(message.code.empty() ? "unknown" : message.code)];
  if (shared_.errors_logged.fetch_add(1, std::memory_order_relaxed) < kMaxLoggedErrors) {
    std::fprintf(stderr, "cc_loadgen: %s: server error %.*s: %.*s (batch %.*s)\n", config_.name.c_str(),
                 static_cast<int>(message.code.size()), message.code.data(),
                 static_cast<int>(message.message.size()), message.message.data(),
                 static_cast<int>(message.batch.size()), message.batch.data());
  }
  if (message.batch.starts_with(config_.name) && in_flight_ > 0) {
    // A refused batch gets no ack; free its place in the window.
    --in_flight_;
    put_acked_ = true;
    maybe_send();
    check_done();
  }
}

void BenchClient::start(RunSchedule schedule) {
  net::post(ws_.get_executor(), [self = shared_from_this(), schedule] {
    self->schedule_ = schedule;
    if (!self->welcomed_ || self->finished_ || self->closing_) {
      // A writer that never joined has nothing to wait for.
      if (self->config_.writer && !self->done_) {
        self->done_ = true;
        self->shared_.writers_done.fetch_add(1, std::memory_order_relaxed);
      }
      return;
    }
    self->started_ = true;
    self->next_due_us_ = schedule.load_start;
    self->maybe_send();
  });
}

void BenchClient::maybe_send() {
  if (!config_.writer || !started_ || stopped_sending_ || finished_ || closing_) return;
  Micros const interval = config_.rate > 0 ? static_cast<Micros>(1e6 / config_.rate) : 0;
  for (;;) {
    Micros const now = now_us();
    if (now >= schedule_.measure_end || (config_.max_batches > 0 && batches_sent_ >= config_.max_batches)) {
      stopped_sending_ = true;
      return check_done();
    }
    if (in_flight_ >= config_.window) return;
    if (batches_sent_ > 0 && !put_acked_) return;  // the objects exist before anything moves them
    if (interval > 0) {
      if (now < next_due_us_) {
        timer_.expires_after(std::chrono::microseconds(next_due_us_ - now));
        timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
          if (!ec) self->maybe_send();
        });
        return;
      }
      next_due_us_ = std::max(next_due_us_ + interval, now - kMaxPacingLag);
    }
    send_batch(now);
  }
}

void BenchClient::send_batch(Micros now) {
  bool const put = batches_sent_ == 0;
  std::string text;
  text.reserve(64 + static_cast<std::size_t>(config_.ops_per_batch) * 80);
  text.append(R"({"type":"ops","batch":")").append(config_.name).append("-");
  append_number(text, batches_sent_);
  text.append("-");
  append_number(text, now);
  text.append(R"(","ops":[)");
  for (int i = 0; i < config_.ops_per_batch; ++i) {
    if (i > 0) text.push_back(',');
    text.append(put ? R"({"op":"put","id":")" : R"({"op":"set","id":")").append(config_.name).append("_");
    append_number(text, i);
    text.append(put ? R"(","kind":"rect","props":{"x":)" : R"(","props":{"x":)");
    append_number(text, now);  // the send time, read back by the clients that receive it
    text.append(R"(,"y":)");
    append_number(text, put ? i : batches_sent_ % 1000);
    text.append(put ? R"(,"w":10,"h":10}})" : "}}");
  }
  text.append("]}");
  ++batches_sent_;
  ++in_flight_;
  ++stats_.sent_batches;
  stats_.sent_ops += static_cast<std::uint64_t>(config_.ops_per_batch);
  enqueue(std::move(text));
}

void BenchClient::enqueue(std::string text) {
  outbox_.push_back(std::move(text));
  if (!writing_) do_write();
}

void BenchClient::do_write() {
  writing_ = true;
  ws_.text(true);
  ws_.async_write(net::buffer(outbox_.front()),
                  beast::bind_front_handler(&BenchClient::on_write, shared_from_this()));
}

void BenchClient::on_write(beast::error_code ec, std::size_t /*bytes*/) {
  writing_ = false;
  if (finished_) return;
  if (ec) return closing_ ? finish() : fail("write", ec);
  outbox_.pop_front();
  if (!outbox_.empty() && !closing_) do_write();
}

void BenchClient::close() {
  net::post(ws_.get_executor(), [self = shared_from_this()] {
    if (self->finished_ || self->closing_) return;
    self->closing_ = true;
    self->timer_.cancel();
    if (!self->connected_) return self->finish();
    self->ws_.async_close(websocket::close_code::normal, [self](beast::error_code) { self->finish(); });
  });
}

void BenchClient::fail(std::string const& what, beast::error_code ec) {
  if (finished_) return;
  failure_ = what + ": " + ec.message();
  if (!welcomed_) {
    shared_.failed.fetch_add(1, std::memory_order_relaxed);
  } else {
    ++stats_.disconnects;
  }
  if (shared_.errors_logged.fetch_add(1, std::memory_order_relaxed) < kMaxLoggedErrors) {
    std::fprintf(stderr, "cc_loadgen: %s on board %s: %s\n", config_.name.c_str(), config_.board.c_str(),
                 failure_.c_str());
  }
  finish();
}

void BenchClient::check_done() {
  if (config_.writer && started_ && !done_ && stopped_sending_ && in_flight_ == 0) {
    done_ = true;
    shared_.writers_done.fetch_add(1, std::memory_order_relaxed);
  }
}

void BenchClient::finish() {
  if (finished_) return;
  finished_ = true;
  timer_.cancel();
  stats_.unacked_at_close += static_cast<std::uint64_t>(std::max(in_flight_, 0));
  if (config_.writer && started_ && !done_) {
    done_ = true;
    shared_.writers_done.fetch_add(1, std::memory_order_relaxed);
  }
  beast::error_code ignored;
  beast::get_lowest_layer(ws_).socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
  beast::get_lowest_layer(ws_).socket().close(ignored);
  shared_.closed.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace cc::bench
