// Ops: the only way a board changes. A batch of ops is atomic: valid as a whole and applied,
// or rejected as a whole with an error naming the first bad op.
#pragma once

#include "base/error.hpp"
#include "model/kind.hpp"
#include "model/limits.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <string>
#include <vector>

namespace cc::model {

enum class OpType : std::uint8_t { kPut, kSet, kDel };

struct Op {
  OpType type = OpType::kPut;
  std::string id;
  Kind kind = Kind::kRect;    // kPut only
  boost::json::object props;  // kPut: the whole object's properties; kSet: the changed ones
                              // (a null value in a set removes an optional property)
};

// Parses and validates the "ops" array of an ops message, everything that can be checked
// without the board: op names, ids, kinds, property names allowed for the kind of a put,
// property types and ranges, limits. A set's properties are checked against the set of all
// known properties here, and against the target's kind by Board::apply.
// Errors name the op: "ops[3]: fill must be a colour".
Result<std::vector<Op>> parse_ops(boost::json::value const& ops, Limits const& limits);
// The same, taking the properties out of ops instead of copying them (when ops uses the
// default memory resource; otherwise they are copied, so no op refers to memory it does
// not own). ops is left valid but unspecified.
Result<std::vector<Op>> parse_ops(boost::json::value&& ops, Limits const& limits);

// The ops as JSON, in the wire form parse_ops reads.
boost::json::array ops_to_json(std::vector<Op> const& ops);

}  // namespace cc::model
