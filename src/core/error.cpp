#include "core/error.hpp"

#include <utility>

namespace tertulia {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return "invalid_argument";
    case ErrorCode::kNotFound:
      return "not_found";
    case ErrorCode::kAlreadyExists:
      return "already_exists";
    case ErrorCode::kFailedPrecondition:
      return "failed_precondition";
    case ErrorCode::kAborted:
      return "aborted";
    case ErrorCode::kUnavailable:
      return "unavailable";
    case ErrorCode::kUnauthenticated:
      return "unauthenticated";
    case ErrorCode::kPermissionDenied:
      return "permission_denied";
    case ErrorCode::kResourceExhausted:
      return "resource_exhausted";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

Error::Error(ErrorCode code, std::string message, std::vector<FieldError> fields,
             std::string log_detail)
    : code_(code),
      message_(std::move(message)),
      fields_(std::move(fields)),
      log_detail_(std::move(log_detail)) {}

Error Error::InvalidArgument(std::string message, std::vector<FieldError> fields) {
  return {ErrorCode::kInvalidArgument, std::move(message), std::move(fields)};
}
Error Error::InvalidField(std::string field, std::string message) {
  std::string summary = field + ": " + message;
  return {ErrorCode::kInvalidArgument,
          std::move(summary),
          {FieldError{std::move(field), std::move(message)}}};
}
Error Error::NotFound(std::string message) { return {ErrorCode::kNotFound, std::move(message)}; }
Error Error::AlreadyExists(std::string message) {
  return {ErrorCode::kAlreadyExists, std::move(message)};
}
Error Error::FailedPrecondition(std::string message) {
  return {ErrorCode::kFailedPrecondition, std::move(message)};
}
Error Error::Aborted(std::string message) { return {ErrorCode::kAborted, std::move(message)}; }
Error Error::Unavailable(std::string message, std::string log_detail) {
  return {ErrorCode::kUnavailable, std::move(message), {}, std::move(log_detail)};
}
Error Error::Unauthenticated(std::string message) {
  return {ErrorCode::kUnauthenticated, std::move(message)};
}
Error Error::PermissionDenied(std::string message) {
  return {ErrorCode::kPermissionDenied, std::move(message)};
}
Error Error::ResourceExhausted(std::string message) {
  return {ErrorCode::kResourceExhausted, std::move(message)};
}
Error Error::Internal(std::string log_detail) {
  return {ErrorCode::kInternal, "internal error", {}, std::move(log_detail)};
}

std::string Error::ToString() const {
  std::string out{ErrorCodeName(code_)};
  out += ": ";
  out += message_;
  for (const auto& field : fields_) {
    out += " [" + field.field + ": " + field.message + "]";
  }
  if (!log_detail_.empty()) out += " (" + log_detail_ + ")";
  return out;
}

}  // namespace tertulia
