// Starts the real collabcanvas binary as a child process for one test: on 127.0.0.1, on a
// port the server picks itself, with a fresh data directory that lives as long as this object
// (so a test can kill and restart the server on the same data). The child is always reaped.
#pragma once

#include "integration/child_process.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace cc::itest {

// Sanitizer builds run a few times slower; every timeout in the suite is scaled by this.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
inline constexpr int kTimeScale = 3;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
inline constexpr int kTimeScale = 3;
#else
inline constexpr int kTimeScale = 1;
#endif
#else
inline constexpr int kTimeScale = 1;
#endif

constexpr std::chrono::milliseconds scaled(std::chrono::milliseconds d) { return d * kTimeScale; }

class ServerProcess {
 public:
  // Creates a fresh data directory and starts the server with extra_args appended to the
  // base command line (--host 127.0.0.1 --port 0 --data-dir DIR). Throws std::runtime_error
  // with the server's log tail if it does not print its ready line in time.
  explicit ServerProcess(std::vector<std::string> extra_args = {});
  ~ServerProcess();

  ServerProcess(ServerProcess const&) = delete;
  ServerProcess& operator=(ServerProcess const&) = delete;

  // Starts the server (again) on the same data directory; it gets a new port. Throws if it
  // is already running.
  void start();
  // SIGTERM (expecting a clean exit) if running, then start().
  void restart();

  bool running() const noexcept { return child_.running(); }
  std::uint16_t port() const noexcept { return port_; }
  std::filesystem::path const& data_dir() const noexcept { return data_dir_; }

  // SIGKILL and reap. No-op if not running.
  void kill9();
  // SIGTERM and wait up to timeout for the exit. Throws (after SIGKILL) if it does not exit.
  ExitStatus terminate(std::chrono::milliseconds timeout = scaled(std::chrono::seconds(10)));

  // The last max_bytes of everything the server wrote to stderr (its logs), over all runs.
  std::string log_tail(std::size_t max_bytes = 6000) const;

  // An access token of the account the harness registers on first use (kOwnerEmail). Boards
  // made by create_board belong to it. Stays valid across restarts (same data directory).
  std::string const& token();

 private:
  std::vector<std::string> extra_args_;
  TempDir root_;                    // holds data/ and server.log
  std::filesystem::path data_dir_;  // root_/data
  std::filesystem::path log_path_;  // root_/server.log
  ChildProcess child_;
  std::uint16_t port_ = 0;
  int starts_ = 0;
  std::string token_;
};

}  // namespace cc::itest
