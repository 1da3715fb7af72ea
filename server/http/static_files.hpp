// Serves the built web client from a directory, safely: paths are normalised and may not
// leave the directory.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace cc::http {

struct StaticFile {
  std::string body;
  std::string_view content_type;
};

// The file at url_path under root, or nullopt if there is none (or the path is unsafe).
std::optional<StaticFile> read_static_file(std::filesystem::path const& root, std::string_view url_path);

std::string_view content_type_for(std::filesystem::path const& file);

}  // namespace cc::http
