#include "store/sqlite/sqlite_journal_trimmer.hpp"

#include <algorithm>
#include <utility>

namespace cc::store {

namespace {

// The oldest entries first, found through the (board, seq) index, which holds the row id too.
// The snapshot condition depends on the parameters only: SQLite evaluates it once.
constexpr char const* kTrimSome =
    "DELETE FROM journal WHERE id IN "
    "(SELECT id FROM journal WHERE board = ?1 AND seq <= ?2 "
    "AND EXISTS (SELECT 1 FROM snapshots WHERE board = ?1 AND seq >= ?3) ORDER BY seq LIMIT ?4)";

}  // namespace

Result<SqliteJournalTrimmer> SqliteJournalTrimmer::prepare(SqliteConnection& conn) {
  auto trim = conn.prepare(kTrimSome);
  if (trim.has_error()) return trim.error();
  return SqliteJournalTrimmer(conn.handle(), std::move(trim.value()));
}

SqliteJournalTrimmer::SqliteJournalTrimmer(sqlite3* db, SqliteStatement trim) noexcept
    : db_(db), trim_(std::move(trim)) {}

Result<SqliteJournalTrimmer::Step> SqliteJournalTrimmer::run(std::optional<Trim> added) {
  Step step;
  std::int64_t budget = kPerTransaction;
  if (added) {
    auto deleted = delete_some(*added, budget);
    if (deleted.has_error()) return deleted.error();
    budget -= deleted.value();
    // Fewer than asked: none are left. Exactly as many: the next transaction finds out.
    step.added_finished = budget > 0;
    step.added = std::move(added);
  }
  for (auto const& trim : pending_) {
    if (budget == 0) break;
    auto deleted = delete_some(trim, budget);
    if (deleted.has_error()) return deleted.error();
    budget -= deleted.value();
    if (budget == 0) break;
    ++step.finished;
  }
  return step;
}

void SqliteJournalTrimmer::committed(Step step) {
  pending_.erase(pending_.begin(),
                 pending_.begin() + static_cast<std::ptrdiff_t>(std::min(step.finished, pending_.size())));
  if (!step.added) return;
  // The new trim covers an older one of the same board: its keep_after and seqs are no lower.
  std::erase_if(pending_, [&](Trim const& t) {
    return t.board == step.added->board && t.keep_after <= step.added->keep_after;
  });
  if (!step.added_finished) pending_.push_back(std::move(*step.added));
}

Result<std::int64_t> SqliteJournalTrimmer::delete_some(Trim const& trim, std::int64_t limit) {
  StatementScope scope(trim_);
  trim_.bind_text(1, trim.board);
  trim_.bind_int64(2, trim.keep_after);
  trim_.bind_int64(3, trim.snapshot_seq);
  trim_.bind_int64(4, limit);
  if (auto s = trim_.run("trim journal"); s.has_error()) return s.error();
  return sqlite3_changes64(db_);
}

}  // namespace cc::store
