#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string_view>

#include "core/result.hpp"
#include "http/message.hpp"

namespace tertulia::http {

// Parses a JSON document of at most 64 levels of nesting. A syntax error is kInvalidArgument
// saying where: "malformed JSON at line 3, column 7: ...".
Result<boost::json::value> ParseJson(std::string_view text);

// The request body as a JSON object. kInvalidArgument when the Content-Type is not JSON, the body
// is malformed, or it is not an object.
Result<boost::json::object> ParseJsonObject(const Request& request);

// A response with `value` serialised and Content-Type application/json.
Response JsonResponse(int status, const boost::json::value& value);

}  // namespace tertulia::http
