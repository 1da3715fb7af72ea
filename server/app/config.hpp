// The server's settings: every one a command-line flag and an environment variable
// (COLLABCANVAS_<NAME>), listed by `collabcanvas --help`.
#pragma once

#include "store/sqlite/sqlite_board_store.hpp"
#include "sync/sync_options.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace cc::app {

struct Config {
  std::string host = "0.0.0.0";
  unsigned short port = 8080;
  std::filesystem::path data_dir = "data";
  std::filesystem::path static_dir;  // the built web client; empty: the built-in board page
  unsigned threads = 0;              // 0: one per core
  std::string log_level = "info";
  std::string log_format = "text";
  store::SqliteOptions sqlite;
  sync::SyncOptions sync;

  // Accounts.
  std::string jwt_secret;  // empty: a key generated once into <data_dir>/jwt.key
  bool secure_cookies = false;
  std::string password_hash = "interactive";  // Argon2id cost: interactive or minimum
  std::int64_t refresh_reuse_grace_ms = 10'000;
  // Invitation mail; no mail is sent while smtp_url is empty.
  std::string smtp_url;  // smtp://host:port
  std::string smtp_from = "CollabCanvas <noreply@localhost>";
  std::string public_url = "http://localhost:8080";  // how links in mail begin
};

// Parses argv and the environment. On --help or a bad value prints to stdout/stderr and
// returns the exit code to end with; otherwise the config.
struct ParsedConfig {
  std::optional<Config> config;
  int exit_code = 0;
};
ParsedConfig parse_config(int argc, char** argv);

}  // namespace cc::app
