#include "model/board.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cc::model {
namespace {

namespace json = boost::json;

// Parses and applies a batch, as the server does with a client's ops message.
Result<std::vector<Op>> apply(Board& board, std::string_view ops_json, Limits const& limits = {}) {
  auto ops = parse_ops(json::parse(ops_json), limits);
  if (!ops) return ops.error();
  return board.apply(std::move(*ops), limits);
}

void apply_ok(Board& board, std::string_view ops_json) {
  auto r = apply(board, ops_json);
  ASSERT_TRUE(r.has_value()) << r.error().message;
}

json::object props_of(Board const& board, std::string const& id) {
  auto const* object = board.find(id);
  EXPECT_NE(object, nullptr) << id;
  return object ? object->props : json::object{};
}

std::string z_of(Board const& board, std::string const& id) {
  auto const props = props_of(board, id);
  auto const* z = props.if_contains("z");
  return z && z->is_string() ? std::string(z->get_string()) : std::string();
}

// ---------------------------------------------------------------------------------------------
// Merge rules

TEST(BoardMerge, PutCreatesAndSetChangesProperties) {
  Board board;
  apply_ok(board, R"([{"op":"put","id":"r1","kind":"rect","props":{"x":1,"y":2,"fill":"#f00","z":"a0"}}])");
  ASSERT_EQ(board.size(), 1u);
  EXPECT_EQ(board.find("r1")->kind, Kind::kRect);
  apply_ok(board, R"([{"op":"set","id":"r1","props":{"fill":"#0f0","w":30}}])");
  EXPECT_EQ(props_of(board, "r1"),
            (json::object{{"x", 1}, {"y", 2}, {"fill", "#0f0"}, {"z", "a0"}, {"w", 30}}));
}

TEST(BoardMerge, LastWriterWinsPerPropertyInApplyOrder) {
  Board board;
  apply_ok(board, R"([
    {"op":"put","id":"r1","kind":"rect","props":{"x":1,"y":1}},
    {"op":"set","id":"r1","props":{"fill":"#111","x":2}},
    {"op":"set","id":"r1","props":{"fill":"#222"}},
    {"op":"set","id":"r1","props":{"y":9}}
  ])");
  apply_ok(board, R"([{"op":"set","id":"r1","props":{"fill":"#333"}}])");
  auto const props = props_of(board, "r1");
  EXPECT_EQ(props.at("fill"), "#333");
  EXPECT_EQ(props.at("x"), 2);
  EXPECT_EQ(props.at("y"), 9);
}

TEST(BoardMerge, SetNullRemovesAnOptionalProperty) {
  Board board;
  apply_ok(board,
           R"([{"op":"put","id":"r1","kind":"rect","props":{"x":1,"y":1,"fill":"#fff","locked":true}}])");
  auto r = apply(board, R"([{"op":"set","id":"r1","props":{"fill":null}}])");
  ASSERT_TRUE(r);
  auto const props = props_of(board, "r1");
  EXPECT_FALSE(props.contains("fill"));
  EXPECT_TRUE(props.contains("locked"));
  // The effective op still carries the null, so peers remove it too.
  EXPECT_TRUE(r.value()[0].props.at("fill").is_null());
}

TEST(BoardMerge, PutReplacesTheWholeObject) {
  Board board;
  apply_ok(board, R"([{"op":"put","id":"o1","kind":"rect","props":{"x":1,"y":1,"fill":"#fff","z":"a3"}}])");
  apply_ok(board,
           R"([{"op":"put","id":"o1","kind":"line","props":{"x":5,"y":6,"points":[0,0,1,1],"z":"a4"}}])");
  ASSERT_EQ(board.size(), 1u);
  EXPECT_EQ(board.find("o1")->kind, Kind::kLine);
  EXPECT_EQ(props_of(board, "o1"),
            (json::object{{"x", 5}, {"y", 6}, {"points", json::array{0, 0, 1, 1}}, {"z", "a4"}}));
}

TEST(BoardMerge, SetOrDelOnAMissingObjectIsDropped) {
  Board board;
  apply_ok(board, R"([{"op":"put","id":"a","kind":"rect","props":{"x":1,"y":1}}])");
  auto r = apply(board, R"([
    {"op":"set","id":"ghost","props":{"x":3}},
    {"op":"del","id":"ghost2"},
    {"op":"set","id":"a","props":{"x":4}}
  ])");
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ(r.value()[0].id, "a");
  EXPECT_EQ(board.size(), 1u);
  EXPECT_EQ(board.find("ghost"), nullptr);

  // A batch of nothing but dropped ops succeeds with no effective ops.
  auto none = apply(board, R"([{"op":"del","id":"nobody"}])");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST(BoardMerge, DropsSeeTheEarlierOpsOfTheSameBatch) {
  Board board;
  apply_ok(board, R"([{"op":"put","id":"a","kind":"rect","props":{"x":1,"y":1}}])");
  auto r = apply(board, R"([
    {"op":"del","id":"a"},
    {"op":"set","id":"a","props":{"x":2}},
    {"op":"put","id":"b","kind":"rect","props":{"x":1,"y":1}},
    {"op":"set","id":"b","props":{"x":7}}
  ])");
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ(r.value()[0].type, OpType::kDel);
  EXPECT_EQ(r.value()[1].type, OpType::kPut);
  EXPECT_EQ(r.value()[2].type, OpType::kSet);
  EXPECT_EQ(board.find("a"), nullptr);
  EXPECT_EQ(props_of(board, "b").at("x"), 7);
}

TEST(BoardMerge, DelThenPutRecreatesFresh) {
  Board board;
  apply_ok(board, R"([{"op":"put","id":"a","kind":"rect","props":{"x":1,"y":1,"fill":"#fff"}}])");
  apply_ok(board, R"([{"op":"del","id":"a"},{"op":"put","id":"a","kind":"ellipse","props":{"x":3,"y":4}}])");
  ASSERT_NE(board.find("a"), nullptr);
  EXPECT_EQ(board.find("a")->kind, Kind::kEllipse);
  EXPECT_FALSE(props_of(board, "a").contains("fill"));
  apply_ok(board, R"([{"op":"del","id":"a"}])");
  EXPECT_EQ(board.size(), 0u);
  EXPECT_EQ(board.find("a"), nullptr);
}

TEST(BoardMerge, SetIsCheckedAgainstTheTargetsKind) {
  Board board;
  apply_ok(board, R"([{"op":"put","id":"r","kind":"rect","props":{"x":1,"y":1}}])");
  auto r = apply(board, R"([{"op":"set","id":"r","props":{"points":[0,0,1,1]}}])");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidOp);
  EXPECT_EQ(r.error().message, "ops[0]: property \"points\" is not allowed on rect");

  // The kind the batch itself gave the id is the one that counts.
  apply_ok(board, R"([
    {"op":"put","id":"r","kind":"line","props":{"x":1,"y":1,"points":[0,0,1,1]}},
    {"op":"set","id":"r","props":{"points":[0,0,2,2],"endArrow":"arrow"}}
  ])");
  EXPECT_EQ(props_of(board, "r").at("points"), (json::array{0, 0, 2, 2}));
  auto bad = apply(board, R"([
    {"op":"del","id":"r"},
    {"op":"put","id":"r","kind":"text","props":{"x":1,"y":1}},
    {"op":"set","id":"r","props":{"endArrow":"arrow"}}
  ])");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "ops[2]: property \"endArrow\" is not allowed on text");
}

TEST(BoardMerge, ApplyRechecksOpsNotMadeByParseOps) {
  Board board;
  std::vector<Op> ops(1);
  ops[0].type = OpType::kPut;
  ops[0].id = "bad id";
  ops[0].props = json::object{{"x", 1}, {"y", 1}};
  auto r = board.apply(ops, Limits{});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidId);

  ops[0].id = "ok";
  ops[0].props = json::object{{"x", 1}};
  r = board.apply(ops, Limits{});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidOp);

  ops[0].props = json::object{{"x", 1}, {"y", 1}};
  ops[0].kind = static_cast<Kind>(42);
  r = board.apply(ops, Limits{});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidOp);

  ops[0].kind = Kind::kRect;
  ops[0].type = static_cast<OpType>(9);
  r = board.apply(ops, Limits{});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidOp);
  EXPECT_EQ(board.size(), 0u);

  ops[0].type = OpType::kPut;
  EXPECT_TRUE(board.apply(ops, Limits{}));
  EXPECT_EQ(board.size(), 1u);
}

// ---------------------------------------------------------------------------------------------
// Atomicity

TEST(BoardAtomicity, ABadFifthOpChangesNothing) {
  Board board;
  apply_ok(board, R"([
    {"op":"put","id":"keep","kind":"rect","props":{"x":1,"y":1,"fill":"#fff"}},
    {"op":"put","id":"gone","kind":"ellipse","props":{"x":2,"y":2}}
  ])");
  json::value const before = board.to_json();

  // Every op but the last is valid; the last is refused only by the board (wrong kind).
  auto r = apply(board, R"([
    {"op":"set","id":"keep","props":{"fill":"#000","x":50}},
    {"op":"del","id":"gone"},
    {"op":"put","id":"new","kind":"star","props":{"x":3,"y":3}},
    {"op":"set","id":"new","props":{"spikes":7}},
    {"op":"set","id":"keep","props":{"spikes":7}}
  ])");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidOp);
  EXPECT_TRUE(r.error().message.starts_with("ops[4]: ")) << r.error().message;
  EXPECT_EQ(json::value(board.to_json()), before);
  EXPECT_EQ(board.size(), 2u);

  // The same with the fifth op bad on its own: parse_ops refuses the batch.
  auto p = apply(board, R"([
    {"op":"set","id":"keep","props":{"fill":"#000"}},
    {"op":"del","id":"gone"},
    {"op":"put","id":"new","kind":"star","props":{"x":3,"y":3}},
    {"op":"set","id":"new","props":{"spikes":7}},
    {"op":"set","id":"keep","props":{"fill":"no colour"}}
  ])");
  ASSERT_FALSE(p);
  EXPECT_TRUE(p.error().message.starts_with("ops[4]: fill must be a colour")) << p.error().message;
  EXPECT_EQ(json::value(board.to_json()), before);
}

TEST(BoardAtomicity, ARefusedBatchDoesNotMoveTheTopOfTheStack) {
  Board board;
  apply_ok(board, R"([{"op":"put","id":"a","kind":"rect","props":{"x":1,"y":1}}])");
  EXPECT_EQ(z_of(board, "a"), "a0");
  auto r = apply(board, R"([
    {"op":"put","id":"b","kind":"rect","props":{"x":1,"y":1,"z":"c00"}},
    {"op":"set","id":"a","props":{"points":[0,0,1,1]}}
  ])");
  ASSERT_FALSE(r);
  apply_ok(board, R"([{"op":"put","id":"c","kind":"rect","props":{"x":1,"y":1}}])");
  EXPECT_EQ(z_of(board, "c"), "a1");
}

// ---------------------------------------------------------------------------------------------
// Stacking

TEST(BoardStacking, PutWithoutZIsStackedOnTop) {
  Board board;
  auto r = apply(board, R"([
    {"op":"put","id":"a","kind":"rect","props":{"x":1,"y":1}},
    {"op":"put","id":"b","kind":"rect","props":{"x":1,"y":1}}
  ])");
  ASSERT_TRUE(r);
  // The effective ops carry the server-assigned z, so journal and peers agree.
  EXPECT_EQ(r.value()[0].props.at("z"), "a0");
  EXPECT_EQ(r.value()[1].props.at("z"), "a1");
  EXPECT_EQ(z_of(board, "a"), "a0");
  EXPECT_EQ(z_of(board, "b"), "a1");

  apply_ok(board, R"([{"op":"put","id":"c","kind":"rect","props":{"x":1,"y":1,"z":"a5"}}])");
  apply_ok(board, R"([{"op":"put","id":"d","kind":"rect","props":{"x":1,"y":1}}])");
  EXPECT_EQ(z_of(board, "d"), "a6");

  // A set of z moves the top too.
  apply_ok(board, R"([{"op":"set","id":"a","props":{"z":"b00"}}])");
  apply_ok(board, R"([{"op":"put","id":"e","kind":"rect","props":{"x":1,"y":1}}])");
  EXPECT_EQ(z_of(board, "e"), "b01");

  // The top is the highest z ever applied: deleting the top object does not lower it.
  apply_ok(board, R"([{"op":"del","id":"e"},{"op":"del","id":"a"}])");
  apply_ok(board, R"([{"op":"put","id":"f","kind":"rect","props":{"x":1,"y":1}}])");
  EXPECT_EQ(z_of(board, "f"), "b02");

  // A lower explicit z does not lower it either.
  apply_ok(board, R"([{"op":"put","id":"g","kind":"rect","props":{"x":1,"y":1,"z":"Zz"}}])");
  apply_ok(board, R"([{"op":"put","id":"h","kind":"rect","props":{"x":1,"y":1}}])");
  EXPECT_EQ(z_of(board, "h"), "b03");
}

TEST(BoardStacking, ToJsonOrdersByZThenId) {
  Board board;
  apply_ok(board, R"([
    {"op":"put","id":"m","kind":"rect","props":{"x":1,"y":1,"z":"a1"}},
    {"op":"put","id":"b","kind":"rect","props":{"x":1,"y":1,"z":"a1"}},
    {"op":"put","id":"a","kind":"rect","props":{"x":1,"y":1,"z":"a2"}},
    {"op":"put","id":"low","kind":"rect","props":{"x":1,"y":1,"z":"Zz"}},
    {"op":"put","id":"cap","kind":"rect","props":{"x":1,"y":1,"z":"a0V"}},
    {"op":"put","id":"dot","kind":"rect","props":{"x":1,"y":1,"z":"a0l"}},
    {"op":"put","id":"noz2","kind":"rect","props":{"x":1,"y":1}},
    {"op":"put","id":"noz1","kind":"rect","props":{"x":1,"y":1}}
  ])");
  apply_ok(board,
           R"([{"op":"set","id":"noz2","props":{"z":null}},{"op":"set","id":"noz1","props":{"z":null}}])");
  std::vector<std::string> ids;
  for (auto const& o : board.to_json()) ids.emplace_back(o.at("id").as_string());
  // Bytewise: uppercase digits sort before lowercase ones ("a0V" < "a0l").
  EXPECT_EQ(ids, (std::vector<std::string>{"noz1", "noz2", "low", "cap", "dot", "b", "m", "a"}));
}

// ---------------------------------------------------------------------------------------------
// Limits

TEST(BoardLimits, ObjectsPerBoard) {
  Board board;
  Limits limits;
  limits.max_objects = 2;
  ASSERT_TRUE(apply(board, R"([{"op":"put","id":"a","kind":"rect","props":{"x":1,"y":1}},
                               {"op":"put","id":"b","kind":"rect","props":{"x":1,"y":1}}])",
                    limits));
  auto r = apply(board, R"([{"op":"put","id":"c","kind":"rect","props":{"x":1,"y":1}}])", limits);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(r.error().message, "board would hold 3 objects; the limit is 2");
  EXPECT_EQ(board.size(), 2u);

  // Replacing an object does not add one; deleting first makes room in the same batch.
  EXPECT_TRUE(apply(board, R"([{"op":"put","id":"a","kind":"ellipse","props":{"x":1,"y":1}}])", limits));
  EXPECT_TRUE(apply(
      board, R"([{"op":"del","id":"a"},{"op":"put","id":"c","kind":"rect","props":{"x":1,"y":1}}])", limits));
  EXPECT_EQ(board.size(), 2u);
  EXPECT_NE(board.find("c"), nullptr);

  // The count that matters is the one after the batch.
  EXPECT_TRUE(apply(
      board, R"([{"op":"put","id":"d","kind":"rect","props":{"x":1,"y":1}},{"op":"del","id":"b"}])", limits));
  EXPECT_EQ(board.size(), 2u);
}

TEST(BoardLimits, DefaultObjectLimitMessage) {
  Board board;
  std::vector<Op> ops;
  ops.reserve(10'000);
  for (int batch = 0; batch < 10; ++batch) {
    ops.clear();
    for (int i = 0; i < 10'000; ++i) {
      Op op;
      op.type = OpType::kPut;
      op.id = "o" + std::to_string(batch * 10'000 + i);
      op.props = json::object{{"x", i}, {"y", batch}};
      ops.push_back(std::move(op));
    }
    ASSERT_TRUE(board.apply(std::move(ops), Limits{}));
  }
  ASSERT_EQ(board.size(), 100'000u);
  std::vector<Op> one(1);
  one[0].id = "straw";
  one[0].props = json::object{{"x", 0}, {"y", 0}};
  auto r = board.apply(std::move(one), Limits{});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(r.error().message, "board would hold 100001 objects; the limit is 100000");
}

TEST(BoardLimits, OpsPerBatchInApply) {
  Board board;
  Limits limits;
  limits.max_ops_per_batch = 1;
  std::vector<Op> ops(2);
  ops[0].type = ops[1].type = OpType::kDel;
  ops[0].id = "a";
  ops[1].id = "b";
  auto r = board.apply(std::move(ops), limits);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kTooLarge);
}

// ---------------------------------------------------------------------------------------------
// Snapshots and replay

char const* const kMixedBatch = R"([
  {"op":"put","id":"f1","kind":"frame","props":{"x":0,"y":0,"w":800,"h":600,"name":"Plan","fill":"#fafafa"}},
  {"op":"put","id":"r1","kind":"rect","props":{"x":10,"y":10,"w":100,"h":50,"fill":"#f00","parent":"f1","cornerRadius":4}},
  {"op":"put","id":"s1","kind":"star","props":{"x":1.5,"y":-2.25,"spikes":6,"innerRatio":0.4,"text":"★ héllo"}},
  {"op":"put","id":"l1","kind":"arrow","props":{"x":0,"y":0,"points":[0,0,100,100,200,0],"endArrow":"triangle"}},
  {"op":"put","id":"i1","kind":"image","props":{"x":5,"y":5,"src":"data:image/png;base64,AAAA","alt":"logo","z":"Zz"}},
  {"op":"put","id":"t1","kind":"text","props":{"x":5,"y":5,"text":"hi","fontFamily":"Inter","textAlign":"right"}},
  {"op":"set","id":"r1","props":{"opacity":0.5,"fill":null}}
])";

TEST(BoardSnapshot, ToJsonFromJsonRoundTrip) {
  Board board;
  apply_ok(board, kMixedBatch);
  json::value const snapshot = board.to_json();
  auto loaded = Board::from_json(snapshot, Limits{});
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_EQ(loaded->size(), board.size());
  EXPECT_EQ(json::value(loaded->to_json()), snapshot);
  // Through text as well, as a stored snapshot travels.
  auto reparsed = Board::from_json(json::parse(json::serialize(snapshot)), Limits{});
  ASSERT_TRUE(reparsed);
  EXPECT_EQ(json::value(reparsed->to_json()), snapshot);

  auto const& first = snapshot.as_array().at(0).as_object();
  EXPECT_EQ(first.at("id"), "i1");
  EXPECT_EQ(first.at("kind"), "image");
  EXPECT_EQ(first.at("props").at("alt"), "logo");
}

TEST(BoardSnapshot, FromJsonKeepsTheTopOfTheStack) {
  auto loaded = Board::from_json(json::parse(R"([{"id":"a","kind":"rect","props":{"x":1,"y":1,"z":"b05"}},
                      {"id":"b","kind":"rect","props":{"x":1,"y":1,"z":"a7"}},
                      {"id":"c","kind":"rect","props":{"x":1,"y":1}}])"),
                                 Limits{});
  ASSERT_TRUE(loaded) << loaded.error().message;
  Board board = std::move(*loaded);
  apply_ok(board, R"([{"op":"put","id":"d","kind":"rect","props":{"x":1,"y":1}}])");
  EXPECT_EQ(z_of(board, "d"), "b06");
}

TEST(BoardSnapshot, FromJsonValidatesEveryObject) {
  struct Bad {
    char const* json;
    ErrorCode code;
    char const* message;
  };
  Bad const cases[] = {
      {R"({"id":"a"})", ErrorCode::kInvalidMessage, "objects must be an array"},
      {R"([5])", ErrorCode::kInvalidMessage, "objects[0]: an object must be a JSON object"},
      {R"([{"id":"a","kind":"rect","props":{"x":1,"y":1}},{"id":"b c","kind":"rect","props":{"x":1,"y":1}}])",
       ErrorCode::kInvalidId, "objects[1]: id must be"},
      {R"([{"id":"a","kind":"rect","props":{"x":1,"y":1}},{"id":"a","kind":"rect","props":{"x":1,"y":1}}])",
       ErrorCode::kInvalidMessage, "objects[1]: id \"a\" appears more than once"},
      {R"([{"id":"a","kind":"blob","props":{"x":1,"y":1}}])", ErrorCode::kInvalidOp,
       "objects[0]: kind must be one of"},
      {R"([{"id":"a","kind":"rect","props":{"x":1,"y":1,"fill":"nope"}}])", ErrorCode::kInvalidOp,
       "objects[0]: fill must be a colour"},
      {R"([{"id":"a","kind":"rect","props":{"x":1,"y":1,"points":[0,0,1,1]}}])", ErrorCode::kInvalidOp,
       "objects[0]: property \"points\" is not allowed on rect"},
      {R"([{"id":"a","kind":"line","props":{"x":1,"y":1}}])", ErrorCode::kInvalidOp,
       "objects[0]: property \"points\" is required on line"},
      {R"([{"id":"a","kind":"rect","props":{"x":1,"y":1},"extra":true}])", ErrorCode::kInvalidMessage,
       "objects[0]: unknown field \"extra\""},
      {R"([{"id":"a","kind":"rect"}])", ErrorCode::kInvalidMessage, "objects[0]: props is required"},
      {R"([{"kind":"rect","props":{"x":1,"y":1}}])", ErrorCode::kInvalidMessage,
       "objects[0]: id is required"},
  };
  for (auto const& c : cases) {
    auto r = Board::from_json(json::parse(c.json), Limits{});
    ASSERT_FALSE(r) << c.json;
    EXPECT_EQ(r.error().code, c.code) << c.json << ": " << r.error().message;
    EXPECT_TRUE(r.error().message.starts_with(c.message)) << r.error().message << " | wanted: " << c.message;
  }

  Limits limits;
  limits.max_objects = 1;
  auto r = Board::from_json(json::parse(R"([{"id":"a","kind":"rect","props":{"x":1,"y":1}},
                                             {"id":"b","kind":"rect","props":{"x":1,"y":1}}])"),
                            limits);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(r.error().message, "board would hold 2 objects; the limit is 1");
}

TEST(BoardReplay, ReplayOfEffectiveOpsRebuildsTheBoard) {
  Board live;
  std::vector<Op> journal;
  for (std::string_view batch :
       {std::string_view(kMixedBatch),
        std::string_view(R"([{"op":"del","id":"t1"},{"op":"set","id":"ghost","props":{"x":1}}])"),
        std::string_view(R"([{"op":"put","id":"n1","kind":"sticky","props":{"x":1,"y":1,"text":"note"}}])"),
        std::string_view(R"([{"op":"set","id":"n1","props":{"z":"a0"}}])")}) {
    auto r = apply(live, batch);
    ASSERT_TRUE(r) << r.error().message;
    for (auto& op : *r) journal.push_back(std::move(op));
  }
  Board replayed;
  replayed.replay(journal);
  EXPECT_EQ(json::value(replayed.to_json()), json::value(live.to_json()));
  // And the top of the stack came back too.
  apply_ok(live, R"([{"op":"put","id":"top","kind":"rect","props":{"x":1,"y":1}}])");
  apply_ok(replayed, R"([{"op":"put","id":"top","kind":"rect","props":{"x":1,"y":1}}])");
  EXPECT_EQ(z_of(replayed, "top"), z_of(live, "top"));
}

TEST(BoardReplay, MalformedOpsAreSkipped) {
  std::vector<Op> journal(6);
  journal[0].type = OpType::kPut;
  journal[0].id = "good";
  journal[0].props = json::object{{"x", 1}, {"y", 1}, {"z", "a0"}};
  journal[1].type = OpType::kPut;
  journal[1].id = "bad id";
  journal[1].props = json::object{{"x", 1}, {"y", 1}};
  journal[2].type = OpType::kPut;
  journal[2].id = "nox";
  journal[2].props = json::object{{"y", 1}};
  journal[3].type = OpType::kSet;
  journal[3].id = "good";
  journal[3].props = json::object{{"points", json::array{0, 0, 1, 1}}};
  journal[4].type = OpType::kSet;
  journal[4].id = "missing";
  journal[4].props = json::object{{"x", 5}};
  journal[5].type = OpType::kSet;
  journal[5].id = "good";
  journal[5].props = json::object{{"x", 9}};
  Board board;
  board.replay(journal);
  EXPECT_EQ(board.size(), 1u);
  EXPECT_EQ(props_of(board, "good"), (json::object{{"x", 9}, {"y", 1}, {"z", "a0"}}));
  // Replay does not apply today's size limits to what was accepted before.
  std::vector<Op> big(1);
  big[0].type = OpType::kPut;
  big[0].id = "big";
  big[0].kind = Kind::kText;
  big[0].props = json::object{{"x", 1}, {"y", 1}, {"text", std::string(100'000, 'b')}};
  board.replay(big);
  EXPECT_NE(board.find("big"), nullptr);
}

}  // namespace
}  // namespace cc::model
