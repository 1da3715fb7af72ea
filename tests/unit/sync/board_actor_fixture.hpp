// The fixture of the board actor tests: a real SQLite store and a real journal writer; clients
// are recording connections, the actors run on an io_context with two threads.
#pragma once

#include "store/journal_writer.hpp"
#include "store/sqlite/sqlite_board_store.hpp"
#include "sync/board_actor.hpp"
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

  void send_all(std::vector<OutMessage>& messages) override {
    deliver(messages);
    messages.clear();
  }
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
inline std::string_view str(json::value const& v) {
  return v.is_string() ? std::string_view(v.get_string()) : std::string_view();
}

inline std::size_t count_type(Messages const& messages, std::string_view type) {
  return static_cast<std::size_t>(
      std::count_if(messages.begin(), messages.end(), [&](Received const& r) { return r.type() == type; }));
}

inline auto has_type(std::string_view type, std::size_t n = 1) {
  return [type = std::string(type), n](Messages const& m) { return count_type(m, type) >= n; };
}

inline auto has_ack(std::string batch, std::size_t n = 1) {
  return [batch = std::move(batch), n](Messages const& messages) {
    return static_cast<std::size_t>(std::count_if(messages.begin(), messages.end(), [&](Received const& r) {
             return r.type() == "ack" && str(r.message.at("batch")) == batch;
           })) >= n;
  };
}

inline auto has_ops_seq(std::uint64_t seq) {
  return [seq](Messages const& messages) {
    return std::any_of(messages.begin(), messages.end(),
                       [&](Received const& r) { return r.type() == "ops" && r.seq() == seq; });
  };
}

inline std::string rect(std::string_view id, int x) {
  return R"({"op":"put","id":")" + std::string(id) + R"(","kind":"rect","props":{"x":)" + std::to_string(x) +
         R"(,"y":0,"w":10,"h":10}})";
}

// An ops message as a client would send it, decoded by the protocol layer.
inline OpsMessage ops_message(std::string_view batch, std::string_view ops_json) {
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

  // Attaches, sends hello, and waits for the welcome. The account is named after the client
  // ("u-" + client) unless given.
  Client join(std::string const& board, std::string const& client, std::uint64_t since = 0,
              std::string const& name = {}, model::Role role = model::Role::kEditor, std::string user = {}) {
    Client c{client, board, registry().attach(board),
             std::make_shared<RecordingConnection>(durability_check(board))};
    EXPECT_NE(c.actor, nullptr);
    if (!c.actor) return c;
    if (user.empty()) user = "u-" + client;
    c.actor->join(c.conn, client, Participant{std::move(user), name, role}, since);
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

inline json::array objects_of(json::object const& welcome) {
  auto const* objects = welcome.if_contains("objects");
  if (objects == nullptr || !objects->is_array()) {
    ADD_FAILURE() << "welcome has no objects: " << json::serialize(welcome);
    return {};
  }
  return objects->get_array();
}

inline std::vector<std::string> ids_of(json::array const& objects) {
  std::vector<std::string> ids;
  for (auto const& o : objects) ids.emplace_back(o.at("id").get_string());
  std::sort(ids.begin(), ids.end());
  return ids;
}

// ---------------------------------------------------------------------------------------------

}  // namespace cc::sync
