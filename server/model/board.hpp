// The state of one board: a set of objects, changed only by applying batches of ops in the
// server's order (the board sequence number). Pure code: no I/O, no threads, no clock.
//
// Merge rules (see docs/PROTOCOL.md):
//  - batches are applied in server order; each property is last-writer-wins in that order;
//  - put creates an object or replaces it whole; set changes some properties; del removes;
//  - a set or del on an object that does not exist is dropped (not an error);
//  - a put without "z" is stacked on top: it gets a fractional index after the highest z.
//
// Thread-safety: none; a Board is owned and touched by one board actor's strand.
#pragma once

#include "base/error.hpp"
#include "model/limits.hpp"
#include "model/object.hpp"
#include "model/op.hpp"

#include <boost/json/array.hpp>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace cc::model {

class Board {
 public:
  Board() = default;

  // Applies a batch atomically. On success returns the effective ops (dropped sets and dels
  // removed, server-assigned z values filled in): what the journal stores and peers receive.
  // On error nothing has changed, and the error names the first bad op.
  Result<std::vector<Op>> apply(std::vector<Op> ops, Limits const& limits);

  // Re-applies ops that were accepted before (journal replay). They are trusted to be
  // valid; anything that is not is skipped rather than aborting the replay.
  void replay(std::vector<Op> const& ops);

  std::size_t size() const noexcept { return objects_.size(); }
  Object const* find(std::string const& id) const;
  std::unordered_map<std::string, Object> const& objects() const noexcept { return objects_; }

  // The objects as a JSON array of {"id","kind","props"}, ordered by (z, id): the form of
  // "objects" in a welcome and of a stored snapshot.
  boost::json::array to_json() const;
  static Result<Board> from_json(boost::json::value const& objects, Limits const& limits);

 private:
  std::unordered_map<std::string, Object> objects_;
  std::string max_z_;  // highest z ever applied; an upper bound for stacking new puts on top
};

}  // namespace cc::model
