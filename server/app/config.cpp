#include "app/config.hpp"

#include <CLI/CLI.hpp>

#include <map>

namespace cc::app {

ParsedConfig parse_config(int argc, char** argv) {
  Config config;
  CLI::App cli{
      "CollabCanvas: a real-time collaborative whiteboard server.\n"
      "Every option can also be set by the environment variable shown beside it."};
  cli.get_formatter()->column_width(44);

  std::string sync_mode = "normal";
  std::int64_t snapshot_ms = config.sync.snapshot_interval.count();
  std::int64_t idle_ms = config.sync.idle_unload.count();
  std::int64_t broadcast_us = config.sync.broadcast_interval.count();
  std::int64_t broadcast_per_client_us = config.sync.broadcast_interval_per_client.count();
  auto& limits = config.sync.limits;

  cli.add_option("--host", config.host, "Address to listen on")
      ->envname("COLLABCANVAS_HOST")
      ->capture_default_str();
  cli.add_option("--port", config.port, "TCP port (0 picks a free one)")
      ->envname("COLLABCANVAS_PORT")
      ->capture_default_str();
  cli.add_option("--data-dir", config.data_dir, "Directory of the SQLite database")
      ->envname("COLLABCANVAS_DATA_DIR")
      ->capture_default_str();
  cli.add_option("--static-dir", config.static_dir,
                 "Directory of the built web client (none: the built-in board page)")
      ->envname("COLLABCANVAS_STATIC_DIR");
  cli.add_option("--threads", config.threads, "I/O threads (0: one per core)")
      ->envname("COLLABCANVAS_THREADS")
      ->capture_default_str();
  cli.add_option("--log-level", config.log_level, "trace, debug, info, warn, error or off")
      ->envname("COLLABCANVAS_LOG_LEVEL")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}))
      ->capture_default_str();
  cli.add_option("--log-format", config.log_format, "text or json (one JSON object per line)")
      ->envname("COLLABCANVAS_LOG_FORMAT")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cli.add_option("--sync", sync_mode,
                 "SQLite synchronous: normal (safe against crashes) or full (also power loss)")
      ->envname("COLLABCANVAS_SYNC")
      ->check(CLI::IsMember({"normal", "full"}))
      ->capture_default_str();
  cli.add_option("--snapshot-interval-ms", snapshot_ms,
                 "How often a changed board folds its journal into a snapshot")
      ->envname("COLLABCANVAS_SNAPSHOT_INTERVAL_MS")
      ->check(CLI::Range(std::int64_t{10}, std::int64_t{86'400'000}))
      ->capture_default_str();
  cli.add_option("--idle-unload-ms", idle_ms, "How long a board without clients stays in memory")
      ->envname("COLLABCANVAS_IDLE_UNLOAD_MS")
      ->check(CLI::Range(std::int64_t{10}, std::int64_t{86'400'000}))
      ->capture_default_str();
  cli.add_option("--broadcast-interval-us", broadcast_us,
                 "A busy board sends peers' edits at most this often (0: after every commit)")
      ->envname("COLLABCANVAS_BROADCAST_INTERVAL_US")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{1'000'000}))
      ->capture_default_str();
  cli.add_option("--broadcast-interval-per-client-us", broadcast_per_client_us,
                 "...and at least this long per client of the board (0: no scaling)")
      ->envname("COLLABCANVAS_BROADCAST_INTERVAL_PER_CLIENT_US")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{10'000}))
      ->capture_default_str();
  cli.add_option("--journal-keep", config.sync.journal_keep,
                 "Batches kept behind each snapshot for catch-up and re-send detection")
      ->envname("COLLABCANVAS_JOURNAL_KEEP")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1'000'000}))
      ->capture_default_str();
  cli.add_option("--send-queue-bytes", config.sync.send_queue_bytes,
                 "Bytes queued to one client before it is closed to resync")
      ->envname("COLLABCANVAS_SEND_QUEUE_BYTES")
      ->check(CLI::Range(std::size_t{4096}, std::size_t{1} << 32))
      ->capture_default_str();
  cli.add_option("--max-frame-bytes", limits.max_frame_bytes, "Largest WebSocket frame or HTTP body")
      ->envname("COLLABCANVAS_MAX_FRAME_BYTES")
      ->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 30))
      ->capture_default_str();
  cli.add_option("--max-objects", limits.max_objects, "Most objects on one board")
      ->envname("COLLABCANVAS_MAX_OBJECTS")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100'000'000}))
      ->capture_default_str();
  cli.add_option("--max-batch-ops", limits.max_ops_per_batch, "Most ops in one batch")
      ->envname("COLLABCANVAS_MAX_BATCH_OPS")
      ->check(CLI::Range(std::size_t{1}, std::size_t{10'000'000}))
      ->capture_default_str();
  cli.add_option("--max-string-bytes", limits.max_string_bytes, "Longest string property")
      ->envname("COLLABCANVAS_MAX_STRING_BYTES")
      ->check(CLI::Range(std::size_t{16}, std::size_t{1} << 30))
      ->capture_default_str();

  cli.add_option("--jwt-secret", config.jwt_secret,
                 "Key signing access tokens, at least 32 bytes (default: generated into the data dir)")
      ->envname("COLLABCANVAS_JWT_SECRET");
  cli.add_flag("--secure-cookies", config.secure_cookies, "Mark cookies Secure (serve behind HTTPS)")
      ->envname("COLLABCANVAS_SECURE_COOKIES");
  cli.add_option("--password-hash", config.password_hash,
                 "Argon2id cost: interactive, or minimum for tests and very small machines")
      ->envname("COLLABCANVAS_PASSWORD_HASH")
      ->check(CLI::IsMember({"interactive", "minimum"}))
      ->capture_default_str();
  cli.add_option("--refresh-reuse-grace-ms", config.refresh_reuse_grace_ms,
                 "How soon after its use a refresh token may be used again (tabs refreshing together)")
      ->envname("COLLABCANVAS_REFRESH_REUSE_GRACE_MS")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{300'000}))
      ->capture_default_str();
  cli.add_option("--smtp-url", config.smtp_url, "SMTP server for invitation mail, e.g. smtp://127.0.0.1:25")
      ->envname("COLLABCANVAS_SMTP_URL");
  cli.add_option("--smtp-from", config.smtp_from, "Sender of invitation mail")
      ->envname("COLLABCANVAS_SMTP_FROM")
      ->capture_default_str();
  cli.add_option("--public-url", config.public_url,
                 "The server's address as users reach it, for links in mail")
      ->envname("COLLABCANVAS_PUBLIC_URL")
      ->capture_default_str();

  try {
    cli.parse(argc, argv);
  } catch (CLI::ParseError const& e) {
    return ParsedConfig{std::nullopt, cli.exit(e)};
  }
  config.sqlite.synchronous = sync_mode == "full" ? store::SqliteSync::kFull : store::SqliteSync::kNormal;
  config.sync.snapshot_interval = std::chrono::milliseconds(snapshot_ms);
  config.sync.idle_unload = std::chrono::milliseconds(idle_ms);
  config.sync.broadcast_interval = std::chrono::microseconds(broadcast_us);
  config.sync.broadcast_interval_per_client = std::chrono::microseconds(broadcast_per_client_us);
  return ParsedConfig{std::move(config), 0};
}

}  // namespace cc::app
