#include "integration/board_mirror.hpp"

#include "integration/ws_client.hpp"

#include <algorithm>
#include <stdexcept>

namespace cc::itest {

namespace json = boost::json;

namespace {

std::string string_field(json::object const& object, char const* key) {
  auto const* value = object.if_contains(key);
  if (value == nullptr || !value->is_string()) {
    throw std::runtime_error(std::string("expected a string \"") + key + "\" in " + compact(object));
  }
  return std::string(value->get_string());
}

json::object const& object_field(json::object const& object, char const* key) {
  auto const* value = object.if_contains(key);
  if (value == nullptr || !value->is_object()) {
    throw std::runtime_error(std::string("expected an object \"") + key + "\" in " + compact(object));
  }
  return value->get_object();
}

json::array const& array_field(json::object const& object, char const* key) {
  auto const* value = object.if_contains(key);
  if (value == nullptr || !value->is_array()) {
    throw std::runtime_error(std::string("expected an array \"") + key + "\" in " + compact(object));
  }
  return value->get_array();
}

}  // namespace

ObjectMap objects_from_json(json::value const& objects) {
  if (!objects.is_array()) throw std::runtime_error("objects is not an array: " + compact(objects));
  ObjectMap out;
  for (auto const& element : objects.get_array()) {
    if (!element.is_object()) throw std::runtime_error("object entry is not an object: " + compact(element));
    auto const& object = element.get_object();
    std::string id = string_field(object, "id");
    if (out.contains(id)) throw std::runtime_error("object id listed twice: " + id);
    out[id] = MirrorObject{string_field(object, "kind"), object_field(object, "props"), false};
  }
  return out;
}

void apply_ops(ObjectMap& objects, json::array const& ops, bool own) {
  for (auto const& element : ops) {
    if (!element.is_object()) throw std::runtime_error("op is not an object: " + compact(element));
    auto const& op = element.get_object();
    std::string const name = string_field(op, "op");
    std::string const id = string_field(op, "id");
    if (name == "put") {
      auto const& props = object_field(op, "props");
      objects[id] = MirrorObject{string_field(op, "kind"), props, own && !props.contains("z")};
    } else if (name == "set") {
      auto it = objects.find(id);
      if (it == objects.end()) continue;
      for (auto const& [key, value] : object_field(op, "props")) {
        if (value.is_null()) {
          it->second.props.erase(key);
        } else {
          it->second.props[key] = value;
        }
        if (key == "z") it->second.z_unknown = false;
      }
    } else if (name == "del") {
      objects.erase(id);
    } else {
      throw std::runtime_error("unknown op in " + compact(op));
    }
  }
}

bool json_same(json::value const& a, json::value const& b) {
  bool const a_number = a.is_number();
  bool const b_number = b.is_number();
  if (a_number || b_number) return a_number && b_number && a.to_number<double>() == b.to_number<double>();
  if (a.kind() != b.kind()) return false;
  if (a.is_object()) {
    auto const& ao = a.get_object();
    auto const& bo = b.get_object();
    if (ao.size() != bo.size()) return false;
    for (auto const& [key, value] : ao) {
      auto const* other = bo.if_contains(key);
      if (other == nullptr || !json_same(value, *other)) return false;
    }
    return true;
  }
  if (a.is_array()) {
    auto const& aa = a.get_array();
    auto const& ba = b.get_array();
    if (aa.size() != ba.size()) return false;
    for (std::size_t i = 0; i < aa.size(); ++i) {
      if (!json_same(aa[i], ba[i])) return false;
    }
    return true;
  }
  return a == b;
}

std::string diff_objects(ObjectMap const& expected, ObjectMap const& actual, std::string const& expected_name,
                         std::string const& actual_name) {
  std::vector<std::string> lines;
  std::size_t differences = 0;
  auto note = [&](std::string line) {
    ++differences;
    if (lines.size() < 8) lines.push_back(std::move(line));
  };
  for (auto const& [id, want] : expected) {
    auto it = actual.find(id);
    if (it == actual.end()) {
      note(id + ": in " + expected_name + " but not in " + actual_name + " (" + want.kind + " " +
           compact(want.props, 200) + ")");
      continue;
    }
    auto const& have = it->second;
    if (want.kind != have.kind) {
      note(id + ": kind " + want.kind + " in " + expected_name + ", " + have.kind + " in " + actual_name);
      continue;
    }
    json::object want_props = want.props;
    json::object have_props = have.props;
    if (want.z_unknown || have.z_unknown) {
      want_props.erase("z");
      have_props.erase("z");
    }
    if (!json_same(want_props, have_props)) {
      note(id + ": props " + compact(want.props, 300) + " in " + expected_name + ", " +
           compact(have.props, 300) + " in " + actual_name);
    }
  }
  for (auto const& [id, have] : actual) {
    if (!expected.contains(id)) {
      note(id + ": in " + actual_name + " but not in " + expected_name + " (" + have.kind + " " +
           compact(have.props, 200) + ")");
    }
  }
  if (differences == 0) return {};
  std::string out = std::to_string(differences) + " difference(s) between " + expected_name + " (" +
                    std::to_string(expected.size()) + " objects) and " + actual_name + " (" +
                    std::to_string(actual.size()) + " objects):";
  for (auto const& line : lines) out += "\n  " + line;
  return out;
}

void BoardMirror::sent(std::string const& batch, json::array const& ops) {
  auto [it, inserted] = own_.try_emplace(batch);
  if (inserted) {
    it->second.ops = ops;
    it->second.order = next_order_++;
  } else if (!json_same(it->second.ops, ops)) {
    anomaly("test bug: batch " + batch + " re-sent with different ops");
  }
}

void BoardMirror::apply(json::object const& message) {
  std::string const type = type_of(message);
  if (type == "welcome") {
    apply_welcome(message);
  } else if (type == "ops") {
    apply_ops_message(message);
  } else if (type == "ack") {
    apply_ack(message);
  }
}

void BoardMirror::apply_welcome(json::object const& welcome) {
  std::uint64_t const board_seq = seq_of(welcome);
  last_ops_seq_ = board_seq;
  acks_ = 0;
  if (welcome.contains("objects")) {
    objects_ = objects_from_json(welcome.at("objects"));
    seq_ = board_seq;
    joined_ = true;
    pending_.erase(pending_.begin(), pending_.upper_bound(seq_));
    drain();
    return;
  }
  if (!joined_ && seq_ != 0) anomaly("test bug: an ops welcome on a mirror that has no state");
  auto const& batches = array_field(welcome, "ops");
  std::uint64_t expect = seq_ + 1;
  for (auto const& element : batches) {
    if (!element.is_object()) {
      anomaly("welcome ops entry is not an object: " + compact(element));
      continue;
    }
    auto const& batch = element.get_object();
    std::uint64_t const batch_seq = seq_of(batch);
    if (batch_seq != expect) {
      anomaly("welcome ops: expected seq " + std::to_string(expect) + ", got " + std::to_string(batch_seq));
    }
    if (batch_seq == seq_ + 1) {
      apply_ops(objects_, array_field(batch, "ops"), false);
      seq_ = batch_seq;
      pending_.erase(batch_seq);
    }
    expect = batch_seq + 1;
  }
  if (seq_ != board_seq) {
    anomaly("welcome seq " + std::to_string(board_seq) + " but its ops end at " + std::to_string(seq_));
    seq_ = std::max(seq_, board_seq);
  }
  joined_ = true;
  drain();
}

void BoardMirror::apply_ops_message(json::object const& message) {
  std::uint64_t const message_seq = seq_of(message);
  if (message_seq <= last_ops_seq_) {
    anomaly("ops seq " + std::to_string(message_seq) + " arrived after seq " + std::to_string(last_ops_seq_) +
            " (duplicate or out of order)");
  }
  last_ops_seq_ = std::max(last_ops_seq_, message_seq);
  if (message_seq <= seq_) return;
  pending_.try_emplace(message_seq, Pending{array_field(message, "ops"), false});
  drain();
}

void BoardMirror::apply_ack(json::object const& message) {
  std::string const batch = string_field(message, "batch");
  std::uint64_t const ack_seq = seq_of(message);
  ++acks_;
  auto it = own_.find(batch);
  if (it == own_.end()) {
    anomaly("ack for a batch this client never sent: " + compact(message));
    return;
  }
  Own& own = it->second;
  if (own.seq && *own.seq != ack_seq) {
    anomaly("batch " + batch + " acknowledged with seq " + std::to_string(ack_seq) + " after seq " +
            std::to_string(*own.seq));
  }
  own.seq = ack_seq;
  if (ack_seq <= seq_) return;  // already applied (from a welcome or as another connection's ops)
  // When the server gave a put its z, the ack carries the batch's effective ops.
  if (auto const* effective = message.if_contains("ops"); effective != nullptr && effective->is_array()) {
    pending_.try_emplace(ack_seq, Pending{effective->get_array(), false});
  } else {
    pending_.try_emplace(ack_seq, Pending{own.ops, true});
  }
  drain();
}

void BoardMirror::drain() {
  while (!pending_.empty() && pending_.begin()->first == seq_ + 1) {
    auto node = pending_.extract(pending_.begin());
    apply_ops(objects_, node.mapped().ops, node.mapped().own);
    seq_ = node.key();
  }
}

std::vector<std::pair<std::string, json::array>> BoardMirror::unacked() const {
  std::vector<std::pair<std::uint64_t, std::string>> order;
  for (auto const& [batch, own] : own_) {
    if (!own.seq) order.emplace_back(own.order, batch);
  }
  std::sort(order.begin(), order.end());
  std::vector<std::pair<std::string, json::array>> out;
  out.reserve(order.size());
  for (auto const& [_, batch] : order) out.emplace_back(batch, own_.at(batch).ops);
  return out;
}

std::optional<std::uint64_t> BoardMirror::ack_seq(std::string const& batch) const {
  auto it = own_.find(batch);
  if (it == own_.end()) return std::nullopt;
  return it->second.seq;
}

void BoardMirror::anomaly(std::string text) {
  if (anomalies_.size() < 50) anomalies_.push_back(std::move(text));
}

}  // namespace cc::itest
