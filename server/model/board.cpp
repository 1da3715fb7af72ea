#include "model/board.hpp"

#include "base/ids.hpp"
#include "model/fractional_index.hpp"
#include "model/properties.hpp"

#include <boost/json/array.hpp>

#include <algorithm>
#include <limits>
#include <optional>
#include <string_view>

namespace cc::model {
namespace {

using ObjectMap = std::unordered_map<std::string, Object>;

// Replay trusts the journal's limits: they were checked when the ops were accepted, possibly
// under a more generous configuration than today's.
constexpr Limits kNoLimits{
    .max_frame_bytes = std::numeric_limits<std::size_t>::max(),
    .max_objects = std::numeric_limits<std::size_t>::max(),
    .max_ops_per_batch = std::numeric_limits<std::size_t>::max(),
    .max_string_bytes = std::numeric_limits<std::size_t>::max(),
    .max_points = std::numeric_limits<std::size_t>::max(),
};

Error prefixed(Error e, std::string_view list, std::size_t index) {
  e.message.insert(0, std::string(list) + "[" + std::to_string(index) + "]: ");
  return e;
}

// The z of props, or an empty view if it has none (valid keys are never empty).
std::string_view z_of(boost::json::object const& props) noexcept {
  if (auto const* z = props.if_contains("z")) {
    if (auto const* s = z->if_string()) return *s;
  }
  return {};
}

void raise_max_z(std::string& max_z, boost::json::object const& props) {
  std::string_view const z = z_of(props);
  if (z > max_z) max_z.assign(z);
}

// Gives a put without z the next key above everything applied so far.
Status stack_on_top(boost::json::object& props, std::string_view top) {
  if (props.contains("z")) return {};
  auto key = key_between(top.empty() ? std::nullopt : std::optional<std::string_view>(top), std::nullopt);
  if (!key) return std::move(key).error();
  props.emplace("z", *key);
  return {};
}

// Merges a set into an object: each property is last-writer-wins, null removes it.
void merge(boost::json::object& into, boost::json::object const& changes) {
  for (auto const& change : changes) {
    if (change.value().is_null()) {
      into.erase(change.key());
    } else {
      into[change.key()] = change.value();
    }
  }
}

}  // namespace

Result<std::vector<Op>> Board::apply(std::vector<Op> ops, Limits const& limits) {
  if (ops.size() > limits.max_ops_per_batch) {
    return make_error(ErrorCode::kTooLarge, "the batch holds " + std::to_string(ops.size()) +
                                                " ops; the limit is " +
                                                std::to_string(limits.max_ops_per_batch));
  }

  // Phase 1: validate every op against the board as the earlier ops of the batch would leave
  // it, without touching the board. What the batch has done to an id so far lives in
  // `pending`; a batch of one op (the common case) needs no such bookkeeping.
  struct Pending {
    bool exists;
    Kind kind;
  };
  bool const track = ops.size() > 1;
  std::unordered_map<std::string_view, Pending> pending;
  if (track) pending.reserve(ops.size());
  std::size_t count = objects_.size();
  std::string_view top = max_z_;  // the highest z once the ops so far are applied

  for (std::size_t i = 0; i < ops.size(); ++i) {
    Op& op = ops[i];
    if (!is_valid_id(op.id)) {
      return prefixed(make_error(ErrorCode::kInvalidId, "id must be 1 to 64 characters of A-Z a-z 0-9 _ -"),
                      "ops", i);
    }
    if (op.type != OpType::kPut && op.type != OpType::kSet && op.type != OpType::kDel) {
      return prefixed(make_error(ErrorCode::kInvalidOp, "op type is unknown"), "ops", i);
    }
    std::optional<Kind> current;
    auto const seen = track ? pending.find(op.id) : pending.end();
    if (seen != pending.end()) {
      if (seen->second.exists) current = seen->second.kind;
    } else if (auto const it = objects_.find(op.id); it != objects_.end()) {
      current = it->second.kind;
    }

    switch (op.type) {
      case OpType::kPut: {
        if (auto st = check_props(op.props, op.kind, PropsMode::kPut, limits); !st) {
          return prefixed(std::move(st).error(), "ops", i);
        }
        if (auto st = stack_on_top(op.props, top); !st) return prefixed(std::move(st).error(), "ops", i);
        std::string_view const z = z_of(op.props);
        if (z > top) top = z;
        if (!current) ++count;
        if (track) pending.insert_or_assign(op.id, Pending{true, op.kind});
        break;
      }
      case OpType::kSet: {
        if (!current) break;  // dropped: the object is gone (or never was)
        if (auto st = check_props(op.props, *current, PropsMode::kSet, limits); !st) {
          return prefixed(std::move(st).error(), "ops", i);
        }
        std::string_view const z = z_of(op.props);
        if (z > top) top = z;
        break;
      }
      case OpType::kDel: {
        if (!current) break;  // dropped
        --count;
        if (track) pending.insert_or_assign(op.id, Pending{false, *current});
        break;
      }
    }
  }
  // A board already over a (lowered) limit may still be edited, as long as it does not grow.
  if (count > limits.max_objects && count > objects_.size()) {
    return make_error(ErrorCode::kLimitExceeded, "board would hold " + std::to_string(count) +
                                                     " objects; the limit is " +
                                                     std::to_string(limits.max_objects));
  }

  // Phase 2: apply. Nothing here can fail on valid input; the state evolves exactly as phase 1
  // simulated, so the sets and dels it dropped find their target missing again. The effective
  // ops are compacted into the front of ops itself rather than into a new vector.
  std::size_t kept = 0;
  for (Op& op : ops) {
    switch (op.type) {
      case OpType::kPut: {
        Object& object = objects_[op.id];
        object.kind = op.kind;
        // The object takes the parsed properties; the effective op keeps a copy for the
        // journal and the peers.
        object.props = std::move(op.props);
        op.props = object.props;
        raise_max_z(max_z_, object.props);
        break;
      }
      case OpType::kSet: {
        auto const it = objects_.find(op.id);
        if (it == objects_.end()) continue;
        merge(it->second.props, op.props);
        raise_max_z(max_z_, op.props);
        break;
      }
      case OpType::kDel: {
        if (objects_.erase(op.id) == 0) continue;
        break;
      }
    }
    if (&ops[kept] != &op) ops[kept] = std::move(op);
    ++kept;
  }
  ops.erase(ops.begin() + static_cast<std::ptrdiff_t>(kept), ops.end());
  return ops;
}

void Board::replay(std::vector<Op> const& ops) {
  for (Op const& op : ops) {
    if (!is_valid_id(op.id)) continue;
    auto const it = objects_.find(op.id);
    switch (op.type) {
      case OpType::kPut: {
        if (!check_props(op.props, op.kind, PropsMode::kPut, kNoLimits)) continue;
        boost::json::object props = op.props;
        if (!stack_on_top(props, max_z_)) continue;
        raise_max_z(max_z_, props);
        Object& object = it != objects_.end() ? it->second : objects_[op.id];
        object.kind = op.kind;
        object.props = std::move(props);
        break;
      }
      case OpType::kSet: {
        if (it == objects_.end()) continue;
        if (!check_props(op.props, it->second.kind, PropsMode::kSet, kNoLimits)) continue;
        merge(it->second.props, op.props);
        raise_max_z(max_z_, op.props);
        break;
      }
      case OpType::kDel: {
        if (it != objects_.end()) objects_.erase(it);
        break;
      }
    }
  }
}

Object const* Board::find(std::string const& id) const {
  auto const it = objects_.find(id);
  return it == objects_.end() ? nullptr : &it->second;
}

boost::json::array Board::to_json() const {
  struct Entry {
    std::string_view z;  // empty without z: sorts first
    std::string const* id;
    Object const* object;
  };
  std::vector<Entry> entries;
  entries.reserve(objects_.size());
  for (auto const& [id, object] : objects_) entries.push_back({z_of(object.props), &id, &object});
  // string_view compares bytes as unsigned char, the order clients use for z.
  std::sort(entries.begin(), entries.end(), [](Entry const& a, Entry const& b) {
    if (a.z != b.z) return a.z < b.z;
    return *a.id < *b.id;
  });

  boost::json::array out;
  out.reserve(entries.size());
  for (auto const& e : entries) {
    boost::json::object o;
    o.reserve(3);
    o.emplace("id", *e.id);
    o.emplace("kind", to_string(e.object->kind));
    o.emplace("props", e.object->props);
    out.emplace_back(std::move(o));
  }
  return out;
}

Result<Board> Board::from_json(boost::json::value const& objects, Limits const& limits) {
  auto const* array = objects.if_array();
  if (!array) return make_error(ErrorCode::kInvalidMessage, "objects must be an array");
  if (array->size() > limits.max_objects) {
    return make_error(ErrorCode::kLimitExceeded, "board would hold " + std::to_string(array->size()) +
                                                     " objects; the limit is " +
                                                     std::to_string(limits.max_objects));
  }
  Board board;
  board.objects_.reserve(array->size());
  for (std::size_t i = 0; i < array->size(); ++i) {
    auto fail = [i](ErrorCode code, std::string message) {
      return prefixed(make_error(code, std::move(message)), "objects", i);
    };
    auto const* entry = (*array)[i].if_object();
    if (!entry) return fail(ErrorCode::kInvalidMessage, "an object must be a JSON object");
    boost::json::string const* id = nullptr;
    boost::json::value const* kind = nullptr;
    boost::json::object const* props = nullptr;
    for (auto const& field : *entry) {
      std::string_view const key = field.key();
      if (key == "id") {
        id = field.value().if_string();
        if (!id || !is_valid_id(*id)) {
          return fail(ErrorCode::kInvalidId, "id must be 1 to 64 characters of A-Z a-z 0-9 _ -");
        }
      } else if (key == "kind") {
        kind = &field.value();
      } else if (key == "props") {
        props = field.value().if_object();
        if (!props) return fail(ErrorCode::kInvalidMessage, "props must be an object");
      } else {
        return fail(ErrorCode::kInvalidMessage, "unknown field " + quoted(key));
      }
    }
    if (!id) return fail(ErrorCode::kInvalidMessage, "id is required");
    if (!kind) return fail(ErrorCode::kInvalidMessage, "kind is required");
    if (!props) return fail(ErrorCode::kInvalidMessage, "props is required");
    auto const* kind_text = kind->if_string();
    auto const parsed_kind = kind_text ? parse_kind(*kind_text) : std::nullopt;
    if (!parsed_kind) return fail(ErrorCode::kInvalidOp, "kind must be one of " + std::string(kind_list()));
    if (auto st = check_props(*props, *parsed_kind, PropsMode::kPut, limits); !st) {
      return prefixed(std::move(st).error(), "objects", i);
    }
    auto [it, inserted] = board.objects_.try_emplace(std::string(*id), Object{*parsed_kind, *props});
    if (!inserted) return fail(ErrorCode::kInvalidMessage, "id " + quoted(*id) + " appears more than once");
    raise_max_z(board.max_z_, it->second.props);
  }
  return board;
}

}  // namespace cc::model
