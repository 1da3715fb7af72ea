#include "export/thumbnail_svg.hpp"

#include "export/geometry.hpp"
#include "export/object_svg.hpp"
#include "export/style.hpp"
#include "export/svg_text.hpp"

#include <algorithm>
#include <numeric>
#include <optional>
#include <string_view>
#include <vector>

namespace cc::exporting {
namespace {

struct Item {
  std::string_view z;  // empty without z: sorts first
  std::string const* id;
  model::Object const* object;
  Box bounds;
};

std::string_view z_of(model::Object const& object) {
  if (auto const* z = object.props.if_contains("z")) {
    if (auto const* s = z->if_string()) return *s;
  }
  return {};
}

double area(Box const& box) { return box.w * box.h; }

// The objects in stacking order: z bytewise (string_view compares as unsigned char, the order
// clients use), then id; the same order as Board::to_json.
std::vector<Item> stacked(model::Board const& board) {
  std::vector<Item> items;
  items.reserve(board.size());
  for (auto const& [id, object] : board.objects()) {
    items.push_back({z_of(object), &id, &object, world_bounds(object)});
  }
  std::sort(items.begin(), items.end(), [](Item const& a, Item const& b) {
    if (a.z != b.z) return a.z < b.z;
    return *a.id < *b.id;
  });
  return items;
}

// The positions (in stacking order) of the `keep` largest items. Equal areas keep the upper
// object, which is the one that would be seen.
std::vector<std::size_t> largest(std::vector<Item> const& items, std::size_t keep) {
  std::vector<std::size_t> order(items.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  if (keep >= items.size()) return order;
  auto const larger = [&](std::size_t a, std::size_t b) {
    double const area_a = area(items[a].bounds);
    double const area_b = area(items[b].bounds);
    if (area_a != area_b) return area_a > area_b;
    return a > b;
  };
  std::nth_element(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(keep), order.end(), larger);
  order.resize(keep);
  std::sort(order.begin(), order.end());
  return order;
}

}  // namespace

std::string render_thumbnail_svg(model::Board const& board, ThumbnailOptions const& options) {
  double const width = std::max(options.width, 1);
  double const height = std::max(options.height, 1);

  std::string out;
  out.append("<svg xmlns=\"http://www.w3.org/2000/svg\"");
  append_attribute(out, "width", width);
  append_attribute(out, "height", height);
  out.append(" viewBox=\"0 0 ");
  append_number(out, width);
  out.push_back(' ');
  append_number(out, height);
  out.append("\"><rect");
  append_attribute(out, "width", width);
  append_attribute(out, "height", height);
  Paint const background = parse_paint(options.background);
  if (background.visible()) {
    append_attribute(out, "fill", background.colour);
    if (background.alpha < 1) append_attribute(out, "fill-opacity", background.alpha);
  } else {
    append_attribute(out, "fill", "none");
  }
  out.append("/>");

  std::vector<Item> const items = stacked(board);
  if (!items.empty()) {
    // Fitted to every object, drawn or not, so that the framing does not jump when the
    // object cap starts or stops leaving some out.
    std::optional<Box> content;
    for (Item const& item : items) content = unite(content, item.bounds);
    Fit const fit = fit_box(*content, width, height, std::min(width, height) * kThumbnailMarginRatio);
    for (std::size_t i : largest(items, options.max_objects)) append_object_svg(out, *items[i].object, fit);
  }
  out.append("</svg>");
  return out;
}

}  // namespace cc::exporting
