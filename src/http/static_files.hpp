#pragma once

#include <filesystem>

#include "http/message.hpp"

namespace tertulia::http {

// Serves the browser application from a directory (web/dist):
// - content types by extension;
// - Vite's fingerprinted files under /assets/ are cached for a year (immutable), everything else
//   is revalidated (ETag + Last-Modified, 304 on a match);
// - a path without a file extension that matches no file gets index.html (SPA routing);
// - nothing outside the root is reachable (no "..", no symlinks out).
// Thread-safe.
class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root);

  // REQUIRES: GET or HEAD. 404 problem when there is nothing to serve.
  Response Serve(const Request& request) const;

  // Content-Type for a file name ("app.js" -> "text/javascript; charset=utf-8").
  static std::string_view ContentType(std::string_view file_name);

 private:
  Response ServeFile(const Request& request, const std::filesystem::path& file) const;

  std::filesystem::path root_;
};

}  // namespace tertulia::http
