#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// Plain request and response values. Handlers see only these, never Beast types, so that they
// compile fast and can be called directly in tests.
namespace tertulia::http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

std::string_view MethodName(Method method);
Method ParseMethod(std::string_view name);

struct Header {
  std::string name;
  std::string value;
};

// Case-insensitive ASCII comparison, for header names.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

struct Request {
  Method method = Method::kGet;
  std::string target;                                      // as received: path and query
  std::string path;                                        // the path part, still percent-encoded
  std::vector<std::pair<std::string, std::string>> query;  // decoded
  std::vector<std::pair<std::string, std::string>> path_params;  // decoded, set by the router
  std::vector<Header> headers;
  std::string body;
  std::string remote_address;
  std::string request_id;  // X-Request-Id, received or made
  std::string route;       // the matched route pattern ("/api/v1/contacts/{id}")

  // First header with this name (case-insensitive).
  std::optional<std::string_view> HeaderValue(std::string_view name) const;
  // First query parameter with this name.
  std::optional<std::string_view> QueryValue(std::string_view name) const;
  // REQUIRES: `name` is a parameter of the matched route.
  std::string_view PathParam(std::string_view name) const;
};

// A file sent as the response body, streamed from disk.
struct FileBody {
  std::string path;
  uint64_t size = 0;
};

struct Response {
  int status = 200;
  std::vector<Header> headers;
  std::string body;
  std::optional<FileBody> file;  // when set, sent instead of `body`

  // Replaces any header of that name.
  Response& SetHeader(std::string_view name, std::string_view value);
  std::optional<std::string_view> HeaderValue(std::string_view name) const;

  static Response Text(int status, std::string body, std::string_view content_type);
};

}  // namespace tertulia::http
