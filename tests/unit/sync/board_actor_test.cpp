// The board actor and registry against a real SQLite store and a real journal writer: clients
// are recording connections, the actors run on an io_context with two threads.
#include "sync/board_actor.hpp"

#include "store/journal_writer.hpp"
#include "store/sqlite/sqlite_board_store.hpp"
#include "sync/board_registry.hpp"
#include "sync/connection.hpp"
#include "sync/metrics.hpp"
#include "sync/protocol.hpp"
#include "sync/sync_options.hpp"

#include "support/temp_dir.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <unistd.h>
#include <utility>
#include <vector>

// Readable failure output for JSON values.
namespace boost::json {
inline void PrintTo(object const& o, std::ostream* os) { *os << serialize(o); }
inline void PrintTo(array const& a, std::ostream* os) { *os << serialize(a); }
}  // namespace boost::json

namespace cc::sync {
namespace {

namespace json = boost::json;
namespace net = boost::asio;
using namespace std::chrono_literals;

constexpr auto kTimeout = 5s;

using cc::testing::TempDir;

// One message a connection was sent.
struct Received {
  json::object message;
  bool droppable = false;
  std::size_t frame = 0;  // index of the send() call that carried it

  std::string_view type() const {
    auto const* t = message.if_contains("type");
    return t != nullptr && t->is_string() ? std::string_view(t->get_string()) : std::string_view();
  }
  std::uint64_t seq() const { return message.at("seq").to_number<std::uint64_t>(); }
};

// A client: records every message it is sent and every close, thread-safely.
class RecordingConnection : public Connection {
 public:
  // Called on the sending thread for each message before it is recorded.
  using Hook = std::function<void(Received const&)>;
  using Predicate = std::function<bool(std::vector<Received> const&)>;

  explicit RecordingConnection(Hook hook = {}) : hook_(std::move(hook)) {}

  void send(std::vector<OutMessage> messages) override { deliver(messages); }
  void send(OutMessage message) override {
    std::vector<OutMessage> one;
    one.push_back(std::move(message));
    deliver(one);
  }
  void close(CloseCode code, std::string_view reason) override {
    std::lock_guard lock(mutex_);
    closes_.emplace_back(code, std::string(reason));
    changed_.notify_all();
  }

  // Waits until pred holds over the messages received so far; false on timeout.
  bool wait_for(Predicate const& pred, std::chrono::milliseconds timeout = kTimeout) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return pred(received_); });
  }
  bool wait_for_close(std::chrono::milliseconds timeout = kTimeout) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return !closes_.empty(); });
  }

  std::vector<Received> received() const {
    std::lock_guard lock(mutex_);
    return received_;
  }
  std::vector<Received> of_type(std::string_view type) const {
    std::lock_guard lock(mutex_);
    std::vector<Received> out;
    for (auto const& r : received_) {
      if (r.type() == type) out.push_back(r);
    }
    return out;
  }
  std::vector<std::pair<CloseCode, std::string>> closes() const {
    std::lock_guard lock(mutex_);
    return closes_;
  }

 private:
  void deliver(std::vector<OutMessage> const& messages) {
    std::vector<Received> parsed;
    std::size_t frame = 0;
    {
      std::lock_guard lock(mutex_);
      frame = frames_++;
    }
    for (auto const& m : messages) {
      EXPECT_TRUE(m.body != nullptr);
      std::string text = m.head + (m.body ? *m.body : std::string()) + std::string(m.tail);
      boost::system::error_code ec;
      json::value value = json::parse(text, ec);
      Received r;
      r.droppable = m.droppable;
      r.frame = frame;
      if (ec || !value.is_object()) {
        ADD_FAILURE() << "a message that is not a JSON object: " << text.substr(0, 300);
        r.message = json::object{{"type", "<not json>"}};
      } else {
        r.message = std::move(value.get_object());
      }
      if (hook_) hook_(r);
      parsed.push_back(std::move(r));
    }
    std::lock_guard lock(mutex_);
    for (auto& r : parsed) received_.push_back(std::move(r));
    changed_.notify_all();
  }

  Hook hook_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Received> received_;
  std::size_t frames_ = 0;
  std::vector<std::pair<CloseCode, std::string>> closes_;
};

using Messages = std::vector<Received>;

// A JSON string's text, or "" for anything else.
std::string_view str(json::value const& v) {
  return v.is_string() ? std::string_view(v.get_string()) : std::string_view();
}

std::size_t count_type(Messages const& messages, std::string_view type) {
  return static_cast<std::size_t>(
      std::count_if(messages.begin(), messages.end(), [&](Received const& r) { return r.type() == type; }));
}

auto has_type(std::string_view type, std::size_t n = 1) {
  return [type = std::string(type), n](Messages const& m) { return count_type(m, type) >= n; };
}

auto has_ack(std::string batch, std::size_t n = 1) {
  return [batch = std::move(batch), n](Messages const& messages) {
    return static_cast<std::size_t>(std::count_if(messages.begin(), messages.end(), [&](Received const& r) {
             return r.type() == "ack" && str(r.message.at("batch")) == batch;
           })) >= n;
  };
}

auto has_ops_seq(std::uint64_t seq) {
  return [seq](Messages const& messages) {
    return std::any_of(messages.begin(), messages.end(),
                       [&](Received const& r) { return r.type() == "ops" && r.seq() == seq; });
  };
}

std::string rect(std::string_view id, int x) {
  return R"({"op":"put","id":")" + std::string(id) + R"(","kind":"rect","props":{"x":)" + std::to_string(x) +
         R"(,"y":0,"w":10,"h":10}})";
}

// An ops message as a client would send it, decoded by the protocol layer.
OpsMessage ops_message(std::string_view batch, std::string_view ops_json) {
  std::string text =
      R"({"type":"ops","batch":")" + std::string(batch) + R"(","ops":)" + std::string(ops_json) + "}";
  auto parsed = parse_client_message(text, model::Limits{});
  if (auto const* error = std::get_if<MessageError>(&parsed)) {
    ADD_FAILURE() << "test batch does not parse: " << error->error.message;
    return OpsMessage{std::string(batch), {}};
  }
  return std::get<OpsMessage>(std::get<ClientMessage>(std::move(parsed)));
}

struct Client {
  std::string id;
  std::string board;
  std::shared_ptr<BoardActor> actor;
  std::shared_ptr<RecordingConnection> conn;
};

class BoardActorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::open_sqlite_store(dir_.path(), store::SqliteOptions{});
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
    writer_ = std::make_unique<store::JournalWriter>(*store_);
    work_.emplace(ioc_.get_executor());
    for (int i = 0; i < 2; ++i) threads_.emplace_back([this] { ioc_.run(); });
  }

  void TearDown() override {
    if (registry_) shutdown_registry();
    if (writer_) writer_->stop();
    work_.reset();
    ioc_.stop();
    for (auto& t : threads_) t.join();
    blocking_.join();
    // Boards go first, while the executor their strands and timers use is still there.
    registry_.reset();
    retired_.clear();
  }

  BoardRegistry& registry() {
    if (!registry_) {
      registry_ = std::make_unique<BoardRegistry>(
          BoardServices{ioc_.get_executor(), blocking_, *store_, *writer_, metrics_, options_});
    }
    return *registry_;
  }

  // Shuts the registry down (every board writes its final snapshot) and waits for it.
  void shutdown_registry() {
    auto done = std::make_shared<std::promise<void>>();
    auto finished = done->get_future();
    registry_->shutdown_all([done] { done->set_value(); });
    ASSERT_EQ(finished.wait_for(kTimeout), std::future_status::ready) << "shutdown_all did not finish";
    retired_.push_back(std::move(registry_));
  }

  // A server restart as far as boards go: shut the registry down, open a new one on the same
  // store and writer.
  void restart() {
    shutdown_registry();
    registry();
  }

  // The highest sequence number of the board that the store holds.
  std::uint64_t stored_seq(std::string const& board) {
    auto image = store_->load_board(board);
    EXPECT_TRUE(image) << image.error().message;
    if (!image || !image->has_value()) return 0;
    std::uint64_t seq = (*image)->snapshot_seq;
    for (auto const& e : (*image)->journal) seq = std::max(seq, e.seq);
    return seq;
  }

  // Every message that carries board state is checked, at the moment it is sent, against
  // what the store holds: nobody may see an edit that is not durable yet.
  RecordingConnection::Hook durability_check(std::string board) {
    return [this, board = std::move(board)](Received const& r) {
      if (r.type() != "ack" && r.type() != "ops" && r.type() != "welcome") return;
      std::uint64_t const seq = r.seq();
      if (seq == 0) return;
      std::uint64_t const stored = stored_seq(board);
      EXPECT_GE(stored, seq) << "a " << r.type() << " at seq " << seq
                             << " was sent before it was durable: " << json::serialize(r.message);
      ++durability_checks_;
    };
  }

  // Attaches, sends hello, and waits for the welcome.
  Client join(std::string const& board, std::string const& client, std::uint64_t since = 0,
              std::string const& name = {}) {
    Client c{client, board, registry().attach(board),
             std::make_shared<RecordingConnection>(durability_check(board))};
    EXPECT_NE(c.actor, nullptr);
    if (!c.actor) return c;
    c.actor->join(c.conn, client, name, since);
    EXPECT_TRUE(c.conn->wait_for(has_type("welcome"))) << client << " got no welcome";
    return c;
  }

  void leave(Client& c) {
    c.actor->leave(c.id);
    registry().detach(c.board);
  }

  // Submits a batch and waits for its ack; returns the acked seq (0 if none came).
  std::uint64_t submit_acked(Client const& c, std::string const& batch, std::string const& ops_json) {
    std::size_t const acks_before = count_acks(c, batch);
    c.actor->submit(c.id, ops_message(batch, ops_json));
    if (!c.conn->wait_for(has_ack(batch, acks_before + 1))) {
      ADD_FAILURE() << "no ack for batch " << batch;
      return 0;
    }
    auto acks = c.conn->of_type("ack");
    for (auto it = acks.rbegin(); it != acks.rend(); ++it) {
      if (str(it->message.at("batch")) == batch) return it->seq();
    }
    return 0;
  }

  static std::size_t count_acks(Client const& c, std::string const& batch) {
    auto acks = c.conn->of_type("ack");
    return static_cast<std::size_t>(std::count_if(
        acks.begin(), acks.end(), [&](Received const& r) { return str(r.message.at("batch")) == batch; }));
  }

  // An HTTP-style read: attach, read, detach.
  std::optional<BoardRead> read(std::string const& board) {
    auto actor = registry().attach(board);
    EXPECT_NE(actor, nullptr);
    if (!actor) return std::nullopt;
    auto promise = std::make_shared<std::promise<Result<BoardRead>>>();
    auto future = promise->get_future();
    actor->read([promise](Result<BoardRead> r) { promise->set_value(std::move(r)); });
    bool const ready = future.wait_for(kTimeout) == std::future_status::ready;
    registry().detach(board);
    if (!ready) {
      ADD_FAILURE() << "read of " << board << " did not finish";
      return std::nullopt;
    }
    auto result = future.get();
    if (!result) {
      ADD_FAILURE() << "read of " << board << " failed: " << result.error().message;
      return std::nullopt;
    }
    return *result;
  }

  // Polls a condition that has no event to wait on (registry and store state), bounded.
  static bool eventually(std::function<bool()> const& pred, std::chrono::milliseconds timeout = kTimeout) {
    auto const deadline = std::chrono::steady_clock::now() + timeout;
    while (!pred()) {
      if (std::chrono::steady_clock::now() >= deadline) return false;
      std::this_thread::sleep_for(2ms);
    }
    return true;
  }

  TempDir dir_;
  std::unique_ptr<store::BoardStore> store_;
  Metrics metrics_;
  SyncOptions options_;
  net::thread_pool blocking_{1};
  std::unique_ptr<store::JournalWriter> writer_;
  net::io_context ioc_{2};
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work_;
  std::vector<std::thread> threads_;
  std::unique_ptr<BoardRegistry> registry_;
  std::vector<std::unique_ptr<BoardRegistry>> retired_;
  std::atomic<int> durability_checks_{0};
};

json::array objects_of(json::object const& welcome) {
  auto const* objects = welcome.if_contains("objects");
  if (objects == nullptr || !objects->is_array()) {
    ADD_FAILURE() << "welcome has no objects: " << json::serialize(welcome);
    return {};
  }
  return objects->get_array();
}

std::vector<std::string> ids_of(json::array const& objects) {
  std::vector<std::string> ids;
  for (auto const& o : objects) ids.emplace_back(o.at("id").get_string());
  std::sort(ids.begin(), ids.end());
  return ids;
}

// ---------------------------------------------------------------------------------------------

TEST_F(BoardActorTest, JoinAnEmptyBoard) {
  auto a = join("empty", "ca", 0, "Ada");
  auto messages = a.conn->received();
  ASSERT_GE(messages.size(), 2u);
  auto const& welcome = messages[0];
  ASSERT_EQ(welcome.type(), "welcome");
  EXPECT_EQ(welcome.message,
            (json::object{{"type", "welcome"}, {"client", "ca"}, {"seq", 0}, {"objects", json::array{}}}));
  EXPECT_FALSE(welcome.droppable);

  // The welcome comes with everyone's presence, in the same frame.
  auto const& presence = messages[1];
  ASSERT_EQ(presence.type(), "presence");
  EXPECT_EQ(presence.frame, welcome.frame);
  EXPECT_EQ(presence.message.at("peers"),
            (json::array{json::object{
                {"client", "ca"}, {"name", "Ada"}, {"cursor", nullptr}, {"selection", json::array{}}}}));
  EXPECT_TRUE(a.conn->closes().empty());
  EXPECT_EQ(registry().open_boards(), 1u);
}

TEST_F(BoardActorTest, SubmitIsAckedToTheAuthorAndBroadcastToOthers) {
  auto a = join("b", "ca");
  auto b = join("b", "cb");

  a.actor->submit("ca", ops_message("batch1", "[" + rect("r1", 5) + "]"));
  ASSERT_TRUE(a.conn->wait_for(has_ack("batch1")));
  ASSERT_TRUE(b.conn->wait_for(has_ops_seq(1)));

  auto ops = b.conn->of_type("ops");
  ASSERT_EQ(ops.size(), 1u);
  EXPECT_FALSE(ops[0].droppable);
  auto const& m = ops[0].message;
  EXPECT_EQ(m.size(), 4u) << json::serialize(m);
  EXPECT_EQ(m.at("type"), "ops");
  EXPECT_EQ(m.at("seq"), 1);
  EXPECT_EQ(m.at("client"), "ca");
  ASSERT_TRUE(m.at("ops").is_array());
  ASSERT_EQ(m.at("ops").get_array().size(), 1u);
  auto const& op = m.at("ops").get_array()[0].get_object();
  EXPECT_EQ(op.at("op"), "put");
  EXPECT_EQ(op.at("id"), "r1");
  EXPECT_EQ(op.at("kind"), "rect");
  EXPECT_EQ(op.at("props").at("x"), 5);
  EXPECT_TRUE(op.at("props").get_object().contains("z")) << "the server fills in z";
  EXPECT_EQ(b.conn->of_type("ack").size(), 0u);

  // The author gets an ack at seq 1, never the ops message; as the server chose the put's z,
  // the ack carries the effective ops, the same the others got.
  auto acks = a.conn->of_type("ack");
  ASSERT_EQ(acks.size(), 1u);
  EXPECT_EQ(acks[0].message,
            (json::object{{"type", "ack"}, {"batch", "batch1"}, {"seq", 1}, {"ops", m.at("ops")}}));
  EXPECT_FALSE(acks[0].droppable);
  // The ack and the broadcast leave in the same pass, so the author has had its chance to get
  // the ops by now: it must not.
  EXPECT_EQ(a.conn->of_type("ops").size(), 0u);

  // A batch that leaves the server nothing to choose is acked with batch and seq only.
  a.actor->submit(
      "ca", ops_message("batch2", R"([{"op":"set","id":"r1","props":{"x":6}},)"
                                  R"({"op":"put","id":"r2","kind":"rect","props":{"x":1,"y":1,"z":"a5"}}])"));
  ASSERT_TRUE(a.conn->wait_for(has_ack("batch2")));
  ASSERT_TRUE(b.conn->wait_for(has_ops_seq(2)));
  EXPECT_EQ(a.conn->of_type("ack").at(1).message,
            (json::object{{"type", "ack"}, {"batch", "batch2"}, {"seq", 2}}));
  EXPECT_EQ(a.conn->of_type("ops").size(), 0u);
  EXPECT_EQ(b.conn->of_type("ops").at(1).message.at("ops").get_array().size(), 2u);

  // The ack and the ops were checked against the store when they were sent.
  EXPECT_GE(durability_checks_.load(), 2);
  auto image = store_->load_board("b");
  ASSERT_TRUE(image && image->has_value());
  ASSERT_EQ((*image)->journal.size(), 2u);
  EXPECT_EQ((*image)->journal[0].seq, 1u);
  EXPECT_EQ((*image)->journal[0].batch_id, "batch1");
  EXPECT_EQ((*image)->journal[0].author, "ca");
  EXPECT_EQ(json::parse(*(*image)->journal[0].ops_json), m.at("ops"));
  EXPECT_EQ(metrics_.batches_applied.load(), 2u);
  EXPECT_EQ(metrics_.ops_applied.load(), 3u);
}

TEST_F(BoardActorTest, AckIsSentOnlyOnceDurable) {
  // The store is read at the very moment the ack is handed to the connection.
  auto a = join("d", "ca");
  std::atomic<bool> seen{false};
  std::atomic<bool> journaled{false};
  auto conn = std::make_shared<RecordingConnection>([&](Received const& r) {
    if (r.type() != "ack") return;
    auto image = store_->load_board("d");
    bool found = false;
    if (image && image->has_value()) {
      for (auto const& e : (*image)->journal) found = found || (e.seq == r.seq() && e.batch_id == "dur1");
    }
    journaled = found;
    seen = true;
  });
  auto actor = registry().attach("d");
  actor->join(conn, "cd", "", 0);
  ASSERT_TRUE(conn->wait_for(has_type("welcome")));
  actor->submit("cd", ops_message("dur1", "[" + rect("r1", 1) + "," + rect("r2", 2) + "]"));
  ASSERT_TRUE(conn->wait_for(has_ack("dur1")));
  EXPECT_TRUE(seen.load());
  EXPECT_TRUE(journaled.load()) << "the ack was sent before the journal entry was in the store";
  ASSERT_TRUE(a.conn->wait_for(has_ops_seq(1)));
  registry().detach("d");
}

TEST_F(BoardActorTest, InvalidBatchIsRefusedAndChangesNothing) {
  auto a = join("inv", "ca");
  auto b = join("inv", "cb");
  ASSERT_EQ(submit_acked(a, "ok1", "[" + rect("r1", 1) + "]"), 1u);
  ASSERT_TRUE(b.conn->wait_for(has_ops_seq(1)));

  // Valid on its own, refused against the board: a rect has no points. The first op is fine
  // and must not be applied either.
  a.actor->submit("ca", ops_message("bad1", "[" + rect("r2", 2) +
                                                R"(,{"op":"set","id":"r1","props":{"points":[0,0,1,1]}}])"));
  ASSERT_TRUE(a.conn->wait_for(has_type("error")));
  auto errors = a.conn->of_type("error");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].message.at("code"), "invalid_op");
  EXPECT_EQ(errors[0].message.at("batch"), "bad1");
  EXPECT_TRUE(errors[0].message.at("message").is_string());
  EXPECT_NE(std::string(errors[0].message.at("message").get_string()).find("ops[1]"), std::string::npos)
      << json::serialize(errors[0].message);
  EXPECT_EQ(metrics_.rejected_inputs.load(), 1u);

  // The next batch gets the next seq, and the other client never heard of the bad one.
  ASSERT_EQ(submit_acked(a, "ok2", "[" + rect("r3", 3) + "]"), 2u);
  ASSERT_TRUE(b.conn->wait_for(has_ops_seq(2)));
  auto ops = b.conn->of_type("ops");
  ASSERT_EQ(ops.size(), 2u);
  EXPECT_EQ(ops[0].seq(), 1u);
  EXPECT_EQ(ops[1].seq(), 2u);
  EXPECT_EQ(b.conn->of_type("error").size(), 0u);
  EXPECT_EQ(a.conn->of_type("ack").size(), 2u);

  auto state = read("inv");
  ASSERT_TRUE(state);
  EXPECT_EQ(state->seq, 2u);
  EXPECT_EQ(ids_of(json::parse(*state->objects_json).get_array()), (std::vector<std::string>{"r1", "r3"}));
  EXPECT_EQ(stored_seq("inv"), 2u);
}

TEST_F(BoardActorTest, ResentBatchIsAckedAgainNotAppliedTwice) {
  auto a = join("dup", "ca");
  auto b = join("dup", "cb");
  ASSERT_EQ(submit_acked(a, "once", "[" + rect("r1", 1) + "]"), 1u);
  ASSERT_TRUE(b.conn->wait_for(has_ops_seq(1)));

  // The same batch id again (even with other ops): acknowledged with its first seq.
  a.actor->submit("ca", ops_message("once", "[" + rect("r9", 9) + "]"));
  ASSERT_TRUE(a.conn->wait_for(has_ack("once", 2)));
  auto acks = a.conn->of_type("ack");
  ASSERT_EQ(acks.size(), 2u);
  EXPECT_EQ(acks[1].message.at("batch"), "once");
  EXPECT_EQ(acks[1].seq(), 1u);
  EXPECT_EQ(metrics_.batches_deduplicated.load(), 1u);

  // The board did not move: the next batch is seq 2 and the others got nothing for the re-send.
  ASSERT_EQ(submit_acked(a, "twice", "[" + rect("r2", 2) + "]"), 2u);
  ASSERT_TRUE(b.conn->wait_for(has_ops_seq(2)));
  auto ops = b.conn->of_type("ops");
  ASSERT_EQ(ops.size(), 2u);
  EXPECT_EQ(ops[1].seq(), 2u);
  EXPECT_EQ(metrics_.batches_applied.load(), 2u);

  auto state = read("dup");
  ASSERT_TRUE(state);
  EXPECT_EQ(state->seq, 2u);
  EXPECT_EQ(ids_of(json::parse(*state->objects_json).get_array()), (std::vector<std::string>{"r1", "r2"}));
}

TEST_F(BoardActorTest, ResentBatchBeforeItIsDurableIsAckedOnceDurable) {
  auto a = join("dup2", "ca");
  // Back to back: the second copy arrives while the first may still be committing.
  a.actor->submit("ca", ops_message("fast", "[" + rect("r1", 1) + "]"));
  a.actor->submit("ca", ops_message("fast", "[" + rect("r1", 1) + "]"));
  a.actor->submit("ca", ops_message("fast", "[" + rect("r1", 1) + "]"));
  ASSERT_TRUE(a.conn->wait_for(has_ack("fast", 3)));
  for (auto const& ack : a.conn->of_type("ack")) EXPECT_EQ(ack.seq(), 1u);
  EXPECT_EQ(metrics_.batches_deduplicated.load(), 2u);
  EXPECT_EQ(metrics_.batches_applied.load(), 1u);
  EXPECT_EQ(submit_acked(a, "next", "[" + rect("r2", 2) + "]"), 2u);
}

TEST_F(BoardActorTest, ResentBatchIsRecognisedAfterARestart) {
  {
    auto a = join("dup3", "ca");
    ASSERT_EQ(submit_acked(a, "kept", "[" + rect("r1", 1) + "]"), 1u);
    ASSERT_EQ(submit_acked(a, "kept2", "[" + rect("r2", 2) + "]"), 2u);
  }
  restart();
  auto a = join("dup3", "ca2", 2);
  EXPECT_EQ(submit_acked(a, "kept", "[" + rect("r1", 1) + "]"), 1u);
  EXPECT_EQ(submit_acked(a, "new", "[" + rect("r3", 3) + "]"), 3u);
}

TEST_F(BoardActorTest, JoinWithSinceGetsJustTheMissedBatches) {
  auto a = join("since", "ca");
  for (int i = 1; i <= 5; ++i) {
    ASSERT_EQ(submit_acked(a, "s" + std::to_string(i), "[" + rect("r" + std::to_string(i), i) + "]"),
              static_cast<std::uint64_t>(i));
  }

  // Has seen seq 2 of 5: gets exactly 3, 4 and 5 as ops messages.
  auto c = join("since", "cc", 2);
  auto welcome = c.conn->of_type("welcome").at(0).message;
  EXPECT_EQ(welcome.at("seq"), 5);
  EXPECT_EQ(welcome.at("client"), "cc");
  EXPECT_FALSE(welcome.contains("objects"));
  ASSERT_TRUE(welcome.contains("ops")) << json::serialize(welcome);
  auto const& batches = welcome.at("ops").get_array();
  ASSERT_EQ(batches.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    auto const& batch = batches[i].get_object();
    EXPECT_EQ(batch.at("type"), "ops");
    EXPECT_EQ(batch.at("seq"), static_cast<std::int64_t>(i + 3));
    EXPECT_EQ(batch.at("client"), "ca");
    ASSERT_EQ(batch.at("ops").get_array().size(), 1u);
    EXPECT_EQ(batch.at("ops").get_array()[0].at("id"), json::value("r" + std::to_string(i + 3)));
  }

  // Up to date: an empty catch-up.
  auto d = join("since", "cd", 5);
  auto up_to_date = d.conn->of_type("welcome").at(0).message;
  EXPECT_EQ(up_to_date.at("seq"), 5);
  ASSERT_TRUE(up_to_date.contains("ops")) << json::serialize(up_to_date);
  EXPECT_TRUE(up_to_date.at("ops").get_array().empty());

  // since 0: all objects.
  auto e = join("since", "ce", 0);
  auto fresh = e.conn->of_type("welcome").at(0).message;
  EXPECT_EQ(fresh.at("seq"), 5);
  EXPECT_FALSE(fresh.contains("ops"));
  EXPECT_EQ(ids_of(objects_of(fresh)), (std::vector<std::string>{"r1", "r2", "r3", "r4", "r5"}));

  // Ahead of the board (it saw another board's history, say): all objects.
  auto f = join("since", "cf", 99);
  auto ahead = f.conn->of_type("welcome").at(0).message;
  EXPECT_EQ(ahead.at("seq"), 5);
  EXPECT_FALSE(ahead.contains("ops"));
  EXPECT_EQ(ids_of(objects_of(ahead)), (std::vector<std::string>{"r1", "r2", "r3", "r4", "r5"}));
}

TEST_F(BoardActorTest, SinceOlderThanTheKeptJournalGetsObjects) {
  options_.journal_keep = 2;
  auto a = join("old", "ca");
  for (int i = 1; i <= 5; ++i) {
    ASSERT_EQ(submit_acked(a, "o" + std::to_string(i), "[" + rect("r" + std::to_string(i), i) + "]"),
              static_cast<std::uint64_t>(i));
  }
  // Only 4 and 5 are kept: a client at 1 cannot catch up with ops.
  auto c = join("old", "cc", 1);
  auto welcome = c.conn->of_type("welcome").at(0).message;
  EXPECT_EQ(welcome.at("seq"), 5);
  EXPECT_FALSE(welcome.contains("ops"));
  EXPECT_EQ(objects_of(welcome).size(), 5u);
  // A client at 3 can.
  auto d = join("old", "cd", 3);
  auto catch_up = d.conn->of_type("welcome").at(0).message;
  ASSERT_TRUE(catch_up.contains("ops")) << json::serialize(catch_up);
  ASSERT_EQ(catch_up.at("ops").get_array().size(), 2u);
  EXPECT_EQ(catch_up.at("ops").get_array()[0].at("seq"), 4);
  EXPECT_EQ(catch_up.at("ops").get_array()[1].at("seq"), 5);
}

TEST_F(BoardActorTest, PresenceIsCoalescedAndLeaveIsBroadcast) {
  auto a = join("pres", "ca", 0, "Ada");
  auto b = join("pres", "cb", 0, "Bo");

  // A's arrival and B's are announced; wait for B to have seen its own arrival announced so
  // that what follows is A's movement only.
  auto mentions = [](Received const& r, std::string_view client) {
    if (r.type() != "presence") return false;
    for (auto const& p : r.message.at("peers").get_array()) {
      if (str(p.at("client")) == client) return true;
    }
    return false;
  };
  ASSERT_TRUE(b.conn->wait_for([&](Messages const& m) {
    return std::count_if(m.begin(), m.end(), [&](Received const& r) { return mentions(r, "cb"); }) >= 2;
  }));
  std::size_t const mark = b.conn->received().size();

  constexpr int kUpdates = 50;
  for (int i = 1; i <= kUpdates; ++i) {
    a.actor->presence("ca", PresenceMessage{json::object{{"x", i}, {"y", -i}}, json::array{"r1"}});
  }
  auto cursor_of_a = [](Received const& r) -> std::optional<std::int64_t> {
    if (r.type() != "presence") return std::nullopt;
    for (auto const& p : r.message.at("peers").get_array()) {
      if (p.at("client") == "ca" && p.at("cursor").is_object())
        return p.at("cursor").at("x").to_number<std::int64_t>();
    }
    return std::nullopt;
  };
  ASSERT_TRUE(b.conn->wait_for([&](Messages const& m) {
    return std::any_of(m.begin(), m.end(), [&](Received const& r) { return cursor_of_a(r) == kUpdates; });
  })) << "the latest cursor never arrived";

  auto all = b.conn->received();
  std::vector<std::int64_t> cursors;
  for (std::size_t i = mark; i < all.size(); ++i) {
    if (auto x = cursor_of_a(all[i])) {
      cursors.push_back(*x);
      EXPECT_TRUE(all[i].droppable) << "presence is droppable";
      for (auto const& p : all[i].message.at("peers").get_array()) {
        if (p.at("client") != "ca") continue;
        EXPECT_EQ(p.at("name"), "Ada");
        EXPECT_EQ(p.at("cursor"), (json::object{{"x", *x}, {"y", -*x}}));
        EXPECT_EQ(p.at("selection"), (json::array{"r1"}));
      }
    }
  }
  ASSERT_FALSE(cursors.empty());
  EXPECT_LE(cursors.size(), 4u) << "presence was not coalesced: " << cursors.size() << " frames for "
                                << kUpdates << " updates";
  EXPECT_EQ(cursors.back(), kUpdates);
  EXPECT_TRUE(std::is_sorted(cursors.begin(), cursors.end()));

  // A leaves: B is told.
  leave(a);
  ASSERT_TRUE(b.conn->wait_for(has_type("leave")));
  auto leaves = b.conn->of_type("leave");
  ASSERT_EQ(leaves.size(), 1u);
  EXPECT_EQ(leaves[0].message, (json::object{{"type", "leave"}, {"client", "ca"}}));
  EXPECT_FALSE(leaves[0].droppable);
  EXPECT_EQ(a.conn->of_type("leave").size(), 0u);

  // A newcomer's presence lists B only.
  auto c = join("pres", "cc");
  auto joined = c.conn->received();
  ASSERT_GE(joined.size(), 2u);
  ASSERT_EQ(joined[1].type(), "presence");
  std::vector<std::string> peers;
  for (auto const& p : joined[1].message.at("peers").get_array())
    peers.emplace_back(p.at("client").get_string());
  std::sort(peers.begin(), peers.end());
  EXPECT_EQ(peers, (std::vector<std::string>{"cb", "cc"}));
}

TEST_F(BoardActorTest, StatePersistsAcrossARestart) {
  json::array before;
  {
    auto a = join("keep", "ca");
    ASSERT_EQ(submit_acked(a, "k1", "[" + rect("r1", 1) + "," + rect("r2", 2) + "]"), 1u);
    ASSERT_EQ(submit_acked(a, "k2", R"([{"op":"set","id":"r1","props":{"fill":"#00ff00"}}])"), 2u);
    ASSERT_EQ(submit_acked(a, "k3", R"([{"op":"del","id":"r2"}])"), 3u);
    auto state = read("keep");
    ASSERT_TRUE(state);
    before = json::parse(*state->objects_json).get_array();

    shutdown_registry();
    ASSERT_TRUE(a.conn->wait_for_close());
    EXPECT_EQ(a.conn->closes().at(0).first, CloseCode::kGoingAway);
  }
  // The final snapshot is on disk, at the last seq.
  auto image = store_->load_board("keep");
  ASSERT_TRUE(image && image->has_value());
  EXPECT_EQ((*image)->snapshot_seq, 3u);
  EXPECT_EQ(json::parse((*image)->snapshot_json), before);

  registry();  // a new server on the same store
  auto b = join("keep", "cb");
  auto welcome = b.conn->of_type("welcome").at(0).message;
  EXPECT_EQ(welcome.at("seq"), 3);
  EXPECT_EQ(objects_of(welcome), before);
  ASSERT_EQ(before.size(), 1u);
  EXPECT_EQ(before[0].at("props").at("fill"), "#00ff00");

  // And the journal is still there for catch-up.
  auto c = join("keep", "cc", 1);
  auto catch_up = c.conn->of_type("welcome").at(0).message;
  ASSERT_TRUE(catch_up.contains("ops")) << json::serialize(catch_up);
  ASSERT_EQ(catch_up.at("ops").get_array().size(), 2u);
  EXPECT_EQ(catch_up.at("ops").get_array()[0].at("seq"), 2);
  EXPECT_EQ(catch_up.at("ops").get_array()[1].at("seq"), 3);

  EXPECT_EQ(submit_acked(b, "k4", "[" + rect("r5", 5) + "]"), 4u);
}

TEST_F(BoardActorTest, PeriodicSnapshotIsWrittenWhileClientsStay) {
  options_.snapshot_interval = 20ms;
  auto a = join("snap", "ca");
  ASSERT_EQ(submit_acked(a, "p1", "[" + rect("r1", 1) + "]"), 1u);
  ASSERT_EQ(submit_acked(a, "p2", "[" + rect("r2", 2) + "]"), 2u);
  ASSERT_TRUE(eventually([&] {
    auto image = store_->load_board("snap");
    return image && image->has_value() && (*image)->snapshot_seq == 2;
  })) << "no snapshot was written while the board stayed open";
  auto image = store_->load_board("snap");
  ASSERT_TRUE(image && image->has_value());
  EXPECT_EQ(ids_of(json::parse((*image)->snapshot_json).get_array()), (std::vector<std::string>{"r1", "r2"}));
  EXPECT_EQ(registry().open_boards(), 1u);
  EXPECT_EQ(submit_acked(a, "p3", "[" + rect("r3", 3) + "]"), 3u);
}

// Tells a test when the writer has committed what it was given.
class DurableFlag : public store::DurabilityListener {
 public:
  void on_durable(std::uint64_t seq, Status status) override {
    EXPECT_TRUE(status) << status.error().message;
    if (seq == last_) done_.set_value();
  }
  void on_snapshot_saved(std::uint64_t, Status) override {}
  explicit DurableFlag(std::uint64_t last) : last_(last) {}
  std::future<void> future() { return done_.get_future(); }

 private:
  std::uint64_t last_;
  std::promise<void> done_;
};

TEST_F(BoardActorTest, JournalIsReplayedOnLoad) {
  // What a crash leaves behind: journaled batches and no snapshot of them.
  auto entry = [](std::uint64_t seq, std::string ops) {
    return store::JournalEntry{"crash", seq, "j" + std::to_string(seq), "cw",
                               std::make_shared<const std::string>(std::move(ops))};
  };
  auto flag = std::make_shared<DurableFlag>(3);
  auto committed = flag->future();
  writer_->submit(entry(1, "[" + rect("r1", 1) + "," + rect("r2", 2) + "]"), flag);
  writer_->submit(entry(2, R"([{"op":"set","id":"r1","props":{"x":7}}])"), flag);
  writer_->submit(entry(3, R"([{"op":"del","id":"r2"}])"), flag);
  ASSERT_EQ(committed.wait_for(kTimeout), std::future_status::ready);

  auto a = join("crash", "ca");
  auto welcome = a.conn->of_type("welcome").at(0).message;
  EXPECT_EQ(welcome.at("seq"), 3);
  auto objects = objects_of(welcome);
  ASSERT_EQ(objects.size(), 1u);
  EXPECT_EQ(objects[0].at("id"), "r1");
  EXPECT_EQ(objects[0].at("props").at("x"), 7);

  auto b = join("crash", "cb", 1);
  auto catch_up = b.conn->of_type("welcome").at(0).message;
  ASSERT_TRUE(catch_up.contains("ops")) << json::serialize(catch_up);
  ASSERT_EQ(catch_up.at("ops").get_array().size(), 2u);
  EXPECT_EQ(catch_up.at("ops").get_array()[0].at("client"), "cw");
  EXPECT_EQ(catch_up.at("ops").get_array()[1].at("seq"), 3);

  // The journaled batch ids are known: a re-send is acked, not applied again.
  EXPECT_EQ(submit_acked(a, "j2", "[" + rect("r9", 9) + "]"), 2u);
  EXPECT_EQ(submit_acked(a, "j4", "[" + rect("r4", 4) + "]"), 4u);
}

TEST_F(BoardActorTest, IdleBoardIsUnloadedAndReloads) {
  options_.idle_unload = 50ms;
  json::array before;
  {
    auto a = join("idle", "ca");
    ASSERT_EQ(submit_acked(a, "i1", "[" + rect("r1", 1) + "]"), 1u);
    ASSERT_EQ(submit_acked(a, "i2", "[" + rect("r2", 2) + "]"), 2u);
    auto state = read("idle");
    ASSERT_TRUE(state);
    before = json::parse(*state->objects_json).get_array();
    EXPECT_EQ(registry().open_boards(), 1u);
    leave(a);
  }
  ASSERT_TRUE(eventually([&] { return registry().open_boards() == 0; })) << "the idle board was not unloaded";
  auto image = store_->load_board("idle");
  ASSERT_TRUE(image && image->has_value());
  EXPECT_EQ((*image)->snapshot_seq, 2u);
  EXPECT_EQ(json::parse((*image)->snapshot_json), before);

  auto b = join("idle", "cb");
  EXPECT_EQ(registry().open_boards(), 1u);
  auto welcome = b.conn->of_type("welcome").at(0).message;
  EXPECT_EQ(welcome.at("seq"), 2);
  EXPECT_EQ(objects_of(welcome), before);
  EXPECT_EQ(submit_acked(b, "i3", "[" + rect("r3", 3) + "]"), 3u);
}

TEST_F(BoardActorTest, BoardInUseWhenIdleIsUnloadedOnceReleased) {
  options_.idle_unload = 50ms;
  auto a = join("held", "ca");
  ASSERT_EQ(submit_acked(a, "h1", "[" + rect("r1", 1) + "]"), 1u);
  auto holder = registry().attach("held");  // somebody else uses the board (an HTTP read, say)
  leave(a);

  // The idle timer fires, writes the final snapshot and asks to be released, which is refused.
  ASSERT_TRUE(eventually([&] {
    auto image = store_->load_board("held");
    return image && image->has_value() && (*image)->snapshot_seq == 1;
  }));
  // Make sure the board has handled the snapshot's completion (and so its refused release):
  // a commit of another board that the writer takes after that snapshot, then a read posted
  // to this board behind it.
  auto other = join("other", "co");
  ASSERT_EQ(submit_acked(other, "x1", "[" + rect("r1", 1) + "]"), 1u);
  leave(other);
  ASSERT_TRUE(read("held"));
  EXPECT_GE(registry().open_boards(), 1u);

  registry().detach("held");
  holder.reset();
  EXPECT_TRUE(eventually([&] { return registry().open_boards() == 0; }))
      << "a board that was in use when it went idle stays loaded forever";
}

TEST_F(BoardActorTest, ClientThatJoinsWhileTheBoardShutsDownIsClosed) {
  // Hold the (one-thread) blocking pool so the board is still loading when shutdown starts.
  std::promise<void> open_gate;
  std::shared_future<void> gate = open_gate.get_future().share();
  net::post(blocking_, [gate] { gate.wait_for(kTimeout); });

  auto actor = registry().attach("late");
  auto conn = std::make_shared<RecordingConnection>();
  actor->join(conn, "cl", "", 0);  // waits for the load
  auto done = std::make_shared<std::promise<void>>();
  auto finished = done->get_future();
  registry().shutdown_all([done] { done->set_value(); });
  open_gate.set_value();
  ASSERT_EQ(finished.wait_for(kTimeout), std::future_status::ready) << "shutdown_all did not finish";
  retired_.push_back(std::move(registry_));

  // Every client of a board that shut down is told to go away; none is left hanging.
  ASSERT_TRUE(conn->wait_for_close()) << "the client that joined during the shutdown was never closed";
  EXPECT_EQ(conn->closes().at(0).first, CloseCode::kGoingAway);
}

TEST_F(BoardActorTest, ReadOfANeverWrittenBoard) {
  auto state = read("never");
  ASSERT_TRUE(state);
  EXPECT_FALSE(state->exists);
  EXPECT_EQ(state->seq, 0u);
  ASSERT_NE(state->objects_json, nullptr);
  EXPECT_EQ(json::parse(*state->objects_json), json::array{});
  // Reading does not create it.
  auto image = store_->load_board("never");
  ASSERT_TRUE(image);
  EXPECT_FALSE(image->has_value());
}

TEST_F(BoardActorTest, ReadAfterEdits) {
  auto a = join("rd", "ca");
  ASSERT_EQ(submit_acked(a, "e1", "[" + rect("r1", 1) + "," + rect("r2", 2) + "]"), 1u);
  ASSERT_EQ(submit_acked(a, "e2", R"([{"op":"set","id":"r2","props":{"x":20}}])"), 2u);
  auto state = read("rd");
  ASSERT_TRUE(state);
  EXPECT_TRUE(state->exists);
  EXPECT_EQ(state->seq, 2u);
  auto objects = json::parse(*state->objects_json).get_array();
  ASSERT_EQ(objects.size(), 2u);
  EXPECT_EQ(ids_of(objects), (std::vector<std::string>{"r1", "r2"}));
  for (auto const& o : objects) {
    EXPECT_EQ(o.at("kind"), "rect");
    if (o.at("id") == "r2") {
      EXPECT_EQ(o.at("props").at("x"), 20);
    }
  }
}

TEST_F(BoardActorTest, ReadWhileABatchIsInFlightAnswersWithADurableState) {
  auto a = join("rf", "ca");
  a.actor->submit("ca", ops_message("f1", "[" + rect("r1", 1) + "]"));
  auto state = read("rf");  // posted right behind the submit: answered once it is durable
  ASSERT_TRUE(state);
  EXPECT_EQ(state->seq, 1u);
  EXPECT_TRUE(state->exists);
  EXPECT_GE(stored_seq("rf"), 1u);
  EXPECT_EQ(ids_of(json::parse(*state->objects_json).get_array()), (std::vector<std::string>{"r1"}));
}

}  // namespace
}  // namespace cc::sync
