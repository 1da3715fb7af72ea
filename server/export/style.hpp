// How objects look when a property is absent, and colours in the form SVG 1.1 renderers
// understand. The defaults mirror the web client's model/defaults.ts, so a thumbnail looks
// like the board does in the editor.
#pragma once

#include "model/object.hpp"

#include <string>
#include <string_view>

namespace cc::exporting {

// A colour split into an opaque colour and an alpha: "#rrggbbaa" and "#rgba" become
// "#rrggbb"/"#rgb" with alpha, which older SVG renderers need; "transparent" has alpha 0.
struct Paint {
  std::string colour;
  double alpha = 1;

  bool visible() const noexcept { return alpha > 0 && !colour.empty(); }
};

Paint parse_paint(std::string_view colour);

// The fill and stroke an object is drawn with, its own or its kind's default.
Paint fill_of(model::Object const& object);
Paint stroke_of(model::Object const& object);

// The stroke width in board units: its own, or the kind's default (1 for frames, 2 for the
// rest); 0 for kinds drawn without an outline (text, sticky, image).
double stroke_width_of(model::Object const& object);

// The colour of an object's text: fill for text objects, dark ink on everything else.
Paint text_colour_of(model::Object const& object);

// A line's or arrow's arrowhead length in board units, 0 without heads ("arrow" kinds end
// in one unless told otherwise).
double arrowhead_size(model::Object const& object);

// A string property, or fallback when absent.
std::string_view string_prop(model::Object const& object, std::string_view key, std::string_view fallback);

}  // namespace cc::exporting
