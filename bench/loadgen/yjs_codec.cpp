#include "yjs_codec.hpp"

#include <bit>
#include <cstring>
#include <fstream>
#include <iterator>

namespace cc::bench::yjs {

namespace {

// Any values nest (arrays, objects); nothing the benchmark sends goes deeper than this.
constexpr int kMaxAnyDepth = 16;
// Guards against absurd counts in malformed input.
constexpr std::uint64_t kMaxCount = std::uint64_t{1} << 28;

// The ContentAny value types of lib0's writeAny.
enum AnyType : std::uint8_t {
  kUndefined = 127,
  kNull = 126,
  kVarInt = 125,
  kFloat32 = 124,
  kFloat64 = 123,
  kBigInt = 122,
  kFalse = 121,
  kTrue = 120,
  kString = 119,
  kObject = 118,
  kArray = 117,
  kUint8Array = 116,
};

// Content refs of Yjs items (the low five bits of a struct's info byte).
enum ContentRef : std::uint8_t {
  kGc = 0,
  kDeleted = 1,
  kJson = 2,
  kBinary = 3,
  kStringContent = 4,
  kEmbed = 5,
  kFormat = 6,
  kType = 7,
  kAny = 8,
  kDoc = 9,
  kSkip = 10,
};

constexpr std::uint8_t kHasOrigin = 0x80;
constexpr std::uint8_t kHasRightOrigin = 0x40;
constexpr std::uint8_t kHasParentSub = 0x20;
constexpr std::uint64_t kXmlElementRef = 3;
constexpr std::uint64_t kXmlHookRef = 4;

// Reads one Any value; calls on_float for a float64.
void read_any(Reader& r, int depth, std::function<void(double)> const& on_float) {
  if (depth > kMaxAnyDepth) {
    r.read_bytes(std::string_view::npos);  // poison the reader
    return;
  }
  switch (r.read_u8()) {
    case kUndefined:
    case kNull:
    case kFalse:
    case kTrue:
      return;
    case kVarInt:
      r.read_varint();
      return;
    case kFloat32:
      r.read_bytes(4);
      return;
    case kFloat64: {
      double const value = r.read_f64_be();
      if (r.ok()) on_float(value);
      return;
    }
    case kBigInt:
      r.read_bytes(8);
      return;
    case kString:
    case kUint8Array:
      r.read_var_bytes();
      return;
    case kObject: {
      auto const n = r.read_varuint();
      for (std::uint64_t i = 0; i < n && r.ok() && i < kMaxCount; ++i) {
        r.read_var_string();
        read_any(r, depth + 1, on_float);
      }
      return;
    }
    case kArray: {
      auto const n = r.read_varuint();
      for (std::uint64_t i = 0; i < n && r.ok() && i < kMaxCount; ++i) read_any(r, depth + 1, on_float);
      return;
    }
    default:
      r.read_bytes(std::string_view::npos);
  }
}

// UTF-16 code units of a UTF-8 string: Yjs counts string lengths that way.
std::uint64_t utf16_length(std::string_view s) {
  std::uint64_t n = 0;
  for (char c : s) {
    auto const b = static_cast<unsigned char>(c);
    if ((b & 0xC0U) != 0x80U) ++n;  // a leading byte starts a code point
    if (b >= 0xF0U) ++n;            // four-byte sequences are surrogate pairs
  }
  return n;
}

// Reads an item's content; returns its length in clock units.
std::uint64_t read_content(Reader& r, std::uint8_t ref, std::function<void(double)> const& on_float) {
  switch (ref) {
    case kDeleted:
      return r.read_varuint();
    case kJson: {
      auto const n = r.read_varuint();
      for (std::uint64_t i = 0; i < n && r.ok() && i < kMaxCount; ++i) r.read_var_string();
      return n;
    }
    case kBinary:
      r.read_var_bytes();
      return 1;
    case kStringContent:
      return utf16_length(r.read_var_string());
    case kEmbed:
      r.read_var_string();
      return 1;
    case kFormat:
      r.read_var_string();
      r.read_var_string();
      return 1;
    case kType: {
      auto const type_ref = r.read_varuint();
      if (type_ref == kXmlElementRef || type_ref == kXmlHookRef) r.read_var_string();
      return 1;
    }
    case kAny: {
      auto const n = r.read_varuint();
      for (std::uint64_t i = 0; i < n && r.ok() && i < kMaxCount; ++i) read_any(r, 0, on_float);
      return n;
    }
    case kDoc:
      r.read_var_string();
      read_any(r, 0, on_float);
      return 1;
    default:
      r.read_bytes(std::string_view::npos);
      return 0;
  }
}

}  // namespace

std::uint8_t Reader::read_u8() {
  if (pos_ >= data_.size()) {
    ok_ = false;
    return 0;
  }
  return static_cast<std::uint8_t>(data_[pos_++]);
}

std::uint64_t Reader::read_varuint() {
  std::uint64_t value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    std::uint8_t const b = read_u8();
    if (!ok_) return 0;
    value |= static_cast<std::uint64_t>(b & 0x7FU) << shift;
    if ((b & 0x80U) == 0) return value;
  }
  ok_ = false;
  return 0;
}

std::int64_t Reader::read_varint() {
  std::uint8_t b = read_u8();
  std::uint64_t value = b & 0x3FU;
  bool const negative = (b & 0x40U) != 0;
  int shift = 6;
  while ((b & 0x80U) != 0 && ok_) {
    if (shift > 63) {
      ok_ = false;
      return 0;
    }
    b = read_u8();
    value |= static_cast<std::uint64_t>(b & 0x7FU) << shift;
    shift += 7;
  }
  auto const magnitude = static_cast<std::int64_t>(value);
  return negative ? -magnitude : magnitude;
}

std::string_view Reader::read_bytes(std::size_t n) {
  if (!ok_ || n > data_.size() - pos_) {
    ok_ = false;
    pos_ = data_.size();
    return {};
  }
  auto const out = data_.substr(pos_, n);
  pos_ += n;
  return out;
}

double Reader::read_f64_be() {
  auto const bytes = read_bytes(8);
  if (bytes.size() != 8) return 0;
  std::uint64_t bits = 0;
  for (char c : bytes) bits = (bits << 8) | static_cast<unsigned char>(c);
  return std::bit_cast<double>(bits);
}

void write_varuint(std::string& out, std::uint64_t value) {
  while (value >= 0x80U) {
    out.push_back(static_cast<char>(0x80U | (value & 0x7FU)));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

void write_var_bytes(std::string& out, std::string_view bytes) {
  write_varuint(out, bytes.size());
  out.append(bytes);
}

void write_f64_be(char* at, double value) {
  auto bits = std::bit_cast<std::uint64_t>(value);
  for (int i = 7; i >= 0; --i) {
    at[i] = static_cast<char>(bits & 0xFFU);
    bits >>= 8;
  }
}

bool scan_update(std::string_view update, std::function<void(std::uint64_t, double)> const& on_float,
                 std::vector<std::pair<std::uint64_t, std::uint64_t>>* end_clocks) {
  Reader r(update);
  auto const clients = r.read_varuint();
  for (std::uint64_t c = 0; c < clients && r.ok() && c < kMaxCount; ++c) {
    auto const structs = r.read_varuint();
    auto const client = r.read_varuint();
    auto clock = r.read_varuint();
    auto const on_value = [&](double v) { on_float(client, v); };
    for (std::uint64_t s = 0; s < structs && r.ok() && s < kMaxCount; ++s) {
      std::uint8_t const info = r.read_u8();
      std::uint8_t const ref = info & 0x1FU;
      if (ref == kGc || ref == kSkip) {
        clock += r.read_varuint();
        continue;
      }
      if ((info & kHasOrigin) != 0) {
        r.read_varuint();
        r.read_varuint();
      }
      if ((info & kHasRightOrigin) != 0) {
        r.read_varuint();
        r.read_varuint();
      }
      if ((info & (kHasOrigin | kHasRightOrigin)) == 0) {
        if (r.read_varuint() == 1) {
          r.read_var_string();  // the parent is a top-level type, by name
        } else {
          r.read_varuint();  // the parent is an item, by ID
          r.read_varuint();
        }
        if ((info & kHasParentSub) != 0) r.read_var_string();
      }
      clock += read_content(r, ref, on_value);
    }
    if (end_clocks != nullptr && r.ok()) end_clocks->emplace_back(client, clock);
  }
  return r.ok();  // the delete set that follows is of no interest here
}

std::string encode_awareness(std::uint64_t client, std::uint64_t clock, std::string_view json) {
  std::string out;
  out.reserve(json.size() + 16);
  write_varuint(out, 1);
  write_varuint(out, client);
  write_varuint(out, clock);
  write_var_string(out, json);
  return out;
}

bool scan_awareness(std::string_view update,
                    std::function<void(std::uint64_t, std::string_view)> const& on_state) {
  Reader r(update);
  auto const n = r.read_varuint();
  for (std::uint64_t i = 0; i < n && r.ok() && i < kMaxCount; ++i) {
    auto const client = r.read_varuint();
    r.read_varuint();  // clock
    auto const json = r.read_var_string();
    if (r.ok()) on_state(client, json);
  }
  return r.ok();
}

std::optional<std::string> load_file(std::string const& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::optional<std::vector<Chain>> load_chains(std::string const& path, std::string& error) {
  auto const data = load_file(path);
  if (!data) {
    error = "cannot read " + path;
    return std::nullopt;
  }
  std::size_t pos = 0;
  auto const u32 = [&](std::uint32_t& out) {
    if (data->size() - pos < 4) return false;
    out = 0;
    for (int i = 3; i >= 0; --i)
      out = (out << 8) | static_cast<unsigned char>((*data)[pos + static_cast<std::size_t>(i)]);
    pos += 4;
    return true;
  };
  std::uint32_t clients = 0;
  std::uint32_t steps = 0;
  if (!u32(clients) || !u32(steps)) {
    error = path + ": truncated header";
    return std::nullopt;
  }
  std::vector<Chain> chains(clients);
  for (auto& chain : chains) {
    std::uint32_t id = 0;
    if (!u32(id)) {
      error = path + ": truncated";
      return std::nullopt;
    }
    chain.client_id = id;
    chain.updates.reserve(steps);
    chain.x_offsets.reserve(steps);
    for (std::uint32_t s = 0; s < steps; ++s) {
      std::uint32_t length = 0;
      std::uint32_t offset = 0;
      if (!u32(length) || !u32(offset) || data->size() - pos < length ||
          (offset != kNoOffset && (length < 8 || offset > length - 8))) {
        error = path + ": malformed step";
        return std::nullopt;
      }
      chain.updates.emplace_back(data->substr(pos, length));
      chain.x_offsets.push_back(offset);
      pos += length;
    }
  }
  return chains;
}

}  // namespace cc::bench::yjs
