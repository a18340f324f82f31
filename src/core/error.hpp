#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tertulia {

// The short list of failure kinds. Pick the first that fits:
// - kInvalidArgument: the caller sent something malformed, whatever the state (bad e-mail, unknown
//   enum value). Field errors say which field.
// - kNotFound: the record does not exist, or the caller may not see it.
// - kAlreadyExists: a create collided with a record that has the same unique key.
// - kFailedPrecondition: the request is well-formed but the state forbids it (stale If-Match
//   version, deleting a stage that still holds opportunities). Do not retry until the state
//   changes.
// - kAborted: a concurrency conflict; retrying the whole operation may succeed.
// - kUnavailable: a dependency (the database, a peer) is down or busy; retry later.
// - kUnauthenticated: no valid credentials.
// - kPermissionDenied: valid credentials, but not allowed to do this.
// - kResourceExhausted: a quota, rate limit or queue is full.
// - kInternal: a bug or an invariant broken; the client sees a generic message.
enum class ErrorCode {
  kInvalidArgument,
  kNotFound,
  kAlreadyExists,
  kFailedPrecondition,
  kAborted,
  kUnavailable,
  kUnauthenticated,
  kPermissionDenied,
  kResourceExhausted,
  kInternal,
};

// "invalid_argument", "not_found", ... as used on the wire and in logs.
std::string_view ErrorCodeName(ErrorCode code);

// One bad input field: `field` is a JSON-pointer-like path ("emails[1].address").
struct FieldError {
  std::string field;
  std::string message;

  friend bool operator==(const FieldError&, const FieldError&) = default;
};

// A failure as a cheap value. `message` is safe to show to the client; `log_detail` (optional)
// carries what only the log may see, such as an SQLite error text.
class Error {
 public:
  Error(ErrorCode code, std::string message, std::vector<FieldError> fields = {},
        std::string log_detail = {});

  static Error InvalidArgument(std::string message, std::vector<FieldError> fields = {});
  static Error InvalidField(std::string field, std::string message);
  static Error NotFound(std::string message);
  static Error AlreadyExists(std::string message);
  static Error FailedPrecondition(std::string message);
  static Error Aborted(std::string message);
  static Error Unavailable(std::string message, std::string log_detail = {});
  static Error Unauthenticated(std::string message);
  static Error PermissionDenied(std::string message);
  static Error ResourceExhausted(std::string message);
  static Error Internal(std::string log_detail);

  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::vector<FieldError>& fields() const { return fields_; }
  const std::string& log_detail() const { return log_detail_; }

  // "not_found: contact 01H... does not exist" (+ field errors and log detail), for logs and tests.
  std::string ToString() const;

 private:
  ErrorCode code_;
  std::string message_;
  std::vector<FieldError> fields_;
  std::string log_detail_;
};

}  // namespace tertulia
