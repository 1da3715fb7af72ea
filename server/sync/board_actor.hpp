// A board actor: one open board, its clients and its path to disk. Every piece of its state
// is touched only on its own strand; the public methods may be called from any thread and
// post their work there.
//
// The life of a batch (docs/ARCHITECTURE.md, "The path of an edit"):
//  1. submit(): validated and applied to the in-memory board, given the next sequence number,
//     serialized once, and handed to the journal writer. Nothing is sent yet.
//  2. on_durable(): the writer committed it. In sequence order the author gets its ack and
//     every other client the ops, all batches of one commit in one frame per client.
// A client that joins gets a welcome built at the current sequence number, sent once that
// sequence number is durable, so nobody ever sees an edit that could still be lost.
#pragma once

#include "model/board.hpp"
#include "model/role.hpp"
#include "store/board_store.hpp"
#include "store/journal_writer.hpp"
#include "sync/connection.hpp"
#include "sync/metrics.hpp"
#include "sync/protocol.hpp"
#include "sync/sync_options.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace cc::sync {

class BoardRegistry;

// The services every board shares. All outlive every board.
struct BoardServices {
  boost::asio::any_io_executor executor;  // the I/O pool; each board makes its strand on it
  boost::asio::thread_pool& blocking;     // for blocking store reads (board loads)
  store::BoardStore& store;
  store::JournalWriter& writer;
  Metrics& metrics;
  SyncOptions const& options;
};

// Who is behind a connection: their account, the name shown to others and their role on
// this board, as the HTTP layer established them at hello.
struct Participant {
  std::string user;
  std::string name;
  model::Role role = model::Role::kViewer;
};

// What an HTTP read of a board gets.
struct BoardRead {
  bool exists = false;
  std::uint64_t seq = 0;
  SharedText objects_json;
};

class BoardActor : public store::DurabilityListener, public std::enable_shared_from_this<BoardActor> {
 public:
  BoardActor(std::string id, BoardServices services, BoardRegistry& registry);
  ~BoardActor() override;

  // Loads the board from the store (in the blocking pool). Messages that arrive before the
  // board is loaded wait for it.
  void start();

  void join(std::shared_ptr<Connection> connection, std::string client, Participant who, std::uint64_t since);
  void submit(std::string client, OpsMessage batch);
  void presence(std::string client, PresenceMessage presence);
  void leave(std::string client);
  // Access changes made by owners, effective at once on the user's open sessions: a new role
  // (they get a "role" message; a viewer's next batch is refused), or removal (closed with
  // code, e.g. kForbidden for a removed member, kUnauthorized for a logged-out user).
  void set_role(std::string user, model::Role role);
  void remove_user(std::string user, CloseCode code, std::string reason);
  // Closes every session (the board was deleted).
  void close_all(CloseCode code, std::string reason);
  // The board's objects at its current sequence number, once that is durable.
  void read(std::function<void(Result<BoardRead>)> done);
  // Closes every client (1001), writes a final snapshot, then calls done.
  void shutdown(std::function<void()> done);

  std::string const& id() const noexcept { return id_; }

  // store::DurabilityListener (called on the writer thread).
  void on_durable(std::uint64_t durable_seq, Status status) override;
  void on_snapshot_saved(std::uint64_t seq, Status status) override;

 private:
  struct Session {
    std::shared_ptr<Connection> connection;
    std::string user;
    std::string name;
    model::Role role = model::Role::kViewer;
    boost::json::value cursor;
    boost::json::value selection;
    std::uint64_t welcome_seq = 0;
    std::optional<OutMessage> welcome;  // set until sent
    std::vector<OutMessage> outbox;     // peers' durable batches waiting for the next flush
  };
  // A batch applied in memory and not yet durable, or a recent durable one kept for catch-up.
  struct Batch {
    std::uint64_t seq = 0;
    std::string author;
    std::string batch_id;
    SharedText message;  // {"type":"ops",...}
    // The effective ops, for the author's ack, when the author cannot know them: the server
    // gave a put its z. Null otherwise.
    SharedText ack_ops;
  };
  struct DuplicateAck {
    std::uint64_t seq = 0;
    std::string client;
    std::string batch_id;
  };
  enum class State { kLoading, kReady, kClosed };

  // Runs fn on the strand once the board is loaded (at once if it is). A template, so that
  // the common case (loaded) posts fn itself and wraps nothing in a std::function.
  template <class F>
  void when_ready(F fn) {
    boost::asio::post(strand_, [self = shared_from_this(), fn = std::move(fn)]() mutable {
      if (self->state_ == State::kLoading) {
        self->waiting_.emplace_back(std::move(fn));
      } else {
        fn();
      }
    });
  }
  void on_loaded(Result<std::optional<store::BoardImage>> image);
  void do_join(std::shared_ptr<Connection> connection, std::string client, Participant who,
               std::uint64_t since);
  void do_set_role(std::string const& user, model::Role role);
  void do_remove(std::string const& user, CloseCode code, std::string const& reason);
  void do_submit(std::string const& client, OpsMessage batch);
  void do_presence(std::string const& client, PresenceMessage presence);
  void do_leave(std::string const& client);
  void broadcast_leave(std::string const& client);
  void do_durable(std::uint64_t durable_seq, Status status);
  void do_snapshot_saved(std::uint64_t seq, Status status);

  OutMessage build_welcome(std::string const& client, model::Role role, std::uint64_t since);
  SharedText objects_json();
  SharedText presence_of_all() const;
  boost::json::object presence_entry(std::string const& client, Session const& session) const;
  void send_error(Session& session, Error const& error, std::string_view batch);
  // Sends message to the session after whatever its outbox holds, so order is kept.
  void send_now(Session& session, OutMessage message);
  void flush(Session& session);
  // Some outbox holds peers' batches: flushes every outbox now, or arms the broadcast timer
  // (see SyncOptions::broadcast_interval).
  void schedule_broadcast();
  void flush_all();
  void remember(Batch batch);  // into the catch-up window
  void release_reads();
  void fail(std::string_view why);

  void arm_snapshot_timer(std::chrono::milliseconds after);
  void maybe_snapshot();
  void arm_presence_timer();
  void flush_presence();
  void arm_idle_timer();
  void try_unload();

  std::string const id_;
  BoardServices services_;
  BoardRegistry& registry_;
  boost::asio::strand<boost::asio::any_io_executor> strand_;
  boost::asio::steady_timer snapshot_timer_;
  boost::asio::steady_timer presence_timer_;
  boost::asio::steady_timer idle_timer_;
  boost::asio::steady_timer broadcast_timer_;
  bool broadcast_timer_armed_ = false;
  std::chrono::steady_clock::time_point last_broadcast_{};

  State state_ = State::kLoading;
  std::vector<std::function<void()>> waiting_;  // work that arrived while loading
  bool exists_ = false;                         // stored, or edited since loaded
  model::Board board_;
  std::uint64_t seq_ = 0;          // last sequence number given out
  std::uint64_t durable_seq_ = 0;  // last sequence number the writer committed
  std::uint64_t snapshot_seq_ = 0;
  bool snapshot_in_flight_ = false;
  bool unloading_ = false;
  std::function<void()> shutdown_done_;
  SharedText objects_json_;  // cache of board_.to_json() at objects_json_seq_
  std::uint64_t objects_json_seq_ = 0;

  std::unordered_map<std::string, Session> sessions_;
  std::deque<Batch> pending_;  // applied, not yet durable, ascending seq
  std::deque<Batch> recent_;   // durable, the last journal_keep of them, ascending seq
  std::unordered_map<std::string, std::uint64_t> batch_seqs_;  // batch id -> seq, pending and recent
  std::vector<DuplicateAck> duplicate_acks_;
  std::vector<std::function<void(Result<BoardRead>)>> pending_reads_;
  std::vector<std::string> presence_dirty_;
  bool presence_timer_armed_ = false;
};

}  // namespace cc::sync
