#include "model/properties.hpp"

#include "base/ids.hpp"
#include "model/fractional_index.hpp"
#include "model/json_number.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <span>
#include <string>

namespace cc::model {
namespace {

using KindMask = std::uint16_t;

constexpr KindMask bit(Kind kind) noexcept {
  return static_cast<KindMask>(1u << static_cast<unsigned>(kind));
}

constexpr KindMask kRect = bit(Kind::kRect);
constexpr KindMask kEllipse = bit(Kind::kEllipse);
constexpr KindMask kTriangle = bit(Kind::kTriangle);
constexpr KindMask kStar = bit(Kind::kStar);
constexpr KindMask kLine = bit(Kind::kLine);
constexpr KindMask kArrow = bit(Kind::kArrow);
constexpr KindMask kPath = bit(Kind::kPath);
constexpr KindMask kText = bit(Kind::kText);
constexpr KindMask kSticky = bit(Kind::kSticky);
constexpr KindMask kImage = bit(Kind::kImage);
constexpr KindMask kFrame = bit(Kind::kFrame);

constexpr KindMask kAll =
    kRect | kEllipse | kTriangle | kStar | kLine | kArrow | kPath | kText | kSticky | kImage | kFrame;
constexpr KindMask kPolys = kLine | kArrow | kPath;  // shapes made of points, not a box
constexpr KindMask kBoxed = kAll & ~kPolys;
constexpr KindMask kFilled = kRect | kEllipse | kTriangle | kStar | kFrame | kSticky | kPath | kText;
constexpr KindMask kStroked = kAll & ~(kText | kSticky | kImage);
constexpr KindMask kTextBearing = kText | kSticky | kRect | kEllipse | kTriangle | kStar;

enum class Type : std::uint8_t {
  kNumber,   // finite, min..max
  kInteger,  // a whole number, min..max
  kBool,
  kColour,  // #rgb, #rgba, #rrggbb, #rrggbbaa or "transparent"
  kIndex,   // a fractional index
  kId,      // an object id
  kString,  // at most Limits::max_string_bytes bytes, and min_chars..max_chars if max_chars > 0
  kEnum,    // one of choices
  kPoints,  // flat x,y numbers, each min..max
};

constexpr std::string_view kHorizontalAligns[] = {"left", "center", "right"};
constexpr std::string_view kVerticalAligns[] = {"top", "middle", "bottom"};
constexpr std::string_view kArrowHeads[] = {"none", "arrow", "triangle", "dot"};

constexpr double kMaxXY = 1e9;  // coordinates: far beyond any canvas, well inside double precision

struct PropSpec {
  std::string_view name;
  Type type;
  KindMask kinds;         // the kinds that allow the property
  KindMask required = 0;  // the kinds whose put must carry it (and whose set cannot remove it)
  double min = 0;
  double max = 0;
  std::size_t min_chars = 0;
  std::size_t max_chars = 0;
  std::string_view prefix{};
  std::span<std::string_view const> choices{};
};

// The property table, one property per line. Adding a property is adding a line here (and a
// row in the docs).
// clang-format off
constexpr PropSpec kProps[] = {
    {.name = "x", .type = Type::kNumber, .kinds = kAll, .required = kAll, .min = -kMaxXY, .max = kMaxXY},
    {.name = "y", .type = Type::kNumber, .kinds = kAll, .required = kAll, .min = -kMaxXY, .max = kMaxXY},
    {.name = "rotation", .type = Type::kNumber, .kinds = kAll, .min = -1e6, .max = 1e6},
    {.name = "opacity", .type = Type::kNumber, .kinds = kAll, .min = 0, .max = 1},
    {.name = "z", .type = Type::kIndex, .kinds = kAll},
    {.name = "parent", .type = Type::kId, .kinds = kAll},
    {.name = "locked", .type = Type::kBool, .kinds = kAll},
    {.name = "w", .type = Type::kNumber, .kinds = kBoxed, .min = 0, .max = 1e7},
    {.name = "h", .type = Type::kNumber, .kinds = kBoxed, .min = 0, .max = 1e7},
    {.name = "fill", .type = Type::kColour, .kinds = kFilled},
    {.name = "stroke", .type = Type::kColour, .kinds = kStroked},
    {.name = "strokeWidth", .type = Type::kNumber, .kinds = kStroked, .min = 0, .max = 1000},
    {.name = "cornerRadius", .type = Type::kNumber, .kinds = kRect, .min = 0, .max = 1e6},
    {.name = "spikes", .type = Type::kInteger, .kinds = kStar, .min = 3, .max = 100},
    {.name = "innerRatio", .type = Type::kNumber, .kinds = kStar, .min = 0.05, .max = 1},
    {.name = "text", .type = Type::kString, .kinds = kTextBearing},
    {.name = "fontSize", .type = Type::kNumber, .kinds = kTextBearing, .min = 1, .max = 10000},
    {.name = "fontFamily", .type = Type::kString, .kinds = kTextBearing, .min_chars = 1, .max_chars = 128},
    {.name = "textAlign", .type = Type::kEnum, .kinds = kTextBearing, .choices = kHorizontalAligns},
    {.name = "verticalAlign", .type = Type::kEnum, .kinds = kTextBearing, .choices = kVerticalAligns},
    {.name = "points", .type = Type::kPoints, .kinds = kPolys, .required = kPolys, .min = -kMaxXY, .max = kMaxXY},
    {.name = "startArrow", .type = Type::kEnum, .kinds = kLine | kArrow, .choices = kArrowHeads},
    {.name = "endArrow", .type = Type::kEnum, .kinds = kLine | kArrow, .choices = kArrowHeads},
    {.name = "closed", .type = Type::kBool, .kinds = kPath},
    {.name = "src", .type = Type::kString, .kinds = kImage, .prefix = "data:image/"},
    {.name = "alt", .type = Type::kString, .kinds = kImage, .max_chars = 1024},
    {.name = "name", .type = Type::kString, .kinds = kFrame, .max_chars = 1024},
};
// clang-format on

constexpr std::size_t kPropCount = std::size(kProps);
using PropMask = std::uint32_t;  // one bit per row of kProps
static_assert(kPropCount <= 32, "PropMask needs more bits");

// Per kind, the rows its put must carry.
constexpr std::array<PropMask, 11> make_required_masks() {
  std::array<PropMask, 11> masks{};
  for (std::size_t k = 0; k < masks.size(); ++k) {
    for (std::size_t i = 0; i < kPropCount; ++i) {
      if (kProps[i].required & (1u << k)) masks[k] |= PropMask{1} << i;
    }
  }
  return masks;
}
constexpr std::array<PropMask, 11> kRequired = make_required_masks();

constexpr std::string_view kKindList =
    "rect, ellipse, triangle, star, line, arrow, path, text, sticky, image, frame";

PropSpec const* find_prop(std::string_view name, std::size_t& index) noexcept {
  for (std::size_t i = 0; i < kPropCount; ++i) {
    if (kProps[i].name == name) {
      index = i;
      return &kProps[i];
    }
  }
  return nullptr;
}

std::string format_number(double v) {
  char buf[64];
  auto const r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  return std::string(buf, r.ptr);
}

std::size_t count_chars(std::string_view s) noexcept {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

bool is_hex(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool is_colour(std::string_view s) noexcept {
  if (s == "transparent") return true;
  if (s.size() != 4 && s.size() != 5 && s.size() != 7 && s.size() != 9) return false;
  if (s[0] != '#') return false;
  for (char c : s.substr(1)) {
    if (!is_hex(c)) return false;
  }
  return true;
}

Error invalid(std::string message) { return make_error(ErrorCode::kInvalidOp, std::move(message)); }

std::string range_text(PropSpec const& spec) {
  return format_number(spec.min) + " to " + format_number(spec.max);
}

Status check_number(PropSpec const& spec, boost::json::value const& v) {
  auto const n = as_number(v);
  if (!n) return invalid(std::string(spec.name) + " must be a number");
  if (!std::isfinite(*n)) return invalid(std::string(spec.name) + " must be finite");
  if (*n < spec.min || *n > spec.max)
    return invalid(std::string(spec.name) + " must be from " + range_text(spec));
  return {};
}

Status check_integer(PropSpec const& spec, boost::json::value const& v) {
  auto const n = as_number(v);
  // 5.0 is a whole number even though it arrived as a double.
  if (!n || !std::isfinite(*n) || std::trunc(*n) != *n) {
    return invalid(std::string(spec.name) + " must be an integer");
  }
  if (*n < spec.min || *n > spec.max)
    return invalid(std::string(spec.name) + " must be from " + range_text(spec));
  return {};
}

Status check_string(PropSpec const& spec, std::string_view s) {
  if (spec.max_chars > 0 || spec.min_chars > 0) {
    std::size_t const chars = count_chars(s);
    if (spec.max_chars > 0 && chars > spec.max_chars) {
      return make_error(ErrorCode::kTooLarge, std::string(spec.name) + " is " + std::to_string(chars) +
                                                  " characters; the limit is " +
                                                  std::to_string(spec.max_chars));
    }
    if (chars < spec.min_chars) {
      return invalid(std::string(spec.name) + " must be at least " + std::to_string(spec.min_chars) +
                     " character" + (spec.min_chars == 1 ? "" : "s"));
    }
  }
  if (!s.starts_with(spec.prefix)) {
    return invalid(std::string(spec.name) + " must start with \"" + std::string(spec.prefix) + "\"");
  }
  return {};
}

Status check_enum(PropSpec const& spec, std::string_view s) {
  for (std::string_view choice : spec.choices) {
    if (choice == s) return {};
  }
  std::string message = std::string(spec.name) + " must be one of ";
  for (std::size_t i = 0; i < spec.choices.size(); ++i) {
    if (i > 0) message.append(", ");
    message.append(spec.choices[i]);
  }
  return invalid(std::move(message));
}

Status check_points(PropSpec const& spec, boost::json::value const& v, Limits const& limits) {
  auto const* points = v.if_array();
  if (!points) return invalid(std::string(spec.name) + " must be an array of numbers");
  std::size_t const n = points->size();
  if (n > limits.max_points) {
    return make_error(ErrorCode::kTooLarge, std::string(spec.name) + " holds " + std::to_string(n) +
                                                " numbers; the limit is " +
                                                std::to_string(limits.max_points));
  }
  if (n % 2 != 0) return invalid(std::string(spec.name) + " must hold x,y pairs (an even count of numbers)");
  if (n < 4) return invalid(std::string(spec.name) + " must hold at least 2 points (4 numbers)");
  for (std::size_t i = 0; i < n; ++i) {
    auto const p = as_number((*points)[i]);
    if (!p || !std::isfinite(*p) || *p < spec.min || *p > spec.max) {
      return invalid(std::string(spec.name) + "[" + std::to_string(i) + "] must be a finite number from " +
                     range_text(spec));
    }
  }
  return {};
}

Status check_value(PropSpec const& spec, boost::json::value const& v, Limits const& limits) {
  // The size limit holds for every string, whatever else the property wants of it.
  if (auto const* s = v.if_string(); s && s->size() > limits.max_string_bytes) {
    return make_error(ErrorCode::kTooLarge, std::string(spec.name) + " is " + std::to_string(s->size()) +
                                                " bytes; the limit is " +
                                                std::to_string(limits.max_string_bytes));
  }
  switch (spec.type) {
    case Type::kNumber:
      return check_number(spec, v);
    case Type::kInteger:
      return check_integer(spec, v);
    case Type::kBool:
      if (!v.is_bool()) return invalid(std::string(spec.name) + " must be true or false");
      return {};
    case Type::kColour:
      if (auto const* s = v.if_string(); s && is_colour(*s)) return {};
      return invalid(std::string(spec.name) +
                     " must be a colour (#rgb, #rgba, #rrggbb, #rrggbbaa or transparent)");
    case Type::kIndex:
      if (auto const* s = v.if_string(); s && is_valid_fractional_index(*s)) return {};
      return invalid(std::string(spec.name) + " must be a fractional index such as \"a0\"");
    case Type::kId: {
      auto const* s = v.if_string();
      if (!s || !is_valid_id(*s)) {
        return make_error(
            ErrorCode::kInvalidId,
            std::string(spec.name) + " must be an object id: 1 to 64 characters of A-Z a-z 0-9 _ -");
      }
      return {};
    }
    case Type::kString: {
      auto const* s = v.if_string();
      if (!s) return invalid(std::string(spec.name) + " must be a string");
      return check_string(spec, *s);
    }
    case Type::kEnum: {
      auto const* s = v.if_string();
      if (!s) return check_enum(spec, {});
      return check_enum(spec, *s);
    }
    case Type::kPoints:
      return check_points(spec, v, limits);
  }
  return invalid(std::string(spec.name) + " has an unknown type");
}

}  // namespace

Status check_props(boost::json::object const& props, std::optional<Kind> kind, PropsMode mode,
                   Limits const& limits) {
  // A Kind made by a cast rather than by parse_kind would index past the tables.
  if (kind && static_cast<std::size_t>(*kind) >= kRequired.size()) return invalid("kind is unknown");
  KindMask const kind_bit = kind ? bit(*kind) : kAll;
  PropMask seen = 0;
  for (auto const& entry : props) {
    std::size_t index = 0;
    PropSpec const* spec = find_prop(entry.key(), index);
    if (!spec) return invalid("property " + quoted(entry.key()) + " is unknown");
    if (!(spec->kinds & kind_bit)) {
      // Without a kind, kind_bit holds every kind, so this only fires for a known kind.
      return invalid("property " + quoted(entry.key()) + " is not allowed on " +
                     std::string(to_string(*kind)));
    }
    if (entry.value().is_null()) {
      if (mode == PropsMode::kPut) {
        return invalid(std::string(spec->name) + " cannot be null in a put; leave it out instead");
      }
      if (spec->required & kind_bit) {
        return invalid(std::string(spec->name) + " is required and cannot be removed");
      }
      continue;
    }
    if (auto st = check_value(*spec, entry.value(), limits); !st) return st;
    seen |= PropMask{1} << index;
  }
  if (mode == PropsMode::kPut && kind) {
    PropMask const missing = kRequired[static_cast<std::size_t>(*kind)] & ~seen;
    if (missing != 0) {
      for (std::size_t i = 0; i < kPropCount; ++i) {
        if (missing & (PropMask{1} << i)) {
          return invalid("property \"" + std::string(kProps[i].name) + "\" is required on " +
                         std::string(to_string(*kind)));
        }
      }
    }
  }
  return {};
}

std::string_view kind_list() noexcept { return kKindList; }

std::string quoted(std::string_view text) {
  constexpr std::size_t kMaxEcho = 64;
  std::string out = "\"";
  if (text.size() <= kMaxEcho) {
    out.append(text);
  } else {
    std::size_t cut = kMaxEcho;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    out.append(text.substr(0, cut));
    out.append("...");
  }
  out.push_back('"');
  return out;
}

}  // namespace cc::model
