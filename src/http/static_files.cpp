#include "http/static_files.hpp"

#include <fmt/format.h>

#include <array>
#include <utility>

#include "core/time.hpp"
#include "http/problem.hpp"
#include "http/router.hpp"

namespace tertulia::http {
namespace {

namespace fs = std::filesystem;

constexpr auto kContentTypes = std::to_array<std::pair<std::string_view, std::string_view>>({
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".map", "application/json"},
    {".webmanifest", "application/manifest+json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".jpeg", "image/jpeg"},
    {".gif", "image/gif"},
    {".webp", "image/webp"},
    {".avif", "image/avif"},
    {".ico", "image/x-icon"},
    {".woff", "font/woff"},
    {".woff2", "font/woff2"},
    {".ttf", "font/ttf"},
    {".otf", "font/otf"},
    {".txt", "text/plain; charset=utf-8"},
    {".xml", "application/xml"},
    {".pdf", "application/pdf"},
    {".wasm", "application/wasm"},
    {".csv", "text/csv; charset=utf-8"},
});

std::string HttpDate(fs::file_time_type time) {
  auto system = std::chrono::file_clock::to_sys(time);
  return FormatHttpDate(std::chrono::time_point_cast<std::chrono::milliseconds>(system));
}

// Resolves the decoded request path under root; empty when it escapes the root.
fs::path Resolve(const fs::path& root, std::string_view decoded_path) {
  fs::path relative = fs::path(decoded_path).relative_path().lexically_normal();
  if (relative.empty() || *relative.begin() == "..") return {};
  std::error_code ec;
  fs::path full = fs::weakly_canonical(root / relative, ec);
  fs::path canonical_root = fs::weakly_canonical(root, ec);
  auto [root_end, full_it] =
      std::mismatch(canonical_root.begin(), canonical_root.end(), full.begin(), full.end());
  if (ec || root_end != canonical_root.end()) return {};
  return full;
}

bool IsRegularFile(const fs::path& path) {
  std::error_code ec;
  return !path.empty() && fs::is_regular_file(path, ec);
}

}  // namespace

StaticFiles::StaticFiles(fs::path root) : root_(std::move(root)) {}

std::string_view StaticFiles::ContentType(std::string_view file_name) {
  auto dot = file_name.rfind('.');
  if (dot != std::string_view::npos) {
    std::string_view extension = file_name.substr(dot);
    for (const auto& [ext, type] : kContentTypes) {
      if (EqualsIgnoreCase(ext, extension)) return type;
    }
  }
  return "application/octet-stream";
}

Response StaticFiles::Serve(const Request& request) const {
  std::string decoded;
  if (!PercentDecode(request.path, decoded, false) || decoded.find('\0') != std::string::npos) {
    return Problem(400, "malformed path");
  }
  if (decoded.ends_with('/')) decoded += "index.html";
  fs::path file = Resolve(root_, decoded);
  if (IsRegularFile(file)) return ServeFile(request, file);
  // Client-side routes (/contacts/01H...) have no extension: they get the application shell.
  bool has_extension = fs::path(decoded).has_extension();
  fs::path index = root_ / "index.html";
  if (!has_extension && IsRegularFile(index)) return ServeFile(request, index);
  if (!fs::is_directory(root_)) {
    return Problem(404, fmt::format("no web application is installed: {} does not exist "
                                    "(the web application has not been built)",
                                    root_.string()));
  }
  return Problem(404, fmt::format("no file at {}", request.path));
}

Response StaticFiles::ServeFile(const Request& request, const fs::path& file) const {
  std::error_code ec;
  uint64_t size = fs::file_size(file, ec);
  auto modified = fs::last_write_time(file, ec);
  if (ec) return Problem(404, fmt::format("no file at {}", request.path));
  auto stamp = std::chrono::duration_cast<std::chrono::seconds>(modified.time_since_epoch());
  std::string etag = fmt::format("\"{:x}-{:x}\"", size, stamp.count());

  Response response;
  response.SetHeader("Content-Type", ContentType(file.filename().string()));
  response.SetHeader("ETag", etag);
  response.SetHeader("Last-Modified", HttpDate(modified));
  bool fingerprinted = request.path.starts_with("/assets/") && file.filename() != "index.html";
  response.SetHeader("Cache-Control",
                     fingerprinted ? "public, max-age=31536000, immutable" : "no-cache");
  auto if_none_match = request.HeaderValue("If-None-Match");
  if (if_none_match && (*if_none_match == etag || *if_none_match == "*")) {
    response.status = 304;
    return response;
  }
  response.file = FileBody{file.string(), size};
  return response;
}

}  // namespace tertulia::http
