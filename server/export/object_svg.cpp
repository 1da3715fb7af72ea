#include "export/object_svg.hpp"

#include "export/style.hpp"
#include "export/svg_text.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <span>

namespace cc::exporting {
namespace {

using model::Kind;

constexpr double kMinStrokePx = 0.5;         // thinner outlines vanish, and with them outline-only shapes
constexpr double kMinReadableTextPx = 4;     // below this, text becomes a bar, as in the editor
constexpr double kAverageGlyphWidth = 0.55;  // in em
constexpr std::string_view kImagePlaceholder = "#dfe2e6";
constexpr std::string_view kDefaultFont = "system-ui, sans-serif";

void append_fill(std::string& out, Paint const& paint) {
  if (!paint.visible()) {
    append_attribute(out, "fill", "none");
    return;
  }
  append_attribute(out, "fill", paint.colour);
  if (paint.alpha < 1) append_attribute(out, "fill-opacity", paint.alpha);
}

// No attributes when there is no visible outline: SVG's default stroke is none.
void append_stroke(std::string& out, Paint const& paint, double width_px) {
  if (!paint.visible() || width_px <= 0) return;
  append_attribute(out, "stroke", paint.colour);
  append_attribute(out, "stroke-width", std::max(width_px, kMinStrokePx));
  if (paint.alpha < 1) append_attribute(out, "stroke-opacity", paint.alpha);
}

void append_points(std::string& out, std::span<Point const> points, Fit const& fit) {
  out.append(" points=\"");
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (i > 0) out.push_back(' ');
    append_number(out, fit.x(points[i].x));
    out.push_back(',');
    append_number(out, fit.y(points[i].y));
  }
  out.push_back('"');
}

// Evenly spaced points, first and last kept: a thumbnail cannot show more detail anyway.
std::vector<Point> thinned(std::vector<Point> points) {
  if (points.size() <= kMaxPolylinePoints) return points;
  std::vector<Point> kept;
  kept.reserve(kMaxPolylinePoints);
  for (std::size_t i = 0; i < kMaxPolylinePoints; ++i) {
    kept.push_back(points[i * (points.size() - 1) / (kMaxPolylinePoints - 1)]);
  }
  return kept;
}

void append_rect(std::string& out, Box const& box, Fit const& fit, double radius = 0) {
  out.append("<rect");
  append_attribute(out, "x", fit.x(box.x));
  append_attribute(out, "y", fit.y(box.y));
  append_attribute(out, "width", fit.length(box.w));
  append_attribute(out, "height", fit.length(box.h));
  if (radius > 0) {
    append_attribute(out, "rx", fit.length(radius));
    append_attribute(out, "ry", fit.length(radius));
  }
}

void append_star_points(std::string& out, model::Object const& object, Box const& box, Fit const& fit) {
  int const spikes = std::clamp(static_cast<int>(std::lround(number_prop(object, "spikes", 5))), 3, 100);
  double const inner = number_prop(object, "innerRatio", 0.5);
  Point const centre{box.x + box.w / 2, box.y + box.h / 2};
  std::vector<Point> points;
  points.reserve(static_cast<std::size_t>(spikes) * 2);
  for (int i = 0; i < spikes * 2; ++i) {
    double const r = i % 2 == 0 ? 1 : inner;
    double const a = -std::numbers::pi / 2 + i * std::numbers::pi / spikes;
    points.push_back({centre.x + std::cos(a) * box.w / 2 * r, centre.y + std::sin(a) * box.h / 2 * r});
  }
  append_points(out, points, fit);
}

void append_arrowhead(std::string& out, std::string_view head, Point from, Point tip,
                      model::Object const& object, Fit const& fit) {
  if (head == "none") return;
  Paint const colour = stroke_of(object);
  if (!colour.visible()) return;
  double const width = stroke_width_of(object);
  if (head == "dot") {
    out.append("<circle");
    append_attribute(out, "cx", fit.x(tip.x));
    append_attribute(out, "cy", fit.y(tip.y));
    append_attribute(out, "r", fit.length(std::max(3.0, width * 1.5)));
    append_fill(out, colour);
    out.append("/>");
    return;
  }
  double const angle = std::atan2(tip.y - from.y, tip.x - from.x);
  double const size = arrowhead_size(object);
  Point const left{tip.x - size * std::cos(angle - std::numbers::pi / 7),
                   tip.y - size * std::sin(angle - std::numbers::pi / 7)};
  Point const right{tip.x - size * std::cos(angle + std::numbers::pi / 7),
                    tip.y - size * std::sin(angle + std::numbers::pi / 7)};
  Point const points[] = {left, tip, right};
  bool const filled = head == "triangle";
  out.append(filled ? "<polygon" : "<polyline");
  append_points(out, points, fit);
  if (filled) {
    append_fill(out, colour);
  } else {
    append_attribute(out, "fill", "none");
  }
  append_stroke(out, colour, fit.length(width));
  out.append("/>");
}

void append_polyline(std::string& out, model::Object const& object, Fit const& fit) {
  auto const all = polyline_points(object);
  if (all.size() < 2) return;
  auto const points = thinned(all);
  bool const closed = object.kind == Kind::kPath && object.props.contains("closed") &&
                      object.props.at("closed").is_bool() && object.props.at("closed").get_bool();
  out.append(closed ? "<polygon" : "<polyline");
  append_points(out, points, fit);
  if (closed) {
    append_fill(out, fill_of(object));
  } else {
    append_attribute(out, "fill", "none");
  }
  append_stroke(out, stroke_of(object), fit.length(stroke_width_of(object)));
  out.append(" stroke-linecap=\"round\" stroke-linejoin=\"round\"/>");
  if (object.kind == Kind::kPath) return;
  std::string_view const end =
      string_prop(object, "endArrow", object.kind == Kind::kArrow ? "arrow" : "none");
  std::string_view const start = string_prop(object, "startArrow", "none");
  append_arrowhead(out, end, all[all.size() - 2], all.back(), object, fit);
  append_arrowhead(out, start, all[1], all.front(), object, fit);
}

// The first line of text, at most max_chars characters, "…" when cut.
std::string first_characters(std::string_view text, std::size_t max_chars) {
  std::size_t end = 0;
  std::size_t chars = 0;
  while (end < text.size() && text[end] != '\n' && text[end] != '\r') {
    if ((static_cast<unsigned char>(text[end]) & 0xC0) != 0x80) {
      if (chars == max_chars) break;
      ++chars;
    }
    ++end;
  }
  std::string shown(text.substr(0, end));
  if (end < text.size()) shown.append("\xE2\x80\xA6");
  return shown;
}

void append_text(std::string& out, model::Object const& object, Box const& box, Fit const& fit) {
  std::string_view const text = string_prop(object, "text", "");
  if (text.empty()) return;
  Paint const colour = text_colour_of(object);
  if (!colour.visible()) return;
  double const font_size = number_prop(object, "fontSize", 24);
  // About as many characters as fit the box's width (an average glyph is ~0.55 em wide).
  double const fitting = std::floor(box.w / (font_size * kAverageGlyphWidth));
  std::size_t const max_chars =
      std::clamp(static_cast<std::size_t>(std::max(fitting, 1.0)), std::size_t{1}, kMaxTextChars);
  std::string const shown = first_characters(text, max_chars);
  std::string_view const align = string_prop(object, "textAlign", "left");
  if (fit.length(font_size) < kMinReadableTextPx) {
    double const bar_w = std::min(box.w, static_cast<double>(shown.size()) * font_size * kAverageGlyphWidth);
    double const bar_x = align == "left"    ? box.x
                         : align == "right" ? box.x + box.w - bar_w
                                            : box.x + (box.w - bar_w) / 2;
    append_rect(out, {bar_x, box.y + font_size * 0.3, bar_w, font_size * 0.6}, fit);
    append_fill(out, Paint{colour.colour, colour.alpha * 0.35});
    out.append("/>");
    return;
  }
  double const x = align == "left" ? box.x : align == "right" ? box.x + box.w : box.x + box.w / 2;
  out.append("<text");
  append_attribute(out, "x", fit.x(x));
  append_attribute(out, "y", fit.y(box.y + font_size));  // the first line's baseline, roughly
  append_attribute(out, "font-size", fit.length(font_size));
  append_attribute(out, "font-family", string_prop(object, "fontFamily", kDefaultFont));
  append_attribute(out, "text-anchor", align == "left" ? "start" : align == "right" ? "end" : "middle");
  append_fill(out, colour);
  out.push_back('>');
  append_escaped(out, shown);
  out.append("</text>");
}

void append_shape(std::string& out, model::Object const& object, Box const& box, Fit const& fit) {
  double const stroke_px = fit.length(stroke_width_of(object));
  switch (object.kind) {
    case Kind::kRect: {
      double const radius = std::min({number_prop(object, "cornerRadius", 0), box.w / 2, box.h / 2});
      append_rect(out, box, fit, radius);
      break;
    }
    case Kind::kEllipse:
      out.append("<ellipse");
      append_attribute(out, "cx", fit.x(box.x + box.w / 2));
      append_attribute(out, "cy", fit.y(box.y + box.h / 2));
      append_attribute(out, "rx", fit.length(box.w / 2));
      append_attribute(out, "ry", fit.length(box.h / 2));
      break;
    case Kind::kTriangle: {
      out.append("<polygon");
      Point const points[] = {
          {box.x + box.w / 2, box.y}, {box.x + box.w, box.y + box.h}, {box.x, box.y + box.h}};
      append_points(out, points, fit);
      break;
    }
    case Kind::kStar:
      out.append("<polygon");
      append_star_points(out, object, box, fit);
      break;
    case Kind::kSticky:
    case Kind::kFrame:
      append_rect(out, box, fit);
      break;
    case Kind::kImage:
      append_rect(out, box, fit);
      append_fill(out, parse_paint(kImagePlaceholder));
      out.append("/>");
      return;
    default:
      return;
  }
  append_fill(out, fill_of(object));
  append_stroke(out, stroke_of(object), stroke_px);
  out.append("/>");
}

}  // namespace

void append_object_svg(std::string& out, model::Object const& object, Fit const& fit) {
  double const opacity = std::clamp(number_prop(object, "opacity", 1), 0.0, 1.0);
  if (opacity <= 0) return;
  Box const box = local_box(object);
  double const rotation = number_prop(object, "rotation", 0);

  // Rotation and opacity apply to everything the object draws (an arrow's heads too), so
  // they go on a group around it.
  bool const grouped = rotation != 0 || opacity < 1;
  if (grouped) {
    out.append("<g");
    if (rotation != 0) {
      double const degrees = std::fmod(rotation, 2 * std::numbers::pi) * 180 / std::numbers::pi;
      out.append(" transform=\"rotate(");
      append_number(out, degrees);
      out.push_back(' ');
      append_number(out, fit.x(box.x + box.w / 2));
      out.push_back(' ');
      append_number(out, fit.y(box.y + box.h / 2));
      out.append(")\"");
    }
    if (opacity < 1) append_attribute(out, "opacity", opacity);
    out.push_back('>');
  }
  if (is_polyline(object.kind)) {
    append_polyline(out, object, fit);
  } else if (object.kind == Kind::kText) {
    append_text(out, object, box, fit);
  } else {
    append_shape(out, object, box, fit);
  }
  if (grouped) out.append("</g>");
}

}  // namespace cc::exporting
