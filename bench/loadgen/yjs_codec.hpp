// Just enough of the Yjs wire formats for the load generator: lib0's variable-length
// integers and strings, a scan of Yjs v1 updates for the float64 values the generator puts
// in x (its send times), the y-protocols awareness encoding, and the file of pre-generated
// updates that the generator replays (written by the peers' gen-updates script).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cc::bench::yjs {

// A bounds-checked reader over lib0-encoded bytes. After any read past the end, ok() is
// false and every further read returns zero or an empty view.
class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}

  bool ok() const { return ok_; }
  bool at_end() const { return pos_ >= data_.size(); }
  std::size_t pos() const { return pos_; }

  std::uint8_t read_u8();
  std::uint64_t read_varuint();
  std::int64_t read_varint();  // lib0's signed form: sign in bit 6 of the first byte
  std::string_view read_bytes(std::size_t n);
  std::string_view read_var_bytes() { return read_bytes(static_cast<std::size_t>(read_varuint())); }
  std::string_view read_var_string() { return read_var_bytes(); }
  double read_f64_be();

 private:
  std::string_view data_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

void write_varuint(std::string& out, std::uint64_t value);
void write_var_bytes(std::string& out, std::string_view bytes);
inline void write_var_string(std::string& out, std::string_view s) { write_var_bytes(out, s); }
void write_f64_be(char* at, double value);

// Calls on_float(client, value) for every float64 held by a ContentAny of the update, with
// the client of the struct that holds it. Fills end_clocks (client -> clock after its last
// struct) when given. False if the update is malformed.
bool scan_update(std::string_view update, std::function<void(std::uint64_t, double)> const& on_float,
                 std::vector<std::pair<std::uint64_t, std::uint64_t>>* end_clocks = nullptr);

// An awareness update carrying one client's JSON state.
std::string encode_awareness(std::uint64_t client, std::uint64_t clock, std::string_view json);

// Calls on_state(client, json) for each entry of an awareness update; false if malformed.
bool scan_awareness(std::string_view update,
                    std::function<void(std::uint64_t, std::string_view)> const& on_state);

// One client's chain of updates: step 0 creates its object, step s >= 1 moves it.
struct Chain {
  std::uint64_t client_id = 0;
  std::vector<std::string> updates;
  std::vector<std::uint32_t> x_offsets;  // where x's 8 bytes are; kNoOffset for step 0
};
inline constexpr std::uint32_t kNoOffset = 0xffffffffU;

// Reads a chains file; nullopt (and a message in error) if it is unreadable or malformed.
std::optional<std::vector<Chain>> load_chains(std::string const& path, std::string& error);

// Reads a whole file (the single-update snapshot file).
std::optional<std::string> load_file(std::string const& path);

}  // namespace cc::bench::yjs
