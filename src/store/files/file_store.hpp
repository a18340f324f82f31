#pragma once

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace tertulia::store::files {

struct StoredFile {
  std::string sha256;        // hex
  std::string content_type;  // sniffed (libmagic), e.g. "application/pdf"
  int64_t size = 0;
};

// Files kept by content: root/ab/cd/abcd…(sha256). The same bytes are stored once; a write goes
// to a temporary file first and is renamed into place, so a file is never seen half written.
// Thread-safe.
class FileStore {
 public:
  explicit FileStore(std::filesystem::path root) : root_(std::move(root)) {}
  Result<StoredFile> Put(std::string_view bytes);
  // Where the file of `sha256` lives (which may not exist).
  std::filesystem::path PathOf(std::string_view sha256) const;
  // Removes the file of `sha256` (GDPR erasure); no error when it is gone already.
  Status Remove(std::string_view sha256);

 private:
  std::filesystem::path root_;
};

// The MIME type of `bytes` from their content (libmagic), "application/octet-stream" when unknown.
std::string SniffContentType(std::string_view bytes);

}  // namespace tertulia::store::files
