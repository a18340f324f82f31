#pragma once

#include <concepts>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <typeindex>
#include <unordered_map>
#include <variant>
#include <vector>

#include "core/result.hpp"

namespace tertulia::store {

// Which SQL dialect a backend speaks. Queries are written once with $1, $2 placeholders; where
// the dialects differ, a repository picks the text by dialect().
enum class Dialect { kSqlite, kPostgres };

// One bound query parameter. Strings are borrowed: they must outlive the Exec/Query call, which
// they do when passed as temporaries in the call expression.
class Param {
 public:
  Param(std::nullptr_t) : value_(std::monostate{}) {}  // NOLINT
  template <std::integral T>
  Param(T v) : value_(static_cast<int64_t>(v)) {}               // NOLINT: bool binds as 0 or 1
  Param(double v) : value_(v) {}                                // NOLINT
  Param(std::string_view v) : value_(v) {}                      // NOLINT
  Param(const std::string& v) : value_(std::string_view(v)) {}  // NOLINT
  Param(const char* v) : value_(std::string_view(v)) {}         // NOLINT
  template <typename T>
  Param(const std::optional<T>& v)  // NOLINT: absent is NULL
      : Param(v ? Param(*v) : Param(nullptr)) {}

  using Value = std::variant<std::monostate, int64_t, double, std::string_view>;
  const Value& value() const { return value_; }

 private:
  Value value_;
};

// The current row of a query. Valid only inside the row callback. Columns count from 0.
class Row {
 public:
  virtual ~Row() = default;
  virtual int columns() const = 0;
  virtual bool IsNull(int column) const = 0;
  virtual int64_t Int(int column) const = 0;
  virtual double Real(int column) const = 0;
  // Borrowed until the callback returns.
  virtual std::string_view Text(int column) const = 0;

  std::string String(int column) const { return std::string(Text(column)); }
  std::optional<std::string> OptionalString(int column) const {
    return IsNull(column) ? std::nullopt : std::optional<std::string>(Text(column));
  }
  std::optional<int64_t> OptionalInt(int column) const {
    return IsNull(column) ? std::nullopt : std::optional<int64_t>(Int(column));
  }
};

using RowCallback = std::function<void(const Row&)>;

// A full-text index built away from the writer during a bulk load (see Db::BeginBulkLoad): the
// full-text statements of a write transaction run there instead, on their own thread, and at
// commit the transaction waits until they are durable there.
class SearchAside {
 public:
  virtual ~SearchAside() = default;
  // Queues one statement of the transaction with its single parameter ($1). Errors come back
  // from the transaction's Commit().
  virtual void Exec(std::string_view sql, std::string param) = 0;
};

// A transaction. It rolls back in its destructor unless Commit() succeeded. Not thread-safe: one
// thread uses a Tx at a time. Errors: kUnavailable when the database is busy or gone,
// kAlreadyExists on a unique-key violation, kFailedPrecondition on another constraint violation,
// kInternal on bad SQL.
class Tx {
 public:
  virtual ~Tx() = default;

  // Runs one statement; returns the number of rows it changed.
  virtual Result<int64_t> Exec(std::string_view sql, std::span<const Param> params) = 0;
  // Runs one INSERT into a table whose INTEGER PRIMARY KEY is `seq`; returns the new seq.
  virtual Result<int64_t> Insert(std::string_view sql, std::span<const Param> params) = 0;
  // Runs one statement and calls `on_row` for each result row.
  virtual Status Query(std::string_view sql, std::span<const Param> params,
                       const RowCallback& on_row) = 0;
  // Runs several statements separated by semicolons, without parameters (migrations).
  virtual Status ExecScript(std::string_view sql) = 0;
  // REQUIRES: not committed yet. After a failed commit the transaction is rolled back.
  virtual Status Commit() = 0;
  virtual Dialect dialect() const = 0;

  // Write transactions of a database that numbers them: this one's number (from 1, as they
  // begin); 0 for read transactions and databases that do not.
  virtual uint64_t number() const { return 0; }
  // The number of the write transaction whose commit this one follows directly: nothing else,
  // in this process or another, has committed since. 0 when unknown. What a thread learnt in
  // transaction n (and wrote itself) is still current in a transaction that follows n.
  virtual uint64_t follows() const { return 0; }

  // Where this transaction's full-text statements run when not on its own connection: during
  // a bulk load into an empty SQLite full-text index. nullptr otherwise.
  virtual SearchAside* search_aside() { return nullptr; }

  Result<int64_t> Exec(std::string_view sql, std::initializer_list<Param> params = {}) {
    return Exec(sql, std::span<const Param>(params.begin(), params.size()));
  }
  Result<int64_t> Insert(std::string_view sql, std::initializer_list<Param> params) {
    return Insert(sql, std::span<const Param>(params.begin(), params.size()));
  }
  Status Query(std::string_view sql, std::initializer_list<Param> params,
               const RowCallback& on_row) {
    return Query(sql, std::span<const Param>(params.begin(), params.size()), on_row);
  }
  // The first column of the first row as an integer, or kNotFound when there is no row.
  Result<int64_t> QueryInt(std::string_view sql, std::initializer_list<Param> params = {});

  // Runs `work` in this transaction just before it commits, in the order deferred; a failure
  // fails the commit.
  void Defer(std::function<Status()> work) { deferred_.push_back(std::move(work)); }

  // State a repository keeps for the rest of this transaction (writes to batch at commit), made
  // on first use. T must be default-constructible.
  template <typename T>
  T& State() {
    auto& slot = state_[std::type_index(typeid(T))];
    if (!slot) slot = std::make_shared<T>();
    return *std::static_pointer_cast<T>(slot);
  }

 protected:
  // For Commit(): runs the deferred work.
  Status RunDeferred();

 private:
  std::vector<std::function<Status()>> deferred_;
  std::unordered_map<std::type_index, std::shared_ptr<void>> state_;
};

struct Migration;  // store/migrate.hpp

// A database: hands out transactions. Thread-safe. Write transactions are serialised (one at a
// time); read transactions run concurrently and see a consistent snapshot.
class Db {
 public:
  virtual ~Db() = default;
  virtual Result<std::unique_ptr<Tx>> BeginRead() = 0;
  // Blocks while another write transaction is open.
  virtual Result<std::unique_ptr<Tx>> BeginWrite() = 0;
  // A write transaction whose commit does not wait for the disk: it is durable once a
  // SyncCommitted() begun after the commit has returned OK, or after the next BeginWrite commit.
  // Until then a crash may lose it whole, never part of it. For group commit (the next
  // transaction is written while the disk syncs the last ones) and for derived data (an index
  // that can be rebuilt from the rows need not be durable by itself).
  virtual Result<std::unique_ptr<Tx>> BeginUnsyncedWrite() { return BeginWrite(); }
  // Makes every transaction committed so far durable. Thread-safe: it may run while a write
  // transaction is open on another thread.
  virtual Status SyncCommitted() { return OkStatus(); }
  virtual Dialect dialect() const = 0;

  // Bulk loading into `tables`: their secondary (non-unique) indexes are dropped until
  // FinishBulkLoad() rebuilds them, which is much faster than updating them row by row. The
  // dropped indexes are recorded in the database, so a load cut short has them rebuilt by the
  // next FinishBulkLoad(), which Migrate() also calls. Unique indexes stay, and so do all
  // constraints. Only for loads into empty or nearly empty tables. Into an empty full-text index
  // (SQLite), the index is built aside, on another thread and in another file, and copied in by
  // FinishBulkLoad(): until then, search does not find what the load wrote. After a crash, the
  // next FinishBulkLoad() indexes what that file holds of the records that were committed.
  virtual Status BeginBulkLoad(std::span<const std::string_view> tables) = 0;
  // `progress`, when set, hears of each step: ("indexes", built, to build), then ("search index",
  // 0..2, 2) while the index built aside is merged and copied in.
  using BulkLoadProgress = std::function<void(std::string_view step, size_t done, size_t total)>;
  virtual Status FinishBulkLoad(const BulkLoadProgress& progress) = 0;

  // Removes what deleted rows leave behind in the files: merges the full-text index (whose old
  // segments still hold deleted documents' words) and empties the write-ahead log (which holds
  // old page images). After a GDPR erasure, nothing of the person remains on disk. Freed pages
  // are zeroed as they are freed (secure_delete), so no VACUUM is needed.
  virtual Status Scrub() = 0;

  // The numbered schema migrations of this backend, in order.
  virtual std::span<const Migration> migrations() const = 0;
  // For logs: the file or host, never a password.
  virtual std::string Describe() const = 0;
};

}  // namespace tertulia::store
