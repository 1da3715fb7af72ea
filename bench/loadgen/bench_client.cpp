#include "bench_client.hpp"

#include "json_text.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>

namespace cc::bench {

namespace beast = boost::beast;
namespace net = boost::asio;

namespace {

// A writer that fell this far behind its rate starts afresh instead of bursting.
constexpr Micros kMaxPacingLag = 1'000'000;

WsOptions ws_options(ClientConfig const& c) {
  WsOptions o;
  o.server = c.server;
  o.target = "/ws/" + c.board;
  o.label = c.name + " on board " + c.board;
  o.connect_timeout_us = c.connect_timeout_us;
  o.retry_refused_until_us = c.retry_refused_until_us;
  return o;
}

}  // namespace

BenchClient::BenchClient(net::io_context& ioc, ClientConfig config, ThreadStats& stats, SharedState& shared)
    : WsClient(ioc, ws_options(config), shared.errors_logged),
      config_(std::move(config)),
      stats_(stats),
      shared_(shared) {}

void BenchClient::on_open() {
  send(R"({"type":"hello","token":")" + config_.token + R"(","since":0,"name":")" + config_.name + R"("})");
}

void BenchClient::on_frame(std::string_view frame, Micros now) {
  scan_frame(frame, [&](ScannedMessage const& message) { handle(message, now); });
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
  net::post(executor(), [self = shared_as<BenchClient>(), schedule] {
    self->schedule_ = schedule;
    if (!self->welcomed_ || self->stopping()) {
      // A writer that never joined has nothing to wait for.
      if (self->config_.writer && !self->done_) {
        self->done_ = true;
        self->shared_.writers_done.fetch_add(1, std::memory_order_relaxed);
      }
      return;
    }
    self->started_ = true;
    self->next_due_us_ = schedule.load_start;
    if (self->config_.rate > 0)
      self->next_due_us_ += static_cast<Micros>(self->config_.phase * 1e6 / self->config_.rate);
    self->maybe_send();
  });
}

void BenchClient::maybe_send() {
  if (!config_.writer || !started_ || stopped_sending_ || stopping()) return;
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
        timer_.async_wait([self = shared_as<BenchClient>()](beast::error_code ec) {
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
  send(std::move(text));
}

void BenchClient::on_failed() {
  if (!welcomed_) {
    shared_.failed.fetch_add(1, std::memory_order_relaxed);
  } else {
    ++stats_.disconnects;
  }
}

void BenchClient::check_done() {
  if (config_.writer && started_ && !done_ && stopped_sending_ && in_flight_ == 0) {
    done_ = true;
    shared_.writers_done.fetch_add(1, std::memory_order_relaxed);
  }
}

void BenchClient::on_finished() {
  stats_.unacked_at_close += static_cast<std::uint64_t>(std::max(in_flight_, 0));
  if (config_.writer && started_ && !done_) {
    done_ = true;
    shared_.writers_done.fetch_add(1, std::memory_order_relaxed);
  }
  shared_.closed.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace cc::bench
