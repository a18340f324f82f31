#pragma once

#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "http/message.hpp"

namespace tertulia::http {

// The one place where error codes become HTTP statuses.
int StatusFor(ErrorCode code);

// An RFC 9457 application/problem+json response:
// {type, title, status, detail, instance, code, errors: [{field, message}]}.
Response Problem(int status, std::string_view detail, const std::vector<FieldError>& errors = {},
                 std::string_view code = "");

// The problem response for `error`. Internal details go to the log (with the request id), never
// to the client.
Response ErrorResponse(const Error& error, const Request& request);

}  // namespace tertulia::http
