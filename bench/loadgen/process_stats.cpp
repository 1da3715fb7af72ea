#include "process_stats.hpp"

#include <fstream>
#include <iterator>
#include <sstream>
#include <sys/resource.h>
#include <unistd.h>

namespace cc::bench {

double own_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto const to_s = [](timeval const& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return to_s(usage.ru_utime) + to_s(usage.ru_stime);
}

double process_cpu_seconds(int pid) {
  if (pid <= 0) return 0;
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto const paren = text.rfind(')');
  if (paren == std::string::npos || paren + 2 > text.size()) return 0;
  std::istringstream fields(text.substr(paren + 2));
  std::string field;
  double utime = 0;
  double stime = 0;
  // After the command: state is field 1; utime and stime are fields 12 and 13.
  for (int i = 1; i <= 13 && fields >> field; ++i) {
    if (i == 12) utime = std::stod(field);
    if (i == 13) stime = std::stod(field);
  }
  return (utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

std::int64_t process_memory_kib(std::string const& pid, std::string_view key) {
  std::ifstream in("/proc/" + pid + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with(key)) return std::stoll(line.substr(key.size() + 1));
  }
  return 0;
}

std::int64_t server_memory_kib(int pid, std::string_view key) {
  return pid > 0 ? process_memory_kib(std::to_string(pid), key) : 0;
}

}  // namespace cc::bench
