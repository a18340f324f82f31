#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "core/result.hpp"
#include "store/db.hpp"

namespace tertulia::store::sqlite {

struct Options {
  std::string path;                               // the database file; created if missing
  int readers = 4;                                // connections in the read pool
  std::chrono::milliseconds busy_timeout{5'000};  // wait this long on a locked database
  std::string synchronous = "full";               // PRAGMA synchronous: off|normal|full|extra
  size_t cache_bytes = 64 * 1024 * 1024;          // page cache per connection
  size_t mmap_bytes = 256 * 1024 * 1024;          // memory-mapped reads per connection
};

// Opens (creating if needed) an SQLite database in WAL mode with one writer connection and a pool
// of `readers` read connections, each with its own prepared-statement cache. kUnavailable when
// the file cannot be opened.
Result<std::unique_ptr<Db>> Open(const Options& options);

}  // namespace tertulia::store::sqlite
