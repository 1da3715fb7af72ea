#include "integration/child_process.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fcntl.h>
#include <fstream>
#include <iostream>
#include <poll.h>
#include <sstream>
#include <stdexcept>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace cc::itest {
namespace {

ExitStatus decode(int status) {
  ExitStatus result;
  if (WIFEXITED(status)) {
    result.exited = true;
    result.code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
  }
  return result;
}

void close_fd(int& fd) {
  if (fd >= 0) close(fd);
  fd = -1;
}

}  // namespace

std::string ExitStatus::describe() const {
  if (exited) return "exited with code " + std::to_string(code);
  if (signal != 0)
    return std::string("killed by signal ") + std::to_string(signal) + " (" + strsignal(signal) + ")";
  return "unknown exit status";
}

std::string errno_text(char const* what) { return std::string(what) + ": " + std::strerror(errno); }

TempDir::TempDir(std::string const& prefix) {
  std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error(errno_text("mkdtemp"));
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::optional<std::uint16_t> ready_port(std::string_view line, std::string_view prefix) {
  if (!line.starts_with(prefix)) return std::nullopt;
  std::string_view const digits = line.substr(prefix.size());
  unsigned port = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  if (ec != std::errc() || end != digits.data() + digits.size() || port == 0 || port > 65535)
    return std::nullopt;
  return static_cast<std::uint16_t>(port);
}

void print_log_if_failing(std::string_view title, std::string const& tail) {
  if (std::uncaught_exceptions() == 0 && !::testing::Test::HasFailure()) return;
  std::cerr << "---- " << title << " (tail) ----\n" << tail << "\n---- end of " << title << " ----\n";
}

std::string file_tail(std::filesystem::path const& path, std::size_t max_bytes, std::string const& fallback) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fallback;
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  if (text.size() > max_bytes) text = "..." + text.substr(text.size() - max_bytes);
  return text;
}

std::optional<std::filesystem::path> find_on_path(std::string const& name) {
  char const* path = std::getenv("PATH");
  std::string_view rest = path != nullptr ? path : "";
  while (true) {
    auto const colon = rest.find(':');
    std::string_view dir = rest.substr(0, colon);
    std::filesystem::path candidate = std::filesystem::path(dir.empty() ? "." : std::string(dir)) / name;
    std::error_code ec;
    if (std::filesystem::is_regular_file(candidate, ec) && access(candidate.c_str(), X_OK) == 0)
      return candidate;
    if (colon == std::string_view::npos) return std::nullopt;
    rest.remove_prefix(colon + 1);
  }
}

ChildProcess::~ChildProcess() {
  kill9();
  close_fd(stdin_fd_);
}

void ChildProcess::spawn(ChildOptions const& options) {
  if (running()) throw std::runtime_error("ChildProcess::spawn: the process is already running");
  if (options.argv.empty()) throw std::runtime_error("ChildProcess::spawn: no program");
  buffer_.clear();
  close_fd(stdin_fd_);

  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error(errno_text("pipe2"));
  int in[2] = {-1, -1};
  if (options.stdin_pipe && pipe2(in, O_CLOEXEC) != 0) {
    int const error = errno;
    close(out[0]);
    close(out[1]);
    throw std::runtime_error(std::string("pipe2: ") + std::strerror(error));
  }

  // Everything the child needs is prepared before fork: after it, only async-signal-safe calls.
  std::vector<std::string> args = options.argv;
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::string const stderr_path = options.stderr_path.string();
  std::string const exec_failed = "test harness: cannot execute " + args[0] + "\n";
  pid_t const parent = getpid();

  pid_t const pid = fork();
  if (pid < 0) {
    int const error = errno;
    for (int fd : {out[0], out[1], in[0], in[1]})
      if (fd >= 0) close(fd);
    throw std::runtime_error(std::string("fork: ") + std::strerror(error));
  }
  if (pid == 0) {
    // The child dies with the test process, even if that crashes: no strays.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(126);
    int const stdin_fd = in[0] >= 0 ? in[0] : open("/dev/null", O_RDONLY | O_CLOEXEC);
    int const stderr_fd = open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (stdin_fd < 0 || stderr_fd < 0 || dup2(stdin_fd, 0) < 0 || dup2(out[1], 1) < 0 ||
        dup2(stderr_fd, 2) < 0)
      _exit(126);
    execv(argv[0], argv.data());
    [[maybe_unused]] auto const ignored = write(2, exec_failed.data(), exec_failed.size());
    _exit(127);
  }
  close(out[1]);
  if (in[0] >= 0) close(in[0]);
  pid_ = pid;
  stdout_fd_ = out[0];
  stdin_fd_ = in[1];
}

ChildProcess::Read ChildProcess::read_line(std::string& line, Clock::time_point deadline) {
  while (true) {
    if (auto const end = buffer_.find('\n'); end != std::string::npos) {
      line = buffer_.substr(0, end);
      buffer_.erase(0, end + 1);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return Read::kLine;
    }
    if (stdout_fd_ < 0) return Read::kClosed;
    auto const left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return Read::kTimeout;
    pollfd pfd{stdout_fd_, POLLIN, 0};
    int const ready = poll(&pfd, 1, static_cast<int>(left));
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) throw std::runtime_error(errno_text("poll"));
    if (ready == 0) continue;
    char chunk[4096];
    ssize_t const n = read(stdout_fd_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      close_fd(stdout_fd_);
      return Read::kClosed;
    }
    buffer_.append(chunk, static_cast<std::size_t>(n));
  }
}

void ChildProcess::close_stdin() { close_fd(stdin_fd_); }

void ChildProcess::kill9() {
  if (!running()) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  reaped();
}

std::optional<ExitStatus> ChildProcess::wait_for(std::chrono::milliseconds timeout) {
  if (!running()) throw std::runtime_error("ChildProcess::wait_for: the process is not running");
  auto const deadline = Clock::now() + timeout;
  while (true) {
    int status = 0;
    pid_t const r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      reaped();
      return decode(status);
    }
    if (r < 0 && errno != EINTR) throw std::runtime_error(errno_text("waitpid"));
    if (Clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

ExitStatus ChildProcess::terminate(std::chrono::milliseconds timeout) {
  if (!running()) throw std::runtime_error("ChildProcess::terminate: the process is not running");
  ::kill(pid_, SIGTERM);
  if (auto status = wait_for(timeout)) return *status;
  kill9();
  throw std::runtime_error("the process did not exit within " + std::to_string(timeout.count()) +
                           " ms of SIGTERM (killed it)");
}

void ChildProcess::reaped() {
  pid_ = -1;
  close_fd(stdout_fd_);
}

}  // namespace cc::itest
