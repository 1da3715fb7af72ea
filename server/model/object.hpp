// An object on a board: its kind and its properties. The object's id is the key it is
// stored under in Board.
#pragma once

#include "model/kind.hpp"

#include <boost/json/object.hpp>

namespace cc::model {

struct Object {
  Kind kind = Kind::kRect;
  boost::json::object props;  // validated: only properties the kind allows, each well-typed
};

}  // namespace cc::model
