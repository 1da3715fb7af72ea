#include "model/kind.hpp"

#include <array>
#include <utility>

namespace cc::model {
namespace {

constexpr std::array<std::pair<std::string_view, Kind>, 11> kKindNames{{
    {"rect", Kind::kRect},
    {"ellipse", Kind::kEllipse},
    {"triangle", Kind::kTriangle},
    {"star", Kind::kStar},
    {"line", Kind::kLine},
    {"arrow", Kind::kArrow},
    {"path", Kind::kPath},
    {"text", Kind::kText},
    {"sticky", Kind::kSticky},
    {"image", Kind::kImage},
    {"frame", Kind::kFrame},
}};

}  // namespace

std::optional<Kind> parse_kind(std::string_view name) noexcept {
  for (auto const& [text, kind] : kKindNames) {
    if (text == name) return kind;
  }
  return std::nullopt;
}

std::string_view to_string(Kind kind) noexcept {
  for (auto const& [text, k] : kKindNames) {
    if (k == kind) return text;
  }
  return "rect";
}

}  // namespace cc::model
