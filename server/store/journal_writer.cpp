#include "store/journal_writer.hpp"
