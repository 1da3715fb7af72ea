// The kinds of object a board can hold. Any other kind is rejected.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace cc::model {

enum class Kind : std::uint8_t {
  kRect,
  kEllipse,
  kTriangle,
  kStar,
  kLine,
  kArrow,
  kPath,
  kText,
  kSticky,
  kImage,
  kFrame,
};

std::optional<Kind> parse_kind(std::string_view name) noexcept;
std::string_view to_string(Kind kind) noexcept;

}  // namespace cc::model
