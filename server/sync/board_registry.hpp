// The open boards of this server. The one structure shared by all threads, so it has a
// mutex; nothing is done under it but map lookups.
//
// A board stays open while anyone uses it (attach/detach) and for the idle time after. The
// board decides when to unload and asks release_if_unused(), which refuses if somebody
// attached meanwhile; so a board is never unloaded under a user, and at most one actor per
// board id exists at a time.
#pragma once

#include "sync/board_actor.hpp"

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace cc::sync {

class BoardRegistry {
 public:
  explicit BoardRegistry(BoardServices services);

  // The board's actor, opened if needed; counts the caller as a user until detach().
  std::shared_ptr<BoardActor> attach(std::string const& board);
  void detach(std::string const& board);

  // Called by an idle board: removes it if nobody uses it. True if removed.
  bool release_if_unused(BoardActor const& actor);
  // Called by a failed board: removes it whatever its users, so the next attach reloads.
  void remove(BoardActor const& actor);

  // Shuts every open board down (BoardActor::shutdown), then calls done (on some thread).
  void shutdown_all(std::function<void()> done);

  std::size_t open_boards() const;
  // The board's actor if it is open, without counting a user: for telling its sessions about
  // access changes (a board that is not open has no sessions to tell).
  std::shared_ptr<BoardActor> find_open(std::string const& board) const;
  std::vector<std::shared_ptr<BoardActor>> all_open() const;

  // Drops every board. For the end of main, after shutdown_all and after the I/O threads
  // stopped, so that no board outlives the io_context its timers belong to.
  void clear();

 private:
  struct Entry {
    std::shared_ptr<BoardActor> actor;
    std::size_t users = 0;
  };
  BoardServices services_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> boards_;  // GUARDED_BY(mutex_)
  bool shutting_down_ = false;                     // GUARDED_BY(mutex_)
};

}  // namespace cc::sync
