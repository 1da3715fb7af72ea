#include "account_setup.hpp"

#include "http_client.hpp"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <exception>
#include <mutex>
#include <random>
#include <stdexcept>
#include <thread>

namespace cc::bench {

namespace json = boost::json;

namespace {

// The server creates boards on a small pool of threads; a few requests in flight keep it
// busy (1,500 boards take well under a second) without queueing many behind each other.
constexpr std::size_t kParallelCreates = 4;

std::string random_hex(std::size_t bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::random_device device;
  std::string out;
  for (std::size_t i = 0; i < bytes; ++i) {
    auto const byte = device() & 0xFF;
    out.push_back(kDigits[byte >> 4]);
    out.push_back(kDigits[byte & 0xF]);
  }
  return out;
}

std::string describe(HttpReply const& reply) {
  return "HTTP " + std::to_string(reply.status) + ": " + reply.body.substr(0, 300);
}

}  // namespace

std::string register_account(ServerAddress const& server, Micros deadline) {
  HttpClient client(server);
  std::string const email = "loadgen-" + random_hex(8) + "@example.test";
  auto const reply = client.post(
      "/api/auth/register",
      json::serialize(json::object{{"email", email}, {"password", random_hex(16)}, {"name", "cc_loadgen"}}),
      "", deadline);
  if (reply.status != 201) throw std::runtime_error("registering an account: " + describe(reply));
  boost::system::error_code ec;
  auto const body = json::parse(reply.body, ec);
  auto const* token = ec || !body.is_object() ? nullptr : body.as_object().if_contains("accessToken");
  if (token == nullptr || !token->is_string() || token->get_string().empty()) {
    throw std::runtime_error("registering an account: no accessToken in " + describe(reply));
  }
  return std::string(token->get_string());
}

void create_boards(ServerAddress const& server, std::string const& token,
                   std::vector<std::string> const& boards, Micros deadline) {
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex error_mutex;
  std::string first_error;
  auto const worker = [&] {
    try {
      HttpClient client(server);
      for (std::size_t i = next++; i < boards.size() && !failed.load(); i = next++) {
        auto const& id = boards[i];
        auto const reply = client.post("/api/boards", json::serialize(json::object{{"id", id}, {"name", id}}),
                                       token, deadline);
        if (reply.status != 201) throw std::runtime_error("creating board " + id + ": " + describe(reply));
      }
    } catch (std::exception const& e) {
      std::lock_guard lock(error_mutex);
      if (!failed.exchange(true)) first_error = e.what();
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < std::min(kParallelCreates, boards.size()); ++i) threads.emplace_back(worker);
  for (auto& t : threads) t.join();
  if (failed.load()) throw std::runtime_error(first_error);
}

}  // namespace cc::bench
