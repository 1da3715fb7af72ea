// A small picture of a board, as an SVG document: for board lists and link previews. The
// board's objects, fitted into the picture with a margin and drawn in stacking order.
//
// Pure code: no I/O. The size of the output is bounded by max_objects (each object draws a
// few elements; polylines are thinned), not by the size of the board.
#pragma once

#include "model/board.hpp"

#include <cstddef>
#include <string>

namespace cc::exporting {

struct ThumbnailOptions {
  int width = 320;  // pixels; values below 1 count as 1
  int height = 200;
  std::size_t max_objects = 2000;  // beyond this, only the largest are drawn
  std::string background = "#ffffff";
};

// The margin kept free around the content: 5% of the picture's shorter side.
inline constexpr double kThumbnailMarginRatio = 0.05;

// A well-formed SVG document of options.width x options.height pixels. The bounding box of
// all objects is scaled to fit, aspect ratio kept, and centred. Objects are drawn in (z, id)
// order (docs/MODEL.md, Stacking order); when there are more than max_objects, the
// max_objects largest by area are drawn, still in that order. An empty board is just the
// background.
std::string render_thumbnail_svg(model::Board const& board, ThumbnailOptions const& options = {});

}  // namespace cc::exporting
