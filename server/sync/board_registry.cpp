#include "sync/board_registry.hpp"

#include <atomic>

namespace cc::sync {

BoardRegistry::BoardRegistry(BoardServices services) : services_(std::move(services)) {}

std::shared_ptr<BoardActor> BoardRegistry::attach(std::string const& board) {
  std::shared_ptr<BoardActor> created;
  {
    std::lock_guard lock(mutex_);
    if (shutting_down_) return nullptr;
    auto& entry = boards_[board];
    if (!entry.actor) {
      entry.actor = std::make_shared<BoardActor>(board, services_, *this);
      created = entry.actor;
    }
    ++entry.users;
    if (!created) return entry.actor;
  }
  created->start();  // outside the lock: it posts work
  return created;
}

void BoardRegistry::detach(std::string const& board) {
  std::lock_guard lock(mutex_);
  if (auto it = boards_.find(board); it != boards_.end() && it->second.users > 0) --it->second.users;
}

bool BoardRegistry::release_if_unused(BoardActor const& actor) {
  std::lock_guard lock(mutex_);
  auto it = boards_.find(actor.id());
  if (it == boards_.end() || it->second.actor.get() != &actor) return true;
  if (it->second.users > 0) return false;
  boards_.erase(it);
  return true;
}

void BoardRegistry::remove(BoardActor const& actor) {
  std::lock_guard lock(mutex_);
  auto it = boards_.find(actor.id());
  if (it != boards_.end() && it->second.actor.get() == &actor) boards_.erase(it);
}

void BoardRegistry::shutdown_all(std::function<void()> done) {
  std::vector<std::shared_ptr<BoardActor>> actors;
  {
    std::lock_guard lock(mutex_);
    shutting_down_ = true;
    for (auto& [id, entry] : boards_) actors.push_back(entry.actor);
  }
  if (actors.empty()) return done();
  auto remaining = std::make_shared<std::atomic<std::size_t>>(actors.size());
  auto shared_done = std::make_shared<std::function<void()>>(std::move(done));
  for (auto& actor : actors) {
    actor->shutdown([remaining, shared_done] {
      if (remaining->fetch_sub(1) == 1) (*shared_done)();
    });
  }
}

void BoardRegistry::clear() {
  std::unordered_map<std::string, Entry> boards;
  {
    std::lock_guard lock(mutex_);
    boards.swap(boards_);
  }
  // Destroyed here, outside the lock: an actor's destructor may not call back in, but its
  // members' destructors should not run under our mutex either.
}

std::size_t BoardRegistry::open_boards() const {
  std::lock_guard lock(mutex_);
  return boards_.size();
}

std::shared_ptr<BoardActor> BoardRegistry::find_open(std::string const& board) const {
  std::lock_guard lock(mutex_);
  auto it = boards_.find(board);
  return it == boards_.end() ? nullptr : it->second.actor;
}

std::vector<std::shared_ptr<BoardActor>> BoardRegistry::all_open() const {
  std::vector<std::shared_ptr<BoardActor>> actors;
  std::lock_guard lock(mutex_);
  actors.reserve(boards_.size());
  for (auto const& [id, entry] : boards_) actors.push_back(entry.actor);
  return actors;
}

}  // namespace cc::sync
