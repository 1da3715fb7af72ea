// Errors a user (or the outside world) can cause are values: a machine code that clients
// can switch on and a human message that names what was wrong. Exceptions are kept for
// start-up failures and bugs.
#pragma once

#include <boost/system/result.hpp>

#include <source_location>
#include <stdexcept>
#include <string>
#include <string_view>

namespace cc {

// The machine codes. Their spelling is part of the wire protocol (docs/PROTOCOL.md).
enum class ErrorCode {
  kInvalidJson,     // a frame or body that is not JSON
  kInvalidMessage,  // JSON, but a missing or mistyped field, or an unknown field value
  kUnknownType,     // a message "type" the server does not know
  kInvalidOp,       // an op in a batch failed validation; nothing of the batch was applied
  kInvalidId,       // a board, object or batch id that breaks the id rules
  kTooLarge,        // a frame, string, array or batch over its limit
  kLimitExceeded,   // a board would exceed its object limit
  kNotJoined,       // a message other than hello before hello
  kAlreadyJoined,   // a second hello on the same connection
  kUnsupported,     // binary frames and other things the server does not speak
  kNotFound,        // HTTP: no such route or board
  kConflict,        // HTTP: the board or email already exists, or the last owner would go
  kUnauthorized,    // no valid access token, or wrong credentials
  kForbidden,       // a valid caller whose role does not allow this
  kRateLimited,     // too many failed logins; retry later
  kGone,            // an invitation used or expired, a board deleted too long ago
  kStorage,         // the store failed; the edit was not applied
  kInternal,        // a bug; logged with details
};

std::string_view to_string(ErrorCode code) noexcept;

struct Error {
  ErrorCode code;
  std::string message;
};

[[noreturn]] void throw_exception_from_error(Error const& e, boost::source_location const& loc);

template <class T>
using Result = boost::system::result<T, Error>;

// Success or an Error, for operations with no value to return.
using Status = boost::system::result<void, Error>;

inline Error make_error(ErrorCode code, std::string message) { return Error{code, std::move(message)}; }

}  // namespace cc
