// Tunables of the sync layer, filled from the command line (app/config).
#pragma once

#include "model/limits.hpp"

#include <chrono>
#include <cstddef>

namespace cc::sync {

struct SyncOptions {
  model::Limits limits;
  // How often a board with changes folds its journal into a snapshot.
  std::chrono::milliseconds snapshot_interval{5000};
  // How long a board without clients stays loaded.
  std::chrono::milliseconds idle_unload{60000};
  // Batches kept behind the snapshot (on disk and in memory) so reconnecting clients get
  // just what they missed and re-sent batches are recognised after a restart.
  std::size_t journal_keep = 1000;
  // Presence is coalesced: at most one presence frame per board per interval (about 30/s).
  std::chrono::milliseconds presence_interval{33};
  // Peers' batches are coalesced too, more tightly: a board flushes them to its clients at once
  // when it has not flushed for this long, else when this long has passed since it last did.
  // On a quiet board that adds nothing; on a busy one each client gets one frame per interval
  // instead of one per commit. A client's own ack is never held back. 0 flushes every commit.
  std::chrono::microseconds broadcast_interval{1000};
  // ...and at least this long per client of the board. A flush costs the board one write
  // (one system call, one wakeup of the client) per client; on a board of hundreds of clients
  // a flush every millisecond would spend the core on those writes and delay everything else,
  // acks included. Scaling the interval with the audience bounds a board's writes per second
  // (about 1 / this per client) while a small board keeps the 1 ms rhythm: 50 clients flush
  // at most every 2 ms, 1,000 clients every 40 ms. 0 turns the scaling off.
  std::chrono::microseconds broadcast_interval_per_client{40};
  // Bytes a connection may have queued before it is closed to resync (code 4001).
  std::size_t send_queue_bytes = 8u << 20;
};

}  // namespace cc::sync
