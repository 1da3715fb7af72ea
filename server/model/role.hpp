// What a person may do on a board. Part of the model because the rules of who may change a
// board are as much a part of it as the rules of how changes merge; the store persists roles
// and the sync layer enforces them per connection.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace cc::model {

// Ordered: a higher role can do everything a lower one can.
enum class Role : std::uint8_t {
  kViewer = 1,  // sees the board live, presence included; changes nothing
  kEditor = 2,  // edits objects, renames the board; cannot delete it or manage members
  kOwner = 3,   // everything; a board always keeps at least one owner
};

constexpr std::string_view to_string(Role role) noexcept {
  switch (role) {
    case Role::kViewer:
      return "viewer";
    case Role::kEditor:
      return "editor";
    case Role::kOwner:
      return "owner";
  }
  return "viewer";
}

constexpr std::optional<Role> parse_role(std::string_view text) noexcept {
  if (text == "viewer") return Role::kViewer;
  if (text == "editor") return Role::kEditor;
  if (text == "owner") return Role::kOwner;
  return std::nullopt;
}

constexpr bool can_edit(Role role) noexcept { return role >= Role::kEditor; }
constexpr bool can_manage(Role role) noexcept { return role == Role::kOwner; }

}  // namespace cc::model
