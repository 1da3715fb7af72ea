// One WebSocket client of the comparison modes, speaking one of four protocols through a
// small adapter: ours (JSON ops, acks, presence), the y-websocket sync protocol (lib0
// messages: sync step 1 / step 2 / update, awareness), Hocuspocus's (the same, each
// message prefixed with the document name, after an auth message) and the bare relay's
// (text frames to a room). Every edit carries its send time (in x for ours and the Yjs
// servers, in the text for the relay), so each receiving client measures the delivery.
#pragma once

#include "clock.hpp"
#include "peer_stats.hpp"
#include "ws_client.hpp"
#include "yjs_codec.hpp"

#include <memory>
#include <string>

namespace cc::bench {

enum class Protocol : std::uint8_t { kCollabCanvas, kYWebsocket, kHocuspocus, kRelay };

// The two Yjs servers speak binary sync messages; ours and the relay speak text.
inline bool is_yjs(Protocol p) { return p == Protocol::kYWebsocket || p == Protocol::kHocuspocus; }

enum class PeerRole : std::uint8_t {
  kIdle,            // joins, then only receives
  kWriter,          // joins, creates its object, then sends edits and cursor moves per the plan
  kSnapshotFiller,  // joins, puts a whole board (snapshot update or objects), confirms it
  kChainFiller,     // joins, sends its whole chain of updates, confirms it
};

struct PeerConfig {
  Protocol protocol = Protocol::kCollabCanvas;
  PeerRole role = PeerRole::kIdle;
  ServerAddress server;
  std::string token;  // ours: the access token of the account that owns the board
  std::string board;
  int board_index = 0;
  int slot = 0;  // the client's index on its board
  LoadPlan const* plan = nullptr;
  yjs::Chain const* chain = nullptr;      // Yjs writers and chain fillers
  std::string const* snapshot = nullptr;  // Yjs snapshot filler: one update
  int fill_objects = 0;                   // our snapshot filler: objects to put
  Micros latency_threshold_us = 50'000;   // deliveries within it count as on time
  Micros connect_timeout_us = 30'000'000;
  Micros retry_refused_until_us = 0;  // keep retrying a refused connect until then
  bool decode_snapshot = false;       // Yjs: read how far the snapshot's document goes
};

class PeerClient : public WsClient {
 public:
  PeerClient(boost::asio::io_context& ioc, PeerConfig config, PeerThreadStats& stats, PeerShared& shared);

  // Callable from any thread; the work runs on the client's context.
  void start();  // writers begin sending per the plan

  // Read after the threads have stopped.
  bool ready() const { return ready_; }
  Micros snapshot_at_us() const { return snapshot_at_us_; }
  std::int64_t snapshot_at_epoch_us() const { return snapshot_at_epoch_us_; }
  std::size_t snapshot_bytes() const { return snapshot_bytes_; }
  std::uint64_t restored_clock() const { return restored_clock_; }

 private:
  void on_open() override;  // the protocol's join
  void on_frame(std::string_view frame, Micros now) override;
  void on_failed() override;
  void on_finished() override;

  // Protocol adapters for what arrives.
  void on_ours(std::string_view frame, Micros now);
  void on_yjs(std::string_view frame, Micros now);
  void on_relay(std::string_view frame, Micros now);
  void on_sync_step2(std::string_view update, Micros now);
  void on_yjs_update(std::string_view update, Micros now);

  // What every adapter reports.
  void on_snapshot(std::size_t bytes, Micros now);
  void on_edit(int sender_slot, Micros sent, Micros now);
  void on_cursor(int sender_slot, Micros sent, Micros now);
  void on_confirmed();  // an ack (ours) or a barrier's step 2 (Yjs)
  void become_ready();

  // Sending.
  void schedule_next();
  void on_timer();
  void send_edit(Micros now);
  void send_cursor(Micros now);
  void send_yjs(char sync_type, std::string_view payload);  // sync (0) message or awareness
  void send_barrier();
  void fill_chain();

  PeerConfig config_;
  PeerThreadStats& stats_;
  PeerShared& shared_;
  std::string name_;  // ours: "w<slot>", also the object's id

  bool snapshot_ = false;
  bool ready_ = false;
  bool started_ = false;
  bool fill_done_ = false;

  std::uint64_t yjs_client_ = 0;  // the Yjs client id of this client's chain and awareness
  std::size_t next_chain_step_ = 0;
  std::uint64_t awareness_clock_ = 0;
  std::uint64_t sent_edits_ = 0;
  std::uint64_t sent_cursors_ = 0;
  std::uint64_t confirms_expected_ = 0;  // acks or barrier replies still to come
  Micros next_edit_us_ = 0;
  Micros next_cursor_us_ = 0;

  Micros snapshot_at_us_ = 0;
  std::int64_t snapshot_at_epoch_us_ = 0;
  std::size_t snapshot_bytes_ = 0;
  std::uint64_t restored_clock_ = 0;
};

}  // namespace cc::bench
