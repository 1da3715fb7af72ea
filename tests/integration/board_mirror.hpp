// A client-side copy of a board, built only from what the server sends one client: a welcome
// (full objects, or the batches after `since`), other clients' ops, and acks of this client's
// own batches (whose ops the mirror remembers when they are sent, unless the ack carries the
// effective ops). Everything is applied in
// board-seq order whatever order it arrives in, with the protocol's merge rules: put creates
// or replaces, set merges (null removes), del removes, set/del on a missing object is dropped.
// Anything that contradicts the protocol is recorded as an anomaly for the test to assert on.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cc::itest {

struct MirrorObject {
  std::string kind;
  boost::json::object props;
  // Put by this client without "z": the server assigned one the client never saw, so "z"
  // is not compared for this object.
  bool z_unknown = false;
};

using ObjectMap = std::map<std::string, MirrorObject>;

// The "objects" array of a welcome or GET /api/boards/<id> ([{"id","kind","props"}]).
ObjectMap objects_from_json(boost::json::value const& objects);
// Applies ops to objects; own marks ops this client wrote (see z_unknown).
void apply_ops(ObjectMap& objects, boost::json::array const& ops, bool own);
// JSON equality where numbers compare by value (5 == 5.0).
bool json_same(boost::json::value const& a, boost::json::value const& b);
// "" if equal, otherwise a readable list of the differences (at most a few).
std::string diff_objects(ObjectMap const& expected, ObjectMap const& actual, std::string const& expected_name,
                         std::string const& actual_name);

class BoardMirror {
 public:
  // Records a batch this client sent (or re-sent: same id, same ops).
  void sent(std::string const& batch, boost::json::array const& ops);
  // Applies a server message: welcome, ops or ack. Other types are ignored.
  void apply(boost::json::object const& message);

  std::uint64_t seq() const noexcept { return seq_; }
  ObjectMap const& objects() const noexcept { return objects_; }
  // Messages received but waiting for a lower seq.
  std::size_t buffered() const noexcept { return pending_.size(); }
  std::vector<std::string> const& anomalies() const noexcept { return anomalies_; }

  // This client's batches that have not been acknowledged, in the order first sent.
  std::vector<std::pair<std::string, boost::json::array>> unacked() const;
  std::optional<std::uint64_t> ack_seq(std::string const& batch) const;
  // Batches acknowledged since the last welcome on this mirror (re-acks counted again).
  std::size_t acks_received() const noexcept { return acks_; }

 private:
  struct Own {
    boost::json::array ops;
    std::optional<std::uint64_t> seq;
    std::uint64_t order = 0;
  };
  struct Pending {
    boost::json::array ops;
    bool own = false;
  };

  void apply_welcome(boost::json::object const& welcome);
  void apply_ops_message(boost::json::object const& message);
  void apply_ack(boost::json::object const& message);
  void drain();
  void anomaly(std::string text);

  std::uint64_t seq_ = 0;
  bool joined_ = false;
  std::uint64_t last_ops_seq_ = 0;  // on the current connection, for the ordering check
  ObjectMap objects_;
  std::map<std::uint64_t, Pending> pending_;
  std::map<std::string, Own> own_;
  std::uint64_t next_order_ = 0;
  std::size_t acks_ = 0;
  std::vector<std::string> anomalies_;
};

}  // namespace cc::itest
