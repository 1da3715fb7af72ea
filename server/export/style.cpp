#include "export/style.hpp"

#include "export/geometry.hpp"

#include <algorithm>

namespace cc::exporting {
namespace {

constexpr std::string_view kInk = "#1e1e1e";
constexpr std::string_view kStickyYellow = "#fff3a3";
constexpr std::string_view kFrameFill = "#ffffff";
constexpr std::string_view kFrameStroke = "#c9ccd1";

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool all_hex(std::string_view s) noexcept {
  return std::all_of(s.begin(), s.end(), [](char c) { return hex_value(c) >= 0; });
}

}  // namespace

Paint parse_paint(std::string_view colour) {
  if (colour == "transparent") return {"", 0};
  if (colour.size() == 5 && colour[0] == '#' && all_hex(colour.substr(1))) {
    return {std::string(colour.substr(0, 4)), hex_value(colour[4]) / 15.0};
  }
  if (colour.size() == 9 && colour[0] == '#' && all_hex(colour.substr(1))) {
    return {std::string(colour.substr(0, 7)), (hex_value(colour[7]) * 16 + hex_value(colour[8])) / 255.0};
  }
  // Anything else is passed on; the writer escapes it like any other text.
  return {std::string(colour), 1};
}

std::string_view string_prop(model::Object const& object, std::string_view key, std::string_view fallback) {
  auto const* value = object.props.if_contains(key);
  auto const* text = value ? value->if_string() : nullptr;
  return text ? std::string_view(*text) : fallback;
}

Paint fill_of(model::Object const& object) {
  std::string_view fallback = "transparent";
  if (object.kind == model::Kind::kSticky) fallback = kStickyYellow;
  if (object.kind == model::Kind::kText) fallback = kInk;
  if (object.kind == model::Kind::kFrame) fallback = kFrameFill;
  return parse_paint(string_prop(object, "fill", fallback));
}

Paint stroke_of(model::Object const& object) {
  return parse_paint(string_prop(object, "stroke", object.kind == model::Kind::kFrame ? kFrameStroke : kInk));
}

double stroke_width_of(model::Object const& object) {
  switch (object.kind) {
    case model::Kind::kText:
    case model::Kind::kSticky:
    case model::Kind::kImage:
      return 0;
    case model::Kind::kFrame:
      return number_prop(object, "strokeWidth", 1);
    default:
      return number_prop(object, "strokeWidth", 2);
  }
}

Paint text_colour_of(model::Object const& object) {
  if (object.kind == model::Kind::kText) return fill_of(object);
  return parse_paint(kInk);
}

double arrowhead_size(model::Object const& object) {
  if (object.kind != model::Kind::kLine && object.kind != model::Kind::kArrow) return 0;
  std::string_view const start = string_prop(object, "startArrow", "none");
  std::string_view const end =
      string_prop(object, "endArrow", object.kind == model::Kind::kArrow ? "arrow" : "none");
  if (start == "none" && end == "none") return 0;
  return std::max(10.0, stroke_width_of(object) * 4);
}

}  // namespace cc::exporting
