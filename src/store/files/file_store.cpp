#include "store/files/file_store.hpp"

#include <fmt/format.h>
#include <magic.h>
#include <sodium.h>

#include <fstream>
#include <mutex>

namespace tertulia::store::files {
namespace {

std::string Sha256Hex(std::string_view bytes) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  std::string hex;
  for (unsigned char b : digest) hex += fmt::format("{:02x}", b);
  return hex;
}

}  // namespace

std::string SniffContentType(std::string_view bytes) {
  // One libmagic cookie, loaded once; libmagic is not thread-safe, hence the lock.
  static std::mutex mu;
  static magic_t cookie = [] {
    magic_t m = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS);
    if (m != nullptr && magic_load(m, nullptr) != 0) {
      magic_close(m);
      return static_cast<magic_t>(nullptr);
    }
    return m;
  }();
  std::lock_guard lock(mu);
  if (cookie == nullptr) return "application/octet-stream";
  const char* type = magic_buffer(cookie, bytes.data(), bytes.size());
  return type != nullptr ? std::string(type) : "application/octet-stream";
}

std::filesystem::path FileStore::PathOf(std::string_view sha256) const {
  std::string hash(sha256);
  if (hash.size() < 4) return root_ / hash;
  return root_ / hash.substr(0, 2) / hash.substr(2, 2) / hash;
}

Result<StoredFile> FileStore::Put(std::string_view bytes) {
  StoredFile stored{Sha256Hex(bytes), SniffContentType(bytes), static_cast<int64_t>(bytes.size())};
  auto path = PathOf(stored.sha256);
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) return stored;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) {
    return Error::Unavailable(
        "cannot store the file",
        fmt::format("mkdir {}: {}", path.parent_path().string(), ec.message()));
  }
  auto temporary = path;
  temporary += fmt::format(".{}.tmp", static_cast<const void*>(&stored));
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) {
      std::filesystem::remove(temporary, ec);
      return Error::Unavailable("cannot store the file", "write " + temporary.string());
    }
  }
  std::filesystem::rename(temporary, path, ec);
  if (ec) {
    std::filesystem::remove(temporary, ec);
    return Error::Unavailable("cannot store the file", "rename into " + path.string());
  }
  return stored;
}

Status FileStore::Remove(std::string_view sha256) {
  std::error_code ec;
  std::filesystem::remove(PathOf(sha256), ec);
  return OkStatus();
}

}  // namespace tertulia::store::files
