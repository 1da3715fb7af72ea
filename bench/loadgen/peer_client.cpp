#include "peer_client.hpp"

#include "frame_scan.hpp"
#include "json_text.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>

namespace cc::bench {

namespace beast = boost::beast;
namespace net = boost::asio;

namespace {

// A writer that fell this far behind its rate starts afresh instead of bursting.
constexpr Micros kMaxPacingLag = 1'000'000;
// A send queue this long means the server (or the socket) is not keeping up: further
// sends are dropped and counted rather than queued without bound.
constexpr std::size_t kMaxOutbox = 256;
// Yjs client ids of the generator's clients are 1000 + slot (see gen-updates).
constexpr std::uint64_t kFirstYjsClient = 1000;
constexpr int kMaxSlots = 1 << 14;
// Our snapshot filler puts its objects in batches of this many.
constexpr int kFillBatch = 1000;
// A chain filler sends this many updates, then a barrier (sync step 1, answered by a step
// 2 after everything before it is applied), and keeps at most two barriers outstanding.
constexpr std::size_t kChainBlock = 1000;
constexpr std::uint64_t kMaxBarriers = 2;
constexpr Micros kNever = std::numeric_limits<Micros>::max();

// Message types of the Yjs sync protocol and of Hocuspocus's additions.
constexpr std::uint64_t kMsgSync = 0;
constexpr std::uint64_t kMsgAwareness = 1;
constexpr std::uint64_t kMsgAuth = 2;
constexpr std::uint64_t kMsgSyncReply = 4;
constexpr std::uint64_t kSyncStep1 = 0;
constexpr std::uint64_t kSyncStep2 = 1;
constexpr std::uint64_t kSyncUpdate = 2;
constexpr std::uint64_t kAuthToken = 0;
constexpr std::uint64_t kAuthDenied = 1;

// The whole part of the number after `key` in `text`, if any (a time in microseconds).
std::optional<Micros> time_after(std::string_view text, std::string_view key) {
  auto const value = number_after<double>(text, key);
  if (!value) return std::nullopt;
  return static_cast<Micros>(*value);
}

// "w<slot>" -> slot, or -1.
int slot_of_name(std::string_view name) {
  if (name.size() < 2 || name[0] != 'w') return -1;
  int slot = -1;
  auto const result = std::from_chars(name.data() + 1, name.data() + name.size(), slot);
  return result.ec == std::errc{} ? slot : -1;
}

int slot_of_yjs_client(std::uint64_t client) {
  if (client < kFirstYjsClient || client >= kFirstYjsClient + kMaxSlots) return -1;
  return static_cast<int>(client - kFirstYjsClient);
}

WsOptions ws_options(PeerConfig const& c) {
  WsOptions o;
  o.server = c.server;
  o.target = c.protocol == Protocol::kCollabCanvas ? "/ws/" + c.board : "/" + c.board;
  o.label = "w" + std::to_string(c.slot) + " on " + c.board;
  o.connect_timeout_us = c.connect_timeout_us;
  o.retry_refused_until_us = c.retry_refused_until_us;
  o.retry_interval = std::chrono::milliseconds(2);
  o.idle_timeout = std::chrono::seconds(60);
  o.binary = is_yjs(c.protocol);
  return o;
}

}  // namespace

PeerClient::PeerClient(net::io_context& ioc, PeerConfig config, PeerThreadStats& stats, PeerShared& shared)
    : WsClient(ioc, ws_options(config), shared.errors_logged),
      config_(std::move(config)),
      stats_(stats),
      shared_(shared),
      name_("w" + std::to_string(config_.slot)),
      yjs_client_(config_.chain != nullptr ? config_.chain->client_id
                                           : kFirstYjsClient + static_cast<std::uint64_t>(config_.slot)) {}

void PeerClient::on_open() {
  switch (config_.protocol) {
    case Protocol::kCollabCanvas:
      send(R"({"type":"hello","token":")" + config_.token + R"(","since":0,"name":")" + name_ + R"("})");
      return;
    case Protocol::kHocuspocus: {
      // Auth first (an empty token; the server has no onAuthenticate hook), then step 1.
      std::string auth;
      yjs::write_var_string(auth, config_.board);
      yjs::write_varuint(auth, kMsgAuth);
      yjs::write_varuint(auth, kAuthToken);
      yjs::write_var_string(auth, "");
      send(std::move(auth));
      send_barrier();
      return;
    }
    case Protocol::kYWebsocket:
      send_barrier();
      return;
    case Protocol::kRelay:
      // A relay holds no state: joined as soon as the socket is open.
      on_snapshot(0, now_us());
      become_ready();
      return;
  }
}

// Sync step 1 with an empty state vector: the server answers with a step 2 holding the whole
// document, after everything sent before it on this connection.
void PeerClient::send_barrier() { send_yjs(static_cast<char>(kSyncStep1), std::string(1, '\0')); }

// A sync message (step 1, 2 or update) with its payload, prefixed for Hocuspocus.
void PeerClient::send_yjs(char sync_type, std::string_view payload) {
  std::string message;
  message.reserve(payload.size() + config_.board.size() + 8);
  if (config_.protocol == Protocol::kHocuspocus) yjs::write_var_string(message, config_.board);
  yjs::write_varuint(message, kMsgSync);
  yjs::write_varuint(message, static_cast<std::uint64_t>(sync_type));
  yjs::write_var_bytes(message, payload);
  send(std::move(message));
}

void PeerClient::on_frame(std::string_view frame, Micros now) {
  switch (config_.protocol) {
    case Protocol::kCollabCanvas:
      on_ours(frame, now);
      break;
    case Protocol::kYWebsocket:
    case Protocol::kHocuspocus:
      on_yjs(frame, now);
      break;
    case Protocol::kRelay:
      on_relay(frame, now);
      break;
  }
}

// Our frames: one JSON message or an array of them, scanned for fixed keys like the
// classic mode does (every string on these boards is the generator's, without quotes).
void PeerClient::on_ours(std::string_view frame, Micros now) {
  for_each_message(frame, [&](std::string_view region) {
    if (region.starts_with(R"(ops")")) {
      auto const sender = slot_of_name(string_after(region, R"("id":")"));
      auto const sent = time_after(region, R"("x":)");
      if (sender >= 0 && sent) on_edit(sender, *sent, now);
    } else if (region.starts_with(R"(presence")")) {
      // peers: [{client, user, name, role, cursor: {x, y}, selection}, ...]
      constexpr std::string_view kNameKey = R"("name":")";
      for (auto at = region.find(kNameKey); at != std::string_view::npos;
           at = region.find(kNameKey, at + 1)) {
        auto const peer = region.substr(at);
        auto const until_next = peer.find(kNameKey, 1);
        auto const entry = peer.substr(0, until_next);
        auto const sender = slot_of_name(string_after(entry, kNameKey));
        auto const sent = time_after(entry, R"("cursor":{"x":)");
        if (sender >= 0 && sent) on_cursor(sender, *sent, now);
      }
    } else if (region.starts_with(R"(ack")")) {
      on_confirmed();
    } else if (region.starts_with(R"(welcome")")) {
      if (!snapshot_) {
        std::size_t objects = 0;
        for (auto at = region.find(R"("kind":")"); at != std::string_view::npos;
             at = region.find(R"("kind":")", at + 1))
          ++objects;
        stats_.snapshot_objects = std::max<std::uint64_t>(stats_.snapshot_objects, objects);
        on_snapshot(region.size(), now);
        if (config_.role == PeerRole::kWriter) {
          confirms_expected_ = 1;
          send(R"({"type":"ops","batch":")" + name_ + R"(-put","ops":[{"op":"put","id":")" + name_ +
               R"(","kind":"rect","props":{"x":0,"y":0,"w":10,"h":10}}]})");
        } else if (config_.role == PeerRole::kSnapshotFiller) {
          for (int first = 0; first < config_.fill_objects; first += kFillBatch) {
            std::string text = R"({"type":"ops","batch":"fill-)" + std::to_string(first) + R"(","ops":[)";
            for (int i = first; i < std::min(config_.fill_objects, first + kFillBatch); ++i) {
              if (i > first) text.push_back(',');
              text.append(R"({"op":"put","id":"p)");
              append_number(text, i);
              text.append(R"(","kind":"rect","props":{"x":)");
              append_number(text, (i % 100) * 20);
              text.append(R"(,"y":)");
              append_number(text, (i / 100) * 20);
              text.append(R"(,"w":10,"h":10}})");
            }
            text.append("]}");
            ++confirms_expected_;
            send(std::move(text));
          }
          if (confirms_expected_ == 0) on_confirmed();
        } else {
          become_ready();
        }
      }
    } else if (region.starts_with(R"(error")")) {
      ++stats_.errors;
      if (shared_.errors_logged.fetch_add(1, std::memory_order_relaxed) < kMaxLoggedErrors) {
        std::fprintf(stderr, "cc_loadgen: %s on %s: server error: %.*s\n", name_.c_str(),
                     config_.board.c_str(), static_cast<int>(std::min<std::size_t>(region.size(), 200)),
                     region.data());
      }
    }
  });
}

void PeerClient::on_yjs(std::string_view frame, Micros now) {
  yjs::Reader r(frame);
  if (config_.protocol == Protocol::kHocuspocus) r.read_var_string();  // the document's name
  auto const type = r.read_varuint();
  if (!r.ok()) return;
  if (type == kMsgSync || type == kMsgSyncReply) {
    auto const sub = r.read_varuint();
    auto const payload = r.read_var_bytes();
    if (!r.ok()) return;
    if (sub == kSyncStep2) {
      on_sync_step2(payload, now);
    } else if (sub == kSyncUpdate) {
      on_yjs_update(payload, now);
    }
  } else if (type == kMsgAwareness) {
    auto const payload = r.read_var_bytes();
    yjs::scan_awareness(payload, [&](std::uint64_t client, std::string_view json) {
      auto const sender = slot_of_yjs_client(client);
      auto const sent = time_after(json, R"("x":)");
      if (sender >= 0 && sent) on_cursor(sender, *sent, now);
    });
  } else if (type == kMsgAuth) {
    if (r.read_varuint() == kAuthDenied) {
      ++stats_.errors;
      fail("auth", net::error::access_denied);
    }
  }
  // Sync status (acks), pings and the server's own step 1 need no answer here.
}

void PeerClient::on_sync_step2(std::string_view update, Micros now) {
  if (snapshot_) return on_confirmed();  // a barrier's answer
  if (config_.decode_snapshot) {
    // A joiner after a restart: how far the restored document goes (the filler's client).
    std::vector<std::pair<std::uint64_t, std::uint64_t>> clocks;
    yjs::scan_update(
        update, [](std::uint64_t, double) {}, &clocks);
    for (auto const& [client, clock] : clocks) {
      if (client == kFirstYjsClient) restored_clock_ = std::max(restored_clock_, clock);
    }
  }
  on_snapshot(update.size(), now);
  switch (config_.role) {
    case PeerRole::kWriter:
      if (config_.chain == nullptr || config_.chain->updates.empty()) return become_ready();
      send_yjs(static_cast<char>(kSyncUpdate), config_.chain->updates[0]);
      next_chain_step_ = 1;
      return become_ready();
    case PeerRole::kSnapshotFiller:
      if (config_.snapshot != nullptr) send_yjs(static_cast<char>(kSyncUpdate), *config_.snapshot);
      confirms_expected_ = 1;
      return send_barrier();
    case PeerRole::kChainFiller:
      return fill_chain();
    case PeerRole::kIdle:
      return become_ready();
  }
}

void PeerClient::on_yjs_update(std::string_view update, Micros now) {
  // Every float64 in an update is a send time in x (y and the other properties are
  // integers); a merged update of several edits holds several.
  yjs::scan_update(update, [&](std::uint64_t client, double x) {
    auto const sender = slot_of_yjs_client(client);
    if (sender >= 0) on_edit(sender, static_cast<Micros>(x), now);
  });
}

// Relay frames: "e <slot> <send time>" for an edit, "c <slot> <send time>" for a cursor.
void PeerClient::on_relay(std::string_view frame, Micros now) {
  if (frame.size() < 5 || frame[1] != ' ') return;
  int sender = -1;
  Micros sent = 0;
  auto const* end = frame.data() + frame.size();
  auto const r1 = std::from_chars(frame.data() + 2, end, sender);
  if (r1.ec != std::errc{} || r1.ptr == end) return;
  auto const r2 = std::from_chars(r1.ptr + 1, end, sent);
  if (r2.ec != std::errc{}) return;
  if (frame[0] == 'e') {
    on_edit(sender, sent, now);
  } else if (frame[0] == 'c') {
    on_cursor(sender, sent, now);
  }
}

void PeerClient::on_snapshot(std::size_t bytes, Micros now) {
  if (snapshot_) return;
  snapshot_ = true;
  snapshot_at_us_ = now;
  snapshot_at_epoch_us_ = epoch_us();
  snapshot_bytes_ = bytes;
  stats_.join.record(now - connect_started_us());
  stats_.snapshot_bytes = std::max<std::uint64_t>(stats_.snapshot_bytes, bytes);
}

void PeerClient::on_edit(int sender_slot, Micros sent, Micros now) {
  if (sender_slot == config_.slot || config_.plan == nullptr) return;  // the servers echo to the sender
  int const step = config_.plan->measured_step(sent);
  if (step < 0) return;
  auto& s = stats_.steps[static_cast<std::size_t>(step)];
  Micros const latency = now - sent;
  s.delivery.record(latency);
  ++s.delivered_edits;
  if (latency <= config_.latency_threshold_us) {
    shared_.on_time[static_cast<std::size_t>(step)].fetch_add(1, std::memory_order_relaxed);
  }
  auto& track = stats_.edits[edit_key(config_.board_index, sender_slot, sent)];
  ++track.receivers;
  track.max_us = std::max(track.max_us, latency);
}

void PeerClient::on_cursor(int sender_slot, Micros sent, Micros now) {
  if (sender_slot == config_.slot || config_.plan == nullptr) return;
  int const step = config_.plan->measured_step(sent);
  if (step < 0) return;
  auto& s = stats_.steps[static_cast<std::size_t>(step)];
  s.cursor.record(now - sent);
  ++s.delivered_cursors;
}

void PeerClient::on_confirmed() {
  if (confirms_expected_ == 0) return;  // acks of ordinary edits
  if (--confirms_expected_ > 0 && config_.role != PeerRole::kChainFiller) return;
  switch (config_.role) {
    case PeerRole::kWriter:
      return become_ready();
    case PeerRole::kSnapshotFiller:
      if (!fill_done_) {
        fill_done_ = true;
        shared_.fillers_done.fetch_add(1, std::memory_order_relaxed);
      }
      return become_ready();
    case PeerRole::kChainFiller:
      return fill_chain();
    case PeerRole::kIdle:
      return;
  }
}

void PeerClient::fill_chain() {
  auto const& updates = config_.chain->updates;
  while (next_chain_step_ < updates.size() && confirms_expected_ < kMaxBarriers && !stopping()) {
    auto const block_end = std::min(updates.size(), next_chain_step_ + kChainBlock);
    for (; next_chain_step_ < block_end; ++next_chain_step_) {
      send_yjs(static_cast<char>(kSyncUpdate), updates[next_chain_step_]);
    }
    ++confirms_expected_;
    send_barrier();
  }
  if (next_chain_step_ >= updates.size() && confirms_expected_ == 0 && !fill_done_) {
    fill_done_ = true;
    shared_.fillers_done.fetch_add(1, std::memory_order_relaxed);
    become_ready();
  }
}

void PeerClient::become_ready() {
  if (ready_) return;
  ready_ = true;
  shared_.ready.fetch_add(1, std::memory_order_relaxed);
}

void PeerClient::start() {
  net::post(executor(), [self = shared_as<PeerClient>()] {
    if (!self->ready_ || self->stopping() || self->config_.role != PeerRole::kWriter ||
        self->config_.plan == nullptr || self->config_.plan->steps.empty()) {
      return;
    }
    self->started_ = true;
    // Spread the clients' first sends over one interval (a fixed, well-spread fraction per
    // slot) so that they do not all send at the same instant.
    auto const& first = self->config_.plan->steps.front();
    double const spread = std::fmod(static_cast<double>(self->config_.slot) * 0.6180339887 +
                                        static_cast<double>(self->config_.board_index) * 0.7548776662,
                                    1.0);
    auto const offset = [&](double rate) {
      return rate > 0 ? first.start + static_cast<Micros>(spread * 1e6 / rate) : kNever;
    };
    self->next_edit_us_ = offset(first.edit_rate);
    self->next_cursor_us_ = offset(first.cursor_rate);
    self->schedule_next();
  });
}

void PeerClient::schedule_next() {
  if (stopping()) return;
  Micros const end = config_.plan->end();
  Micros const due = std::min({next_edit_us_, next_cursor_us_, end});
  timer_.expires_after(std::chrono::microseconds(std::max<Micros>(due - now_us(), 0)));
  timer_.async_wait([self = shared_as<PeerClient>()](beast::error_code ec) {
    if (!ec) self->on_timer();
  });
}

void PeerClient::on_timer() {
  if (stopping()) return;
  Micros const now = now_us();
  if (now >= config_.plan->end() || shared_.stop_sending.load(std::memory_order_relaxed)) return;
  int const step = config_.plan->step_at(now);
  if (step < 0) return schedule_next();
  auto const& rates = config_.plan->steps[static_cast<std::size_t>(step)];
  auto const advance = [&](Micros& next, double rate) {
    if (rate <= 0) {
      next = kNever;
      return;
    }
    next = std::max(next + static_cast<Micros>(1e6 / rate), now - kMaxPacingLag);
  };
  if (now >= next_edit_us_) {
    send_edit(now);
    advance(next_edit_us_, rates.edit_rate);
  }
  if (now >= next_cursor_us_) {
    send_cursor(now);
    advance(next_cursor_us_, rates.cursor_rate);
  }
  // A step that starts with a rate where the previous had none.
  if (next_edit_us_ == kNever && rates.edit_rate > 0) next_edit_us_ = now;
  if (next_cursor_us_ == kNever && rates.cursor_rate > 0) next_cursor_us_ = now;
  schedule_next();
}

void PeerClient::send_edit(Micros now) {
  if (queued() >= kMaxOutbox) {
    ++stats_.skipped_sends;
    return;
  }
  std::uint64_t const n = sent_edits_;
  switch (config_.protocol) {
    case Protocol::kCollabCanvas: {
      std::string text;
      text.reserve(128);
      text.append(R"({"type":"ops","batch":")").append(name_).append("-");
      append_number(text, static_cast<std::int64_t>(n));
      text.append(R"(","ops":[{"op":"set","id":")").append(name_).append(R"(","props":{"x":)");
      append_number(text, now);
      text.append(R"(,"y":)");
      append_number(text, static_cast<std::int64_t>(n % 1000));
      text.append("}}]}");
      send(std::move(text));
      break;
    }
    case Protocol::kYWebsocket:
    case Protocol::kHocuspocus: {
      auto const& chain = *config_.chain;
      if (next_chain_step_ >= chain.updates.size()) {
        ++stats_.chain_exhausted;
        return;
      }
      std::string update = chain.updates[next_chain_step_];
      auto const offset = chain.x_offsets[next_chain_step_];
      ++next_chain_step_;
      // x = send time + 0.1: never a float32, so Yjs keeps it a float64 when re-encoding.
      if (offset != yjs::kNoOffset) yjs::write_f64_be(update.data() + offset, static_cast<double>(now) + 0.1);
      send_yjs(static_cast<char>(kSyncUpdate), update);
      break;
    }
    case Protocol::kRelay: {
      std::string text = "e ";
      append_number(text, config_.slot);
      text.push_back(' ');
      append_number(text, now);
      send(std::move(text));
      break;
    }
  }
  ++sent_edits_;
  int const step = config_.plan->measured_step(now);
  if (step >= 0) {
    ++stats_.steps[static_cast<std::size_t>(step)].sent_edits;
    shared_.sent[static_cast<std::size_t>(step)].fetch_add(1, std::memory_order_relaxed);
  }
}

void PeerClient::send_cursor(Micros now) {
  if (queued() >= kMaxOutbox) {
    ++stats_.skipped_sends;
    return;
  }
  std::uint64_t const n = sent_cursors_;
  std::string json = R"({"cursor":{"x":)";
  append_number(json, now);
  json.append(R"(,"y":)");
  append_number(json, static_cast<std::int64_t>(n % 1000));
  json.append("}}");
  switch (config_.protocol) {
    case Protocol::kCollabCanvas:
      send(R"({"type":"presence",)" + json.substr(1, json.size() - 2) + R"(,"selection":[]})");
      break;
    case Protocol::kYWebsocket:
    case Protocol::kHocuspocus: {
      std::string message;
      if (config_.protocol == Protocol::kHocuspocus) yjs::write_var_string(message, config_.board);
      yjs::write_varuint(message, kMsgAwareness);
      yjs::write_var_bytes(message, yjs::encode_awareness(yjs_client_, ++awareness_clock_, json));
      send(std::move(message));
      break;
    }
    case Protocol::kRelay: {
      std::string text = "c ";
      append_number(text, config_.slot);
      text.push_back(' ');
      append_number(text, now);
      send(std::move(text));
      break;
    }
  }
  ++sent_cursors_;
  int const step = config_.plan->measured_step(now);
  if (step >= 0) ++stats_.steps[static_cast<std::size_t>(step)].sent_cursors;
}

void PeerClient::on_failed() {
  if (!ready_) {
    shared_.failed.fetch_add(1, std::memory_order_relaxed);
  } else {
    ++stats_.disconnects;
  }
}

void PeerClient::on_finished() { shared_.closed.fetch_add(1, std::memory_order_relaxed); }

}  // namespace cc::bench
