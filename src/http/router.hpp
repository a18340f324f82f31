#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.hpp"

namespace tertulia::http {

using Handler = std::function<Response(Request&)>;

struct RouteOptions {
  size_t max_body_bytes = 0;  // 0: the server's http.max_body_bytes
  // The handler waits for something slow (a durable commit): it runs on the server's waiting
  // threads instead of an I/O thread (http.waiting_threads).
  bool waits = false;
};

struct Route {
  Method method;
  std::string pattern;                // "/api/v1/contacts/{id}"
  std::vector<std::string> segments;  // "api", "v1", "contacts", "{id}"
  Handler handler;
  RouteOptions options;
};

// Maps (method, path) to a handler. Patterns are OpenAPI-style paths whose segments are literals
// or {name} parameters; a literal beats a parameter at the same position
// (/contacts/batch before /contacts/{id}). Add all routes before serving; Find is then
// thread-safe.
class Router {
 public:
  // REQUIRES: a pattern starting with '/', not yet registered for `method`.
  void Add(Method method, std::string pattern, Handler handler, RouteOptions options = {});

  struct Match {
    const Route* route = nullptr;                             // null: no route for this method
    std::vector<std::pair<std::string, std::string>> params;  // decoded
    std::vector<Method> allowed;  // when the path exists under other methods (405)
  };
  // HEAD requests match GET routes. `path` is percent-encoded, as received.
  Match Find(Method method, std::string_view path) const;

  const std::vector<Route>& routes() const { return routes_; }

  // Keeps `object` alive as long as the router, for state that handlers share.
  template <typename T>
  T& Own(std::shared_ptr<T> object) {
    owned_.push_back(object);
    return *object;
  }

 private:
  std::vector<Route> routes_;
  std::vector<std::shared_ptr<void>> owned_;
};

// Percent-decodes one path segment or query component ('+' is a space only when `plus_is_space`).
// Returns false on malformed escapes.
bool PercentDecode(std::string_view in, std::string& out, bool plus_is_space);

}  // namespace tertulia::http
