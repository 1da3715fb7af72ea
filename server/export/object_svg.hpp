// Draws one board object as SVG elements, in picture pixels: the shapes of a thumbnail.
// Detail is what reads at thumbnail size: shapes with their fill and outline, polylines
// (thinned to at most 128 points), text as the first characters of its first line that fit
// its box or, too small to read, a grey bar; images are grey placeholders (their data is not copied into the
// picture).
#pragma once

#include "export/geometry.hpp"
#include "model/object.hpp"

#include <string>

namespace cc::exporting {

inline constexpr std::size_t kMaxPolylinePoints = 128;
inline constexpr std::size_t kMaxTextChars = 40;

void append_object_svg(std::string& out, model::Object const& object, Fit const& fit);

}  // namespace cc::exporting
