// /api/boards: create, list (the dashboard), read, rename, delete, restore, thumbnail.
#include "base/ids.hpp"
#include "export/thumbnail_svg.hpp"
#include "http/api/api_json.hpp"
#include "http/api/api_router.hpp"
#include "model/board.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <random>

namespace cc::http::api {

namespace json = boost::json;
namespace http = boost::beast::http;
namespace net = boost::asio;
using model::Role;

namespace {

constexpr std::size_t kMaxBoardName = 100;  // characters
constexpr std::size_t kMaxDescription = 1000;
constexpr std::int64_t kRestoreWindowMs = 30LL * 24 * 60 * 60 * 1000;
constexpr std::string_view kDefaultName = "Untitled board";

std::string random_board_id() {
  static constexpr std::string_view kAlphabet = "abcdefghijkmnopqrstuvwxyz23456789";
  std::random_device device;
  std::mt19937_64 generator(device());
  std::uniform_int_distribution<std::size_t> pick(0, kAlphabet.size() - 1);
  std::string id(12, 'a');
  for (auto& c : id) c = kAlphabet[pick(generator)];
  return id;
}

std::size_t utf8_length(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

std::string trim(std::string text) {
  auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

// A board name: trimmed, 1 to 100 characters, no control characters.
Result<std::optional<std::string>> board_name(JsonBody const& body) {
  auto name = body.optional_string("name", kMaxBoardName * 4, /*allow_empty=*/true);
  if (!name || !*name) return name;
  std::string trimmed = trim(std::move(**name));
  if (trimmed.empty()) return make_error(ErrorCode::kInvalidMessage, "name must not be blank");
  if (utf8_length(trimmed) > kMaxBoardName) {
    return make_error(ErrorCode::kTooLarge,
                      "name is longer than " + std::to_string(kMaxBoardName) + " characters");
  }
  for (unsigned char c : trimmed) {
    if (c < 0x20 || c == 0x7F)
      return make_error(ErrorCode::kInvalidMessage, "name must not contain control characters");
  }
  return std::optional<std::string>(std::move(trimmed));
}

void reject(ServerContext& context, CallPtr const& call, Error const& error) {
  context.metrics.rejected_inputs.fetch_add(1, std::memory_order_relaxed);
  call->fail(error);
}

// The board as the caller sees it, or the error to answer.
Result<json::object> board_for(ServerContext& context, std::string const& board, Role role) {
  auto meta = context.accounts.find_board(board);
  if (!meta) return meta.error();
  if (!*meta) return make_error(ErrorCode::kNotFound, "no such board");
  return board_json(**meta, role);
}

// Reads the board's durable content from its actor and hands it to done on the blocking pool.
void with_content(ServerContext& context, CallPtr const& call, std::string const& board,
                  std::function<void(sync::BoardRead)> done) {
  auto actor = context.registry.attach(board);
  if (!actor) return call->fail(make_error(ErrorCode::kStorage, "the server is shutting down"));
  actor->read([&context, call, board, done = std::move(done)](Result<sync::BoardRead> read) mutable {
    context.registry.detach(board);
    if (!read) return call->fail(read.error());
    net::post(context.blocking,
              [read = std::move(*read), done = std::move(done)]() mutable { done(std::move(read)); });
  });
}

}  // namespace

void create_board(ServerContext& context, CallPtr const& call) {
  auto body = JsonBody::parse(call->request.body(), {"name", "description", "id"}, /*empty_ok=*/true);
  if (!body) return reject(context, call, body.error());
  auto name = board_name(*body);
  if (!name) return reject(context, call, name.error());
  auto description = body->optional_string("description", kMaxDescription, /*allow_empty=*/true);
  if (!description) return reject(context, call, description.error());
  auto id = body->optional_string("id", 64);
  if (!id) return reject(context, call, id.error());
  if (*id && !is_valid_id(**id)) {
    return reject(context, call,
                  make_error(ErrorCode::kInvalidId, "id must be 1 to 64 characters of A-Z a-z 0-9 _ -"));
  }
  auto const now = now_ms();
  store::BoardMeta meta;
  meta.id = *id ? std::move(**id) : random_board_id();
  meta.name = *name ? std::move(**name) : std::string(kDefaultName);
  meta.description = *description ? std::move(**description) : std::string();
  meta.owner = store::UserRef{call->principal.user, call->principal.name};
  meta.created_ms = meta.updated_ms = now;
  auto created = context.accounts.create_board(meta, call->principal.user, now);
  if (!created) {
    if (created.error().code == ErrorCode::kConflict) {
      return call->fail(make_error(ErrorCode::kConflict, "a board with this id exists"));
    }
    return call->fail(created.error());
  }
  auto board = board_for(context, meta.id, Role::kOwner);
  if (!board) return call->fail(board.error());
  call->answer(json_ok(call->request, json::object{{"board", std::move(*board)}}, http::status::created));
}

void list_boards(ServerContext& context, CallPtr const& call) {
  std::string_view target = call->request.target();
  store::BoardQuery query;
  query.user = call->principal.user;
  auto sort = query_param(target, "sort").value_or("updated");
  if (sort == "name") {
    query.sort = store::BoardSort::kName;
    query.descending = false;
  } else if (sort == "updated") {
    query.sort = store::BoardSort::kUpdated;
    query.descending = true;
  } else {
    return reject(context, call, make_error(ErrorCode::kInvalidMessage, "sort must be updated or name"));
  }
  if (auto order = query_param(target, "order")) {
    if (*order != "asc" && *order != "desc") {
      return reject(context, call, make_error(ErrorCode::kInvalidMessage, "order must be asc or desc"));
    }
    query.descending = *order == "desc";
  }
  if (auto q = query_param(target, "q")) {
    auto decoded = url_decode(*q);
    if (!decoded || decoded->size() > kMaxBoardName * 4) {
      return reject(
          context, call,
          make_error(ErrorCode::kInvalidMessage, "q must be a URL-encoded name of at most 100 characters"));
    }
    query.search = std::move(*decoded);
  }
  if (auto deleted = query_param(target, "deleted")) {
    if (*deleted != "0" && *deleted != "1") {
      return reject(context, call, make_error(ErrorCode::kInvalidMessage, "deleted must be 0 or 1"));
    }
    query.deleted = *deleted == "1";
  }
  auto offset = size_param(target, "offset", 0, 0, 1'000'000'000);
  if (!offset) return reject(context, call, offset.error());
  auto limit = size_param(target, "limit", 50, 1, 200);
  if (!limit) return reject(context, call, limit.error());
  query.offset = *offset;
  query.limit = *limit;

  auto page = context.accounts.list_boards(query);
  if (!page) return call->fail(page.error());
  json::array boards;
  boards.reserve(page->boards.size());
  for (auto const& listing : page->boards) boards.push_back(board_json(listing.board, listing.role));
  call->answer(json_ok(call->request, json::object{{"boards", std::move(boards)}, {"total", page->total}}));
}

void get_board(ServerContext& context, CallPtr const& call) {
  auto const& board = call->param(0);
  auto role = require_role(context, *call, board, Role::kViewer);
  if (!role) return call->fail(role.error());
  auto meta = board_for(context, board, *role);
  if (!meta) return call->fail(meta.error());
  if (query_param(call->request.target(), "objects") == "0") {
    return call->answer(json_ok(call->request, std::move(*meta)));
  }
  with_content(context, call, board, [call, meta = std::move(*meta)](sync::BoardRead read) mutable {
    meta["seq"] = read.seq;
    // The objects are already JSON: spliced in rather than parsed and serialized again.
    std::string body = json::serialize(meta);
    body.pop_back();
    body += R"(,"objects":)";
    body += *read.objects_json;
    body += '}';
    call->answer(json_response(call->request, http::status::ok, std::move(body)));
  });
}

void update_board(ServerContext& context, CallPtr const& call) {
  auto const& board = call->param(0);
  auto body = JsonBody::parse(call->request.body(), {"name", "description"});
  if (!body) return reject(context, call, body.error());
  auto name = board_name(*body);
  if (!name) return reject(context, call, name.error());
  auto description = body->optional_string("description", kMaxDescription, /*allow_empty=*/true);
  if (!description) return reject(context, call, description.error());
  if (!*name && !*description) {
    return reject(context, call, make_error(ErrorCode::kInvalidMessage, "give a name or a description"));
  }
  auto role = require_role(context, *call, board, Role::kEditor);
  if (!role) return call->fail(role.error());
  auto updated = context.accounts.update_board(board, std::move(*name), std::move(*description),
                                               call->principal.user, now_ms());
  if (!updated) return call->fail(updated.error());
  auto meta = board_for(context, board, *role);
  if (!meta) return call->fail(meta.error());
  call->answer(json_ok(call->request, json::object{{"board", std::move(*meta)}}));
}

void delete_board(ServerContext& context, CallPtr const& call) {
  auto const& board = call->param(0);
  auto role = require_role(context, *call, board, Role::kOwner);
  if (!role) return call->fail(role.error());
  auto deleted = context.accounts.delete_board(board, call->principal.user, now_ms());
  if (!deleted) return call->fail(deleted.error());
  if (auto actor = context.registry.find_open(board))
    actor->close_all(sync::CloseCode::kNotFound, "the board was deleted");
  call->answer(no_content(call->request));
}

void restore_board(ServerContext& context, CallPtr const& call) {
  auto const& board = call->param(0);
  auto role = context.accounts.role_of(board, call->principal.user, /*include_deleted=*/true);
  if (!role) return call->fail(role.error());
  if (!*role) return call->fail(make_error(ErrorCode::kNotFound, "no such board"));
  if (**role != Role::kOwner)
    return call->fail(make_error(ErrorCode::kForbidden, "only an owner can restore a board"));
  auto const now = now_ms();
  auto restored = context.accounts.restore_board(board, call->principal.user, now, now - kRestoreWindowMs);
  if (!restored) return call->fail(restored.error());
  auto meta = board_for(context, board, Role::kOwner);
  if (!meta) return call->fail(meta.error());
  call->answer(json_ok(call->request, json::object{{"board", std::move(*meta)}}));
}

void board_thumbnail(ServerContext& context, CallPtr const& call) {
  auto const& board = call->param(0);
  auto role = require_role(context, *call, board, Role::kViewer);
  if (!role) return call->fail(role.error());
  with_content(context, call, board, [call](sync::BoardRead read) {
    std::string etag = "\"" + std::to_string(read.seq) + "\"";
    if (call->request[http::field::if_none_match] == etag) {
      Response res{http::status::not_modified, call->request.version()};
      res.set(http::field::etag, etag);
      res.keep_alive(call->request.keep_alive());
      res.prepare_payload();
      return call->answer(std::move(res));
    }
    boost::system::error_code ec;
    json::value objects = json::parse(*read.objects_json, ec);
    constexpr model::Limits kUnlimited{SIZE_MAX, SIZE_MAX, SIZE_MAX, SIZE_MAX, SIZE_MAX};
    auto parsed = ec ? Result<model::Board>(make_error(ErrorCode::kStorage, "stored board is not JSON"))
                     : model::Board::from_json(objects, kUnlimited);
    if (!parsed) return call->fail(parsed.error());
    Response res{http::status::ok, call->request.version()};
    res.set(http::field::server, "collabcanvas");
    res.set(http::field::content_type, "image/svg+xml");
    res.set(http::field::cache_control, "private, no-cache");
    res.set(http::field::etag, etag);
    res.keep_alive(call->request.keep_alive());
    res.body() = exporting::render_thumbnail_svg(*parsed);
    res.prepare_payload();
    call->answer(std::move(res));
  });
}

}  // namespace cc::http::api
