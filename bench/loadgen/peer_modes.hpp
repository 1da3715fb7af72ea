// The comparison modes of cc_loadgen (--protocol): the same scenarios against our server
// and against peer servers, through the protocol adapters of PeerClient.
//
//   load     boards x clients, every client moving its object and its cursor; one step per
//            edit rate, optionally stopping after the first step whose p99 passes a bound
//   idle     boards x clients that join and stay silent: the server's memory per connection
//   join     one board filled with objects, then joiners spread over a few seconds: time
//            until the last has its snapshot
//   fill     one client sends its whole chain of updates (a long journal), confirmed
//   restart  one client retries until the (re)starting server serves a board's snapshot
#pragma once

#include "peer_client.hpp"
#include "server_address.hpp"

#include <string>
#include <vector>

namespace cc::bench {

struct PeerOptions {
  Protocol protocol = Protocol::kCollabCanvas;
  std::string mode = "load";
  int boards = 1;
  int clients_per_board = 10;
  std::vector<double> edit_rates{5};
  double cursor_rate = 0;
  double warmup_s = 1;
  double step_s = 4;
  double stop_p99_ms = 0;  // 0: run every step
  double grace_s = 2;
  int threads = 1;
  std::string updates_file;   // Yjs chains (gen-updates --clients --steps)
  std::string snapshot_file;  // Yjs board for join (gen-updates --objects)
  int fill_objects = 10'000;
  int joiners = 500;
  double join_spread_s = 5;
  double settle_s = 2;
  int max_pending_connects = 256;
  std::string board_prefix = "bench";
  int server_pid = 0;  // sampled for CPU time and memory
  std::int64_t start_epoch_us = 0;
  double connect_timeout_s = 30;
  std::string label;
  std::string token;  // ours: the access token of the account that owns the boards
};

std::optional<Protocol> parse_protocol(std::string const& name);

// How many boards (<prefix>-0, <prefix>-1, ...) the mode opens.
int boards_of(PeerOptions const& options);

// Runs one comparison mode; prints one JSON line on stdout. Returns the exit status.
int run_peer_mode(PeerOptions const& options, ServerAddress const& server);

}  // namespace cc::bench
