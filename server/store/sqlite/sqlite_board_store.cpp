#include "store/sqlite/sqlite_board_store.hpp"

#include "store/sqlite/sqlite_checkpointer.hpp"
#include "store/sqlite/sqlite_connection.hpp"
#include "store/sqlite/sqlite_journal_trimmer.hpp"
#include "store/sqlite/sqlite_schema.hpp"
#include "store/sqlite/sqlite_settings.hpp"

#include <algorithm>
#include <chrono>
#include <limits>
#include <mutex>
#include <optional>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

namespace cc::store {

namespace {

// busy_timeout=5000 on the reader: it waits for another connection's short hold of the file
//   instead of failing (while the WAL is being reset, a second process such as a backup).
// cache_size=-65536 (64 MiB) on the writer: the interior pages of the journal and boards
//   B-trees of many active boards stay cached, so an insert rarely reads from disk. The reader
//   gets 32 MiB for loads.
constexpr char const* kBusyPragma = "PRAGMA busy_timeout = 5000;";
constexpr char const* kWriterCachePragma = "PRAGMA cache_size = -65536;";
constexpr char const* kReaderCachePragma = "PRAGMA cache_size = -32768;";

constexpr char const* kInsertJournal =
    "INSERT INTO journal (board, seq, batch_id, author, ops) VALUES (?1, ?2, ?3, ?4, ?5)";
// One per board per commit, not per entry. max(): a board's seq never goes backwards. A board
// first seen here has no metadata yet: it is named after its id, as boards from before
// accounts were (schema version 2).
constexpr char const* kUpsertBoardSeq =
    "INSERT INTO boards (id, name, created_ms, updated_ms, seq) VALUES (?1, ?1, ?2, ?2, ?3) "
    "ON CONFLICT (id) DO UPDATE SET seq = max(seq, excluded.seq), updated_ms = excluded.updated_ms";
// A snapshot older than the stored one is ignored rather than allowed to replace it.
constexpr char const* kUpsertSnapshot =
    "INSERT INTO snapshots (board, seq, objects) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (board) DO UPDATE SET seq = excluded.seq, objects = excluded.objects "
    "WHERE excluded.seq >= snapshots.seq";
// Only for a snapshot of a board with no row yet; an existing row (and its updated_ms, which
// tracks edits) is left alone.
constexpr char const* kEnsureBoard =
    "INSERT INTO boards (id, name, created_ms, updated_ms, seq) VALUES (?1, ?1, ?2, ?2, ?3) "
    "ON CONFLICT (id) DO NOTHING";

constexpr char const* kSelectBoardImage =
    "SELECT s.seq, s.objects FROM boards b LEFT JOIN snapshots s ON s.board = b.id WHERE b.id = ?1";
constexpr char const* kSelectJournal =
    "SELECT seq, batch_id, author, ops FROM journal WHERE board = ?1 ORDER BY seq";
constexpr char const* kSelectBoardInfo = "SELECT id, seq, created_ms, updated_ms FROM boards WHERE id = ?1";
constexpr char const* kListBoards =
    "SELECT id, seq, created_ms, updated_ms FROM boards WHERE id > ?1 ORDER BY id LIMIT ?2";
constexpr char const* kCreateBoard =
    "INSERT INTO boards (id, name, created_ms, updated_ms, seq) VALUES (?1, ?1, ?2, ?2, 0) "
    "ON CONFLICT (id) DO NOTHING";
constexpr char const* kPing = "SELECT 1";

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// SQLite integers are signed 64-bit; a seq above that is a bug upstream, not something to wrap.
Result<std::int64_t> to_db_seq(std::uint64_t seq) {
  if (seq > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return make_error(ErrorCode::kStorage, "sequence number " + std::to_string(seq) + " out of range");
  }
  return static_cast<std::int64_t>(seq);
}

std::uint64_t from_db_seq(std::int64_t seq) { return seq < 0 ? 0 : static_cast<std::uint64_t>(seq); }

Status prepare_into(SqliteConnection& conn, SqliteStatement& into, char const* sql) {
  auto stmt = conn.prepare(sql);
  if (stmt.has_error()) return stmt.error();
  into = std::move(stmt.value());
  return {};
}

class SqliteBoardStore final : public BoardStore {
 public:
  static Result<std::unique_ptr<SqliteBoardStore>> open(std::filesystem::path const& data_dir,
                                                        SqliteOptions const& options);

  Result<std::optional<BoardImage>> load_board(std::string_view board) override;
  Status append(std::span<const JournalEntry> entries) override;
  Status save_snapshot(std::string_view board, std::uint64_t seq, std::string_view objects_json,
                       std::uint64_t keep_after) override;
  Status create_board(std::string_view board) override;
  Result<std::optional<BoardInfo>> board_info(std::string_view board) override;
  Result<std::vector<BoardInfo>> list_boards(std::string_view after, std::size_t limit) override;
  Status ping() override;

 private:
  struct Writer;
  struct Reader;

 public:
  SqliteBoardStore(Writer writer, Reader reader, std::unique_ptr<SqliteCheckpointer> checkpointer);
  ~SqliteBoardStore() override;

 private:
  // Used by the journal writer thread, and by create_board. create_board shares it (taking
  // turns on the mutex) rather than writing through the reader connection: two connections
  // that both write meet at SQLite's file lock, whose busy handler polls with sleeps, and a
  // stream of create_board calls could then starve the journal writer for the whole
  // busy_timeout and fail commits. A mutex hands over as soon as it is released.
  struct Writer {
    SqliteConnection conn;
    SqliteStatement insert_journal;
    SqliteStatement upsert_board_seq;
    SqliteStatement upsert_snapshot;
    SqliteStatement ensure_board;
    SqliteStatement create_board;
    SqliteJournalTrimmer trimmer;
    // Reused by append: the highest seq of each board in the commit.
    std::vector<std::pair<std::string_view, std::uint64_t>> board_seqs;
  };
  // Loads and listings, from any thread, one at a time. In WAL mode its reads see the last
  // committed state and never wait for the writer.
  struct Reader {
    SqliteConnection conn;
    SqliteStatement select_board_image;
    SqliteStatement select_journal;
    SqliteStatement select_board_info;
    SqliteStatement list_boards;
    SqliteStatement ping;
  };

  std::mutex writer_mutex_;
  Writer writer_;  // GUARDED_BY(writer_mutex_)
  std::mutex reader_mutex_;
  Reader reader_;  // GUARDED_BY(reader_mutex_)
  // Told the WAL's size by the writer's commits. Declared last, so it stops (with a final
  // checkpoint) before the connections close.
  std::unique_ptr<SqliteCheckpointer> checkpointer_;
};

SqliteBoardStore::SqliteBoardStore(Writer writer, Reader reader,
                                   std::unique_ptr<SqliteCheckpointer> checkpointer)
    : writer_(std::move(writer)), reader_(std::move(reader)), checkpointer_(std::move(checkpointer)) {
  checkpointer_->attach(writer_.conn.handle());
}

SqliteBoardStore::~SqliteBoardStore() {
  // The hook points at the checkpointer, which goes first.
  SqliteCheckpointer::detach(writer_.conn.handle());
}

Result<std::unique_ptr<SqliteBoardStore>> SqliteBoardStore::open(std::filesystem::path const& data_dir,
                                                                 SqliteOptions const& options) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) {
    return make_error(ErrorCode::kStorage,
                      "cannot create data directory " + data_dir.string() + ": " + ec.message());
  }
  auto const file = data_dir / kDatabaseFile;

  auto writer_conn = SqliteConnection::open(file);
  if (writer_conn.has_error()) return writer_conn.error();
  Writer writer{std::move(writer_conn.value()), {}, {}, {}, {}, {}, {}, {}};
  if (auto s = apply_shared_settings(writer.conn, options); s.has_error()) return s.error();
  if (auto s = writer.conn.exec(kWriterCachePragma); s.has_error()) return s.error();
  poll_for_write_lock(writer.conn);
  // journal_mode reports the mode in effect; a file system without shared memory support
  // would silently stay in rollback mode, which we do not want to run on unnoticed.
  auto mode = writer.conn.query_text("PRAGMA journal_mode = WAL");
  if (mode.has_error()) return mode.error();
  if (mode.value() != "wal") {
    return make_error(ErrorCode::kStorage,
                      "sqlite: cannot enable WAL mode on " + file.string() + " (got " + mode.value() + ")");
  }
  if (auto s = migrate_sqlite_schema(writer.conn); s.has_error()) return s.error();
  for (auto [into, sql] :
       {std::pair{&writer.insert_journal, kInsertJournal},
        std::pair{&writer.upsert_board_seq, kUpsertBoardSeq},
        std::pair{&writer.upsert_snapshot, kUpsertSnapshot}, std::pair{&writer.ensure_board, kEnsureBoard},
        std::pair{&writer.create_board, kCreateBoard}}) {
    if (auto s = prepare_into(writer.conn, *into, sql); s.has_error()) return s.error();
  }
  auto trimmer = SqliteJournalTrimmer::prepare(writer.conn);
  if (trimmer.has_error()) return trimmer.error();
  writer.trimmer = std::move(trimmer.value());

  auto reader_conn = SqliteConnection::open(file);
  if (reader_conn.has_error()) return reader_conn.error();
  Reader reader{std::move(reader_conn.value()), {}, {}, {}, {}, {}};
  if (auto s = apply_shared_settings(reader.conn, options); s.has_error()) return s.error();
  for (char const* sql : {kBusyPragma, kReaderCachePragma}) {
    if (auto s = reader.conn.exec(sql); s.has_error()) return s.error();
  }
  for (auto [into, sql] : {std::pair{&reader.select_board_image, kSelectBoardImage},
                           std::pair{&reader.select_journal, kSelectJournal},
                           std::pair{&reader.select_board_info, kSelectBoardInfo},
                           std::pair{&reader.list_boards, kListBoards}, std::pair{&reader.ping, kPing}}) {
    if (auto s = prepare_into(reader.conn, *into, sql); s.has_error()) return s.error();
  }

  auto checkpointer = SqliteCheckpointer::start(file, options);
  if (checkpointer.has_error()) return checkpointer.error();
  return std::make_unique<SqliteBoardStore>(std::move(writer), std::move(reader),
                                            std::move(checkpointer.value()));
}

Status SqliteBoardStore::append(std::span<const JournalEntry> entries) {
  if (entries.empty()) return {};
  std::lock_guard lock(writer_mutex_);
  Writer& w = writer_;

  // The highest seq per board: collapse runs (a board's entries come together), then sort by
  // id, which also makes the boards upserts walk their B-tree in order.
  w.board_seqs.clear();
  for (auto const& e : entries) {
    if (!w.board_seqs.empty() && w.board_seqs.back().first == e.board) {
      w.board_seqs.back().second = std::max(w.board_seqs.back().second, e.seq);
    } else {
      w.board_seqs.emplace_back(e.board, e.seq);
    }
  }
  std::sort(w.board_seqs.begin(), w.board_seqs.end());

  auto txn = SqliteTransaction::begin(w.conn, SqliteTransaction::Mode::kImmediate);
  if (txn.has_error()) return txn.error();

  for (auto const& e : entries) {
    auto seq = to_db_seq(e.seq);
    if (seq.has_error()) return seq.error();
    StatementScope scope(w.insert_journal);
    // Bound without copying: every buffer outlives the step, and the scope resets the
    // statement before they could go away.
    w.insert_journal.bind_text(1, e.board);
    w.insert_journal.bind_int64(2, seq.value());
    w.insert_journal.bind_text(3, e.batch_id);
    w.insert_journal.bind_text(4, e.author);
    w.insert_journal.bind_text(5, e.ops_json ? std::string_view(*e.ops_json) : std::string_view("[]"));
    if (auto s = w.insert_journal.run("append journal entry"); s.has_error()) return s;
  }

  std::int64_t const now = now_ms();
  for (std::size_t i = 0; i < w.board_seqs.size(); ++i) {
    // Sorted by (board, seq): the last of each board's run has its highest seq.
    if (i + 1 < w.board_seqs.size() && w.board_seqs[i + 1].first == w.board_seqs[i].first) continue;
    auto seq = to_db_seq(w.board_seqs[i].second);
    if (seq.has_error()) return seq.error();
    StatementScope scope(w.upsert_board_seq);
    w.upsert_board_seq.bind_text(1, w.board_seqs[i].first);
    w.upsert_board_seq.bind_int64(2, now);
    w.upsert_board_seq.bind_int64(3, seq.value());
    if (auto s = w.upsert_board_seq.run("update board seq"); s.has_error()) return s;
  }
  w.board_seqs.clear();  // holds views into entries; drop them with the call

  // Continues deleting what earlier snapshots made unneeded, a bounded amount per commit.
  std::optional<SqliteJournalTrimmer::Step> trimmed;
  if (!w.trimmer.idle()) {
    auto step = w.trimmer.run(std::nullopt);
    if (step.has_error()) return step.error();
    trimmed = std::move(step.value());
  }
  if (auto s = txn.value().commit(); s.has_error()) return s;
  if (trimmed) w.trimmer.committed(std::move(*trimmed));
  return {};
}

Status SqliteBoardStore::save_snapshot(std::string_view board, std::uint64_t seq,
                                       std::string_view objects_json, std::uint64_t keep_after) {
  auto db_seq = to_db_seq(seq);
  if (db_seq.has_error()) return db_seq.error();
  // keep_after beyond the int64 range would trim everything; clamp rather than fail.
  std::int64_t const db_keep_after = static_cast<std::int64_t>(std::min<std::uint64_t>(
      keep_after, static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())));

  std::lock_guard lock(writer_mutex_);
  Writer& w = writer_;
  auto txn = SqliteTransaction::begin(w.conn, SqliteTransaction::Mode::kImmediate);
  if (txn.has_error()) return txn.error();
  {
    // Normally the board row exists (its entries were appended first); a snapshot of a board
    // that has none must not fail on the foreign key.
    StatementScope scope(w.ensure_board);
    w.ensure_board.bind_text(1, board);
    w.ensure_board.bind_int64(2, now_ms());
    w.ensure_board.bind_int64(3, db_seq.value());
    if (auto s = w.ensure_board.run("ensure board"); s.has_error()) return s;
  }
  {
    StatementScope scope(w.upsert_snapshot);
    w.upsert_snapshot.bind_text(1, board);
    w.upsert_snapshot.bind_int64(2, db_seq.value());
    w.upsert_snapshot.bind_text(3, objects_json);
    if (auto s = w.upsert_snapshot.run("save snapshot"); s.has_error()) return s;
  }
  // The oldest entries up to keep_after go now, the rest with the next commits.
  auto trimmed = w.trimmer.run(SqliteJournalTrimmer::Trim{std::string(board), db_keep_after, db_seq.value()});
  if (trimmed.has_error()) return trimmed.error();
  if (auto s = txn.value().commit(); s.has_error()) return s;
  w.trimmer.committed(std::move(trimmed.value()));
  return {};
}

Result<std::optional<BoardImage>> SqliteBoardStore::load_board(std::string_view board) {
  std::lock_guard lock(reader_mutex_);
  Reader& r = reader_;
  // One read transaction: the snapshot and the journal come from the same committed state, even
  // if the writer commits or trims in between.
  auto txn = SqliteTransaction::begin(r.conn, SqliteTransaction::Mode::kDeferred);
  if (txn.has_error()) return txn.error();

  BoardImage image;
  {
    StatementScope scope(r.select_board_image);
    r.select_board_image.bind_text(1, board);
    auto row = r.select_board_image.step("load board");
    if (row.has_error()) return row.error();
    if (!row.value()) return std::optional<BoardImage>();
    if (!r.select_board_image.column_is_null(0)) {
      image.snapshot_seq = from_db_seq(r.select_board_image.column_int64(0));
      image.snapshot_json = r.select_board_image.column_text(1);
    }
  }
  {
    StatementScope scope(r.select_journal);
    r.select_journal.bind_text(1, board);
    for (;;) {
      auto row = r.select_journal.step("load journal");
      if (row.has_error()) return row.error();
      if (!row.value()) break;
      JournalEntry& e = image.journal.emplace_back();
      e.board = board;
      e.seq = from_db_seq(r.select_journal.column_int64(0));
      e.batch_id = r.select_journal.column_text(1);
      e.author = r.select_journal.column_text(2);
      e.ops_json = std::make_shared<const std::string>(r.select_journal.column_text(3));
    }
  }
  if (auto s = txn.value().commit(); s.has_error()) return s.error();
  return std::optional<BoardImage>(std::move(image));
}

Status SqliteBoardStore::create_board(std::string_view board) {
  std::lock_guard lock(writer_mutex_);
  Writer& w = writer_;
  StatementScope scope(w.create_board);
  w.create_board.bind_text(1, board);
  w.create_board.bind_int64(2, now_ms());
  // A single autocommit statement, its own transaction; it waits for an in-flight group commit
  // on the mutex, which takes milliseconds.
  if (auto s = w.create_board.run("create board"); s.has_error()) return s;
  if (w.conn.changes() == 0) {
    return make_error(ErrorCode::kConflict, "board " + std::string(board) + " already exists");
  }
  return {};
}

Result<std::optional<BoardInfo>> SqliteBoardStore::board_info(std::string_view board) {
  std::lock_guard lock(reader_mutex_);
  Reader& r = reader_;
  StatementScope scope(r.select_board_info);
  r.select_board_info.bind_text(1, board);
  auto row = r.select_board_info.step("board info");
  if (row.has_error()) return row.error();
  if (!row.value()) return std::optional<BoardInfo>();
  return std::optional<BoardInfo>(BoardInfo{
      std::string(r.select_board_info.column_text(0)),
      from_db_seq(r.select_board_info.column_int64(1)),
      r.select_board_info.column_int64(2),
      r.select_board_info.column_int64(3),
  });
}

Result<std::vector<BoardInfo>> SqliteBoardStore::list_boards(std::string_view after, std::size_t limit) {
  std::vector<BoardInfo> boards;
  if (limit == 0) return boards;
  std::int64_t const db_limit = static_cast<std::int64_t>(
      std::min<std::size_t>(limit, static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max())));

  std::lock_guard lock(reader_mutex_);
  Reader& r = reader_;
  StatementScope scope(r.list_boards);
  // Text comparison in SQLite's default BINARY collation: byte order, the same as ORDER BY id.
  r.list_boards.bind_text(1, after);
  r.list_boards.bind_int64(2, db_limit);
  for (;;) {
    auto row = r.list_boards.step("list boards");
    if (row.has_error()) return row.error();
    if (!row.value()) break;
    boards.push_back(BoardInfo{
        std::string(r.list_boards.column_text(0)),
        from_db_seq(r.list_boards.column_int64(1)),
        r.list_boards.column_int64(2),
        r.list_boards.column_int64(3),
    });
  }
  return boards;
}

Status SqliteBoardStore::ping() {
  std::lock_guard lock(reader_mutex_);
  StatementScope scope(reader_.ping);
  auto row = reader_.ping.step("ping");
  if (row.has_error()) return row.error();
  return {};
}

}  // namespace

Result<std::unique_ptr<BoardStore>> open_sqlite_store(std::filesystem::path const& data_dir,
                                                      SqliteOptions const& options) {
  auto store = SqliteBoardStore::open(data_dir, options);
  if (store.has_error()) return store.error();
  return std::unique_ptr<BoardStore>(std::move(store.value()));
}

}  // namespace cc::store
