#include "sync/board_actor.hpp"

#include "sync/board_registry.hpp"

#include <boost/asio/post.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace cc::sync {

namespace json = boost::json;
namespace net = boost::asio;

namespace {
constexpr model::Limits kUnlimited{SIZE_MAX, SIZE_MAX, SIZE_MAX, SIZE_MAX, SIZE_MAX};
}  // namespace

BoardActor::BoardActor(std::string id, BoardServices services, BoardRegistry& registry)
    : id_(std::move(id)),
      services_(services),
      registry_(registry),
      strand_(net::make_strand(services.executor)),
      snapshot_timer_(strand_),
      presence_timer_(strand_),
      idle_timer_(strand_),
      broadcast_timer_(strand_) {
  services_.metrics.boards_open.fetch_add(1, std::memory_order_relaxed);
}

BoardActor::~BoardActor() { services_.metrics.boards_open.fetch_sub(1, std::memory_order_relaxed); }

void BoardActor::start() {
  net::post(services_.blocking, [self = shared_from_this()] {
    auto image = self->services_.store.load_board(self->id_);
    net::post(self->strand_,
              [self, image = std::move(image)]() mutable { self->on_loaded(std::move(image)); });
  });
}

void BoardActor::on_loaded(Result<std::optional<store::BoardImage>> image) {
  auto ready = [this] {
    state_ = State::kReady;
    // The first period is shifted by an amount of the board's own, between half and one and a
    // half periods: boards opened together (a restart, a benchmark) would otherwise all hand
    // the writer their snapshots at the same moment, every period, and stall everyone's acks.
    auto const period = services_.options.snapshot_interval;
    arm_snapshot_timer(period / 2 +
                       period * static_cast<std::int64_t>(std::hash<std::string>{}(id_) % 1024) / 1024);
    auto waiting = std::move(waiting_);
    for (auto& fn : waiting) fn();
    if (shutdown_done_) {
      if (pending_.empty()) maybe_snapshot();
    } else if (sessions_.empty()) {
      arm_idle_timer();
    }
  };
  if (!image) {
    spdlog::error("board={} load failed: {}", id_, image.error().message);
    state_ = State::kReady;  // the waiting work runs and meets the closed board
    fail("the board could not be loaded");
    auto waiting = std::move(waiting_);
    for (auto& fn : waiting) fn();
    return;
  }
  if (!image->has_value()) return ready();

  store::BoardImage& stored = **image;
  boost::system::error_code parse_error;
  json::value snapshot = json::parse(stored.snapshot_json, parse_error);
  auto board = parse_error ? Result<model::Board>(make_error(ErrorCode::kStorage, "snapshot is not JSON"))
                           : model::Board::from_json(snapshot, kUnlimited);
  if (!board) {
    spdlog::error("board={} snapshot is corrupt: {}", id_, board.error().message);
    state_ = State::kReady;
    fail("the board's snapshot is corrupt");
    auto waiting = std::move(waiting_);
    for (auto& fn : waiting) fn();
    return;
  }
  board_ = std::move(*board);
  exists_ = true;
  seq_ = durable_seq_ = snapshot_seq_ = stored.snapshot_seq;
  // The stored snapshot is the objects' JSON in welcome form (Board::to_json); while no
  // journal entry follows it, the first welcome can send it as it is instead of serializing
  // the board again.
  objects_json_ = make_text(std::move(stored.snapshot_json));
  objects_json_seq_ = snapshot_seq_;
  // Only the last journal_keep batches are kept in memory for catch-up and re-send detection;
  // older ones are replayed but not re-encoded.
  std::size_t const first_kept = stored.journal.size() > services_.options.journal_keep
                                     ? stored.journal.size() - services_.options.journal_keep
                                     : 0;
  for (std::size_t i = 0; i < stored.journal.size(); ++i) {
    auto& entry = stored.journal[i];
    if (entry.seq > stored.snapshot_seq) {
      // Journaled ops were validated when they were accepted; replay trusts them but
      // skips anything malformed rather than refusing the whole board.
      boost::system::error_code ec;
      json::value ops = json::parse(*entry.ops_json, ec);
      if (!ec) {
        // Stored batches were accepted under whatever limits were configured then.
        auto parsed = model::parse_ops(std::move(ops), kUnlimited);
        if (parsed) board_.replay(*parsed);
      }
      if (ec) spdlog::warn("board={} journal entry {} is not JSON; skipped", id_, entry.seq);
      seq_ = durable_seq_ = entry.seq;
    }
    if (i < first_kept) continue;
    remember(Batch{entry.seq, entry.author, entry.batch_id,
                   make_text(encode_ops(entry.seq, entry.author, *entry.ops_json)), nullptr});
  }
  spdlog::info("board={} loaded: {} objects at seq {} (snapshot {}, {} journal entries)", id_, board_.size(),
               seq_, snapshot_seq_, stored.journal.size());
  ready();
}

void BoardActor::join(std::shared_ptr<Connection> connection, std::string client, Participant who,
                      std::uint64_t since) {
  when_ready([self = shared_from_this(), connection = std::move(connection), client = std::move(client),
              who = std::move(who), since]() mutable {
    self->do_join(std::move(connection), std::move(client), std::move(who), since);
  });
}

void BoardActor::submit(std::string client, OpsMessage batch) {
  when_ready([self = shared_from_this(), client = std::move(client), batch = std::move(batch)]() mutable {
    self->do_submit(client, std::move(batch));
  });
}

void BoardActor::presence(std::string client, PresenceMessage presence) {
  when_ready([self = shared_from_this(), client = std::move(client),
              presence = std::move(presence)]() mutable { self->do_presence(client, std::move(presence)); });
}

void BoardActor::leave(std::string client) {
  when_ready([self = shared_from_this(), client = std::move(client)] { self->do_leave(client); });
}

void BoardActor::set_role(std::string user, model::Role role) {
  when_ready([self = shared_from_this(), user = std::move(user), role] { self->do_set_role(user, role); });
}

void BoardActor::remove_user(std::string user, CloseCode code, std::string reason) {
  when_ready([self = shared_from_this(), user = std::move(user), code, reason = std::move(reason)] {
    self->do_remove(user, code, reason);
  });
}

void BoardActor::close_all(CloseCode code, std::string reason) {
  when_ready(
      [self = shared_from_this(), code, reason = std::move(reason)] { self->do_remove({}, code, reason); });
}

void BoardActor::read(std::function<void(Result<BoardRead>)> done) {
  when_ready([self = shared_from_this(), done = std::move(done)]() mutable {
    if (self->state_ == State::kClosed) {
      return done(make_error(ErrorCode::kStorage, "the board is unavailable; try again"));
    }
    self->pending_reads_.push_back(std::move(done));
    self->release_reads();
  });
}

void BoardActor::on_durable(std::uint64_t durable_seq, Status status) {
  net::post(strand_, [self = shared_from_this(), durable_seq, status = std::move(status)]() mutable {
    self->do_durable(durable_seq, std::move(status));
  });
}

void BoardActor::on_snapshot_saved(std::uint64_t seq, Status status) {
  net::post(strand_, [self = shared_from_this(), seq, status = std::move(status)]() mutable {
    self->do_snapshot_saved(seq, std::move(status));
  });
}

void BoardActor::do_join(std::shared_ptr<Connection> connection, std::string client, Participant who,
                         std::uint64_t since) {
  if (state_ == State::kClosed) {
    connection->close(CloseCode::kBoardUnavailable, "board unavailable; reconnect");
    return;
  }
  if (shutdown_done_) {  // shutting down: its clients were closed already, this late one too
    connection->close(CloseCode::kGoingAway, "server shutting down");
    return;
  }
  idle_timer_.cancel();
  Session session;
  session.connection = std::move(connection);
  session.user = std::move(who.user);
  session.name = std::move(who.name);
  session.role = who.role;
  session.selection = json::array();
  session.welcome_seq = seq_;
  session.welcome = build_welcome(client, who.role, since);
  // In the map before the presence is built: the joiner is on the board too, as when the
  // welcome waits for a commit (do_durable).
  Session& joined = sessions_.insert_or_assign(client, std::move(session)).first->second;
  if (durable_seq_ >= seq_) {
    joined.outbox.push_back(std::move(*joined.welcome));
    joined.outbox.push_back(shared_message(presence_of_all()));
    joined.welcome.reset();
    flush(joined);
  }
  presence_dirty_.push_back(client);  // tell the others who arrived
  arm_presence_timer();
}

OutMessage BoardActor::build_welcome(std::string const& client, model::Role role, std::uint64_t since) {
  std::string head = R"({"type":"welcome","client":")" + client + R"(","role":")" +
                     std::string(model::to_string(role)) + R"(","seq":)" + std::to_string(seq_);
  // Catch up with ops where every batch after `since` is still in memory (durable or
  // pending); otherwise, or when the client claims to be ahead of us, send all objects.
  std::uint64_t oldest_kept =
      !recent_.empty() ? recent_.front().seq : (!pending_.empty() ? pending_.front().seq : seq_ + 1);
  bool can_catch_up = since > 0 && since <= seq_ && since + 1 >= oldest_kept;
  if (!can_catch_up) {
    head += R"(,"objects":)";
    return OutMessage{std::move(head), objects_json(), "}"};
  }
  std::string ops = "[";
  bool first = true;
  auto append_after_since = [&](std::deque<Batch> const& batches) {
    for (auto const& b : batches) {
      if (b.seq <= since) continue;
      if (!first) ops += ',';
      ops += *b.message;
      first = false;
    }
  };
  append_after_since(recent_);
  append_after_since(pending_);
  ops += ']';
  head += R"(,"ops":)";
  return OutMessage{std::move(head), make_text(std::move(ops)), "}"};
}

SharedText BoardActor::objects_json() {
  if (!objects_json_ || objects_json_seq_ != seq_) {
    objects_json_ = make_text(json::serialize(board_.to_json()));
    objects_json_seq_ = seq_;
  }
  return objects_json_;
}

void BoardActor::do_submit(std::string const& client, OpsMessage batch) {
  auto it = sessions_.find(client);
  if (it == sessions_.end()) return;  // left meanwhile
  Session& session = it->second;
  if (state_ == State::kClosed) {
    return send_error(session, make_error(ErrorCode::kStorage, "the board is unavailable; reconnect"),
                      batch.batch);
  }
  if (auto known = batch_seqs_.find(batch.batch); known != batch_seqs_.end()) {
    // A re-sent batch (the client did not see its ack): applied once, acknowledged again.
    services_.metrics.batches_deduplicated.fetch_add(1, std::memory_order_relaxed);
    if (known->second <= durable_seq_) {
      send_now(session, shared_message(make_text(encode_ack(batch.batch, known->second))));
    } else {
      duplicate_acks_.push_back(DuplicateAck{known->second, client, std::move(batch.batch)});
    }
    return;
  }
  // After the re-send check: a batch applied while its author could still edit is
  // acknowledged truthfully even if they have been made a viewer since.
  if (!model::can_edit(session.role)) {
    services_.metrics.rejected_inputs.fetch_add(1, std::memory_order_relaxed);
    return send_error(session, make_error(ErrorCode::kForbidden, "viewers cannot change the board"),
                      batch.batch);
  }
  bool assigns_z = std::any_of(batch.ops.begin(), batch.ops.end(), [](model::Op const& op) {
    return op.type == model::OpType::kPut && !op.props.contains("z");
  });
  auto applied = board_.apply(std::move(batch.ops), services_.options.limits);
  if (!applied) {
    services_.metrics.rejected_inputs.fetch_add(1, std::memory_order_relaxed);
    return send_error(session, applied.error(), batch.batch);
  }
  ++seq_;
  exists_ = true;
  auto ops_json = make_text(json::serialize(model::ops_to_json(*applied)));
  services_.metrics.batches_applied.fetch_add(1, std::memory_order_relaxed);
  services_.metrics.ops_applied.fetch_add(applied->size(), std::memory_order_relaxed);
  batch_seqs_[batch.batch] = seq_;
  pending_.push_back(Batch{seq_, client, batch.batch, make_text(encode_ops(seq_, client, *ops_json)),
                           assigns_z ? ops_json : nullptr});
  services_.writer.submit(store::JournalEntry{id_, seq_, std::move(batch.batch), client, std::move(ops_json)},
                          shared_from_this());
}

void BoardActor::do_durable(std::uint64_t durable_seq, Status status) {
  if (state_ == State::kClosed) return;
  if (!status) {
    spdlog::error("board={} commit failed: {}", id_, status.error().message);
    return fail("the board could not be stored");
  }
  durable_seq_ = std::max(durable_seq_, durable_seq);
  auto released_end =
      std::find_if(pending_.begin(), pending_.end(), [&](Batch const& b) { return b.seq > durable_seq_; });
  bool queued = false;  // some peer's batches wait in an outbox
  for (auto& [client, session] : sessions_) {
    // A welcome or the client's own ack goes out at once, with what was queued before it;
    // peers' batches alone wait for the next broadcast flush.
    bool urgent = false;
    auto& out = session.outbox;
    if (session.welcome && durable_seq_ >= session.welcome_seq) {
      out.push_back(std::move(*session.welcome));
      session.welcome.reset();
      out.push_back(shared_message(presence_of_all()));
      urgent = true;
    }
    if (session.welcome) continue;  // still waiting: everything released now is in its welcome
    for (auto b = pending_.begin(); b != released_end; ++b) {
      if (b->seq <= session.welcome_seq) continue;
      if (b->author == client) {
        out.push_back(shared_message(make_text(encode_ack(b->batch_id, b->seq, b->ack_ops.get()))));
        urgent = true;
      } else {
        out.push_back(shared_message(b->message));
      }
    }
    for (auto const& ack : duplicate_acks_) {
      if (ack.seq <= durable_seq_ && ack.client == client) {
        out.push_back(shared_message(make_text(encode_ack(ack.batch_id, ack.seq))));
        urgent = true;
      }
    }
    if (urgent) flush(session);
    queued = queued || !session.outbox.empty();
  }
  if (queued) schedule_broadcast();
  std::erase_if(duplicate_acks_, [&](DuplicateAck const& ack) { return ack.seq <= durable_seq_; });
  while (!pending_.empty() && pending_.front().seq <= durable_seq_) {
    remember(std::move(pending_.front()));
    pending_.pop_front();
  }
  release_reads();
  if (shutdown_done_ && pending_.empty()) maybe_snapshot();
}

void BoardActor::remember(Batch batch) {
  recent_.push_back(std::move(batch));
  while (recent_.size() > services_.options.journal_keep) {
    auto const& oldest = recent_.front();
    if (auto it = batch_seqs_.find(oldest.batch_id); it != batch_seqs_.end() && it->second == oldest.seq) {
      batch_seqs_.erase(it);
    }
    recent_.pop_front();
  }
  if (batch_seqs_.find(recent_.back().batch_id) == batch_seqs_.end()) {
    batch_seqs_[recent_.back().batch_id] = recent_.back().seq;
  }
}

void BoardActor::release_reads() {
  // Answered with the state at the current sequence number once it is all durable, so a
  // read never shows an edit that could still be lost.
  if (pending_reads_.empty() || durable_seq_ < seq_) return;
  BoardRead result{exists_, seq_, objects_json()};
  auto ready = std::move(pending_reads_);
  pending_reads_.clear();
  for (auto& done : ready) done(result);
}

void BoardActor::do_presence(std::string const& client, PresenceMessage presence) {
  auto it = sessions_.find(client);
  if (it == sessions_.end()) return;
  it->second.cursor = std::move(presence.cursor);
  it->second.selection = std::move(presence.selection);
  if (std::find(presence_dirty_.begin(), presence_dirty_.end(), client) == presence_dirty_.end()) {
    presence_dirty_.push_back(client);
  }
  arm_presence_timer();
}

json::object BoardActor::presence_entry(std::string const& client, Session const& session) const {
  json::object peer;
  peer["client"] = client;
  peer["user"] = session.user;
  peer["name"] = session.name;
  peer["role"] = model::to_string(session.role);
  peer["cursor"] = session.cursor;
  peer["selection"] = session.selection;
  return peer;
}

SharedText BoardActor::presence_of_all() const {
  json::array peers;
  peers.reserve(sessions_.size());
  for (auto const& [client, session] : sessions_) peers.push_back(presence_entry(client, session));
  json::object message;
  message["type"] = "presence";
  message["peers"] = std::move(peers);
  return make_text(json::serialize(message));
}

void BoardActor::arm_presence_timer() {
  if (presence_timer_armed_ || presence_dirty_.empty()) return;
  presence_timer_armed_ = true;
  presence_timer_.expires_after(services_.options.presence_interval);
  presence_timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
    self->presence_timer_armed_ = false;
    if (!ec) self->flush_presence();
  });
}

void BoardActor::flush_presence() {
  json::array peers;
  for (auto const& client : presence_dirty_) {
    if (auto it = sessions_.find(client); it != sessions_.end())
      peers.push_back(presence_entry(client, it->second));
  }
  presence_dirty_.clear();
  if (peers.empty()) return;
  json::object message;
  message["type"] = "presence";
  message["peers"] = std::move(peers);
  auto text = make_text(json::serialize(message));
  for (auto const& [client, session] : sessions_) {
    if (!session.welcome) session.connection->send(shared_message(text, /*droppable=*/true));
  }
}

void BoardActor::do_leave(std::string const& client) {
  if (sessions_.erase(client) == 0) return;
  broadcast_leave(client);
  if (sessions_.empty()) arm_idle_timer();
}

void BoardActor::broadcast_leave(std::string const& client) {
  std::erase(presence_dirty_, client);
  std::erase_if(duplicate_acks_, [&](DuplicateAck const& ack) { return ack.client == client; });
  auto text = make_text(encode_leave(client));
  for (auto const& [other, session] : sessions_) session.connection->send(shared_message(text));
}

void BoardActor::do_set_role(std::string const& user, model::Role role) {
  auto text = make_text(encode_role(role));
  for (auto& [client, session] : sessions_) {
    if (session.user != user || session.role == role) continue;
    session.role = role;
    send_now(session, shared_message(text));
    if (std::find(presence_dirty_.begin(), presence_dirty_.end(), client) == presence_dirty_.end()) {
      presence_dirty_.push_back(client);  // peers see the new role badge
    }
  }
  arm_presence_timer();
}

// An empty user closes everyone.
void BoardActor::do_remove(std::string const& user, CloseCode code, std::string const& reason) {
  std::vector<std::string> removed;
  for (auto& [client, session] : sessions_) {
    if (!user.empty() && session.user != user) continue;
    session.connection->close(code, reason);
    removed.push_back(client);
  }
  for (auto const& client : removed) sessions_.erase(client);
  for (auto const& client : removed) broadcast_leave(client);
  if (!removed.empty() && sessions_.empty()) arm_idle_timer();
}

void BoardActor::send_error(Session& session, Error const& error, std::string_view batch) {
  send_now(session, shared_message(make_text(encode_error(error, batch))));
}

void BoardActor::send_now(Session& session, OutMessage message) {
  if (session.outbox.empty()) return session.connection->send(std::move(message));
  session.outbox.push_back(std::move(message));
  flush(session);
}

void BoardActor::flush(Session& session) {
  if (session.outbox.empty()) return;
  session.connection->send_all(session.outbox);
}

void BoardActor::schedule_broadcast() {
  if (broadcast_timer_armed_) return;
  auto const now = std::chrono::steady_clock::now();
  auto const& options = services_.options;
  auto const interval = std::max(options.broadcast_interval, options.broadcast_interval_per_client *
                                                                 static_cast<std::int64_t>(sessions_.size()));
  if (now - last_broadcast_ >= interval) return flush_all();
  broadcast_timer_armed_ = true;
  broadcast_timer_.expires_at(last_broadcast_ + interval);
  broadcast_timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
    self->broadcast_timer_armed_ = false;
    if (!ec && self->state_ != State::kClosed) self->flush_all();
  });
}

void BoardActor::flush_all() {
  last_broadcast_ = std::chrono::steady_clock::now();
  for (auto& [client, session] : sessions_) flush(session);
}

void BoardActor::arm_snapshot_timer(std::chrono::milliseconds after) {
  snapshot_timer_.expires_after(after);
  snapshot_timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
    if (ec || self->state_ != State::kReady) return;
    self->maybe_snapshot();
    self->arm_snapshot_timer(self->services_.options.snapshot_interval);
  });
}

void BoardActor::maybe_snapshot() {
  if (state_ == State::kClosed || snapshot_in_flight_) return;
  if (seq_ == snapshot_seq_) {
    if (shutdown_done_ || unloading_) do_snapshot_saved(seq_, Status{});
    return;
  }
  snapshot_in_flight_ = true;
  std::uint64_t keep = services_.options.journal_keep;
  std::uint64_t keep_after = seq_ > keep ? seq_ - keep : 0;
  services_.writer.snapshot(id_, seq_, objects_json(), keep_after, shared_from_this());
}

void BoardActor::do_snapshot_saved(std::uint64_t seq, Status status) {
  snapshot_in_flight_ = false;
  if (!status) {
    spdlog::error("board={} snapshot at {} failed: {}", id_, seq, status.error().message);
  } else {
    snapshot_seq_ = std::max(snapshot_seq_, seq);
  }
  if (shutdown_done_) {
    if (!pending_.empty() || (status && snapshot_seq_ < seq_)) return maybe_snapshot();
    state_ = State::kClosed;
    snapshot_timer_.cancel();
    presence_timer_.cancel();
    idle_timer_.cancel();
    broadcast_timer_.cancel();
    auto done = std::move(shutdown_done_);
    shutdown_done_ = nullptr;
    done();
    return;
  }
  if (unloading_) {
    unloading_ = false;
    if (status) {
      try_unload();
    } else {
      arm_idle_timer();  // try again later rather than spin on a failing store
    }
  }
}

void BoardActor::arm_idle_timer() {
  idle_timer_.expires_after(services_.options.idle_unload);
  idle_timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
    if (!ec) self->try_unload();
  });
}

void BoardActor::try_unload() {
  if (state_ != State::kReady || !sessions_.empty() || shutdown_done_) return;
  if (!pending_.empty() || !pending_reads_.empty() || snapshot_in_flight_) return arm_idle_timer();
  if (seq_ != snapshot_seq_) {
    unloading_ = true;  // unload once the final snapshot is written
    return maybe_snapshot();
  }
  // Somebody uses the board (is about to join, or reads it): try again once the idle time
  // has passed once more, or a reader that detaches would leave the board loaded for good.
  if (!registry_.release_if_unused(*this)) return arm_idle_timer();
  state_ = State::kClosed;
  snapshot_timer_.cancel();
  presence_timer_.cancel();
  broadcast_timer_.cancel();
  spdlog::debug("board={} unloaded", id_);
}

void BoardActor::fail(std::string_view why) {
  state_ = State::kClosed;
  for (auto& [client, session] : sessions_) session.connection->close(CloseCode::kBoardUnavailable, why);
  sessions_.clear();
  for (auto& done : pending_reads_) done(make_error(ErrorCode::kStorage, std::string(why)));
  pending_reads_.clear();
  snapshot_timer_.cancel();
  presence_timer_.cancel();
  idle_timer_.cancel();
  broadcast_timer_.cancel();
  registry_.remove(*this);
  if (shutdown_done_) {
    auto done = std::move(shutdown_done_);
    shutdown_done_ = nullptr;
    done();
  }
}

void BoardActor::shutdown(std::function<void()> done) {
  net::post(strand_, [self = shared_from_this(), done = std::move(done)]() mutable {
    if (self->state_ == State::kClosed) return done();
    for (auto& [client, session] : self->sessions_) {
      session.connection->close(CloseCode::kGoingAway, "server shutting down");
    }
    self->sessions_.clear();
    self->shutdown_done_ = std::move(done);
    if (self->state_ == State::kLoading) return;  // on_loaded runs the snapshot path
    if (self->pending_.empty()) self->maybe_snapshot();
  });
}

}  // namespace cc::sync
