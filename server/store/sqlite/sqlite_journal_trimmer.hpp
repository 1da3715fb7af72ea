// Deletes the journal entries that a snapshot has made unneeded, a bounded number per
// transaction, so that the transaction is short. A busy board accumulates tens of thousands
// of entries between two snapshots, and deleting them all at once held the journal writer,
// and every acknowledgement waiting for its next commit, for 20 to 100 ms. The snapshot's own
// transaction deletes the oldest kPerTransaction of them; the rest is deleted kPerTransaction
// at a time inside the following journal commits, which adds no transactions, and so no
// fsyncs.
//
// Entries left for later are harmless: a load returns them as older entries behind the
// snapshot, which the board keeps for catch-up anyway. Leftovers are remembered in memory
// only; after a restart the board's next snapshot deletes them.
//
// Used on the store's writer connection, inside the caller's transaction; not thread-safe.
#pragma once

#include "base/error.hpp"
#include "store/sqlite/sqlite_connection.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cc::store {

class SqliteJournalTrimmer {
 public:
  static constexpr std::int64_t kPerTransaction = 500;

  struct Trim {
    std::string board;
    std::int64_t keep_after = 0;  // entries with seq <= keep_after go
    // The seq of the snapshot that made them unneeded. Deleting goes on only while the board
    // has a snapshot at least this recent: a board purged (its snapshot deleted) and created
    // anew under the same id must not lose its new entries to an old trim.
    std::int64_t snapshot_seq = 0;
  };
  // What one transaction deleted, for committed().
  struct Step {
    std::optional<Trim> added;  // the snapshot's trim, if it was given one
    bool added_finished = false;
    std::size_t finished = 0;  // leading left-over trims that are done
  };

  SqliteJournalTrimmer() = default;  // unusable until assigned a prepared one
  static Result<SqliteJournalTrimmer> prepare(SqliteConnection& conn);

  bool idle() const noexcept { return pending_.empty(); }

  // Inside the caller's transaction: deletes up to kPerTransaction entries, first those of the
  // snapshot being saved in it (if any), then those left over by earlier snapshots.
  Result<Step> run(std::optional<Trim> added);
  // The transaction that ran `step` committed: what it deleted stays deleted. (If it rolled
  // back instead, forget the step: nothing changes.)
  void committed(Step step);

 private:
  SqliteJournalTrimmer(sqlite3* db, SqliteStatement trim) noexcept;
  // Deletes at most limit of trim's entries, oldest first; returns how many it deleted.
  Result<std::int64_t> delete_some(Trim const& trim, std::int64_t limit);

  sqlite3* db_ = nullptr;  // the connection the statements belong to
  SqliteStatement trim_;
  std::vector<Trim> pending_;  // oldest first
};

}  // namespace cc::store
