// The wire form of ops:
//   {"op":"put","id":"r1","kind":"rect","props":{...}}   create or replace an object whole
//   {"op":"set","id":"r1","props":{...}}                  change some properties (null removes)
//   {"op":"del","id":"r1"}                                remove an object
#include "base/ids.hpp"
#include "model/op.hpp"
#include "model/properties.hpp"

#include <boost/json/array.hpp>

#include <string>
#include <type_traits>

namespace cc::model {
namespace {

constexpr std::string_view kOpNames[] = {"put", "set", "del"};

std::string_view op_name(OpType type) noexcept {
  auto const index = static_cast<std::size_t>(type);
  return index < std::size(kOpNames) ? kOpNames[index] : "unknown";
}

std::optional<OpType> parse_op_type(std::string_view name) noexcept {
  if (name == "put") return OpType::kPut;
  if (name == "set") return OpType::kSet;
  if (name == "del") return OpType::kDel;
  return std::nullopt;
}

Error invalid(std::string message) { return make_error(ErrorCode::kInvalidOp, std::move(message)); }

Error with_index(Error e, std::size_t index) {
  e.message.insert(0, "ops[" + std::to_string(index) + "]: ");
  return e;
}

// Parses one op into out. Json is boost::json::value, const when its properties must be copied.
template <class Json>
Status parse_op(Json& json, Limits const& limits, Op& out) {
  auto* op = json.if_object();
  if (!op) return invalid("an op must be an object");

  auto const* type_value = op->if_contains("op");
  if (!type_value) return invalid("op is required");
  auto const* type_name = type_value->if_string();
  if (!type_name) return invalid("op must be a string: put, set or del");
  auto const type = parse_op_type(*type_name);
  if (!type) return invalid("op " + quoted(*type_name) + " is not one of put, set, del");

  // One pass over the fields: anything but these four, or one the op type has no use for,
  // is refused, so a misspelt field is an error rather than silently ignored.
  boost::json::value const* id = nullptr;
  boost::json::value const* kind = nullptr;
  decltype(op->if_contains("props")) props = nullptr;
  for (auto& field : *op) {
    std::string_view const key = field.key();
    if (key == "op") continue;
    if (key == "id") {
      id = &field.value();
    } else if (key == "kind" && *type == OpType::kPut) {
      kind = &field.value();
    } else if (key == "props" && *type != OpType::kDel) {
      props = &field.value();
    } else if (key == "kind" || key == "props") {
      return invalid("field " + quoted(key) + " is not allowed in a " + std::string(op_name(*type)) + " op");
    } else {
      return invalid("unknown field " + quoted(key));
    }
  }

  if (!id) return invalid("id is required");
  auto const* id_text = id->if_string();
  if (!id_text || !is_valid_id(*id_text)) {
    return make_error(ErrorCode::kInvalidId, "id must be 1 to 64 characters of A-Z a-z 0-9 _ -");
  }
  out.type = *type;
  out.id.assign(id_text->data(), id_text->size());
  if (*type == OpType::kDel) return {};

  std::optional<Kind> parsed_kind;
  if (*type == OpType::kPut) {
    if (!kind) return invalid("kind is required");
    auto const* kind_text = kind->if_string();
    if (!kind_text) return invalid("kind must be one of " + std::string(kind_list()));
    parsed_kind = parse_kind(*kind_text);
    if (!parsed_kind)
      return invalid("kind " + quoted(*kind_text) + " is not one of " + std::string(kind_list()));
    out.kind = *parsed_kind;
  }

  if (!props) return invalid("props is required");
  auto* props_object = props->if_object();
  if (!props_object) return invalid("props must be an object");
  auto const mode = *type == OpType::kPut ? PropsMode::kPut : PropsMode::kSet;
  if (auto st = check_props(*props_object, parsed_kind, mode, limits); !st) return st;

  if constexpr (std::is_const_v<Json>) {
    out.props = *props_object;
  } else {
    // Moves when the storage is the default one, copies otherwise: the op must own its memory.
    out.props = boost::json::object(std::move(*props_object), boost::json::storage_ptr());
  }
  return {};
}

template <class Json>
Result<std::vector<Op>> parse_ops_impl(Json& ops, Limits const& limits) {
  auto* array = ops.if_array();
  if (!array) return make_error(ErrorCode::kInvalidMessage, "ops must be an array");
  if (array->empty()) return make_error(ErrorCode::kInvalidMessage, "ops must not be empty");
  if (array->size() > limits.max_ops_per_batch) {
    return make_error(ErrorCode::kTooLarge, "the batch holds " + std::to_string(array->size()) +
                                                " ops; the limit is " +
                                                std::to_string(limits.max_ops_per_batch));
  }
  std::vector<Op> result(array->size());
  for (std::size_t i = 0; i < array->size(); ++i) {
    if (auto st = parse_op((*array)[i], limits, result[i]); !st) return with_index(std::move(st).error(), i);
  }
  return result;
}

}  // namespace

Result<std::vector<Op>> parse_ops(boost::json::value const& ops, Limits const& limits) {
  return parse_ops_impl(ops, limits);
}

Result<std::vector<Op>> parse_ops(boost::json::value&& ops, Limits const& limits) {
  return parse_ops_impl(ops, limits);
}

boost::json::array ops_to_json(std::vector<Op> const& ops) {
  boost::json::array out;
  out.reserve(ops.size());
  for (auto const& op : ops) {
    boost::json::object o;
    o.reserve(op.type == OpType::kPut ? 4 : 3);
    o.emplace("op", op_name(op.type));
    o.emplace("id", op.id);
    if (op.type == OpType::kPut) o.emplace("kind", to_string(op.kind));
    if (op.type != OpType::kDel) o.emplace("props", op.props);
    out.emplace_back(std::move(o));
  }
  return out;
}

}  // namespace cc::model
