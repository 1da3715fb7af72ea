// Where objects are: their boxes in board coordinates, and the mapping that fits a board
// into a picture. Mirrors the web client's model/geometry.ts: boxed kinds occupy
// (x, y, w, h) with w and h 100 when absent; line, arrow and path carry points relative to
// (x, y); every object rotates by `rotation` radians around the centre of its box.
#pragma once

#include "model/object.hpp"

#include <optional>
#include <string_view>
#include <vector>

namespace cc::exporting {

inline constexpr double kDefaultObjectSize = 100;

struct Point {
  double x = 0;
  double y = 0;
};

struct Box {
  double x = 0;
  double y = 0;
  double w = 0;
  double h = 0;
};

// A number property, or fallback when absent (props are validated, so present means finite).
double number_prop(model::Object const& object, std::string_view key, double fallback);

// A polyline's points in board coordinates (points are stored relative to x, y).
std::vector<Point> polyline_points(model::Object const& object);

bool is_polyline(model::Kind kind) noexcept;

// The unrotated box: (x, y, w, h), or the bounds of a polyline's points.
Box local_box(model::Object const& object);

// What the object covers on the board: its box rotated, widened by half its stroke (and by
// arrowheads), axis-aligned.
Box world_bounds(model::Object const& object);

// The smallest box holding both (an empty optional holds nothing).
Box unite(std::optional<Box> const& a, Box const& b);

// Maps board coordinates to picture pixels: uniform scale, then a shift.
struct Fit {
  double scale = 1;
  double offset_x = 0;
  double offset_y = 0;

  double x(double board_x) const noexcept { return board_x * scale + offset_x; }
  double y(double board_y) const noexcept { return board_y * scale + offset_y; }
  double length(double board_length) const noexcept { return board_length * scale; }
};

// Scales content as large as fits in width x height less margin on every side, aspect ratio
// kept, and centres it. A content box with no width or height (a single horizontal line, a
// point) is scaled by the extent it has, or shown at scale 1 when it has none.
Fit fit_box(Box const& content, double width, double height, double margin);

}  // namespace cc::exporting
