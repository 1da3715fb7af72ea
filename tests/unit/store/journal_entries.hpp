// Journal entries for store tests: entry seq of a board, its ops a JSON array of ops_bytes
// bytes (spaces between the brackets), so tests can size commits without building real ops.
#pragma once

#include "store/board_store.hpp"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>

namespace cc::store::testing {

inline JournalEntry journal_entry(std::string board, std::uint64_t seq, std::size_t ops_bytes = 2) {
  JournalEntry e;
  e.board = std::move(board);
  e.seq = seq;
  e.batch_id = "b" + std::to_string(seq);
  e.author = "c";
  std::string ops(std::max<std::size_t>(ops_bytes, 2), ' ');
  ops.front() = '[';
  ops.back() = ']';
  e.ops_json = std::make_shared<const std::string>(std::move(ops));
  return e;
}

}  // namespace cc::store::testing
