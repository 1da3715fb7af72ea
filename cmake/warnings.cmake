# Warnings are errors on our own code only; third-party headers come in as SYSTEM includes.
# -Wnull-dereference is left out: at -O2, GCC 12 reports it inside Boost.Asio's any_executor
# and std::shared_ptr after inlining, where no null can occur.
add_library(cc_warnings INTERFACE)
target_compile_options(cc_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Werror
  -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Wunused
  -Woverloaded-virtual -Wdouble-promotion -Wformat=2
  -Wimplicit-fallthrough)
