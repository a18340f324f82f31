#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"
#include "store/db.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace tertulia::store::sqlite {

// A prepared statement and how its SQLite parameter slots map to our $1, $2 ... numbers.
struct Prepared {
  sqlite3_stmt* stmt = nullptr;
  std::vector<int> param_of_slot;  // slot i+1 binds params[param_of_slot[i]]
};

// One owned sqlite3 handle with a cache of prepared statements keyed by SQL text. Not
// thread-safe: the Db hands a connection to one transaction at a time.
class Connection {
 public:
  // Through the VFS of wal_write_buffer.hpp: the write-ahead log is written in large writes.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path, bool writer,
                                                  int busy_timeout_ms);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs SQL without parameters or results (BEGIN, PRAGMA, migration scripts).
  Status ExecScript(std::string_view sql);
  Result<int64_t> Exec(std::string_view sql, std::span<const Param> params);
  // Exec, then the rowid of the inserted row.
  Result<int64_t> Insert(std::string_view sql, std::span<const Param> params);
  Status Query(std::string_view sql, std::span<const Param> params, const RowCallback& on_row);

  sqlite3* handle() { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  Result<Prepared*> Prepare(std::string_view sql);
  Status Bind(const Prepared& prepared, std::span<const Param> params);
  Error LastError(int rc, std::string_view sql) const;

  // Lets the cache be searched with a string_view, without allocating.
  struct TextHash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };

  sqlite3* db_;
  std::unordered_map<std::string, Prepared, TextHash, std::equal_to<>> cache_;
  // The last statement prepared, and its text (the cache's key): the writer's appends ask for
  // the same statement many times in a row, and comparing beats hashing.
  Prepared* last_ = nullptr;
  std::string_view last_text_;
  int running_ = 0;  // statements being stepped (a query inside a row callback nests)
};

}  // namespace tertulia::store::sqlite
