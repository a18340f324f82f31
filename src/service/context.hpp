#pragma once

#include <optional>
#include <string>

namespace tertulia::service {

// A client's Idempotency-Key with the fingerprint of its request (method, path and body): the
// same key with another request is refused.
struct IdempotencyRequest {
  std::string key;
  std::string fingerprint;
};

// Who is asking, on whose behalf, from where. Every use case takes one.
struct RequestContext {
  std::string workspace_id;
  std::optional<std::string> user_id;  // the acting user, when known
  std::string request_id;              // for logs and audit
  std::string remote_address;
  std::optional<IdempotencyRequest> idempotency;  // creates only
};

}  // namespace tertulia::service
