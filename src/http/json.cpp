#include "http/json.hpp"

#include <fmt/format.h>

#include <boost/json/parser.hpp>
#include <boost/json/serialize.hpp>

namespace tertulia::http {
namespace {

std::pair<size_t, size_t> LineAndColumn(std::string_view text, size_t offset) {
  size_t line = 1;
  size_t column = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

bool IsJsonContentType(std::string_view type) {
  auto semicolon = type.find(';');
  std::string_view media = type.substr(0, semicolon);
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  return EqualsIgnoreCase(media, "application/json") ||
         (media.size() > 5 && EqualsIgnoreCase(media.substr(media.size() - 5), "+json"));
}

}  // namespace

Result<boost::json::value> ParseJson(std::string_view text) {
  boost::json::parse_options options;
  options.max_depth = 64;
  boost::json::parser parser({}, options);
  boost::system::error_code ec;
  size_t consumed = parser.write(text.data(), text.size(), ec);
  if (!ec && consumed != text.size()) ec = boost::json::error::extra_data;
  if (ec) {
    auto [line, column] = LineAndColumn(text, consumed);
    return Error::InvalidField("body", fmt::format("malformed JSON at line {}, column {}: {}", line,
                                                   column, ec.message()));
  }
  return parser.release();
}

Result<boost::json::object> ParseJsonObject(const Request& request) {
  auto type = request.HeaderValue("Content-Type");
  if (type && !IsJsonContentType(*type)) {
    return Error::InvalidField("Content-Type",
                               fmt::format("expected application/json, got '{}'", *type));
  }
  if (request.body.empty()) return Error::InvalidField("body", "expected a JSON object");
  TT_ASSIGN_OR_RETURN(auto value, ParseJson(request.body));
  if (!value.is_object()) return Error::InvalidField("body", "expected a JSON object");
  return std::move(value.get_object());
}

Response JsonResponse(int status, const boost::json::value& value) {
  return Response::Text(status, boost::json::serialize(value), "application/json");
}

}  // namespace tertulia::http
