// The store: where boards live on disk. An interface so that SQLite (first), PostgreSQL and
// DynamoDB backends are interchangeable; every backend passes tests/unit/store contract tests.
//
// A board on disk is a snapshot (its objects as JSON at some sequence number) plus a journal
// of the batches applied after it. The journal also keeps a window of batches older than the
// snapshot so that reconnecting clients can be sent what they missed and re-sent batches can
// be recognised after a restart.
//
// Thread-safety: append() and save_snapshot() are called from one writer thread only (the
// JournalWriter); load_board(), list_boards(), create_board() and ping() may be called from
// any thread at the same time as the writer.
#pragma once

#include "base/error.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cc::store {

// One accepted batch, as journaled. ops_json is the JSON array of the batch's effective ops;
// it is shared with the broadcast so a batch is serialized once.
struct JournalEntry {
  std::string board;
  std::uint64_t seq = 0;
  std::string batch_id;
  std::string author;  // the client id of the connection that sent it
  std::shared_ptr<const std::string> ops_json;
};

struct BoardImage {
  std::uint64_t snapshot_seq = 0;
  std::string snapshot_json = "[]";   // JSON array of objects, as model::Board::to_json
  std::vector<JournalEntry> journal;  // every kept entry, ascending seq; those with
                                      // seq > snapshot_seq must be replayed
};

struct BoardInfo {
  std::string id;
  std::uint64_t seq = 0;        // last journaled sequence number
  std::int64_t created_ms = 0;  // Unix epoch milliseconds
  std::int64_t updated_ms = 0;
};

class BoardStore {
 public:
  virtual ~BoardStore() = default;
  BoardStore() = default;
  BoardStore(BoardStore const&) = delete;
  BoardStore& operator=(BoardStore const&) = delete;

  // The board's snapshot and journal; nullopt if the board was never created or written.
  virtual Result<std::optional<BoardImage>> load_board(std::string_view board) = 0;

  // Writes every entry in one transaction, creating boards as needed. Durable on return
  // (to the configured synchronous level). On error nothing of it is written.
  virtual Status append(std::span<const JournalEntry> entries) = 0;

  // Replaces the board's snapshot by objects_json at seq, and drops journal entries with
  // seq <= keep_after (entries after keep_after stay for catch-up and de-duplication). A
  // backend may drop a large number of them over its next writes instead, to keep each
  // transaction short; until then loads return them as older entries behind the snapshot.
  // REQUIRES: every entry up to seq was appended before.
  virtual Status save_snapshot(std::string_view board, std::uint64_t seq, std::string_view objects_json,
                               std::uint64_t keep_after) = 0;

  // Creates an empty board; kConflict if it exists.
  virtual Status create_board(std::string_view board) = 0;
  virtual Result<std::optional<BoardInfo>> board_info(std::string_view board) = 0;
  // Boards ordered by id, at most limit of them, starting after the id `after` (paging).
  virtual Result<std::vector<BoardInfo>> list_boards(std::string_view after, std::size_t limit) = 0;

  // A cheap round trip to the storage, for /readyz.
  virtual Status ping() = 0;
};

}  // namespace cc::store
