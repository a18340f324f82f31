#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace tertulia::http {

// One part of a multipart/form-data body (RFC 7578). `body` points into the request body.
struct FormPart {
  std::string name;
  std::optional<std::string> file_name;  // as sent (filename*= decoded); not yet sanitised
  std::string content_type;
  std::string_view body;
};

// kInvalidArgument naming `field` ("body") when the content type is not multipart/form-data with
// a boundary, or the body is not made of well-formed parts.
Result<std::vector<FormPart>> ParseMultipart(std::string_view content_type, std::string_view body);

}  // namespace tertulia::http
