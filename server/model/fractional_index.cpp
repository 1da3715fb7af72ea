// Fractional indices, the algorithm of the npm package "fractional-indexing" (itself after
// David Greenspan's "Implementing Fractional Indexing"), so keys made by a client and keys made
// here interleave and compare the same way.
//
// A key is an integer part followed by a fractional part, both in base-62 digits. The head
// character of the integer part gives its length: 'a'..'z' are non-negative integers of 1..26
// digits, 'A'..'Z' negative ones of 26..1 digits, so plain byte order is numeric order. The
// fractional part never ends in '0', so there is always room between two keys.
#include "model/fractional_index.hpp"

#include <array>
#include <cstdint>

namespace cc::model {
namespace {

constexpr std::string_view kDigits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr int kBase = 62;
constexpr char kZeroDigit = '0';
constexpr char kLastDigit = 'z';
constexpr std::string_view kIntegerZero = "a0";
// The integer below which nothing can be decremented; as a key on its own it is invalid,
// because nothing could ever be put before it.
constexpr std::string_view kSmallestInteger = "A00000000000000000000000000";

constexpr std::array<std::int8_t, 256> make_digit_values() {
  std::array<std::int8_t, 256> values{};
  for (auto& v : values) v = -1;
  for (std::size_t i = 0; i < kDigits.size(); ++i) {
    values[static_cast<unsigned char>(kDigits[i])] = static_cast<std::int8_t>(i);
  }
  return values;
}
constexpr std::array<std::int8_t, 256> kDigitValues = make_digit_values();

int digit_value(char c) noexcept { return kDigitValues[static_cast<unsigned char>(c)]; }

// Length of the integer part announced by its head character, or 0 for a bad head.
std::size_t integer_length(char head) noexcept {
  if (head >= 'a' && head <= 'z') return static_cast<std::size_t>(head - 'a') + 2;
  if (head >= 'A' && head <= 'Z') return static_cast<std::size_t>('Z' - head) + 2;
  return 0;
}

// Appends a digit string strictly between a and b (has_b false: above everything) to out.
// a may be empty, b (when present) is non-empty, a < b, neither ends in '0'. Returns false if
// those preconditions turn out to be broken rather than reading out of bounds.
bool append_midpoint(std::string_view a, std::string_view b, bool has_b, std::string& out) {
  for (;;) {
    if (has_b) {
      // Skip the common prefix, reading a as if padded with zeros (b cannot end inside it).
      std::size_t n = 0;
      while (n < b.size() && (n < a.size() ? a[n] : kZeroDigit) == b[n]) ++n;
      if (n == b.size()) return false;
      out.append(b.substr(0, n));
      a = n < a.size() ? a.substr(n) : std::string_view{};
      b = b.substr(n);
    }
    int const da = a.empty() ? 0 : digit_value(a[0]);
    int const db = has_b ? digit_value(b[0]) : kBase;
    if (da < 0 || db < 0 || db <= da) return false;
    if (db - da > 1) {
      // Math.round(0.5 * (da + db)) in the reference: halves round up.
      out.push_back(kDigits[static_cast<std::size_t>((da + db + 1) / 2)]);
      return true;
    }
    // The first digits are consecutive.
    if (has_b && b.size() > 1) {
      out.push_back(b[0]);
      return true;
    }
    // b is absent or one digit: keep a's first digit and go above the rest of a.
    out.push_back(kDigits[static_cast<std::size_t>(da)]);
    a = a.empty() ? a : a.substr(1);
    has_b = false;
  }
}

bool append_midpoint(std::string_view a, std::string_view b, std::string& out) {
  return append_midpoint(a, b, true, out);
}

bool append_above(std::string_view a, std::string& out) { return append_midpoint(a, {}, false, out); }

// The next integer, or nullopt above the largest ("zzz...z").
std::optional<std::string> increment_integer(std::string_view x) {
  std::string result(x);
  bool carry = true;
  for (std::size_t i = result.size() - 1; carry && i >= 1; --i) {
    int const d = digit_value(result[i]) + 1;
    if (d == kBase) {
      result[i] = kZeroDigit;
    } else {
      result[i] = kDigits[static_cast<std::size_t>(d)];
      carry = false;
    }
  }
  if (!carry) return result;
  char const head = result[0];
  if (head == 'Z') return std::string(kIntegerZero);
  if (head == 'z') return std::nullopt;
  char const next = static_cast<char>(head + 1);
  // Positive integers grow a digit as the head goes up, negative ones lose one.
  if (next > 'a') {
    result.push_back(kZeroDigit);
  } else {
    result.pop_back();
  }
  result[0] = next;
  return result;
}

// The previous integer, or nullopt below the smallest.
std::optional<std::string> decrement_integer(std::string_view x) {
  std::string result(x);
  bool borrow = true;
  for (std::size_t i = result.size() - 1; borrow && i >= 1; --i) {
    int const d = digit_value(result[i]) - 1;
    if (d < 0) {
      result[i] = kLastDigit;
    } else {
      result[i] = kDigits[static_cast<std::size_t>(d)];
      borrow = false;
    }
  }
  if (!borrow) return result;
  char const head = result[0];
  if (head == 'a') return std::string("Z") + kLastDigit;
  if (head == 'A') return std::nullopt;
  char const prev = static_cast<char>(head - 1);
  if (prev < 'Z') {
    result.push_back(kLastDigit);
  } else {
    result.pop_back();
  }
  result[0] = prev;
  return result;
}

Error invalid_key(std::string_view key) {
  return make_error(ErrorCode::kInvalidOp, "invalid fractional index: \"" + std::string(key) + "\"");
}

Result<std::string> checked(std::string key) {
  if (key.size() > kMaxZLength) {
    return make_error(ErrorCode::kTooLarge, "no fractional index of at most " + std::to_string(kMaxZLength) +
                                                " characters fits there");
  }
  return key;
}

Result<std::string> between(std::optional<std::string_view> a, std::optional<std::string_view> b) {
  if (!a && !b) return std::string(kIntegerZero);
  std::string out;
  out.reserve(16);
  if (!a) {
    std::string_view const ib = b->substr(0, integer_length((*b)[0]));
    std::string_view const fb = b->substr(ib.size());
    if (ib == kSmallestInteger) {
      out.append(ib);
      if (!append_midpoint({}, fb, out)) return invalid_key(*b);
      return out;
    }
    if (!fb.empty()) return std::string(ib);
    auto res = decrement_integer(ib);
    if (!res)
      return make_error(ErrorCode::kInvalidOp, "no fractional index fits below \"" + std::string(*b) + "\"");
    // The reference hands back the smallest integer itself here, which is not a valid key;
    // go halfway above it instead.
    if (*res == kSmallestInteger && !append_above({}, *res)) return invalid_key(*b);
    return std::move(*res);
  }
  std::string_view const ia = a->substr(0, integer_length((*a)[0]));
  std::string_view const fa = a->substr(ia.size());
  if (!b) {
    auto res = increment_integer(ia);
    if (res) return std::move(*res);
    out.append(ia);
    if (!append_above(fa, out)) return invalid_key(*a);
    return out;
  }
  std::string_view const ib = b->substr(0, integer_length((*b)[0]));
  std::string_view const fb = b->substr(ib.size());
  if (ia == ib) {
    out.append(ia);
    if (!append_midpoint(fa, fb, out)) return invalid_key(*a);
    return out;
  }
  auto res = increment_integer(ia);
  if (!res)
    return make_error(ErrorCode::kInvalidOp, "no fractional index fits above \"" + std::string(*a) + "\"");
  if (std::string_view(*res) < *b) return std::move(*res);
  out.append(ia);
  if (!append_above(fa, out)) return invalid_key(*a);
  return out;
}

}  // namespace

bool is_valid_fractional_index(std::string_view key) noexcept {
  if (key.empty() || key.size() > kMaxZLength) return false;
  std::size_t const int_len = integer_length(key[0]);
  if (int_len == 0 || key.size() < int_len) return false;
  if (key == kSmallestInteger) return false;
  // The reference only checks the head and the length; a key with characters outside the
  // digit alphabet could never come from it, and would break the midpoint arithmetic.
  for (std::size_t i = 1; i < key.size(); ++i) {
    if (digit_value(key[i]) < 0) return false;
  }
  return key.size() == int_len || key.back() != kZeroDigit;
}

Result<std::string> key_between(std::optional<std::string_view> a, std::optional<std::string_view> b) {
  if (a && !is_valid_fractional_index(*a)) return invalid_key(*a);
  if (b && !is_valid_fractional_index(*b)) return invalid_key(*b);
  if (a && b && *a >= *b) {
    return make_error(ErrorCode::kInvalidOp, "fractional index \"" + std::string(*a) + "\" is not below \"" +
                                                 std::string(*b) + "\"");
  }
  auto key = between(a, b);
  if (!key) return key;
  return checked(std::move(*key));
}

}  // namespace cc::model
