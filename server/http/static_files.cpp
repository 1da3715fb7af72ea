#include "http/static_files.hpp"

#include <array>
#include <fstream>
#include <sstream>
#include <utility>

namespace cc::http {

namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 14> kContentTypes{{
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".webp", "image/webp"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".txt", "text/plain; charset=utf-8"},
    {".map", "application/json"},
    {".wasm", "application/wasm"},
}};

// Accepts only paths made of plain segments: no "..", no "." segments, no backslashes,
// no NULs. What remains cannot escape the root.
bool is_safe(std::string_view url_path) {
  if (url_path.empty() || url_path.front() != '/') return false;
  std::size_t start = 1;
  while (start <= url_path.size()) {
    auto end = url_path.find('/', start);
    if (end == std::string_view::npos) end = url_path.size();
    auto segment = url_path.substr(start, end - start);
    if (segment == ".." || segment == ".") return false;
    for (char c : segment) {
      if (c == '\\' || c == '\0') return false;
    }
    start = end + 1;
  }
  return true;
}

}  // namespace

std::string_view content_type_for(std::filesystem::path const& file) {
  auto extension = file.extension().string();
  for (auto const& [ext, type] : kContentTypes) {
    if (ext == extension) return type;
  }
  return "application/octet-stream";
}

std::optional<StaticFile> read_static_file(std::filesystem::path const& root, std::string_view url_path) {
  if (root.empty() || !is_safe(url_path)) return std::nullopt;
  std::filesystem::path file = root / std::filesystem::path(url_path.substr(1));
  if (url_path.back() == '/') file /= "index.html";
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream content;
  content << in.rdbuf();
  return StaticFile{std::move(content).str(), content_type_for(file)};
}

}  // namespace cc::http
