# Warnings are errors on our own code only; third-party headers come in as SYSTEM includes.
add_library(cc_warnings INTERFACE)
target_compile_options(cc_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Werror
  -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Wunused
  -Woverloaded-virtual -Wnull-dereference -Wdouble-promotion -Wformat=2
  -Wimplicit-fallthrough)
