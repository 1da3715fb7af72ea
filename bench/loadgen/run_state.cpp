#include "run_state.hpp"

namespace cc::bench {

void ThreadStats::merge(ThreadStats const& other) {
  ack_latency.merge(other.ack_latency);
  delivery_latency.merge(other.delivery_latency);
  sent_batches += other.sent_batches;
  sent_ops += other.sent_ops;
  acked_batches += other.acked_batches;
  acked_ops_in_window += other.acked_ops_in_window;
  acked_batches_in_window += other.acked_batches_in_window;
  delivered_batches_in_window += other.delivered_batches_in_window;
  delivered_ops_in_window += other.delivered_ops_in_window;
  errors += other.errors;
  for (auto const& [code, n] : other.error_codes) error_codes[code] += n;
  disconnects += other.disconnects;
  unacked_at_close += other.unacked_at_close;
}

}  // namespace cc::bench
