// A JSON number as a double, whichever way Boost.JSON stored it (int64, uint64 or double).
// Shared by validation and by anything that reads validated properties (the exporters).
#pragma once

#include <boost/json/value.hpp>

#include <optional>

namespace cc::model {

inline std::optional<double> as_number(boost::json::value const& v) noexcept {
  switch (v.kind()) {
    case boost::json::kind::int64:
      return static_cast<double>(v.get_int64());
    case boost::json::kind::uint64:
      return static_cast<double>(v.get_uint64());
    case boost::json::kind::double_:
      return v.get_double();
    default:
      return std::nullopt;
  }
}

}  // namespace cc::model
