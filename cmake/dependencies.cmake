# Every dependency is a Debian 12 package; scripts/install-deps.sh installs them.
find_package(Threads REQUIRED)
find_package(Boost 1.81.0 EXACT REQUIRED COMPONENTS json CONFIG)
find_package(SQLite3 REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(CURL REQUIRED)
find_package(spdlog REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(sodium REQUIRED IMPORTED_TARGET libsodium)

# Boost.Asio/Beast are header-only; these definitions keep their compile time and code size down.
add_library(cc_boost INTERFACE)
target_link_libraries(cc_boost INTERFACE Boost::headers Boost::json Threads::Threads)
target_compile_definitions(cc_boost INTERFACE
  BOOST_ASIO_NO_DEPRECATED
  BOOST_ASIO_DISABLE_CONCEPTS)
