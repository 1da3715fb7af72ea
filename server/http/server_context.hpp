// What the HTTP layer's sessions and routes share: the board registry, the stores, the
// account service, metrics and settings. Owned by main; outlives every session.
#pragma once

#include "auth/auth_service.hpp"
#include "auth/mailer.hpp"
#include "store/account_store.hpp"
#include "store/board_store.hpp"
#include "sync/board_registry.hpp"
#include "sync/metrics.hpp"
#include "sync/sync_options.hpp"

#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <string>

namespace cc::http {

struct ServerContext {
  sync::BoardRegistry& registry;
  store::BoardStore& store;
  store::AccountStore& accounts;
  auth::AuthService& auth;
  auth::Mailer* mailer;                // null when no SMTP server is configured
  boost::asio::thread_pool& blocking;  // store calls that may block
  sync::Metrics& metrics;
  sync::SyncOptions const& options;
  std::filesystem::path static_dir;  // the built web client; empty if none
  std::string instance;              // random, per process: keeps client ids unique across restarts
  bool secure_cookies = false;       // mark cookies Secure (the server is behind HTTPS)
  std::atomic<std::uint64_t> next_id{1};

  // A fresh id for a connection or a request, unique within this process and unlikely to
  // repeat across restarts.
  std::string make_id(char prefix) { return prefix + instance + std::to_string(next_id.fetch_add(1)); }
};

}  // namespace cc::http
