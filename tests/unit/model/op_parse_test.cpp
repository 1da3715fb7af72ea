#include "model/op.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace cc::model {
namespace {

namespace json = boost::json;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

json::value str(std::size_t n, char c) { return json::value(json::string(n, c)); }

Result<std::vector<Op>> parse_text(std::string_view text, Limits const& limits = {}) {
  return parse_ops(json::parse(text), limits);
}

Result<std::vector<Op>> parse_one(json::object op, Limits const& limits = {}) {
  json::array ops;
  ops.emplace_back(std::move(op));
  return parse_ops(json::value(std::move(ops)), limits);
}

// The smallest valid put props for a kind: x, y and, for shapes made of points, points.
json::object base_props(std::string_view kind) {
  json::object props{{"x", 1}, {"y", 2}};
  if (kind == "line" || kind == "arrow" || kind == "path") props["points"] = json::array{0, 0, 10, 10};
  return props;
}

Result<std::vector<Op>> put_with(std::string_view kind, std::string_view prop, json::value value,
                                 Limits const& limits = {}) {
  json::object props = base_props(kind);
  props[prop] = std::move(value);
  return parse_one(json::object{{"op", "put"}, {"id", "o1"}, {"kind", kind}, {"props", std::move(props)}},
                   limits);
}

Result<std::vector<Op>> set_with(std::string_view prop, json::value value, Limits const& limits = {}) {
  return parse_one(
      json::object{{"op", "set"}, {"id", "o1"}, {"props", json::object{{prop, std::move(value)}}}}, limits);
}

void expect_error(Result<std::vector<Op>> const& r, ErrorCode code, std::string_view message_part,
                  std::string const& context = {}) {
  ASSERT_FALSE(r.has_value()) << "accepted: " << context;
  EXPECT_EQ(r.error().code, code) << r.error().message << " | " << context;
  EXPECT_NE(r.error().message.find(message_part), std::string::npos)
      << "message: " << r.error().message << " | wanted: " << message_part << " | " << context;
  EXPECT_TRUE(r.error().message.starts_with("ops[")) << r.error().message;
}

// ---------------------------------------------------------------------------------------------
// Op structure

TEST(ParseOps, ReadsTheThreeOps) {
  auto r = parse_text(R"([
    {"op":"put","id":"r1","kind":"rect","props":{"x":1,"y":2,"fill":"#f00"}},
    {"op":"set","id":"r1","props":{"fill":null,"x":5}},
    {"op":"del","id":"r1"}
  ])");
  ASSERT_TRUE(r.has_value()) << r.error().message;
  auto const& ops = *r;
  ASSERT_EQ(ops.size(), 3u);
  EXPECT_EQ(ops[0].type, OpType::kPut);
  EXPECT_EQ(ops[0].id, "r1");
  EXPECT_EQ(ops[0].kind, Kind::kRect);
  EXPECT_EQ(ops[0].props, (json::object{{"x", 1}, {"y", 2}, {"fill", "#f00"}}));
  EXPECT_EQ(ops[1].type, OpType::kSet);
  EXPECT_EQ(ops[1].props, (json::object{{"fill", nullptr}, {"x", 5}}));
  EXPECT_EQ(ops[2].type, OpType::kDel);
  EXPECT_TRUE(ops[2].props.empty());
}

TEST(ParseOps, RvalueOverloadGivesTheSameOps) {
  std::string_view const text =
      R"([{"op":"put","id":"t1","kind":"text","props":{"x":1,"y":2,"text":"hello"}}])";
  auto copied = parse_text(text);
  auto moved = parse_ops(json::parse(text), Limits{});
  ASSERT_TRUE(copied && moved);
  EXPECT_EQ(json::value(ops_to_json(*copied)), json::value(ops_to_json(*moved)));
}

TEST(ParseOps, OpsToJsonIsTheWireForm) {
  std::string_view const text = R"([{"op":"put","id":"r1","kind":"star","props":{"x":1,"y":2,"spikes":5}},)"
                                R"({"op":"set","id":"r1","props":{"fill":null}},{"op":"del","id":"r1"}])";
  auto ops = parse_text(text);
  ASSERT_TRUE(ops);
  json::value const out = ops_to_json(*ops);
  EXPECT_EQ(out, json::parse(text));
  auto again = parse_ops(out, Limits{});
  ASSERT_TRUE(again);
  EXPECT_EQ(json::value(ops_to_json(*again)), out);
}

TEST(ParseOps, OpsMustBeANonEmptyArray) {
  auto r = parse_text(R"({"op":"del","id":"a"})");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidMessage);
  r = parse_text("[]");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidMessage);
}

TEST(ParseOps, BatchSizeLimit) {
  Limits limits;
  limits.max_ops_per_batch = 3;
  auto ok = parse_text(R"([{"op":"del","id":"a"},{"op":"del","id":"b"},{"op":"del","id":"c"}])", limits);
  EXPECT_TRUE(ok);
  auto r = parse_text(
      R"([{"op":"del","id":"a"},{"op":"del","id":"b"},{"op":"del","id":"c"},{"op":"del","id":"d"}])", limits);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kTooLarge);
  EXPECT_EQ(r.error().message, "the batch holds 4 ops; the limit is 3");
}

TEST(ParseOps, OpErrorsNameTheOp) {
  expect_error(parse_text(R"([5])"), ErrorCode::kInvalidOp, "ops[0]: an op must be an object");
  expect_error(parse_text(R"([{"id":"a"}])"), ErrorCode::kInvalidOp, "ops[0]: op is required");
  expect_error(parse_text(R"([{"op":1,"id":"a"}])"), ErrorCode::kInvalidOp, "ops[0]: op must be a string");
  expect_error(parse_text(R"([{"op":"del","id":"a"},{"op":"del","id":"b"},{"op":"move","id":"a"}])"),
               ErrorCode::kInvalidOp, "ops[2]: op \"move\" is not one of put, set, del");
  expect_error(parse_text(R"([{"op":"del","id":"a","extra":1}])"), ErrorCode::kInvalidOp,
               "ops[0]: unknown field \"extra\"");
  expect_error(parse_text(R"([{"op":"set","id":"a","kind":"rect","props":{}}])"), ErrorCode::kInvalidOp,
               "ops[0]: field \"kind\" is not allowed in a set op");
  expect_error(parse_text(R"([{"op":"del","id":"a","props":{}}])"), ErrorCode::kInvalidOp,
               "ops[0]: field \"props\" is not allowed in a del op");
  expect_error(parse_text(R"([{"op":"del","id":"a","kind":"rect"}])"), ErrorCode::kInvalidOp,
               "ops[0]: field \"kind\" is not allowed in a del op");
  expect_error(parse_text(R"([{"op":"del"}])"), ErrorCode::kInvalidOp, "ops[0]: id is required");
  expect_error(parse_text(R"([{"op":"put","id":"r1","props":{"x":1,"y":1}}])"), ErrorCode::kInvalidOp,
               "ops[0]: kind is required");
  expect_error(parse_text(R"([{"op":"put","id":"r1","kind":"rect"}])"), ErrorCode::kInvalidOp,
               "ops[0]: props is required");
  expect_error(parse_text(R"([{"op":"set","id":"r1"}])"), ErrorCode::kInvalidOp, "ops[0]: props is required");
  expect_error(parse_text(R"([{"op":"set","id":"r1","props":[1]}])"), ErrorCode::kInvalidOp,
               "ops[0]: props must be an object");
}

TEST(ParseOps, UnknownKindIsNamed) {
  auto r = parse_text(R"([{"op":"put","id":"b1","kind":"blob","props":{"x":1,"y":1}}])");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidOp);
  EXPECT_EQ(
      r.error().message,
      "ops[0]: kind \"blob\" is not one of rect, ellipse, triangle, star, line, arrow, path, text, sticky, "
      "image, frame");
  expect_error(parse_text(R"([{"op":"put","id":"b1","kind":3,"props":{"x":1,"y":1}}])"),
               ErrorCode::kInvalidOp, "kind must be one of rect");
}

TEST(ParseOps, IdsFollowTheIdRules) {
  for (std::string_view bad : {R"("")", R"("a b")", R"("a/b")", R"("é")", "7", "null", R"(["a"])"}) {
    std::string const text = std::string(R"([{"op":"del","id":)") + std::string(bad) + "}]";
    expect_error(parse_text(text), ErrorCode::kInvalidId, "ops[0]: id must be", text);
  }
  std::string const long_id(65, 'a');
  expect_error(parse_text(R"([{"op":"del","id":")" + long_id + R"("}])"), ErrorCode::kInvalidId,
               "ops[0]: id");
  std::string const longest_id(64, 'a');
  EXPECT_TRUE(parse_text(R"([{"op":"del","id":")" + longest_id + R"("}])"));
  EXPECT_TRUE(parse_text(R"([{"op":"del","id":"A-z_0-9"}])"));
}

TEST(ParseOps, LongClientTextIsNotEchoedWhole) {
  std::string const name(10000, 'q');
  auto r = parse_text(R"([{"op":"del","id":"a",")" + name + R"(":1}])");
  ASSERT_FALSE(r);
  EXPECT_LT(r.error().message.size(), 200u);
}

// ---------------------------------------------------------------------------------------------
// Which kinds allow which properties

std::vector<std::string> const kAllProps = {
    "x",          "y",        "rotation", "opacity",    "z",           "parent",        "locked",
    "w",          "h",        "fill",     "stroke",     "strokeWidth", "cornerRadius",  "spikes",
    "innerRatio", "text",     "fontSize", "fontFamily", "textAlign",   "verticalAlign", "points",
    "startArrow", "endArrow", "closed",   "src",        "alt",         "name"};

json::value good_value(std::string_view prop) {
  static std::map<std::string, json::value, std::less<>> const values = {
      {"x", 1},
      {"y", -2.5},
      {"rotation", 0.5},
      {"opacity", 0.5},
      {"z", "a0V"},
      {"parent", "frame-1"},
      {"locked", true},
      {"w", 10},
      {"h", 20},
      {"fill", "#fff"},
      {"stroke", "#000000"},
      {"strokeWidth", 2},
      {"cornerRadius", 4},
      {"spikes", 5},
      {"innerRatio", 0.5},
      {"text", "hello"},
      {"fontSize", 16},
      {"fontFamily", "Inter"},
      {"textAlign", "center"},
      {"verticalAlign", "middle"},
      {"points", json::array{0, 0, 10, 10, 20, 0}},
      {"startArrow", "none"},
      {"endArrow", "arrow"},
      {"closed", true},
      {"src", "data:image/png;base64,iVBORw0KGgo="},
      {"alt", "a cat"},
      {"name", "Frame 1"},
  };
  return values.find(prop)->second;
}

std::set<std::string> allowed_on(std::string_view kind) {
  std::set<std::string> props = {"x", "y", "rotation", "opacity", "z", "parent", "locked"};
  auto add = [&props](std::initializer_list<char const*> names) {
    for (auto const* n : names) props.insert(n);
  };
  auto const text_props = {"text", "fontSize", "fontFamily", "textAlign", "verticalAlign"};
  if (kind == "rect") {
    add({"w", "h", "fill", "stroke", "strokeWidth", "cornerRadius"});
    add(text_props);
  } else if (kind == "ellipse" || kind == "triangle") {
    add({"w", "h", "fill", "stroke", "strokeWidth"});
    add(text_props);
  } else if (kind == "star") {
    add({"w", "h", "fill", "stroke", "strokeWidth", "spikes", "innerRatio"});
    add(text_props);
  } else if (kind == "line" || kind == "arrow") {
    add({"stroke", "strokeWidth", "points", "startArrow", "endArrow"});
  } else if (kind == "path") {
    add({"fill", "stroke", "strokeWidth", "points", "closed"});
  } else if (kind == "text" || kind == "sticky") {
    add({"w", "h", "fill"});
    add(text_props);
  } else if (kind == "image") {
    add({"w", "h", "src", "alt"});
  } else if (kind == "frame") {
    add({"w", "h", "fill", "stroke", "strokeWidth", "name"});
  }
  return props;
}

std::vector<std::string> const kKinds = {"rect", "ellipse", "triangle", "star",  "line", "arrow",
                                         "path", "text",    "sticky",   "image", "frame"};

TEST(PropertyRules, EveryKindAllowsExactlyItsProperties) {
  for (auto const& kind : kKinds) {
    auto const allowed = allowed_on(kind);
    for (auto const& prop : kAllProps) {
      auto r = put_with(kind, prop, good_value(prop));
      if (allowed.contains(prop)) {
        EXPECT_TRUE(r.has_value()) << kind << "." << prop << ": " << (r ? "" : r.error().message);
      } else {
        ASSERT_FALSE(r.has_value()) << kind << "." << prop;
        EXPECT_EQ(r.error().code, ErrorCode::kInvalidOp);
        EXPECT_EQ(r.error().message, "ops[0]: property \"" + prop + "\" is not allowed on " + kind);
      }
    }
  }
}

TEST(PropertyRules, AWholeObjectOfEveryKindIsAccepted) {
  for (auto const& kind : kKinds) {
    json::object props;
    for (auto const& prop : allowed_on(kind)) props[prop] = good_value(prop);
    auto r = parse_one(json::object{{"op", "put"}, {"id", "o1"}, {"kind", kind}, {"props", props}});
    ASSERT_TRUE(r.has_value()) << kind << ": " << r.error().message;
    EXPECT_EQ(r.value()[0].props, props);
  }
}

TEST(PropertyRules, UnknownPropertyIsRejected) {
  auto r = put_with("rect", "colour", "#fff");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidOp);
  EXPECT_EQ(r.error().message, "ops[0]: property \"colour\" is unknown");
  expect_error(set_with("Fill", "#fff"), ErrorCode::kInvalidOp, "property \"Fill\" is unknown");
}

TEST(PropertyRules, RequiredPropertiesOnPut) {
  expect_error(parse_text(R"([{"op":"put","id":"r","kind":"rect","props":{"y":1}}])"), ErrorCode::kInvalidOp,
               "ops[0]: property \"x\" is required on rect");
  expect_error(parse_text(R"([{"op":"put","id":"r","kind":"rect","props":{"x":1}}])"), ErrorCode::kInvalidOp,
               "ops[0]: property \"y\" is required on rect");
  for (std::string_view kind : {"line", "arrow", "path"}) {
    auto r =
        parse_text(R"([{"op":"put","id":"l","kind":")" + std::string(kind) + R"(","props":{"x":1,"y":1}}])");
    expect_error(r, ErrorCode::kInvalidOp, "ops[0]: property \"points\" is required on " + std::string(kind));
  }
  EXPECT_TRUE(parse_text(R"([{"op":"put","id":"r","kind":"image","props":{"x":0,"y":0}}])"));
}

TEST(PropertyRules, NullInAPutIsRejected) {
  expect_error(put_with("rect", "fill", nullptr), ErrorCode::kInvalidOp, "fill cannot be null in a put");
  expect_error(put_with("rect", "x", nullptr), ErrorCode::kInvalidOp, "x cannot be null in a put");
}

TEST(PropertyRules, SetNullOnlyRemovesOptionalProperties) {
  EXPECT_TRUE(set_with("fill", nullptr));
  EXPECT_TRUE(set_with("z", nullptr));
  EXPECT_TRUE(set_with("parent", nullptr));
  expect_error(set_with("x", nullptr), ErrorCode::kInvalidOp, "ops[0]: x is required and cannot be removed");
  expect_error(set_with("y", nullptr), ErrorCode::kInvalidOp, "y is required and cannot be removed");
  expect_error(set_with("points", nullptr), ErrorCode::kInvalidOp,
               "points is required and cannot be removed");
}

TEST(PropertyRules, SetValuesAreTypeChecked) {
  // Without the target, a set's properties are checked against every known property.
  EXPECT_TRUE(set_with("points", json::array{0, 0, 1, 1}));
  EXPECT_TRUE(set_with("cornerRadius", 3));
  expect_error(set_with("fill", "red"), ErrorCode::kInvalidOp, "ops[0]: fill must be a colour");
  expect_error(set_with("opacity", 2), ErrorCode::kInvalidOp, "opacity must be from 0 to 1");
  expect_error(set_with("points", json::array{0, 0, 1}), ErrorCode::kInvalidOp, "points must hold x,y pairs");
}

// ---------------------------------------------------------------------------------------------
// Values of each property

struct BadValue {
  std::string kind;
  std::string prop;
  json::value value;
  ErrorCode code;
  std::string message;  // a part of the message
};

TEST(PropertyRules, BadValuesAreRejected) {
  std::string const long_id(65, 'p');
  std::vector<BadValue> const cases = {
      {"rect", "x", "1", ErrorCode::kInvalidOp, "x must be a number"},
      {"rect", "x", true, ErrorCode::kInvalidOp, "x must be a number"},
      {"rect", "x", kInf, ErrorCode::kInvalidOp, "x must be finite"},
      {"rect", "x", -kInf, ErrorCode::kInvalidOp, "x must be finite"},
      {"rect", "x", kNaN, ErrorCode::kInvalidOp, "x must be finite"},
      {"rect", "x", 1e9 + 1, ErrorCode::kInvalidOp, "x must be from -1000000000 to 1000000000"},
      {"rect", "y", -1e10, ErrorCode::kInvalidOp, "y must be from -1000000000 to 1000000000"},
      {"rect", "y", json::array{1}, ErrorCode::kInvalidOp, "y must be a number"},
      {"rect", "rotation", 1000001, ErrorCode::kInvalidOp, "rotation must be from -1000000 to 1000000"},
      {"rect", "rotation", kInf, ErrorCode::kInvalidOp, "rotation must be finite"},
      {"rect", "opacity", -0.01, ErrorCode::kInvalidOp, "opacity must be from 0 to 1"},
      {"rect", "opacity", 1.01, ErrorCode::kInvalidOp, "opacity must be from 0 to 1"},
      {"rect", "opacity", "0.5", ErrorCode::kInvalidOp, "opacity must be a number"},
      {"rect", "z", "a00", ErrorCode::kInvalidOp, "z must be a fractional index"},
      {"rect", "z", "", ErrorCode::kInvalidOp, "z must be a fractional index"},
      {"rect", "z", 5, ErrorCode::kInvalidOp, "z must be a fractional index"},
      {"rect", "z", "A00000000000000000000000000", ErrorCode::kInvalidOp, "z must be a fractional index"},
      {"rect", "parent", "no spaces", ErrorCode::kInvalidId, "parent must be an object id"},
      {"rect", "parent", json::value(long_id), ErrorCode::kInvalidId, "parent must be an object id"},
      {"rect", "parent", 7, ErrorCode::kInvalidId, "parent must be an object id"},
      {"rect", "locked", 1, ErrorCode::kInvalidOp, "locked must be true or false"},
      {"rect", "locked", "true", ErrorCode::kInvalidOp, "locked must be true or false"},
      {"rect", "w", -1, ErrorCode::kInvalidOp, "w must be from 0 to 10000000"},
      {"rect", "w", 1e7 + 1, ErrorCode::kInvalidOp, "w must be from 0 to 10000000"},
      {"rect", "w", kInf, ErrorCode::kInvalidOp, "w must be finite"},
      {"image", "h", -0.5, ErrorCode::kInvalidOp, "h must be from 0 to 10000000"},
      {"image", "h", "10", ErrorCode::kInvalidOp, "h must be a number"},
      {"rect", "fill", "red", ErrorCode::kInvalidOp, "fill must be a colour"},
      {"rect", "fill", "#ff", ErrorCode::kInvalidOp, "fill must be a colour"},
      {"rect", "fill", "#fffff", ErrorCode::kInvalidOp, "fill must be a colour"},
      {"rect", "fill", "#1234567", ErrorCode::kInvalidOp, "fill must be a colour"},
      {"rect", "fill", "#ggg", ErrorCode::kInvalidOp, "fill must be a colour"},
      {"rect", "fill", "fff", ErrorCode::kInvalidOp, "fill must be a colour"},
      {"rect", "fill", "Transparent ", ErrorCode::kInvalidOp, "fill must be a colour"},
      {"rect", "fill", 0xffffff, ErrorCode::kInvalidOp, "fill must be a colour"},
      {"line", "stroke", "blue", ErrorCode::kInvalidOp, "stroke must be a colour"},
      {"line", "strokeWidth", -1, ErrorCode::kInvalidOp, "strokeWidth must be from 0 to 1000"},
      {"line", "strokeWidth", 1001, ErrorCode::kInvalidOp, "strokeWidth must be from 0 to 1000"},
      {"rect", "cornerRadius", -1, ErrorCode::kInvalidOp, "cornerRadius must be from 0 to 1000000"},
      {"rect", "cornerRadius", 1e6 + 1, ErrorCode::kInvalidOp, "cornerRadius must be from 0 to 1000000"},
      {"star", "spikes", 2, ErrorCode::kInvalidOp, "spikes must be from 3 to 100"},
      {"star", "spikes", 101, ErrorCode::kInvalidOp, "spikes must be from 3 to 100"},
      {"star", "spikes", 5.5, ErrorCode::kInvalidOp, "spikes must be an integer"},
      {"star", "spikes", "5", ErrorCode::kInvalidOp, "spikes must be an integer"},
      {"star", "spikes", kInf, ErrorCode::kInvalidOp, "spikes must be an integer"},
      {"star", "spikes", std::numeric_limits<std::uint64_t>::max(), ErrorCode::kInvalidOp,
       "spikes must be from 3 to 100"},
      {"star", "innerRatio", 0.04, ErrorCode::kInvalidOp, "innerRatio must be from 0.05 to 1"},
      {"star", "innerRatio", 1.1, ErrorCode::kInvalidOp, "innerRatio must be from 0.05 to 1"},
      {"text", "text", 5, ErrorCode::kInvalidOp, "text must be a string"},
      {"text", "fontSize", 0.5, ErrorCode::kInvalidOp, "fontSize must be from 1 to 10000"},
      {"text", "fontSize", 10001, ErrorCode::kInvalidOp, "fontSize must be from 1 to 10000"},
      {"text", "fontFamily", "", ErrorCode::kInvalidOp, "fontFamily must be at least 1 character"},
      {"text", "fontFamily", str(129, 'f'), ErrorCode::kTooLarge,
       "fontFamily is 129 characters; the limit is 128"},
      {"text", "fontFamily", 12, ErrorCode::kInvalidOp, "fontFamily must be a string"},
      {"sticky", "textAlign", "justify", ErrorCode::kInvalidOp,
       "textAlign must be one of left, center, right"},
      {"sticky", "textAlign", 1, ErrorCode::kInvalidOp, "textAlign must be one of left, center, right"},
      {"sticky", "verticalAlign", "center", ErrorCode::kInvalidOp,
       "verticalAlign must be one of top, middle, bottom"},
      {"line", "points", json::array{0, 0, 1}, ErrorCode::kInvalidOp, "points must hold x,y pairs"},
      {"line", "points", json::array{0, 0}, ErrorCode::kInvalidOp, "points must hold at least 2 points"},
      {"line", "points", json::array{}, ErrorCode::kInvalidOp, "points must hold at least 2 points"},
      {"line", "points", json::array{0, 0, 1, "1"}, ErrorCode::kInvalidOp,
       "points[3] must be a finite number"},
      {"line", "points", json::array{0, 0, 1, kInf}, ErrorCode::kInvalidOp,
       "points[3] must be a finite number"},
      {"line", "points", json::array{0, 1e10, 1, 1}, ErrorCode::kInvalidOp,
       "points[1] must be a finite number"},
      {"line", "points", json::array{0, 0, 1, nullptr}, ErrorCode::kInvalidOp,
       "points[3] must be a finite number"},
      {"path", "points", 5, ErrorCode::kInvalidOp, "points must be an array of numbers"},
      {"path", "points", "0,0,1,1", ErrorCode::kInvalidOp, "points must be an array of numbers"},
      {"arrow", "startArrow", "circle", ErrorCode::kInvalidOp,
       "startArrow must be one of none, arrow, triangle, dot"},
      {"arrow", "endArrow", true, ErrorCode::kInvalidOp,
       "endArrow must be one of none, arrow, triangle, dot"},
      {"path", "closed", "yes", ErrorCode::kInvalidOp, "closed must be true or false"},
      {"image", "src", "http://example.com/cat.png", ErrorCode::kInvalidOp,
       "src must start with \"data:image/\""},
      {"image", "src", "data:text/plain,hi", ErrorCode::kInvalidOp, "src must start with \"data:image/\""},
      {"image", "src", 5, ErrorCode::kInvalidOp, "src must be a string"},
      {"image", "alt", str(1025, 'a'), ErrorCode::kTooLarge, "alt is 1025 characters; the limit is 1024"},
      {"image", "alt", false, ErrorCode::kInvalidOp, "alt must be a string"},
      {"frame", "name", str(1025, 'n'), ErrorCode::kTooLarge, "name is 1025 characters; the limit is 1024"},
      {"frame", "name", json::object{}, ErrorCode::kInvalidOp, "name must be a string"},
  };
  for (auto const& c : cases) {
    std::string const context = c.kind + "." + c.prop + " = " + json::serialize(c.value);
    expect_error(put_with(c.kind, c.prop, c.value), c.code, "ops[0]: " + c.message, context);
  }
}

TEST(PropertyRules, GoodEdgeValuesAreAccepted) {
  struct Good {
    std::string kind;
    std::string prop;
    json::value value;
  };
  std::vector<Good> const cases = {
      {"rect", "x", 1e9},
      {"rect", "x", -1e9},
      {"rect", "y", std::int64_t{-5}},
      {"rect", "y", std::uint64_t{5}},
      {"rect", "rotation", -1e6},
      {"rect", "opacity", 0},
      {"rect", "opacity", 1},
      {"rect", "w", 0},
      {"rect", "h", 1e7},
      {"rect", "fill", "#FFF"},
      {"rect", "fill", "#abcd"},
      {"rect", "fill", "#AbCdEf"},
      {"rect", "fill", "#00000000"},
      {"rect", "fill", "transparent"},
      {"text", "fill", "#123"},
      {"rect", "cornerRadius", 1e6},
      {"star", "spikes", 3},
      {"star", "spikes", 100},
      {"star", "spikes", 5.0},
      {"star", "spikes", std::uint64_t{7}},
      {"star", "innerRatio", 0.05},
      {"star", "innerRatio", 1},
      {"text", "text", ""},
      {"text", "fontSize", 1},
      {"text", "fontSize", 10000},
      {"text", "fontFamily", str(128, 'f')},
      // 128 characters of two bytes each: the limit counts characters, not bytes.
      {"text", "fontFamily",
       [] {
         std::string s;
         for (int i = 0; i < 128; ++i) s += "\xc3\xa9";
         return json::value(s);
       }()},
      {"text", "textAlign", "left"},
      {"text", "textAlign", "right"},
      {"text", "verticalAlign", "top"},
      {"text", "verticalAlign", "bottom"},
      {"line", "points", json::array{-1e9, 1e9, 0.5, -0.5}},
      {"line", "startArrow", "triangle"},
      {"line", "endArrow", "dot"},
      {"path", "closed", false},
      {"image", "alt", str(1024, 'a')},
      {"image", "alt", ""},
      {"frame", "name", str(1024, 'n')},
      {"frame", "strokeWidth", 1000},
  };
  for (auto const& c : cases) {
    auto r = put_with(c.kind, c.prop, c.value);
    EXPECT_TRUE(r.has_value()) << c.kind << "." << c.prop << " = " << json::serialize(c.value) << ": "
                               << (r ? "" : r.error().message);
  }
}

// ---------------------------------------------------------------------------------------------
// Limits

TEST(PropertyRules, StringByteLimitHoldsForEveryString) {
  Limits limits;
  limits.max_string_bytes = 16;
  EXPECT_TRUE(put_with("text", "text", str(16, 't'), limits));
  expect_error(put_with("text", "text", str(17, 't'), limits), ErrorCode::kTooLarge,
               "ops[0]: text is 17 bytes; the limit is 16");
  expect_error(put_with("frame", "name", str(17, 'n'), limits), ErrorCode::kTooLarge, "name is 17 bytes");
  expect_error(put_with("image", "src", "data:image/png;base64,AAAA", limits), ErrorCode::kTooLarge,
               "src is 26 bytes");
  expect_error(put_with("rect", "fill", str(17, 'f'), limits), ErrorCode::kTooLarge, "fill is 17 bytes");
  expect_error(set_with("text", str(17, 't'), limits), ErrorCode::kTooLarge, "text is 17 bytes");
  // The default limit.
  expect_error(put_with("text", "text", str(64 * 1024 + 1, 't')), ErrorCode::kTooLarge,
               "text is 65537 bytes; the limit is 65536");
  EXPECT_TRUE(put_with("text", "text", str(64 * 1024, 't')));
}

TEST(PropertyRules, PointsLimit) {
  Limits limits;
  limits.max_points = 6;
  EXPECT_TRUE(put_with("line", "points", json::array{0, 0, 1, 1, 2, 2}, limits));
  expect_error(put_with("line", "points", json::array{0, 0, 1, 1, 2, 2, 3, 3}, limits), ErrorCode::kTooLarge,
               "ops[0]: points holds 8 numbers; the limit is 6");
  expect_error(set_with("points", json::array{0, 0, 1, 1, 2, 2, 3, 3}, limits), ErrorCode::kTooLarge,
               "points holds 8 numbers");
}

}  // namespace
}  // namespace cc::model
