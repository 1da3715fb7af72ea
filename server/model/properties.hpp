// The property rules of the document model: which properties exist, what each must hold, and
// which kinds allow or require it. One table (properties.cpp) drives parsing, Board::apply and
// loading a stored board, so the three can never disagree.
#pragma once

#include "base/error.hpp"
#include "model/kind.hpp"
#include "model/limits.hpp"

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace cc::model {

enum class PropsMode : std::uint8_t {
  kPut,  // the whole object: required properties present, no nulls
  kSet,  // some properties: null removes one, unless it is required
};

// Checks props against the rules. With a kind, only properties that kind allows pass (and in
// kPut mode, those it requires must be there); without one (a set whose target is not known
// yet) any known property passes and null is refused for properties some kind requires.
// The error message names the property but not the op; callers prefix where it is.
Status check_props(boost::json::object const& props, std::optional<Kind> kind, PropsMode mode,
                   Limits const& limits);

// "rect, ellipse, ...": every kind name, for error messages.
std::string_view kind_list() noexcept;

// Client-chosen text for an error message, in quotes, cut short (on a UTF-8 character
// boundary) so a huge key is not echoed back whole.
std::string quoted(std::string_view text);

}  // namespace cc::model
