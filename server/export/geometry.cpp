#include "export/geometry.hpp"

#include "export/style.hpp"
#include "model/json_number.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace cc::exporting {
namespace {

using model::as_number;

Point rotate(Point p, Point around, double angle) noexcept {
  double const c = std::cos(angle);
  double const s = std::sin(angle);
  double const dx = p.x - around.x;
  double const dy = p.y - around.y;
  return {around.x + dx * c - dy * s, around.y + dx * s + dy * c};
}

}  // namespace

double number_prop(model::Object const& object, std::string_view key, double fallback) {
  auto const* value = object.props.if_contains(key);
  if (!value) return fallback;
  auto const n = as_number(*value);
  return n && std::isfinite(*n) ? *n : fallback;
}

bool is_polyline(model::Kind kind) noexcept {
  return kind == model::Kind::kLine || kind == model::Kind::kArrow || kind == model::Kind::kPath;
}

std::vector<Point> polyline_points(model::Object const& object) {
  std::vector<Point> points;
  auto const* value = object.props.if_contains("points");
  auto const* array = value ? value->if_array() : nullptr;
  if (!array) return points;
  double const x = number_prop(object, "x", 0);
  double const y = number_prop(object, "y", 0);
  points.reserve(array->size() / 2);
  for (std::size_t i = 0; i + 1 < array->size(); i += 2) {
    auto const px = as_number((*array)[i]);
    auto const py = as_number((*array)[i + 1]);
    if (!px || !py) continue;
    points.push_back({x + *px, y + *py});
  }
  return points;
}

Box local_box(model::Object const& object) {
  double const x = number_prop(object, "x", 0);
  double const y = number_prop(object, "y", 0);
  if (!is_polyline(object.kind)) {
    return {x, y, number_prop(object, "w", kDefaultObjectSize), number_prop(object, "h", kDefaultObjectSize)};
  }
  auto const points = polyline_points(object);
  if (points.empty()) return {x, y, 0, 0};
  double min_x = std::numeric_limits<double>::infinity();
  double min_y = min_x;
  double max_x = -min_x;
  double max_y = -min_x;
  for (Point const& p : points) {
    min_x = std::min(min_x, p.x);
    min_y = std::min(min_y, p.y);
    max_x = std::max(max_x, p.x);
    max_y = std::max(max_y, p.y);
  }
  return {min_x, min_y, max_x - min_x, max_y - min_y};
}

Box world_bounds(model::Object const& object) {
  Box box = local_box(object);
  double const angle = number_prop(object, "rotation", 0);
  if (angle != 0) {
    Point const centre{box.x + box.w / 2, box.y + box.h / 2};
    Point const corners[] = {
        {box.x, box.y}, {box.x + box.w, box.y}, {box.x + box.w, box.y + box.h}, {box.x, box.y + box.h}};
    double min_x = std::numeric_limits<double>::infinity();
    double min_y = min_x;
    double max_x = -min_x;
    double max_y = -min_x;
    for (Point const& corner : corners) {
      Point const p = rotate(corner, centre, angle);
      min_x = std::min(min_x, p.x);
      min_y = std::min(min_y, p.y);
      max_x = std::max(max_x, p.x);
      max_y = std::max(max_y, p.y);
    }
    box = {min_x, min_y, max_x - min_x, max_y - min_y};
  }
  double pad = stroke_width_of(object) / 2;
  if (object.kind == model::Kind::kLine || object.kind == model::Kind::kArrow) {
    pad += arrowhead_size(object);
  }
  return {box.x - pad, box.y - pad, box.w + 2 * pad, box.h + 2 * pad};
}

Box unite(std::optional<Box> const& a, Box const& b) {
  if (!a) return b;
  double const x = std::min(a->x, b.x);
  double const y = std::min(a->y, b.y);
  double const right = std::max(a->x + a->w, b.x + b.w);
  double const bottom = std::max(a->y + a->h, b.y + b.h);
  return {x, y, right - x, bottom - y};
}

Fit fit_box(Box const& content, double width, double height, double margin) {
  double const room_w = std::max(width - 2 * margin, 1.0);
  double const room_h = std::max(height - 2 * margin, 1.0);
  double scale = 1;
  if (content.w > 0 && content.h > 0) {
    scale = std::min(room_w / content.w, room_h / content.h);
  } else if (content.w > 0) {
    scale = room_w / content.w;
  } else if (content.h > 0) {
    scale = room_h / content.h;
  }
  double const centre_x = content.x + content.w / 2;
  double const centre_y = content.y + content.h / 2;
  return {scale, width / 2 - centre_x * scale, height / 2 - centre_y * scale};
}

}  // namespace cc::exporting
