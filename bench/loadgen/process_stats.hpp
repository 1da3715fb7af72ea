// CPU time and memory of this process and of the server under load, read from getrusage and
// /proc: a generator near 100% of its core measures itself, not the server.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace cc::bench {

// User + system CPU seconds of this process so far.
double own_cpu_seconds();

// utime + stime of a process, in seconds (0 if it cannot be read or pid is not positive).
double process_cpu_seconds(int pid);

// A "VmRSS:" or "VmHWM:" line of /proc/<pid>/status, in KiB ("self" for this process; 0 when
// it cannot be read).
std::int64_t process_memory_kib(std::string const& pid, std::string_view key);
std::int64_t server_memory_kib(int pid, std::string_view key);

}  // namespace cc::bench
