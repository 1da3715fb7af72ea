// Logging set-up: one line per event on stderr, as text or as one JSON object per line.
#pragma once

#include <string>

namespace cc::app {

// Throws std::invalid_argument on an unknown level or format (checked by the config first).
void configure_logging(std::string const& level, std::string const& format);

}  // namespace cc::app
