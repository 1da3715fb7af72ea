#include "export/thumbnail_svg.hpp"

#include "export/geometry.hpp"
#include "export/object_svg.hpp"

#include "unit/export/xml_tree.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>
#include <sstream>
#include <string>
#include <vector>

namespace cc::exporting {
namespace {

using testing::parse_xml;
using testing::XmlElement;

model::Board board_of(std::string_view objects_json) {
  auto board = model::Board::from_json(boost::json::parse(objects_json), model::Limits{});
  EXPECT_TRUE(board.has_value()) << (board ? "" : board.error().message);
  return board ? std::move(*board) : model::Board{};
}

// Renders and parses, failing the test when the output is not well-formed XML.
XmlElement render(model::Board const& board, ThumbnailOptions const& options = {}) {
  std::string const svg = render_thumbnail_svg(board, options);
  auto parsed = parse_xml(svg);
  EXPECT_TRUE(parsed.root.has_value()) << parsed.error << "\n" << svg;
  return parsed.root ? std::move(*parsed.root) : XmlElement{};
}

// What the board draws: the root's children after the background.
std::vector<XmlElement> drawn(XmlElement const& svg) {
  if (svg.children.empty()) return {};
  return {svg.children.begin() + 1, svg.children.end()};
}

double number(XmlElement const& e, std::string const& attribute) {
  std::string const text = e.attribute(attribute);
  EXPECT_FALSE(text.empty()) << e.name << " has no " << attribute;
  return text.empty() ? std::numeric_limits<double>::quiet_NaN() : std::stod(text);
}

std::vector<std::pair<double, double>> points_of(XmlElement const& e) {
  std::vector<std::pair<double, double>> points;
  std::istringstream in(e.attribute("points"));
  std::string pair;
  while (in >> pair) {
    auto const comma = pair.find(',');
    points.emplace_back(std::stod(pair.substr(0, comma)), std::stod(pair.substr(comma + 1)));
  }
  return points;
}

TEST(Thumbnail, EmptyBoardIsJustTheBackground) {
  XmlElement const svg = render(model::Board{});
  EXPECT_EQ(svg.name, "svg");
  EXPECT_EQ(svg.attribute("xmlns"), "http://www.w3.org/2000/svg");
  EXPECT_EQ(svg.attribute("width"), "320");
  EXPECT_EQ(svg.attribute("height"), "200");
  EXPECT_EQ(svg.attribute("viewBox"), "0 0 320 200");
  ASSERT_EQ(svg.children.size(), 1u);
  EXPECT_EQ(svg.children[0].name, "rect");
  EXPECT_EQ(svg.children[0].attribute("fill"), "#ffffff");
  EXPECT_EQ(svg.children[0].attribute("width"), "320");
  EXPECT_EQ(svg.children[0].attribute("height"), "200");
}

TEST(Thumbnail, OptionsSetSizeAndBackground) {
  XmlElement const svg = render(model::Board{}, {.width = 64, .height = 48, .background = "#11223380"});
  EXPECT_EQ(svg.attribute("viewBox"), "0 0 64 48");
  ASSERT_EQ(svg.children.size(), 1u);
  EXPECT_EQ(svg.children[0].attribute("fill"), "#112233");
  EXPECT_EQ(svg.children[0].attribute("fill-opacity"), "0.5");
}

TEST(Thumbnail, FitScalesAndCentresTheContent) {
  // 200 x 100 content into 320 x 200 less a 10 px margin: width binds (300 / 200 = 1.5).
  Fit const fit = fit_box({100, 50, 200, 100}, 320, 200, 10);
  EXPECT_DOUBLE_EQ(fit.scale, 1.5);
  EXPECT_DOUBLE_EQ(fit.offset_x, -140);
  EXPECT_DOUBLE_EQ(fit.offset_y, -50);
  // Tall content: height binds (180 / 300 = 0.6), centred horizontally.
  Fit const tall = fit_box({0, 0, 100, 300}, 320, 200, 10);
  EXPECT_DOUBLE_EQ(tall.scale, 0.6);
  EXPECT_DOUBLE_EQ(tall.x(50), 160);
  EXPECT_DOUBLE_EQ(tall.y(0), 10);
  EXPECT_DOUBLE_EQ(tall.y(300), 190);
}

TEST(Thumbnail, FitOfContentWithoutAreaStaysFinite) {
  Fit const flat = fit_box({0, 5, 100, 0}, 320, 200, 10);
  EXPECT_DOUBLE_EQ(flat.scale, 3);
  EXPECT_DOUBLE_EQ(flat.y(5), 100);
  Fit const point = fit_box({7, 7, 0, 0}, 320, 200, 10);
  EXPECT_DOUBLE_EQ(point.scale, 1);
  EXPECT_DOUBLE_EQ(point.x(7), 160);
}

TEST(Thumbnail, OneRectLandsWhereTheFitPutsIt) {
  auto const board = board_of(R"([{"id":"r","kind":"rect",
      "props":{"x":100,"y":50,"w":200,"h":100,"fill":"#ff0000","strokeWidth":0}}])");
  auto const objects = drawn(render(board));
  ASSERT_EQ(objects.size(), 1u);
  XmlElement const& rect = objects[0];
  EXPECT_EQ(rect.name, "rect");
  // Scale 1.5, shifted by (-140, -50): the rect spans x 10..310 and y 25..175.
  EXPECT_EQ(rect.attribute("x"), "10");
  EXPECT_EQ(rect.attribute("y"), "25");
  EXPECT_EQ(rect.attribute("width"), "300");
  EXPECT_EQ(rect.attribute("height"), "150");
  EXPECT_EQ(rect.attribute("fill"), "#ff0000");
  EXPECT_EQ(rect.attribute("stroke"), "");  // strokeWidth 0: no outline
}

TEST(Thumbnail, StrokeWidensTheFittedBox) {
  // The default 2-unit outline reaches 1 unit beyond the box on every side.
  auto const board = board_of(R"([{"id":"r","kind":"rect","props":{"x":0,"y":0,"w":98,"h":98}}])");
  auto const objects = drawn(render(board, {.width = 120, .height = 120}));
  ASSERT_EQ(objects.size(), 1u);
  // Content -1..99 (100 units) into 120 - 2 * 6 = 108 px: scale 1.08, the box starts at 6 + 1.08.
  EXPECT_NEAR(number(objects[0], "x"), 7.08, 0.01);
  EXPECT_NEAR(number(objects[0], "width"), 98 * 1.08, 0.01);
  EXPECT_EQ(objects[0].attribute("stroke"), "#1e1e1e");
  EXPECT_NEAR(number(objects[0], "stroke-width"), 2.16, 0.01);
  EXPECT_EQ(objects[0].attribute("fill"), "none");  // rects are unfilled unless told
}

TEST(Thumbnail, ObjectsAreDrawnInStackingOrder) {
  auto const board = board_of(R"([
    {"id":"top","kind":"rect","props":{"x":0,"y":0,"w":10,"h":10,"z":"a2","fill":"#000003"}},
    {"id":"bottom","kind":"rect","props":{"x":0,"y":0,"w":10,"h":10,"z":"a0","fill":"#000001"}},
    {"id":"b-tie","kind":"rect","props":{"x":0,"y":0,"w":10,"h":10,"z":"a1","fill":"#000022"}},
    {"id":"a-tie","kind":"rect","props":{"x":0,"y":0,"w":10,"h":10,"z":"a1","fill":"#000021"}},
    {"id":"no-z","kind":"rect","props":{"x":0,"y":0,"w":10,"h":10,"fill":"#000000"}},
    {"id":"upper","kind":"rect","props":{"x":0,"y":0,"w":10,"h":10,"z":"Zz","fill":"#00000a"}}
  ])");
  std::vector<std::string> fills;
  for (auto const& e : drawn(render(board))) fills.push_back(e.attribute("fill"));
  // No z first; then bytewise z ("Z" < "a"); equal z by id.
  EXPECT_EQ(fills,
            (std::vector<std::string>{"#000000", "#00000a", "#000001", "#000021", "#000022", "#000003"}));
}

TEST(Thumbnail, OverTheCapTheLargestAreDrawnInStackingOrder) {
  auto const board = board_of(R"([
    {"id":"a","kind":"rect","props":{"x":0,"y":0,"w":10,"h":10,"z":"a0","fill":"#000001","strokeWidth":0}},
    {"id":"b","kind":"rect","props":{"x":0,"y":0,"w":300,"h":300,"z":"a1","fill":"#000002","strokeWidth":0}},
    {"id":"c","kind":"rect","props":{"x":0,"y":0,"w":20,"h":20,"z":"a2","fill":"#000003","strokeWidth":0}},
    {"id":"d","kind":"rect","props":{"x":0,"y":0,"w":400,"h":10,"z":"a3","fill":"#000004","strokeWidth":0}},
    {"id":"e","kind":"rect","props":{"x":0,"y":0,"w":100,"h":100,"z":"a4","fill":"#000005","strokeWidth":0}}
  ])");
  std::vector<std::string> fills;
  for (auto const& e : drawn(render(board, {.max_objects = 2}))) fills.push_back(e.attribute("fill"));
  // Areas: b 90000, e 10000, d 4000, c 400, a 100.
  EXPECT_EQ(fills, (std::vector<std::string>{"#000002", "#000005"}));

  std::size_t count = 0;
  for (auto const& e : drawn(render(board, {.max_objects = 5}))) count += e.name == "rect";
  EXPECT_EQ(count, 5u);
  EXPECT_TRUE(drawn(render(board, {.max_objects = 0})).empty());
}

TEST(Thumbnail, TheCapBoundsTheOutput) {
  std::string objects = "[";
  for (int i = 0; i < 3000; ++i) {
    if (i > 0) objects += ",";
    objects += R"({"id":"r)" + std::to_string(i) + R"(","kind":"rect","props":{"x":)" + std::to_string(i) +
               R"(,"y":0,"w":)" + std::to_string(1 + i % 50) + R"(,"h":10}})";
  }
  objects += "]";
  auto const board = board_of(objects);
  EXPECT_EQ(drawn(render(board)).size(), 2000u);
  EXPECT_EQ(drawn(render(board, {.max_objects = 100})).size(), 100u);
}

TEST(Thumbnail, TextIsEscaped) {
  auto const board = board_of(
      R"([{"id":"t","kind":"text","props":{"x":0,"y":0,"w":400,"h":40,"text":"a<b & \"c\">'d</svg>"}}])");
  std::string const svg = render_thumbnail_svg(board);
  EXPECT_NE(svg.find("a&lt;b &amp; &quot;c&quot;&gt;&apos;d&lt;/svg&gt;"), std::string::npos) << svg;
  EXPECT_EQ(svg.find("<b"), std::string::npos);
  EXPECT_EQ(svg.find("</svg>"), svg.size() - 6);  // only the real end tag
  auto const objects = drawn(render(board));
  ASSERT_EQ(objects.size(), 1u);
  EXPECT_EQ(objects[0].name, "text");
  EXPECT_EQ(objects[0].text, "a<b & \"c\">'d</svg>");  // what a renderer shows
}

TEST(Thumbnail, HostileStringsStayInsideTheirAttributes) {
  auto const board = board_of(R"([
    {"id":"t","kind":"text","props":{"x":0,"y":0,"w":400,"h":40,"text":"x\u0001\u0000y\uFFFF",
        "fontFamily":"\"/><script>alert(1)</script><x a='"}}
  ])");
  std::string const svg = render_thumbnail_svg(board, {.background = "\"/><script>"});
  EXPECT_EQ(svg.find("<script"), std::string::npos) << svg;
  auto const parsed = parse_xml(svg);
  ASSERT_TRUE(parsed.root.has_value()) << parsed.error << "\n" << svg;
  auto const objects = drawn(*parsed.root);
  ASSERT_EQ(objects.size(), 1u);
  EXPECT_EQ(objects[0].attribute("font-family"), "\"/><script>alert(1)</script><x a='");
  // Characters XML cannot carry at all become U+FFFD.
  EXPECT_EQ(objects[0].text, "x\xEF\xBF\xBD\xEF\xBF\xBDy\xEF\xBF\xBD");
}

TEST(Thumbnail, LongTextShowsItsFirstCharacters) {
  std::string const long_text(100, 'w');
  auto const board =
      board_of(R"([{"id":"t","kind":"text","props":{"x":0,"y":0,"w":2000,"h":40,"fontSize":40,"text":")" +
               long_text + R"(\nsecond line"}}])");
  auto const objects = drawn(render(board));
  ASSERT_EQ(objects.size(), 1u);
  EXPECT_EQ(objects[0].text, std::string(kMaxTextChars, 'w') + "\xE2\x80\xA6");
}

TEST(Thumbnail, TextShowsWhatFitsItsBox) {
  // 100 units wide at font size 20: about 100 / (20 * 0.55) = 9 characters.
  auto const board = board_of(
      R"([{"id":"t","kind":"text","props":{"x":0,"y":0,"w":100,"h":30,"fontSize":20,"text":"Hello <board> & co"}}])");
  auto const objects = drawn(render(board));
  ASSERT_EQ(objects.size(), 1u);
  EXPECT_EQ(objects[0].text, "Hello <bo\xE2\x80\xA6");
  auto const short_board = board_of(
      R"([{"id":"t","kind":"text","props":{"x":0,"y":0,"w":100,"h":30,"fontSize":20,"text":"Hi\nthere"}}])");
  auto const short_objects = drawn(render(short_board));
  ASSERT_EQ(short_objects.size(), 1u);
  EXPECT_EQ(short_objects[0].text, "Hi\xE2\x80\xA6");  // the first line only
}

TEST(Thumbnail, TinyTextBecomesABar) {
  auto const board = board_of(R"([
    {"id":"t","kind":"text","props":{"x":0,"y":0,"w":100,"h":20,"text":"hello","fontSize":10,"z":"a0"}},
    {"id":"far","kind":"rect","props":{"x":100000,"y":100000,"w":10,"h":10,"z":"a1"}}
  ])");
  auto const objects = drawn(render(board));
  ASSERT_EQ(objects.size(), 2u);
  EXPECT_EQ(objects[0].name, "rect");
  EXPECT_EQ(objects[0].attribute("fill"), "#1e1e1e");
  EXPECT_EQ(objects[0].attribute("fill-opacity"), "0.35");
}

TEST(Thumbnail, RotationTurnsTheObjectAroundItsCentre) {
  auto const board = board_of(R"([
    {"id":"r","kind":"rect","props":{"x":100,"y":50,"w":200,"h":100,"strokeWidth":0,"rotation":)" +
                              std::to_string(std::numbers::pi / 2) + R"(}},
    {"id":"s","kind":"rect","props":{"x":100,"y":50,"w":200,"h":100,"strokeWidth":0}}
  ])");
  auto const objects = drawn(render(board));
  ASSERT_EQ(objects.size(), 2u);
  // Content: the unrotated rect (200 x 100) and the rotated one (100 x 200 around the same
  // centre (200, 100)): 100..300 by 0..200, scale min(300 / 200, 180 / 200) = 0.9.
  XmlElement const& group = objects[0];
  EXPECT_EQ(group.name, "g");
  EXPECT_EQ(group.attribute("transform"), "rotate(90 160 100)");
  ASSERT_EQ(group.children.size(), 1u);
  EXPECT_EQ(group.children[0].name, "rect");
  EXPECT_EQ(group.children[0].attribute("width"), "180");
  EXPECT_EQ(objects[1].name, "rect");  // not rotated: no group
}

TEST(Thumbnail, OpacityGroupsAndZeroOpacityHides) {
  auto const board = board_of(R"([
    {"id":"half","kind":"ellipse","props":{"x":0,"y":0,"w":10,"h":10,"opacity":0.5}},
    {"id":"gone","kind":"ellipse","props":{"x":0,"y":0,"w":10,"h":10,"opacity":0}}
  ])");
  auto const objects = drawn(render(board));
  ASSERT_EQ(objects.size(), 1u);
  EXPECT_EQ(objects[0].name, "g");
  EXPECT_EQ(objects[0].attribute("opacity"), "0.5");
  ASSERT_EQ(objects[0].children.size(), 1u);
  EXPECT_EQ(objects[0].children[0].name, "ellipse");
}

TEST(Thumbnail, EveryKindDrawsWellFormedShapes) {
  auto const board = board_of(R"([
    {"id":"k01","kind":"rect","props":{"x":0,"y":0,"w":50,"h":40,"cornerRadius":8,"z":"a0"}},
    {"id":"k02","kind":"ellipse","props":{"x":60,"y":0,"w":50,"h":40,"fill":"#0f08","z":"a1"}},
    {"id":"k03","kind":"triangle","props":{"x":120,"y":0,"w":50,"h":40,"z":"a2"}},
    {"id":"k04","kind":"star","props":{"x":180,"y":0,"w":50,"h":40,"spikes":6,"z":"a3"}},
    {"id":"k05","kind":"line","props":{"x":0,"y":60,"points":[0,0,50,20],"z":"a4"}},
    {"id":"k06","kind":"arrow","props":{"x":60,"y":60,"points":[0,0,50,20],"startArrow":"dot","z":"a5"}},
    {"id":"k07","kind":"path","props":{"x":120,"y":60,"points":[0,0,50,20,0,40],"closed":true,"fill":"#00f","z":"a6"}},
    {"id":"k08","kind":"text","props":{"x":180,"y":60,"w":50,"h":40,"text":"Hi","z":"a7"}},
    {"id":"k09","kind":"sticky","props":{"x":0,"y":120,"w":50,"h":50,"text":"note","z":"a8"}},
    {"id":"k10","kind":"image","props":{"x":60,"y":120,"w":50,"h":40,"src":"data:image/png;base64,AAAA","z":"a9"}},
    {"id":"k11","kind":"frame","props":{"x":120,"y":120,"w":50,"h":40,"name":"F<1>","z":"aA"}}
  ])");
  auto const objects = drawn(render(board, {.width = 640, .height = 400}));
  std::vector<std::string> names;
  for (auto const& e : objects) names.push_back(e.name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"rect", "ellipse", "polygon", "polygon", "polyline", "polyline",
                                      "polyline", "circle", "polygon", "text", "rect", "rect", "rect"}));
  ASSERT_EQ(names.size(), 13u);
  EXPECT_GT(number(objects[0], "rx"), 0);                   // rounded corners
  EXPECT_EQ(objects[1].attribute("fill"), "#0f0");          // #rgba split into colour ...
  EXPECT_EQ(objects[1].attribute("fill-opacity"), "0.53");  // ... and opacity
  EXPECT_EQ(points_of(objects[2]).size(), 3u);              // triangle
  EXPECT_EQ(points_of(objects[3]).size(), 12u);             // six spikes
  EXPECT_EQ(objects[4].attribute("fill"), "none");          // lines are not filled
  EXPECT_EQ(objects[5].attribute("stroke"), "#1e1e1e");     // the arrow, its end head ...
  EXPECT_EQ(points_of(objects[6]).size(), 3u);
  EXPECT_GT(number(objects[7], "r"), 0);            // ... and its start dot
  EXPECT_EQ(objects[8].attribute("fill"), "#00f");  // closed path
  EXPECT_EQ(objects[9].text, "Hi");
  EXPECT_EQ(objects[10].attribute("fill"), "#fff3a3");    // sticky yellow
  EXPECT_EQ(objects[11].attribute("fill"), "#dfe2e6");    // image placeholder
  EXPECT_EQ(objects[12].attribute("stroke"), "#c9ccd1");  // frame outline
  EXPECT_EQ(objects[12].attribute("fill"), "#ffffff");
}

TEST(Thumbnail, ArrowsEndInAHead) {
  auto const board = board_of(R"([{"id":"a","kind":"arrow","props":{"x":0,"y":0,"points":[0,0,100,0]}}])");
  auto const objects = drawn(render(board));
  ASSERT_EQ(objects.size(), 2u);
  EXPECT_EQ(objects[0].name, "polyline");
  EXPECT_EQ(objects[1].name, "polyline");  // the open "arrow" head
  auto const line = points_of(objects[0]);
  auto const head = points_of(objects[1]);
  ASSERT_EQ(line.size(), 2u);
  ASSERT_EQ(head.size(), 3u);
  EXPECT_DOUBLE_EQ(head[1].first, line[1].first);  // the head's tip is the line's end
  EXPECT_DOUBLE_EQ(head[1].second, line[1].second);
  EXPECT_LT(head[0].first, line[1].first);  // its barbs point back
}

TEST(Thumbnail, LongPolylinesAreThinned) {
  std::string points;
  for (int i = 0; i < 1000; ++i) points += (i ? "," : "") + std::to_string(i) + "," + std::to_string(i % 7);
  auto const board =
      board_of(R"([{"id":"p","kind":"path","props":{"x":0,"y":0,"points":[)" + points + R"(]}}])");
  auto const objects = drawn(render(board));
  ASSERT_EQ(objects.size(), 1u);
  auto const drawn_points = points_of(objects[0]);
  ASSERT_EQ(drawn_points.size(), kMaxPolylinePoints);
  // First and last points are kept: they span the picture's width less the margins.
  EXPECT_NEAR(drawn_points.front().first, 10, 0.5);
  EXPECT_NEAR(drawn_points.back().first, 310, 0.5);
}

TEST(Thumbnail, FarAwayObjectsKeepNumbersFinite) {
  auto const board = board_of(R"([
    {"id":"a","kind":"line","props":{"x":-1000000000,"y":1000000000,"points":[0,0,1000000000,0]}},
    {"id":"b","kind":"rect","props":{"x":1000000000,"y":-1000000000,"w":10000000,"h":0}}
  ])");
  std::string const svg = render_thumbnail_svg(board);
  EXPECT_EQ(svg.find("nan"), std::string::npos) << svg;
  EXPECT_EQ(svg.find("inf"), std::string::npos) << svg;
  EXPECT_EQ(drawn(render(board)).size(), 2u);
}

}  // namespace
}  // namespace cc::exporting
