#include "base/error.hpp"

namespace cc {

std::string_view to_string(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::kInvalidJson:
      return "invalid_json";
    case ErrorCode::kInvalidMessage:
      return "invalid_message";
    case ErrorCode::kUnknownType:
      return "unknown_type";
    case ErrorCode::kInvalidOp:
      return "invalid_op";
    case ErrorCode::kInvalidId:
      return "invalid_id";
    case ErrorCode::kTooLarge:
      return "too_large";
    case ErrorCode::kLimitExceeded:
      return "limit_exceeded";
    case ErrorCode::kNotJoined:
      return "not_joined";
    case ErrorCode::kAlreadyJoined:
      return "already_joined";
    case ErrorCode::kUnsupported:
      return "unsupported";
    case ErrorCode::kNotFound:
      return "not_found";
    case ErrorCode::kConflict:
      return "conflict";
    case ErrorCode::kUnauthorized:
      return "unauthorized";
    case ErrorCode::kForbidden:
      return "forbidden";
    case ErrorCode::kRateLimited:
      return "rate_limited";
    case ErrorCode::kGone:
      return "gone";
    case ErrorCode::kStorage:
      return "storage_error";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

void throw_exception_from_error(Error const& e, boost::source_location const& /*loc*/) {
  throw std::runtime_error(std::string(to_string(e.code)) + ": " + e.message);
}

}  // namespace cc
