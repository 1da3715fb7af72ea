#include "sync/metrics.hpp"

#include <charconv>

namespace cc::sync {
namespace {

template <class T>
void render_value(std::string& out, std::string_view name, std::string_view type, std::string_view help,
                  T value) {
  out.append("# HELP ").append(name).append(" ").append(help).append("\n");
  out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
  out.append(name).append(" ").append(std::to_string(value)).append("\n");
}

std::string format_double(double value) {
  std::array<char, 32> buffer{};
  auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  return std::string(buffer.data(), result.ptr);
}

}  // namespace

void LatencyHistogram::observe(std::chrono::nanoseconds duration) noexcept {
  double seconds = std::chrono::duration<double>(duration).count();
  for (std::size_t i = 0; i < kBucketsSeconds.size(); ++i) {
    if (seconds <= kBucketsSeconds[i]) {
      buckets_[i].fetch_add(1, std::memory_order_relaxed);
      break;
    }
  }
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_ns_.fetch_add(static_cast<std::uint64_t>(duration.count()), std::memory_order_relaxed);
}

void LatencyHistogram::render(std::string& out, std::string_view name, std::string_view help) const {
  out.append("# HELP ").append(name).append(" ").append(help).append("\n");
  out.append("# TYPE ").append(name).append(" histogram\n");
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < kBucketsSeconds.size(); ++i) {
    cumulative += buckets_[i].load(std::memory_order_relaxed);
    out.append(name).append("_bucket{le=\"").append(format_double(kBucketsSeconds[i])).append("\"} ");
    out.append(std::to_string(cumulative)).append("\n");
  }
  auto count = count_.load(std::memory_order_relaxed);
  out.append(name).append("_bucket{le=\"+Inf\"} ").append(std::to_string(count)).append("\n");
  out.append(name)
      .append("_sum ")
      .append(format_double(static_cast<double>(sum_ns_.load()) / 1e9))
      .append("\n");
  out.append(name).append("_count ").append(std::to_string(count)).append("\n");
}

std::string Metrics::render() const {
  std::string out;
  out.reserve(4096);
  render_value(out, "collabcanvas_connections", "gauge", "Open WebSocket connections.", connections.load());
  render_value(out, "collabcanvas_boards_open", "gauge", "Boards loaded in memory.", boards_open.load());
  render_value(out, "collabcanvas_batches_applied_total", "counter", "Batches applied to boards.",
               batches_applied.load());
  render_value(out, "collabcanvas_ops_applied_total", "counter", "Effective ops applied to boards.",
               ops_applied.load());
  render_value(out, "collabcanvas_batches_deduplicated_total", "counter",
               "Re-sent batches recognised and acknowledged again without applying.",
               batches_deduplicated.load());
  render_value(out, "collabcanvas_send_queue_closes_total", "counter",
               "Connections closed because their send queue overflowed.", send_queue_closes.load());
  render_value(out, "collabcanvas_rejected_inputs_total", "counter",
               "Client messages and HTTP requests rejected as invalid.", rejected_inputs.load());
  render_value(out, "collabcanvas_http_requests_total", "counter", "HTTP requests served.",
               http_requests.load());
  render_value(out, "collabcanvas_commits_total", "counter", "Group commits of the journal.", commits.load());
  render_value(out, "collabcanvas_commit_failures_total", "counter", "Group commits that failed.",
               commit_failures.load());
  commit_seconds.render(out, "collabcanvas_commit_seconds", "Duration of each group commit.");
  return out;
}

}  // namespace cc::sync
