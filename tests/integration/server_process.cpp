#include "integration/server_process.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fcntl.h>
#include <fstream>
#include <iostream>
#include <poll.h>
#include <signal.h>
#include <sstream>
#include <stdexcept>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace cc::itest {
namespace {

using Clock = std::chrono::steady_clock;

std::string errno_text(char const* what) { return std::string(what) + ": " + std::strerror(errno); }

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

std::filesystem::path make_temp_root() {
  std::string pattern = (std::filesystem::temp_directory_path() / "collabcanvas-it-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error(errno_text("mkdtemp"));
  return pattern;
}

constexpr std::string_view kReadyPrefix = "collabcanvas listening on 127.0.0.1:";

}  // namespace

std::string ExitStatus::describe() const {
  if (exited) return "exited with code " + std::to_string(code);
  if (signal != 0)
    return std::string("killed by signal ") + std::to_string(signal) + " (" + strsignal(signal) + ")";
  return "unknown exit status";
}

ServerProcess::ServerProcess(std::vector<std::string> extra_args) : extra_args_(std::move(extra_args)) {
  root_ = make_temp_root();
  data_dir_ = root_ / "data";
  log_path_ = root_ / "server.log";
  std::filesystem::create_directories(data_dir_);
  try {
    start();
  } catch (...) {
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
    throw;
  }
}

ServerProcess::~ServerProcess() {
  bool const failing = std::uncaught_exceptions() > 0 || ::testing::Test::HasFailure();
  if (running()) kill9();
  close_stdout();
  if (failing) {
    std::cerr << "---- collabcanvas server log (tail) ----\n"
              << log_tail() << "\n---- end of server log ----\n";
  }
  std::error_code ec;
  std::filesystem::remove_all(root_, ec);
}

void ServerProcess::start() {
  if (running()) throw std::runtime_error("ServerProcess::start: the server is already running");
  ++starts_;

  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error(errno_text("pipe2"));

  std::vector<std::string> args = {COLLABCANVAS_BINARY, "--host",          "127.0.0.1", "--port", "0",
                                   "--data-dir",        data_dir_.string()};
  args.insert(args.end(), extra_args_.begin(), extra_args_.end());
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);

  {
    std::ofstream log(log_path_, std::ios::app);
    log << "==== test harness: start #" << starts_ << ": " << args[0];
    for (std::size_t i = 1; i < args.size(); ++i) log << ' ' << args[i];
    log << '\n';
  }
  // Everything the child needs is prepared before fork: after it, only async-signal-safe calls.
  std::string const log_path = log_path_.string();
  pid_t const parent = getpid();
  pid_t const pid = fork();
  if (pid < 0) {
    int const error = errno;
    close(fds[0]);
    close(fds[1]);
    throw std::runtime_error(std::string("fork: ") + std::strerror(error));
  }
  if (pid == 0) {
    // The server dies with the test process, even if that crashes: no stray servers.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(126);
    int const null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    int const log_fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (null_fd < 0 || log_fd < 0 || dup2(null_fd, 0) < 0 || dup2(fds[1], 1) < 0 || dup2(log_fd, 2) < 0)
      _exit(126);
    execv(argv[0], argv.data());
    static char const kExecFailed[] = "test harness: exec of the server binary failed\n";
    [[maybe_unused]] auto const ignored = write(2, kExecFailed, sizeof kExecFailed - 1);
    _exit(127);
  }
  close(fds[1]);
  pid_ = pid;
  stdout_fd_ = fds[0];

  // Read the ready line, with a deadline.
  auto const timeout = scaled(std::chrono::seconds(10));
  auto const deadline = Clock::now() + timeout;
  std::string line;
  while (line.find('\n') == std::string::npos) {
    auto const left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      kill9();
      throw std::runtime_error("the server did not print its ready line within " +
                               std::to_string(timeout.count()) + " ms (stdout so far: '" + line +
                               "'); log tail:\n" + log_tail());
    }
    pollfd pfd{stdout_fd_, POLLIN, 0};
    int const ready = poll(&pfd, 1, static_cast<int>(left));
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) throw std::runtime_error(errno_text("poll"));
    if (ready == 0) continue;
    char chunk[256];
    ssize_t const n = read(stdout_fd_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      // stdout closed before the ready line: the server most likely exited.
      int status = 0;
      std::string how = "closed its stdout";
      if (waitpid(pid_, &status, 0) == pid_) {
        how = decode(status).describe();
        pid_ = -1;
      }
      close_stdout();
      if (running()) kill9();
      throw std::runtime_error("the server " + how + " before printing its ready line (stdout: '" + line +
                               "'); log tail:\n" + log_tail());
    }
    line.append(chunk, static_cast<std::size_t>(n));
  }
  line.resize(line.find('\n'));
  if (!line.empty() && line.back() == '\r') line.pop_back();

  unsigned port = 0;
  bool ok = line.starts_with(kReadyPrefix);
  if (ok) {
    std::string_view digits = std::string_view(line).substr(kReadyPrefix.size());
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    ok = ec == std::errc() && end == digits.data() + digits.size() && port > 0 && port < 65536;
  }
  if (!ok) {
    kill9();
    throw std::runtime_error("unexpected ready line from the server: '" + line + "' (expected '" +
                             std::string(kReadyPrefix) + "<port>')");
  }
  port_ = static_cast<std::uint16_t>(port);
}

void ServerProcess::restart() {
  if (running()) {
    ExitStatus const status = terminate();
    if (!status.exited || status.code != 0) {
      throw std::runtime_error("restart: the server did not exit cleanly on SIGTERM: " + status.describe());
    }
  }
  start();
}

void ServerProcess::kill9() {
  if (!running()) return;
  ::kill(pid_, SIGKILL);
  reap_blocking();
}

ExitStatus ServerProcess::terminate(std::chrono::milliseconds timeout) {
  if (!running()) throw std::runtime_error("terminate: the server is not running");
  ::kill(pid_, SIGTERM);
  auto const deadline = Clock::now() + timeout;
  while (true) {
    int status = 0;
    pid_t const r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      pid_ = -1;
      close_stdout();
      return decode(status);
    }
    if (r < 0 && errno != EINTR) throw std::runtime_error(errno_text("waitpid"));
    if (Clock::now() >= deadline) {
      kill9();
      throw std::runtime_error("the server did not exit within " + std::to_string(timeout.count()) +
                               " ms of SIGTERM (killed it)");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

void ServerProcess::reap_blocking() {
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
  close_stdout();
}

void ServerProcess::close_stdout() {
  if (stdout_fd_ >= 0) close(stdout_fd_);
  stdout_fd_ = -1;
}

std::string ServerProcess::log_tail(std::size_t max_bytes) const {
  std::ifstream in(log_path_, std::ios::binary);
  if (!in) return "(no server log)";
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  if (text.size() > max_bytes) text = "..." + text.substr(text.size() - max_bytes);
  return text;
}

}  // namespace cc::itest
