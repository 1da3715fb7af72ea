#include "store/sqlite/sqlite_checkpointer.hpp"

#include "store/sqlite/sqlite_settings.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <string>
#include <thread>
#include <utility>

namespace cc::store {

namespace {

using Clock = std::chrono::steady_clock;
using Mode = CheckpointReport::Mode;

// Passive checkpoints a round runs after its first one, at most, to catch up with commits
// before it holds them off; each costs two fsyncs, and a writer that commits without pause
// never lets them finish.
constexpr int kCatchUps = 3;

// Runs on the committing thread right after the commit, with the write lock already released.
int wal_hook(void* checkpointer, sqlite3* /*db*/, char const* /*name*/, int frames) {
  static_cast<SqliteCheckpointer*>(checkpointer)->wal_grew(frames);
  return SQLITE_OK;
}

char const* mode_name(Mode mode) {
  switch (mode) {
    case Mode::kPassive:
      return "passive";
    case Mode::kFull:
      return "full";
    case Mode::kTruncate:
      return "truncate";
  }
  return "?";
}

int sqlite_mode(Mode mode) {
  switch (mode) {
    case Mode::kPassive:
      return SQLITE_CHECKPOINT_PASSIVE;
    case Mode::kFull:
      return SQLITE_CHECKPOINT_FULL;
    case Mode::kTruncate:
      return SQLITE_CHECKPOINT_TRUNCATE;
  }
  return SQLITE_CHECKPOINT_PASSIVE;
}

// The busy handler of the checkpointer's connection, for the checkpoints that wait: poll every
// 100 us until the deadline. A busy writer takes the write lock back within microseconds of
// each commit; SQLite's busy_timeout sleeps 1, 2, 5, 10 ms... between attempts, keeps missing
// those gaps, and the writer appends all the while.
int poll_until_deadline(void* deadline, int /*attempts*/) {
  if (Clock::now() >= *static_cast<Clock::time_point const*>(deadline)) return 0;
  std::this_thread::sleep_for(std::chrono::microseconds(100));
  return 1;
}

double to_ms(std::chrono::nanoseconds d) { return std::chrono::duration<double, std::milli>(d).count(); }

}  // namespace

Result<std::unique_ptr<SqliteCheckpointer>> SqliteCheckpointer::start(std::filesystem::path const& file,
                                                                      SqliteOptions const& options) {
  auto conn = SqliteConnection::open(file);
  if (conn.has_error()) return conn.error();
  // Its synchronous level decides whether a checkpoint fsyncs the WAL before copying and the
  // database file after: it must match the stores'.
  if (auto s = apply_shared_settings(conn.value(), options); s.has_error()) return s.error();
  auto mode = conn.value().query_text("PRAGMA journal_mode");
  if (mode.has_error()) return mode.error();
  if (mode.value() != "wal") {
    return make_error(ErrorCode::kStorage, "sqlite: checkpointer: " + file.string() + " is not in WAL mode");
  }
  // A connection opens the WAL when it first reads; until then a checkpoint through it would
  // silently do nothing.
  if (auto read = conn.value().query_int64("SELECT count(*) FROM sqlite_schema"); read.has_error()) {
    return read.error();
  }
  return std::make_unique<SqliteCheckpointer>(std::move(conn.value()), options.checkpoint);
}

SqliteCheckpointer::SqliteCheckpointer(SqliteConnection conn, SqliteCheckpointOptions options)
    : conn_(std::move(conn)), options_(std::move(options)), thread_([this] { run(); }) {}

SqliteCheckpointer::~SqliteCheckpointer() { stop(); }

void SqliteCheckpointer::attach(sqlite3* conn) noexcept { sqlite3_wal_hook(conn, &wal_hook, this); }

void SqliteCheckpointer::detach(sqlite3* conn) noexcept { sqlite3_wal_hook(conn, nullptr, nullptr); }

void SqliteCheckpointer::wal_grew(int frames) noexcept {
  // Fewer frames than after the previous commit: this commit started the WAL over.
  if (frames < wal_frames_.exchange(frames, std::memory_order_relaxed)) {
    restarts_.fetch_add(1, std::memory_order_relaxed);
  }
  if (frames < options_.passive_at_frames) return;
  // Only the first commit past the threshold in a round takes the mutex, which the thread holds
  // only to look at its flags, never during a checkpoint.
  if (!armed_.exchange(false, std::memory_order_relaxed)) return;
  {
    std::lock_guard lock(mutex_);
    requested_ = true;
  }
  wake_.notify_one();
}

void SqliteCheckpointer::stop() {
  std::call_once(stop_once_, [this] {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) thread_.join();
  });
}

void SqliteCheckpointer::run() {
  sqlite3_busy_handler(conn_.handle(), &poll_until_deadline, &wait_deadline_);
  std::unique_lock lock(mutex_);
  auto next_check = Clock::now() + options_.check_every;
  for (;;) {
    wake_.wait_until(lock, next_check, [this] { return stopping_ || requested_; });
    if (stopping_) break;
    requested_ = false;
    lock.unlock();
    bool const completed = round();
    if (completed && escalation_attempts_ > 0) {
      spdlog::info("sqlite: the WAL is checkpointed completely again; the reader that held it back is done");
      escalation_attempts_ = 0;
    }
    lock.lock();
    // A pause before the next round, so that a round that readers kept from finishing is not
    // retried on every commit.
    if (wake_.wait_for(lock, options_.pause, [this] { return stopping_; })) break;
    armed_.store(true, std::memory_order_relaxed);
    if (!completed) requested_ = true;
    next_check = Clock::now() + options_.check_every;
  }
  lock.unlock();
  // The stores have stopped writing, so this normally copies everything and leaves an empty
  // WAL. If a reader is still on it, the file is consistent all the same.
  auto const last = checkpoint(Mode::kTruncate, options_.escalate_wait, /*final=*/true);
  if (!last.completed && last.status.has_value()) {
    spdlog::info("sqlite: the final checkpoint left {} of {} WAL frames (a reader is still open)",
                 last.wal_frames - last.copied_frames, last.wal_frames);
  }
}

bool SqliteCheckpointer::round() {
  std::uint64_t const restarts = restarts_.load(std::memory_order_relaxed);
  auto started_over = [&] { return restarts_.load(std::memory_order_relaxed) != restarts; };
  // Frames not in the database file after checkpoint r: those it could not copy and those
  // committed since it began.
  auto behind = [&](CheckpointReport const& r) {
    return std::max(0, wal_frames_.load(std::memory_order_relaxed) - r.copied_frames);
  };
  // Frames r could not copy because a reader still reads an older snapshot. A handful is the
  // writer itself, between its commit and the end of its read transaction.
  auto held_back = [](CheckpointReport const& r) { return r.wal_frames - r.copied_frames; };

  auto report = checkpoint(Mode::kPassive, std::chrono::milliseconds{0});
  for (int catch_ups = 0;; ++catch_ups) {
    if (report.status.has_error()) return false;  // logged; retried after the pause
    // Nothing committed since it began: the next commit starts the WAL over.
    if (started_over() || (report.completed && behind(report) == 0)) return true;
    if (held_back(report) > options_.finish_below_frames) return escalate(report);
    if (behind(report) <= options_.finish_below_frames || catch_ups == kCatchUps) break;
    report = checkpoint(Mode::kPassive, std::chrono::milliseconds{0});
  }
  report = checkpoint(Mode::kFull, options_.finish_wait);
  if (report.completed) return true;
  if (report.status.has_error()) return false;
  return escalate(report);
}

bool SqliteCheckpointer::escalate(CheckpointReport const& incomplete) {
  int const frames = std::max(incomplete.wal_frames, wal_frames_.load(std::memory_order_relaxed));
  if (frames < options_.escalate_at_frames) return false;
  auto const now = Clock::now();
  if (escalation_attempts_ > 0 && now - last_escalation_ < options_.escalate_every) return false;
  last_escalation_ = now;
  if (++escalation_attempts_ == 1) {
    spdlog::warn(
        "sqlite: the WAL holds {} frames and a checkpoint could copy only {} (a reader holds an old "
        "snapshot); escalating to TRUNCATE checkpoints, which hold off commits for up to {} ms each",
        frames, incomplete.copied_frames, options_.escalate_wait.count());
  }
  auto const report = checkpoint(Mode::kTruncate, options_.escalate_wait);
  if (report.completed) {
    spdlog::info("sqlite: a TRUNCATE checkpoint emptied the WAL after {} attempt(s)", escalation_attempts_);
    escalation_attempts_ = 0;
    return true;
  }
  // About once a minute at the default escalate_every, not on every attempt.
  if (escalation_attempts_ % 60 == 0) {
    spdlog::warn("sqlite: the WAL still cannot be checkpointed after {} TRUNCATE attempts ({} frames)",
                 escalation_attempts_, frames);
  }
  return false;
}

CheckpointReport SqliteCheckpointer::checkpoint(Mode mode, std::chrono::milliseconds wait, bool final) {
  CheckpointReport report;
  report.mode = mode;
  report.final = final;
  // Only the modes that hold off commits wait (for the write lock, then for readers); a passive
  // checkpoint never calls the busy handler.
  auto const start = Clock::now();
  wait_deadline_ = start + wait;
  int log = -1;
  int copied = -1;
  int const rc = sqlite3_wal_checkpoint_v2(conn_.handle(), "main", sqlite_mode(mode), &log, &copied);
  report.took = Clock::now() - start;
  // -1 when another connection held the checkpoint lock and this one did not start.
  report.wal_frames = std::max(log, 0);
  report.copied_frames = std::max(copied, 0);
  // SQLITE_BUSY: readers or writers kept it from finishing within its wait, or another
  // connection was checkpointing. What it copied stays copied; the round is retried.
  if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_BUSY) {
    report.status = sqlite_error(conn_.handle(), std::string(mode_name(mode)) + " checkpoint");
    // A failing disk fails every retry: the first of a run, then every 100th (about every 10 s).
    if (failures_in_a_row_++ % 100 == 0) {
      spdlog::error("{} ({} in a row)", report.status.error().message, failures_in_a_row_);
    }
  } else {
    failures_in_a_row_ = 0;
  }
  report.completed = rc == SQLITE_OK && log >= 0 && copied == log;
  spdlog::debug("sqlite: {} checkpoint: {} of {} WAL frames in the database file after {:.1f} ms{}",
                mode_name(mode), report.copied_frames, report.wal_frames, to_ms(report.took),
                report.completed ? "" : " (incomplete)");
  if (options_.observer) options_.observer(report);
  return report;
}

}  // namespace cc::store
