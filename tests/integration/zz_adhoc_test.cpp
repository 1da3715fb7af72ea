#include "integration/server_process.hpp"
#include <gtest/gtest.h>
#include <iostream>
TEST(Adhoc, BadFlag) {
  try { cc::itest::ServerProcess s({"--no-such-flag"}); FAIL() << "no throw"; }
  catch (std::exception const& e) { std::cout << "MESSAGE: " << e.what() << "\n"; }
}
