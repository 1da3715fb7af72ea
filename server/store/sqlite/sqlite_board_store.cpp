#include "store/sqlite/sqlite_board_store.hpp"
