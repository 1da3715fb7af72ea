// collabcanvas: wires the layers together and runs the I/O threads until SIGTERM or SIGINT.
#include "app/config.hpp"
#include "app/logging.hpp"
#include "auth/auth_service.hpp"
#include "auth/signing_key.hpp"
#include "auth/smtp_mailer.hpp"
#include "http/listener.hpp"
#include "http/server_context.hpp"
#include "store/journal_writer.hpp"
#include "store/sqlite/sqlite_account_store.hpp"
#include "store/sqlite/sqlite_board_store.hpp"
#include "sync/board_registry.hpp"
#include "sync/metrics.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <memory>
#include <random>
#include <thread>
#include <vector>

namespace {

namespace net = boost::asio;
using namespace cc;

// How long a graceful shutdown may take before the server stops regardless. Every
// acknowledged batch is already on disk; this only bounds the final snapshots.
constexpr std::chrono::seconds kShutdownDeadline{20};

std::string random_instance_id() {
  static constexpr std::string_view kAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::random_device device;
  std::string id(4, 'a');
  for (auto& c : id) c = kAlphabet[device() % kAlphabet.size()];
  return id + "-";
}

int run(app::Config const& config) {
  app::configure_logging(config.log_level, config.log_format);

  auto opened = store::open_sqlite_store(config.data_dir, config.sqlite);
  if (!opened) {
    spdlog::critical("cannot open the store in {}: {}", config.data_dir.string(), opened.error().message);
    return 1;
  }
  std::unique_ptr<store::BoardStore> board_store = std::move(*opened);
  auto opened_accounts = store::open_sqlite_account_store(config.data_dir, config.sqlite);
  if (!opened_accounts) {
    spdlog::critical("cannot open the account store in {}: {}", config.data_dir.string(),
                     opened_accounts.error().message);
    return 1;
  }
  std::unique_ptr<store::AccountStore> accounts = std::move(*opened_accounts);
  auto key = config.jwt_secret.empty() ? auth::load_or_create_signing_key(config.data_dir)
                                       : auth::key_from_secret(config.jwt_secret);
  if (!key) {
    spdlog::critical("no key to sign access tokens: {}", key.error().message);
    return 1;
  }
  // Boards deleted more than 30 days ago can no longer be restored: erased at start.
  constexpr std::int64_t kRestoreWindowMs = 30LL * 24 * 60 * 60 * 1000;
  auto const now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  if (auto purged = accounts->purge_deleted_boards(now_ms - kRestoreWindowMs)) {
    if (!purged->empty()) spdlog::info("erased {} boards deleted over 30 days ago", purged->size());
  } else {
    spdlog::error("could not erase old deleted boards: {}", purged.error().message);
  }
  auth::AuthOptions auth_options;
  if (config.password_hash == "minimum") auth_options.hash_cost = auth::HashCost::minimum();
  auth_options.refresh_reuse_grace = std::chrono::milliseconds(config.refresh_reuse_grace_ms);
  auth::AuthService auth_service(*accounts, auth::TokenSigner(std::move(*key)), auth_options);
  std::unique_ptr<auth::SmtpMailer> mailer;
  if (!config.smtp_url.empty()) {
    mailer = std::make_unique<auth::SmtpMailer>(
        auth::SmtpOptions{config.smtp_url, config.smtp_from, config.public_url});
  }
  sync::Metrics metrics;
  store::JournalWriter writer(*board_store,
                              [&metrics](std::chrono::nanoseconds took, std::size_t /*entries*/) {
                                metrics.commits.fetch_add(1, std::memory_order_relaxed);
                                metrics.commit_seconds.observe(took);
                              });

  unsigned threads = config.threads != 0 ? config.threads : std::max(1u, std::thread::hardware_concurrency());
  auto ioc = std::make_unique<net::io_context>(static_cast<int>(threads));
  // Store calls and password hashing. Argon2id takes 64 MiB per hash at the interactive cost,
  // so this also bounds the memory concurrent logins can take.
  net::thread_pool blocking(4);
  sync::BoardRegistry registry(
      sync::BoardServices{ioc->get_executor(), blocking, *board_store, writer, metrics, config.sync});
  http::ServerContext context{
      registry, *board_store, *accounts,         auth_service,         mailer.get(),         blocking,
      metrics,  config.sync,  config.static_dir, random_instance_id(), config.secure_cookies};

  auto address = net::ip::make_address(config.host);
  auto listener =
      std::make_shared<http::Listener>(*ioc, net::ip::tcp::endpoint{address, config.port}, context);
  listener->run();
  auto bound = listener->local_endpoint();
  spdlog::info("serving boards from {} with {} I/O threads; web client: {}", config.data_dir.string(),
               threads,
               config.static_dir.empty() ? std::string("built-in board page") : config.static_dir.string());
  std::cout << "collabcanvas listening on " << bound.address().to_string() << ":" << bound.port()
            << std::endl;

  // SIGTERM/SIGINT: stop accepting, close every client, write final snapshots, drain the
  // journal writer, exit 0.
  // Both belong to the io_context and must be destroyed before it (see the end of run).
  auto signals = std::make_unique<net::signal_set>(*ioc, SIGINT, SIGTERM);
  auto deadline = std::make_unique<net::steady_timer>(*ioc);
  signals->async_wait([&](boost::system::error_code ec, int signal) {
    if (ec) return;
    spdlog::info("signal {}: shutting down", signal);
    listener->stop();
    deadline->expires_after(kShutdownDeadline);
    deadline->async_wait([&](boost::system::error_code wait_ec) {
      if (wait_ec) return;
      spdlog::error("shutdown took longer than {}s; stopping now", kShutdownDeadline.count());
      ioc->stop();
    });
    registry.shutdown_all([&] {
      net::post(*ioc, [&] {
        writer.stop();
        spdlog::info("all boards flushed; bye");
        ioc->stop();
      });
    });
  });

  std::vector<std::thread> pool;
  for (unsigned i = 1; i < threads; ++i) pool.emplace_back([&] { ioc->run(); });
  ioc->run();
  for (auto& t : pool) t.join();
  writer.stop();
  blocking.join();
  // Destroy every I/O object, and what is left of sessions and boards, while everything they
  // refer to still lives and before the io_context they belong to.
  signals.reset();
  deadline.reset();
  listener.reset();
  registry.clear();
  ioc.reset();
  spdlog::default_logger()->flush();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  auto parsed = cc::app::parse_config(argc, argv);
  if (!parsed.config) return parsed.exit_code;
  std::signal(SIGPIPE, SIG_IGN);
  try {
    return run(*parsed.config);
  } catch (std::exception const& e) {
    std::fprintf(stderr, "collabcanvas: %s\n", e.what());
    return 1;
  }
}
