// Size limits of the document model. All are configurable (see app/config); each one
// produces a clear error naming the limit when crossed.
#pragma once

#include <cstddef>

namespace cc::model {

struct Limits {
  std::size_t max_frame_bytes = 1u << 20;                 // one WebSocket frame or HTTP body
  std::size_t max_objects = 100'000;                      // objects on one board
  std::size_t max_ops_per_batch = 10'000;                 // ops in one batch
  std::size_t max_string_bytes = std::size_t{64} * 1024;  // any one string property
  std::size_t max_points = 100'000;                       // numbers in a points array (x,y pairs flattened)
};

}  // namespace cc::model
