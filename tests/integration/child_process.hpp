// A child process for the tests (the collabcanvas server, the SMTP sink): fork and exec with
// stdout on a pipe the test reads line by line, stderr appended to a file, and stdin either
// /dev/null or a pipe the test holds. The child dies with the test process, and is always
// reaped.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

namespace cc::itest {

// How a child process ended.
struct ExitStatus {
  bool exited = false;  // exited normally (rather than killed by a signal)
  int code = -1;        // the exit code, when exited
  int signal = 0;       // the signal, when killed
  std::string describe() const;
};

struct ChildOptions {
  std::vector<std::string> argv;      // argv[0] is the program's path (see find_on_path)
  std::filesystem::path stderr_path;  // the child's stderr is appended to this file
  bool stdin_pipe = false;            // stdin: a pipe the test holds (see close_stdin), else /dev/null
};

class ChildProcess {
 public:
  using Clock = std::chrono::steady_clock;
  enum class Read { kLine, kTimeout, kClosed };

  ChildProcess() = default;
  // SIGKILL and reap if still running.
  ~ChildProcess();
  ChildProcess(ChildProcess const&) = delete;
  ChildProcess& operator=(ChildProcess const&) = delete;

  // Throws std::runtime_error if already running or if the process cannot be made. A failed
  // exec shows as exit code 127, with a line on the child's stderr.
  void spawn(ChildOptions const& options);

  bool running() const noexcept { return pid_ > 0; }

  // The next line of the child's stdout, without its line end. kClosed: stdout ended first.
  Read read_line(std::string& line, Clock::time_point deadline);
  // What stdout has given beyond the last whole line read.
  std::string const& unread() const noexcept { return buffer_; }

  // The child then reads end of file. No-op without a stdin pipe.
  void close_stdin();
  // SIGKILL and reap. No-op if not running.
  void kill9();
  // Waits up to timeout for the child to exit; nullopt if it is still running.
  std::optional<ExitStatus> wait_for(std::chrono::milliseconds timeout);
  // SIGTERM and wait up to timeout. Throws (after SIGKILL) if it does not exit.
  ExitStatus terminate(std::chrono::milliseconds timeout);

 private:
  void reaped();

  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  int stdin_fd_ = -1;
  std::string buffer_;
};

// A new empty directory under the system's temporary directory, named prefix-XXXXXX, and
// removed with everything in it by the destructor.
class TempDir {
 public:
  explicit TempDir(std::string const& prefix);
  ~TempDir();
  TempDir(TempDir const&) = delete;
  TempDir& operator=(TempDir const&) = delete;

  std::filesystem::path const& path() const noexcept { return path_; }

 private:
  std::filesystem::path path_;
};

// The port of a ready line "<prefix><port>"; nullopt if the line is not one.
std::optional<std::uint16_t> ready_port(std::string_view line, std::string_view prefix);
// Prints a child's log tail to stderr under a title, when the current test has failed or an
// exception is unwinding: for the destructors of the classes that run children.
void print_log_if_failing(std::string_view title, std::string const& tail);
// "what: <strerror(errno)>".
std::string errno_text(char const* what);
// The last max_bytes of a file ("..." first when cut); fallback if it cannot be read.
std::string file_tail(std::filesystem::path const& path, std::size_t max_bytes, std::string const& fallback);
// The first executable called name in a directory of PATH; nullopt if there is none.
std::optional<std::filesystem::path> find_on_path(std::string const& name);

}  // namespace cc::itest
