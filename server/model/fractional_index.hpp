// Fractional indices for stacking order: strings that sort between any two others, so two
// people inserting at the same place never need to renumber anything. Keys are compatible
// with the npm package "fractional-indexing" (base-62 digits, an integer head 'a'..'z' /
// 'A'..'Z' giving the length of the integer part), so client and server agree.
#pragma once

#include "base/error.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace cc::model {

inline constexpr std::size_t kMaxZLength = 128;

// True if key is a well-formed key (what "z" must be).
bool is_valid_fractional_index(std::string_view key) noexcept;

// A key strictly between a and b (either may be absent: before the first, after the last).
// REQUIRES: a < b when both given, both valid.
Result<std::string> key_between(std::optional<std::string_view> a, std::optional<std::string_view> b);

}  // namespace cc::model
