#include "integration/server_process.hpp"

#include <fstream>
#include <stdexcept>

namespace cc::itest {
namespace {

constexpr std::string_view kReadyPrefix = "collabcanvas listening on 127.0.0.1:";

}  // namespace

ServerProcess::ServerProcess(std::vector<std::string> extra_args)
    : extra_args_(std::move(extra_args)), root_("collabcanvas-it") {
  data_dir_ = root_.path() / "data";
  log_path_ = root_.path() / "server.log";
  std::filesystem::create_directories(data_dir_);
  start();
}

ServerProcess::~ServerProcess() {
  kill9();
  print_log_if_failing("collabcanvas server log", log_tail());
}

void ServerProcess::start() {
  if (running()) throw std::runtime_error("ServerProcess::start: the server is already running");
  ++starts_;

  // The cheapest password hash: tests register many accounts, under sanitizers.
  std::vector<std::string> args = {COLLABCANVAS_BINARY, "--host",           "127.0.0.1",       "--port", "0",
                                   "--data-dir",        data_dir_.string(), "--password-hash", "minimum"};
  args.insert(args.end(), extra_args_.begin(), extra_args_.end());

  {
    std::ofstream log(log_path_, std::ios::app);
    log << "==== test harness: start #" << starts_ << ": " << args[0];
    for (std::size_t i = 1; i < args.size(); ++i) log << ' ' << args[i];
    log << '\n';
  }
  child_.spawn(ChildOptions{.argv = std::move(args), .stderr_path = log_path_, .stdin_pipe = false});

  auto const timeout = scaled(std::chrono::seconds(10));
  std::string line;
  switch (child_.read_line(line, ChildProcess::Clock::now() + timeout)) {
    case ChildProcess::Read::kLine:
      break;
    case ChildProcess::Read::kTimeout: {
      std::string const so_far = child_.unread();
      kill9();
      throw std::runtime_error("the server did not print its ready line within " +
                               std::to_string(timeout.count()) + " ms (stdout so far: '" + so_far +
                               "'); log tail:\n" + log_tail());
    }
    case ChildProcess::Read::kClosed: {
      // stdout closed before the ready line: the server most likely exited.
      std::string const so_far = child_.unread();
      auto const status = child_.wait_for(scaled(std::chrono::seconds(5)));
      std::string const how = status ? status->describe() : "closed its stdout";
      kill9();
      throw std::runtime_error("the server " + how + " before printing its ready line (stdout: '" + so_far +
                               "'); log tail:\n" + log_tail());
    }
  }

  auto const port = ready_port(line, kReadyPrefix);
  if (!port) {
    kill9();
    throw std::runtime_error("unexpected ready line from the server: '" + line + "' (expected '" +
                             std::string(kReadyPrefix) + "<port>')");
  }
  port_ = *port;
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

void ServerProcess::kill9() { child_.kill9(); }

ExitStatus ServerProcess::terminate(std::chrono::milliseconds timeout) {
  if (!running()) throw std::runtime_error("terminate: the server is not running");
  return child_.terminate(timeout);
}

std::string ServerProcess::log_tail(std::size_t max_bytes) const {
  return file_tail(log_path_, max_bytes, "(no server log)");
}

}  // namespace cc::itest
