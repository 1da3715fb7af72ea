#include "sync/board_actor.hpp"
