#include "http/router.hpp"

#include "base/ids.hpp"
#include "http/static_files.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <charconv>
#include <optional>
#include <random>

namespace cc::http {

namespace beast = boost::beast;
namespace json = boost::json;
namespace net = boost::asio;
using beast::http::status;
using beast::http::verb;

extern const std::string_view kDevPage;

namespace {

constexpr std::size_t kDefaultPageSize = 100;
constexpr std::size_t kMaxPageSize = 1000;

struct Target {
  std::string_view path;
  std::string_view query;
};

Target split_target(std::string_view target) {
  auto q = target.find('?');
  if (q == std::string_view::npos) return {target, {}};
  return {target.substr(0, q), target.substr(q + 1)};
}

std::optional<std::string_view> query_param(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    auto amp = query.find('&');
    auto pair = query.substr(0, amp);
    auto eq = pair.find('=');
    if (pair.substr(0, eq) == name)
      return eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

// "/api/boards/<id>" -> "<id>"; nullopt if path does not start with prefix.
std::optional<std::string_view> after_prefix(std::string_view path, std::string_view prefix) {
  if (path.size() <= prefix.size() || path.substr(0, prefix.size()) != prefix) return std::nullopt;
  return path.substr(prefix.size());
}

Response text_response(Request const& request, status code, std::string body, std::string_view type) {
  Response res{code, request.version()};
  res.set(beast::http::field::server, "collabcanvas");
  res.set(beast::http::field::content_type, type);
  res.set(beast::http::field::cache_control, "no-store");
  res.keep_alive(request.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

std::string random_board_id() {
  static constexpr std::string_view kAlphabet = "abcdefghijkmnopqrstuvwxyz23456789";
  std::random_device device;
  std::mt19937_64 generator(device());
  std::uniform_int_distribution<std::size_t> pick(0, kAlphabet.size() - 1);
  std::string id(12, 'a');
  for (auto& c : id) c = kAlphabet[pick(generator)];
  return id;
}

json::object board_info_json(store::BoardInfo const& info) {
  return json::object{
      {"id", info.id}, {"seq", info.seq}, {"createdAt", info.created_ms}, {"updatedAt", info.updated_ms}};
}

}  // namespace

Response json_response(Request const& request, status code, std::string body) {
  return text_response(request, code, std::move(body), "application/json");
}

Response error_response(Request const& request, status code, Error const& error) {
  json::object body{{"error", json::object{{"code", to_string(error.code)}, {"message", error.message}}}};
  return json_response(request, code, json::serialize(body));
}

void Router::handle(Request const& request, Respond respond) {
  context_.metrics.http_requests.fetch_add(1, std::memory_order_relaxed);
  auto [path, query] = split_target(request.target());
  bool is_get = request.method() == verb::get || request.method() == verb::head;

  if (path == "/healthz" && is_get) return respond(json_response(request, status::ok, R"({"status":"ok"})"));
  if (path == "/readyz" && is_get) return readiness(request, std::move(respond));
  if (path == "/metrics" && is_get) {
    return respond(
        text_response(request, status::ok, context_.metrics.render(), "text/plain; version=0.0.4"));
  }
  if (path == "/api/boards") {
    if (request.method() == verb::post) return create_board(request, std::move(respond));
    if (is_get) return list_boards(request, std::move(respond));
    return respond(error_response(request, status::method_not_allowed,
                                  make_error(ErrorCode::kNotFound, "use GET or POST on /api/boards")));
  }
  if (auto board = after_prefix(path, "/api/boards/")) {
    if (!is_valid_id(*board)) {
      return respond(error_response(
          request, status::bad_request,
          make_error(ErrorCode::kInvalidId, "board id must be 1 to 64 characters of A-Z a-z 0-9 _ -")));
    }
    if (!is_get) {
      return respond(error_response(request, status::method_not_allowed,
                                    make_error(ErrorCode::kNotFound, "use GET on /api/boards/<id>")));
    }
    return get_board(std::string(*board), request, std::move(respond));
  }
  if (path.starts_with("/api/")) {
    return respond(
        error_response(request, status::not_found, make_error(ErrorCode::kNotFound, "no such route")));
  }
  if (auto board = after_prefix(path, "/b/"); board && is_get) {
    if (!is_valid_id(*board)) {
      return respond(
          text_response(request, status::bad_request,
                        "<!doctype html><title>Bad board id</title><p>A board id is 1 to 64 characters "
                        "of A-Z a-z 0-9 _ -.</p>",
                        "text/html; charset=utf-8"));
    }
    // The web client is a single page: every board URL serves its index.
    if (auto index = read_static_file(context_.static_dir, "/index.html")) {
      return respond(text_response(request, status::ok, std::move(index->body), index->content_type));
    }
    return respond(text_response(request, status::ok, std::string(kDevPage), "text/html; charset=utf-8"));
  }
  if (is_get) {
    if (auto file = read_static_file(context_.static_dir, path)) {
      return respond(text_response(request, status::ok, std::move(file->body), file->content_type));
    }
  }
  respond(error_response(request, status::not_found, make_error(ErrorCode::kNotFound, "no such route")));
}

void Router::readiness(Request const& request, Respond respond) {
  net::post(context_.blocking, [this, request, respond = std::move(respond)] {
    auto ping = context_.store.ping();
    if (ping) return respond(json_response(request, status::ok, R"({"status":"ready"})"));
    respond(error_response(request, status::service_unavailable, ping.error()));
  });
}

void Router::create_board(Request const& request, Respond respond) {
  std::string id;
  if (!request.body().empty()) {
    boost::system::error_code ec;
    json::value body = json::parse(request.body(), ec);
    if (ec) {
      context_.metrics.rejected_inputs.fetch_add(1, std::memory_order_relaxed);
      return respond(
          error_response(request, status::bad_request,
                         make_error(ErrorCode::kInvalidJson, "body is not valid JSON: " + ec.message())));
    }
    auto const* fields = body.if_object();
    std::optional<Error> error;
    if (fields == nullptr) error = make_error(ErrorCode::kInvalidMessage, "body must be a JSON object");
    for (auto const& field : fields != nullptr ? *fields : json::object()) {
      if (field.key() != "id") {
        error = make_error(ErrorCode::kInvalidMessage, "unknown field \"" + std::string(field.key()) + "\"");
      } else if (!field.value().is_string() || !is_valid_id(field.value().get_string())) {
        error = make_error(ErrorCode::kInvalidId, "id must be 1 to 64 characters of A-Z a-z 0-9 _ -");
      } else {
        id = field.value().get_string();
      }
    }
    if (error) {
      context_.metrics.rejected_inputs.fetch_add(1, std::memory_order_relaxed);
      return respond(error_response(request, status::bad_request, *error));
    }
  }
  if (id.empty()) id = random_board_id();
  net::post(context_.blocking, [this, request, id = std::move(id), respond = std::move(respond)] {
    auto created = context_.store.create_board(id);
    if (created)
      return respond(json_response(request, status::created, json::serialize(json::object{{"id", id}})));
    auto code =
        created.error().code == ErrorCode::kConflict ? status::conflict : status::internal_server_error;
    respond(error_response(request, code, created.error()));
  });
}

void Router::list_boards(Request const& request, Respond respond) {
  auto query = split_target(request.target()).query;
  std::string after(query_param(query, "after").value_or(""));
  std::size_t limit = kDefaultPageSize;
  if (auto text = query_param(query, "limit")) {
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), limit);
    if (ec != std::errc() || end != text->data() + text->size() || limit == 0 || limit > kMaxPageSize) {
      return respond(error_response(
          request, status::bad_request,
          make_error(ErrorCode::kInvalidMessage,
                     "limit must be a whole number from 1 to " + std::to_string(kMaxPageSize))));
    }
  }
  net::post(context_.blocking,
            [this, request, after = std::move(after), limit, respond = std::move(respond)] {
              auto boards = context_.store.list_boards(after, limit);
              if (!boards)
                return respond(error_response(request, status::internal_server_error, boards.error()));
              json::array list;
              for (auto const& info : *boards) list.push_back(board_info_json(info));
              json::object body{{"boards", std::move(list)}};
              if (boards->size() == limit) body["next"] = boards->back().id;
              respond(json_response(request, status::ok, json::serialize(body)));
            });
}

void Router::get_board(std::string board, Request const& request, Respond respond) {
  auto actor = context_.registry.attach(board);
  if (!actor) {
    return respond(error_response(request, status::service_unavailable,
                                  make_error(ErrorCode::kStorage, "the server is shutting down")));
  }
  actor->read([this, board, request, respond = std::move(respond)](Result<sync::BoardRead> read) {
    context_.registry.detach(board);
    if (!read) return respond(error_response(request, status::service_unavailable, read.error()));
    if (!read->exists) {
      return respond(
          error_response(request, status::not_found, make_error(ErrorCode::kNotFound, "no such board")));
    }
    std::string body = R"({"id":")" + board + R"(","seq":)" + std::to_string(read->seq) + R"(,"objects":)";
    body += *read->objects_json;
    body += '}';
    respond(json_response(request, status::ok, std::move(body)));
  });
}

}  // namespace cc::http
