#pragma once

#include <optional>
#include <string>

#include "core/result.hpp"
#include "domain/security.hpp"

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
  // What the caller may do and see. The default, the system, may do everything: the CLI and the
  // demo loader act as the system; the HTTP layer always sets a user or key.
  domain::Principal principal;
  std::string request_id;  // for logs and audit
  std::string remote_address;
  std::optional<IdempotencyRequest> idempotency;  // creates only
};

// kPermissionDenied (403) unless the caller may `permission`; `what` names the action in the
// message ("change contacts").
Status Require(const RequestContext& ctx, domain::Permission permission, std::string_view what);

}  // namespace tertulia::service
